// RuleExecutor: runs named batches of rules, once or to a fixed point, recording what each
// effective rule did for traces (EXPLAIN VERBOSE, plan diffs) and per-rule metrics.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "optimizer/rule.h"

namespace planck {

// How often a batch runs: once, or until the plan stops changing (Spark's Once and
// FixedPoint). A fixed point without a cap of its own stops after
// spark.sql.optimizer.maxIterations iterations.
struct BatchStrategy {
  static BatchStrategy once() { return {1, false}; }
  static BatchStrategy fixedPoint(int max_iterations = 0) { return {max_iterations, true}; }
  int max_iterations;  // 0 with fixed_point: spark.sql.optimizer.maxIterations
  bool fixed_point;
};

// A named list of rules run together.
struct RuleBatch {
  std::string name;
  BatchStrategy strategy;
  std::vector<RulePtr> rules;
};

// One effective rule application: what a trace shows.
struct RuleApplication {
  std::string batch;
  int iteration;  // 1-based
  std::string rule;
  PlanPtr before;
  PlanPtr after;
  std::chrono::nanoseconds time;
  // The subquery whose plan the rule rewrote (`scalar-subquery#12`), when the optimizer ran on
  // a subquery's plan (OptimizeSubqueries); empty for the query itself.
  std::string subquery = {};
  // What the rule noted about its decisions (RuleContext::note), in order.
  std::vector<std::string> notes = {};
};

// Per-rule counters: Spark's RuleExecutor.dumpTimeSpent table.
struct RuleMetric {
  int64_t runs = 0;
  int64_t effective_runs = 0;
  std::chrono::nanoseconds total_time{0};
  std::chrono::nanoseconds effective_time{0};
};

// Per-rule metrics keyed by rule name; accumulates across executions it is passed to.
// (std::less<> lets a rule's name be looked up without building a std::string.)
using RuleMetrics = std::map<std::string, RuleMetric, std::less<>>;

// Adds `metric` to the counters of `rule` in `total`.
inline void addRuleMetric(RuleMetrics& total, std::string_view rule, const RuleMetric& metric) {
  auto it = total.find(rule);
  if (it == total.end()) it = total.emplace(std::string(rule), RuleMetric{}).first;
  it->second.runs += metric.runs;
  it->second.effective_runs += metric.effective_runs;
  it->second.total_time += metric.total_time;
  it->second.effective_time += metric.effective_time;
}

// Adds `more` to `total`, rule by rule.
inline void addRuleMetrics(RuleMetrics& total, const RuleMetrics& more) {
  for (const auto& [rule, metric] : more) addRuleMetric(total, rule, metric);
}

// Hooks for one execution: all optional, free when unset.
struct ExecutionObserver {
  std::function<void(const RuleApplication&)> on_effective_rule;
  // A rule run that left the plan as it was but noted why (before == after). Setting either
  // callback makes rules keep their notes.
  std::function<void(const RuleApplication&)> on_unchanged_with_notes;
  RuleMetrics* metrics = nullptr;
  // A batch that hit its iteration cap, or whose rules undo each other.
  std::function<void(const std::string&)> on_warning;
  // A batch finished: its name, the plan it started from and the plan it ended with (the same
  // pointer when no rule of it changed anything).
  std::function<void(const std::string& batch, const PlanPtr& before, const PlanPtr& after)>
      on_batch_end;
};

// Checks a rule's rewrite (before, after); an error stops the execution, naming the rule.
using PlanChangeValidator = std::function<absl::Status(const PlanPtr&, const PlanPtr&)>;

class RuleExecutor {
 public:
  explicit RuleExecutor(std::vector<RuleBatch> batches, PlanChangeValidator validator = {})
      : batches_(std::move(batches)), validator_(std::move(validator)) {}

  // Runs every batch in order over `plan`. Stops at the first error a rule reports; an
  // exception escaping a rule becomes an internal error naming the rule.
  absl::StatusOr<PlanPtr> execute(PlanPtr plan, RuleContext& ctx,
                                  const ExecutionObserver& observer = {}) const;

  const std::vector<RuleBatch>& batches() const { return batches_; }

 private:
  std::vector<RuleBatch> batches_;
  PlanChangeValidator validator_;
};

}  // namespace planck
