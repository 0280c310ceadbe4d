#!/usr/bin/env bash
# Mutation testing of lib/Series and the forecasting metrics, Holt-Winters and backtest with Stryker.NET, over the
# fast unit tests of those folders (no forecaster runs). Not part of the default test run: it takes tens of minutes
# on two cores. Usage: bench/mutation/run.sh [--selection] [extra dotnet-stryker arguments, e.g. --mutate lib/Series/Baselines.cs]
# --selection mutates the forecaster's choosing instead (cross-validation plan and scores, the statistical choice,
# the prediction intervals; stryker-selection.json) over their unit tests.
# The report goes to bench/mutation/StrykerOutput/<date>/reports/ (mutation-report.html and .json).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet tool restore > /dev/null
# Stryker reads the config's paths relative to the folder it runs in, so it runs from the repository root.
config=bench/mutation/stryker-config.json
if [[ "${1:-}" == "--selection" ]]; then config=bench/mutation/stryker-selection.json; shift; fi
exec nice -n 10 dotnet stryker --config-file "$config" --output bench/mutation/StrykerOutput "$@"
