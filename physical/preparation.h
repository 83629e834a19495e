// Preparation rules: rewrites of a physical plan before it runs (Spark's
// QueryExecution.preparations), applied once each, in order.
//
// Why not optimizer/rule_executor.h: Spark runs its preparation rules as a plain fold, once each
// in a fixed order, without batches or fixed points, and the rule executor's trace, validator
// and observer types are bound to logical plans (PlanPtr, checkPlanIntegrity) and read by
// explain/ and the plan-change log. Templating Rule/RuleExecutor over the node type would touch
// the headers every logical rule includes, for one loop here. PhysicalRule keeps the same
// contract as Rule: a name, a rewrite that returns the same pointer when nothing applies, and
// errors as absl::Status through the context.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "physical/physical_plan.h"

namespace planck {

// What a preparation rule may consult, and where it reports a user error.
class PhysicalRuleContext {
 public:
  explicit PhysicalRuleContext(const Config& config) : config_(config) {}
  const Config& config() const { return config_; }
  void fail(absl::Status status) {
    if (status_.ok()) status_ = std::move(status);
  }
  const absl::Status& status() const { return status_; }

 private:
  const Config& config_;
  absl::Status status_;
};

// A rewrite of a physical plan. Returns `plan` itself (same pointer) when nothing applies.
class PhysicalRule {
 public:
  virtual ~PhysicalRule() = default;
  virtual std::string_view name() const = 0;
  virtual PhysicalPtr apply(const PhysicalPtr& plan, PhysicalRuleContext& ctx) const = 0;
};
using PhysicalRulePtr = std::shared_ptr<const PhysicalRule>;

// One effective preparation rule: what EXPLAIN VERBOSE and tests can look at.
struct PhysicalRuleApplication {
  std::string rule;
  PhysicalPtr before;
  PhysicalPtr after;
  std::chrono::nanoseconds time;
};

// Applies `rules` once each, in order. An exception escaping a rule becomes an internal error
// naming the rule; `on_effective_rule` (optional) sees every rule that changed the plan.
absl::StatusOr<PhysicalPtr> prepareForExecution(
    PhysicalPtr plan, const std::vector<PhysicalRulePtr>& rules, const Config& config,
    const std::function<void(const PhysicalRuleApplication&)>& on_effective_rule = {});

// The built-in preparation rules in Spark's order: RemoveRedundantProjects, EnsureRequirements,
// RemoveRedundantSorts, then `collapse_codegen_stages` when given (codegen/'s
// CollapseCodegenStages), then ReuseExchange.
std::vector<PhysicalRulePtr> builtinPreparationRules(
    PhysicalRulePtr collapse_codegen_stages = nullptr);

PhysicalRulePtr makeEnsureRequirements();
PhysicalRulePtr makeRemoveRedundantProjects();
PhysicalRulePtr makeRemoveRedundantSorts();
PhysicalRulePtr makeReuseExchange();

}  // namespace planck
