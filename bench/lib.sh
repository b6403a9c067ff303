# Shared helpers for the bench/ scripts. Source it; it is not a program.
# Needs: bash 4+, docker CLI (talking to the local engine), curl, awk, sort, java 17 (for the orch agent).

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_IMAGE="${BENCH_IMAGE:-busybox:1.36}"
# A port and state dir of our own, so a bench never talks to (or disturbs) an agent someone else runs on 7070.
BENCH_PORT="${BENCH_PORT:-7171}"
BENCH_ADDR="http://127.0.0.1:$BENCH_PORT"
BENCH_STATE_DIR="${BENCH_STATE_DIR:-/tmp/orch-bench-state}"
BENCH_WORK="${BENCH_WORK:-/tmp/orch-bench-work}"
mkdir -p "$BENCH_WORK"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ns() { date +%s%N; }
# Nanoseconds -> milliseconds with one decimal.
ns_to_ms() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1e6 }'; }
# Median of the numbers on stdin (one a line).
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# Waits until no Maven build or test run is going on, so the figures are not skewed by another job on the 2 cores.
# BENCH_WAIT_DEADLINE (unix seconds, optional): past it, stop waiting and measure anyway; what was running is logged,
# so RESULTS.md can say how many measurements ran beside a Maven job. Appends one line a measurement to busy.log.
maven_jobs() { { pgrep -f surefire; pgrep -f failsafe; pgrep -f 'mvn'; pgrep -f 'plexus-classworlds'; true; } 2>/dev/null | sort -u | wc -l; }
wait_for_quiet_machine() {
  local waited=0
  # BENCH_SMOKE=1: a quick try of the scripts themselves; its figures mean nothing.
  if [[ "${BENCH_SMOKE:-0}" == 1 ]]; then return 0; fi
  while (( $(maven_jobs) > 0 )); do
    if [[ -n "${BENCH_WAIT_DEADLINE:-}" ]] && (( $(date +%s) >= BENCH_WAIT_DEADLINE )); then break; fi
    if (( waited == 0 )); then log "a Maven build/test run is going on; waiting for it to end (polling every 30s)"; fi
    sleep 30; waited=$(( waited + 30 ))
  done
  local load jobs; load="$(cut -d' ' -f1-3 /proc/loadavg)"; jobs="$(maven_jobs)"
  echo "$(date -u +%FT%TZ) $1: waited ${waited}s for Maven runs to end; maven_processes: $jobs; loadavg before run: $load" >>"$BENCH_WORK/busy.log"
  log "measuring (waited ${waited}s, Maven processes running: $jobs, loadavg $load)"
}

# Streams the engine's events (since a given unix time, so nothing is lost to the subscription race) into a file,
# one line each: "<TimeNano> <Action> <container id>". Sets EVENTS_PID.
events_start() { # since_ns outfile filter...
  local since_ns="$1" out="$2"; shift 2
  local since; since="$(awk -v n="$since_ns" 'BEGIN { printf "%d.%09d", n / 1e9, n % 1e9 }')"
  local args=(--since "$since" --filter type=container)
  local f; for f in "$@"; do args+=(--filter "$f"); done
  : >"$out"
  docker events "${args[@]}" --format '{{.TimeNano}} {{.Action}} {{.Actor.ID}}' >"$out" 2>/dev/null &
  EVENTS_PID=$!
}
events_stop() { if [[ -n "${EVENTS_PID:-}" ]]; then kill "$EVENTS_PID" 2>/dev/null || true; wait "$EVENTS_PID" 2>/dev/null || true; EVENTS_PID=; fi; }

# Waits until a command succeeds, polling every 0.1 s, at most $1 seconds.
wait_until() { # timeout_s command...
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do (( $(date +%s) < deadline )) || return 1; sleep 0.1; done
}

# ---- the orch agent under test ------------------------------------------------------------------------------------
# ORCH_JAR / ORCH_CLI_JAR may name another build (e.g. main's, for a before/after figure).
ORCH_JAR="${ORCH_JAR:-$REPO_DIR/orchestrator-agent/target/orch-agent.jar}"   # the agent
ORCH_CLI_JAR="${ORCH_CLI_JAR:-$REPO_DIR/orchestrator-cli/target/orch.jar}"     # the CLI
AGENT_PID=

agent_start() {
  [[ -f "$ORCH_JAR" ]] || { log "building $ORCH_JAR"; (cd "$REPO_DIR" && mvn -q -B -o -DskipTests package) >&2; }
  if curl -fsS "$BENCH_ADDR/healthz" >/dev/null 2>&1; then die "something already answers on $BENCH_ADDR"; fi
  mkdir -p "$BENCH_STATE_DIR"
  # ORCH_AGENT_ARGS (an array, optional): more `orch agent` options, e.g. (--resync 30s).
  ORCH_STATE_DIR="$BENCH_STATE_DIR" java ${ORCH_JAVA_OPTS:-} -jar "$ORCH_JAR" agent \
      --listen "127.0.0.1:$BENCH_PORT" --state-dir "$BENCH_STATE_DIR" ${ORCH_AGENT_ARGS[@]+"${ORCH_AGENT_ARGS[@]}"} \
      >>"$BENCH_STATE_DIR/agent.log" 2>&1 &
  AGENT_PID=$!
  wait_until 60 curl -fsS "$BENCH_ADDR/readyz" -o /dev/null || die "agent did not get ready; see $BENCH_STATE_DIR/agent.log"
  log "orch agent pid $AGENT_PID ready on $BENCH_ADDR (log $BENCH_STATE_DIR/agent.log)"
}
agent_stop() {
  if [[ -n "$AGENT_PID" ]]; then kill "$AGENT_PID" 2>/dev/null || true; wait "$AGENT_PID" 2>/dev/null || true; AGENT_PID=; fi
}
orch_token() { cat "$BENCH_STATE_DIR/token"; }
orch_put() { # stack yaml_file
  curl -fsS -X PUT -H "Authorization: Bearer $(orch_token)" -H 'Content-Type: application/yaml' \
       --data-binary @"$2" "$BENCH_ADDR/v1/stacks/$1" -o /dev/null
}
orch_delete() { # stack
  curl -sS -X DELETE -H "Authorization: Bearer $(orch_token)" "$BENCH_ADDR/v1/stacks/$1?volumes=false" -o /dev/null || true
}
# Containers (any state) carrying a label.
count_by_label() { docker ps -aq --filter "label=$1" | wc -l; }
no_container_with_label() { [[ "$(count_by_label "$1")" -eq 0 ]]; }

# ---- Swarm ----------------------------------------------------------------------------------------------------------
SWARM_BY_US=0
swarm_init() {
  if [[ "$(docker info -f '{{.Swarm.LocalNodeState}}')" == active ]]; then die "a Swarm is already active on this engine; not touching it"; fi
  docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 >/dev/null
  SWARM_BY_US=1
  log "single-node Swarm initialized on 127.0.0.1"
}
swarm_leave() {
  if (( SWARM_BY_US )); then docker swarm leave --force >/dev/null 2>&1 || true; SWARM_BY_US=0; log "left the Swarm"; fi
}
# Swarm re-resolves (pulls) a tag on every task start; no registry is reachable (and none may be contacted), so the
# Swarm subject names the very same image by its ID, which Swarm never pulls.
image_id() { docker image inspect -f '{{.Id}}' "$BENCH_IMAGE"; }
