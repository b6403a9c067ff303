#!/usr/bin/env bash
# Autoscaling (issue 12, item 6), against the local engine with its own agent:
#  (a) reaction: a service with `cpus: 0.5` reservations, 1 replica, autoscale {min 1, max 4, cpu 40%, scale_down
#      stabilization 30s} (40%, not 70%: on a shared 2-core machine the loop may get only a third of a CPU, which is
#      67% of the reservation and would sit within 10% of a 70% target), the agent measuring at the default 15 s. A shell loop spins while /tmp/busy exists
#      (docker exec touch / rm toggles it). Reported: load start -> first scale-up decision (the service status'
#      desiredReplicas leaves 1), -> the new replicas running (docker ps); load stop -> scale-down decision; and
#      whether any scale-down decision came inside the 30 s window (flapping).
#  (b) cost: 50 replicas of an autoscaled service (pinned at 50, so nothing moves), the agent measuring every
#      COST_PERIOD (5 s) for COST_WINDOW (60 s). From the agent's own metrics: one-shot stats calls made and their mean
#      duration (orch_engine_request_duration_seconds{operation="container.stats"}), the agent's CPU time
#      (process_cpu_seconds_total) per replica per period; then, from this shell, the same one-shot request with curl
#      and the cgroup v1 files (cpuacct.usage, memory.usage_in_bytes, memory.stat) read per replica, for comparison.
#
# Usage: bench/autoscale.sh          (RUNS=3 COST_PERIOD=5s COST_WINDOW=60 BENCH_PORT=18310 by default)
# Needs: bash, docker CLI + the local engine (root, for the cgroup files), curl --unix-socket, jq, awk, java 17, the
#        image busybox:1.36 (examples/offline-images.sh builds it). Prints the figures; writes them to $OUT (TSV).
set -euo pipefail
export BENCH_PORT="${BENCH_PORT:-18310}" BENCH_STATE_DIR="${BENCH_STATE_DIR:-/tmp/h12-bench-state}"
export BENCH_WORK="${BENCH_WORK:-/tmp/h12-bench-work}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${RUNS:-3}"
COST_PERIOD="${COST_PERIOD:-5s}"
COST_WINDOW="${COST_WINDOW:-60}"
COST_REPLICAS="${COST_REPLICAS:-50}"
OUT="${OUT:-$BENCH_WORK/autoscale.tsv}"
DOCKER_SOCK="${DOCKER_SOCK:-/var/run/docker.sock}"
STACK=h12benchscale
COST_STACK=h12benchcost

