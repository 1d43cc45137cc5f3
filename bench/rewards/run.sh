#!/usr/bin/env bash
# The reward epoch benchmark (issue 6). Run from the repository root:
#
#   bench/rewards/run.sh
#
# RUNS times (default 3), each in a fresh JVM with -Xmx1g: RewardEpochBench generates RECIPIENTS recipients
# (default 1,000,000; seeded, so every run has the same input), then times allocation, the tree and the store's
# save into a fresh embedded PostgreSQL (end to end, in one process), and writes the tree's values; then node builds
# @openzeppelin/merkle-tree's StandardMerkleTree over the same values (the baseline) and must get the same root.
# Prints each run and the medians, also written to bench/rewards/work/results.txt.
#
# Settings (environment): RUNS (3), RECIPIENTS (1000000), JAVA_OPTS (JVM flags, default -Xmx1g), BASELINE (1; 0 skips
# the node baseline, which takes over two minutes a run at a million recipients, and with it the roots' comparison),
# CLASSES_FIRST (a classpath put before the service's classes: another revision's compiled classes, to measure it side
# by side with this one in the same call).
set -euo pipefail

RUNS=${RUNS:-3}
RECIPIENTS=${RECIPIENTS:-1000000}
BASELINE=${BASELINE:-1}
ROOT=$(pwd)
HERE=$ROOT/bench/rewards
WORK=$HERE/work
JAVA_FLAGS=${JAVA_OPTS:--Xmx1g}

[ -f "$ROOT/mvnw" ] && [ -d "$HERE" ] || { echo "run from the repository root" >&2; exit 1; }
[ -d "$ROOT/contracts/node_modules/@openzeppelin/merkle-tree" ] || { echo "run 'npm ci' in contracts/ first" >&2; exit 1; }
mkdir -p "$WORK"

# shellcheck source=../service-classes.sh
source "$ROOT/bench/service-classes.sh"
CLASSPATH_ALL=$(service_classpath "$WORK/classpath.txt")
[ -z "${CLASSES_FIRST:-}" ] || CLASSPATH_ALL=$CLASSES_FIRST:$CLASSPATH_ALL

field() { # line, name
    tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}

RESULTS=$WORK/results.txt
echo "run  allocation_ms  tree_ms  store_ms  total_ms  oz_tree_ms  tree_ratio  peak_rss_mb  table_mb  tree_mb" > "$RESULTS"
for run in $(seq 1 "$RUNS"); do
    echo "== run $run of $RUNS: $RECIPIENTS recipients"
    # shellcheck disable=SC2086 # JAVA_FLAGS is a list of flags
    /usr/bin/time -f '%M' -o "$WORK/rss.txt" java $JAVA_FLAGS -cp "$CLASSPATH_ALL" "$HERE/RewardEpochBench.java" \
        "$RECIPIENTS" "$WORK/values.csv" > "$WORK/java-$run.txt" 2> "$WORK/java-$run.err" \
        || { cat "$WORK/java-$run.err" >&2; exit 1; }
    java_line=$(grep '^recipients=' "$WORK/java-$run.txt")
    echo "java: $java_line"
    grep -h 'Stored epoch' "$WORK/java-$run.err" || true
    tree_ms=$(field "$java_line" tree_ms)
    oz_ms=- ratio=-
    if [ "$BASELINE" != 0 ]; then
        node_line=$(node "$HERE/oz-tree.mjs" "$WORK/values.csv")
        echo "node: $node_line"
        [ "$(field "$java_line" root)" = "$(field "$node_line" root)" ] \
            || { echo "the roots differ: Java and @openzeppelin/merkle-tree disagree" >&2; exit 1; }
        oz_ms=$(field "$node_line" oz_tree_ms)
        ratio=$(awk -v a="$oz_ms" -v b="$tree_ms" 'BEGIN { printf "%.1f", a / b }')
    fi
    printf "%-4s %-14s %-8s %-9s %-9s %-11s %-11s %-12s %-9s %s\n" "$run" "$(field "$java_line" allocation_ms)" \
        "$tree_ms" "$(field "$java_line" store_ms)" "$(field "$java_line" total_ms)" "$oz_ms" "$ratio" \
        "$(( $(cat "$WORK/rss.txt") / 1024 ))" "$(field "$java_line" table_mb)" "$(field "$java_line" tree_mb)" \
        | tee -a "$RESULTS"
done

median() { # column number
    tail -n +2 "$RESULTS" | awk -v c="$1" '{print $c}' | sort -n | awk '{v[NR]=$1} END {
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo "median: allocation $(median 2) ms, tree $(median 3) ms, store $(median 4) ms, total $(median 5) ms," \
    "@openzeppelin/merkle-tree $(median 6) ms, tree ratio (node/java) $(median 7), peak RSS $(median 8) MB" | tee -a "$RESULTS"
