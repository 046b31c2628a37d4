#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need (PostgreSQL server binaries from
# Debian's packages; the tests start their own private server from them), then runs every test project.
# Results (TRX) go to ${TEST_RESULTS_DIR:-TestResults}. Exit code: non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${ORLEANSAGENTS_TEST_POSTGRES:-}" ]; then
  echo "Installing PostgreSQL (Debian package 'postgresql') for the PostgreSQL provider tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

results="${TEST_RESULTS_DIR:-TestResults}"
rm -rf "$results"
dotnet build OrleansAgents.sln -c Release -nologo -v quiet
dotnet test OrleansAgents.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" --blame-hang-timeout 5m
