#!/usr/bin/env bash
# Measures the workbench's guards against a real server (docs/reliability.md, "Workbench"):
# cross-origin and foreign-Host requests refused, the size limit, the run queue bound, malformed uploads,
# long ids, and how soon the engine is free after a forecast's client leaves or its budget runs out.
# Needs a built workbench: dotnet build src/Parley.Web -c Release
set -uo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-5099}
base="http://127.0.0.1:$port"
work=$(mktemp -d)
dll=src/Parley.Web/bin/Release/net10.0/Parley.Web.dll
[ -f "$dll" ] || { echo "build first: dotnet build src/Parley.Web -c Release" >&2; exit 2; }
Parley__RequestBudgetSeconds=${BUDGET:-1} dotnet "$dll" --port "$port" --db "$work/parley.db" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.3; done

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
X=(-H 'X-Requested-With: reliability')
river=docs/examples/river-valley.yaml

# 1. Cross-origin state-changing requests and foreign Host names.
evil=(-H 'Origin: http://attacker.example' -H 'Sec-Fetch-Site: cross-site')
refused=0; total=0
for i in $(seq 1 20); do
  for c in \
    "$(code "${evil[@]}" -X POST -H 'Content-Type: text/plain' --data-binary @$river "$base/api/scenarios?fileName=r.yaml")" \
    "$(code "${evil[@]}" -X POST -F "file=@$river" "$base/api/scenarios")" \
    "$(code "${evil[@]}" -X POST "$base/api/scenarios/builtin/ukraine-2022")" \
    "$(code "${evil[@]}" -X POST "$base/api/analyses/1/cancel")" \
    "$(code -X POST -H 'Content-Type: text/plain' --data-binary @$river "$base/api/scenarios?fileName=r.yaml")"; do
    total=$((total + 1)); [ "$c" = 403 ] && refused=$((refused + 1))
  done
done
hosts=0
for h in attacker.example 127.0.0.1.nip.io 192.168.1.20 rebind.example:$port; do [ "$(code -H "Host: $h" "$base/api/scenarios")" = 400 ] && hosts=$((hosts + 1)); done
echo "cross-origin/simple state-changing requests refused: $refused of $total (403); foreign Host names refused: $hosts of 4 (400); scenarios created: $(curl -s "$base/api/scenarios")"

# 2. One size limit: 20 saves of a 15 MB text.
curl -s "${X[@]}" -X POST -H 'Content-Type: application/yaml' --data-binary @$river "$base/api/scenarios?fileName=river-valley.yaml" >/dev/null
python3 - "$river" "$work" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
big = text + "# " + "x" * (15 * 1024 * 1024) + "\n"
json.dump({"baseVersion": 1, "yaml": big, "author": "r"}, open(sys.argv[2] + "/save15.json", "w"))
json.dump({"baseVersion": 1, "yaml": text + "# " + "x" * (3 * 1024 * 1024) + "\n", "author": "r"}, open(sys.argv[2] + "/save3.json", "w"))
PY
big=0
for i in $(seq 1 10); do [ "$(code -X POST -H 'Content-Type: application/json' --data-binary @"$work/save15.json" "$base/api/scenarios/river-valley/versions")" = 413 ] && big=$((big + 1)); done
for i in $(seq 1 10); do [ "$(code -X POST -H 'Content-Type: application/json' --data-binary @"$work/save3.json" "$base/api/scenarios/river-valley/versions")" = 413 ] && big=$((big + 1)); done
echo "oversized saves refused: $big of 20 (413: $(curl -s -X POST -H 'Content-Type: application/json' --data-binary @"$work/save3.json" "$base/api/scenarios/river-valley/versions"))"
echo "database after them: $(du -ch "$work"/parley.db* | tail -1 | cut -f1), versions: $(curl -s "$base/api/scenarios/river-valley/versions" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"

# 3. The run queue: 30 starts of a slow run.
python3 - "$work/large.yaml" <<'PY'
import sys
n, k = 9, 10
y = ["id: large", "title: Large", "sources:", "  - {id: s, title: S}", "parties:", "  - {id: A, name: A, role: belligerent}", "  - {id: B, name: B, role: belligerent}", "issues:"]
for i in range(n):
    y += [f"  - id: i{i}", f"    name: I{i}", "    options:"] + [f"      - {{id: o{o}, label: O{o}}}" for o in range(k)]
y.append("preferences:")
for p, flip in (("A", False), ("B", True)):
    w = ", ".join(f"i{i}: {round(1 - (n - 1) * 0.1, 2) if i == 0 else 0.1}" for i in range(n))
    y += [f"  {p}:", "    reservation: 0.4", f"    weights: {{{w}}}", "    values:"]
    for i in range(n):
        y.append(f"      i{i}: {{" + ", ".join(f"o{o}: {round(((k - 1 - o) if flip else o) / (k - 1), 3)}" for o in range(k)) + "}")
