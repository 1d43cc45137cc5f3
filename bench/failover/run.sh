#!/usr/bin/env bash
# Writer failover (issue 18, docs/DEPLOYMENT.md "When the writer dies"): how long after the active writer is killed
# with SIGKILL a second writer on the same PostgreSQL holds the writer lock and indexes. Run from the repository root:
#
#   bench/failover/run.sh
#
# 1. Builds the service if needed; starts Anvil and deploys a DAO (bench/head/HeadLatency.java setup), and a
#    PostgreSQL server of its own from the embedded binaries (initdb, pg_ctl), which outlives either writer.
# 2. RUNS times: starts writer A, waits until it holds the lock, starts writer B with the same settings, waits until
#    B is up and A has indexed the head, then kills A with SIGKILL and waits for B's log line "this instance is the
#    indexer's writer". Takeover = that line's timestamp minus the moment of the kill.
# 3. Prints each run's takeover and the median, also written to bench/failover/work/results.txt.
#
# Settings (environment): RUNS (3), POLL (the writers' gov.sync.poll-interval, 2s, the default), JAVA_OPTS.
set -euo pipefail

RUNS=${RUNS:-3}
POLL=${POLL:-2s}
ROOT=$(pwd)
HERE=$ROOT/bench/failover
WORK=$HERE/work
JAR=$ROOT/governance-service/target/quarkus-app/quarkus-run.jar
ANVIL=${GOV_ANVIL_BINARY:-$ROOT/contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}
PG_BIN=$(ls -d "${TMPDIR:-/tmp}"/embedded-pg/PG-*/bin 2>/dev/null | head -1 || true)

[ -f "$ROOT/mvnw" ] && [ -d "$HERE" ] || { echo "run from the repository root" >&2; exit 1; }
[ -x "$ANVIL" ] || { echo "Anvil not found at $ANVIL: run 'npm ci' in contracts/ or set GOV_ANVIL_BINARY" >&2; exit 1; }
[ -x "$PG_BIN/pg_ctl" ] || { echo "no embedded PostgreSQL binaries under ${TMPDIR:-/tmp}/embedded-pg: run the service or its tests once" >&2; exit 1; }
for tool in curl jq; do
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
    [ -f "$WORK/pg/postmaster.pid" ] && kill -INT "$(head -1 "$WORK/pg/postmaster.pid")" 2>/dev/null || true
}
trap 'cleanup; stop_postgres' EXIT

head_driver "$JAR"

anvil_port=$(free_port)
start_anvil "$anvil_port"
url="http://127.0.0.1:$anvil_port"
deploy_dao "$url" 1

pg_port=$(free_port)
"${AS_USER[@]}" "$PG_BIN/initdb" -A trust -U postgres -E UTF-8 -D "$WORK/pg" > "$WORK/initdb.log"
"${AS_USER[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -o "-p $pg_port" -l "$WORK/pg.log" -w start > /dev/null

WRITER="this instance is the indexer's writer"
writer() { # name: starts a writer, logging to $WORK/<name>.log; sets STARTED_PID and STARTED_PORT
    STARTED_PORT=$(free_port)
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
    java ${JAVA_OPTS:-} -Dquarkus.http.port="$STARTED_PORT" -Dgov.sync.poll-interval="$POLL" \
        -Dquarkus.datasource.jdbc.url="jdbc:postgresql://localhost:$pg_port/postgres" \
        -Dquarkus.datasource.reactive.url="postgresql://localhost:$pg_port/postgres" \
        -Dquarkus.datasource.username=postgres -Dquarkus.datasource.password=postgres \
        -Dgov.api.rate-limit.enabled=false \
        -Dgov.chains.bench.rpc-url="$url" -Dgov.chains.bench.chain-id=31337 \
        -Dgov.governors.bench.chain=bench -Dgov.governors.bench.address="$GOVERNOR" \
        -Dgov.governors.bench.start-block="$START_BLOCK" \
        -jar "$JAR" serve > "$WORK/$1.log" 2>&1 &
    STARTED_PID=$!
    PIDS+=("$STARTED_PID")
}
await_line() { # file text pid
    local t0
    t0=$(now_ms)
    until grep -qF "$2" "$1" 2>/dev/null; do
        kill -0 "$3" 2>/dev/null || { echo "exited; see $1" >&2; exit 1; }
        [ $(( $(now_ms) - t0 )) -lt 180000 ] || { echo "no '$2' in $1 within 3 minutes" >&2; exit 1; }
        sleep 0.05
    done
}
await_ready() { # port pid log
    local t0
    t0=$(now_ms)
    until curl -sf "http://127.0.0.1:$1/q/health/ready" > /dev/null 2>&1; do
        kill -0 "$2" 2>/dev/null || { echo "exited; see $3" >&2; exit 1; }
        [ $(( $(now_ms) - t0 )) -lt 180000 ] || { echo "not ready within 3 minutes; see $3" >&2; exit 1; }
        sleep 0.2
    done
}

RESULTS=$WORK/results.txt
echo "run  takeover_ms  (poll $POLL; load)" > "$RESULTS"
for run in $(seq 1 "$RUNS"); do
    writer "a-$run"; a=$STARTED_PID; a_port=$STARTED_PORT
    await_line "$WORK/a-$run.log" "$WRITER" "$a"
    await_ready "$a_port" "$a" "$WORK/a-$run.log"
    writer "b-$run"; b=$STARTED_PID; b_port=$STARTED_PORT
    await_ready "$b_port" "$b" "$WORK/b-$run.log"
    grep -qF "$WRITER" "$WORK/b-$run.log" && { echo "B took the lock while A held it" >&2; exit 1; }
    sleep 1
    load=$(cut -d' ' -f1 /proc/loadavg)
    killed=$(now_ms)
    kill -9 "$a"
    wait "$a" 2>/dev/null || true
    await_line "$WORK/b-$run.log" "$WRITER" "$b"
    # The log's timestamp (local time, milliseconds after a comma) rather than when this loop saw the line.
    stamp=$(grep -F "$WRITER" "$WORK/b-$run.log" | head -1 | cut -c1-23 | tr ',' '.')
    taken=$(date -d "$stamp" +%s%3N)
    printf "%-4s %-12s load %s\n" "$run" $(( taken - killed )) "$load" | tee -a "$RESULTS"
    stop "$b"
done
awk 'NR > 1 {print $2}' "$RESULTS" | sort -n | awk '{v[NR]=$1} END {
    if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "median over %d runs: %d ms\n", NR, m }' | tee -a "$RESULTS"
