#!/usr/bin/env bash
# Item 9c: `orch ps` wall time next to `docker ps`, with the 50 containers of the stack, plus the parts of `orch ps`
# so that the total can be explained: a bare JVM start, `orch --help` (JVM + loading the CLI, no HTTP), the HTTP call
# alone (curl), and the same `orch ps` with JVM options a user can set through ORCH_JAVA_OPTS (C1 only; an AppCDS
# archive of the classes `orch ps` loads). hyperfine, 3 warm-up runs, RUNS (default 20) measured runs each.
# Writes $OUT_DIR/ps-time.{md,json}, $OUT_DIR/ps-medians.tsv and $OUT_DIR/ps-classload.txt (class-loading timeline).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RUNS=${RUNS:-20}
jar="$BENCH_STATE/orch.jar"
flags="--addr $BENCH_URL --state-dir $BENCH_STATE"
cds="$BENCH_STATE/orch-ps.jsa"
# The AppCDS archive: the classes one `orch ps` run loads, dumped at its exit (JDK 13+ dynamic archive).
java -XX:ArchiveClassesAtExit="$cds" -jar "$jar" ps -p "$BENCH_STACK" $flags >/dev/null 2>&1
hyperfine -N --warmup 3 --runs "$RUNS" --style basic \
  --export-markdown "$OUT_DIR/ps-time.md" --export-json "$OUT_DIR/ps-time.json" \
  -n "docker ps (stack filter)" "docker ps --filter label=io.orch.stack=$BENCH_STACK" \
  -n "docker ps -a (all)" "docker ps -a" \
  -n "orch ps -p $BENCH_STACK" "java -jar $jar ps -p $BENCH_STACK $flags" \
  -n "orch ps (all stacks)" "java -jar $jar ps $flags" \
  -n "java -version (bare JVM start)" "java -version" \
  -n "orch --help (JVM + CLI, no HTTP)" "java -jar $jar --help" \
  -n "curl services (HTTP only)" "curl -fsS -o /dev/null $BENCH_URL/v1/stacks/$BENCH_STACK/services" \
  -n "orch ps -p, -XX:TieredStopAtLevel=1" "java -XX:TieredStopAtLevel=1 -jar $jar ps -p $BENCH_STACK $flags" \
  -n "orch ps -p, AppCDS archive" "java -XX:SharedArchiveFile=$cds -jar $jar ps -p $BENCH_STACK $flags" \
  -n "orch ps -p, AppCDS + C1" \
     "java -XX:SharedArchiveFile=$cds -XX:TieredStopAtLevel=1 -jar $jar ps -p $BENCH_STACK $flags" >&2
python3 - "$OUT_DIR/ps-time.json" <<'PY' | tee "$OUT_DIR/ps-medians.tsv"
import json, sys
print("command\tmedian_ms\tmean_ms\tmin_ms\tmax_ms\tuser_ms\tsystem_ms\truns")
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command']}\t{r['median']*1e3:.0f}\t{r['mean']*1e3:.0f}\t{r['min']*1e3:.0f}\t{r['max']*1e3:.0f}\t"
          f"{r['user']*1e3:.0f}\t{r['system']*1e3:.0f}\t{len(r['times'])}")
PY
# Where the JVM's time goes in one `orch ps`: when (ms since JVM start) the first class of each library is loaded.
java -Xlog:class+load:file="$OUT_DIR/classload.log":uptimemillis -jar "$jar" ps -p "$BENCH_STACK" $flags >/dev/null
{
  echo "classes loaded: $(grep -c 'source:' "$OUT_DIR/classload.log")" \
    "(from the jar: $(grep -c 'source: file:' "$OUT_DIR/classload.log"), from the JDK's CDS archive:" \
    "$(grep -c 'shared objects file' "$OUT_DIR/classload.log"))"
  for prefix in io.orch.cli.OrchCommand picocli. io.orch.cli.PsCommand com.fasterxml.jackson. java.net.http. \
      io.orch.api.client. io.orch.api.dto.; do
    printf '%-34s first loaded at %s\n' "$prefix" \
      "$(grep -F " $prefix" "$OUT_DIR/classload.log" | head -1 | grep -o '^\[[0-9]*ms\]')"
  done
  echo "last class loaded at $(tail -1 "$OUT_DIR/classload.log" | grep -o '^\[[0-9]*ms\]')"
} | tee "$OUT_DIR/ps-classload.txt"
