#!/usr/bin/env bash
# Footprint and scale (issue 13): for each size in SIZES (replicas of one service) and each agent JVM variant in
# VARIANTS, against a private dockerd of our own (as bench/idle-cost.sh; the machine's engine is not touched):
#   - converge from nothing: submit (PUT /v1/stacks) of N replicas -> the engine's Nth container `start` event, against
#     N raw create+start calls straight to the engine API, N in parallel (as bench/converge.sh), in the same run,
#     interleaved (raw, orch, raw, orch ...), RUNS times; the ratio of the medians
#   - agent RSS (/proc/PID/status VmRSS) and threads after converge + SETTLE seconds; with NMT=1 also
#     `jcmd PID VM.native_memory summary` (committed KiB by category) and threads by name prefix (jcmd Thread.print)
#   - one reconcile pass with N unchanged containers: the agent runs with --resync RESYNC; over PASS_WINDOW seconds,
#     orch_reconcile_duration_seconds (sum/count delta from /metrics) = wall time a pass, and the agent's CPU
#     (utime+stime, /proc/PID/stat, 10 ms ticks) in the window divided by the passes (an upper bound: idle work counts)
#   - `orch ps` (the ./orch launcher, with its CDS archive) against `docker ps` on the same engine, PS_RUNS each,
#     interleaved; medians and ratio
#   - the floor: a JVM with the CLI's options that prints one line (median of PS_RUNS)
#
# Usage: bench/footprint.sh        (one command; knobs are environment variables)
#   SIZES="0 50 100 200"   replica counts; a quick try: SIZES="0 20" RUNS=1 PS_RUNS=5
#   VARIANTS="lean"        agent JVM variants, names from VARIANT_OPTS below (lean = AgentJvm.OPTIONS, as `orch up`;
#                            g1 = the options before issue 13; lean-workers16 = lean with 16 container workers)
#   RUNS=2                 converge runs per subject and size (interleaved)
#   PS_RUNS=11             `orch ps` / `docker ps` / floor runs (interleaved)
#   SETTLE=10              seconds after converge before RSS and the pass window
#   RESYNC=5  PASS_WINDOW=20   the agent's resync period (s) and the window measuring passes (s)
#   NMT=1                  run the agent with -XX:NativeMemoryTracking=summary and record the breakdown (NMT's own
#                            bookkeeping is in its "Native Memory Tracking" line; RSS includes it)
#   ENGINE_DIR=/tmp/h13fp-engine BENCH_PORT=47610 BENCH_STATE_DIR=/tmp/h13fp-state BENCH_WORK=/tmp/h13fp-work
#   RESULTS_APPEND=0       1: append the report to bench/RESULTS.md, section "Footprint and scale (issue 13)"
#   LABEL="..."            a few words on the code under test, for the report
#   CODE_AT="..."          with REPORT_ONLY: what the saved run measured (commit), for the report
#   REPORT_ONLY=FILE       measure nothing: write (and with RESULTS_APPEND=1 append) the report of a saved TSV (give
#                            it its own BENCH_WORK when a measuring run is going on)
# Needs: root (private dockerd, ip link), docker CLI, curl, jq, awk, java 17 + jcmd, busybox:1.36 in the machine's
# engine. Cleans up what it starts: the stacks, the raw containers, the agent, the private dockerd, its bridge, dirs.
set -euo pipefail
export BENCH_PORT="${BENCH_PORT:-47610}"
export BENCH_STATE_DIR="${BENCH_STATE_DIR:-/tmp/h13fp-state}"
export BENCH_WORK="${BENCH_WORK:-/tmp/h13fp-work}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Waits for other sessions' Maven runs at most this long (then measures anyway; busy.log says so).
export BENCH_WAIT_DEADLINE="${BENCH_WAIT_DEADLINE:-$(( $(date +%s) + 120 ))}"

