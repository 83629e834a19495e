#!/usr/bin/env bash
# Planning time of planck vs DuckDB on the 22 TPC-H queries, in one run.
#
#   bench/compare_duckdb.sh [BUILD_DIR]
#
# BUILD_DIR (default: build/) must hold a Release build of bench/planning_bench:
#   cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C build planning_bench
# DuckDB comes from npm (bench/duckdb/package-lock.json: @duckdb/node-bindings ships
# libduckdb.so); the script runs `npm install` when it is missing and compiles
# bench/duckdb/duckdb_planning_bench.cc against it. Results, raw JSON and the machine's
# description go to $OUT_DIR (default: BUILD_DIR/bench/results); the table is printed.
#
# Environment: PLANCK_SHARED_DIR (default: ../shared beside the checkout), OUT_DIR,
# BENCH_ARGS: extra Google Benchmark flags for both programs (e.g. --benchmark_min_time=1), and
# QUIET_LOAD: on a shared machine, wait before each query (at most QUIET_TIMEOUT seconds,
# default 600) until the 1-minute load average is below this and no other task is running.
#
# What compares with what: planck parse ↔ DuckDB parse (extract_statements), planck analyze ↔
# DuckDB bind, planck optimize ↔ DuckDB's all_optimizers timer. DuckDB's "prepare" is parse +
# bind + optimize + physical planning; planck has no physical planner yet, so its
# parse+analyze+optimize column is the closest whole.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=$(cd "${1:-$root/build}" && pwd)
export PLANCK_SHARED_DIR=${PLANCK_SHARED_DIR:-$(cd "$root/.." && pwd)/shared}
out=${OUT_DIR:-$build/bench/results}
read -r -a bench_args <<<"${BENCH_ARGS:-}"

planck_bench=$build/bench/planning_bench
if [[ ! -x $planck_bench ]]; then
  echo "compare_duckdb: no $planck_bench; build it first:" >&2
  echo "  cmake -S $root -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C $build planning_bench" >&2
  exit 1
fi
if [[ ! -f $PLANCK_SHARED_DIR/tpch/queries/q01.sql ]]; then
  echo "compare_duckdb: no TPC-H queries under $PLANCK_SHARED_DIR/tpch/queries (set PLANCK_SHARED_DIR)" >&2
  exit 1
fi
mkdir -p "$out"

# DuckDB: the shared library inside the npm package for this platform.
if ! find "$here/duckdb/node_modules/@duckdb" -name libduckdb.so 2>/dev/null | grep -q .; then
  # `npm install`, not `npm ci`: npm 11 writes a lock file without the other platforms'
  # optional packages and then refuses it in `npm ci`. The lock file still pins the versions.
  (cd "$here/duckdb" && npm install --no-audit --no-fund)
fi
libduckdb=$(find "$here/duckdb/node_modules/@duckdb" -name libduckdb.so | head -n 1)
if [[ -z $libduckdb ]]; then
  echo "compare_duckdb: npm installed no libduckdb.so for this platform" >&2
  exit 1
fi
libdir=$(dirname "$libduckdb")
duckdb_bench=$out/duckdb_planning_bench
${CXX:-c++} -O2 -std=c++20 "$here/duckdb/duckdb_planning_bench.cc" -o "$duckdb_bench" \
  -lbenchmark -lpthread -L"$libdir" -l:libduckdb.so -Wl,-rpath,"$libdir"

source_dir=$(grep -m1 '^CMAKE_HOME_DIRECTORY' "$build/CMakeCache.txt" | cut -d= -f2)
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "build: $build ($(grep -m1 '^CMAKE_BUILD_TYPE' "$build/CMakeCache.txt" | cut -d= -f2))"
  echo "source: $source_dir at $(git -C "$source_dir" describe --always --dirty 2>/dev/null || echo 'no git checkout')"
  echo "duckdb: $libduckdb"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/environment.txt"

source "$here/quiet.sh"

# Query by query, planck then DuckDB, so that both sides of a row are measured close together
# in time: on a shared machine the load changes during a run.

rm -f "$out"/planck_q*.json "$out"/duckdb_q*.json
for n in $(seq -w 1 22); do
  q=q$n
  wait_quiet "$q"
  "$planck_bench" --benchmark_filter="/$q\$" --benchmark_out="$out/planck_$q.json" \
    --benchmark_out_format=json "${bench_args[@]}"
  "$duckdb_bench" --benchmark_filter="/$q(/|\$)" --benchmark_out="$out/duckdb_$q.json" \
    --benchmark_out_format=json "${bench_args[@]}"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/environment.txt"

node "$here/duckdb/report.mjs" "$out"/planck_q*.json "$out"/duckdb_q*.json >"$out/results.md"
cat "$out/environment.txt"
echo
cat "$out/results.md"
