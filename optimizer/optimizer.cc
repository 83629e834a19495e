// The optimizer's batches: the one place that says which rules run, in which order and how
// often. Each ordering constraint is written beside the registration that depends on it.
#include "optimizer/optimizer.h"

#include <algorithm>

#include "fmt/format.h"
#include "optimizer/plan_integrity.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

const std::vector<Batch>& optimizerBatches() {
  // Rules are stateless, so one set serves every Optimizer.
  static const std::vector<Batch> batches = {
      // First, as in Spark: the later batches see through aliases of derived tables.
      {"Finish Analysis", BatchStrategy::once(), {makeEliminateSubqueryAliases()}},
      // Subquery plans get the whole optimizer. Once, as in Spark: running the optimizer inside
      // a fixed point would optimize each subquery again on every iteration.
      {"Subquery", BatchStrategy::once(), {makeOptimizeSubqueries()}},
  };
  return batches;
}

// The batches without the rules spark.sql.optimizer.excludedRules names (except the
// non-excludable ones); `warnings` says which names were not excluded and why. A batch left
// without rules is dropped.
std::vector<Batch> withoutExcludedRules(const Config& config, std::vector<std::string>& warnings) {
  std::vector<std::string> excluded = config.getList("spark.sql.optimizer.excludedRules");
  if (excluded.empty()) return optimizerBatches();
  std::vector<Batch> batches;
  for (const std::string& name : excluded) {
    bool known = false;
    for (const Batch& batch : optimizerBatches()) {
      for (const RulePtr& rule : batch.rules) known = known || rule->name() == name;
    }
    const auto& kept = nonExcludableRules();
    if (std::find(kept.begin(), kept.end(), name) != kept.end()) {
      warnings.push_back(
          fmt::format("Optimization rule '{}' was not excluded from the optimizer because "
                      "this rule is a non-excludable rule.",
                      name));
    } else if (!known) {
      warnings.push_back(
          fmt::format("Optimization rule '{}' was not excluded: there is no such rule.", name));
    }
  }
  auto isExcluded = [&](std::string_view name) {
    const auto& kept = nonExcludableRules();
    return std::find(excluded.begin(), excluded.end(), name) != excluded.end() &&
           std::find(kept.begin(), kept.end(), name) == kept.end();
  };
  for (const Batch& batch : optimizerBatches()) {
    Batch filtered{batch.name, batch.strategy, {}};
    for (const RulePtr& rule : batch.rules) {
      if (!isExcluded(rule->name())) filtered.rules.push_back(rule);
    }
    if (!filtered.rules.empty()) batches.push_back(std::move(filtered));
  }
  return batches;
}

PlanChangeValidator validatorFor(const Config& config) {
#ifdef NDEBUG
  if (!config.getBool("spark.sql.planChangeValidation")) return {};
#else
  (void)config;
#endif
  return [](const PlanPtr& before, const PlanPtr& after) { return checkPlanChange(before, after); };
}

}  // namespace

const std::vector<std::string>& nonExcludableRules() {
  static const std::vector<std::string> rules = {"EliminateSubqueryAliases", "OptimizeSubqueries"};
  return rules;
}

OptimizerContext::OptimizerContext(const Optimizer& optimizer, const Config& config)
    : RuleContext(config, nullptr), optimizer_(optimizer) {}

Optimizer::Optimizer(const Config& config)
    : config_(config),
      executor_(withoutExcludedRules(config, exclusion_warnings_), validatorFor(config)) {}

absl::StatusOr<PlanPtr> Optimizer::optimize(const PlanPtr& analyzed,
                                            const ExecutionObserver& observer) const {
  OptimizerContext ctx(*this, config_);
  return executor_.execute(analyzed, ctx, observer);
}

}  // namespace planck