SIZES="${SIZES:-0 50 100 200}"
VARIANTS="${VARIANTS:-lean}"
RUNS="${RUNS:-2}"
PS_RUNS="${PS_RUNS:-11}"
SETTLE="${SETTLE:-10}"
RESYNC="${RESYNC:-5}"
PASS_WINDOW="${PASS_WINDOW:-20}"
NMT="${NMT:-1}"
ENGINE_DIR="${ENGINE_DIR:-/tmp/h13fp-engine}"
RESULTS_APPEND="${RESULTS_APPEND:-0}"
LABEL="${LABEL:-}"
OUT="$BENCH_WORK/footprint.tsv"
MD="$BENCH_WORK/footprint.md"
STACK=h13fp-scale
RAW_LABEL=io.orch.bench=h13fp-raw
BRIDGE=h13fp0
BRIDGE_CIDR=172.31.252.1/24
MAIN_SOCK=/var/run/docker.sock
TICK="$(getconf CLK_TCK)"
# The agent's options: the base (the options before issue 13), then a variant's. "lean" is AgentJvm.OPTIONS today
# (what `orch up` and `./orch agent` start the agent with); "g1" is the base alone, as before issue 13.
BASE_OPTS="${BASE_OPTS:--XX:+ExitOnOutOfMemoryError -Xmx256m}"
LEAN_C2="-XX:+UseSerialGC -Xms16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
LEAN="$LEAN_C2 -XX:TieredStopAtLevel=1"
declare -A VARIANT_OPTS=(
  [g1]=""
  [serial]="-XX:+UseSerialGC"
  [lean]="$LEAN"
  [lean-c2]="$LEAN_C2"
  [lean-workers16]="$LEAN -Dorch.containerWorkers=16"
)
# The CLI's options, as ./orch gives them (for the floor).
CLI_OPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)

[[ "$(id -u)" == 0 ]] || die "needs root (a private dockerd)"
command -v jq >/dev/null || die "jq is needed"
command -v jcmd >/dev/null || die "jcmd is needed"
for v in $VARIANTS; do [[ -n "${VARIANT_OPTS[$v]+set}" ]] || die "unknown variant $v (known: ${!VARIANT_OPTS[*]})"; done

