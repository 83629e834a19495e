// tpch_bench: the 22 TPC-H queries timed in planck on .tbl files written by bench/tpch/tpch_export
// (bench/tpch/run.sh runs both, and DuckDB on the same files).
//
//   tpch_bench --data build/bench/tpch-sf1 [--queries DIR] [--threads 2] [--runs 5]
//              [--warmups 1] [--query 1,9,18] [--json out.json] [--slow-seconds 60]
//              [--set spark.sql.shuffle.partitions=8 ...] [--explain-analyze] [--interpreted]
//              [--aqe-off]
//
// The tables are loaded with COPY t FROM 'file' (DELIMITER '|', HEADER false) after
// SET planck.executor.threads = N, and the --set settings (defaults otherwise: Spark's). Each query
// then runs `warmups` times untimed and `runs` times timed; reported are the median wall time end
// to end (parse, analyze, optimize, plan, execute, rows materialized in the result) and the median
// of the execution phase alone, the result's row count, the executor's peak memory
// (QueryResult::peak_memory: bytes held by operators and exchanges), and the process's peak
// resident memory while the query ran (VmHWM, reset before each query through
// /proc/self/clear_refs) and over the whole run (the largest of the load's and the queries' peaks:
// the reset also resets getrusage's ru_maxrss). A query whose warm-up takes longer than
// --slow-seconds is timed once (the warm-up) and marked slow. Output: one JSON object per query (an
// array) to --json, and a table on stdout. --explain-analyze prints each query's EXPLAIN ANALYZE
// (after its timed runs) to stderr: where the time went, per plan node.
//
// With whole-stage codegen on (the default), each query's stages are first compiled once into an
// empty cache directory (cold: the wall time of generating, compiling in parallel and loading all
// of the query's stages; a stage another query already compiled in this process is found in
// memory) and once more (cached), before the timed runs. --interpreted then times the query again
// with spark.sql.codegen.wholeStage = false, right after, for the compiled/interpreted ratio;
// --aqe-off with spark.sql.adaptive.enabled = false, for adaptive execution on against off.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/tpch/tpch_tables.h"
#include "common/status.h"
#include "fmt/format.h"
#include "session/session.h"

namespace planck {
namespace {

struct BenchOptions {
  std::filesystem::path data;
  std::filesystem::path queries = std::filesystem::path(PLANCK_SHARED_DIR) / "tpch" / "queries";
  int threads = 2;
  int runs = 5;
  int warmups = 1;
  std::vector<int> only;  // query numbers; empty: all 22
  std::filesystem::path json;
  double slow_seconds = 60;
  std::vector<std::string> settings;  // "key=value", applied with SET after loading
  bool explain_analyze = false;
  bool interpreted = false;  // also time each query with codegen off
  bool aqe_off = false;      // also time each query with adaptive execution off
};

// One query's figures.
struct QueryFigures {
  int number = 0;
  std::string error;  // empty when the query ran
  int64_t rows = 0;
  std::vector<double> total_ms;    // end to end, one per timed run
  std::vector<double> execute_ms;  // the execution phase alone
  int64_t peak_memory = 0;         // QueryResult::peak_memory, the largest over the runs
  int64_t peak_rss = 0;            // VmHWM while the query ran
  bool slow = false;
  // Codegen: the query's stages, how many compiled, and the compile wall time cold and cached.
  size_t stages = 0;
  size_t stages_compiled = 0;
  double compile_cold_ms = 0;
  double compile_cached_ms = 0;
  // The same query with codegen off (--interpreted).
  std::vector<double> interpreted_ms;
  std::vector<double> interpreted_execute_ms;
  // The same query with adaptive execution off (--aqe-off).
  std::vector<double> aqe_off_ms;
  std::vector<double> aqe_off_execute_ms;
};

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// The process's peak resident set since start or since the last resetPeakRss, in bytes (Linux
// /proc/self/status VmHWM); 0 where unavailable.
int64_t peakRss() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return 0;
}

// Resets VmHWM to the current resident set (Linux 4.0+: "5" to clear_refs).
void resetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

// getrusage's ru_maxrss; on Linux it follows VmHWM, so after resetPeakRss it is the peak since
// the last reset, not over the whole run.
int64_t maxRssSinceReset() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

int64_t residentSet() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return 0;
}

