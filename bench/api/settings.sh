#!/usr/bin/env bash
# Runs bench/api/run.sh's moving-chain mix once per JVM setting, side by side, from the repository root:
#
#   bench/api/settings.sh g1 "" zgc "-XX:+UseZGC" shenandoah "-XX:+UseShenandoahGC"
#
# Each pair is a label and the flags given to the service (JAVA_OPTS); flags starting with "jdk25" run the service on
# the JDK in JDK25_HOME (/usr/lib/jvm/temurin-25-jdk-amd64), and a label starting with "base" runs BASE_JAR (another
# build, for a before/after). On JDK 24 and newer run.sh gives the service ZGC, as ./engine does: another collector
# there needs -XX:-UseZGC first ("jdk25 -XX:-UseZGC -XX:+UseG1GC"). Besides run.sh's table, each prints, from the
# end of the warm-up on, the JVM's safepoint pauses (every collector's stop-the-world pauses are safepoints: the one
# measure all of them share), and, for G1, the kilobytes allocated per request from the first round on. The mix
# is issue 18's: BLOCK_TIME=1 CHANGE_TIME=1 ACCOUNTS=300 CONNECTIONS=32 RATE=1000 TARGETS=mixed; RUNS (3),
# DURATION (8 s) and WARMUP (8 s) as in run.sh. Logs go to bench/api/work/settings-<label>.*.
set -u
ROOT=$(pwd)
WORK=$ROOT/bench/api/work
[ -x "$ROOT/bench/api/run.sh" ] || { echo "run from the repository root" >&2; exit 1; }
mkdir -p "$WORK"
export BLOCK_TIME=1 CHANGE_TIME=1 ACCOUNTS=300 CONNECTIONS=32 RATE=1000 TARGETS=mixed
export RUNS=${RUNS:-3} DURATION=${DURATION:-8} WARMUP=${WARMUP:-8}
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
while [ $# -gt 1 ]; do
    label=$1 opts=$2; shift 2
    log=$WORK/settings-$label
    echo "=== $label: $opts  (load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%T))"
    rm -f "$log".*
    : > "$log.run"
    # The wall-clock times the warm-up and the first round start, to count pauses and allocation from them on.
    ( while ! grep -q '== warm-up' "$log.run"; do sleep 0.2; done
      date -u +%Y-%m-%dT%H:%M:%S.%3N > "$log.warm"
      while ! grep -q '^run  mode' "$log.run"; do sleep 0.2; done
      date -u +%Y-%m-%dT%H:%M:%S.%3N > "$log.rounds" ) &
    watcher=$!
    path=$PATH jar=${SERVICE_JAR:-}
    case $opts in jdk25*) opts=${opts#jdk25}; path=$JDK25_HOME/bin:$PATH ;; esac
    case $label in base*) jar=${BASE_JAR:?BASE_JAR names the other build} ;; esac
    SERVICE_JAR=$jar PATH=$path \
        JAVA_OPTS="$opts -Xlog:safepoint:file=$log.safepoints:utctime -Xlog:gc:file=$log.gc:utctime" \
        bench/api/run.sh > "$log.run" 2>&1
    echo "exit status $?"
    kill "$watcher" 2>/dev/null
    grep -A30 '^run  mode' "$log.run" | grep -v '^(rate'
    warm=$(cat "$log.warm" 2>/dev/null || echo 0)
    rounds=$(cat "$log.rounds" 2>/dev/null || echo 0)
    grep 'Total: ' "$log.safepoints" | awk -v s="[$warm" '$1 >= s' | grep -o 'Total: [0-9]* ns' | awk '
        { t = $2 / 1e6; sum += t; if (t > max) max = t; if (t > 5) over5++; n++ }
        END { printf "safepoints from the warm-up on: %d, %.0f ms in all, longest %.1f ms, %d over 5 ms\n",
              n, sum, max, over5 }'
    requests=$(awk -v d="$DURATION" '$1 ~ /^[0-9]+$/ && $3 == "mixed" { n += $4 * d } END { print n + 0 }' "$log.run")
    # G1's log gives the heap before and after each young collection: what was allocated in between.
    grep -o '^\[[^]]*\].*Pause Young.* [0-9]*M->[0-9]*M' "$log.gc" | awk -v s="[$rounds" -v n="$requests" '
        { split($NF, h, "->"); before = h[1] + 0; after = h[2] + 0
          if ($1 >= s && previous != "") allocated += before - previous; previous = after }
        END { if (allocated > 0) printf "allocated from the first round on: %d MB over %d requests, %.1f KB each\n",
              allocated, n, allocated * 1024 / n }'
    echo "=== end $label  (load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%T))"
done
