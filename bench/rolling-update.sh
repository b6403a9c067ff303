#!/usr/bin/env bash
# Rolling updates under load (issue 10, item 5): a client on loopback (wrk, bench/rolling-update.lua counting non-2xx
# replies and socket errors) sends a steady stream of HTTP requests to a busybox httpd service for the whole of a
# spec change (a new VERSION env var; each replica serves "<version> <hostname>"). Subjects, interleaved run by run:
#   orch     3 replicas behind orch's ingress on 127.0.0.1:$ORCH_PORT, health check, update_config
#            {order: start-first, parallelism: 1, monitor: 2s}; the update is `orch up -f` (it returns once the
#            rollout completed)
#   compose  Debian's docker-compose (v1), ONE replica publishing $COMPOSE_PORT (a fixed host port cannot be shared by
#            several replicas), `docker-compose up -d` after the change (stop, then create the new container)
#   swarm    a single-node Swarm service, 3 replicas, the same health check, --update-order start-first
#            --update-parallelism 1 --update-monitor 2s, published on $SWARM_PORT through the routing mesh;
#            the update is `docker service update --env-add` (it returns once the update converged)
# wrk starts a second before the update and is stopped (SIGINT: it prints its summary) a second after it returned and
# the service answers again. Failed = socket errors (connect/read/write/timeout) + non-2xx replies.
#
# Usage: bench/rolling-update.sh   (RUNS=5 CONNECTIONS=4 THREADS=1 WRK_TIMEOUT=5s; ports 18410, 18420, 18430, agent
#                                   on 18470; SUBJECTS="orch compose swarm")
# Needs: bash, docker CLI + the local engine, docker-compose (v1, `apt-get install docker-compose`), wrk, curl, awk,
#        java 17, busybox:1.36 (examples/offline-images.sh). The Swarm is initialised only if none is active and left
#        at the end only if this script initialised it.
set -euo pipefail
BENCH_PORT="${BENCH_PORT:-18470}"
BENCH_STATE_DIR="${BENCH_STATE_DIR:-/tmp/h10z-bench-state}"
BENCH_WORK="${BENCH_WORK:-/tmp/h10z-bench-work}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${RUNS:-5}"
CONNECTIONS="${CONNECTIONS:-4}"
THREADS="${THREADS:-1}"
WRK_TIMEOUT="${WRK_TIMEOUT:-5s}"
SUBJECTS="${SUBJECTS:-orch compose swarm}"
ORCH_PORT="${ORCH_PORT:-18410}"
COMPOSE_PORT="${COMPOSE_PORT:-18420}"
SWARM_PORT="${SWARM_PORT:-18430}"
OUT="${OUT:-$BENCH_WORK/rolling-update.tsv}"
LUA="$BENCH_DIR/rolling-update.lua"
STACK=h10zroll
COMPOSE_PROJECT=h10zcompose # not the orch stack name: orch labels its containers with com.docker.compose.project too
SWARM_SVC=h10z-roll-swarm
# $VERSION and $HOSTNAME are expanded by the replica's shell.
HTTPD='mkdir -p /tmp/www && echo "$VERSION $HOSTNAME" > /tmp/www/index.html && touch /tmp/healthy && exec httpd -f -p 8080 -h /tmp/www'
SWARM_OURS=0

