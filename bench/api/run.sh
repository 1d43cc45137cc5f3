#!/usr/bin/env bash
# The wallet API load benchmark (issue 5). Run from the repository root:
#
#   bench/api/run.sh
#
# 1. Builds the service if needed and reuses the indexer benchmark's chain (bench/indexer/work/: 100 proposals,
#    1,000 voters, 100,000 votes), generating it there first, exactly as bench/indexer/run.sh does, if it is missing.
# 2. Starts Anvil from the saved state and the packaged service on a fresh embedded PostgreSQL, and waits until the
#    indexer has caught up (indexerStatus lagBlocks "0"), so the database holds all 100,000 votes.
# 3. Reads the proposal ids and 100 voters from the API, writes the request bodies (the wallet operations of
#    graphql-schema/operations/ with their variables, one request per line) and checks one answer of each.
# 4. Turns on Anvil's interval mining (a block every BLOCK_TIME seconds), so that the indexer follows a moving head
#    as it would in production: each block it takes commits a new cursor, and the response cache keeps each answer
#    only while the head stays where the answer reads the same (docs/ARCHITECTURE.md, "The wallet API"). With
#    TRANSFER_TIME set, one of the 100 accounts also sends the next one a token unit every TRANSFER_TIME seconds, as
#    holders of a traded token do: each transfer indexes two voting-power changes, which retire the answers that
#    read those accounts' voting power and leave the others. With VOTE_TIME set, a new account casts a vote (of no
#    weight: it held no votes at the snapshot) on the next of the 100 proposals every VOTE_TIME seconds, as a busy
#    vote brings them: each retires the page of the proposal voted on and leaves the others. With CHANGE_TIME set,
#    every CHANGE_TIME seconds either such a vote or a delegation lands, in turn: measured account i moves its votes
#    to account i+1 (the next delegation is i+1's), which retires the two accounts' pages and the leaderboard.
# 5. Warms up, then RUNS rounds; each round runs wrk (bench/api/graphql.lua) for DURATION seconds per target, first
#    at saturation (CONNECTIONS connections, no pause) and then at a fixed RATE requests/s. Targets: the proposal
#    page (ProposalPage.graphql), the account page (Account.graphql), and the baseline `{ __typename }` (the HTTP
#    and GraphQL stack without data); at saturation also GET /q/health/live (the HTTP stack alone). The `mixed`
#    target is a wallet's traffic over the whole chain: the pages of all proposals, of ACCOUNTS accounts, the
#    proposals' vote lists (Votes.graphql) and the delegate leaderboard (Delegates.graphql, both orders, three
#    sizes), shuffled into one list (the same order every run).
# 6. Prints each run and the medians (with the share of answers the response cache served), and writes them to
#    bench/api/work/results.txt.
#
# Settings (environment): RUNS (3), DURATION (15 s), WARMUP (20 s per target), RATE (500), THREADS (2), BLOCK_TIME
# (2 s, a fast rollup's; 0 leaves the chain still), TRANSFER_TIME (0: no transfers), VOTE_TIME (0: no votes),
# CHANGE_TIME (0: no alternating votes and delegations), ACCOUNTS (100: the accounts whose pages are measured),
# CONNECTIONS (16, saturation), RATE_CONNECTIONS (64, fixed rate), JAVA_OPTS (extra JVM flags for the service),
# SERVICE_JAR (another build of the service; JAVA_OPTS=-Dgov.api.response-cache.enabled=false measures without the
# cache), CHAIN_WORK (where the chain is kept: bench/indexer/work), TARGETS
# ("proposal-page account-page typename health") and MODES ("saturation rate") to measure only some of them.
set -euo pipefail

RUNS=${RUNS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-20}
RATE=${RATE:-500}
BLOCK_TIME=${BLOCK_TIME:-2}
TRANSFER_TIME=${TRANSFER_TIME:-0}
VOTE_TIME=${VOTE_TIME:-0}
CHANGE_TIME=${CHANGE_TIME:-0}
ACCOUNTS=${ACCOUNTS:-100}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-64}
VOTERS=${VOTERS:-1000}
PROPOSALS=${PROPOSALS:-100}
ROOT=$(pwd)
HERE=$ROOT/bench/api
WORK=$HERE/work
CHAIN_WORK=${CHAIN_WORK:-$ROOT/bench/indexer/work}
STATE=$CHAIN_WORK/chain-state.json
CHAIN=$CHAIN_WORK/chain.json
JAR=${SERVICE_JAR:-$ROOT/governance-service/target/quarkus-app/quarkus-run.jar}
ANVIL=${GOV_ANVIL_BINARY:-$ROOT/contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}
SCRIPT=$HERE/graphql.lua
TARGETS=${TARGETS:-proposal-page account-page typename health}
MODES=${MODES:-saturation rate}

