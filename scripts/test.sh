#!/usr/bin/env bash
# Runs the whole test suite (installing the build dependencies first when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build --build-tests
# The systemd unit: verify, and sandboxing exposure at most 1.5.
scripts/check-unit.sh "$(swift build --show-bin-path)/parolewatch"
# Serial: several suites assert that timeouts fire on time, and CI has two cores.
swift test --skip-build --no-parallel "$@"