cleanup() {
  set +e
  if [[ -n "$AGENT_PID" ]]; then
    orch_delete "$STACK"; orch_delete "$COST_STACK"
    wait_until 120 no_container_with_label "io.orch.stack=$STACK"
    wait_until 120 no_container_with_label "io.orch.stack=$COST_STACK"
  fi
  agent_stop
  for s in "$STACK" "$COST_STACK"; do docker ps -aq --filter "label=io.orch.stack=$s" | xargs -r docker rm -f >/dev/null; done
  rm -rf "$BENCH_STATE_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

status_json() { curl -fsS "$BENCH_ADDR/v1/stacks/$1/services/$2"; }
desired() { status_json "$STACK" work | jq -r '.autoscale.desiredReplicas // empty'; }
running_count() { docker ps -q --filter "label=io.orch.stack=$STACK" --filter status=running | wc -l; }
running_is() { [[ "$(running_count)" -eq "$1" ]]; }
cost_running_is() { [[ "$(docker ps -q --filter "label=io.orch.stack=$COST_STACK" --filter status=running | wc -l)" -eq "$1" ]]; }
# Polls every 0.2 s until `cmd` prints something for which `test` holds; echoes the wall clock (ns) then.
time_until() { # timeout_s test_expr (evaluated with $v)
  local deadline=$(( $(date +%s) + $1 )) v; shift
  while (( $(date +%s) < deadline )); do
    v="$(eval "$1" 2>/dev/null || true)"
    if [[ -n "$v" ]] && eval "$2"; then now_ns; return 0; fi
    sleep 0.2
  done
  echo "timeout"; return 1
}
secs() { if [[ "$2" == timeout ]]; then echo timeout; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; fi; }

cat >"$BENCH_WORK/scale.yaml" <<YAML
services:
  work:
    image: $BENCH_IMAGE
    command: ["sh", "-c", "while :; do if [ -f /tmp/busy ]; then :; else sleep 1; fi; done"]
    stop_grace_period: 1s
    network_mode: bridge
    deploy:
      replicas: 1
      resources: {reservations: {cpus: "0.5"}}
    x-orch:
      autoscale:
        min: 1
        max: 4
        cpu: 40%
        scale_down: {stabilization: 30s}
YAML

mkdir -p "$BENCH_WORK"; : >"$OUT"
# PARTS=cost (or reaction) runs one part only.
PARTS="${PARTS:-reaction,cost}"

# ---- (a) reaction ----------------------------------------------------------------------------------------------
if [[ "$PARTS" == *reaction* ]]; then
ORCH_AGENT_ARGS=(--autoscale-every 15s)
agent_start
for run in $(seq 1 "$RUNS"); do
  wait_for_quiet_machine "autoscale reaction run $run"
  orch_put "$STACK" "$BENCH_WORK/scale.yaml"
  wait_until 60 running_is 1 || die "the service did not start"
  # Two idle periods first: the rate has a previous reading, and the window holds nothing but 1.
  sleep 32
  first="$(docker ps -q --filter "label=io.orch.stack=$STACK" --filter status=running | head -1)"
  t_load="$(now_ns)"
  docker exec "$first" touch /tmp/busy
  t_decided="$(time_until 120 desired '(( v > 1 ))' || true)"
  up_to="$(desired)"
  t_running="$(time_until 120 running_count "(( v >= ${up_to:-2} ))" || true)"
  sleep 5
  t_stop="$(now_ns)"
  peak="$(desired)"
  for c in $(docker ps -q --filter "label=io.orch.stack=$STACK"); do docker exec "$c" rm -f /tmp/busy; done
  # Flapping: any scale-down decision (the count dropping below its peak) before the 30 s window has passed.
  t_first_down="$(time_until 180 desired "(( v < ${peak:-2} ))" || true)"
  t_down="$(time_until 180 desired '(( v == 1 ))' || true)"
  first_down_s="$(secs "$t_stop" "$t_first_down")"; down_s="$(secs "$t_stop" "$t_down")"
  flap=no; if [[ "$t_decided" == timeout ]]; then first_down_s=n/a; down_s=n/a; flap=n/a; fi
  [[ "$first_down_s" != timeout && "$first_down_s" != n/a ]] && awk -v d="$first_down_s" 'BEGIN { exit !(d < 30) }' && flap=yes
  # run, load->decision s, load->running s, first count, peak count, stop->first scale-down s, stop->1 s, flapped
  printf 'reaction\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$(secs "$t_load" "$t_decided")" \
    "$(secs "$t_load" "$t_running")" "$up_to" "$peak" "$first_down_s" "$down_s" "$flap" | tee -a "$OUT"
  orch_delete "$STACK"
  wait_until 120 no_container_with_label "io.orch.stack=$STACK"
done
agent_stop
rm -rf "$BENCH_STATE_DIR"
fi
[[ "$PARTS" == *cost* ]] || exit 0

# ---- (b) cost of measuring 50 replicas -------------------------------------------------------------------------
cat >"$BENCH_WORK/cost.yaml" <<YAML
services:
  idle:
    image: $BENCH_IMAGE
    command: ["sleep", "1000000"]
    stop_grace_period: 1s
    network_mode: bridge
    deploy:
      replicas: $COST_REPLICAS
      resources: {reservations: {cpus: "0.01", memory: 8m}}
    x-orch:
      autoscale: {min: $COST_REPLICAS, max: $COST_REPLICAS, cpu: 70%, memory: 80%}
YAML
ORCH_AGENT_ARGS=(--autoscale-every "$COST_PERIOD")
agent_start
orch_put "$COST_STACK" "$BENCH_WORK/cost.yaml"
wait_until 300 cost_running_is "$COST_REPLICAS" || die "$COST_REPLICAS replicas did not start"
sleep 10
wait_for_quiet_machine "autoscale cost"
metric() { # file series-regex
  awk -v re="$2" '$0 ~ re { print $NF; found = 1 } END { if (!found) print 0 }' "$1" | head -1
}
curl -fsS "$BENCH_ADDR/metrics" -o "$BENCH_WORK/m0"
sleep "$COST_WINDOW"
curl -fsS "$BENCH_ADDR/metrics" -o "$BENCH_WORK/m1"
calls0="$(metric "$BENCH_WORK/m0" '^orch_engine_request_duration_seconds_count\{operation="container.stats"')"
calls1="$(metric "$BENCH_WORK/m1" '^orch_engine_request_duration_seconds_count\{operation="container.stats"')"
sum0="$(metric "$BENCH_WORK/m0" '^orch_engine_request_duration_seconds_sum\{operation="container.stats"')"
sum1="$(metric "$BENCH_WORK/m1" '^orch_engine_request_duration_seconds_sum\{operation="container.stats"')"
cpu0="$(metric "$BENCH_WORK/m0" '^process_cpu_seconds_total')"
cpu1="$(metric "$BENCH_WORK/m1" '^process_cpu_seconds_total')"
calls=$(awk -v a="$calls0" -v b="$calls1" 'BEGIN { printf "%d", b - a }')
periods=$(awk -v c="$calls" -v n="$COST_REPLICAS" 'BEGIN { printf "%.1f", c / n }')
mean_ms=$(awk -v a="$sum0" -v b="$sum1" -v c="$calls" 'BEGIN { if (c > 0) printf "%.2f", (b - a) * 1000 / c; else print "n/a" }')
cpu_ms=$(awk -v a="$cpu0" -v b="$cpu1" -v c="$calls" 'BEGIN { if (c > 0) printf "%.2f", (b - a) * 1000 / c; else print "n/a" }')
printf 'cost-agent\t%s\t%s\t%s\t%s\t%s\n' "$COST_REPLICAS" "$calls" "$periods" "$mean_ms" "$cpu_ms" | tee -a "$OUT"

# The same request from the shell (curl's own start-up included), and the cgroup v1 files, per replica.
ids=($(docker ps -q --no-trunc --filter "label=io.orch.stack=$COST_STACK"))
t0="$(now_ns)"
for id in "${ids[@]}"; do
  curl -fsS --unix-socket "$DOCKER_SOCK" "http://localhost/containers/$id/stats?stream=false&one-shot=true" -o /dev/null
done
t1="$(now_ns)"
curl_ms=$(awk -v a="$t0" -v b="$t1" -v n="${#ids[@]}" 'BEGIN { printf "%.2f", (b - a) / 1e6 / n }')
cg_ms=n/a
if [[ -r "/sys/fs/cgroup/cpuacct/docker/${ids[0]}/cpuacct.usage" ]]; then
  t0="$(now_ns)"
  for round in 1 2 3 4 5 6 7 8 9 10; do
    for id in "${ids[@]}"; do
      read -r _ <"/sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage"
      read -r _ <"/sys/fs/cgroup/memory/docker/$id/memory.usage_in_bytes"
      while read -r _; do :; done <"/sys/fs/cgroup/memory/docker/$id/memory.stat"
    done
  done
  t1="$(now_ns)"
  cg_ms=$(awk -v a="$t0" -v b="$t1" -v n="${#ids[@]}" 'BEGIN { printf "%.3f", (b - a) / 1e6 / n / 10 }')
fi
printf 'cost-shell\t%s\t%s\t%s\n' "${#ids[@]}" "$curl_ms" "$cg_ms" | tee -a "$OUT"
log "done; figures in $OUT"
