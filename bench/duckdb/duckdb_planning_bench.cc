// DuckDB's planning time for the 22 TPC-H queries on empty TPC-H tables, measured the way
// planning_bench measures planck: Google Benchmark, one in-memory database and connection for
// the whole run, warm, 5 repetitions, medians.
//
//   BM_DuckdbParse/qNN    duckdb_extract_statements: DuckDB's parser only (text -> SQLStatement).
//   BM_DuckdbPrepare/qNN  duckdb_prepare: parse + bind + logical plan + all optimizers + physical
//                         plan, inside an auto-commit transaction (begin/commit included).
//   BM_DuckdbPhases/qNN   runs the query (on empty tables) with DuckDB's detailed profiler on and
//                         reports its phase timers as counters, in microseconds: bind_us
//                         (planner_binding: DuckDB's analysis), plan_us (planner: binding + logical
//                         plan), optimize_us (all_optimizers), physical_us (physical_planner). The
//                         iteration time of this family is meaningless (it includes execution and
//                         writing the profile); read only the counters.
//
// Built by bench/compare_duckdb.sh against the libduckdb.so that the npm package
// @duckdb/node-bindings-linux-x64 ships (bench/duckdb/package.json). That package has no C
// header, so the few C API functions used are declared here, as in DuckDB's duckdb.h.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" {
typedef uint64_t idx_t;
typedef enum { DuckDBSuccess = 0, DuckDBError = 1 } duckdb_state;
typedef struct _duckdb_database* duckdb_database;
typedef struct _duckdb_connection* duckdb_connection;
typedef struct _duckdb_prepared_statement* duckdb_prepared_statement;
typedef struct _duckdb_extracted_statements* duckdb_extracted_statements;
typedef struct {
  idx_t deprecated_column_count;
  idx_t deprecated_row_count;
  idx_t deprecated_rows_changed;
  void* deprecated_columns;
  char* deprecated_error_message;
  void* internal_data;
} duckdb_result;

duckdb_state duckdb_open(const char* path, duckdb_database* out_database);
void duckdb_close(duckdb_database* database);
duckdb_state duckdb_connect(duckdb_database database, duckdb_connection* out_connection);
void duckdb_disconnect(duckdb_connection* connection);
const char* duckdb_library_version();
duckdb_state duckdb_query(duckdb_connection connection, const char* query,
                          duckdb_result* out_result);
void duckdb_destroy_result(duckdb_result* result);
const char* duckdb_result_error(duckdb_result* result);
duckdb_state duckdb_prepare(duckdb_connection connection, const char* query,
                            duckdb_prepared_statement* out_prepared_statement);
void duckdb_destroy_prepare(duckdb_prepared_statement* prepared_statement);
const char* duckdb_prepare_error(duckdb_prepared_statement prepared_statement);
idx_t duckdb_extract_statements(duckdb_connection connection, const char* query,
                                duckdb_extracted_statements* out_extracted_statements);
const char* duckdb_extract_statements_error(duckdb_extracted_statements extracted_statements);
void duckdb_destroy_extracted(duckdb_extracted_statements* extracted_statements);
}

