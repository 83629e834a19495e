// The optimizer's batches: the one place that says which rules run, in which order and how
// often. Each ordering constraint is written beside the registration that depends on it.
#include "optimizer/optimizer.h"

#include <algorithm>
#include <stdexcept>

#include "common/status.h"
#include "fmt/format.h"
#include "optimizer/plan_integrity.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

// The built-in batches and rules, in order.
void registerBuiltinRules(OptimizerBatches& batches) {
  auto must = [](absl::Status status) {
    if (!status.ok()) throw std::logic_error(std::string(toStd(status.message())));
  };
  // First, as in Spark: the later batches see through aliases of derived tables.
  must(batches.addBatch("Finish Analysis", BatchStrategy::once()));
  must(batches.addRule("Finish Analysis", makeEliminateSubqueryAliases()));
  // Subquery plans get the whole optimizer. Once, as in Spark: running the optimizer inside
  // a fixed point would optimize each subquery again on every iteration.
  must(batches.addBatch("Subquery", BatchStrategy::once()));
  must(batches.addRule("Subquery", makeOptimizeSubqueries()));
}

// The built-in batches, then a session's injections in the order they were made.
absl::StatusOr<std::vector<Batch>> buildBatches(const std::vector<OptimizerInjection>& injections) {
  // Rules are stateless, so the built-in ones are made once.
  static const OptimizerBatches builtin = [] {
    OptimizerBatches batches;
    registerBuiltinRules(batches);
    return batches;
  }();
  if (injections.empty()) return builtin.batches();
  OptimizerBatches batches = builtin;
  for (const OptimizerInjection& inject : injections) {
    if (absl::Status status = inject(batches); !status.ok()) {
      return absl::InvalidArgumentError(
          fmt::format("an optimizer extension failed: {}", toStd(status.message())));
    }
  }
  return batches.batches();
}

// The batches without the rules spark.sql.optimizer.excludedRules names (except the
// non-excludable ones); `warnings` says which names were not excluded and why. A batch left
// without rules is dropped.
std::vector<Batch> withoutExcludedRules(std::vector<Batch> all, const Config& config,
                                        std::vector<std::string>& warnings) {
  std::vector<std::string> excluded = config.getList("spark.sql.optimizer.excludedRules");
  if (excluded.empty()) return all;
  auto contains = [](const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const std::string& name : excluded) {
    bool known = false;
    for (const Batch& batch : all) {
      for (const RulePtr& rule : batch.rules) known = known || rule->name() == name;
    }
    if (contains(nonExcludableRules(), name)) {
      warnings.push_back(
          fmt::format("Optimization rule '{}' was not excluded from the optimizer because "
                      "this rule is a non-excludable rule.",
                      name));
    } else if (!known) {
      warnings.push_back(
          fmt::format("Optimization rule '{}' was not excluded: there is no such rule.", name));
    }
  }
  std::vector<Batch> batches;
  for (const Batch& batch : all) {
    Batch filtered{batch.name, batch.strategy, {}};
    for (const RulePtr& rule : batch.rules) {
      if (!contains(excluded, rule->name()) || contains(nonExcludableRules(), rule->name())) {
        filtered.rules.push_back(rule);
      }
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
  return checkPlanChange;
}

}  // namespace

const std::vector<std::string>& nonExcludableRules() {
  static const std::vector<std::string> rules = {"EliminateSubqueryAliases", "OptimizeSubqueries"};
  return rules;
}

OptimizerContext::OptimizerContext(const Optimizer& optimizer, const Config& config)
    : RuleContext(config, nullptr), optimizer_(optimizer) {}

Optimizer::Optimizer(const Config& config, const std::vector<OptimizerInjection>& injections)
    : config_(config), executor_({}) {
  absl::StatusOr<std::vector<Batch>> batches = buildBatches(injections);
  if (!batches.ok()) {
    setup_error_ = batches.status();
    return;
  }
  executor_ = RuleExecutor(withoutExcludedRules(*std::move(batches), config, exclusion_warnings_),
                           validatorFor(config));
}

absl::StatusOr<PlanPtr> Optimizer::optimize(const PlanPtr& analyzed,
                                            const ExecutionObserver& observer) const {
  if (!setup_error_.ok()) return setup_error_;
  OptimizerContext ctx(*this, config_);
  return executor_.execute(analyzed, ctx, observer);
}

}  // namespace planck