cleanup() {
  set +e
  if [[ -n "$AGENT_PID" ]]; then
    orch_delete "$STACK"
    wait_until 60 no_container_with_label "io.orch.stack=$STACK"
  fi
  agent_stop
  docker ps -aq --filter "label=io.orch.stack=$STACK" | xargs -r docker rm -f >/dev/null
  if [[ -f "$BENCH_WORK/compose.yml" ]]; then docker-compose -p "$COMPOSE_PROJECT" -f "$BENCH_WORK/compose.yml" down -t 1 >/dev/null 2>&1; fi
  docker service rm "$SWARM_SVC" >/dev/null 2>&1
  if (( SWARM_OURS )); then docker swarm leave --force >/dev/null 2>&1; log "left the Swarm this script initialised"; fi
  cp "$BENCH_STATE_DIR/agent.log" "$BENCH_WORK/agent.log" 2>/dev/null # kept: what the ingress did during the runs
  rm -rf "$BENCH_STATE_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

escaped_httpd() { sed 's/\$/$$/g; s/"/\\"/g' <<<"$HTTPD"; }

orch_file() { # version
  cat <<YAML
name: $STACK
services:
  web:
    image: $BENCH_IMAGE
    command: ["sh", "-c", "$(escaped_httpd)"]
    init: true
    environment: {VERSION: "$1"}
    stop_grace_period: 2s
    ports: ["127.0.0.1:$ORCH_PORT:8080"]
    healthcheck: {test: ["CMD", "test", "-f", "/tmp/healthy"], interval: 1s, timeout: 1s, retries: 2, start_period: 10s}
    deploy:
      replicas: 3
      update_config: {order: start-first, parallelism: 1, monitor: 2s}
YAML
}

compose_file() { # version
  cat <<YAML
version: "2.4"
services:
  web:
    image: $BENCH_IMAGE
    command: ["sh", "-c", "$(escaped_httpd)"]
    init: true
    environment: {VERSION: "$1"}
    stop_grace_period: 2s
    ports: ["127.0.0.1:$COMPOSE_PORT:8080"]
    healthcheck: {test: ["CMD", "test", "-f", "/tmp/healthy"], interval: 1s, timeout: 1s, retries: 2}
YAML
}

orch_up() { # yaml_file
  java -jar "$ORCH_CLI_JAR" up -f "$1" --timeout 5m --addr "$BENCH_ADDR" --state-dir "$BENCH_STATE_DIR" \
      >>"$BENCH_WORK/orch-up.log" 2>&1
}

# What serves version $2 on port $1 (a reply starting with it).
serves() { curl -fsS --max-time 2 "http://127.0.0.1:$1/" | grep -q "^$2 "; }

deploy() { # subject version
  case "$1" in
    orch) orch_file "$2" >"$BENCH_WORK/orch.yml"; orch_up "$BENCH_WORK/orch.yml" ;;
    compose) compose_file "$2" >"$BENCH_WORK/compose.yml"
      docker-compose -p "$COMPOSE_PROJECT" -f "$BENCH_WORK/compose.yml" up -d >>"$BENCH_WORK/compose.log" 2>&1
      wait_until 60 serves "$COMPOSE_PORT" "$2" ;;
    swarm) docker service update --quiet --detach=false --no-resolve-image --env-add "VERSION=$2" "$SWARM_SVC" \
      >>"$BENCH_WORK/swarm.log" 2>&1 ;;
  esac
}

port_of() { case "$1" in orch) echo "$ORCH_PORT" ;; compose) echo "$COMPOSE_PORT" ;; swarm) echo "$SWARM_PORT" ;; esac; }

create() { # subject
  case "$1" in
    orch) agent_start; deploy orch v0 ;;
    compose) deploy compose v0 ;;
    swarm)
      local state; state="$(docker info -f '{{.Swarm.LocalNodeState}}')"
      if [[ "$state" != active ]]; then
        docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 >/dev/null || die "docker swarm init failed"
        SWARM_OURS=1; log "single-node Swarm initialised on 127.0.0.1"
      else
        log "a Swarm is already active on this engine: using it, not leaving it"
      fi
      # By image ID: Swarm would re-resolve a tag against a registry, and none is reachable.
      docker service create --quiet --detach=false --no-resolve-image --name "$SWARM_SVC" --replicas 3 \
        --publish "published=$SWARM_PORT,target=8080,mode=ingress" --env VERSION=v0 --init --stop-grace-period 2s \
        --health-cmd 'test -f /tmp/healthy' --health-interval 1s --health-timeout 1s --health-retries 2 \
        --update-order start-first --update-parallelism 1 --update-monitor 2s --update-failure-action pause \
        "$(image_id)" sh -c "$HTTPD" >>"$BENCH_WORK/swarm.log" 2>&1 ;;
  esac
  wait_until 120 serves "$(port_of "$1")" v0 || die "$1 does not serve v0 on port $(port_of "$1")"
}

