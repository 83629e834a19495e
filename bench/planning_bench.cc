// Planning benchmarks: how long planck takes to turn each TPC-H query's text into a plan, warm.
//
// Five families, one benchmark per query each, so the split between phases is visible:
//   BM_Parse/qNN         Session::query(sql): lex + parse + AST build (the unresolved plan).
//   BM_Analyze/qNN       QueryExecution::analyzed() on a plan parsed once outside the loop.
//   BM_ParseAnalyze/qNN  both: text -> resolved, checked plan. The target is a median of
//                        at most 150 us per query for this one.
//   BM_Optimize/qNN      Optimizer::optimize() on a plan analyzed once outside the loop, by one
//                        Optimizer built outside the loop (as a session that reuses it would):
//                        every batch, plan-change validation in its release default (off). The
//                        issue's target is a median of at most 500 us per query for this one.
//   BM_OptimizeFresh/qNN the same with a new Optimizer per iteration, as QueryExecution does today
//                        (the batch list is built again each time).
// "Warm" means: one Session for the whole run (its catalog holds the TPC-H schema), and every
// query parsed and analyzed once before any timing, so ANTLR's DFA cache is filled. Each
// iteration builds a fresh plan and frees it again; freeing is part of the measurement.
//
// `planning_bench --optimizer_rule_metrics[=RUNS]` prints, instead of benchmarking, where the
// optimizer's time goes per rule (Spark's dumpTimeSpent): RUNS optimizations of each query (default
// 200) after five warm-up runs, then every rule's totals over all queries. Rules run by
// OptimizeSubqueries on subquery plans count under their own names too.
//
// Queries come from $PLANCK_SHARED_DIR/tpch/queries/qNN.sql, or from the shared folder compiled
// in from CMake when the variable is unset. Unless the command line says otherwise, each
// benchmark runs 5 repetitions and only the aggregates (mean, median, stddev, cv) are printed.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/errors.h"
#include "fmt/format.h"
#include "optimizer/optimizer.h"
#include "session/session.h"

