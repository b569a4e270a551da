#!/usr/bin/env bash
# One hot path of several commits, measured interleaved (A, B, C, A, B, C, …) so that whatever else the
# machine does falls on all alike: builds each commit's benchmark harness in a temporary worktree,
# starts its load server (the same fill as build/throughput.sh: 200,000 referrals over 2,000 cases),
# then runs wrk against each in turn and prints every run and each commit's median.
# Usage: build/compare.sh <rev> <rev> [<rev> …]
# COMPARE_SCRIPT (default send-referral.lua), COMPARE_ROUNDS (5), COMPARE_SECONDS (20 per run),
# COMPARE_CONNECTIONS (16). LOAD_TEXT and LOAD_WAIT as for build/throughput.sh. Every commit is
# driven by this checkout's load scripts.
# COMPARE_MAX_MINUTES (180): each load server stops by itself after that long.
# COMPARE_GO=<file>: after the fills, wait until that file exists before measuring (fill while the
# machine is busy, measure once it is quiet).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -ge 2 ] || { echo "usage: build/compare.sh <rev> <rev> [<rev> …]" >&2; exit 2; }
revs=("$@")
script="${COMPARE_SCRIPT:-send-referral.lua}"; rounds="${COMPARE_ROUNDS:-5}"
seconds="${COMPARE_SECONDS:-20}"; connections="${COMPARE_CONNECTIONS:-16}"
if ! command -v wrk >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
work="$(mktemp -d /tmp/casecoordination-compare.XXXXXX)"
export LOAD_SCRIPTS="$PWD/build/load"
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  for i in "${!revs[@]}"; do git worktree remove --force "$work/$i" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

for i in "${!revs[@]}"; do
  git worktree add --detach "$work/$i" "${revs[$i]}" >/dev/null 2>&1
  dotnet build -c Release "$work/$i/build/CaseCoordination.Benchmarks" >"$work/$i.build.log" 2>&1 \
    || { cat "$work/$i.build.log" >&2; exit 1; }
  mkdir -p "$work/$i.load"
  dotnet "$work/$i/build/CaseCoordination.Benchmarks/bin/Release/net10.0/CaseCoordination.Benchmarks.dll" \
    load-server "$work/$i.load" 200000 "${COMPARE_MAX_MINUTES:-180}" >"$work/$i.log" 2>&1 &
  servers+=($!)
done
for i in "${!revs[@]}"; do
  for _ in $(seq 1 $(( ${LOAD_WAIT:-300} * 2 ))); do [ -f "$work/$i.load/ready" ] && break; sleep 0.5; done
  [ -f "$work/$i.load/ready" ] || { echo "the load server of ${revs[$i]} did not start; see $work/$i.log" >&2; exit 1; }
done
if [ -n "${COMPARE_GO:-}" ]; then
  echo "load servers ready; measuring once $COMPARE_GO exists" >&2
  while [ ! -f "$COMPARE_GO" ]; do sleep 2; done
fi

run() { # index seconds
  LOAD_DIR="$work/$1.load" ID_START=0 ID_COUNT=100000 wrk -t2 -c"$connections" -d"$2s" --latency -s "build/load/$script" \
    "$(cat "$work/$1.load/address")" 2>&1
}
for i in "${!revs[@]}"; do run "$i" 5 >/dev/null; done # warm-up, not measured

header="| round"; rule="|---"
for rev in "${revs[@]}"; do header="$header | $rev req/s | p99"; rule="$rule|---|---"; done
echo "$header |"; echo "$rule|"
for round in $(seq 1 "$rounds"); do
  line="| $round"
  for i in "${!revs[@]}"; do
    out="$(run "$i" "$seconds")" || { echo "wrk failed against ${revs[$i]} in round $round: $out" >&2; exit 1; }
    rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    p99="$(echo "$out" | awk '$1=="99%" {print $2}')"
    bad="$(echo "$out" | awk '/Non-2xx/ {print $5}')"
    [ -z "$bad" ] || { echo "${revs[$i]} answered $bad non-2xx in round $round" >&2; exit 1; }
    echo "$rps" >>"$work/$i.rps"
    line="$line | $rps | $p99"
  done
  echo "$line |"
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo
first="$(median "$work/0.rps")"
for i in "${!revs[@]}"; do
  m="$(median "$work/$i.rps")"
  echo "median req/s ${revs[$i]}: $m ($(awk -v a="$first" -v b="$m" 'BEGIN { printf "%.2f", b / a }') of ${revs[0]})"
done
echo "script $script, $connections connections, $seconds s per run, $rounds rounds; free text ${LOAD_TEXT:-0} characters"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; command: build/compare.sh ${revs[*]}"
