// cbo_report: the cost-based optimizer on the 22 TPC-H queries, as issue 5 asks to show it.
//
//   cbo_report --data build-bench/bench/tpch-sf1 [--threads 2] [--planning-runs 30]
//              [--query 5,9] [--set key=value ...] [--operators]
//
// The tables are loaded with COPY, whose auto-analyze (planck.stats.autoAnalyze) computes the
// table and column statistics (--set spark.sql.statistics.histogram.enabled=true before the load
// adds histograms). Then each query runs twice: with spark.sql.cbo.enabled and
// spark.sql.cbo.joinReorder.enabled off (size-only statistics, the written join order) and on.
// Reported per query:
//   - the q-errors of the row estimates of every operator that ran with the CBO on
//     (session/explain_analyze.h's rowEstimates: the numbers EXPLAIN ANALYZE prints), and over all
//     operators of all queries their median, 90th percentile and maximum;
//   - the intermediate rows: the actual rows out of every join operator, CBO off and on;
//   - whether the answers are the same (rows compared as text, sorted);
//   - planning latency: parse to executed plan (analysis, optimization, physical planning and
//     preparation), the median of --planning-runs, CBO off and on.
// --operators also prints each operator's estimate, actual rows and q-error. Exits 1 when an
// answer differs or a query fails.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/tpch/tpch_tables.h"
#include "common/status.h"
#include "fmt/format.h"
#include "session/explain_analyze.h"
#include "session/query_execution.h"
#include "session/session.h"

