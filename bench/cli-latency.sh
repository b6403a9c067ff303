#!/usr/bin/env bash
# CLI latency (issue 13, item 2): `orch ps`, `orch ls`, `orch scale`, `orch version` against `docker ps`, and against
# the floor (a JVM with the CLI's options that prints one line), interleaved in one run, medians of RUNS each.
#
#   bench/cli-latency.sh [BASELINE_JAR]
#
# BASELINE_JAR (optional): an older orch.jar whose `orch ps` is measured in the same run, for a before/after ratio.
# The script starts its own agent (a copy of the jar, a private state dir and port), submits a 3-replica stack,
# measures, then removes the stack and stops the agent. Each jar runs as ./orch runs it: C1 only, serial GC, and its
# own AppCDS archive (written by one run first). Environment: RUNS (15), PORT (17980).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-15}"
PORT="${PORT:-17980}"
BASELINE_JAR="${1:-}"
work="$(mktemp -d /tmp/orch-cli-latency.XXXXXX)"
stack=clibench
export ORCH_ADDR="http://127.0.0.1:$PORT" ORCH_STATE_DIR="$work/state"
mkdir -p "$ORCH_STATE_DIR"

[[ -f "$here/orchestrator-agent/target/orch.jar" ]] || (cd "$here" && mvn -q -B -DskipTests package)
cp "$here/orchestrator-agent/target/orch.jar" "$work/new.jar"   # a copy: a rebuild must not pull it from under us
[[ -n "$BASELINE_JAR" ]] && cp "$BASELINE_JAR" "$work/base.jar"

CLI_OPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
cli() { local jar="$1"; shift; java "${CLI_OPTS[@]}" -XX:SharedArchiveFile="${jar%.jar}.jsa" -jar "$jar" "$@"; }

agent_pid=
cleanup() {
  cli "$work/new.jar" down -p "$stack" >/dev/null 2>&1 || true
  [[ -n "$agent_pid" ]] && kill "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

java -XX:+UseSerialGC -Xmx256m -jar "$work/new.jar" agent --listen "127.0.0.1:$PORT" --state-dir "$ORCH_STATE_DIR" \
  >"$work/agent.log" 2>&1 &
agent_pid=$!
for _ in $(seq 1 100); do curl -fs "$ORCH_ADDR/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
cli "$work/new.jar" up -p "$stack" -f "$here/examples/hello/stack.yml" --timeout 2m >/dev/null

# One run per jar writes its class-data archive, as the first ./orch run after a build does.
for jar in "$work/new.jar" ${BASELINE_JAR:+"$work/base.jar"}; do
  java "${CLI_OPTS[@]}" -XX:ArchiveClassesAtExit="${jar%.jar}.jsa" -jar "$jar" ps -p "$stack" >/dev/null
done
mkdir -p "$work/floor"
printf 'public class Floor { public static void main(String[] a) { System.out.println("floor"); } }\n' \
  >"$work/floor/Floor.java"
javac -d "$work/floor" "$work/floor/Floor.java"

time_ms() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
samples="$work/samples.tsv"
for _ in $(seq 1 "$RUNS"); do
  printf 'docker ps\t%s\n' "$(time_ms docker ps)" >>"$samples"
  printf 'floor\t%s\n' "$(time_ms java "${CLI_OPTS[@]}" -cp "$work/floor" Floor)" >>"$samples"
  printf 'orch ps\t%s\n' "$(time_ms cli "$work/new.jar" ps -p "$stack")" >>"$samples"
  printf 'orch ls\t%s\n' "$(time_ms cli "$work/new.jar" ls)" >>"$samples"
  printf 'orch scale\t%s\n' "$(time_ms cli "$work/new.jar" scale -p "$stack" web=3)" >>"$samples"
  printf 'orch version\t%s\n' "$(time_ms cli "$work/new.jar" version)" >>"$samples"
  if [[ -n "$BASELINE_JAR" ]]; then
    printf 'orch ps (baseline jar)\t%s\n' "$(time_ms cli "$work/base.jar" ps -p "$stack")" >>"$samples"
  fi
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
med() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$samples" | median; }
docker_ms="$(med 'docker ps')"
echo "CLI latency, $(date -u +%FT%TZ), orch at $(git -C "$here" rev-parse --short HEAD); $(nproc) cores;" \
  "loadavg $(cut -d' ' -f1-3 /proc/loadavg); median of $RUNS interleaved runs each"
echo
echo "| command | median ms | x docker ps | x floor |"
echo "|---|---|---|---|"
floor_ms="$(med floor)"
for k in 'docker ps' floor 'orch ps' 'orch ls' 'orch scale' 'orch version' ${BASELINE_JAR:+'orch ps (baseline jar)'}; do
  m="$(med "$k")"
  awk -v k="$k" -v m="$m" -v d="$docker_ms" -v f="$floor_ms" \
    'BEGIN { printf "| %s | %.0f | %.1f | %.1f |\n", k, m, (d > 0 ? m / d : 0), (f > 0 ? m / f : 0) }'
done
