#!/usr/bin/env bash
# The indexer backfill benchmark (issue 4). Run from the repository root:
#
#   bench/indexer/run.sh
#
# 1. Builds the service if needed, and generates a chain on Anvil once (VOTERS voters, PROPOSALS proposals, every
#    voter voting on every proposal), saved as Anvil state in bench/indexer/work/ (kept out of git). Delete that
#    directory, or set REGENERATE=1, to generate again.
# 2. RUNS times: starts Anvil from the saved state, measures the baseline (one eth_getLogs over the whole range
#    with the indexer's own filter: how fast the node alone serves the logs), then starts the packaged service with
#    a fresh embedded PostgreSQL and polls its GraphQL indexerStatus until it has caught up.
#    Then, side by side in the same run, Ponder (bench/indexer/ponder/, pinned by its lock file) indexes the same
#    governor from a fresh Anvil on the same saved state, into a PostgreSQL server of its own started from the same
#    binaries and settings as the service's embedded one, until its /status reports the head block.
# 3. Prints each run's numbers and the medians, and writes them to bench/indexer/work/results.txt, with where the
#    service's time went (start-up phases and the backfill's steps, from its stamped log) in phases.txt.
#
# Settings (environment): RUNS (3), VOTERS (1000), PROPOSALS (100), JAVA (the service's java; another JDK's, say),
# JAVA_OPTS (extra JVM flags for the service: a CDS archive or AOT cache, see docs/BENCHMARKS.md),
# SERVICE_JAR (another build of the service to measure, e.g. an older commit's, against the same chain; with
# STARTUP_CACHE none, cds or aot), PONDER (1; 0 leaves Ponder out), STARTUP_CACHE (engine: the JVM options ./engine
# gives the service, its start-up cache included; none: plain `java -jar`; cds: a JDK 17 dynamic AppCDS archive;
# aot: a JDK 25 AOT cache, set JAVA to a JDK 25's java; a cache missing is made by a training run of the same
# benchmark, run 0, not counted).
set -euo pipefail

RUNS=${RUNS:-3}
VOTERS=${VOTERS:-1000}
PROPOSALS=${PROPOSALS:-100}
ROOT=$(pwd)
HERE=$ROOT/bench/indexer
WORK=$HERE/work
STATE=$WORK/chain-state.json
CHAIN=$WORK/chain.json
JAR=${SERVICE_JAR:-$ROOT/governance-service/target/quarkus-app/quarkus-run.jar}
ANVIL=${GOV_ANVIL_BINARY:-$ROOT/contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}

[ -f "$ROOT/mvnw" ] && [ -d "$HERE" ] || { echo "run from the repository root" >&2; exit 1; }
[ -x "$ANVIL" ] || { echo "Anvil not found at $ANVIL: run 'npm ci' in contracts/ or set GOV_ANVIL_BINARY" >&2; exit 1; }
PONDER=${PONDER:-1}
PONDER_DIR=$HERE/ponder
for tool in curl jq; do
    command -v $tool >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
mkdir -p "$WORK"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

if [ ! -f "$ROOT/governance-service/target/quarkus-app/quarkus-run.jar" ]; then
    echo "== building the service"
    ./mvnw -q -pl governance-service -am install -DskipTests
fi
if [ ! -s "$WORK/classpath.txt" ]; then
    ./mvnw -q -pl governance-service dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt"
fi

if [ "$PONDER" = 1 ] && [ ! -d "$PONDER_DIR/node_modules" ]; then
    (cd "$PONDER_DIR" && npm ci --no-audit --no-fund)
fi

if [ "${REGENERATE:-0}" = 1 ] || [ ! -f "$STATE" ] || [ ! -f "$CHAIN" ]; then
    generate_chain "$(cat "$WORK/classpath.txt"):$ROOT/governance-service/target/classes"
fi