namespace planck {
namespace {

struct Options {
  std::filesystem::path data = "build-bench/bench/tpch-sf1";
  std::filesystem::path queries = std::filesystem::path(PLANCK_SHARED_DIR) / "tpch" / "queries";
  int threads = 2;
  int planning_runs = 30;
  std::vector<int> only;
  std::vector<std::string> settings;
  bool operators = false;
};

// One run of a query under one setting.
struct Run {
  std::string error;
  std::vector<std::string> rows;    // the answer, each row as text, sorted
  int64_t intermediate_rows = 0;    // out of join operators
  std::vector<double> q_errors;     // with the CBO on
  std::string operator_lines;       // --operators
  double planning_ms = 0;           // median
};

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  // Nearest rank.
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

absl::Status set(Session& session, bool cbo) {
  std::string value = cbo ? "true" : "false";
  return session
      .run(fmt::format("SET spark.sql.cbo.enabled = {0}; SET spark.sql.cbo.joinReorder.enabled = {0}",
                       value))
      .status();
}

Run runQuery(Session& session, const std::string& sql, bool cbo, const Options& options) {
  Run run;
  if (absl::Status status = set(session, cbo); !status.ok()) {
    run.error = std::string(status.message());
    return run;
  }
  std::vector<double> planning;
  for (int i = 0; i < options.planning_runs; ++i) {
    auto started = std::chrono::steady_clock::now();
    auto execution = session.query(sql);
    if (!execution.ok() || !(*execution)->executedPlan().ok()) {
      run.error = "planning failed";
      return run;
    }
    planning.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
  }
  run.planning_ms = percentile(planning, 0.5);
  auto execution = session.query(sql);
  if (!execution.ok()) {
    run.error = std::string(execution.status().message());
    return run;
  }
  const auto& result = (*execution)->executed();
  if (!result.ok()) {
    run.error = std::string(result.status().message());
    return run;
  }
  for (const std::vector<Value>& row : result->rows()) {
    std::string line;
    for (const Value& value : row) line += (value.isNull() ? "NULL" : value.toString()) + "|";
    run.rows.push_back(std::move(line));
  }
  std::sort(run.rows.begin(), run.rows.end());
  const PhysicalPtr& plan = *(*execution)->executedPlan();
  run.intermediate_rows = joinOutputRows(*result);
  if (cbo) {
    SizeEstimator sizes(&session.catalog(), session.config());
    for (const RowEstimate& estimate : rowEstimates(plan, *result, sizes)) {
      double q = qError(estimate.estimated, static_cast<double>(estimate.actual));
      run.q_errors.push_back(q);
      if (options.operators) {
        std::string line = estimate.node->simpleString();
        if (line.size() > 90) line = line.substr(0, 87) + "...";
        run.operator_lines += fmt::format("    est {:>12.0f}  actual {:>10}  q {:>8.2f}  {}\n",
                                          estimate.estimated, estimate.actual, q, line);
      }
    }
  }
  return run;
}

absl::Status load(Session& session, const Options& options) {
  PLANCK_RETURN_IF_ERROR(
      session.run(fmt::format("SET planck.executor.threads = {}", options.threads)).status());
  // Before the load: the settings may change what its auto-analyze computes (histograms).
  PLANCK_RETURN_IF_ERROR(applySettings(session, options.settings));
  return loadTpchTables(session, options.data, [](const char* table, double ms) {
    std::cerr << fmt::format("loaded and analyzed {:<9} in {:8.1f} ms\n", table, ms);
  });
}

int report(const Options& options) {
  std::unique_ptr<Session> session = Session::withTpchSchema();
  if (absl::Status loaded = load(*session, options); !loaded.ok()) {
    std::cerr << "cbo_report: " << loaded << "\n";
    return 1;
  }
  std::vector<int> numbers = options.only;
  if (numbers.empty()) {
    for (int q = 1; q <= 22; ++q) numbers.push_back(q);
  }
  std::cout << "| query | operators | median q | max q | join rows, CBO off | join rows, CBO on | "
               "on / off | answers | planning ms off | planning ms on |\n"
               "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|\n";
  std::vector<double> all_q, planning_on, planning_off;
  int64_t total_off = 0, total_on = 0;
  bool failed = false;
  for (int number : numbers) {
    std::string sql = readFile(options.queries / fmt::format("q{:02d}.sql", number));
    Run off = runQuery(*session, sql, false, options);
    Run on = runQuery(*session, sql, true, options);
    if (!off.error.empty() || !on.error.empty()) {
      std::cout << fmt::format("| q{:02d} | error: {} {} |\n", number, off.error, on.error);
      failed = true;
      continue;
    }
    bool same = off.rows == on.rows;
    failed = failed || !same;
    all_q.insert(all_q.end(), on.q_errors.begin(), on.q_errors.end());
    planning_on.push_back(on.planning_ms);
    planning_off.push_back(off.planning_ms);
    total_off += off.intermediate_rows;
    total_on += on.intermediate_rows;
    double ratio = off.intermediate_rows == 0
                       ? 1
                       : static_cast<double>(on.intermediate_rows) /
                             static_cast<double>(off.intermediate_rows);
    std::cout << fmt::format(
        "| q{:02d} | {} | {:.2f} | {:.2f} | {} | {} | {:.3f} | {} | {:.3f} | {:.3f} |\n", number,
        on.q_errors.size(), percentile(on.q_errors, 0.5), percentile(on.q_errors, 1.0),
        off.intermediate_rows, on.intermediate_rows, ratio, same ? "same" : "DIFFER",
        off.planning_ms, on.planning_ms);
    if (options.operators) std::cout << on.operator_lines;
    std::cout << std::flush;
  }
  std::cout << fmt::format(
      "\nq-error over {} operators: median {:.2f}, 90th percentile {:.2f}, max {:.2f}; "
      "{} at 10x or more\n",
      all_q.size(), percentile(all_q, 0.5), percentile(all_q, 0.9), percentile(all_q, 1.0),
      std::count_if(all_q.begin(), all_q.end(), [](double q) { return q >= 10; }));
  std::cout << fmt::format("join rows: CBO off {}, on {} ({:.3f}x)\n", total_off, total_on,
                           total_off == 0 ? 1.0
                                          : static_cast<double>(total_on) /
                                                static_cast<double>(total_off));
  std::cout << fmt::format(
      "planning (parse to executed plan), median over queries: CBO off {:.3f} ms, on {:.3f} ms; "
      "slowest query on {:.3f} ms\n",
      percentile(planning_off, 0.5), percentile(planning_on, 0.5), percentile(planning_on, 1.0));
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace planck

int main(int argc, char** argv) {
  planck::Options options;
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    bool has_value = i + 1 < argc;
    if (argument == "--data" && has_value) {
      options.data = argv[++i];
    } else if (argument == "--queries" && has_value) {
      options.queries = argv[++i];
    } else if (argument == "--threads" && has_value) {
      options.threads = std::atoi(argv[++i]);
    } else if (argument == "--planning-runs" && has_value) {
      options.planning_runs = std::max(1, std::atoi(argv[++i]));
    } else if (argument == "--query" && has_value) {
      options.only = planck::parseQueryList(argv[++i]);
    } else if (argument == "--set" && has_value) {
      options.settings.push_back(argv[++i]);
    } else if (argument == "--operators") {
      options.operators = true;
    } else {
      std::cerr << "usage: cbo_report [--data DIR] [--queries DIR] [--threads N] "
                   "[--planning-runs N] [--query 5,9] [--set key=value] [--operators]\n";
      return 2;
    }
  }
  return planck::report(options);
}
