# Shared by the bench/api scripts (sourced, not run): a private agent on its own port and state dir, one stack of
# 50 `sleep` replicas, waiting for other benchmarks to finish, and cleanup.
# Environment: BENCH_ADDR (default 127.0.0.1:7272), BENCH_STATE (default /tmp/orch-bench3), BENCH_STACK
# (default bench3api), BENCH_REPLICAS (default 50).
set -euo pipefail

API_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$API_DIR/../.." && pwd)"
BENCH_ADDR=${BENCH_ADDR:-127.0.0.1:7272}
BENCH_URL="http://$BENCH_ADDR"
BENCH_STATE=${BENCH_STATE:-/tmp/orch-bench3}
BENCH_STACK=${BENCH_STACK:-bench3api}
BENCH_REPLICAS=${BENCH_REPLICAS:-50}
OUT_DIR=${OUT_DIR:-$API_DIR/out}
mkdir -p "$OUT_DIR" "$BENCH_STATE"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Runs the CLI from the private copy of its jar (so a rebuild of target/orch.jar by someone else cannot break us).
orch_cli() { java -jar "$BENCH_STATE/orch.jar" "$@" --addr "$BENCH_URL" --state-dir "$BENCH_STATE"; }

# Other helpers share this 2-core machine: measure only when no other benchmark or Maven test runs.
# Polls every 30 s, gives up after 25 min (and says so in $OUT_DIR/waited.txt, for RESULTS.md).
wait_for_quiet_machine() {
  local pattern='restart-latency.sh|converge.sh|run-all.sh|surefire|failsafe' waited=0
  while pgrep -f "$pattern" >/dev/null; do
    if (( waited >= 1500 )); then
      log "machine still busy after 25 min; measuring anyway"
      echo "$(date -Is) $1: measured while busy: $(pgrep -af "$pattern" | cut -c1-100 | tr '\n' ';')" \
        >> "$OUT_DIR/waited.txt"
      return 0
    fi
    log "waiting for other benchmarks/tests to finish ($1)..."
    sleep 30; waited=$((waited + 30))
  done
  echo "$(date -Is) $1: machine quiet after ${waited}s" >> "$OUT_DIR/waited.txt"
}

agent_up() { curl -fsS -o /dev/null --max-time 1 "$BENCH_URL/v1/info" 2>/dev/null; }

start_agent() {
  if agent_up; then
    # Reuse only our own agent: another helper's agent on this port must not get our stack.
    if [[ -f "$BENCH_STATE/agent.pid" ]] && kill -0 "$(cat "$BENCH_STATE/agent.pid")" 2>/dev/null; then
      log "our agent already answers on $BENCH_URL"; return 0
    fi
    log "something else listens on $BENCH_ADDR; set BENCH_ADDR to a free port"; return 1
  fi
  local jar="$REPO/orchestrator-agent/target/orch-agent.jar" cli_jar="$REPO/orchestrator-cli/target/orch.jar"
  if [[ ! -f "$jar" || ! -f "$cli_jar" ]]; then (cd "$REPO" && mvn -q -B -o -DskipTests package) >&2; fi
  cp "$jar" "$BENCH_STATE/orch-agent.jar"
  cp "$cli_jar" "$BENCH_STATE/orch.jar"
  # GC log (negligible cost) so that latency outliers can be checked against GC pauses.
  nohup java ${BENCH_JAVA_OPTS:-"-Xlog:gc:file=$BENCH_STATE/gc.log:uptime,time"} -jar "$BENCH_STATE/orch-agent.jar" agent --listen "$BENCH_ADDR" --state-dir "$BENCH_STATE" \
    > "$BENCH_STATE/agent.log" 2>&1 &
  echo $! > "$BENCH_STATE/agent.pid"
  for _ in $(seq 1 60); do agent_up && { log "agent pid $(cat "$BENCH_STATE/agent.pid") on $BENCH_URL"; return 0; }
    sleep 0.5; done
  log "agent did not answer; see $BENCH_STATE/agent.log"; return 1
}

stop_agent() {
  [[ -f "$BENCH_STATE/agent.pid" ]] || return 0
  local pid; pid=$(cat "$BENCH_STATE/agent.pid")
  kill "$pid" 2>/dev/null && while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  rm -f "$BENCH_STATE/agent.pid"
}

stack_file() {
  cat > "$BENCH_STATE/stack.yml" <<YAML
name: $BENCH_STACK
services:
  sleeper:
    image: busybox:1.36
    command: ["sleep", "86400"]
    stop_grace_period: 1s
    deploy:
      replicas: $BENCH_REPLICAS
      restart_policy: {condition: any, delay: 0s}
YAML
  echo "$BENCH_STATE/stack.yml"
}

# Submits the stack and waits until all replicas run (orch up waits for convergence).
stack_up() {
  "$REPO/examples/offline-images.sh" >&2
  orch_cli up -f "$(stack_file)" --timeout 5m >&2
  local running
  running=$(docker ps -q --filter "label=io.orch.stack=$BENCH_STACK" --filter status=running | wc -l)
  log "$running containers of $BENCH_STACK running"
}

cleanup() {
  orch_cli down -p "$BENCH_STACK" >&2 2>&1 || true
  stop_agent
  local left; left=$(docker ps -aq --filter "label=io.orch.stack=$BENCH_STACK")
  [[ -z "$left" ]] || docker rm -f $left >/dev/null
}

# The agent's own histogram of GET /v1/stacks/{stack}/services (orch_http_request_duration_seconds, status 200):
# prints "le count" per bucket, cumulative since the agent started.
server_buckets() {
  curl -fsS "$BENCH_URL/metrics" | awk '/^orch_http_request_duration_seconds_bucket/ && /route="\/v1\/stacks\/\{stack\}\/services"/ \
    && /method="GET"/ && /status="200"/ { match($0, /le="[^"]*"/); print substr($0, RSTART + 4, RLENGTH - 5), $NF }'
}

# Machine description, for RESULTS.md.
machine() {
  echo "date: $(date -Is)"
  echo "nproc: $(nproc)"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "kernel: $(uname -sr)"
  echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "docker: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "wrk: $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
  echo "orch: $(cd "$REPO" && git rev-parse --short HEAD)"
}
