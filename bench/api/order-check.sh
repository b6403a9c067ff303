#!/usr/bin/env bash
# Is the worse p99 of the first (lowest) rate in services-latency.sh a property of the rate or of a young JVM?
# Runs the rates in the order 250, 1000, 250, 1000, 250 against a fresh agent (same stack of 50 replicas) and keeps
# the agent's GC log. Writes $OUT_DIR/order/ and prints services-latency.sh's table.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
trap cleanup EXIT
wait_for_quiet_machine "order-check"
start_agent
stack_up
sleep 5
OUT_DIR="$OUT_DIR/order" "$API_DIR/services-latency.sh" 250 1000 250 1000 250 | tee "$OUT_DIR/order-check.tsv"
cp "$BENCH_STATE/gc.log" "$OUT_DIR/order-gc.log"