# ---- private engine (as bench/idle-cost.sh) --------------------------------------------------------------------------
PRIVATE_STARTED=0
BRIDGE_BY_US=0
engine_pid() { cat "$ENGINE_DIR/docker.pid" 2>/dev/null || true; }
pid_alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }
engine_answers() { timeout 5 docker info -f '{{.ServerVersion}}' >/dev/null 2>&1; }
private_engine_up() {
  if pid_alive "$(engine_pid)"; then die "a dockerd already runs from $ENGINE_DIR"; fi
  if ip link show "$BRIDGE" >/dev/null 2>&1; then die "bridge $BRIDGE exists already (leftover? ip link del $BRIDGE)"; fi
  rm -rf "$ENGINE_DIR"; mkdir -p "$ENGINE_DIR/root" "$ENGINE_DIR/exec"
  ip link add name "$BRIDGE" type bridge; BRIDGE_BY_US=1
  ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  PRIVATE_STARTED=1
  setsid nohup dockerd --data-root "$ENGINE_DIR/root" --exec-root "$ENGINE_DIR/exec" --pidfile "$ENGINE_DIR/docker.pid" \
      -H "unix://$ENGINE_DIR/docker.sock" --bridge "$BRIDGE" --iptables=false --ip-masq=false --ip-forward=false \
      --cgroup-parent /h13fp >>"$ENGINE_DIR/dockerd.log" 2>&1 </dev/null &
  export DOCKER_HOST="unix://$ENGINE_DIR/docker.sock"
  wait_until 60 engine_answers || die "private dockerd did not answer within 60s; see $ENGINE_DIR/dockerd.log"
  log "private dockerd pid $(engine_pid) on $DOCKER_HOST"
  DOCKER_HOST="unix://$MAIN_SOCK" docker save "$BENCH_IMAGE" | docker load >/dev/null
}
private_engine_down() {
  (( PRIVATE_STARTED )) || return 0
  local pid; pid="$(engine_pid)"
  if pid_alive "$pid"; then
    kill -TERM "$pid"
    local i=0; while pid_alive "$pid" && (( i++ < 600 )); do sleep 0.1; done
    if pid_alive "$pid"; then kill -KILL "$pid"; sleep 1; fi
  fi
  PRIVATE_STARTED=0
  grep -o " $ENGINE_DIR[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$ENGINE_DIR"
  local d; for d in /sys/fs/cgroup/*/h13fp /sys/fs/cgroup/h13fp; do [[ -d "$d" ]] && rmdir "$d" 2>/dev/null; done; true
}

cleanup() {
  set +e
  events_stop
  if [[ -n "$AGENT_PID" ]]; then orch_delete "$STACK"; fi
  agent_stop
  if (( PRIVATE_STARTED )); then
    docker ps -aq | xargs -r docker rm -f >/dev/null 2>&1
  fi
  private_engine_down
  if (( BRIDGE_BY_US )); then ip link del "$BRIDGE" 2>/dev/null; fi
  rm -rf "$BENCH_STATE_DIR"
}
if [[ -z "${REPORT_ONLY:-}" ]]; then
  trap cleanup EXIT
  trap 'exit 130' INT TERM
fi

# ---- the agent -------------------------------------------------------------------------------------------------------
agent_up() { # variant
  local v="$1" opts
  opts="$BASE_OPTS ${VARIANT_OPTS[$v]}"
  if [[ "$NMT" == 1 ]]; then opts+=" -XX:NativeMemoryTracking=summary"; fi
  rm -rf "$BENCH_STATE_DIR"; mkdir -p "$BENCH_STATE_DIR"
  # shellcheck disable=SC2086
  ORCH_STATE_DIR="$BENCH_STATE_DIR" java $opts -jar "$ORCH_JAR" agent --listen "127.0.0.1:$BENCH_PORT" \
      --state-dir "$BENCH_STATE_DIR" --resync "${RESYNC}s" >>"$BENCH_STATE_DIR/agent.log" 2>&1 &
  AGENT_PID=$!
  wait_until 60 curl -fsS "$BENCH_ADDR/readyz" -o /dev/null || die "agent did not get ready; see $BENCH_STATE_DIR/agent.log"
  log "agent ($v: $opts) pid $AGENT_PID ready"
}
proc_ticks() { awk '{ sub(/^.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# utime+stime ticks by thread group (the thread's name, /proc/PID/task/TID/comm, without a trailing number):
# "group ticks" lines. Threads that ended in between are not counted.
thread_ticks() {
  local t; for t in /proc/"$1"/task/*; do
    printf '%s\t%s\n' "$(sed -E 's/[-#]?[0-9]+$//' "$t/comm" 2>/dev/null)" "$(awk '{ sub(/^.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "$t/stat" 2>/dev/null)"
  done | awk -F'\t' '$2 != "" { s[$1] += $2 } END { for (k in s) print k "\t" s[k] }' | sort
}
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
threads_of() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }
emit() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$OUT"; } # variant size key value
get() { awk -F'\t' -v v="$1" -v s="$2" -v k="$3" '$1 == v && $2 == s && $3 == k { x = $4 } END { print (x == "" ? "n/a" : x) }' "$OUT"; }

# ---- converge --------------------------------------------------------------------------------------------------------
raw_one() {
  local i="$1" body
  body="$(printf '{"Image":"%s","Cmd":["sleep","1000000"],"Labels":{"io.orch.bench":"h13fp-raw"},"HostConfig":{"NetworkMode":"bridge"}}' "$BENCH_IMAGE")"
  curl -fsS --unix-socket "$DOCKER_SOCK" -H 'Content-Type: application/json' -d "$body" \
       "http://localhost/v1.41/containers/create?name=h13fp-raw-$i" -o /dev/null
  curl -fsS --unix-socket "$DOCKER_SOCK" -X POST "http://localhost/v1.41/containers/h13fp-raw-$i/start" -o /dev/null
}
export -f raw_one
nth_start() { awk -v n="$N" '$2 == "start" && !seen[$3]++ { if (++c == n) { print $1; found = 1; exit } } END { exit !found }' "$1"; }
label_of() { if [[ "$1" == orch ]]; then echo "io.orch.stack=$STACK"; else echo "$RAW_LABEL"; fi; }
remove_subject() {
  if [[ "$1" == orch ]]; then orch_delete "$STACK"; else docker ps -aq --filter "label=$RAW_LABEL" | xargs -r docker rm -f >/dev/null; fi
  wait_until 300 no_container_with_label "$(label_of "$1")" || die "$1: containers still there after 300s"
}
write_stack() {
  cat >"$BENCH_WORK/stack.yml" <<YAML
name: $STACK
services:
  app:
    image: $BENCH_IMAGE
    command: ["sleep", "1000000"]
    network_mode: bridge
    stop_grace_period: 1s
    deploy:
      replicas: $N
YAML
}
converge_once() { # subject -> ms on stdout
  local subject="$1" ev="$BENCH_WORK/events-$1.txt" t0 end
  t0="$(now_ns)"
  events_start "$t0" "$ev" "label=$(label_of "$subject")" event=start
  if [[ "$subject" == orch ]]; then orch_put "$STACK" "$BENCH_WORK/stack.yml"
  else seq 1 "$N" | xargs -P "$N" -I{} bash -c 'raw_one {}'; fi
  wait_until 300 nth_start "$ev" || { events_stop; die "$subject: $N starts not seen within 300s"; }
  events_stop
  end="$(nth_start "$ev")"
  ns_to_ms $(( end - t0 ))
}

# ---- CLI -------------------------------------------------------------------------------------------------------------
time_ms() { local t0 t1; t0="$(now_ns)"; "$@" >/dev/null 2>&1 || true; t1="$(now_ns)"; ns_to_ms $(( t1 - t0 )); }
orch_ps() { ORCH_ADDR="$BENCH_ADDR" ORCH_STATE_DIR="$BENCH_STATE_DIR" "$REPO_DIR/orch" ps; }
floor() { java "${CLI_OPTS[@]}" -cp "$BENCH_WORK/floor" Floor; }

# ---- per size --------------------------------------------------------------------------------------------------------
measure_size() { # variant
  local v="$1" i ms
  if (( N > 0 )); then
    write_stack
    for (( i = 1; i <= RUNS; i++ )); do
      wait_for_quiet_machine "footprint $v N=$N raw $i"
      ms="$(converge_once raw)"; emit "$v" "$N" converge_raw "$ms"; log "$v N=$N raw run $i: $ms ms"
      remove_subject raw; sleep 3
      wait_for_quiet_machine "footprint $v N=$N orch $i"
      ms="$(converge_once orch)"; emit "$v" "$N" converge_orch "$ms"; log "$v N=$N orch run $i: $ms ms"
      if (( i < RUNS )); then remove_subject orch; sleep 3; fi
    done
  fi
  sleep "$SETTLE"
  emit "$v" "$N" rss_kib "$(rss_kib "$AGENT_PID")"
  emit "$v" "$N" threads "$(threads_of "$AGENT_PID")"
  if [[ "$NMT" == 1 ]]; then
    jcmd "$AGENT_PID" VM.native_memory summary >"$BENCH_WORK/nmt-$v-$N.txt" 2>&1 || true
    # "-   Java Heap (reserved=..KB, committed=..KB)" -> category and committed KiB
    awk '/^-/ && /committed=/ { line = $0; sub(/^- */, "", line); cat = line; sub(/ *\(.*/, "", cat);
          match(line, /committed=[0-9]+KB/); c = substr(line, RSTART + 10, RLENGTH - 12); print cat "\t" c }
         /^Total:/ { match($0, /committed=[0-9]+KB/); print "Total\t" substr($0, RSTART + 10, RLENGTH - 12) }' \
        "$BENCH_WORK/nmt-$v-$N.txt" | while IFS=$'\t' read -r cat kib; do emit "$v" "$N" "nmt:$cat" "$kib"; done
    jcmd "$AGENT_PID" Thread.print 2>/dev/null | grep '^"' | sed -E 's/^"([^"]*)".*/\1/; s/[-#]?[0-9]+$//; s/-[0-9]+-thread$//' \
        | sort | uniq -c | sort -rn >"$BENCH_WORK/threads-$v-$N.txt" || true
    emit "$v" "$N" thread_pools "$(awk '{ n = $1; sub(/^ *[0-9]+ /, ""); printf "%s%s %s", (NR > 1 ? ", " : ""), $0, n }' "$BENCH_WORK/threads-$v-$N.txt")"
  fi
  # One pass with N unchanged containers: resync passes in a window.
  local m0="$BENCH_WORK/m0.txt" m1="$BENCH_WORK/m1.txt" a0 a1
  curl -fsS "$BENCH_ADDR/metrics" -o "$m0"; a0="$(proc_ticks "$AGENT_PID")"; thread_ticks "$AGENT_PID" >"$BENCH_WORK/tt0.txt"
  sleep "$PASS_WINDOW"
  a1="$(proc_ticks "$AGENT_PID")"; thread_ticks "$AGENT_PID" >"$BENCH_WORK/tt1.txt"; curl -fsS "$BENCH_ADDR/metrics" -o "$m1"
  # Where the window's CPU went, by thread group (ms), largest first.
  emit "$v" "$N" cpu_by_thread "$(awk -F'\t' -v tick="$TICK" 'NR == FNR { b[$1] = $2; next } { d = $2 - b[$1]; if (d > 0) print d * 1000 / tick "\t" $1 }' \
      "$BENCH_WORK/tt0.txt" "$BENCH_WORK/tt1.txt" | sort -rn | awk -F'\t' '{ printf "%s%s %d", (NR > 1 ? ", " : ""), $2, $1 }')"
  emit "$v" "$N" cpu_ms_reconcile_thread "$(awk -F'\t' 'NR == FNR { b[$1] = $2; next } $1 == "orch-reconcile" { print ($2 - b[$1]) * 1000 / '"$TICK"' }' "$BENCH_WORK/tt0.txt" "$BENCH_WORK/tt1.txt")"
  local c0 c1 s0 s1
  c0="$(awk '/^orch_reconcile_duration_seconds_count / { print $NF }' "$m0")"; c1="$(awk '/^orch_reconcile_duration_seconds_count / { print $NF }' "$m1")"
  s0="$(awk '/^orch_reconcile_duration_seconds_sum / { print $NF }' "$m0")"; s1="$(awk '/^orch_reconcile_duration_seconds_sum / { print $NF }' "$m1")"
  local passes; passes="$(awk -v a="${c0:-0}" -v b="${c1:-0}" 'BEGIN { printf "%d", b - a }')"
  emit "$v" "$N" passes "$passes"
  emit "$v" "$N" pass_ms "$(awk -v p="$passes" -v a="${s0:-0}" -v b="${s1:-0}" 'BEGIN { if (p > 0) printf "%.1f", (b - a) * 1000 / p; else print "n/a" }')"
  emit "$v" "$N" cpu_ms_window "$(( (a1 - a0) * 1000 / TICK ))"
  emit "$v" "$N" cpu_ms_per_pass "$(awk -v p="$passes" -v t="$(( (a1 - a0) * 1000 / TICK ))" 'BEGIN { if (p > 0) printf "%.0f", t / p; else print "n/a" }')"
  # orch ps vs docker ps vs floor, interleaved.
  local f="$BENCH_WORK/ps-$v-$N.tsv"; : >"$f"
  orch_ps >/dev/null 2>&1 || true # warm the page cache and the CDS archive
  for (( i = 1; i <= PS_RUNS; i++ )); do
    printf 'orch\t%s\n' "$(time_ms orch_ps)" >>"$f"
    printf 'docker\t%s\n' "$(time_ms docker ps)" >>"$f"
    printf 'floor\t%s\n' "$(time_ms floor)" >>"$f"
  done
  local k; for k in orch docker floor; do emit "$v" "$N" "ps_$k" "$(awk -F'\t' -v k="$k" '$1 == k { print $2 }' "$f" | median)"; done
  emit "$v" "$N" rss_kib_end "$(rss_kib "$AGENT_PID")"
  log "$v N=$N: rss $(( $(get "$v" "$N" rss_kib) / 1024 )) MiB, pass $(get "$v" "$N" pass_ms) ms, cpu/pass $(get "$v" "$N" cpu_ms_per_pass) ms, orch ps $(get "$v" "$N" ps_orch) ms, docker ps $(get "$v" "$N" ps_docker) ms"
}