GOVERNOR=$(jq -r .governor "$CHAIN")
START_BLOCK=$(jq -r .startBlock "$CHAIN")
HEAD=$(jq -r .headBlock "$CHAIN")
EVENTS=$(jq -r .governanceLogs "$CHAIN")
FILTER=$(jq -c .logFilter "$CHAIN")
echo "== chain: governor $GOVERNOR, blocks $START_BLOCK..$HEAD, $(jq -r .proposals "$CHAIN") proposals," \
    "$(jq -r .voters "$CHAIN") voters, $(jq -r .votes "$CHAIN") votes, $EVENTS governance events"

stamp() { # prefixes each line read with the time it arrived, in ms since the epoch
    local line
    while IFS= read -r line; do
        printf '%s %s\n' "$(( ${EPOCHREALTIME/./} / 1000 ))" "$line"
    done
}

# Where one run's time went, from its stamped log (ms since the process started, t0), as one row of PHASES.
phases() { # run t0 ready_ms caught_ms log
    awk -v run="$1" -v t0="$2" -v ready="$3" -v caught="$4" '
        /No quarkus.datasource URL set/ { pg_at = $1 - t0; match($0, /started in [0-9]+ ms/)
                                          pg = substr($0, RSTART + 11, RLENGTH - 14) }
        /FlywayExecutor/ && !fw0 { fw0 = $1 - t0 }
        /DbMigrate.*(Successfully applied|is up to date)/ { fw1 = $1 - t0 }
        /io.quarkus.*started in/ { started = $1 - t0 }
        /the indexer.s writer/ && !writer { writer = $1 - t0 }
        /GovernorSyncer/ && !discovered { discovered = $1 - t0 }
        /LogSourceSyncer.*logs: eth_getLogs/ {
            ranges++; last = $1 - t0
            for (i = 1; i <= NF; i++) {
                if ($i == "eth_getLogs") logs += $(i + 1); if ($i == "headers") headers += $(i + 1)
                if ($i == "decode") decode += $(i + 1); if ($i == "answers") answers += $(i + 1)
                if ($i == "write") write += $(i + 1)
            }
            if (!first_range) first_range = $1 - t0
        }
        /VoteIndexes.*built in/ { indexed = $1 - t0; match($0, /built in [0-9]+ ms/)
                                  indexes = substr($0, RSTART + 9, RLENGTH - 12) }
        END {
            printf "%-4s %-8s %-6s %-8s %-8s %-6s %-8s %-10s %-7s %-12s %-8s %-7s %-7s %-8s %-6s %-7s %-8s %s\n",
                run, pg_at - pg, pg, fw1 - fw0, started - pg_at - (fw1 - fw0), ready - started, writer - started,
                discovered - writer, ranges, logs, headers, decode, answers, write, caught - last, caught,
                indexed ? indexes : "-", indexed ? indexed : "-"
        }' "$5"
}

