#!/usr/bin/env bash
# What the change log (migration V38, docs/DEPLOYMENT.md "Writer, API replicas and a standby") costs the writer's
# write path. Run from the repository root:
#
#   bench/changelog/run.sh
#
# Starts an embedded PostgreSQL, migrates it with the service's migrations, and times transactions shaped like one
# indexed block at the head (a block header, five votes, the cursor moved, the gov_indexed notice) with announce() as
# V38 makes it (NOTIFY and a change-log row; one numbered commit row per transaction) and as NOTIFY alone (V31), in
# alternating blocks of TRANSACTIONS after a warm-up of a tenth of that, ROUNDS times, with synchronous_commit off
# (as the embedded server runs) and on. Prints the median ms per transaction of each.
#
# Settings (environment): ROUNDS (3), TRANSACTIONS (2000).
set -euo pipefail

ROUNDS=${ROUNDS:-3}
TRANSACTIONS=${TRANSACTIONS:-2000}
ROOT=$(pwd)
HERE=$ROOT/bench/changelog
WORK=$HERE/work
[ -f "$ROOT/mvnw" ] && [ -d "$HERE" ] || { echo "run from the repository root" >&2; exit 1; }
mkdir -p "$WORK"
# shellcheck source=../service-classes.sh
source "$ROOT/bench/service-classes.sh"
CP=$(service_classpath "$WORK/classpath.txt")
java -cp "$CP" "$HERE/ChangeLogCost.java" "$ROUNDS" "$TRANSACTIONS"
