// The optimizer's batches: the one place that says which rules run, in which order and how
// often. Each ordering constraint is written beside the registration that depends on it.
#include "optimizer/optimizer.h"

#include "optimizer/plan_integrity.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

const std::vector<Batch>& optimizerBatches() {
  // Rules are stateless, so one set serves every Optimizer.
  static const std::vector<Batch> batches = {
      // First, as in Spark: the later batches see through aliases of derived tables.
      {"Finish Analysis", BatchStrategy::once(), {makeEliminateSubqueryAliases()}},
  };
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

Optimizer::Optimizer(const Config& config)
    : config_(config), executor_(optimizerBatches(), validatorFor(config)) {}

absl::StatusOr<PlanPtr> Optimizer::optimize(const PlanPtr& analyzed,
                                            const ExecutionObserver& observer) const {
  RuleContext ctx(config_, nullptr);
  return executor_.execute(analyzed, ctx, observer);
}

}  // namespace planck
