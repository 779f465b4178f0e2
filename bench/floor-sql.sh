#!/usr/bin/env bash
# The floor of an SQL grading: the same task queries run with psql against a PostgreSQL that is
# already running with both datasets loaded (the host's, the one the platform stores its own
# data in). No containers, no fresh copies, no comparison: what checking the queries by hand
# costs at best. Loading the datasets is not timed.
#
# Usage: bench/floor-sql.sh <exercise-dir> <runs> <task-file>...
#   e.g. bench/floor-sql.sh exercises/select-filter-order 10 01-price-list.sql
# Env:   DATABASE_URL  an account that may create databases (default: the platform's)
# stdout: `floor_ms=<ms>` per run: every task file (from solution/sql) run by one psql per dataset.
set -euo pipefail

(($# >= 3)) || { sed -n '8,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
DIR=$1 RUNS=$2
shift 2
URL=${DATABASE_URL:-postgres://backlab:backlab@127.0.0.1:5432/backlab}
BASE=${URL%/*}
SUFFIX=$$

files=()
for task in "$@"; do files+=(-f "$DIR/solution/sql/$task"); done

cleanup() {
  for dataset in visible hidden; do
    psql -X -q "$URL" -c "DROP DATABASE IF EXISTS floor_${dataset}_$SUFFIX" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

for dataset in visible hidden; do
  psql -X -q -v ON_ERROR_STOP=1 "$URL" -c "CREATE DATABASE floor_${dataset}_$SUFFIX" >/dev/null
  psql -X -q -v ON_ERROR_STOP=1 "$BASE/floor_${dataset}_$SUFFIX" -f "$DIR/datasets/$dataset.sql" >/dev/null
done

for ((run = 0; run < RUNS; run++)); do
  started=$(date +%s%N)
  for dataset in visible hidden; do
    psql -X -q -v ON_ERROR_STOP=1 "$BASE/floor_${dataset}_$SUFFIX" "${files[@]}" >/dev/null
  done
  echo "floor_ms=$((($(date +%s%N) - started) / 1000000))"
done