# Ponder on the same chain: a fresh Anvil from the saved state, a fresh PostgreSQL (the binaries the service's embedded
# server extracted, with its settings: synchronous_commit off, UTC), and `ponder start` until its /status reports the
# head block. Its /ready turns 200 once its historical sync is done, which it stops short of the head by the blocks
# it treats as unfinalized, indexing those as live blocks afterwards; the head is when the same data is in. Whole
# process, like the service: PostgreSQL's initdb and start, Node's and Ponder's, from t0. Sets ponder_ms and
# ponder_rss (Node's VmHWM; PostgreSQL's processes apart, as for the service).
run_ponder() { # run
    local initdb pg_bin as_user pg_data pg_port pg_pid ponder_port t0 ponder status
    initdb=$(ls -d "${TMPDIR:-/tmp}"/embedded-pg/PG-*/bin/initdb 2>/dev/null | head -1)
    [ -n "$initdb" ] || { echo "no embedded PostgreSQL binaries under ${TMPDIR:-/tmp}/embedded-pg" >&2; exit 1; }
    pg_bin=$(dirname "$initdb")
    # PostgreSQL refuses to run as root; as zonky does for the service's, a user namespace makes it someone else.
    as_user=""
    [ "$(id -u)" != 0 ] || as_user="unshare -U"
    anvil_port=$(free_port)
    start_anvil "$anvil_port" --load-state "$STATE"
    pg_data=$WORK/run-$1-ponder-pg
    rm -rf "$pg_data" "$WORK/run-$1-ponder"
    pg_port=$(free_port)
    ponder_port=$(free_port)
    t0=$(now_ms)
    $as_user "$pg_bin/initdb" -A trust -U postgres -E UTF-8 -D "$pg_data" > "$WORK/ponder-pg-$1.log" 2>&1
    $as_user "$pg_bin/pg_ctl" -D "$pg_data" -w -l "$WORK/ponder-pg-$1.log" -o "-p $pg_port -c listen_addresses=127.0.0.1 \
        -c synchronous_commit=off -c timezone=UTC -c max_connections=300" start > /dev/null
    pg_pid=$(head -1 "$pg_data/postmaster.pid")
    PIDS+=("$pg_pid")
    (cd "$PONDER_DIR" && exec env PONDER_TELEMETRY_DISABLED=true PONDER_RPC_URL="http://127.0.0.1:$anvil_port" \
        DATABASE_URL="postgresql://postgres@127.0.0.1:$pg_port/postgres" BENCH_GOVERNOR="$GOVERNOR" \
        BENCH_TOKEN="$(jq -r .token "$CHAIN")" BENCH_START_BLOCK="$START_BLOCK" \
        node_modules/.bin/ponder start --schema bench --port "$ponder_port" --log-format json) \
        > "$WORK/ponder-$1.log" 2>&1 &
    ponder=$!
    PIDS+=("$ponder")
    while :; do
        kill -0 "$ponder" 2>/dev/null || { echo "Ponder exited; see $WORK/ponder-$1.log" >&2; exit 1; }
        status=$(curl -sf "http://127.0.0.1:$ponder_port/status" 2>/dev/null || true)
        if [ -n "$status" ] && [ "$(jq -r '.bench.block.number // 0' <<<"$status")" -ge "$HEAD" ]; then
            ponder_ms=$(( $(now_ms) - t0 ))
            break
        fi
        if [ $(( $(now_ms) - t0 )) -gt 1800000 ]; then
            echo "Ponder not caught up after 30 minutes; see $WORK/ponder-$1.log" >&2
            exit 1
        fi
        sleep 0.1
    done
    ponder_rss=$(( $(awk '/VmHWM/ {print $2}' "/proc/$ponder/status") / 1024 ))
    stop "$ponder"
    $as_user "$pg_bin/pg_ctl" -D "$pg_data" -w -m fast stop > /dev/null
    stop "$pg_pid"
    stop "$ANVIL_PID"
    rm -rf "$pg_data"
}

# The JVM's options and the class-data cache: their use in the measured runs, and the training run (run 0) that
# writes the cache when it is missing. "engine" takes what ./engine runs the service with (`./engine jvm-options`:
# the collector, the heap's bound and the start-up cache it keeps beside the jar, trained here when missing or older
# than the jar), on the JDK of JAVA when that is set.
engine_options() {
    if [ -n "${JAVA:-}" ]; then PATH="$(dirname "$JAVA"):$PATH" ./engine jvm-options; else ./engine jvm-options; fi
}
case "${STARTUP_CACHE:-engine}" in
    engine)
        cache_use=$(engine_options | tr '\n' ' ')
        cache_train=""
        if grep -qE -- '-XX:(ArchiveClassesAtExit|AOTCacheOutput)=' <<<"$cache_use"; then
            cache_train=$cache_use
            cache=$(grep -oE -- '-XX:(ArchiveClassesAtExit|AOTCacheOutput)=[^ ]+' <<<"$cache_use" | cut -d= -f2-)
        fi ;;
    none) cache_use=""; cache_train="" ;;
    cds) cache=$WORK/service-cds.jsa; cache_use="-XX:SharedArchiveFile=$cache"; cache_train="-XX:ArchiveClassesAtExit=$cache" ;;
    aot) cache=$WORK/service.aot; cache_use="-XX:AOTCache=$cache"; cache_train="-XX:AOTCacheOutput=$cache" ;;
    *) echo "STARTUP_CACHE is engine, none, cds or aot" >&2; exit 1 ;;
