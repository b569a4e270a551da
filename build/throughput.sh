#!/usr/bin/env bash
# HTTP throughput of the hot paths against the floor (the same work, hand-written, no layers), with
# wrk from Debian's packages, 16 and 64 connections, on loopback only. Prints the table for
# docs/performance.md. Usage: build/throughput.sh [seconds per run, default 10]
# LOAD_CASES=N spreads the 200,000 referrals over N cases instead of 2,000 (how writes depend on case size).
# LOAD_TEXT=N gives every case a situation, every referral a message of N characters (free text, ADR 0019).
# THROUGHPUT_DATABASE=postgresql runs the API and the floor on PostgreSQL instead of a SQLite file: on the
# server named by CASECOORDINATION_POSTGRES (a fresh database on it), else on a throwaway cluster that
# build/postgres-cluster.sh starts; then, after the table, a second API instance joins and an open-loop
# run (OPEN_LOOP_RATES requests/s, default 500 — several rates run one after the other — for OPEN_LOOP_SECONDS,
# default 60; 80% reads, 20% writes) goes across both instances and reports p50/p99 and every non-2xx.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
if ! command -v wrk >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
export LOAD_DIR="${LOAD_DIR:-/tmp/casecoordination-load}"
export LOAD_SCRIPTS="$PWD/build/load"
rm -rf "$LOAD_DIR"
mkdir -p "$LOAD_DIR"
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [ -n "${cluster:-}" ]; then build/postgres-cluster.sh stop "$cluster" || true; fi
}
trap cleanup EXIT
database="${THROUGHPUT_DATABASE:-sqlite}"
if [ "$database" = postgresql ]; then
  base="${CASECOORDINATION_POSTGRES:-}"
  if [ -z "$base" ]; then
    cluster="$(mktemp -d /tmp/casecoordination-pg.XXXXXX)"
    chmod a+x "$cluster"
    base="$(build/postgres-cluster.sh start "$cluster/cluster" "${LOAD_PG_PORT:-55440}")"
  fi
  # A fresh database on that server for this run (the first migration creates it).
  export LOAD_POSTGRES="$(printf '%s' "$base" | sed -E 's/(^|;)Database=[^;]*//I');Database=cc_load_$(date +%s)"
fi
dotnet build -c Release build/CaseCoordination.Benchmarks >/dev/null
# The app itself, not `dotnet run`: the trap's signal must reach the server, which `dotnet run` does not pass on.
harness=build/CaseCoordination.Benchmarks/bin/Release/net10.0/CaseCoordination.Benchmarks.dll
dotnet "$harness" load-server "$LOAD_DIR" 200000 40 >"$LOAD_DIR.log" 2>&1 &
servers+=($!)
# LOAD_WAIT: seconds to wait for the fill (default 300; a fill with LOAD_TEXT encrypts every text and takes longer).
for _ in $(seq 1 $(( ${LOAD_WAIT:-300} * 2 ))); do [ -f "$LOAD_DIR/ready" ] && break; sleep 0.5; done
[ -f "$LOAD_DIR/ready" ] || { echo "the load server did not start; see $LOAD_DIR.log" >&2; exit 1; }
address="$(cat "$LOAD_DIR/address")"

run() { # name script connections floor id-start
  local out
  out="$(FLOOR="$4" ID_START="$5" ID_COUNT=100000 wrk -t2 -c"$3" -d"${seconds}s" --latency -s "build/load/$2" "$address" 2>&1)"
  local rps p50 p99 non2xx
  rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  p50="$(echo "$out" | awk '$1=="50%" {print $2}')"
  p99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  non2xx="$(echo "$out" | awk '/Non-2xx/ {print $5}')"
  echo "$rps|$p50|$p99|${non2xx:-0}"
}

# Warm-up, not measured: every script once against the API and once against the floor, so that
# neither side of the first pair is measured while the JIT is still compiling. Transitions take ids
# from a slice that no measured run reaches (90,000 onwards; a run uses a few thousand).
for script in read-case.lua inbox.lua send-referral.lua transition.lua; do
  for floor in 0 1; do
    FLOOR="$floor" ID_START=90000 ID_COUNT=10000 wrk -t2 -c16 -d3s -s "build/load/$script" "$address" >/dev/null 2>&1
  done
done

echo "| hot path | connections | API req/s | API p50 | API p99 | API non-2xx | floor req/s | floor p50 | floor p99 | ratio |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for c in 16 64; do
  for pair in "read a case:read-case.lua" "inbox:inbox.lua" "send a referral:send-referral.lua" "transition (receive):transition.lua"; do
    name="${pair%%:*}"; script="${pair##*:}"
    start=$([ "$c" = 16 ] && echo 0 || echo 100000)
    IFS='|' read -r a_rps a_p50 a_p99 a_bad <<<"$(run "$name" "$script" "$c" 0 "$start")"
    IFS='|' read -r f_rps f_p50 f_p99 f_bad <<<"$(run "$name" "$script" "$c" 1 "$start")"
    ratio="$(awk -v a="$a_rps" -v f="$f_rps" 'BEGIN { if (f > 0) printf "%.2f", a / f; else print "n/a" }')"
    echo "| $name | $c | $a_rps | $a_p50 | $a_p99 | $a_bad | $f_rps | $f_p50 | $f_p99 | $ratio |"
  done
done
echo
echo "data: 200000 referrals over ${LOAD_CASES:-2000} cases, free text ${LOAD_TEXT:-0} characters; database: $database"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"); wrk -t2 -d${seconds}s; command: build/throughput.sh $seconds"

if [ "$database" = postgresql ]; then
  # A second instance over the same database, then the open-loop run across both.
  dotnet "$harness" load-server-join "$LOAD_DIR" 2 30 >"$LOAD_DIR.join.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 1 240); do [ -f "$LOAD_DIR/address-2" ] && break; sleep 0.5; done
  [ -f "$LOAD_DIR/address-2" ] || { echo "the second instance did not start; see $LOAD_DIR.join.log" >&2; exit 1; }
  echo
  for rate in ${OPEN_LOOP_RATES:-500}; do
    dotnet "$harness" open-loop "$LOAD_DIR" "$rate" "${OPEN_LOOP_SECONDS:-60}" 0.8
    echo
  done
  echo "command: THROUGHPUT_DATABASE=postgresql OPEN_LOOP_RATES=\"${OPEN_LOOP_RATES:-500}\" build/throughput.sh $seconds"
fi