double millisecondsSince(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
      .count();
}

// One run of `sql`: its wall time end to end and of execution, in ms.
struct RunTime {
  double total_ms = 0;
  double execute_ms = 0;
};

absl::StatusOr<RunTime> runOnce(Session& session, const std::string& sql, QueryFigures& figures) {
  auto started = std::chrono::steady_clock::now();
  auto execution = session.query(sql);
  if (!execution.ok()) return execution.status();
  const absl::StatusOr<QueryResult>& result = (*execution)->executed();
  if (!result.ok()) return result.status();
  RunTime time;
  time.total_ms = millisecondsSince(started);
  time.execute_ms =
      std::chrono::duration<double, std::milli>((*execution)->times().execution).count();
  figures.rows = result->rowCount();
  figures.peak_memory = std::max(figures.peak_memory, result->peak_memory);
  return time;
}

// Compiles `sql`'s stages once into an empty cache directory and once again from the cache.
absl::Status measureCompilation(Session& session, const std::string& sql, int number,
                                QueryFigures& figures) {
  std::filesystem::path cold = std::filesystem::temp_directory_path() /
                               fmt::format("planck-bench-codegen-{}-q{:02d}", getpid(), number);
  std::filesystem::remove_all(cold);
  std::string saved = session.config().getString("planck.codegen.cacheDir");
  PLANCK_RETURN_IF_ERROR(session.config().set("planck.codegen.cacheDir", cold.string()));
  for (int pass = 0; pass < 2; ++pass) {
    PLANCK_ASSIGN_OR_RETURN(auto execution, session.query(sql));
    const auto& code = execution->compiledCode();
    if (!code.ok()) return code.status();
    (pass == 0 ? figures.compile_cold_ms : figures.compile_cached_ms) = (*code)->wall_ms;
    figures.stages = (*code)->reports.size();
    figures.stages_compiled = 0;
    for (const StageReport& report : (*code)->reports) figures.stages_compiled += report.compiled;
  }
  std::filesystem::remove_all(cold);
  return session.config().set("planck.codegen.cacheDir", saved);
}

// `runs` timed runs after `warmups` untimed ones, into `total` and `execute`.
absl::Status timeRuns(Session& session, const std::string& sql, const BenchOptions& options,
                      QueryFigures& figures, std::vector<double>& total,
                      std::vector<double>& execute) {
  for (int i = 0; i < options.warmups + options.runs; ++i) {
    PLANCK_ASSIGN_OR_RETURN(RunTime time, runOnce(session, sql, figures));
    bool warmup = i < options.warmups;
    if (warmup && time.total_ms > options.slow_seconds * 1000) {
      figures.slow = true;
      total.push_back(time.total_ms);
      execute.push_back(time.execute_ms);
      break;
    }
    if (!warmup) {
      total.push_back(time.total_ms);
      execute.push_back(time.execute_ms);
    }
  }
  return absl::OkStatus();
}

QueryFigures runQuery(Session& session, int number, const BenchOptions& options) {
  QueryFigures figures;
  figures.number = number;
  std::string sql = readFile(options.queries / fmt::format("q{:02d}.sql", number));
  if (sql.empty()) {
    figures.error = "no query text";
    return figures;
  }
  resetPeakRss();
  absl::Status status = absl::OkStatus();
  if (session.config().getBool("spark.sql.codegen.wholeStage")) {
    status = measureCompilation(session, sql, number, figures);
  }
  if (status.ok()) {
    status = timeRuns(session, sql, options, figures, figures.total_ms, figures.execute_ms);
  }
  // The same query again with one boolean setting off, right after.
  auto timeWithout = [&](const char* key, std::vector<double>& total, std::vector<double>& execute) {
    std::string saved = session.config().getBool(key) ? "true" : "false";
    status = session.config().set(key, "false");
    if (status.ok()) status = timeRuns(session, sql, options, figures, total, execute);
    absl::Status restored = session.config().set(key, saved);
    if (status.ok()) status = restored;
  };
  if (status.ok() && options.interpreted) {
    timeWithout("spark.sql.codegen.wholeStage", figures.interpreted_ms,
                figures.interpreted_execute_ms);
  }
  if (status.ok() && options.aqe_off) {
    timeWithout("spark.sql.adaptive.enabled", figures.aqe_off_ms, figures.aqe_off_execute_ms);
  }
  if (!status.ok()) figures.error = std::string(status.message());
  figures.peak_rss = peakRss();
  if (options.explain_analyze && figures.error.empty()) {
    auto explained = session.run("EXPLAIN ANALYZE " + sql);
    std::cerr << fmt::format("== q{:02d} ==\n", number)
              << (explained.ok() ? explained->back().text
                                 : std::string(explained.status().message()))
              << "\n";
  }
  return figures;
}

