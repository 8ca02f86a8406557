#!/usr/bin/env bash
# Runs every test in the solution and ends with one line "N passed, N failed" counted from the TRX results,
# so a run that executed no test is visible. Exits non-zero when the build or any test fails, or no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."

# The web workbench's browser tests drive Debian's Chromium; install it on a fresh machine.
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "installing chromium for the browser tests" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2 || echo "warning: chromium could not be installed" >&2
  else
    echo "warning: /usr/bin/chromium is missing and cannot be installed here; the browser tests will fail" >&2
  fi
fi

results="TestResults"
rm -rf "$results"
# Build once, then run the test projects one after another: run side by side on two cores, the
# CPU-heavy engine suites starve the browser tests' real server and make them time out.
dotnet build Parley.slnx --configuration Release -nologo -clp:ErrorsOnly
status=$?
if [ "$status" -eq 0 ]; then
  for project in tests/*/*.csproj; do
    name=$(basename "$project" .csproj)
    dotnet test "$project" --configuration Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=1
  done
fi

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test was executed" >&2
  status=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
