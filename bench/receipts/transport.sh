#!/usr/bin/env bash
# The receipt upload's transport benchmark: how fast POST /receipts takes a large body and answers it, and how other
# requests fare meanwhile. Run from a repository root, with the service packaged there:
#
#   bench/receipts/transport.sh [OTHER_ROOT]
#
# 1. Writes one file of LINES well-formed NDJSON receipts whose signature is too short (64 bytes, not 65), so that
#    each line is split, parsed and refused without a recovery or a row: the upload's transport and parse, nothing
#    else (100,000 lines, 34.3 MB).
# 2. Starts `engine devnet` from the packaged jar of this root, and of OTHER_ROOT when given (another checkout, built
#    too, such as the commit before a change), each on a port of its own, from its own root so that it finds its
#    Anvil; waits until POST /receipts answers 200 on each.
# 3. ROUNDS times, alternating the services within each round: posts the file with curl, once with a Content-Length
#    and once chunked, timed from start to exit, and checks that every line was reported; during each upload, posts
#    `{ __typename }` to /graphql one request after the other and keeps each one's time.
# 4. Prints, per service and mode, the median upload time and the median of the rounds' GraphQL p50 and p90; the
#    rounds are in bench/receipts/work/transport.txt.
#
# Settings (environment): ROUNDS (5), LINES (100000), JAVA_OPTS (extra JVM flags for the services). A service whose
# body bound is below the file takes it with a Content-Length only if JAVA_OPTS raises quarkus.http.limits.max-body-size.
set -euo pipefail

ROUNDS=${ROUNDS:-5}
LINES=${LINES:-100000}
ROOT=$(pwd)
HERE=$ROOT/bench/receipts
WORK=$HERE/work
ROOTS=("$ROOT")
[ $# -gt 0 ] && ROOTS+=("$(cd "$1" && pwd)")

[ -f "$ROOT/mvnw" ] && [ -d "$HERE" ] || { echo "run from the repository root" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }
for root in "${ROOTS[@]}"; do
    [ -f "$root/governance-service/target/quarkus-app/quarkus-run.jar" ] \
        || { echo "$root has no packaged service: ./mvnw package -DskipTests there first" >&2; exit 1; }
done
mkdir -p "$WORK"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

FILE=$WORK/transport-$LINES.ndjson
if [ ! -s "$FILE" ]; then
    echo "== writing $LINES lines"
    signature=0x$(printf 'ab%.0s' $(seq 1 64))
    awk -v n="$LINES" -v sig="$signature" 'BEGIN {
        for (i = 1; i <= n; i++) {
            printf "{\"provider\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"epoch\":\"1\",\"jobId\":\"0x%064x\",", i
            printf "\"gpuClass\":2,\"gpuSeconds\":\"3600\",\"qualityBps\":9500,\"signature\":\"%s\"}\n", sig
        }
    }' > "$FILE"
fi
echo "== $FILE: $(stat -c %s "$FILE") bytes"

URLS=()
for i in "${!ROOTS[@]}"; do
    port=$(free_port)
    echo "== starting the devnet of ${ROOTS[$i]} on port $port"
    # From its own root, where it finds the Anvil of its contracts/node_modules. SIGTERM stops it.
    (cd "${ROOTS[$i]}" && exec java ${JAVA_OPTS:-} -Dquarkus.http.port="$port" \
        -jar governance-service/target/quarkus-app/quarkus-run.jar devnet) > "$WORK/transport-devnet-$i.log" 2>&1 &
    PIDS+=("$!")
    URLS+=("http://127.0.0.1:$port")
done
for i in "${!URLS[@]}"; do
    status=
    for _ in $(seq 1 1800); do
        status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/x-ndjson' \
            --data-binary '' "${URLS[$i]}/receipts" || true)
        [ "$status" = 200 ] && break
        kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "a devnet exited; see $WORK/transport-devnet-$i.log" >&2; exit 1; }
        sleep 0.2
    done
    [ "$status" = 200 ] || { echo "${URLS[$i]}/receipts never answered 200" >&2; exit 1; }
done

# The times of `{ __typename }` posted one after the other until the file $1 exists, in ms, one a line.
graphql_loop() {
    while [ ! -e "$1" ]; do
        curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
            -d '{"query":"{ __typename }"}' "$2/graphql" | awk '{ printf "%.1f\n", $1 * 1000 }'
    done
}

# The p-th percentile (nearest rank) of the numbers on stdin.
percentile() {
    sort -n | awk -v p="$1" '{ v[NR] = $1 } END { r = int((p * NR + 99) / 100); if (r < 1) r = 1; print v[r] }'
}

RESULTS=$WORK/transport.txt
echo "round  service  mode  upload_ms  graphql_requests  graphql_p50_ms  graphql_p90_ms" > "$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
    for mode in length chunked; do
        for i in "${!URLS[@]}"; do
            header=()
            [ "$mode" = chunked ] && header=(-H 'Transfer-Encoding: chunked')
            done_flag=$WORK/transport-done
            rm -f "$done_flag"
            graphql_loop "$done_flag" "${URLS[$i]}" > "$WORK/transport-graphql.txt" &
            loop=$!
            started=$(now_ms)
            curl -sS -X POST -H 'Content-Type: application/x-ndjson' "${header[@]}" --data-binary @"$FILE" \
                "${URLS[$i]}/receipts" -o "$WORK/transport-report.ndjson"
            elapsed=$(( $(now_ms) - started ))
            touch "$done_flag"
            wait "$loop"
            reported=$(grep -c '"code":"BAD_SIGNATURE"' "$WORK/transport-report.ndjson" || true)
            [ "$reported" = "$LINES" ] || { echo "round $round, service $i, $mode: $reported of $LINES reported;" \
                "$(head -c 300 "$WORK/transport-report.ndjson")" >&2; exit 1; }
            requests=$(wc -l < "$WORK/transport-graphql.txt")
            p50=$(percentile 50 < "$WORK/transport-graphql.txt")
            p90=$(percentile 90 < "$WORK/transport-graphql.txt")
            echo "$round  $i  $mode  $elapsed  $requests  $p50  $p90" | tee -a "$RESULTS"
        done
    done
done

echo "service  mode  upload_ms  graphql_p50_ms  graphql_p90_ms  (medians of $ROUNDS rounds)"
for i in "${!URLS[@]}"; do
    for mode in length chunked; do
        column() { awk -v s="$i" -v m="$mode" -v c="$1" 'NR > 1 && $2 == s && $3 == m { print $c }' "$RESULTS" \
            | percentile 50; }
        echo "$i ${ROOTS[$i]}  $mode  $(column 4)  $(column 6)  $(column 7)"
    done
done