esac
first_run=1
if [ -n "$cache_train" ] && { [ ! -s "$cache" ] || [ "$cache" -ot "$JAR" ]; }; then
    rm -f "$cache"
    first_run=0
fi
echo "== JVM options: ${cache_use:-none}"

RESULTS=$WORK/results.txt
PHASES=$WORK/phases.txt
echo "run  jvm_ms   pg_ms  flyway   quarkus  answer first_wt discovery  ranges getlogs_sum  headers  decode  answers write    tail   caught  indexes indexed" > "$PHASES"
echo "run  baseline_ms  service_ready_ms  caught_up_ms  backfill_ms  events_per_s  ratio  peak_rss_mb  ponder_ms  ponder_rss_mb  vs_ponder" > "$RESULTS"
for run in $(seq "$first_run" "$RUNS"); do
    if [ "$run" = 0 ]; then
        echo "== training run: writing $cache"
        cache_opts=$cache_train
    else
        echo "== run $run of $RUNS"
        cache_opts=$cache_use
    fi
    anvil_port=$(free_port)
    start_anvil "$anvil_port" --load-state "$STATE"
    url="http://127.0.0.1:$anvil_port"
    [ "$(rpc "$url" eth_blockNumber '[]' | jq -r .result)" = "$(printf '0x%x' "$HEAD")" ] \
        || { echo "the reloaded chain's head is not block $HEAD" >&2; exit 1; }

    # Baseline: the node alone serving every log the indexer needs, in one request (the response is written to a
    # file and counted afterwards, so that the time is the node's and the transfer's, not jq's).
    baseline_ms=$(curl -sf -o "$WORK/baseline-logs.json" -w '%{time_total}' -H 'Content-Type: application/json' \
        -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getLogs\",\"params\":[$FILTER]}" "$url" \
        | awk '{ printf "%d", $1 * 1000 }')
    served=$(jq '.result | length' "$WORK/baseline-logs.json")
    rm -f "$WORK/baseline-logs.json"
    [ "$served" = "$EVENTS" ] || { echo "eth_getLogs returned $served logs, expected $EVENTS" >&2; exit 1; }

    data=$WORK/run-$run-data
    rm -rf "$data"
    http_port=$(free_port)
    t0=$(now_ms)
    # Every line of the service's output is stamped with the time it arrived (ms since the epoch): the phases of
    # start-up and backfill below are read from them. The sync's DEBUG lines time each range's steps.
    # shellcheck disable=SC2086 # cache_opts and JAVA_OPTS are lists of flags; JAVA_OPTS last, as ./engine puts it
    "${JAVA:-java}" $cache_opts ${JAVA_OPTS:-} -Dquarkus.http.port="$http_port" -Dgov.database.data-dir="$data" \
        -Dquarkus.log.category.\"dev.govengine.sync.LogSourceSyncer\".level=DEBUG \
        -Dgov.chains.bench.rpc-url="$url" -Dgov.chains.bench.chain-id=31337 -Dgov.chains.bench.confirmations=0 \
        -Dgov.governors.bench.chain=bench -Dgov.governors.bench.address="$GOVERNOR" \
        -Dgov.governors.bench.start-block="$START_BLOCK" \
        -jar "$JAR" serve > >(stamp > "$WORK/service-$run.log") 2>&1 &
    service=$!
    PIDS+=("$service")

    ready_ms=""
    while :; do
        kill -0 "$service" 2>/dev/null || { echo "the service exited; see $WORK/service-$run.log" >&2; exit 1; }
        status=$(curl -sf -H 'Content-Type: application/json' \
            -d '{"query":"{ indexerStatus { indexedBlock headBlock lagBlocks } }"}' \
            "http://127.0.0.1:$http_port/graphql" 2>/dev/null || true)
        if [ -n "$status" ]; then
            [ -n "$ready_ms" ] || ready_ms=$(( $(now_ms) - t0 ))
            if [ "$(jq -r '.data.indexerStatus[0].lagBlocks' <<<"$status")" = "0" ]; then
                caught_ms=$(( $(now_ms) - t0 ))
                break
            fi
        fi
        if [ $(( $(now_ms) - t0 )) -gt 1800000 ]; then
            echo "not caught up after 30 minutes; see $WORK/service-$run.log" >&2
            exit 1
        fi
        sleep 0.1
    done
    # A backfill into an empty vote table builds its read indexes once caught up (VoteIndexes): waited for, so
    # that the build is measured (phases.txt, indexes and indexed) and not cut short by the stop.
    if grep -q "vote table empty" "$WORK/service-$run.log"; then
        while ! grep -q "vote indexes .* built in" "$WORK/service-$run.log"; do
            kill -0 "$service" 2>/dev/null || { echo "the service exited; see $WORK/service-$run.log" >&2; exit 1; }
            [ $(( $(now_ms) - t0 - caught_ms )) -lt 600000 ] \
                || { echo "no index build 10 minutes after caught up; see $WORK/service-$run.log" >&2; exit 1; }
            sleep 0.05
        done
    fi
    rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$service/status")
    stop "$service"
    stop "$ANVIL_PID"
    rm -rf "$data"
    if [ "$run" = 0 ]; then
        [ -s "$cache" ] || { echo "the training run wrote no $cache; see $WORK/service-0.log" >&2; exit 1; }
        [ "${STARTUP_CACHE:-engine}" != engine ] || cache_use=$(engine_options | tr '\n' ' ')
        echo "== JVM options: $cache_use"
        continue
    fi
    phases "$run" "$t0" "$ready_ms" "$caught_ms" "$WORK/service-$run.log" >> "$PHASES"

    ponder_ms=-; ponder_rss=-; vs_ponder=-
    if [ "$PONDER" = 1 ]; then
        run_ponder "$run"
        vs_ponder=$(awk -v p="$ponder_ms" -v s="$caught_ms" 'BEGIN { printf "%.1f", p / s }')
    fi

    # Events/s counts from the moment the service answers (Quarkus up, database migrated) to caught up: the
    # indexer's own work, without the JVM's and PostgreSQL's start-up. The ratio is indexer time over node time.
    backfill_ms=$(( caught_ms - ready_ms ))
    eps=$(( EVENTS * 1000 / backfill_ms ))
    ratio=$(awk -v a="$backfill_ms" -v b="$baseline_ms" 'BEGIN { printf "%.1f", a / b }')
    printf "%-4s %-12s %-17s %-13s %-12s %-13s %-6s %-12s %-10s %-14s %s\n" "$run" "$baseline_ms" "$ready_ms" \
        "$caught_ms" "$backfill_ms" "$eps" "$ratio" "$(( rss_kb / 1024 ))" "$ponder_ms" "$ponder_rss" "$vs_ponder" \
        | tee -a "$RESULTS"
done

median() { # column number
    awk -v c="$1" '$1 ~ /^[0-9]+$/ {print $c}' "$RESULTS" | sort -n | awk '{v[NR]=$1} END {
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo "median: baseline $(median 2) ms, ready $(median 3) ms, caught up $(median 4) ms, backfill $(median 5) ms," \
    "$(median 6) events/s, ratio $(median 7), peak RSS $(median 8) MB" | tee -a "$RESULTS"
if [ "$PONDER" = 1 ]; then
    echo "median: Ponder caught up $(median 9) ms, peak RSS $(median 10) MB, Ponder's time over the service's" \
        "$(median 11)" | tee -a "$RESULTS"
fi
echo "== where the time went (ms; see docs/BENCHMARKS.md, \"Indexer backfill\")"
cat "$PHASES"