namespace planck {
namespace {

struct TpchQuery {
  std::string name;  // "q01"
  std::string sql;
};

// The shared folder: the environment wins over the compiled-in default.
std::filesystem::path sharedDir() {
  if (const char* env = std::getenv("PLANCK_SHARED_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
#ifdef PLANCK_SHARED_DIR
  return PLANCK_SHARED_DIR;
#else
  return {};
#endif
}

// Reads q01.sql ... q22.sql; an empty result means an error was already printed.
std::vector<TpchQuery> loadQueries() {
  std::filesystem::path shared = sharedDir();
  if (shared.empty()) {
    fmt::print(stderr,
               "planning_bench: no shared folder: set PLANCK_SHARED_DIR to the folder that holds "
               "tpch/queries/q01.sql ... q22.sql\n");
    return {};
  }
  std::filesystem::path dir = shared / "tpch" / "queries";
  std::vector<TpchQuery> queries;
  for (int n = 1; n <= 22; ++n) {
    std::string name = fmt::format("q{:02}", n);
    std::filesystem::path file = dir / (name + ".sql");
    std::ifstream in(file);
    if (!in) {
      fmt::print(stderr,
                 "planning_bench: cannot read {} (set PLANCK_SHARED_DIR to the folder that holds "
                 "tpch/queries/)\n",
                 file.string());
      return {};
    }
    std::ostringstream text;
    text << in.rdbuf();
    queries.push_back({name, text.str()});
  }
  return queries;
}

// Parses and analyzes `sql` once; the error, rendered with its position, if either fails.
std::string planError(const Session& session, const std::string& sql) {
  auto execution = session.query(sql);
  if (!execution.ok()) return formatError(execution.status(), sql);
  const auto& analyzed = (*execution)->analyzed();
  if (!analyzed.ok()) return formatError(analyzed.status(), sql);
  return {};
}

void parseOnly(benchmark::State& state, const Session& session, const TpchQuery& query) {
  if (auto first = session.query(query.sql); !first.ok()) {
    state.SkipWithError(formatError(first.status(), query.sql).c_str());
    return;
  }
  for (auto _ : state) {
    auto execution = session.query(query.sql);
    benchmark::DoNotOptimize(execution);
  }
}

void analyzeOnly(benchmark::State& state, const Session& session, const TpchQuery& query) {
  auto parsed = session.query(query.sql);
  if (!parsed.ok()) {
    state.SkipWithError(formatError(parsed.status(), query.sql).c_str());
    return;
  }
  PlanPtr plan = (*parsed)->parsed();
  for (auto _ : state) {
    QueryExecution execution(session, plan);
    benchmark::DoNotOptimize(execution.analyzed());
  }
}

void parseAnalyze(benchmark::State& state, const Session& session, const TpchQuery& query) {
  for (auto _ : state) {
    auto execution = session.query(query.sql);
    benchmark::DoNotOptimize(execution);
    benchmark::DoNotOptimize((*execution)->analyzed());
  }
}

// The analyzed plan of `query`, or null after reporting the error on `state`.
PlanPtr analyzedPlan(benchmark::State& state, const Session& session, const TpchQuery& query) {
  auto execution = session.query(query.sql);
  if (!execution.ok()) {
    state.SkipWithError(formatError(execution.status(), query.sql).c_str());
    return nullptr;
  }
  const auto& analyzed = (*execution)->analyzed();
  if (!analyzed.ok()) {
    state.SkipWithError(formatError(analyzed.status(), query.sql).c_str());
    return nullptr;
  }
  return *analyzed;
}

void optimizeOnly(benchmark::State& state, const Session& session, const TpchQuery& query) {
  PlanPtr analyzed = analyzedPlan(state, session, query);
  if (analyzed == nullptr) return;
  Optimizer optimizer(session.config(), session.extensions().optimizer());
  if (auto first = optimizer.optimize(analyzed); !first.ok()) {
    state.SkipWithError(formatError(first.status(), query.sql).c_str());
    return;
  }
  for (auto _ : state) {
    auto optimized = optimizer.optimize(analyzed);
    benchmark::DoNotOptimize(optimized);
  }
}

void optimizeFresh(benchmark::State& state, const Session& session, const TpchQuery& query) {
  PlanPtr analyzed = analyzedPlan(state, session, query);
  if (analyzed == nullptr) return;
  for (auto _ : state) {
    Optimizer optimizer(session.config(), session.extensions().optimizer());
    auto optimized = optimizer.optimize(analyzed);
    benchmark::DoNotOptimize(optimized);
  }
}

// The --optimizer_rule_metrics report; returns the exit code.
int printOptimizerRuleMetrics(const Session& session, const std::vector<TpchQuery>& queries,
                              int runs) {
  using Clock = std::chrono::steady_clock;
  Optimizer optimizer(session.config(), session.extensions().optimizer());
  RuleMetrics all;
  std::chrono::nanoseconds grand_total{0};
  fmt::print("{:<5} {:>14} {:>14} {:>10}\n", "query", "optimize us", "rule runs", "effective");
  for (const TpchQuery& query : queries) {
    auto execution = session.query(query.sql);
    if (!execution.ok()) {
      fmt::print(stderr, "{}\n", formatError(execution.status(), query.sql));
      return 1;
    }
    const auto& analyzed = (*execution)->analyzed();
    if (!analyzed.ok()) {
      fmt::print(stderr, "{}\n", formatError(analyzed.status(), query.sql));
      return 1;
    }
    RuleMetrics metrics;
    ExecutionObserver observer;
    observer.metrics = &metrics;
    std::chrono::nanoseconds total{0};
    for (int run = 0; run < runs + 5; ++run) {
      if (run == 5) metrics.clear();  // the first runs warm up
      auto started = Clock::now();
      auto optimized = optimizer.optimize(*analyzed, observer);
      if (run >= 5) total += Clock::now() - started;
      if (!optimized.ok()) {
        fmt::print(stderr, "{}: {}\n", query.name, optimized.status().ToString());
        return 1;
      }
    }
    int64_t rule_runs = 0;
    int64_t effective = 0;
    for (const auto& [rule, metric] : metrics) {
      rule_runs += metric.runs;
      effective += metric.effective_runs;
    }
    addRuleMetrics(all, metrics);
    grand_total += total;
    fmt::print("{:<5} {:>14.1f} {:>14.1f} {:>10.1f}\n", query.name, total.count() / 1e3 / runs,
               static_cast<double>(rule_runs) / runs, static_cast<double>(effective) / runs);
  }
  std::vector<std::pair<std::string, RuleMetric>> rules(all.begin(), all.end());
  std::sort(rules.begin(), rules.end(),
            [](const auto& a, const auto& b) { return a.second.total_time > b.second.total_time; });
  fmt::print("\n{:<44} {:>8} {:>10} {:>12} {:>8}\n", "rule (all 22 queries, per optimization)",
             "runs", "effective", "time us", "share");
  for (const auto& [rule, metric] : rules) {
    // A rule's time includes the rules it runs itself (OptimizeSubqueries), so shares are of
    // the whole optimization time and do not add up to 100%.
    fmt::print("{:<44} {:>8.1f} {:>10.1f} {:>12.1f} {:>7.1f}%\n", rule,
               static_cast<double>(metric.runs) / runs,
               static_cast<double>(metric.effective_runs) / runs,
               metric.total_time.count() / 1e3 / runs,
               100.0 * metric.total_time.count() / grand_total.count());
  }
  return 0;
}

}  // namespace
}  // namespace planck

int main(int argc, char** argv) {
  using planck::TpchQuery;

  // A diagnostic instead of the benchmarks.
  int metrics_runs = 0;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--optimizer_rule_metrics") metrics_runs = 200;
    if (arg.starts_with("--optimizer_rule_metrics=")) {
      metrics_runs = std::max(1, std::atoi(argv[i] + sizeof("--optimizer_rule_metrics=") - 1));
    }
  }
  if (metrics_runs > 0) {
    std::vector<TpchQuery> queries = planck::loadQueries();
    if (queries.empty()) return 1;
    auto session = planck::Session::withTpchSchema();
    return planck::printOptimizerRuleMetrics(*session, queries, metrics_runs);
  }

