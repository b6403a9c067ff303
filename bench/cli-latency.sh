#!/usr/bin/env bash
# CLI start-up (issue 13 item 2, issue 23 item 3): `orch ps`, `orch ls`, `orch version` against `docker ps`, and against
# the floor (a JVM with the CLI's options that prints one line), interleaved in one run, medians of RUNS each: wall
# time, and CPU time (user + sys, from /usr/bin/time: less sensitive to a loaded machine than wall time).
#
#   bench/cli-latency.sh [BASELINE_DIR]
#
# The orch rows run the repository's own `./orch` launcher, as a user does: the CLI's jar (orchestrator-cli) with the
# launcher's JVM options and the class-data archive its first run writes (the script waits for it before measuring).
# BASELINE_DIR (optional): another checkout, already built (e.g. `git worktree add /tmp/base <commit>` and
# `mvn -B -q -DskipTests package` there), whose `./orch ps|ls|version` are measured in the same run against the same
# agent, for a before/after ratio. The script starts its own agent (`./orch agent`, a private state dir and port), with
# REPLICAS (default 0) busybox replicas in one stack, measures, then removes the stack and stops the agent.
# Environment: RUNS (10), PORT (17980), REPLICAS (0).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-10}"
PORT="${PORT:-17980}"
REPLICAS="${REPLICAS:-0}"
BASELINE_DIR="${1:-}"
work="$(mktemp -d /tmp/orch-cli-latency.XXXXXX)"
stack="clibench$$"
export ORCH_ADDR="http://127.0.0.1:$PORT" ORCH_STATE_DIR="$work/state"
mkdir -p "$ORCH_STATE_DIR"
unset ORCH_JAVA_OPTS
orch() { "$here/orch" "$@"; }

agent_pid=
cleanup() {
  if (( REPLICAS > 0 )); then orch down -p "$stack" >/dev/null 2>&1 || true; fi
  if [[ -n "$agent_pid" ]]; then kill "$agent_pid" 2>/dev/null || true; wait "$agent_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

[[ -f "$here/orchestrator-cli/target/orch.jar" && -f "$here/orchestrator-agent/target/orch-agent.jar" ]] ||
  (cd "$here" && mvn -q -B -DskipTests package)
"$here/orch" agent --listen "127.0.0.1:$PORT" --state-dir "$ORCH_STATE_DIR" >"$work/agent.log" 2>&1 &
agent_pid=$!
for _ in $(seq 1 300); do curl -fs "$ORCH_ADDR/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
if (( REPLICAS > 0 )); then
  cat >"$work/stack.yml" <<EOF
name: $stack
services:
  idle:
    image: busybox:1.36
    command: ["sleep", "86400"]
    init: true
    deploy:
      replicas: $REPLICAS
EOF
  orch up -f "$work/stack.yml" --timeout 10m >/dev/null
fi

# The launcher writes its class-data archive in the background after a build: wait for it, as a user's later
# commands would find it.
for dir in "$here" ${BASELINE_DIR:+"$BASELINE_DIR"}; do "$dir/orch" version >/dev/null 2>&1 || true; done
for _ in $(seq 1 120); do
  for ok in "$here"/orchestrator-cli/target/orch-cli*.jsa.ok; do
    [[ -f "$ok" && ! "$here/orchestrator-cli/target/orch.jar" -nt "${ok%.ok}" ]] && break 2
  done
  sleep 1
done
mkdir -p "$work/floor"
printf 'public class Floor { public static void main(String[] a) { System.out.println("floor"); } }\n' \
  >"$work/floor/Floor.java"
javac -d "$work/floor" "$work/floor/Floor.java"

# One sample: "<wall ms> <cpu ms>" of a command run to its end, its output thrown away.
sample() {
  local t0 t1 u s
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/time" "$@" >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  read -r u s <"$work/time"
  awk -v w=$(( (t1 - t0) / 1000000 )) -v u="$u" -v s="$s" 'BEGIN { printf "%d\t%d\n", w, (u + s) * 1000 }'
}
samples="$work/samples.tsv"
row() { local name="$1"; shift; printf '%s\t%s\n' "$name" "$(sample "$@")" >>"$samples"; }
for _ in $(seq 1 "$RUNS"); do
  row 'docker ps' docker ps
  row 'floor (JVM, one line)' java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$work/floor" Floor
  row 'orch ps' "$here/orch" ps
  row 'orch ls' "$here/orch" ls
  row 'orch version' "$here/orch" version
  if [[ -n "$BASELINE_DIR" ]]; then
    row 'orch ps (baseline)' "$BASELINE_DIR/orch" ps
    row 'orch ls (baseline)' "$BASELINE_DIR/orch" ls
    row 'orch version (baseline)' "$BASELINE_DIR/orch" version
  fi
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
med() { awk -F'\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$samples" | median; }
docker_wall="$(med 'docker ps' 2)"
docker_cpu="$(med 'docker ps' 3)"
echo "CLI start-up, $(date -u +%FT%TZ), orch at $(git -C "$here" rev-parse --short HEAD)${BASELINE_DIR:+, baseline at $(git -C "$BASELINE_DIR" rev-parse --short HEAD 2>/dev/null || echo "$BASELINE_DIR")};" \
  "$(nproc) cores; loadavg $(cut -d' ' -f1-3 /proc/loadavg); $REPLICAS replicas; median of $RUNS interleaved runs each;" \
  "java: $(java -version 2>&1 | head -1)"
echo
echo "| command | wall ms | x docker ps | cpu ms | x docker ps |"
echo "|---|---|---|---|---|"
awk -F'\t' '{ print $1 }' "$samples" | awk '!seen[$0]++' | while read -r k; do
  w="$(med "$k" 2)"
  c="$(med "$k" 3)"
  awk -v k="$k" -v w="$w" -v c="$c" -v dw="$docker_wall" -v dc="$docker_cpu" \
    'BEGIN { printf "| %s | %.0f | %.1f | %.0f | %.1f |\n", k, w, (dw > 0 ? w / dw : 0), c, (dc > 0 ? c / dc : 0) }'
done
