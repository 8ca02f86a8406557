#!/usr/bin/env bash
# Runs the CLI on every hostile input of the "bad input" security review and prints, per input, the wall time,
# the peak memory (max RSS), the exit code and the first line of the message. Figures: docs/reliability.md, "Bad input".
#
#   bash scripts/bad-input.sh                    # builds src/Parley.Cli (Release) and uses it
#   PARLEY=path/to/parley bash scripts/bad-input.sh   # another build, e.g. an older commit's, for a before/after
#
# Needs GNU time (/usr/bin/time) and truncate. Each run is limited to TIMEOUT seconds (default 60) and a 1 GB
# managed heap (DOTNET_GCHeapHardLimit), so that an input that would exhaust memory ends in an OutOfMemoryException
# instead of taking the machine down.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
if [[ -z "${PARLEY:-}" ]]; then
  dotnet build src/Parley.Cli -c Release -v quiet -nologo >/dev/null
  PARLEY=$ROOT/src/Parley.Cli/bin/Release/net10.0/parley
fi
TIMEOUT=${TIMEOUT:-60}
DIR=$(mktemp -d /tmp/parley-bad-input.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
cd "$DIR"

header='id: x
title: t
sources: [{id: s, title: s}]
parties: [{id: A, name: A, role: belligerent}]
issues: [{id: i, name: i, options: [{id: a}, {id: b}]}]
extra:'

# A "billion laughs": anchors l0..lLEVELS, each a list of WIDTH aliases of the one before, then LAST.
laughs() { # levels width last
  local levels=$1 width=$2 last=$3 k i line
  echo "$header"
  line="  l0: &l0 [lol"; for ((i = 1; i < width; i++)); do line+=", lol"; done; echo "$line]"
  for ((k = 1; k <= levels; k++)); do
    line="  l$k: &l$k [*l$((k - 1))"; for ((i = 1; i < width; i++)); do line+=", *l$((k - 1))"; done; echo "$line]"
  done
  echo "$last"
}
laughs 8 9 '  *l8 : boom' > alias-key.yaml               # 671 bytes, 9^8 nodes behind the key
laughs 8 9 '  *l8: boom' > alias-key-colon.yaml          # the same written without a space, as the review did
laughs 9 60 '  *l9 : boom' > alias-key-60.yaml           # 3.3 KB, 60^9 nodes
laughs 9 10 '  boom: *l9' > alias-value.yaml             # 10^9 nodes as a value, not a key
laughs 1 2 '  *l1 : boom' > alias-key-small.yaml         # a harmless alias key: refused all the same

cp "$ROOT/docs/examples/river-valley.yaml" "$ROOT/docs/examples/river-valley-briefing.txt" .
sed 's#file: river-valley-briefing.txt#file: /dev/zero#' river-valley.yaml > source-dev-zero.yaml
sed 's#file: river-valley-briefing.txt#file: ../../../../../../../etc/passwd#' river-valley.yaml > source-dotdot.yaml
ln -s /dev/zero zero.txt
sed 's#file: river-valley-briefing.txt#file: zero.txt#' river-valley.yaml > source-link.yaml
sed 's#troops: 0.2}#troops: .nan}#' river-valley.yaml > weight-nan.yaml
sed 's#troops: 0.2}#troops: 1e308}#' river-valley.yaml > weight-1e308.yaml
sed "s/title: River valley dispute/title: River valley disput$(printf '\xe9')/" river-valley.yaml > latin1.yaml  # Latin-1 é

# 200 belligerents over three issues of three options.
{
  printf 'id: many\ntitle: Many parties\nsources: [{id: s, title: s}]\nparties:\n'
  for ((p = 0; p < 200; p++)); do echo "  - {id: P$p, name: Party $p, role: belligerent}"; done
  echo 'issues:'
  for j in 0 1 2; do echo "  - {id: i$j, name: Issue $j, options: [{id: a}, {id: b}, {id: c}]}"; done
  echo 'preferences:'
  for ((p = 0; p < 200; p++)); do
    printf '  P%d:\n    reservation: 0.2\n    weights: {i0: 0.4, i1: 0.3, i2: 0.3}\n    values:\n' "$p"
    for j in 0 1 2; do
      case $(((p + j) % 3)) in 0) a=0 c=1 ;; 1) a=0.5 c=0.5 ;; 2) a=1 c=0 ;; esac
      echo "      i$j: {a: $a, b: 0.5, c: $c}"
    done
  done
  printf 'proposals:\n  - {id: middle, name: Middle, author: x, terms: {i0: b, i1: b, i2: b}}\n'
} > parties-200.yaml

H=$ROOT/tests/Parley.Forecast.Tests/TestData/scenarios
cp "$H/harbour-briefing.txt" .
sed 's/capability: 30/capability: 1e308/' "$H/harbour.yaml" > capability-1e308.yaml
sed -e 's/^      min: 0$/      min: -1e308/' -e 's/^      max: 100$/      max: 1e308/' "$H/harbour.yaml" > scale-1e308.yaml

for ext in yaml gmcr csv xml json; do truncate -s 100M "big.$ext"; done

run() { # label, then the CLI arguments
  local label=$1; shift
  local out=$DIR/out.txt err=$DIR/err.txt stats=$DIR/stats.txt rc=0
  DOTNET_GCHeapHardLimit=0x40000000 /usr/bin/time -o "$stats" -f '%e %M' timeout "$TIMEOUT" "$PARLEY" "$@" >"$out" 2>"$err" || rc=$?
  read -r seconds kb < <(tail -n 1 "$stats") || true
  local message
  message=$(grep -m1 -E 'error|parley:|Unhandled|invalid|valid:' "$err" "$out" -h 2>/dev/null | cut -c1-150 || true)
  [[ $rc == 124 ]] && message="(killed after ${TIMEOUT} s)"
  printf '| %s | `parley %s` | %s s | %s MB | %s | %s |\n' "$label" "$*" "$seconds" "$((kb / 1024))" "$rc" "${message//|/\\|}"
}

echo '| input | command | time | max RSS | exit | first line of the message |'
echo '|---|---|---|---|---|---|'
run 'alias key, 671 B, 9^8 nodes' validate alias-key.yaml
run 'alias key written `*l8:`' validate alias-key-colon.yaml
run 'alias key, 3.3 KB, 60^9 nodes' validate alias-key-60.yaml
run 'alias value, 10^9 nodes' validate alias-value.yaml
run 'small alias key' validate alias-key-small.yaml
run 'sources[].file: /dev/zero' validate source-dev-zero.yaml
run 'sources[].file: ../…/etc/passwd' validate source-dotdot.yaml
run 'sources[].file: link to /dev/zero' validate source-link.yaml
run 'scenario /dev/zero' validate /dev/zero
run 'weight .nan' validate weight-nan.yaml
run 'weight 1e308' validate weight-1e308.yaml
run 'Latin-1 byte in a scenario' validate latin1.yaml
run '200 parties' analyze parties-200.yaml --format json
run 'capability 1e308' forecast capability-1e308.yaml --format json
run 'scale ±1e308' forecast scale-1e308.yaml --format json
run '100 MB scenario' validate big.yaml
run '100 MB gmcr' stability big.gmcr
run '100 MB KTAB CSV' forecast --ktab big.csv
run '100 MB BDM CSV' forecast --bdm big.csv
run '100 MB KTAB XML' forecast --ktab big.xml
run '100 MB Genius XML' analyze --genius big.xml big.xml big.xml
run '100 MB GeniusWeb JSON' analyze --genius big.json big.json big.json