std::string jsonEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string toJson(const QueryFigures& figures, int threads) {
  std::string runs;
  for (double ms : figures.total_ms) runs += fmt::format("{}{:.3f}", runs.empty() ? "" : ", ", ms);
  std::string interpreted =
      figures.interpreted_ms.empty()
          ? std::string()
          : fmt::format(", \"interpreted_median_ms\": {:.3f}, "
                        "\"interpreted_execute_median_ms\": {:.3f}",
                        median(figures.interpreted_ms), median(figures.interpreted_execute_ms));
  if (!figures.aqe_off_ms.empty()) {
    interpreted += fmt::format(", \"aqe_off_median_ms\": {:.3f}, \"aqe_off_execute_median_ms\": {:.3f}",
                               median(figures.aqe_off_ms), median(figures.aqe_off_execute_ms));
  }
  return fmt::format(
      "{{\"query\": \"q{:02d}\", \"engine\": \"planck\", \"threads\": {}, \"rows\": {}, "
      "\"median_ms\": {:.3f}, \"execute_median_ms\": {:.3f}, \"runs_ms\": [{}], "
      "\"peak_memory_bytes\": {}, \"peak_rss_bytes\": {}, \"slow\": {}, \"stages\": {}, "
      "\"stages_compiled\": {}, \"compile_cold_ms\": {:.3f}, \"compile_cached_ms\": {:.3f}{}, "
      "\"error\": {}}}",
      figures.number, threads, figures.rows, median(figures.total_ms), median(figures.execute_ms),
      runs, figures.peak_memory, figures.peak_rss, figures.slow ? "true" : "false", figures.stages,
      figures.stages_compiled, figures.compile_cold_ms, figures.compile_cached_ms, interpreted,
      figures.error.empty() ? "null" : "\"" + jsonEscape(figures.error) + "\"");
}

absl::Status loadTables(Session& session, const BenchOptions& options) {
  PLANCK_RETURN_IF_ERROR(
      session.run(fmt::format("SET planck.executor.threads = {}", options.threads)).status());
  PLANCK_RETURN_IF_ERROR(loadTpchTables(session, options.data, [](const char* table, double ms) {
    std::cerr << fmt::format("loaded {:<9} in {:8.1f} ms\n", table, ms);
  }));
  return applySettings(session, options.settings);
}

