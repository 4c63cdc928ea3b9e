#!/usr/bin/env bash
# Quick start: install what is missing, build, and run one cycle of the daemon on the embedded
# default (the sample feeds in feeds/samples, state in ./var). Extra arguments go to `run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release --product parolewatch
exec .build/release/parolewatch run --config config/parolewatch.yaml --once "$@"
