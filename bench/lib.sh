# Helpers the benchmark scripts share; sourced, not run. The caller sets WORK (where logs go) and ANVIL (the binary)
# before it calls start_anvil, and STATE, CHAIN, VOTERS and PROPOSALS before generate_chain.

MNEMONIC="test test test test test test test test test test test junk"

# Everything started here is stopped on exit, however the script ends, and Anvil's homes go with it.
PIDS=()
cleanup() {
    for pid in "${PIDS[@]+"${PIDS[@]}"}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ -n "${WORK:-}" ]; then
        rm -rf "$WORK"/anvil-home-*
    fi
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# A port nobody listens on: the machine is shared, so fixed ports could collide. Below Linux's ephemeral range
# (32768 and up), where the outgoing connections of wrk and curl could take it between the check and the bind.
free_port() {
    local port
    while :; do
        port=$(( 20000 + RANDOM % 12000 ))
        (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null || { echo $port; return; }
    done
}

rpc() { # url method params-json
    curl -sf -H 'Content-Type: application/json' \
        -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":$3}" "$1"
}

start_anvil() { # port, further flags...
    local port=$1; shift
    # Anvil writes the states it evicts from memory under $HOME/.foundry/anvil/tmp and leaves them there when it is
    # stopped, gigabytes a run for this chain: a home of its own, removed on exit.
    mkdir -p "$WORK/anvil-home-$port"
    HOME="$WORK/anvil-home-$port" "$ANVIL" --host 127.0.0.1 --port "$port" --chain-id 31337 --mnemonic "$MNEMONIC" \
        --accounts 10 --block-base-fee-per-gas 0 "$@" > "$WORK/anvil-$port.log" 2>&1 &
    ANVIL_PID=$!
    PIDS+=("$ANVIL_PID")
    for _ in $(seq 1 1200); do
        rpc "http://127.0.0.1:$port" eth_chainId '[]' >/dev/null 2>&1 && return
        kill -0 "$ANVIL_PID" 2>/dev/null || { echo "Anvil exited; see $WORK/anvil-$port.log" >&2; exit 1; }
        sleep 0.1
    done
    echo "Anvil did not answer; see $WORK/anvil-$port.log" >&2
    exit 1
}

stop() { # pid: SIGTERM, so Anvil dumps its state and the service stops its PostgreSQL
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    # Forgotten once reaped, so that the exit trap never signals a process id the system has handed out again.
    local remaining=()
    for pid in "${PIDS[@]+"${PIDS[@]}"}"; do
        [ "$pid" = "$1" ] || remaining+=("$pid")
    done
    PIDS=("${remaining[@]+"${remaining[@]}"}")
}

# The indexer benchmark's chain (bench/indexer/Generate.java: VOTERS voters, PROPOSALS proposals, every voter voting
# on every proposal), saved as Anvil state in STATE with its summary in CHAIN. Argument: the generator's classpath
# (the service's libraries and classes).
generate_chain() {
    echo "== generating the chain: $VOTERS voters, $PROPOSALS proposals"
    rm -f "$STATE" "$CHAIN"
    local port started
    port=$(free_port)
    start_anvil "$port" --dump-state "$STATE"
    started=$(now_ms)
    java -cp "$1" "$(dirname "${BASH_SOURCE[0]}")/indexer/Generate.java" "http://127.0.0.1:$port" "$CHAIN" "$VOTERS" \
        "$PROPOSALS"
    stop "$ANVIL_PID"
    echo "generated in $(( ($(now_ms) - started) / 1000 ))s; state $(du -h "$STATE" | cut -f1)"
}

service_collector() { # the collector flags ./engine gives the service on the JDK that `java` runs (see engine)
    local version
    version=$(java -XshowSettings:properties -version 2>&1 | awk '/java.specification.version/ { print $3 }')
    if [ "${version:-0}" -ge 24 ]; then
        echo -XX:+UseZGC
    fi
}

# The packaged service ($1), built when missing, and in CP the classpath of bench/head/HeadLatency.java, the driver
# that deploys a DAO and casts its votes (head, failover, standby), on the service's classes compiled when stale.
head_driver() { # jar
    if [ ! -f "$1" ]; then
        echo "== building the service"
        ./mvnw -q -pl contracts,governance-service package -DskipTests -Dforge.skip=true
    fi
    # shellcheck source=bench/service-classes.sh
    source "$ROOT/bench/service-classes.sh"
    mkdir -p "$ROOT/bench/head/work"
    CP=$(service_classpath "$ROOT/bench/head/work/classpath.txt")
}

# Deploys a DAO with $2 self-delegated voters and one Active proposal on the chain at $1 (HeadLatency.java setup, CP
# from head_driver); its addresses in $WORK/chain.json, and in GOVERNOR, START_BLOCK and PROPOSAL.
deploy_dao() { # url voters
    echo "== deploying the DAO with $2 voters"
    java -cp "$CP" "$ROOT/bench/head/HeadLatency.java" setup "$1" "$WORK/chain.json" "$2" > "$WORK/setup.log"
    GOVERNOR=$(jq -r .governor "$WORK/chain.json")
    START_BLOCK=$(jq -r .startBlock "$WORK/chain.json")
    PROPOSAL=$(jq -r .proposal "$WORK/chain.json")
}
