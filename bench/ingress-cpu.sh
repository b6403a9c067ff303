#!/usr/bin/env bash
# The agent's CPU per request proxied by orch's ingress, by agent JVM variant: wrk (keep-alive as busybox httpd allows:
# a new TCP connection per request) through the ingress to ONE busybox httpd replica, and the agent's utime+stime
# (/proc/PID/stat) over the measured window. CPU per request is steadier than req/s on a shared 2-core machine (wrk,
# the proxy and httpd's forks compete for the same cores), so this is the figure to compare transports and JITs by.
# The same stack and container serve every variant: the agent is restarted with other options and adopts them.
#
# Usage: bench/ingress-cpu.sh     (ROUNDS=2 DURATION=10s CONNECTIONS=16 THREADS=2 VARIANTS="epoll nio" by default)
#   variants: epoll (the agent as `orch up` starts it: AgentJvm.OPTIONS, native epoll transport), nio (the same with
#   -Dorch.ingress.transport=nio), c2 (epoll, without -XX:TieredStopAtLevel=1: C2 compiles during the window)
# Needs: bash, docker CLI + the local engine, wrk, curl, awk, java 17, busybox:1.36 (examples/offline-images.sh).
set -euo pipefail
BENCH_PORT="${BENCH_PORT:-18191}"
BENCH_STATE_DIR="${BENCH_STATE_DIR:-/tmp/ingress-cpu-state}"
BENCH_WORK="${BENCH_WORK:-/tmp/ingress-cpu-work}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
VARIANTS="${VARIANTS:-epoll nio}"
INGRESS_PORT="${INGRESS_PORT:-18183}"
OUT="${OUT:-$BENCH_WORK/ingress-cpu.tsv}"
STACK=ingresscpu
LEAN="-XX:+ExitOnOutOfMemoryError -Xmx256m -XX:+UseSerialGC -Xms16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1"

variant_opts() {
  case "$1" in
    epoll) echo "$LEAN" ;;
    nio) echo "$LEAN -Dorch.ingress.transport=nio" ;;
    c2) echo "${LEAN% -XX:TieredStopAtLevel=1}" ;;
    *) die "unknown variant $1 (epoll, nio, c2)" ;;
  esac
}

cleanup() {
  set +e
  if [[ -z "$AGENT_PID" ]]; then ORCH_JAVA_OPTS="$LEAN" agent_start; fi
  orch_delete "$STACK"
  wait_until 60 no_container_with_label "io.orch.stack=$STACK"
  agent_stop
  docker ps -aq --filter "label=io.orch.stack=$STACK" | xargs -r docker rm -f >/dev/null
  rm -rf "$BENCH_STATE_DIR"
}
trap cleanup EXIT

cat >"$BENCH_WORK/stack.yml" <<YAML
services:
  web:
    image: $BENCH_IMAGE
    command: ["sh", "-c", "mkdir -p /tmp/www && echo hello > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"]
    init: true
    stop_grace_period: 2s
    ports: ["127.0.0.1:$INGRESS_PORT:8080"]
    deploy:
      update_config: {order: start-first}
YAML

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
user_ticks() { awk '{ print $14 }' "/proc/$1/stat"; }
tick_ms=$(( 1000 / $(getconf CLK_TCK) ))

log "uses $ORCH_JAR ($(cd "$REPO_DIR" && git rev-parse --short HEAD))"
printf 'round\tvariant\trequests\trps\tp99_ms\tagent_cpu_ms\tagent_user_ms\tus_per_request\n' >"$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for variant in $VARIANTS; do
    ORCH_JAVA_OPTS="$(variant_opts "$variant")" agent_start
    orch_put "$STACK" "$BENCH_WORK/stack.yml"
    wait_until 120 curl -fsS "http://127.0.0.1:$INGRESS_PORT/" -o /dev/null || die "the ingress did not serve $INGRESS_PORT"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:$INGRESS_PORT/" >/dev/null # warm-up (JIT, pools)
    sleep 2
    wait_for_quiet_machine "ingress-cpu $variant"
    cpu0="$(cpu_ticks "$AGENT_PID")"; user0="$(user_ticks "$AGENT_PID")"
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$INGRESS_PORT/")"
    cpu1="$(cpu_ticks "$AGENT_PID")"; user1="$(user_ticks "$AGENT_PID")"
    requests="$(awk '/requests in/ { print $1 }' <<<"$out")"
    rps="$(awk '/Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
    p99="$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) v = v / 1000; else if (v ~ /ms$/) v = v + 0; else if (v ~ /s$/) v = v * 1000; print v }' <<<"$out")"
    cpu_ms=$(( (cpu1 - cpu0) * tick_ms )); user_ms=$(( (user1 - user0) * tick_ms ))
    per="$(awk -v c="$cpu_ms" -v r="$requests" 'BEGIN { printf "%.0f", c * 1000 / r }')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$variant" "$requests" "$rps" "$p99" "$cpu_ms" "$user_ms" "$per" \
      | tee -a "$OUT"
    agent_stop
  done
done

echo
echo "medians over $ROUNDS round(s), wrk -t$THREADS -c$CONNECTIONS -d$DURATION (loadavg now: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-8s %8s %10s %16s\n' variant req/s p99_ms agent_us/request
for variant in $VARIANTS; do
  printf '%-8s %8s %10s %16s\n' "$variant" \
    "$(awk -F'\t' -v v="$variant" '$2 == v { print $4 }' "$OUT" | median)" \
    "$(awk -F'\t' -v v="$variant" '$2 == v { print $5 }' "$OUT" | median)" \
    "$(awk -F'\t' -v v="$variant" '$2 == v { print $8 }' "$OUT" | median)"
done
