#!/usr/bin/env bash
# Every benchmark of the README's "Performance" section, one after the other, with the figures it reports:
# a 1,000-feed poll cycle against curl --parallel (and peak RSS), scoring throughput against grep, and the
# alert latency from fetch to file and to webhook. Builds in release mode; installs nginx, its echo module
# and GNU time when missing (poll benchmark). Takes a few minutes.
#
#   Benchmarks/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release --product parolewatch >/dev/null
echo "== machine: $(nproc) cores, $(uname -sm), $(curl --version | head -1 | cut -d' ' -f1-2), $(swift --version 2>&1 | head -1)"
echo "== poll cycle: Benchmarks/poll-benchmark.sh 1000 16 0.025"
Benchmarks/poll-benchmark.sh 1000 16 0.025
echo "== scoring: Benchmarks/score-benchmark.sh 50"
Benchmarks/score-benchmark.sh 50
echo "== alert latency: Benchmarks/delivery_latency.py .build/release/parolewatch 20"
python3 Benchmarks/delivery_latency.py .build/release/parolewatch 20
