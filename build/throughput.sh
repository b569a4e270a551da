#!/usr/bin/env bash
# HTTP throughput of the hot paths against the floor (the same work, hand-written, no layers), with
# wrk from Debian's packages, 16 and 64 connections, on loopback only. Prints the table for
# docs/performance.md. Usage: build/throughput.sh [seconds per run, default 10]
# LOAD_CASES=N spreads the 200,000 referrals over N cases instead of 2,000 (how writes depend on case size).
# LOAD_TEXT=N gives every case a situation, every referral a message of N characters (free text, ADR 0019).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
if ! command -v wrk >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
export LOAD_DIR="${LOAD_DIR:-/tmp/casecoordination-load}"
export LOAD_SCRIPTS="$PWD/build/load"
rm -rf "$LOAD_DIR"
dotnet build -c Release build/CaseCoordination.Benchmarks >/dev/null
# The app itself, not `dotnet run`: the trap's signal must reach the server, which `dotnet run` does not pass on.
dotnet build/CaseCoordination.Benchmarks/bin/Release/net10.0/CaseCoordination.Benchmarks.dll load-server "$LOAD_DIR" 200000 30 >"$LOAD_DIR.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
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
echo "data: 200000 referrals over ${LOAD_CASES:-2000} cases, free text ${LOAD_TEXT:-0} characters"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"); wrk -t2 -d${seconds}s; command: build/throughput.sh $seconds"
