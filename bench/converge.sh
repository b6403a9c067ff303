#!/usr/bin/env bash
# Converge 20 replicas from nothing. Three subjects, same image and command (`sleep 1000000`), measured the same way:
# from the wall clock just before the submit (date +%s%N) to the engine's timestamp (TimeNano, same host clock) of the
# 20th distinct container `start` event of that subject. Runs are interleaved subject by subject.
#   orch   PUT /v1/stacks/{stack} to an agent that is already running (1 service, 20 replicas, network_mode: bridge,
#          so no network is created)
#   raw    20 x (POST /containers/create + POST /containers/{id}/start) straight against the engine API with
#          curl --unix-socket, 20 in parallel (xargs -P 20), on the default bridge
#   swarm  docker service create --detach --replicas 20 on a single-node Swarm (its own networking)
# Between runs everything is removed (orch: DELETE the stack; raw: docker rm -f by label; swarm: docker service rm),
# we wait until no container of the subject is left, then let the engine settle for SETTLE seconds.
#
# Usage: bench/converge.sh          (RUNS=7 REPLICAS=20 SETTLE=3 BENCH_PORT=7171 by default)
# Needs: bash, docker CLI + the local engine, curl with --unix-socket (access to /var/run/docker.sock), xargs, awk,
#        java 17, the image busybox:1.36 (examples/offline-images.sh builds it). Writes per-run figures to $OUT (TSV).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${RUNS:-7}"
REPLICAS="${REPLICAS:-20}"
SETTLE="${SETTLE:-3}"
OUT="${OUT:-$BENCH_WORK/converge.tsv}"
DOCKER_SOCK="${DOCKER_SOCK:-/var/run/docker.sock}"
ORCH_STACK=benchconverge
RAW_LABEL=io.orch.bench=converge-raw
SWARM_SVC=bench-swarm-converge

label_of() {
  case "$1" in
    orch) echo "io.orch.stack=$ORCH_STACK" ;;
    raw) echo "$RAW_LABEL" ;;
    swarm) echo "com.docker.swarm.service.name=$SWARM_SVC" ;;
  esac
}

remove_subject() { # subject
  case "$1" in
    orch) orch_delete "$ORCH_STACK" ;;
    raw) docker ps -aq --filter "label=$RAW_LABEL" | xargs -r docker rm -f >/dev/null ;;
    swarm) docker service rm "$SWARM_SVC" >/dev/null 2>&1 || true ;;
  esac
  wait_until 120 no_container_with_label "$(label_of "$1")" || die "$1: containers still there after 120s"
}

cleanup() {
  set +e
  events_stop
  if [[ -n "$AGENT_PID" ]]; then remove_subject orch; fi
  agent_stop
  docker ps -aq --filter "label=io.orch.stack=$ORCH_STACK" | xargs -r docker rm -f >/dev/null
  docker ps -aq --filter "label=$RAW_LABEL" | xargs -r docker rm -f >/dev/null
  docker service rm "$SWARM_SVC" >/dev/null 2>&1
  swarm_leave
  rm -rf "$BENCH_STATE_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One raw replica: create, then start, straight against the engine API. Called by xargs with the slot number.
raw_one() {
  local i="$1" body
  body="$(printf '{"Image":"%s","Cmd":["sleep","1000000"],"Labels":{"io.orch.bench":"converge-raw"},"HostConfig":{"NetworkMode":"bridge"}}' "$BENCH_IMAGE")"
  curl -fsS --unix-socket "$DOCKER_SOCK" -H 'Content-Type: application/json' -d "$body" \
       "http://localhost/v1.41/containers/create?name=bench-raw-$i" -o /dev/null
  curl -fsS --unix-socket "$DOCKER_SOCK" -X POST "http://localhost/v1.41/containers/bench-raw-$i/start" -o /dev/null
}
export -f raw_one
export BENCH_IMAGE DOCKER_SOCK

submit() { # subject
  case "$1" in
    orch) orch_put "$ORCH_STACK" "$BENCH_WORK/converge-stack.yml" ;;
    raw) seq 1 "$REPLICAS" | xargs -P "$REPLICAS" -I{} bash -c 'raw_one {}' ;;
    swarm) docker service create --detach --quiet --name "$SWARM_SVC" --no-resolve-image --replicas "$REPLICAS" \
               --restart-condition any --restart-delay 0s --stop-grace-period 1s "$SWARM_IMAGE" sleep 1000000 >/dev/null ;;
  esac
}

# Prints the TimeNano of the REPLICAS-th distinct container that started, or fails if not there yet.
nth_start() {
  awk -v n="$REPLICAS" '$2 == "start" && !seen[$3]++ { if (++c == n) { print $1; found = 1; exit } } END { exit !found }' "$1"
}

measure() { # subject run
  local subject="$1" run="$2" ev="$BENCH_WORK/events-converge-$1-$2.txt" t0 t_return end
  wait_for_quiet_machine "converge $subject run $run"
  t0="$(now_ns)"
  events_start "$t0" "$ev" "label=$(label_of "$subject")" event=start
  submit "$subject"
  t_return="$(now_ns)"
  wait_until 180 nth_start "$ev" || { events_stop; die "$subject run $run: $REPLICAS starts not seen within 180s"; }
  events_stop
  end="$(nth_start "$ev")"
  local ms; ms="$(ns_to_ms $(( end - t0 )))"
  local ret_ms; ret_ms="$(ns_to_ms $(( t_return - t0 )))"
  printf '%s\t%s\t%s\t%s\n' "$subject" "$run" "$ms" "$ret_ms" >>"$OUT"
  printf '  %-6s run %d: submit -> %dth start %8s ms  (submit call returned after %s ms)\n' \
      "$subject" "$run" "$REPLICAS" "$ms" "$ret_ms"
  remove_subject "$subject"
  sleep "$SETTLE"
}

docker image inspect "$BENCH_IMAGE" >/dev/null 2>&1 || die "image $BENCH_IMAGE missing: run examples/offline-images.sh"
: >"$OUT"
cat >"$BENCH_WORK/converge-stack.yml" <<YAML
name: $ORCH_STACK
services:
  app:
    image: $BENCH_IMAGE
    command: ["sleep", "1000000"]
    network_mode: bridge
    stop_grace_period: 1s
    deploy:
      replicas: $REPLICAS
YAML
agent_start
swarm_init
SWARM_IMAGE="$(image_id)"
for s in orch raw swarm; do no_container_with_label "$(label_of "$s")" || die "leftover containers labelled $(label_of "$s")"; done
sleep "$SETTLE"

echo "Converge $REPLICAS replicas from nothing (submit -> ${REPLICAS}th start event)"
for (( i = 1; i <= RUNS; i++ )); do
  for s in orch raw swarm; do measure "$s" "$i"; done
done

declare -A med
for s in orch raw swarm; do med[$s]="$(awk -F'\t' -v s="$s" '$1 == s { print $3 }' "$OUT" | median)"; done
echo
printf 'median submit -> %dth start: orch %s ms, raw %s ms, swarm %s ms\n' "$REPLICAS" "${med[orch]}" "${med[raw]}" "${med[swarm]}"
printf 'ratio orch/raw %s (target <= 1.05), orch/swarm %s\n' "$(ratio "${med[orch]}" "${med[raw]}")" \
    "$(ratio "${med[orch]}" "${med[swarm]}")"
