#!/usr/bin/env bash
# The merkle build benchmark (issue 18). Run from the repository root:
#
#   bench/merkle/run.sh
#
# RUNS times (default 3): `./engine merkle build` on ROWS rows (default 200,000), then @openzeppelin/merkle-tree
# doing the same under node (bench/merkle/oz-build.mjs: read the CSV, StandardMerkleTree.of, write the dump), both
# timed as whole processes with their peak RSS; the two dumps must be the same bytes. Then RUNS times the engine alone
# on BIG_ROWS rows (default 1,000,000). The inputs are generated once (bench/merkle/generate.mjs, seeded) into
# bench/merkle/work/. Prints each run and the medians, also written to bench/merkle/work/results.txt.
#
# Settings (environment): RUNS (3), ROWS (200000), BIG_ROWS (1000000; 0 skips them), JAVA_OPTS (passed to the
# engine's JVM).
set -euo pipefail

RUNS=${RUNS:-3}
ROWS=${ROWS:-200000}
BIG_ROWS=${BIG_ROWS:-1000000}
ROOT=$(pwd)
HERE=$ROOT/bench/merkle
WORK=$HERE/work

[ -f "$ROOT/engine" ] && [ -d "$HERE" ] || { echo "run from the repository root" >&2; exit 1; }
[ -d "$ROOT/contracts/node_modules/@openzeppelin/merkle-tree" ] || { echo "run 'npm ci' in contracts/ first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed for the peak RSS (Debian: apt-get install time)" >&2; exit 1; }
mkdir -p "$WORK"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

input() { # rows: the input's path, generated if missing
    local file="$WORK/rows-$1.csv"
    [ -s "$file" ] || node "$HERE/generate.mjs" "$1" "$file"
    echo "$file"
}

# One whole process: prints "wall_ms rss_mb"; its output goes to $WORK/last.out.
measure() {
    local started
    started=$(now_ms)
    /usr/bin/time -f '%M' -o "$WORK/rss.txt" "$@" > "$WORK/last.out"
    echo "$(( $(now_ms) - started )) $(( $(tail -1 "$WORK/rss.txt") / 1024 ))"
}

median() { # file, column
    tail -n +2 "$1" | awk -v c="$2" '{print $c}' | sort -n | awk '{v[NR]=$1} END {
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The engine builds the service first if it is missing or older than its sources; not timed.
./engine --version > /dev/null
SMALL=$(input "$ROWS")
RESULTS=$WORK/results.txt
echo "== $ROWS rows, the engine and @openzeppelin/merkle-tree in turn; load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee "$RESULTS"
TABLE=$WORK/side-by-side.txt
echo "run  engine_ms  engine_rss_mb  oz_ms  oz_rss_mb  ratio" > "$TABLE"
for run in $(seq 1 "$RUNS"); do
    measure ./engine merkle build --input "$SMALL" --output "$WORK/engine.json" > "$WORK/measured.txt"
    read -r engine_ms engine_rss < "$WORK/measured.txt"
    measure node "$HERE/oz-build.mjs" "$SMALL" "$WORK/oz.json" > "$WORK/measured.txt"
    read -r oz_ms oz_rss < "$WORK/measured.txt"
    cmp -s "$WORK/engine.json" "$WORK/oz.json" \
        || { echo "the dumps differ: the engine and @openzeppelin/merkle-tree disagree" >&2; exit 1; }
    printf "%-4s %-10s %-14s %-6s %-10s %s\n" "$run" "$engine_ms" "$engine_rss" "$oz_ms" "$oz_rss" \
        "$(awk -v a="$oz_ms" -v b="$engine_ms" 'BEGIN { printf "%.1f", a / b }')" | tee -a "$TABLE"
done
echo "median: engine $(median "$TABLE" 2) ms, $(median "$TABLE" 3) MB; @openzeppelin/merkle-tree $(median "$TABLE" 4) ms," \
    "$(median "$TABLE" 5) MB; ratio $(median "$TABLE" 6); same dump in every run" | tee -a "$RESULTS"

if [ "$BIG_ROWS" -gt 0 ]; then
    BIG=$(input "$BIG_ROWS")
    echo "== $BIG_ROWS rows, the engine alone; load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
    TABLE=$WORK/big.txt
    echo "run  engine_ms  engine_rss_mb" > "$TABLE"
    for run in $(seq 1 "$RUNS"); do
        measure ./engine merkle build --input "$BIG" --output "$WORK/engine.json" > "$WORK/measured.txt"
        read -r engine_ms engine_rss < "$WORK/measured.txt"
        printf "%-4s %-10s %s\n" "$run" "$engine_ms" "$engine_rss" | tee -a "$TABLE"
    done
    echo "median: engine $(median "$TABLE" 2) ms, $(median "$TABLE" 3) MB" | tee -a "$RESULTS"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