[ -f "$ROOT/mvnw" ] && [ -d "$HERE" ] || { echo "run from the repository root" >&2; exit 1; }
[ -x "$ANVIL" ] || { echo "Anvil not found at $ANVIL: run 'npm ci' in contracts/ or set GOV_ANVIL_BINARY" >&2; exit 1; }
for tool in curl jq wrk; do
    command -v $tool >/dev/null || { echo "$tool is required (Debian: apt-get install $tool)" >&2; exit 1; }
done
mkdir -p "$WORK" "$CHAIN_WORK"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

if [ ! -f "$ROOT/governance-service/target/quarkus-app/quarkus-run.jar" ]; then
    echo "== building the service"
    ./mvnw -q -pl governance-service -am install -DskipTests
fi

# The chain: the indexer benchmark's, generated the same way (bench/indexer/Generate.java) if it is not there yet.
if [ ! -f "$STATE" ] || [ ! -f "$CHAIN" ]; then
    # The packaged service's libraries and its classes: the classpath the generator needs.
    generate_chain "$ROOT/governance-service/target/quarkus-app/lib/main/*:$ROOT/governance-service/target/classes"
fi

GOVERNOR=$(jq -r .governor "$CHAIN")
START_BLOCK=$(jq -r .startBlock "$CHAIN")
HEAD=$(jq -r .headBlock "$CHAIN")
echo "== chain: governor $GOVERNOR, blocks $START_BLOCK..$HEAD, $(jq -r .proposals "$CHAIN") proposals," \
    "$(jq -r .voters "$CHAIN") voters, $(jq -r .votes "$CHAIN") votes"

anvil_port=$(free_port)
start_anvil "$anvil_port" --load-state "$STATE"
data=$WORK/data
rm -rf "$data"
http_port=$(free_port)
URL=http://127.0.0.1:$http_port/graphql
t0=$(now_ms)
# wrk is one client address: the per-client rate limit (gov.api.rate-limit.*) is off, or it would measure only that.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
java $(service_collector) ${JAVA_OPTS:-} -Dquarkus.http.port="$http_port" -Dgov.database.data-dir="$data" \
    -Dgov.api.rate-limit.enabled=false \
    -Dgov.chains.bench.rpc-url="http://127.0.0.1:$anvil_port" -Dgov.chains.bench.chain-id=31337 \
    -Dgov.chains.bench.confirmations=0 \
    -Dgov.governors.bench.chain=bench -Dgov.governors.bench.address="$GOVERNOR" \
    -Dgov.governors.bench.start-block="$START_BLOCK" \
    -jar "$JAR" serve > "$WORK/service.log" 2>&1 &
SERVICE=$!
PIDS+=("$SERVICE")

gql() { # query text, optional variables JSON
    jq -nc --arg q "$1" --argjson v "${2:-{\}}" '{query: $q, variables: $v}' \
        | curl -sf -H 'Content-Type: application/json' -d @- "$URL"
}

while :; do
    kill -0 "$SERVICE" 2>/dev/null || { echo "the service exited; see $WORK/service.log" >&2; exit 1; }
    status=$(gql '{ indexerStatus { lagBlocks } }' 2>/dev/null || true)
    [ -n "$status" ] && [ "$(jq -r '.data.indexerStatus[0].lagBlocks' <<<"$status")" = "0" ] && break
    if [ $(( $(now_ms) - t0 )) -gt 1800000 ]; then
        echo "not caught up after 30 minutes; see $WORK/service.log" >&2
        exit 1
    fi
    sleep 0.2
done
echo "== service caught up after $(( ($(now_ms) - t0) / 1000 ))s (port $http_port)"

# What the pages ask for: every proposal, and ACCOUNTS accounts that voted (each voter delegates to itself and votes
# on every proposal, so the first delegates each have 100 votes). The timepoint of votingPowerAt is a past block.
GOVERNOR_ID="eip155:31337:$GOVERNOR"
gql 'query($g: ID!) { proposals(governor: $g, first: 100) { edges { node { proposalId } } } }' \
    "{\"g\":\"$GOVERNOR_ID\"}" | jq -r '.data.proposals.edges[].node.proposalId' > "$WORK/proposal-ids.txt"
