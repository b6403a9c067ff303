#!/usr/bin/env bash
# Heal against dockerd (issue 23 item 1): crash -> running again of an orch replica, paired run by run with dockerd's
# own `restart: always` container, and the engine calls orch made for each restart.
#   orch    a stack of REPLICAS (3) `sleep` replicas on bridge networking, restart_policy {condition: any, delay: 0s},
#           x-orch.backoff.reset_after 10s (dockerd's fixed reset); each run kills (kill -9 of its process, on the
#           host) the replica that has run longest, once it has run MIN_UPTIME (12 s): no backoff applies, for either.
#   dockerd `docker run -d --restart always ... sleep`, killed the same way once up MIN_UPTIME.
# Measured the same way for both, from the engine's own event timestamps: the `die` event -> the next `start` event of
# that container (orch restarts a crashed replica in place). Runs alternate orch, dockerd, so drifting load on the
# shared machine hits both alike. Engine calls per restart: the agent's own counter of Docker Engine API calls
# (orch_engine_request_duration_seconds_count, every operation but ping) from just before the kill to SETTLE (3 s) after the
# restart, so a follow-up pass a few seconds later is counted too.
#
# Usage: bench/heal.sh                     (RUNS=9 REPLICAS=3 MIN_UPTIME=12 BENCH_PORT=7181 by default)
#        ORCH_JAR=/path/to/orch.jar bench/heal.sh   (another build, e.g. main's, for a before/after figure)
# Needs: bash, docker CLI + the local engine (root: kill -9 of a container's process), curl, awk, java 17, busybox:1.36
#        (examples/offline-images.sh). Writes per-run figures to $OUT (TSV: subject, run, ms, engine calls).
set -euo pipefail
export BENCH_PORT="${BENCH_PORT:-7181}" BENCH_STATE_DIR="${BENCH_STATE_DIR:-/tmp/orch-heal-state}"
export BENCH_WORK="${BENCH_WORK:-/tmp/orch-heal-work}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${RUNS:-9}"
REPLICAS="${REPLICAS:-3}"
MIN_UPTIME="${MIN_UPTIME:-12}"
SETTLE="${SETTLE:-3}"
OUT="${OUT:-$BENCH_WORK/heal.tsv}"
ORCH_STACK="${ORCH_STACK:-benchheal}"
NATIVE_NAME="${NATIVE_NAME:-bench-heal-native}"

cleanup() {
  set +e
  events_stop
  if [[ -n "$AGENT_PID" ]]; then
    orch_delete "$ORCH_STACK"
    wait_until 30 no_container_with_label "io.orch.stack=$ORCH_STACK"
  fi
  agent_stop
  docker ps -aq --filter "label=io.orch.stack=$ORCH_STACK" | xargs -r docker rm -f >/dev/null
  docker rm -f "$NATIVE_NAME" >/dev/null 2>&1
  rm -rf "$BENCH_STATE_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

orch_running() { docker ps -q --no-trunc --filter "label=io.orch.stack=$ORCH_STACK" --filter status=running; }
all_orch_running() { [[ "$(orch_running | wc -l)" -eq "$REPLICAS" ]]; }
native_running() { [[ -n "$(docker ps -q --filter "name=^${NATIVE_NAME}$" --filter status=running)" ]]; }
# The subject's container to kill: for orch the running replica that started first.
victim() {
  case "$1" in
    orch) orch_running | xargs docker inspect -f '{{.State.StartedAt}} {{.Id}}' | sort | head -1 | cut -d' ' -f2 ;;
    dockerd) docker inspect -f '{{.Id}}' "$NATIVE_NAME" ;;
  esac
}
uptime_s() { # container -> whole seconds since it (re)started
  local started; started="$(docker inspect -f '{{.State.StartedAt}}' "$1")"
  echo $(( $(date +%s) - $(date -d "$started" +%s) ))
}
# Prints "die_ns start_ns" once the events file holds a die followed by a start, else fails.
die_then_start() {
  awk '$2 == "die" && !d { d = $1; next } d && $2 == "start" && $1 >= d { print d, $1; found = 1; exit } END { exit !found }' "$1"
}
# Docker Engine API calls the agent made so far (every operation but the watchdog's periodic ping, which is no
# part of a restart's cost).
engine_calls() {
  curl -fsS "$BENCH_ADDR/metrics" | awk '/^orch_engine_request_duration_seconds_count/ && !/operation="ping"/ { n += $NF }
    END { printf "%d", n }'
}

