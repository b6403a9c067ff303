#!/usr/bin/env bash
# Item 9b: delay from an engine event (a container's `die`) to its delivery as `container.exited` on an SSE client.
# Usage: bench/api/event-delay.sh [KILLS] [INTERVAL_S]   (default 200 kills, 0.3 s apart)
# Kills (SIGKILL) one running replica after another, round-robin over the stack; `docker events` records the
# engine's TimeNano of each die, sse_delay.py records when each container.exited arrives on the SSE stream (same
# host clock). Writes $OUT_DIR/die.txt and $OUT_DIR/recv.txt and prints the delay percentiles.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
KILLS=${1:-200}
INTERVAL=${2:-0.3}
die="$OUT_DIR/die.txt"; recv="$OUT_DIR/recv.txt"; : > "$die"; : > "$recv"

docker events --filter "label=io.orch.stack=$BENCH_STACK" --filter type=container --filter event=die \
  --format '{{.TimeNano}} {{index .Actor.Attributes "name"}}' > "$die" &
events_pid=$!
python3 "$API_DIR/sse_delay.py" listen "$BENCH_URL/v1/events?stack=$BENCH_STACK" "$recv" > "$OUT_DIR/sse.ready" &
sse_pid=$!
trap 'kill $events_pid $sse_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do grep -q connected "$OUT_DIR/sse.ready" && break; sleep 0.1; done
sleep 1

for i in $(seq 1 "$KILLS"); do
  # Round-robin over slots, skipping one that is not running (still being restarted).
  name=""
  for try in $(seq 0 "$BENCH_REPLICAS"); do
    slot=$(( (i + try - 1) % BENCH_REPLICAS + 1 ))
    candidate=$(docker ps -q --filter "label=io.orch.stack=$BENCH_STACK" --filter "label=io.orch.slot=$slot" \
      --filter status=running | head -1)
    [[ -n "$candidate" ]] && { name=$candidate; break; }
  done
  [[ -n "$name" ]] && docker kill --signal KILL "$name" >/dev/null
  sleep "$INTERVAL"
done
sleep 3
kill $events_pid $sse_pid 2>/dev/null || true
trap - EXIT
log "$(wc -l < "$die") die events, $(grep -c container.exited "$recv" || true) container.exited received"
cp "$BENCH_STATE/agent.log" "$OUT_DIR/agent.log" # the split below needs it; a new agent overwrites it
python3 "$API_DIR/sse_delay.py" stats "$die" "$recv" "$OUT_DIR/agent.log"