# ---- run -------------------------------------------------------------------------------------------------------------
STARTED="$(date -u +%FT%TZ)"
# The code under test, read at the start (a commit during the run must not relabel it).
CODE="$(git -C "$REPO_DIR" log -1 --format=%h)"
# (An if, not `[[ ]] && echo` in the substitution: under set -e a clean tree would end the script there.)
if [[ -n "$(git -C "$REPO_DIR" status --porcelain -- orchestrator-agent orchestrator-core orchestrator-api)" ]]; then
  CODE="$CODE plus uncommitted changes"
fi
if [[ -n "${REPORT_ONLY:-}" ]]; then
  [[ "$REPORT_ONLY" -ef "$OUT" ]] || cp "$REPORT_ONLY" "$OUT"
  STARTED="${STARTED_AT:-$STARTED}"; LOAD_BEFORE="${LOAD_BEFORE:-?}"; LOAD_AFTER="${LOAD_AFTER:-?}"
else
: >"$OUT"
[[ -f "$ORCH_JAR" ]] || (cd "$REPO_DIR" && mvn -q -B -o -DskipTests package) >&2
mkdir -p "$BENCH_WORK/floor"
printf 'public class Floor { public static void main(String[] a) { System.out.println("floor"); } }\n' >"$BENCH_WORK/floor/Floor.java"
javac -d "$BENCH_WORK/floor" "$BENCH_WORK/floor/Floor.java"
DOCKER_HOST="unix://$MAIN_SOCK" docker image inspect "$BENCH_IMAGE" >/dev/null || die "image $BENCH_IMAGE missing"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
private_engine_up
export DOCKER_SOCK="$ENGINE_DIR/docker.sock" BENCH_IMAGE
"$REPO_DIR/orch" version >/dev/null 2>&1 || true # writes the CLI's CDS archive if the jar is newer
"$REPO_DIR/orch" version >/dev/null 2>&1 || true
for v in $VARIANTS; do
  agent_up "$v"
  for N in $SIZES; do
    measure_size "$v"
    if (( N > 0 )); then remove_subject orch; sleep 3; fi
  done
  agent_stop
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
fi

