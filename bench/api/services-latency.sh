#!/usr/bin/env bash
# Item 9a: latency of GET /v1/stacks/{stack}/services at fixed request rates, with 50 containers under management.
# Usage: bench/api/services-latency.sh [RATE ...]   (default rates: 250 500 1000 2000; 30 s each after a 5 s warm-up)
# Needs the agent and stack of common.sh (run.sh sets them up). Writes $OUT_DIR/wrk-<rate>.txt and prints one TSV
# line per rate: rate, achieved req/s, p50, p90, p99, max, errors.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RATES=("$@"); (( ${#RATES[@]} )) || RATES=(250 500 1000 2000)
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-16}
URL="$BENCH_URL/v1/stacks/$BENCH_STACK/services"

bytes=$(curl -fsS "$URL" | wc -c)
log "GET $URL -> $bytes bytes"
# Warm-up: JIT-compile the request path so that the first rate does not pay for it.
RATE=500 wrk -t1 -c"$CONNECTIONS" -d5s -s "$API_DIR/paced.lua" "$URL" >/dev/null

printf 'rate\tachieved\tp50\tp90\tp99\tmax\terrors\tserver<=1ms\tserver<=2ms\tserver<=5ms\n'
for rate in "${RATES[@]}"; do
  out="$OUT_DIR/wrk-$rate.txt"
  server_buckets > "$OUT_DIR/server-before-$rate.txt"
  RATE=$rate THREADS=1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$API_DIR/paced.lua" "$URL" > "$out"
  achieved=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p90=$(awk '$1 == "90%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  max=$(awk '$1 == "Latency" && NF >= 4 {print $4; exit}' "$out")
  errors=$(awk '/Socket errors|Non-2xx/ {sub(/^ +/, ""); printf "%s; ", $0}' "$out")
  server_buckets > "$OUT_DIR/server-after-$rate.txt"
  # Share of this run's requests that the agent itself (request in -> reply written) handled within 1/2/5 ms.
  server=$(awk 'NR == FNR { before[$1] = $2; next } { d[$1] = $2 - before[$1] }
    END { printf "%.2f%%\t%.2f%%\t%.2f%%", 100 * d["0.001"] / d["+Inf"], 100 * d["0.002"] / d["+Inf"],
      100 * d["0.005"] / d["+Inf"] }' "$OUT_DIR/server-before-$rate.txt" "$OUT_DIR/server-after-$rate.txt")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rate" "$achieved" "$p50" "$p90" "$p99" "$max" "${errors:-0}" "$server"
done