measure() { # subject run
  local subject="$1" run="$2" ctr pid up t0 ev="$BENCH_WORK/events-heal-$1-$2.txt" pair calls0 calls=-
  case "$subject" in
    orch) wait_until 60 all_orch_running || die "orch: not all $REPLICAS replicas running" ;;
    dockerd) wait_until 60 native_running || die "dockerd: container not running" ;;
  esac
  ctr="$(victim "$subject")"
  up="$(uptime_s "$ctr")"
  if (( up < MIN_UPTIME )); then sleep $(( MIN_UPTIME - up )); fi
  wait_for_quiet_machine "heal $subject run $run"
  pid="$(docker inspect -f '{{.State.Pid}}' "$ctr")"
  [[ "$subject" == orch ]] && calls0="$(engine_calls)"
  t0="$(now_ns)"
  events_start "$t0" "$ev" "container=$ctr" event=die event=start
  kill -9 "$pid"
  wait_until 60 die_then_start "$ev" || { events_stop; cat "$ev" >&2; die "$subject run $run: no die -> start within 60s"; }
  events_stop
  pair="$(die_then_start "$ev")"
  if [[ "$subject" == orch ]]; then
    sleep "$SETTLE"
    calls=$(( $(engine_calls) - calls0 ))
  fi
  local ms; ms="$(ns_to_ms $(( ${pair#* } - ${pair% *} )))"
  printf '%s\t%s\t%s\t%s\n' "$subject" "$run" "$ms" "$calls" >>"$OUT"
  printf '  %-8s run %d: die -> start %8s ms   engine calls %s\n' "$subject" "$run" "$ms" "$calls"
}

docker image inspect "$BENCH_IMAGE" >/dev/null 2>&1 || die "image $BENCH_IMAGE missing: run examples/offline-images.sh"
: >"$OUT"
agent_start
cat >"$BENCH_WORK/heal-stack.yml" <<YAML
name: $ORCH_STACK
services:
  app:
    image: $BENCH_IMAGE
    command: ["sleep", "1000000"]
    network_mode: bridge
    stop_grace_period: 1s
    deploy:
      replicas: $REPLICAS
      restart_policy: {condition: any, delay: 0s}
    x-orch:
      backoff: {reset_after: 10s}
YAML
orch_put "$ORCH_STACK" "$BENCH_WORK/heal-stack.yml"
docker run -d --name "$NATIVE_NAME" --label io.orch.bench=heal --restart always --stop-timeout 1 \
    "$BENCH_IMAGE" sleep 1000000 >/dev/null
wait_until 60 all_orch_running || die "orch did not start $REPLICAS replicas"
wait_until 60 native_running || die "dockerd's container did not start"
log "orch ($REPLICAS replicas, jar $ORCH_JAR) and dockerd run; $RUNS runs each, every kill hits a container up >= ${MIN_UPTIME}s"

echo "Crash to running again (die -> next start, engine event timestamps); orch kills its longest-running replica"
for (( i = 1; i <= RUNS; i++ )); do
  for s in orch dockerd; do measure "$s" "$i"; done
done

orch_med="$(awk -F'\t' '$1 == "orch" { print $3 }' "$OUT" | median)"
native_med="$(awk -F'\t' '$1 == "dockerd" { print $3 }' "$OUT" | median)"
calls_med="$(awk -F'\t' '$1 == "orch" { print $4 }' "$OUT" | median)"
echo
printf 'median die -> start: orch %s ms, dockerd %s ms; ratio orch/dockerd %s (target <= 1.0)\n' \
    "$orch_med" "$native_med" "$(ratio "$orch_med" "$native_med")"
printf 'engine calls per restart (median, within %ss after it): %s\n' "$SETTLE" "$calls_med"