namespace {

struct TpchQuery {
  std::string name;
  std::string sql;
};

duckdb_database database = nullptr;
duckdb_connection connection = nullptr;
std::string profile_file;

std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    std::fprintf(stderr, "duckdb_planning_bench: cannot read %s (set PLANCK_SHARED_DIR)\n",
                 file.c_str());
    std::exit(1);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `sql`; an error message, or empty.
std::string run(const std::string& sql) {
  duckdb_result result;
  std::string error;
  if (duckdb_query(connection, sql.c_str(), &result) != DuckDBSuccess) {
    const char* message = duckdb_result_error(&result);
    error = message ? message : "unknown DuckDB error";
  }
  duckdb_destroy_result(&result);
  return error;
}

void runOrDie(const std::string& sql) {
  if (std::string error = run(sql); !error.empty()) {
    std::fprintf(stderr, "duckdb_planning_bench: %s\n  in: %s\n", error.c_str(), sql.c_str());
    std::exit(1);
  }
}

// The number after "key": in DuckDB's JSON profile (a flat object at the query root).
double profileMetric(const std::string& json, const std::string& key) {
  size_t at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return -1;
  return std::strtod(json.c_str() + at + key.size() + 3, nullptr);
}

void parse(benchmark::State& state, const TpchQuery& query) {
  for (auto _ : state) {
    duckdb_extracted_statements statements = nullptr;
    idx_t count = duckdb_extract_statements(connection, query.sql.c_str(), &statements);
    if (count != 1) {
      state.SkipWithError(duckdb_extract_statements_error(statements));
      duckdb_destroy_extracted(&statements);
      return;
    }
    benchmark::DoNotOptimize(statements);
    duckdb_destroy_extracted(&statements);
  }
}

void prepare(benchmark::State& state, const TpchQuery& query) {
  for (auto _ : state) {
    duckdb_prepared_statement prepared = nullptr;
    if (duckdb_prepare(connection, query.sql.c_str(), &prepared) != DuckDBSuccess) {
      state.SkipWithError(duckdb_prepare_error(prepared));
      duckdb_destroy_prepare(&prepared);
      return;
    }
    benchmark::DoNotOptimize(prepared);
    duckdb_destroy_prepare(&prepared);
  }
}

void phases(benchmark::State& state, const TpchQuery& query) {
  runOrDie("PRAGMA enable_profiling = 'json'");
  runOrDie("SET profiling_output = '" + profile_file + "'");
  runOrDie("PRAGMA profiling_mode = 'detailed'");
  double bind = 0, plan = 0, optimize = 0, physical = 0;
  for (auto _ : state) {
    if (std::string error = run(query.sql); !error.empty()) {
      state.SkipWithError(error.c_str());
      break;
    }
    std::string json = readFile(profile_file);
    bind += profileMetric(json, "planner_binding");
    plan += profileMetric(json, "planner");
    optimize += profileMetric(json, "all_optimizers");
    physical += profileMetric(json, "physical_planner");
  }
  runOrDie("PRAGMA disable_profiling");
  auto average_us = [&](double seconds) {
    return benchmark::Counter(seconds * 1e6, benchmark::Counter::kAvgIterations);
  };
  state.counters["bind_us"] = average_us(bind);
  state.counters["plan_us"] = average_us(plan);
  state.counters["optimize_us"] = average_us(optimize);
  state.counters["physical_us"] = average_us(physical);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args = {argv[0]};
  std::string repetitions = "--benchmark_repetitions=5";
  std::string aggregates_only = "--benchmark_report_aggregates_only=true";
  args.push_back(repetitions.data());
  args.push_back(aggregates_only.data());
  for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
  int args_count = static_cast<int>(args.size());
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 1;

  const char* shared_env = std::getenv("PLANCK_SHARED_DIR");
  if (shared_env == nullptr || *shared_env == '\0') {
    std::fprintf(stderr, "duckdb_planning_bench: set PLANCK_SHARED_DIR to the shared folder\n");
    return 1;
  }
  std::filesystem::path shared = shared_env;
  static std::vector<TpchQuery> queries;
  for (int n = 1; n <= 22; ++n) {
    std::string name = (n < 10 ? "q0" : "q") + std::to_string(n);
    queries.push_back({name, readFile(shared / "tpch" / "queries" / (name + ".sql"))});
  }
  profile_file = (std::filesystem::temp_directory_path() /
                  ("duckdb_planning_bench." + std::to_string(::getpid()) + ".json"))
                     .string();

  if (duckdb_open(nullptr, &database) != DuckDBSuccess ||
      duckdb_connect(database, &connection) != DuckDBSuccess) {
    std::fprintf(stderr, "duckdb_planning_bench: cannot open an in-memory DuckDB\n");
    return 1;
  }
  runOrDie(readFile(shared / "tpch" / "schema" / "dss.ddl"));
  benchmark::AddCustomContext("duckdb_version", duckdb_library_version());

  for (const TpchQuery& query : queries) {
    benchmark::RegisterBenchmark(("BM_DuckdbParse/" + query.name).c_str(), parse, query)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("BM_DuckdbPrepare/" + query.name).c_str(), prepare, query)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("BM_DuckdbPhases/" + query.name).c_str(), phases, query)
        ->Unit(benchmark::kMicrosecond)
        ->Iterations(50);
  }

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove(profile_file);
  duckdb_disconnect(&connection);
  duckdb_close(&database);
  return 0;
}
