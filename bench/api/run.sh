#!/usr/bin/env bash
# Runs the three API benchmarks of issue 3 item 9 against a private agent (port 7272, state /tmp/orch-bench3)
# managing one stack of 50 `sleep` replicas, then removes everything it started.
# Usage: bench/api/run.sh        Output: bench/api/out/ (raw files) and a summary on stdout.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
trap cleanup EXIT
machine | tee "$OUT_DIR/machine.txt"
wait_for_quiet_machine "setup"
start_agent
stack_up
sleep 5 # let the loop settle after convergence

wait_for_quiet_machine "services-latency"
"$API_DIR/services-latency.sh" | tee "$OUT_DIR/services-latency.tsv"
wait_for_quiet_machine "event-delay"
"$API_DIR/event-delay.sh" | tee "$OUT_DIR/event-delay.tsv"
sleep 5 # the killed replicas are restarted
wait_for_quiet_machine "ps-time"
"$API_DIR/ps-time.sh"
