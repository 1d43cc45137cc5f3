#!/usr/bin/env bash
# The head latency benchmark (issue 18): how long after a vote or a delegation is mined it is visible in GraphQL,
# and a vote pushed to a voteCast subscriber, with confirmations=0. Run from the repository root:
#
#   bench/head/run.sh
#
# 1. Builds the service if needed; starts Anvil (automine: each transaction is mined as it is sent) and deploys a
#    DAO with VOTERS voters, self-delegated, and one Active proposal (bench/head/HeadLatency.java setup).
# 2. RUNS times, for each path: starts the packaged service with a fresh embedded PostgreSQL (response cache on, rate
#    limit off), waits until it has indexed the head, then sends a vote and a delegation to warm up and EVENTS
#    events, alternately a vote and a delegation, each after a random pause of 0 to 2 s, and times each one
#    (HeadLatency.java measure). The paths:
#      ws    gov.chains.bench.ws-url set: newHeads over WebSocket, the 2 s poll behind it;
#      poll  no ws-url: the 2 s poll alone, as before.
# 3. Prints p50, p90 and max of mined -> visible (votes and delegations) and mined -> pushed (votes) per path and
#    run, and the warm-up vote's two times ("cold"), then the medians over the runs, also written to
#    bench/head/work/results.txt.
#
# Settings (environment): RUNS (3), EVENTS (40), PATHS ("ws poll"), JAVA_OPTS (extra JVM flags for the service),
# SERVICE_JAR (another build of the service, e.g. a copy of an earlier target/quarkus-app, to compare).
set -euo pipefail

RUNS=${RUNS:-3}
PATHS=${PATHS:-ws poll}
EVENTS=${EVENTS:-40}
ROOT=$(pwd)
HERE=$ROOT/bench/head
WORK=$HERE/work
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

head_driver "$JAR"
bench() { java -cp "$CP" "$HERE/HeadLatency.java" "$@"; }

VOTERS=$(( RUNS * 2 * (EVENTS + 2) + 1 ))
anvil_port=$(free_port)
start_anvil "$anvil_port"
url="http://127.0.0.1:$anvil_port"
deploy_dao "$url" "$VOTERS"

# p50, p90 and max of one column of an events file ("-" entries skipped), nearest rank.
percentiles() { # file column
    awk -v c="$2" '($1 == "vote" || $1 == "delegation") && $c != "-" {print $c}' "$1" | sort -n | awk '{v[NR]=$1} END {
        p50 = v[int((NR * 50 + 99) / 100)]; p90 = v[int((NR * 90 + 99) / 100)]; printf "%d %d %d", p50, p90, v[NR] }'
}

RESULTS=$WORK/results.txt
echo "run  path  visible_p50  visible_p90  visible_max  pushed_p50  pushed_p90  pushed_max  cold_visible  cold_pushed  (ms; load)" > "$RESULTS"
voter=1
for run in $(seq 1 "$RUNS"); do
    for path in $PATHS; do
        echo "== run $run of $RUNS, $path"
        data=$WORK/run-$run-$path-data
        rm -rf "$data"
        http_port=$(free_port)
        ws_flag=()
        [ "$path" = ws ] && ws_flag=(-Dgov.chains.bench.ws-url="ws://127.0.0.1:$anvil_port")
        # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
        java ${JAVA_OPTS:-} -Dquarkus.http.port="$http_port" -Dgov.database.data-dir="$data" \
            -Dgov.api.rate-limit.enabled=false \
            -Dgov.chains.bench.rpc-url="$url" "${ws_flag[@]}" -Dgov.chains.bench.chain-id=31337 \
            -Dgov.chains.bench.confirmations=0 \
            -Dgov.governors.bench.chain=bench -Dgov.governors.bench.address="$GOVERNOR" \
            -Dgov.governors.bench.start-block="$START_BLOCK" \
            -jar "$JAR" serve > "$WORK/service-$run-$path.log" 2>&1 &
        service=$!
        PIDS+=("$service")
        t0=$(now_ms)
        while :; do
            kill -0 "$service" 2>/dev/null || { echo "the service exited; see $WORK/service-$run-$path.log" >&2; exit 1; }
            status=$(curl -sf -H 'Content-Type: application/json' \
                -d '{"query":"{ indexerStatus { lagBlocks } }"}' "http://127.0.0.1:$http_port/graphql" 2>/dev/null || true)
            [ -n "$status" ] && [ "$(jq -r '.data.indexerStatus[0].lagBlocks' <<<"$status")" = "0" ] && break
            [ $(( $(now_ms) - t0 )) -lt 300000 ] || { echo "not caught up in 5 minutes" >&2; exit 1; }
            sleep 0.2
        done
        events=$WORK/events-$run-$path.txt
        bench measure "$url" "http://127.0.0.1:$http_port/graphql" "$WORK/chain.json" "$voter" "$EVENTS" "$run" \
            > "$events"
        load=$(cut -d' ' -f1 /proc/loadavg)
        voter=$(( voter + EVENTS + 2 ))
        stop "$service"
        rm -rf "$data"
        # shellcheck disable=SC2046 # each function prints three numbers
        printf "%-4s %-5s %-12s %-12s %-12s %-11s %-11s %-11s %-13s %-12s load %s\n" "$run" "$path" \
            $(percentiles "$events" 3) $(percentiles "$events" 4) \
            $(awk '$1 == "cold-vote" {print $3, $4}' "$events") "$load" | tee -a "$RESULTS"
    done
done

median() { # path column
    awk -v p="$1" -v c="$2" 'NR > 1 && $2 == p {print $c}' "$RESULTS" | sort -n | awk '{v[NR]=$1} END {
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for path in $PATHS; do
    echo "median over $RUNS runs, $path: visible p50 $(median $path 3) p90 $(median $path 4) max $(median $path 5)," \
        "pushed p50 $(median $path 6) p90 $(median $path 7) max $(median $path 8);" \
        "cold vote visible $(median $path 9) pushed $(median $path 10) (ms)" | tee -a "$RESULTS"
done
