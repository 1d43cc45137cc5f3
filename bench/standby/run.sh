#!/usr/bin/env bash
# What the read barrier of a replica on a hot standby costs (issue 18, docs/DEPLOYMENT.md "Writer, API replicas and a
# standby"): the hot proposal page served from the cache of an API replica whose database is a streaming standby,
# with gov.api.standby-read-barrier on (each hit waits for a change-log read that starts after it came) and off (a
# hit is served at once). Run from the repository root:
#
#   bench/standby/run.sh
#
# 1. Builds the service if needed; starts Anvil and deploys a DAO with one Active proposal (bench/head/HeadLatency.java
#    setup); makes a PostgreSQL primary from the embedded binaries (initdb) and, from a copy of its data directory
#    taken before its first start, a streaming hot standby of it (standby.signal, primary_conninfo); starts a writer
#    on the primary and waits until it has indexed the chain and the standby has replayed it.
# 2. RUNS times, for each setting in BARRIERS: starts an API-only replica (gov.sync.poll-interval=off) on the standby,
#    warms it up, then runs wrk (bench/api/graphql.lua) on the proposal page (ProposalPage.graphql) for DURATION
#    seconds at each of CONNECTIONS, and stops it.
# 3. Prints each run (with the share of answers the cache served: wrk leaves out the requests still in flight when it
#    stops, so it can pass 100 %) and the medians per setting and connection count, also written to
#    bench/standby/work/results.txt.
#
# Settings (environment): RUNS (3), DURATION (10 s), WARMUP (5 s), CONNECTIONS ("1 32"), THREADS (2), BARRIERS
# ("true false"), BLOCK_TIME (0: a still chain; n: Anvil mines a block every n seconds, so the writer commits a
# cursor move each block and the replica's log reads find entries), JAVA_OPTS (extra JVM flags for the replica).
set -euo pipefail

RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-1 32}
THREADS=${THREADS:-2}
BARRIERS=${BARRIERS:-true false}
BLOCK_TIME=${BLOCK_TIME:-0}
ROOT=$(pwd)
HERE=$ROOT/bench/standby
WORK=$HERE/work
JAR=$ROOT/governance-service/target/quarkus-app/quarkus-run.jar
ANVIL=${GOV_ANVIL_BINARY:-$ROOT/contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}
PG_BIN=$(ls -d "${TMPDIR:-/tmp}"/embedded-pg/PG-*/bin 2>/dev/null | head -1 || true)

[ -f "$ROOT/mvnw" ] && [ -d "$HERE" ] || { echo "run from the repository root" >&2; exit 1; }
[ -x "$ANVIL" ] || { echo "Anvil not found at $ANVIL: run 'npm ci' in contracts/ or set GOV_ANVIL_BINARY" >&2; exit 1; }
[ -x "$PG_BIN/pg_ctl" ] || { echo "no embedded PostgreSQL binaries under ${TMPDIR:-/tmp}/embedded-pg: run the service or its tests once" >&2; exit 1; }
for tool in curl jq wrk; do
    command -v $tool >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
rm -rf "$WORK"
mkdir -p "$WORK"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
# PostgreSQL refuses to run as root; in a user namespace of its own root is nobody, as zonky runs it.
AS_USER=()
[ "$(id -u)" = 0 ] && AS_USER=(unshare -U)
stop_postgres() { # SIGINT, the fast shutdown, from here: pg_ctl in the namespace may not signal the server
    for dir in standby primary; do
        [ -f "$WORK/$dir/postmaster.pid" ] && kill -INT "$(head -1 "$WORK/$dir/postmaster.pid")" 2>/dev/null || true
    done
}
trap 'cleanup; stop_postgres' EXIT

head_driver "$JAR"

anvil_port=$(free_port)
block_flag=()
[ "$BLOCK_TIME" != 0 ] && block_flag=(--block-time "$BLOCK_TIME")
start_anvil "$anvil_port" "${block_flag[@]}"
url="http://127.0.0.1:$anvil_port"
deploy_dao "$url" 1

# The standby is a copy of the primary's data directory made before the primary ever ran: a cleanly shut down
# cluster, so the copy needs no backup label, and it streams every WAL record from the primary's first start.
primary_port=$(free_port)
standby_port=$(free_port)
"${AS_USER[@]}" "$PG_BIN/initdb" -A trust -U postgres -E UTF-8 -D "$WORK/primary" > "$WORK/initdb.log"
cp -a "$WORK/primary" "$WORK/standby"
touch "$WORK/standby/standby.signal"
echo "primary_conninfo = 'host=127.0.0.1 port=$primary_port user=postgres application_name=standby'" \
    >> "$WORK/standby/postgresql.auto.conf"
"${AS_USER[@]}" "$PG_BIN/pg_ctl" -D "$WORK/primary" -o "-p $primary_port" -l "$WORK/primary.log" -w start > /dev/null
"${AS_USER[@]}" "$PG_BIN/pg_ctl" -D "$WORK/standby" -o "-p $standby_port" -l "$WORK/standby.log" -w start > /dev/null

