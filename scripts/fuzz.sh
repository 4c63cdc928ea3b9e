#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/) with -sanitize=fuzzer,address and runs them.
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS]      TARGET: feed-xml feed-json config model score-jsonl
#
# Each target runs for SECONDS (default 600), at most two at a time (JOBS=1 for one). A crash does not end the
# run: the crashing input is saved and libFuzzer restarts for the time left (at most MAX_RESTARTS times).
# Everything goes under .build-fuzz/ (git-ignored):
#   findings/<target>/   crash-*, leak-*, timeout-*, oom-* inputs, emptied at the start of a run
#                        (reproduce: .build-fuzz/debug/parolewatch-fuzz TARGET FILE)
#   corpus/<target>/     the growing corpus; the committed seeds in Fuzz/corpus/<target>/ are only read
#   logs/<target>.log    libFuzzer's output
# Then prints, per target: executions, exec/s, final coverage (cov = edges, ft = features) and findings.
# LEAKS=1 turns on LeakSanitizer. Set FUZZ_CONFIGURATION=release for a faster (but slower to build) binary; FUZZ_ARGS adds libFuzzer options.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(feed-xml feed-json config model score-jsonl)
what="${1:-all}"
seconds="${2:-600}"
jobs="${JOBS:-2}"
configuration="${FUZZ_CONFIGURATION:-debug}"
max_restarts="${MAX_RESTARTS:-20}"
# Leak checking is off unless LEAKS=1: see README, "Fuzzing" (the Swift runtime's caches look like leaks to LSan).
if [[ "${LEAKS:-0}" == 1 ]]; then leak_flag=-detect_leaks=1; else leak_flag=-detect_leaks=0; fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=${LEAKS:-0}}"
# libFuzzer prints the stack of a crash; the Swift runtime's own backtracer trips ASan (in memserver_read) and can hang.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
scratch=.build-fuzz

if [[ "$what" == all ]]; then
    targets=("${all_targets[@]}")
else
    case " ${all_targets[*]} " in
    *" $what "*) targets=("$what") ;;
    *) echo "usage: $0 [all|${all_targets[*]// /|}] [SECONDS]" >&2; exit 2 ;;
    esac
fi

# lld, not the default gold: gold aborts ("internal error in format_file_lineno") on the sanitized objects.
build_flags=(--scratch-path "$scratch" -c "$configuration" -Xswiftc -sanitize=fuzzer,address
    -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld)
[[ "$configuration" == release ]] && build_flags+=(-Xswiftc -g)
echo "== building parolewatch-fuzz ($configuration)"
PAROLEWATCH_FUZZ=1 swift build "${build_flags[@]}" --product parolewatch-fuzz
binary="$(PAROLEWATCH_FUZZ=1 swift build "${build_flags[@]}" --show-bin-path)/parolewatch-fuzz"

dictionary() {
    case "$1" in
    feed-xml) echo Fuzz/dict/xml.dict ;;
    feed-json | score-jsonl) echo Fuzz/dict/json.dict ;;
    config | model) echo Fuzz/dict/yaml.dict ;;
    esac
}

# Runs one target for $seconds, restarting after each finding until the time is used up.
run_target() {
    local target="$1" findings="$scratch/findings/$1" corpus="$scratch/corpus/$1" log="$scratch/logs/$1.log"
    rm -rf "$findings"
    mkdir -p "$findings" "$corpus" "$scratch/logs"
    : >"$log"
    local deadline=$((SECONDS + seconds)) runs=0
    while ((SECONDS < deadline && runs <= max_restarts)); do
        runs=$((runs + 1))
        echo "== run $runs, $((deadline - SECONDS)) s left" >>"$log"
        # shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
        "$binary" "$target" -max_total_time=$((deadline - SECONDS)) -rss_limit_mb=2048 -timeout=10 \
            -print_final_stats=1 "$leak_flag" -artifact_prefix="$findings/" -dict="$(dictionary "$target")" \
            ${FUZZ_ARGS:-} "$corpus" "Fuzz/corpus/$target" >>"$log" 2>&1 || true
    done
    echo "== elapsed $((SECONDS + seconds - deadline)) s" >>"$log"
}

summary() {
    local target="$1" log="$scratch/logs/$1.log"
    awk -v target="$target" -v findings="$(find "$scratch/findings/$target" -type f | wc -l)" '
        /^stat::number_of_executed_units:/ { execs += $2 }
        /^== run / { runs++ }
        /^== elapsed / { time = $3 }
        / (cov|ft): / { for (i = 1; i <= NF; i++) { if ($i == "cov:") cov = $(i + 1); if ($i == "ft:") ft = $(i + 1) } }
        END {
            printf "%-12s executions %10d  exec/s %6d  cov %6s  ft %7s  time %4d s  libFuzzer runs %2d  findings %d\n",
                target, execs, time ? execs / time : 0, cov, ft, time, runs, findings
        }' "$log"
}

echo "== fuzzing ${targets[*]} for $seconds s each, $jobs at a time"
pids=()
for target in "${targets[@]}"; do
    run_target "$target" &
    pids+=($!)
    while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
done
wait
echo "== results (logs in $scratch/logs, findings in $scratch/findings)"
status=0
for target in "${targets[@]}"; do
    summary "$target"
    if [[ -n "$(find "$scratch/findings/$target" -type f)" ]]; then status=1; fi
done
exit "$status"
