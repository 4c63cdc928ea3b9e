#!/usr/bin/env bash
# Polling benchmark: N feeds (~20 KB, 20 items each) served by a loopback nginx that adds a delay to
# every response (a stand-in for network round trips). Compares `parolewatch run --once` (cold, then
# warm: conditional GET) with `curl --parallel` at the same concurrency, and reports peak RSS.
#
#   Benchmarks/poll-benchmark.sh [FEEDS=1000] [CONCURRENCY=16] [DELAY_SECONDS=0.025]
#
# Needs nginx with the echo module (Debian: nginx-light libnginx-mod-http-echo), GNU time, curl;
# installs them when missing. Builds parolewatch in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
feeds=${1:-1000}
concurrency=${2:-16}
delay=${3:-0.025}
port=${BENCH_PORT:-18089}

need=()
command -v nginx >/dev/null || need+=(nginx-light)
[ -e /usr/lib/nginx/modules/ngx_http_echo_module.so ] || need+=(libnginx-mod-http-echo)
[ -x /usr/bin/time ] || need+=(time)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi
scripts/bootstrap.sh
swift build -c release --product parolewatch >/dev/null
binary=.build/release/parolewatch

work=$(mktemp -d /tmp/parolewatch-bench.XXXXXX)
chmod 755 "$work"  # nginx workers run as another user
trap 'nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true; rm -rf "$work"' EXIT
python3 Benchmarks/make_feeds.py "$work/www" "$feeds"
mkdir -p "$work/logs"
cat >"$work/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$port;
        location /feeds/ { echo_sleep $delay; echo_exec /static\$uri; }
        location /static/feeds/ { internal; alias $work/www/; }
    }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"

urls="$work/urls.txt"
: >"$urls"
{
    echo "state_dir: state"
    echo "model: $PWD/config/model.yaml"
    echo "feeds:"
    for ((i = 0; i < feeds; i++)); do
        echo "http://127.0.0.1:$port/feeds/feed-$i.xml" >>"$urls"
        echo "  - { id: f$i, url: http://127.0.0.1:$port/feeds/feed-$i.xml }"
    done
    echo "poll: { concurrency: $concurrency, timeout: 20s }"
} >"$work/bench.yaml"

curl_args=(--parallel --parallel-max "$concurrency" --no-progress-meter --fail)
while read -r url; do curl_args+=(-o /dev/null "$url"); done <"$urls"
start=$(date +%s.%N)
curl "${curl_args[@]}"
curl_seconds=$(echo "$(date +%s.%N) - $start" | bc)

measure() {  # prints "seconds peak_rss_kb", keeps the table in $work/$1.out
    local label=$1
    /usr/bin/time -f "%e %M" -o "$work/$label.time" "$binary" run --once --config "$work/bench.yaml" \
        --log-level error >"$work/$label.out"
    cat "$work/$label.time"
}
read -r cold_seconds cold_rss <<<"$(measure cold)"
read -r warm_seconds warm_rss <<<"$(measure warm)"
not_modified=$(grep -c ' not_modified ' "$work/warm.out" || true)

echo "machine: $(nproc) cores, $(uname -srm); libcurl $(pkg-config --modversion libcurl)"
echo "feeds: $feeds × ~$(($(stat -c %s "$work/www/feed-0.xml") / 1024)) KiB, concurrency $concurrency, added delay ${delay}s per response"
printf 'curl --parallel:        %6.2f s\n' "$curl_seconds"
printf 'parolewatch cold cycle: %6.2f s  (%.2f× curl)  peak RSS %d MiB\n' "$cold_seconds" \
    "$(echo "$cold_seconds / $curl_seconds" | bc -l)" $((cold_rss / 1024))
printf 'parolewatch warm cycle: %6.2f s  peak RSS %d MiB; 304 for %d of %d feeds\n' "$warm_seconds" \
    $((warm_rss / 1024)) "$not_modified" "$feeds"
tail -1 "$work/cold.out"
