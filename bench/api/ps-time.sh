#!/usr/bin/env bash
# Item 9c: `orch ps` wall time next to `docker ps`, with the 50 containers of the stack, plus the parts of `orch ps`
# (a JVM start that runs no command, `orch version` = JVM + CLI without HTTP, the HTTP call alone with curl) so that
# the total can be explained. hyperfine, 3 warm-up runs, RUNS (default 20) measured runs each.
# Writes $OUT_DIR/ps-time.md (hyperfine's markdown table) and $OUT_DIR/ps-time.json.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RUNS=${RUNS:-20}
jar="$BENCH_STATE/orch.jar"
flags="--addr $BENCH_URL --state-dir $BENCH_STATE"
hyperfine -N --warmup 3 --runs "$RUNS" --style basic \
  --export-markdown "$OUT_DIR/ps-time.md" --export-json "$OUT_DIR/ps-time.json" \
  -n "docker ps (stack filter)" "docker ps --filter label=io.orch.stack=$BENCH_STACK" \
  -n "docker ps -a (all)" "docker ps -a" \
  -n "orch ps -p $BENCH_STACK" "java -jar $jar ps -p $BENCH_STACK $flags" \
  -n "orch ps (all stacks)" "java -jar $jar ps $flags" \
  -n "orch version (JVM + CLI, no HTTP)" "java -jar $jar version" \
  -n "java -version (bare JVM start)" "java -version" \
  -n "curl services (HTTP only)" "curl -fsS -o /dev/null $BENCH_URL/v1/stacks/$BENCH_STACK/services"
cat "$OUT_DIR/ps-time.md"