: > "$WORK/accounts.txt"
after=null
while [ "$(wc -l < "$WORK/accounts.txt")" -lt "$ACCOUNTS" ]; do
    page=$(gql 'query($g: ID!, $a: String) { delegates(governor: $g, first: 100, after: $a) {
            edges { node { address } } pageInfo { hasNextPage endCursor } } }' \
        "{\"g\":\"$GOVERNOR_ID\",\"a\":$after}")
    jq -r '.data.delegates.edges[].node.address' <<<"$page" >> "$WORK/accounts.txt"
    [ "$(jq -r .data.delegates.pageInfo.hasNextPage <<<"$page")" = true ] || break
    after=$(jq .data.delegates.pageInfo.endCursor <<<"$page")
done
sed -i "$(( ACCOUNTS + 1 )),\$d" "$WORK/accounts.txt"
TIMEPOINT=$(( (START_BLOCK + HEAD) / 2 ))
[ -s "$WORK/proposal-ids.txt" ] && [ -s "$WORK/accounts.txt" ] || { echo "no proposals or accounts" >&2; exit 1; }

OPS=$ROOT/graphql-schema/operations
while read -r id; do
    jq -nc --rawfile q "$OPS/ProposalPage.graphql" --arg g "$GOVERNOR_ID" --arg p "$id" \
        '{query: $q, operationName: "ProposalPage", variables: {governor: $g, proposalId: $p}}'
done < "$WORK/proposal-ids.txt" > "$WORK/proposal-page.bodies"
while read -r address; do
    jq -nc --rawfile q "$OPS/Account.graphql" --arg g "$GOVERNOR_ID" --arg a "$address" --arg t "$TIMEPOINT" \
        '{query: $q, operationName: "Account", variables: {governor: $g, address: $a, timepoint: $t}}'
done < "$WORK/accounts.txt" > "$WORK/account-page.bodies"
echo '{"query":"{ __typename }"}' > "$WORK/typename.bodies"
while read -r id; do
    jq -nc --rawfile q "$OPS/Votes.graphql" --arg g "$GOVERNOR_ID" --arg p "$id" \
        '{query: $q, operationName: "Votes", variables: {governor: $g, proposalId: $p, first: 20}}'
done < "$WORK/proposal-ids.txt" > "$WORK/votes.bodies"
for order in VOTING_POWER_DESC DELEGATOR_COUNT_DESC; do
    for size in 10 20 50; do
        jq -nc --rawfile q "$OPS/Delegates.graphql" --arg g "$GOVERNOR_ID" --arg o "$order" --argjson n "$size" \
            '{query: $q, operationName: "Delegates", variables: {governor: $g, first: $n, orderBy: $o}}'
    done
done > "$WORK/leaderboard.bodies"
# A fixed shuffle (seeded from a constant stream), so that every run sends the same sequence.
cat "$WORK/proposal-page.bodies" "$WORK/account-page.bodies" "$WORK/votes.bodies" "$WORK/leaderboard.bodies" \
    | shuf --random-source=<(yes) > "$WORK/mixed.bodies"

# One answer of each, checked: no errors, 20 votes, and its size.
check() { # bodies file, jq expression that must print "ok"
    local answer
    answer=$(head -1 "$1" | curl -sf -H 'Content-Type: application/json' -d @- "$URL")
    [ "$(jq -r "if .errors then \"errors: \(.errors)\" else ($2) end" <<<"$answer")" = ok ] \
        || { echo "unexpected answer to $(basename "$1"): $answer" >&2; exit 1; }
    echo "   $(basename "$1" .bodies): answer ${#answer} bytes"
}
check "$WORK/proposal-page.bodies" \
    'if (.data.proposal.votes.edges | length) == 20 and .data.proposal.voterCount == 1000 then "ok" else "bad" end'
check "$WORK/account-page.bodies" \
    'if (.data.account.votes.edges | length) == 20 and .data.account.votes.pageInfo.hasNextPage then "ok" else "bad" end'
check "$WORK/typename.bodies" 'if .data.__typename == "Query" then "ok" else "bad" end'
check "$WORK/votes.bodies" 'if (.data.votes.edges | length) == 20 then "ok" else "bad" end'
check "$WORK/leaderboard.bodies" 'if (.data.delegates.edges | length) == 10 then "ok" else "bad" end'
echo "   mixed: $(wc -l < "$WORK/mixed.bodies") different requests ($(wc -l < "$WORK/accounts.txt") accounts)"

if [ "$BLOCK_TIME" != 0 ]; then
    rpc "http://127.0.0.1:$anvil_port" evm_setIntervalMining "[$BLOCK_TIME]" > /dev/null
    echo "== Anvil mines a block every ${BLOCK_TIME}s from now on"