# orch's own view, cumulative since the agent started: connections closed because no replica took them / connects to
# a replica that failed (and went on to the next one).
ingress_counters() { # subject
  [[ "$1" == orch ]] || { echo -; return; }
  curl -fsS "$BENCH_ADDR/metrics" | awk -v p="port=\"$ORCH_PORT\"" '
    index($0, p) && /^orch_ingress_rejected_total/ { r = $NF } index($0, p) && /^orch_ingress_backend_failures_total/ { f = $NF }
    END { printf "%d/%d", r, f }'
}

# One rolling update of $1 to version $3 under load; appends a TSV row.
measure() { # subject run version
  local port; port="$(port_of "$1")"
  wait_for_quiet_machine "rolling-update $1"
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  local log="$BENCH_WORK/wrk-$1-$2.log"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d1h --timeout "$WRK_TIMEOUT" -s "$LUA" "http://127.0.0.1:$port/" -- "$3" >"$log" 2>&1 &
  local wrk_pid=$! started; started="$(now_ns)"
  sleep 1
  deploy "$1" "$3" || log "$1: the update to $3 did not end well (see $BENCH_WORK/*.log)"
  local update_ns=$(( $(now_ns) - started ))
  wait_until 60 serves "$port" "$3" || log "$1: does not serve $3 after the update"
  sleep 1
  kill -INT "$wrk_pid"; wait "$wrk_pid" || true
  local line; line="$(grep '^ROLLING ' "$log")" || die "wrk printed no summary, see $log"
  # requests=N ok=N new=N non2xx=N connect=N read=N write=N timeout=N -> values in that order
  read -r requests ok new non2xx connect read write timeout <<<"$(sed 's/ROLLING //; s/[a-z0-9]*=//g' <<<"$line")"
  # wrk counts a request once a reply came; one lost to a socket error is not in `requests`, so it is added back.
  local failed=$(( non2xx + connect + read + write + timeout ))
  local total=$(( requests + connect + read + write + timeout ))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$2" "$1" "$failed" "$total" "$new" \
    "$connect/$read/$write/$timeout/$non2xx" "$(ns_to_ms "$update_ns")" "$load" "$(ingress_counters "$1")" | tee -a "$OUT"
}

log "uses $ORCH_JAR ($(cd "$REPO_DIR" && git rev-parse --short HEAD)); subjects: $SUBJECTS"
command -v wrk >/dev/null || die "wrk is needed"
if [[ " $SUBJECTS " == *" compose "* ]]; then command -v docker-compose >/dev/null || die "docker-compose (v1) is needed: apt-get install -y docker-compose"; fi
# Swarm's routing mesh (and a service's VIP) is IPVS in the kernel; without ip_vs the published port never answers
# (dockerd logs "error reading the kernel parameter net.ipv4.vs.conn_reuse_mode"). Say so, loudly, and go on.
SWARM_NOTE=
if [[ " $SUBJECTS " == *" swarm "* && ! -d /proc/sys/net/ipv4/vs ]]; then
  SWARM_NOTE="swarm: NOT MEASURED: the routing mesh needs IPVS and this kernel ($(uname -r)) has none (/proc/sys/net/ipv4/vs is missing)"
  log "$SWARM_NOTE"
  SUBJECTS="$(sed 's/\bswarm\b//' <<<"$SUBJECTS")"
fi
for s in $SUBJECTS; do create "$s"; done

printf 'run\tsubject\tfailed\ttotal\tserved_by_new\tconnect/read/write/timeout/non2xx\tupdate_ms\tload1\tingress_rejected/backend_failures\n' >"$OUT"
for run in $(seq 1 "$RUNS"); do
  for s in $SUBJECTS; do measure "$s" "$run" "v$run"; done
done

echo
echo "wrk -t$THREADS -c$CONNECTIONS --timeout $WRK_TIMEOUT, $RUNS rolling update(s) each (loadavg now: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-8s %10s %10s %14s %14s\n' subject failed total 'min total' 'median update'
for s in $SUBJECTS; do
  awk -F'\t' -v s="$s" '$2 == s { f += $3; r += $4; if (min == "" || $4 < min) min = $4 } END { printf "%-8s %10d %10d %14d ", s, f, r, min }' "$OUT"
  awk -F'\t' -v s="$s" '$2 == s { print $7 }' "$OUT" | median | awk '{ printf "%12s ms\n", $1 }'
done
if [[ -n "$SWARM_NOTE" ]]; then echo "$SWARM_NOTE"; fi
