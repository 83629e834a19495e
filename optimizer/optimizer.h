// Optimizer: Catalyst's rule-based optimizer, a RuleExecutor over the batches in optimizer.cc.
// Takes an analyzed plan and returns an equivalent one.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "optimizer/optimizer_batches.h"
#include "optimizer/rule_executor.h"

namespace planck {

class Optimizer;

// What optimizer rules see besides the plan: the optimizer itself, so that OptimizeSubqueries
// can run it on subquery plans.
class OptimizerContext : public RuleContext {
 public:
  OptimizerContext(const Optimizer& optimizer, const Config& config, const Catalog* catalog,
                   const ExecutionObserver& observer);
  const Optimizer& optimizer() const { return optimizer_; }
  // Who watches this execution: OptimizeSubqueries passes it on to the optimizer runs on
  // subquery plans, so their steps, metrics and warnings are seen too.
  const ExecutionObserver& observer() const { return observer_; }
  // Downcast for optimizer rules, which only ever run under the Optimizer.
  static OptimizerContext& of(RuleContext& ctx) { return static_cast<OptimizerContext&>(ctx); }

 private:
  const Optimizer& optimizer_;
  const ExecutionObserver& observer_;
};

// Rules spark.sql.optimizer.excludedRules cannot remove: without them a plan is wrong or cannot
// be executed, not just slower (Spark's Optimizer.nonExcludableRules, for the rules planck has).
const std::vector<std::string>& nonExcludableRules();

class Optimizer {
 public:
  // Plan changes are validated (optimizer/plan_integrity.h) after every effective rule in
  // builds with assertions, and in release builds with spark.sql.planChangeValidation.
  // `injections` (a session's Extensions) change the built-in batches; one that fails (an
  // unknown batch name, ...) makes optimize() return its error.
  // `catalog`, when given, is where cost-based rules (CostBasedJoinReorder) find the tables'
  // statistics; without it they leave plans alone.
  explicit Optimizer(const Config& config, const std::vector<OptimizerInjection>& injections = {},
                     const Catalog* catalog = nullptr);

  absl::StatusOr<PlanPtr> optimize(const PlanPtr& analyzed,
                                   const ExecutionObserver& observer = {}) const;

  const RuleExecutor& executor() const { return executor_; }
  // Why a rule named in spark.sql.optimizer.excludedRules stayed (unknown or non-excludable).
  const std::vector<std::string>& exclusionWarnings() const { return exclusion_warnings_; }

 private:
  const Config& config_;
  const Catalog* catalog_;
  std::vector<std::string> exclusion_warnings_;
  absl::Status setup_error_;
  RuleExecutor executor_;
};

}  // namespace planck