fi

# send_as from to calldata: a transaction from an account nobody holds the key of, as Anvil lets one impersonate.
send_as() {
    rpc "http://127.0.0.1:$anvil_port" anvil_impersonateAccount "[\"$1\"]" > /dev/null
    rpc "http://127.0.0.1:$anvil_port" eth_sendTransaction "[{\"from\":\"$1\",\"to\":\"$2\",\"gas\":\"0x30d40\",\"gasPrice\":\"0x0\",\"data\":\"$3\"}]" > /dev/null
}
CAST=$ROOT/contracts/node_modules/@foundry-rs/cast-linux-amd64/bin/cast

if [ "$TRANSFER_TIME" != 0 ]; then
    TOKEN=$(jq -r .token "$CHAIN")
    mapfile -t HOLDERS < "$WORK/accounts.txt"
    (
        i=0
        while :; do
            send_as "${HOLDERS[i % ${#HOLDERS[@]}]}" "$TOKEN" \
                "$("$CAST" calldata "transfer(address,uint256)" "${HOLDERS[(i + 1) % ${#HOLDERS[@]}]}" 1)"
            i=$(( i + 1 ))
            sleep "$TRANSFER_TIME"
        done
    ) &
    PIDS+=($!)
    echo "== a token transfer between the measured accounts every ${TRANSFER_TIME}s from now on"
fi

if [ "$VOTE_TIME" != 0 ]; then
    BALLOTS=()
    while read -r id; do
        BALLOTS+=("$("$CAST" calldata "castVote(uint256,uint8)" "$id" 1)")
    done < "$WORK/proposal-ids.txt"
    (
        i=0
        while :; do
            send_as "$(printf '0x%040x' $(( 0xb07e0000 + i )))" "$GOVERNOR" "${BALLOTS[i % ${#BALLOTS[@]}]}"
            i=$(( i + 1 ))
            sleep "$VOTE_TIME"
        done
    ) &
    PIDS+=($!)
    echo "== a vote by a new account on the next proposal every ${VOTE_TIME}s from now on"
fi

if [ "$CHANGE_TIME" != 0 ]; then
    TOKEN=$(jq -r .token "$CHAIN")
    mapfile -t HOLDERS < "$WORK/accounts.txt"
    mapfile -t IDS < "$WORK/proposal-ids.txt"
    (
        i=0
        while :; do
            if (( i % 2 == 0 )); then
                send_as "$(printf '0x%040x' $(( 0xc4a90000 + i )))" "$GOVERNOR" \
                    "$("$CAST" calldata "castVote(uint256,uint8)" "${IDS[i / 2 % ${#IDS[@]}]}" 1)"
            else
                j=$(( i / 2 % ${#HOLDERS[@]} ))
                send_as "${HOLDERS[j]}" "$TOKEN" \
                    "$("$CAST" calldata "delegate(address)" "${HOLDERS[(j + 1) % ${#HOLDERS[@]}]}")"
            fi
            i=$(( i + 1 ))
            sleep "$CHANGE_TIME"
        done
    ) &
    PIDS+=($!)
    echo "== a vote by a new account or a delegation between the measured accounts, in turn, every ${CHANGE_TIME}s"
fi

postmaster=$(head -1 "$data/postmaster.pid")
cpu_ticks() { # the service's JVM, and PostgreSQL (the postmaster and its backends)
    local pg=0 pid
    for pid in "$postmaster" $(pgrep -P "$postmaster"); do
        pg=$(( pg + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
    done
    echo "$(awk '{ print $14 + $15 }' "/proc/$SERVICE/stat") $pg"
}
TICK=$(getconf CLK_TCK)
cache_hits() { # answers served by the response cache so far; none when it is off
    curl -sf "http://127.0.0.1:$http_port/q/metrics" | awk '/^gov_api_cache_hits_total/ { h = $2 } END { print h + 0 }'
}

# wrk_run target mode seconds -> prints the RESULT line, with CPU per request and the load average appended
wrk_run() {
    local target=$1 mode=$2 seconds=$3 bodies="" url=$URL rate=0 connections=$CONNECTIONS
    case $target in
        health) url=http://127.0.0.1:$http_port/q/health/live ;;
        *) bodies=$WORK/$target.bodies ;;
    esac
    if [ "$mode" = rate ]; then rate=$RATE; connections=$RATE_CONNECTIONS; fi
    local load before after out
    load=$(cut -d' ' -f1 /proc/loadavg)
    local hits_before hits_after
    hits_before=$(cache_hits)
    before=$(cpu_ticks)
    out=$(BODIES=$bodies RATE=$rate THREADS=$THREADS wrk -t"$THREADS" -c"$connections" -d"${seconds}s" \
        -s "$SCRIPT" "$url" | grep '^RESULT')
    after=$(cpu_ticks)
    hits_after=$(cache_hits)
    awk -v b="$before" -v a="$after" -v out="$out" -v load="$load" -v tick="$TICK" \
        -v hits="$(( hits_after - hits_before ))" 'BEGIN {
        split(b, x, " "); split(a, y, " "); match(out, /requests=[0-9]+/)
        n = substr(out, RSTART + 9, RLENGTH - 9) + 0; if (n == 0) n = 1
        printf "%s java_cpu_ms=%.2f pg_cpu_ms=%.2f cached_pct=%.1f load=%s\n", out,
            (y[1] - x[1]) * 1000 / tick / n, (y[2] - x[2]) * 1000 / tick / n,
            # Requests still in flight when wrk stops are served but not counted by it.
            (hits > n ? 100 : 100 * hits / n), load }'
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

echo "== warm-up: ${WARMUP}s per target at saturation"
for target in $TARGETS; do
    [ "$target" = health ] && continue
    wrk_run "$target" saturation "$WARMUP" > /dev/null
done

RESULTS=$WORK/results.txt
RAW=$WORK/results-raw.txt
: > "$RAW"
printf "%-4s %-10s %-14s %9s %8s %8s %8s %7s %7s %7s %7s %6s %6s\n" run mode target "req/s" p50_ms p99_ms \
    p999_ms errors java_ms pg_ms cached late load | tee "$RESULTS"
for run in $(seq 1 "$RUNS"); do
    for mode in $MODES; do
        for target in $TARGETS; do
            [ "$mode" = rate ] && [ "$target" = health ] && continue
            line=$(wrk_run "$target" "$mode" "$DURATION")
            echo "$run $mode $target $line" >> "$RAW"
            errors=$(( $(field socket_errors "$line") + $(field non2xx "$line") + $(field timeouts "$line") \
                + $(field graphql_errors "$line") ))
            printf "%-4s %-10s %-14s %9s %8s %8s %8s %7s %7s %7s %7s %6s %6s\n" "$run" "$mode" "$target" \
                "$(field rps "$line")" "$(field p50 "$line")" "$(field p99 "$line")" "$(field p999 "$line")" \
                "$errors" "$(field java_cpu_ms "$line")" "$(field pg_cpu_ms "$line")" "$(field cached_pct "$line")" \
                "$(field late "$line")" "$(field load "$line")" | tee -a "$RESULTS"
        done
    done
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo | tee -a "$RESULTS"
printf "%-10s %-14s %9s %8s %8s %8s %7s %7s %7s\n" median mode_target "req/s" p50_ms p99_ms p999_ms java_ms pg_ms \
    cached | tee -a "$RESULTS"
for mode in $MODES; do
    for target in $TARGETS; do
        [ "$mode" = rate ] && [ "$target" = health ] && continue
        col() { awk -v m="$mode" -v t="$target" -v c="$1" '$2 == m && $3 == t { print $c }' "$RESULTS" | median; }
        printf "%-10s %-14s %9s %8s %8s %8s %7s %7s %7s\n" "$mode" "$target" "$(col 4)" "$(col 5)" "$(col 6)" \
            "$(col 7)" "$(col 9)" "$(col 10)" "$(col 11)" | tee -a "$RESULTS"
    done
done
echo "(rate: a fixed $RATE requests/s over $RATE_CONNECTIONS connections; saturation: $CONNECTIONS connections;" \
    "$THREADS wrk threads, ${DURATION}s per run; java_ms and pg_ms: CPU per request; cached: % of answers from the" \
    "response cache; $( [ "$BLOCK_TIME" = 0 ] && echo "a still chain" || echo "a block every ${BLOCK_TIME}s")$(
        [ "$TRANSFER_TIME" = 0 ] || echo ", a token transfer every ${TRANSFER_TIME}s")$(
        [ "$VOTE_TIME" = 0 ] || echo ", a vote every ${VOTE_TIME}s")$(
        [ "$CHANGE_TIME" = 0 ] || echo ", a vote or a delegation every ${CHANGE_TIME}s"))" \
    | tee -a "$RESULTS"

stop "$SERVICE"
stop "$ANVIL_PID"
rm -rf "$data"
