#!/usr/bin/env bash
# Crash soak: the daemon against growing loopback feeds and two loopback webhook receivers, killed with
# SIGKILL at random moments KILLS times (default 50), then left to finish; checks that no alert is lost
# (every post `score --jsonl` alerts on is in exactly one alert file), none is duplicated (one file per
# alert, each alert under exactly one webhook-id per subscriber, every signature valid) and that the
# database passes PRAGMA integrity_check. It is the `randomKills` end-to-end test with more kills.
#
#   scripts/crash-soak.sh [KILLS=50]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build --build-tests
PAROLEWATCH_SOAK_KILLS=${1:-50} swift test --skip-build --no-parallel --filter 'AlertDeliveryTests/randomKills'
