// Where analysis time goes, per analyzer rule: Spark's RuleExecutor.dumpTimeSpent for the 22
// TPC-H queries. A diagnostic beside planning_bench, not a benchmark.
//
//   planning_rule_metrics [runs]      (default 200 analyses of each query)
//
// For each query: the Resolution batch's fixed-point iterations and the time per analysis
// split into rules and the rest (CheckAnalysis, Analyzer construction). Then every rule's
// total over all queries: runs, effective runs, time. Metrics cover the top-level analysis;
// the recursive analyses of subqueries, CTEs and views count in the rule that starts them
// (ResolveSubquery, CTESubstitution, ResolveRelations).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/analyzer.h"
#include "fmt/format.h"
#include "session/session.h"

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
  std::filesystem::path shared;
  if (const char* env = std::getenv("PLANCK_SHARED_DIR"); env != nullptr && *env != '\0') {
    shared = env;
  } else {
    shared = PLANCK_SHARED_DIR;
  }
  auto session = planck::Session::withTpchSchema();
  planck::RuleMetrics all;
  fmt::print("{:<5} {:>10} {:>14} {:>14} {:>14}\n", "query", "iterations", "analyze us", "rules us",
             "other us");
  for (int n = 1; n <= 22; ++n) {
    std::string name = fmt::format("q{:02}", n);
    std::ifstream in(shared / "tpch" / "queries" / (name + ".sql"));
    if (!in) {
      fmt::print(stderr, "planning_rule_metrics: cannot read {} (set PLANCK_SHARED_DIR)\n", name);
      return 1;
    }
    std::ostringstream sql;
    sql << in.rdbuf();
    auto parsed = session->query(sql.str());
    if (!parsed.ok()) {
      fmt::print(stderr, "{}: {}\n", name, parsed.status().ToString());
      return 1;
    }
    planck::PlanPtr plan = (*parsed)->parsed();

    planck::RuleMetrics metrics;
    int iterations = 0;
    planck::ExecutionObserver observer;
    observer.metrics = &metrics;
    observer.on_effective_rule = [&](const planck::RuleApplication& step) {
      if (step.batch == "Resolution") iterations = std::max(iterations, step.iteration);
    };
    std::chrono::nanoseconds total{0};
    for (int run = 0; run < runs + 5; ++run) {
      if (run == 5) metrics.clear();  // the first runs warm up
      auto started = Clock::now();
      planck::Analyzer analyzer(session->catalog(), session->config());
      auto analyzed = analyzer.analyze(plan, {}, 0, observer);
      if (run >= 5) total += Clock::now() - started;
      if (!analyzed.ok()) {
        fmt::print(stderr, "{}: {}\n", name, analyzed.status().ToString());
        return 1;
      }
    }
    std::chrono::nanoseconds in_rules{0};
    for (const auto& [rule, metric] : metrics) {
      in_rules += metric.total_time;
      planck::RuleMetric& sum = all[rule];
      sum.runs += metric.runs;
      sum.effective_runs += metric.effective_runs;
      sum.total_time += metric.total_time;
      sum.effective_time += metric.effective_time;
    }
    auto per_run_us = [&](std::chrono::nanoseconds t) { return t.count() / 1e3 / runs; };
    // The last iteration of a fixed point changes nothing: it is the one that proves it.
    fmt::print("{:<5} {:>10} {:>14.1f} {:>14.1f} {:>14.1f}\n", name, iterations + 1,
               per_run_us(total), per_run_us(in_rules), per_run_us(total - in_rules));
  }

  std::vector<std::pair<std::string, planck::RuleMetric>> rules(all.begin(), all.end());
  std::sort(rules.begin(), rules.end(),
            [](const auto& a, const auto& b) { return a.second.total_time > b.second.total_time; });
  std::chrono::nanoseconds grand{0};
  for (const auto& [rule, metric] : rules) grand += metric.total_time;
  fmt::print("\n{:<36} {:>10} {:>10} {:>16} {:>8}\n", "rule (all 22 queries, per analysis)", "runs",
             "effective", "time us", "share");
  for (const auto& [rule, metric] : rules) {
    fmt::print(
        "{:<36} {:>10.1f} {:>10.1f} {:>16.1f} {:>7.1f}%\n", rule,
        static_cast<double>(metric.runs) / runs, static_cast<double>(metric.effective_runs) / runs,
        metric.total_time.count() / 1e3 / runs, 100.0 * metric.total_time.count() / grand.count());
  }
  return 0;
}