  // Defaults first, so that flags given on the command line (parsed later) override them.
  std::vector<char*> args = {argv[0]};
  std::string repetitions = "--benchmark_repetitions=5";
  std::string aggregates_only = "--benchmark_report_aggregates_only=true";
  args.push_back(repetitions.data());
  args.push_back(aggregates_only.data());
  for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
  int args_count = static_cast<int>(args.size());
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 1;

  static const std::vector<TpchQuery> queries = planck::loadQueries();
  if (queries.empty()) return 1;
  static const std::unique_ptr<planck::Session> session = planck::Session::withTpchSchema();

  // Warm-up, and a check that each query plans at all: a failing query's benchmarks report
  // the error instead of timing the error path.
  std::vector<std::string> errors;
  for (const TpchQuery& query : queries) {
    errors.push_back(planck::planError(*session, query.sql));
    if (!errors.back().empty()) {
      fmt::print(stderr, "planning_bench: {} does not plan:\n{}\n", query.name, errors.back());
    }
  }

  using Body = void (*)(benchmark::State&, const planck::Session&, const TpchQuery&);
  struct Family {
    const char* name;
    Body body;
  };
  const Family families[] = {{"BM_Parse", planck::parseOnly},
                             {"BM_Analyze", planck::analyzeOnly},
                             {"BM_ParseAnalyze", planck::parseAnalyze},
                             {"BM_Optimize", planck::optimizeOnly},
                             {"BM_OptimizeFresh", planck::optimizeFresh}};
  // Query by query, so that the figures of one query are measured close together in time
  // (on a shared machine, load changes during a run).
  for (size_t i = 0; i < queries.size(); ++i) {
    for (const Family& family : families) {
      const TpchQuery& query = queries[i];
      const std::string& error = errors[i];
      bool needs_analysis = family.body != planck::parseOnly;
      Body body = family.body;
      benchmark::RegisterBenchmark(fmt::format("{}/{}", family.name, query.name).c_str(),
                                   [body, &query, &error, needs_analysis](benchmark::State& state) {
                                     if (needs_analysis && !error.empty()) {
                                       state.SkipWithError(error.c_str());
                                       return;
                                     }
                                     body(state, *session, query);
                                   })
          ->Unit(benchmark::kMicrosecond);
    }
  }

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
