#!/usr/bin/env bash
# TPC-H in planck's interpreted engine vs DuckDB on the same data, in one run.
#
#   bench/tpch/run.sh [BUILD_DIR]
#
# Builds the targets tpch_export and tpch_bench in BUILD_DIR (default: build/, which must be
# configured, Release: cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release), runs
# `npm ci` in bench/duckdb when @duckdb/node-api is missing, writes the .tbl files with
# tpch_export unless DATA_DIR already holds a complete set, then times the 22 queries in planck
# (tpch_bench) and in DuckDB (duckdb_tpch.mjs), one after the other, and prints the Markdown
# report (bench/tpch/report.mjs). Exits non-zero when a query fails or the row counts differ.
#
# Environment: SF (default 1), THREADS (planck.executor.threads and DuckDB's threads, default 2),
# RUNS (timed runs per query, default 5; one warm-up before), QUERIES (e.g. 1,9,18; default all),
# DATA_DIR (default BUILD_DIR/bench/tpch-sf$SF), OUT_DIR (JSON and report; default
# BUILD_DIR/bench/results), PLANCK_SHARED_DIR (default ../shared beside the checkout),
# SKIP_BUILD=1 (use the binaries as they are), PLANCK_ARGS (more tpch_bench flags, e.g.
# "--set spark.sql.shuffle.partitions=8"), QUIET_LOAD: on a shared machine, wait before each
# side (at most QUIET_TIMEOUT seconds, default 600) until the 1-minute load average is below
# this and no other task is running; what was waited goes to OUT_DIR/environment.txt.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
sf=${SF:-1}
threads=${THREADS:-2}
runs=${RUNS:-5}
shared=${PLANCK_SHARED_DIR:-$(cd "$root/.." && pwd)/shared}
data=${DATA_DIR:-$build/bench/tpch-sf$sf}
out=${OUT_DIR:-$build/bench/results}
query_filter=()
if [[ -n ${QUERIES:-} ]]; then query_filter=(--query "$QUERIES"); fi

if [[ -z ${SKIP_BUILD:-} ]]; then
  CCACHE_BASEDIR=$root cmake --build "$build" --target tpch_export tpch_bench handwritten_bench >&2
fi
if [[ ! -d $root/bench/duckdb/node_modules/@duckdb/node-api ]]; then
  (cd "$root/bench/duckdb" && npm ci --no-audit --no-fund >&2)
fi
"$build/bench/tpch_export" --sf "$sf" --out "$data" >&2

mkdir -p "$out"

source "$here/../quiet.sh"

common=(--data "$data" --queries "$shared/tpch/queries" --threads "$threads" --runs "$runs"
        "${query_filter[@]}")
wait_quiet planck
echo "== planck (threads $threads) ==" >&2
planck_status=0
read -r -a planck_args <<<"${PLANCK_ARGS:-}"
"$build/bench/tpch_bench" "${common[@]}" --interpreted --aqe-off "${planck_args[@]}" --json "$out/tpch_planck.json" >&2 || planck_status=$?
echo "== hand-written Q1 and Q6 (threads $threads) ==" >&2
"$build/bench/handwritten_bench" --data "$data" --threads "$threads" --runs "$runs" --json "$out/tpch_handwritten.json" >&2 || planck_status=$?
wait_quiet duckdb
echo "== DuckDB (threads $threads) ==" >&2
duckdb_status=0
node "$here/duckdb_tpch.mjs" "${common[@]}" --json "$out/tpch_duckdb.json" >&2 || duckdb_status=$?

report_status=0
node "$here/report.mjs" "$out/tpch_planck.json" "$out/tpch_duckdb.json" "$data" "$out/tpch_handwritten.json" \
  | tee "$out/tpch_report.md" || report_status=$?
if ((planck_status || duckdb_status || report_status)); then exit 1; fi