# ---- report ----------------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
kib_mib() { awk -v k="$1" 'BEGIN { if (k == "n/a" || k == "") print "n/a"; else printf "%.0f", k / 1024 }'; }
{
  echo "### Run of $STARTED${LABEL:+ ($LABEL)}"
  echo
  echo "orch at ${CODE_AT:-$CODE} (\`orchestrator-agent/target/orch-agent.jar\`; the agent's JVM options are given per variant);"
  echo "private dockerd ($(DOCKER_HOST="unix://$MAIN_SOCK" docker version -f 'Docker {{.Server.Version}}' 2>/dev/null || echo '?'), own bridge, no iptables); $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM;"
  echo "$(java -version 2>&1 | head -1); loadavg before $LOAD_BEFORE, after $LOAD_AFTER; the machine is shared with other sessions."
  echo "Agent: \`java $BASE_OPTS <variant> -jar orch-agent.jar agent --resync ${RESYNC}s\`$( [[ "$NMT" == 1 ]] && echo ", with -XX:NativeMemoryTracking=summary (its own bookkeeping is counted in RSS)")."
  echo "Converge: median of $RUNS interleaved runs each; ps: median of $PS_RUNS interleaved runs each; pass: mean over a ${PASS_WINDOW} s window."
  echo "CLI floor (\`java ${CLI_OPTS[*]} Floor\`, prints one line): $(get "$(echo $VARIANTS | cut -d' ' -f1)" "$(echo $SIZES | cut -d' ' -f1)" ps_floor) ms."
  for v in $VARIANTS; do
    echo
    echo "Variant **$v** (\`$BASE_OPTS ${VARIANT_OPTS[$v]}\`):"
    echo
    echo "| replicas | agent RSS MiB | threads | converge orch ms | raw ms | orch/raw | pass ms (wall) | agent CPU ms/pass | reconcile thread CPU ms/pass | passes | orch ps ms | docker ps ms | orch/docker | floor ms |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for N in $SIZES; do
      co="$(awk -F'\t' -v v="$v" -v s="$N" '$1 == v && $2 == s && $3 == "converge_orch" { print $4 }' "$OUT" | median)"
      cr="$(awk -F'\t' -v v="$v" -v s="$N" '$1 == v && $2 == s && $3 == "converge_raw" { print $4 }' "$OUT" | median)"
      echo "| $N | $(kib_mib "$(get "$v" "$N" rss_kib)") | $(get "$v" "$N" threads) | $co | $cr | $(ratio "$co" "$cr") | $(get "$v" "$N" pass_ms) | $(get "$v" "$N" cpu_ms_per_pass) | $(awk -v t="$(get "$v" "$N" cpu_ms_reconcile_thread)" -v p="$(get "$v" "$N" passes)" 'BEGIN { if (p > 0 && t != "n/a") printf "%.0f", t / p; else print "n/a" }') | $(get "$v" "$N" passes) | $(get "$v" "$N" ps_orch) | $(get "$v" "$N" ps_docker) | $(ratio "$(get "$v" "$N" ps_orch)" "$(get "$v" "$N" ps_docker)") | $(get "$v" "$N" ps_floor) |"
    done
    echo
    echo "Agent CPU in the ${PASS_WINDOW} s pass window, by thread group (ms; \`orch-reconcile\` runs the passes, \`orch-timers\` the resync's full list):"
    echo
    for N in $SIZES; do echo "- $N replicas: $(get "$v" "$N" cpu_by_thread)"; done
    if [[ "$NMT" == 1 ]]; then
      echo
      echo "Native memory (NMT committed, MiB) and threads by pool:"
      echo
      cats="$(awk -F'\t' -v v="$v" '$1 == v && $3 ~ /^nmt:/ { sub(/^nmt:/, "", $3); if (!seen[$3]++) print $3 }' "$OUT")"
      printf '| category |'; for N in $SIZES; do printf ' %s replicas |' "$N"; done; echo
      printf '|---|'; for N in $SIZES; do printf -- '---:|'; done; echo
      while IFS= read -r c; do
        [[ -z "$c" ]] && continue
        # Categories under 0.1 MiB at every size are left out.
        big=0; for N in $SIZES; do awk -v k="$(get "$v" "$N" "nmt:$c")" 'BEGIN { exit !(k != "n/a" && k >= 102) }' && big=1; done
        (( big )) || continue
        printf '| %s |' "$c"; for N in $SIZES; do printf ' %s |' "$(awk -v k="$(get "$v" "$N" "nmt:$c")" 'BEGIN { if (k == "n/a") print "n/a"; else printf "%.1f", k / 1024 }')"; done; echo
      done <<<"$cats"
      echo
      for N in $SIZES; do echo "- $N replicas, threads: $(get "$v" "$N" thread_pools)"; done
    fi
  done
  echo
  echo "Raw figures: \`bench/runs/footprint-$(date -u -d "$STARTED" +%Y%m%d-%H%M).tsv\` (variant, size, key, value)."
} >"$MD"
echo; cat "$MD"
if [[ "$RESULTS_APPEND" == 1 ]]; then
  RESULTS="$BENCH_DIR/RESULTS.md"
  mkdir -p "$BENCH_DIR/runs"
  cp "$OUT" "$BENCH_DIR/runs/footprint-$(date -u -d "$STARTED" +%Y%m%d-%H%M).tsv"
  if ! grep -q '^## Footprint and scale (issue 13)' "$RESULTS"; then
    printf '\n## Footprint and scale (issue 13)\n\nProduced by `bench/footprint.sh` (knobs at its top).\n' >>"$RESULTS"
  fi
  awk -v frag="$MD" '
    function dump(  l) { print ""; while ((getline l < frag) > 0) print l; close(frag); done = 1 }
    /^## / { if (insec && !done) { dump(); print "" } insec = ($0 ~ /^## Footprint and scale \(issue 13\)/) }
    { print }
    END { if (insec && !done) dump() }' "$RESULTS" >"$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
  log "appended to $RESULTS"
fi
