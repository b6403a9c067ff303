#!/usr/bin/env bash
# Crash to running again: kill -9 a replica's main process on the host and measure, from the engine's own event
# timestamps, the time from its `die` event to the next `start` event of that service. Three subjects, measured the
# same way and interleaved run by run (so drifting load on a shared machine hits all three alike):
#   orch    a stack with one service, 1 replica, `sleep`, stop_grace_period 1s, restart delay 0s (its own agent)
#   dockerd `docker run -d --restart always ... sleep 1000000` (the engine's restart manager)
#   swarm   a single-node Swarm service, --restart-delay 0s --restart-condition any (a restart is a NEW container)
# Fairness: both dockerd (100 ms, doubling) and orch (delay, then doubling) back off on quick successive restarts and
# reset once a container ran long enough (dockerd: 10 s, fixed; orch: x-orch.backoff.reset_after, set to 10 s here to
# mirror dockerd). So every kill hits a container that has been running for at least MIN_UPTIME (12 s): each run
# measures a first restart, for every subject.
#
# Usage: bench/restart-latency.sh            (RUNS=7 MIN_UPTIME=12 BENCH_PORT=7171 by default)
# Needs: bash, docker CLI + the local engine (root: kill -9 of a container process), curl, awk, java 17, the image
#        busybox:1.36 (examples/offline-images.sh builds it). Writes per-run figures to $OUT (TSV) if set.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${RUNS:-7}"
MIN_UPTIME="${MIN_UPTIME:-12}"
OUT="${OUT:-$BENCH_WORK/restart.tsv}"
ORCH_STACK=benchrestart
NATIVE_NAME=bench-native-restart
SWARM_SVC=bench-swarm-restart

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
  docker service rm "$SWARM_SVC" >/dev/null 2>&1
  swarm_leave
  rm -rf "$BENCH_STATE_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The running container of each subject.
running_container() {
  case "$1" in
    orch) docker ps -q --no-trunc --filter "label=io.orch.stack=$ORCH_STACK" --filter status=running ;;
    dockerd) docker ps -q --no-trunc --filter "name=^${NATIVE_NAME}$" --filter status=running ;;
    swarm) docker ps -q --no-trunc --filter "label=com.docker.swarm.service.name=$SWARM_SVC" --filter status=running ;;
  esac
}
event_filter() {
  case "$1" in
    orch) echo "label=io.orch.stack=$ORCH_STACK" ;;
    dockerd) echo "container=$NATIVE_NAME" ;;
    swarm) echo "label=com.docker.swarm.service.name=$SWARM_SVC" ;;
  esac
}
one_running() { [[ "$(running_container "$1" | wc -l)" -eq 1 ]]; }
uptime_s() { # container -> whole seconds since it (re)started
  local started; started="$(docker inspect -f '{{.State.StartedAt}}' "$1")"
  echo $(( $(date +%s) - $(date -d "$started" +%s) ))
}
# Prints "die_ns start_ns" once the events file holds a die followed by a start, else fails.
die_then_start() {
  awk '$2 == "die" && !d { d = $1; next } d && $2 == "start" && $1 >= d { print d, $1; found = 1; exit } END { exit !found }' "$1"
}

measure() { # subject run
  local subject="$1" run="$2" ctr pid up t0 ev="$BENCH_WORK/events-restart-$1-$2.txt" pair
  wait_until 60 one_running "$subject" || die "$subject: not exactly one running container"
  ctr="$(running_container "$subject")"
  up="$(uptime_s "$ctr")"
  if (( up < MIN_UPTIME )); then sleep $(( MIN_UPTIME - up )); fi
  wait_for_quiet_machine "restart $subject run $run"
  pid="$(docker inspect -f '{{.State.Pid}}' "$ctr")"
  t0="$(now_ns)"
  events_start "$t0" "$ev" "$(event_filter "$subject")" event=die event=start
  kill -9 "$pid"
  wait_until 60 die_then_start "$ev" || { events_stop; cat "$ev" >&2; die "$subject run $run: no die -> start within 60s"; }
  events_stop
  pair="$(die_then_start "$ev")"
  local ms; ms="$(ns_to_ms $(( ${pair#* } - ${pair% *} )))"
  printf '%s\t%s\t%s\n' "$subject" "$run" "$ms" >>"$OUT"
  printf '  %-8s run %d: die -> start %8s ms\n' "$subject" "$run" "$ms"
}

# ---- set up the three subjects ----------------------------------------------------------------------------------
docker image inspect "$BENCH_IMAGE" >/dev/null 2>&1 || die "image $BENCH_IMAGE missing: run examples/offline-images.sh"
: >"$OUT"

agent_start
cat >"$BENCH_WORK/restart-stack.yml" <<YAML
name: $ORCH_STACK
services:
  app:
    image: $BENCH_IMAGE
    command: ["sleep", "1000000"]
    network_mode: bridge
    stop_grace_period: 1s
    deploy:
      replicas: 1
      restart_policy: {condition: any, delay: 0s}
    x-orch:
      backoff: {reset_after: 10s}
YAML
orch_put "$ORCH_STACK" "$BENCH_WORK/restart-stack.yml"

docker run -d --name "$NATIVE_NAME" --label io.orch.bench=restart --restart always --stop-timeout 1 \
    "$BENCH_IMAGE" sleep 1000000 >/dev/null

swarm_init
docker service create --detach --quiet --name "$SWARM_SVC" --no-resolve-image --replicas 1 \
    --restart-condition any --restart-delay 0s --stop-grace-period 1s "$(image_id)" sleep 1000000 >/dev/null

for s in orch dockerd swarm; do wait_until 60 one_running "$s" || die "$s did not start"; done
log "all three subjects run; $RUNS runs each, every kill hits a container up >= ${MIN_UPTIME}s"

echo "Crash to running again (die -> next start, engine event timestamps)"
for (( i = 1; i <= RUNS; i++ )); do
  for s in orch dockerd swarm; do measure "$s" "$i"; done
done

declare -A med
for s in orch dockerd swarm; do med[$s]="$(awk -F'\t' -v s="$s" '$1 == s { print $3 }' "$OUT" | median)"; done
echo
printf 'median die -> start: orch %s ms, dockerd %s ms, swarm %s ms\n' "${med[orch]}" "${med[dockerd]}" "${med[swarm]}"
printf 'ratio orch/dockerd %s (target <= 1.10), orch/swarm %s\n' "$(ratio "${med[orch]}" "${med[dockerd]}")" \
    "$(ratio "${med[orch]}" "${med[swarm]}")"