int run(const BenchOptions& options) {
  std::unique_ptr<Session> session = Session::withTpchSchema();
  auto load_started = std::chrono::steady_clock::now();
  if (absl::Status loaded = loadTables(*session, options); !loaded.ok()) {
    std::cerr << "tpch_bench: " << loaded << "\n";
    return 1;
  }
  double load_ms = millisecondsSince(load_started);
  int64_t loaded_rss = residentSet();
  int64_t max_rss = std::max(peakRss(), maxRssSinceReset());  // the load's peak
  std::cerr << fmt::format("loaded in {:.0f} ms, resident {:.0f} MiB\n", load_ms,
                           static_cast<double>(loaded_rss) / (1 << 20));

  std::vector<int> numbers = options.only;
  if (numbers.empty()) {
    for (int q = 1; q <= 22; ++q) numbers.push_back(q);
  }
  std::vector<QueryFigures> all;
  std::cout << fmt::format("{:<5} {:>10} {:>10} {:>9} {:>11} {:>11} {:>9} {:>9} {:>9} {:>9}  {}\n",
                           "query", "median ms", "exec ms", "rows", "exec MiB", "HWM MiB",
                           "interp ms", "AQE off", "cold ms", "cached ms", "note");
  for (int number : numbers) {
    QueryFigures figures = runQuery(*session, number, options);
    std::cout << fmt::format("q{:02d}   {:>10.1f} {:>10.1f} {:>9} {:>11.1f} {:>11.1f} {:>9.1f} "
                             "{:>9.1f} {:>9.1f} {:>9.2f}  {}\n",
                             number, median(figures.total_ms), median(figures.execute_ms),
                             figures.rows, static_cast<double>(figures.peak_memory) / (1 << 20),
                             static_cast<double>(figures.peak_rss) / (1 << 20),
                             median(figures.interpreted_ms), median(figures.aqe_off_ms),
                             figures.compile_cold_ms,
                             figures.compile_cached_ms,
                             figures.error.empty() ? (figures.slow ? "slow: timed once" : "")
                                                   : "error: " + figures.error)
              << std::flush;
    max_rss = std::max(max_rss, figures.peak_rss);
    all.push_back(std::move(figures));
  }
  max_rss = std::max(max_rss, maxRssSinceReset());
  std::cout << fmt::format("load {:.0f} ms; resident after load {:.0f} MiB; peak RSS {:.0f} MiB\n",
                           load_ms, static_cast<double>(loaded_rss) / (1 << 20),
                           static_cast<double>(max_rss) / (1 << 20));
  if (!options.json.empty()) {
    std::ofstream out(options.json);
    out << "{\"engine\": \"planck\", \"threads\": " << options.threads
        << ", \"load_ms\": " << fmt::format("{:.1f}", load_ms)
        << ", \"resident_after_load_bytes\": " << loaded_rss << ", \"max_rss_bytes\": " << max_rss
        << ",\n \"queries\": [\n";
    for (size_t i = 0; i < all.size(); ++i) {
      out << "  " << toJson(all[i], options.threads) << (i + 1 < all.size() ? ",\n" : "\n");
    }
    out << "]}\n";
  }
  bool failed = std::any_of(all.begin(), all.end(),
                            [](const QueryFigures& figures) { return !figures.error.empty(); });
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace planck

int main(int argc, char** argv) {
  planck::BenchOptions options;
  options.data = "build/bench/tpch-sf1";
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    bool has_value = i + 1 < argc;
    if (argument == "--data" && has_value) {
      options.data = argv[++i];
    } else if (argument == "--queries" && has_value) {
      options.queries = argv[++i];
    } else if (argument == "--threads" && has_value) {
      options.threads = std::atoi(argv[++i]);
    } else if (argument == "--runs" && has_value) {
      options.runs = std::max(1, std::atoi(argv[++i]));
    } else if (argument == "--warmups" && has_value) {
      options.warmups = std::max(0, std::atoi(argv[++i]));
    } else if (argument == "--query" && has_value) {
      options.only = planck::parseQueryList(argv[++i]);
    } else if (argument == "--json" && has_value) {
      options.json = argv[++i];
    } else if (argument == "--set" && has_value) {
      options.settings.push_back(argv[++i]);
    } else if (argument == "--explain-analyze") {
      options.explain_analyze = true;
    } else if (argument == "--interpreted") {
      options.interpreted = true;
    } else if (argument == "--aqe-off") {
      options.aqe_off = true;
    } else if (argument == "--slow-seconds" && has_value) {
      options.slow_seconds = std::atof(argv[++i]);
    } else {
      std::cerr << "usage: tpch_bench [--data DIR] [--queries DIR] [--threads N] [--runs N] "
                   "[--warmups N] [--query 1,9] [--json FILE] [--slow-seconds S] [--set key=value] "
                   "[--explain-analyze] [--interpreted] [--aqe-off]\n";
      return 2;
    }
  }
  return planck::run(options);
}
