#!/usr/bin/env bash
# Checks systemd/parolewatch.service: `systemd-analyze verify` must say nothing about it, and
# `systemd-analyze security --offline=yes` must rate its exposure at most THRESHOLD (default 1.5).
# Called by scripts/test.sh (so by CI); skips with a message only when systemd-analyze is absent.
#
# usage: scripts/check-unit.sh [BINARY]   (BINARY: the parolewatch to point ExecStart at for verify;
#                                          default: the debug build, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
unit=systemd/parolewatch.service
threshold=${THRESHOLD:-1.5}

if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "check-unit: SKIPPED: systemd-analyze not found (apt-get install systemd to check $unit)"
    exit 0
fi

binary=${1:-}
if [[ -z "$binary" ]]; then
    binary="$(swift build --show-bin-path)/parolewatch"
    [[ -x "$binary" ]] || swift build --product parolewatch >/dev/null
fi
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")

# verify needs ExecStart= to exist: check a copy whose commands point at the built binary. It may also
# talk about units of this machine (the container has no booted systemd); only lines about our unit count.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
sed "s|/usr/local/bin/parolewatch|$binary|g" "$unit" >"$scratch/parolewatch.service"
status=0
output=$(systemd-analyze verify "$scratch/parolewatch.service" 2>&1) || status=$?
ours=$(grep -E "parolewatch\.service|$scratch" <<<"$output" || true)
if [[ $status -ne 0 || -n "$ours" ]]; then
    echo "check-unit: FAILED: systemd-analyze verify $unit (exit $status):"
    echo "${ours:-$output}" | sed "s|$scratch/|systemd/|g"
    exit 1
fi
echo "check-unit: systemd-analyze verify: ok"

report=$(systemd-analyze security --offline=yes "$unit" 2>&1) || true
exposure=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$report")
if [[ -z "$exposure" ]]; then
    echo "check-unit: FAILED: no exposure level in systemd-analyze security output:"
    echo "$report"
    exit 1
fi
if awk -v e="$exposure" -v t="$threshold" 'BEGIN { exit !(e > t) }'; then
    echo "check-unit: FAILED: exposure $exposure is above $threshold; what is not restricted:"
    grep '✗' <<<"$report" || true
    exit 1
fi
echo "check-unit: systemd-analyze security: exposure $exposure (threshold $threshold): ok"
