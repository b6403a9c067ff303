#!/usr/bin/env bash
# The cost of orch's ingress (issue 10, item 5): the same HTTP load (wrk, keep-alive as busybox httpd allows: it
# closes after each reply, so every request is a new TCP connection) against the same kind of replica (busybox httpd,
# one static page) reached three ways, interleaved run by run so drifting load on the shared machine hits all alike:
#   ingress   orch's ingress on 127.0.0.1:$INGRESS_PORT, ONE replica in rotation (update order start-first puts even
#             one replica behind the ingress): the proxy's own cost against the two paths below
#   direct    straight to that replica's address on its bridge network (no proxy at all)
#   published a `docker run -p 127.0.0.1:$PUBLISHED_PORT:8080` container: Docker's own publishing (docker-proxy on
#             loopback)
#   ingress3  the same ingress with THREE replicas in rotation (what a user runs; more backends, not a fair cost row)
# Per run it prints requests/s, p50 and p99 latency, and errors (socket errors + non-2xx), from wrk --latency.
#
# Usage: bench/ingress-cost.sh        (RUNS=3 DURATION=10s CONNECTIONS=16 THREADS=2 by default)
# Needs: bash, docker CLI + the local engine, wrk, curl, awk, java 17, busybox:1.36 (examples/offline-images.sh).
# The rolling-update comparison of item 5 (orch start-first vs compose vs swarm under load) is bench/rolling-update.sh.
set -euo pipefail
BENCH_PORT="${BENCH_PORT:-18190}"
BENCH_STATE_DIR="${BENCH_STATE_DIR:-/tmp/h10i-bench-state}"
BENCH_WORK="${BENCH_WORK:-/tmp/h10i-bench-work}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${RUNS:-3}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
INGRESS_PORT="${INGRESS_PORT:-18180}"
INGRESS3_PORT="${INGRESS3_PORT:-18182}"
PUBLISHED_PORT="${PUBLISHED_PORT:-18181}"
OUT="${OUT:-$BENCH_WORK/ingress-cost.tsv}"
STACK=h10ibench
PUBLISHED_NAME=h10i-bench-published
HTTPD='mkdir -p /tmp/www && echo "hello from $HOSTNAME" > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www'

cleanup() {
  set +e
  if [[ -n "$AGENT_PID" ]]; then
    orch_delete "$STACK"
    wait_until 60 no_container_with_label "io.orch.stack=$STACK"
  fi
  agent_stop
  docker ps -aq --filter "label=io.orch.stack=$STACK" | xargs -r docker rm -f >/dev/null
  docker rm -f "$PUBLISHED_NAME" >/dev/null 2>&1
  rm -rf "$BENCH_STATE_DIR"
}
trap cleanup EXIT

# wrk_figures URL -> "rps p50_ms p99_ms errors requests" on stdout (one line).
wrk_figures() {
  local out; out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1" 2>&1)"
  echo "$out" >>"$BENCH_WORK/wrk.log"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /Requests\/sec:/ { rps = $2 }
    /requests in/ { requests = $1 }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { errors += $5 }
    END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, errors, requests }' <<<"$out"
}

stack_file() { # replicas port
  cat <<YAML
services:
  web:
    image: $BENCH_IMAGE
    command: ["sh", "-c", "$(sed 's/\$/$$/g; s/"/\\"/g' <<<"$HTTPD")"]
    init: true
    stop_grace_period: 2s
    ports: ["127.0.0.1:$2:8080"]
    deploy:
      replicas: $1
      update_config: {order: start-first}
YAML
}

log "building nothing: uses $ORCH_JAR ($(cd "$REPO_DIR" && git rev-parse --short HEAD))"
agent_start
stack_file 1 "$INGRESS_PORT" >"$BENCH_WORK/one.yml"
orch_put "$STACK" "$BENCH_WORK/one.yml"
wait_until 120 curl -fsS "http://127.0.0.1:$INGRESS_PORT/" -o /dev/null || die "the ingress did not serve $INGRESS_PORT"
REPLICA_IP="$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$STACK-web-1")"
docker run -d --name "$PUBLISHED_NAME" -p "127.0.0.1:$PUBLISHED_PORT:8080" --init "$BENCH_IMAGE" sh -c "$HTTPD" >/dev/null
wait_until 60 curl -fsS "http://127.0.0.1:$PUBLISHED_PORT/" -o /dev/null || die "the published container does not answer"
wait_until 10 curl -fsS "http://$REPLICA_IP:8080/" -o /dev/null || die "replica $REPLICA_IP does not answer"

printf 'run\tsubject\trps\tp50_ms\tp99_ms\terrors\trequests\n' >"$OUT"
measure() { # run subject url
  wait_for_quiet_machine "ingress-cost $2"
  local f; f="$(wrk_figures "$3")"
  printf '%s\t%s\t%s\n' "$1" "$2" "$(tr ' ' '\t' <<<"$f")" | tee -a "$OUT"
}
for run in $(seq 1 "$RUNS"); do
  measure "$run" ingress "http://127.0.0.1:$INGRESS_PORT/"
  measure "$run" direct "http://$REPLICA_IP:8080/"
  measure "$run" published "http://127.0.0.1:$PUBLISHED_PORT/"
done

# The same ingress with three replicas (a second stack file, same stack: scaled to 3).
stack_file 3 "$INGRESS3_PORT" >"$BENCH_WORK/three.yml"
orch_put "$STACK" "$BENCH_WORK/three.yml"
wait_until 120 curl -fsS "http://127.0.0.1:$INGRESS3_PORT/" -o /dev/null || die "the ingress did not serve $INGRESS3_PORT"
wait_until 120 bash -c "curl -fsS $BENCH_ADDR/v1/stacks/$STACK/services/web | grep -q '\"running\":3'"
for run in $(seq 1 "$RUNS"); do
  measure "$run" ingress3 "http://127.0.0.1:$INGRESS3_PORT/"
done

echo
echo "medians over $RUNS run(s), wrk -t$THREADS -c$CONNECTIONS -d$DURATION (loadavg now: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-10s %10s %10s %10s %8s\n' subject req/s p50_ms p99_ms errors
for subject in ingress direct published ingress3; do
  rps="$(awk -F'\t' -v s="$subject" '$2 == s { print $3 }' "$OUT" | median)"
  p50="$(awk -F'\t' -v s="$subject" '$2 == s { print $4 }' "$OUT" | median)"
  p99="$(awk -F'\t' -v s="$subject" '$2 == s { print $5 }' "$OUT" | median)"
  errors="$(awk -F'\t' -v s="$subject" '$2 == s { e += $6 } END { print e + 0 }' "$OUT")"
  printf '%-10s %10s %10s %10s %8s\n' "$subject" "$rps" "$p50" "$p99" "$errors"
done
