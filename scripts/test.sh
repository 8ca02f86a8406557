#!/usr/bin/env bash
# Runs every test in the solution and ends with one line "N passed, N failed" counted from the TRX results,
# so a run that executed no test is visible. Exit code: dotnet test's.
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
dotnet test Parley.slnx --configuration Release --logger "trx" --results-directory "$results" "$@"
status=$?

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
