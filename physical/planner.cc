#include "physical/planner.h"

#include <exception>

#include "common/errors.h"
#include "fmt/format.h"
#include "physical/strategies/strategies.h"

namespace planck {

namespace {

// Links the operators a strategy made for `logical` to it (Spark's setLogicalLink): the top one
// and those below it down to the inputs planLater planned, which are linked already.
void linkToLogical(const PhysicalPtr& node, const PlanPtr& logical) {
  if (node->logicalLink() != nullptr) return;
  node->setLogicalLink(logical);
  for (const PhysicalPtr& child : node->children()) linkToLogical(child, logical);
}

}  // namespace

absl::StatusOr<PhysicalPtr> PlannerContext::planLater(const PlanPtr& plan) {
  for (const StrategyPtr& strategy : strategies_) {
    absl::StatusOr<PhysicalPtr> planned;
    try {
      planned = strategy->apply(plan, *this);
    } catch (const std::exception& error) {
      return absl::InternalError(
          fmt::format("planner strategy {} failed: {}", strategy->name(), error.what()));
    }
    if (!planned.ok()) return planned;
    if (*planned != nullptr) {
      linkToLogical(*planned, plan);
      return planned;
    }
  }
  return absl::InternalError(fmt::format(
      "no planner strategy plans the logical operator {} (the optimizer should have replaced it)",
      plan->nodeName()));
}

absl::StatusOr<PhysicalPtr> SparkPlanner::plan(const PlanPtr& optimized) const {
  PlannerContext ctx(strategies_, config_, catalog_, optimized);
  return ctx.planLater(optimized);
}

std::vector<StrategyPtr> builtinStrategies() {
  return {makeFileSourceStrategy(), makeSpecialLimits(), makeAggregation(),
          makeWindowStrategy(),     makeJoinSelection(), makeBasicOperators()};
}

}  // namespace planck
