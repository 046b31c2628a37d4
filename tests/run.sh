#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need (PostgreSQL and Redis server binaries
# from Debian's packages; the provider tests start their own private servers from them on free loopback ports),
# then runs every test project. Results (TRX) go to ${TEST_RESULTS_DIR:-TestResults}.
# Exit code: non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing PostgreSQL and Redis (Debian packages 'postgresql' and 'redis-server') for the provider tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=120 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=120 install -y -qq postgresql redis-server chromium >/dev/null
fi

results="${TEST_RESULTS_DIR:-TestResults}"
rm -rf "$results"
dotnet build OrleansAgents.sln -c Release -nologo -v quiet
# Tests marked Suite=Local (none at present) run only when asked for.
dotnet test OrleansAgents.sln -c Release --no-build --nologo --filter "Suite!=Local" \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" --blame-hang-timeout 5m
