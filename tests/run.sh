#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine (only the .NET SDK needed for now: every test runs Orleans clusters
# in process or as child processes on loopback). Results (TRX) go to ${TEST_RESULTS_DIR:-TestResults}.
# Exit code: non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."

results="${TEST_RESULTS_DIR:-TestResults}"
rm -rf "$results"
dotnet build OrleansAgents.sln -c Release -nologo -v quiet
dotnet test OrleansAgents.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" --blame-hang-timeout 5m
