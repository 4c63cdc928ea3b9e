#!/usr/bin/env bash
# Runs the whole test suite (installing the build dependencies first when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build --build-tests
# Serial: several suites assert that timeouts fire on time, and CI has two cores.
swift test --skip-build --no-parallel "$@"