open(sys.argv[1], "w").write("\n".join(y) + "\n")
PY
curl -s "${X[@]}" -X POST -H 'Content-Type: application/yaml' --data-binary @"$work/large.yaml" "$base/api/scenarios?fileName=large.yaml" >/dev/null
accepted=0; limited=0
for i in $(seq 1 30); do
  c=$(curl -s -D "$work/h" -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{"scenario":"large","engine":"exhaustive"}' "$base/api/analyses")
  [ "$c" = 202 ] && accepted=$((accepted + 1)); [ "$c" = 429 ] && limited=$((limited + 1))
done
sleep 1
echo "run starts accepted: $accepted of 30, refused with 429: $limited (Retry-After: $(grep -i retry-after "$work/h" | tr -d '\r' | cut -d' ' -f2)); statuses: $(curl -s "$base/api/analyses" | python3 -c 'import json,sys,collections; print(dict(collections.Counter(r["status"] for r in json.load(sys.stdin))))')"
for id in $(curl -s "$base/api/analyses" | python3 -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.load(sys.stdin)))'); do curl -s "${X[@]}" -X POST "$base/api/analyses/$id/cancel" >/dev/null; done
sleep 2

# 4. On-request work: a 160-actor SMP forecast (about 2 s alone) whose client leaves after 0.3 s, then one that meets the 1 s budget.
curl -s "${X[@]}" -X POST -H 'Content-Type: text/plain' --data-binary @tests/Parley.Web.Tests/Data/dummyData-a160.csv "$base/api/scenarios?fileName=a160.csv" >/dev/null
curl -s "${X[@]}" -X POST -H 'Content-Type: text/plain' --data-binary @tests/Parley.Web.Tests/Data/Prisoners.gmcr "$base/api/scenarios?fileName=Prisoners.gmcr" >/dev/null
slug=$(curl -s "$base/api/scenarios" | python3 -c 'import json,sys; print([s["slug"] for s in json.load(sys.stdin) if "160" in s["slug"] or "dummy" in s["slug"] or "a160" in s["slug"]][0])')
prisoners=$(curl -s "$base/api/scenarios" | python3 -c 'import json,sys; print([s["slug"] for s in json.load(sys.stdin) if "prison" in s["slug"].lower()][0])')
cpu0=$(awk '{print $14 + $15}' /proc/$server/stat)
curl -s -o /dev/null --max-time 0.3 "$base/api/scenarios/$slug/versions/latest/forecast?model=smp&seed=1"
start=$(date +%s.%N)
until [ "$(code "$base/api/scenarios/$prisoners/versions/latest/stability")" = 200 ]; do sleep 0.2; done
free=$(echo "$(date +%s.%N) - $start" | bc)
sleep 3; cpu1=$(awk '{print $14 + $15}' /proc/$server/stat)
echo "forecast client left after 0.3 s: engine free again after ${free} s; server CPU in the 3 s after: $(echo "($cpu1 - $cpu0) / $(getconf CLK_TCK)" | bc -l | cut -c1-4) s (from the request on)"
start=$(date +%s.%N)
c=$(code "$base/api/scenarios/$slug/versions/latest/forecast?model=smp&seed=1")
echo "forecast over the ${BUDGET:-1} s budget: $c after $(echo "$(date +%s.%N) - $start" | bc | cut -c1-4) s"

# 5. Malformed multipart uploads and a 100,000-character id.
bad=0
b70=$(printf 'b%.0s' $(seq 1 80))
long=$(printf 'n%.0s' $(seq 1 20000))
parts=$(for i in $(seq 1 1100); do printf -- '--x\r\nContent-Disposition: form-data; name="v"\r\n\r\n1\r\n'; done)
for pair in \
  "multipart/form-data|--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.yaml\"\r\n\r\nid: a\r\n--x--\r\n" \
  "multipart/form-data; boundary=$b70|--$b70\r\n\r\nid: a\r\n" \
  "multipart/form-data; boundary=x|--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.yaml\"\r\n\r\nid: a\r\nmore" \
  "multipart/form-data; boundary=x|--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"$long\"\r\n\r\nid: a\r\n--x--\r\n" \
  "multipart/form-data; boundary=x|--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.yaml\"\r\nid: a\r\n--x--" \
  "multipart/form-data; boundary=x|$parts--x--\r\n" \
  "multipart/form-data; boundary=x|--x\r\nContent-Type: text/plain\r\n\r\nid: a\r\n--x--\r\n"; do
  type=${pair%%|*}; body=${pair#*|}
  printf -- "$body" > "$work/body"
  c=$(curl -s -o "$work/out" -w '%{http_code}' "${X[@]}" -X POST -H "Content-Type: $type" --data-binary @"$work/body" "$base/api/scenarios")
  [ "$c" = 400 ] && ! grep -qE 'Exception|System\.|/tmp' "$work/out" && bad=$((bad + 1))
done
echo "malformed multipart uploads answered 400 with a clean message: $bad of 7"
sed "s/^id: river-valley/id: $(printf 'a%.0s' $(seq 1 100000))/" $river > "$work/long.yaml"
c=$(curl -s -D "$work/h" -o "$work/out" -w '%{http_code}' -X POST -H 'Content-Type: application/yaml' --data-binary @"$work/long.yaml" "$base/api/scenarios?fileName=long.yaml")
echo "100,000-character id: $c, Location header: $(grep -ci '^location' "$work/h") line(s), body $(wc -c < "$work/out") bytes"
