#!/usr/bin/env bash
# The receipt ingestion benchmark (issue 6). Run from the repository root:
#
#   bench/receipts/run.sh
#
# 1. Builds the service if needed, and writes RUNS files of RECEIPTS signed work receipts each (bench/receipts/work/,
#    kept out of git), once per devnet: the files are signed for the devnet's RewardPolicy address, which is the same
#    on every fresh devnet because the deployer's nonces are.
# 2. Starts `engine devnet` (Anvil, the contract set, an embedded PostgreSQL, the service) and waits until
#    POST /receipts answers 200, that is until the RewardPolicy is indexed.
# 3. RUNS times: posts one file as one NDJSON upload (chunked, as a client streaming its receipts sends it)
#    and times it from the first byte sent to the last report line received; checks that every line was ACCEPTED.
# 4. Prints each run's receipts/s and the median, and writes them to bench/receipts/work/results.txt.
#
# Settings (environment): RUNS (3), RECEIPTS (100000), JAVA_OPTS (extra JVM flags for the service).
set -euo pipefail

RUNS=${RUNS:-3}
RECEIPTS=${RECEIPTS:-100000}
ROOT=$(pwd)
HERE=$ROOT/bench/receipts
WORK=$HERE/work
JAR=$ROOT/governance-service/target/quarkus-app/quarkus-run.jar

[ -f "$ROOT/mvnw" ] && [ -d "$HERE" ] || { echo "run from the repository root" >&2; exit 1; }
for tool in curl jq; do
    command -v $tool >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
mkdir -p "$WORK"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

if [ ! -f "$JAR" ]; then
    echo "== building the service"
    ./mvnw -q -pl governance-service -am install -DskipTests ${MAVEN_ARGS:-}
fi
if [ ! -s "$WORK/classpath.txt" ]; then
    ./mvnw -q -pl governance-service dependency:build-classpath ${MAVEN_ARGS:-} -Dmdep.outputFile="$WORK/classpath.txt"
fi

PORT=$(free_port)
echo "== starting the devnet (service on port $PORT)"
# SIGTERM (not SIGINT) stops it: a background job of a script ignores SIGINT.
java ${JAVA_OPTS:-} -Dquarkus.http.port="$PORT" -jar "$JAR" devnet > "$WORK/devnet.log" 2>&1 &
SERVICE_PID=$!
PIDS+=("$SERVICE_PID")
URL=http://127.0.0.1:$PORT/receipts
for _ in $(seq 1 1800); do
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/x-ndjson' \
        --data-binary '' "$URL" || true)
    [ "$status" = 200 ] && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the devnet exited; see $WORK/devnet.log" >&2; exit 1; }
    sleep 0.2
done
[ "$status" = 200 ] || { echo "POST /receipts never answered 200 (last $status); see $WORK/devnet.log" >&2; exit 1; }
POLICY=$(sed -n 's/^ *RewardPolicy *\(0x[0-9a-fA-F]*\).*/\1/p' "$WORK/devnet.log" | head -1)
echo "== RewardPolicy $POLICY"

for run in $(seq 1 "$RUNS"); do
    file=$WORK/receipts-$run.ndjson
    if [ ! -s "$file" ] || [ "$(cat "$WORK/signed-for-$run" 2>/dev/null)" != "$POLICY $RECEIPTS" ]; then
        echo "== signing $RECEIPTS receipts for run $run"
        java -cp "$(cat "$WORK/classpath.txt"):$ROOT/governance-service/target/classes" "$HERE/Generate.java" \
            "$POLICY" "$RECEIPTS" "run $run $(date +%s%N)" "$file"
        echo "$POLICY $RECEIPTS" > "$WORK/signed-for-$run"
    fi
done

RESULTS=$WORK/results.txt
echo "run  receipts  bytes  elapsed_ms  receipts_per_s" > "$RESULTS"
rates=()
for run in $(seq 1 "$RUNS"); do
    file=$WORK/receipts-$run.ndjson
    started=$(now_ms)
    curl -sS -f -X POST -H 'Content-Type: application/x-ndjson' -H 'Transfer-Encoding: chunked' \
        --data-binary @"$file" "$URL" -o "$WORK/report-$run.ndjson"
    elapsed=$(( $(now_ms) - started ))
    accepted=$(grep -c '"status":"ACCEPTED"' "$WORK/report-$run.ndjson" || true)
    if [ "$accepted" != "$RECEIPTS" ]; then
        echo "run $run: $accepted of $RECEIPTS accepted (delete $WORK/receipts-*.ndjson to sign new ones); first refusal:" >&2
        grep -m1 REFUSED "$WORK/report-$run.ndjson" >&2 || true
        exit 1
    fi
    rate=$(( RECEIPTS * 1000 / elapsed ))
    rates+=("$rate")
    echo "$run  $RECEIPTS  $(stat -c %s "$file")  $elapsed  $rate" | tee -a "$RESULTS"
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
echo "median receipts/s: $median" | tee -a "$RESULTS"