service() { # name port db_port further flags...: starts the service, logging to $WORK/<name>.log; sets STARTED_PID
    local name=$1 port=$2 db=$3
    shift 3
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
    java ${JAVA_OPTS:-} -Dquarkus.http.port="$port" \
        -Dquarkus.datasource.jdbc.url="jdbc:postgresql://localhost:$db/postgres" \
        -Dquarkus.datasource.reactive.url="postgresql://localhost:$db/postgres" \
        -Dquarkus.datasource.username=postgres -Dquarkus.datasource.password=postgres \
        -Dgov.api.rate-limit.enabled=false \
        -Dgov.chains.bench.rpc-url="$url" -Dgov.chains.bench.chain-id=31337 -Dgov.chains.bench.confirmations=0 \
        -Dgov.governors.bench.chain=bench -Dgov.governors.bench.address="$GOVERNOR" \
        -Dgov.governors.bench.start-block="$START_BLOCK" \
        "$@" -jar "$JAR" serve > "$WORK/$name.log" 2>&1 &
    STARTED_PID=$!
    PIDS+=("$STARTED_PID")
}
gql() { # port query
    jq -nc --arg q "$2" '{query: $q}' | curl -sf -H 'Content-Type: application/json' -d @- "http://127.0.0.1:$1/graphql"
}
await_answer() { # port pid log query text: polls until the answer holds the text
    local t0
    t0=$(now_ms)
    until gql "$1" "$4" 2>/dev/null | grep -qF "$5"; do
        kill -0 "$2" 2>/dev/null || { echo "exited; see $3" >&2; exit 1; }
        [ $(( $(now_ms) - t0 )) -lt 180000 ] || { echo "no '$5' within 3 minutes; see $3" >&2; exit 1; }
        sleep 0.2
    done
}

GOVERNOR_ID="eip155:31337:$GOVERNOR"
VOTERS_QUERY="{ proposal(governor: \"$GOVERNOR_ID\", proposalId: \"$PROPOSAL\") { proposalId } }"
writer_port=$(free_port)
service writer "$writer_port" "$primary_port" -Dgov.sync.poll-interval=1s
writer=$STARTED_PID
await_answer "$writer_port" "$writer" "$WORK/writer.log" '{ indexerStatus { lagBlocks } }' '"lagBlocks":"0"'
await_answer "$writer_port" "$writer" "$WORK/writer.log" "$VOTERS_QUERY" "$PROPOSAL"
echo "== the writer has indexed the chain"

BODIES=$WORK/proposal-page.txt
jq -nc --rawfile q "$ROOT/graphql-schema/operations/ProposalPage.graphql" --arg g "$GOVERNOR_ID" --arg p "$PROPOSAL" \
    '{query: $q, operationName: "ProposalPage", variables: {governor: $g, proposalId: $p}}' > "$BODIES"

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
RESULTS=$WORK/results.txt
printf "%-4s %-8s %-5s %9s %8s %8s %6s %6s %s\n" run barrier conns "req/s" p50_ms p99_ms errors cached load \
    | tee "$RESULTS"
for run in $(seq 1 "$RUNS"); do
    for barrier in $BARRIERS; do
        port=$(free_port)
        service "replica-$run-$barrier" "$port" "$standby_port" -Dgov.sync.poll-interval=off \
            -Dgov.api.standby-read-barrier="$barrier"
        replica=$STARTED_PID
        log=$WORK/replica-$run-$barrier.log
        await_answer "$port" "$replica" "$log" "$VOTERS_QUERY" "$PROPOSAL"
        grep -qF "the database is a hot standby" "$log" || { echo "the replica is not on the standby; see $log" >&2; exit 1; }
        target=http://127.0.0.1:$port/graphql
        BODIES=$BODIES THREADS=$THREADS wrk -t"$THREADS" -c32 -d"${WARMUP}s" -s "$ROOT/bench/api/graphql.lua" \
            "$target" > /dev/null
        for connections in $CONNECTIONS; do
            threads=$(( connections < THREADS ? connections : THREADS ))
            hits_before=$(curl -sf "http://127.0.0.1:$port/q/metrics" | awk '/^gov_api_cache_hits_total/ { print $2 }')
            load=$(cut -d' ' -f1 /proc/loadavg)
            out=$(BODIES=$BODIES THREADS=$threads wrk -t"$threads" -c"$connections" -d"${DURATION}s" \
                -s "$ROOT/bench/api/graphql.lua" "$target" | grep '^RESULT')
            hits_after=$(curl -sf "http://127.0.0.1:$port/q/metrics" | awk '/^gov_api_cache_hits_total/ { print $2 }')
            requests=$(field requests "$out")
            cached=$(awk -v a="$hits_after" -v b="$hits_before" -v n="$requests" 'BEGIN { printf "%.0f", 100 * (a - b) / n }')
            errors=$(( $(field socket_errors "$out") + $(field non2xx "$out") + $(field graphql_errors "$out") ))
            printf "%-4s %-8s %-5s %9s %8s %8s %6s %5s%% %s\n" "$run" "$barrier" "$connections" "$(field rps "$out")" \
                "$(field p50 "$out")" "$(field p99 "$out")" "$errors" "$cached" "$load" | tee -a "$RESULTS"
        done
        stop "$replica"
    done
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf "\n%-8s %-5s %9s %8s %8s\n" barrier conns "req/s" p50_ms p99_ms | tee -a "$RESULTS"
for barrier in $BARRIERS; do
    for connections in $CONNECTIONS; do
        col() { awk -v b="$barrier" -v c="$connections" -v k="$1" 'NR > 1 && $2 == b && $3 == c { print $k }' \
            "$RESULTS" | median; }
        printf "%-8s %-5s %9s %8s %8s\n" "$barrier" "$connections" "$(col 4)" "$(col 5)" "$(col 6)" | tee -a "$RESULTS"
    done
done
echo "($RUNS runs, ${DURATION}s each, $THREADS wrk threads at most; block time $BLOCK_TIME s)" | tee -a "$RESULTS"
stop "$writer"
