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
# 3. Prints each run's numbers and the medians, and writes them to bench/indexer/work/results.txt.
#
# Settings (environment): RUNS (3), VOTERS (1000), PROPOSALS (100), JAVA_OPTS (extra JVM flags for the service),
# SERVICE_JAR (another build of the service to measure, e.g. an older commit's, against the same chain).
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

RESULTS=$WORK/results.txt
echo "run  baseline_ms  service_ready_ms  caught_up_ms  backfill_ms  events_per_s  ratio  peak_rss_mb" > "$RESULTS"
for run in $(seq 1 "$RUNS"); do
    echo "== run $run of $RUNS"
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
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
    java ${JAVA_OPTS:-} -Dquarkus.http.port="$http_port" -Dgov.database.data-dir="$data" \
        -Dgov.chains.bench.rpc-url="$url" -Dgov.chains.bench.chain-id=31337 -Dgov.chains.bench.confirmations=0 \
        -Dgov.governors.bench.chain=bench -Dgov.governors.bench.address="$GOVERNOR" \
        -Dgov.governors.bench.start-block="$START_BLOCK" \
        -jar "$JAR" serve > "$WORK/service-$run.log" 2>&1 &
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
    rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$service/status")
    stop "$service"
    stop "$ANVIL_PID"
    rm -rf "$data"

    # Events/s counts from the moment the service answers (Quarkus up, database migrated) to caught up: the
    # indexer's own work, without the JVM's and PostgreSQL's start-up. The ratio is indexer time over node time.
    backfill_ms=$(( caught_ms - ready_ms ))
    eps=$(( EVENTS * 1000 / backfill_ms ))
    ratio=$(awk -v a="$backfill_ms" -v b="$baseline_ms" 'BEGIN { printf "%.1f", a / b }')
    printf "%-4s %-12s %-17s %-13s %-12s %-13s %-6s %s\n" "$run" "$baseline_ms" "$ready_ms" "$caught_ms" \
        "$backfill_ms" "$eps" "$ratio" "$(( rss_kb / 1024 ))" | tee -a "$RESULTS"
done

median() { # column number
    tail -n +2 "$RESULTS" | awk -v c="$1" '{print $c}' | sort -n | awk '{v[NR]=$1} END {
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo "median: baseline $(median 2) ms, ready $(median 3) ms, caught up $(median 4) ms, backfill $(median 5) ms," \
    "$(median 6) events/s, ratio $(median 7), peak RSS $(median 8) MB" | tee -a "$RESULTS"
