#!/usr/bin/env bash
# Flake budget: runs the test suite N times in a row while another process keeps one core busy, then summarises the
# runs (passed/failed per run, every failed test with its run) and the slowest tests over all runs, from the TRX files.
#
#   tests/flake-budget.sh [N] [target...]     N defaults to 10; targets default to OrleansAgents.sln
#   e.g. tests/flake-budget.sh 1 tests/OrleansAgents.Chaos.Tests/OrleansAgents.Chaos.Tests.csproj
#
# The suite is built once (Release) before the runs. Results go to ${FLAKE_RESULTS_DIR:-TestResults/flake-budget}.
# The whole solution needs PostgreSQL and Redis binaries (tests/run.sh installs them). Exit code: non-zero when any run
# had a failure. The busy process is `yes > /dev/null`, stopped by its PID when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-10}"
shift || true
targets=("$@")
[ "${#targets[@]}" -eq 0 ] && targets=(OrleansAgents.sln)
case "$runs" in ''|*[!0-9]*) echo "N must be a positive number, got '$runs'" >&2; exit 2;; esac
[ "$runs" -ge 1 ] || { echo "N must be at least 1" >&2; exit 2; }

results="${FLAKE_RESULTS_DIR:-TestResults/flake-budget}"
rm -rf "$results"
mkdir -p "$results"

for target in "${targets[@]}"; do
  dotnet build "$target" -c Release -nologo -v quiet
done

yes > /dev/null &
busy=$!
trap 'kill "$busy" 2>/dev/null || true' EXIT
echo "busy process: pid $busy (yes > /dev/null); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

status=0
for run in $(seq 1 "$runs"); do
  started=$(date +%s)
  for target in "${targets[@]}"; do
    if ! dotnet test "$target" -c Release --no-build --nologo --filter "Suite!=Local" \
        --logger "trx" --logger "console;verbosity=minimal" \
        --results-directory "$results/run-$run" --blame-hang-timeout 5m; then
      status=1
    fi
  done
  echo "run $run of $runs: $(( $(date +%s) - started )) s; load: $(cut -d' ' -f1-3 /proc/loadavg)"
done

python3 - "$results" "$runs" <<'PY'
import glob, os, re, sys, xml.etree.ElementTree as ET
results, runs = sys.argv[1], int(sys.argv[2])
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
def seconds(d):
    h, m, s = d.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
durations, failures = {}, []
print(f"\n== flake budget: {runs} run(s)")
for run in range(1, runs + 1):
    passed = failed = 0
    for trx in sorted(glob.glob(os.path.join(results, f"run-{run}", "*.trx"))):
        for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns):
            name, outcome = r.get("testName"), r.get("outcome")
            if r.get("duration"):
                durations.setdefault(name, []).append(seconds(r.get("duration")))
            if outcome == "Passed":
                passed += 1
            elif outcome in ("Failed", "Error", "Timeout", "Aborted"):
                failed += 1
                failures.append((run, name))
    print(f"run {run}: {passed} passed, {failed} failed")
for run, name in failures:
    print(f"  FAILED in run {run}: {name}")
print("\n== slowest tests (max / mean over the runs, seconds)")
for name, ds in sorted(durations.items(), key=lambda kv: -max(kv[1]))[:15]:
    print(f"{max(ds):8.1f} {sum(ds) / len(ds):8.1f}  {name}")
print(f"\n{sum(1 for _ in failures)} failure(s) over {runs} run(s)")
PY
exit "$status"
