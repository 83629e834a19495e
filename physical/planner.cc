#include "physical/planner.h"

#include <exception>

#include "common/errors.h"
#include "fmt/format.h"
#include "physical/strategies/strategies.h"

namespace planck {

absl::StatusOr<PhysicalPtr> PlannerContext::planLater(const PlanPtr& plan) {
  for (const StrategyPtr& strategy : strategies_) {
    absl::StatusOr<PhysicalPtr> planned;
    try {
      planned = strategy->apply(plan, *this);
    } catch (const std::exception& error) {
      return absl::InternalError(
          fmt::format("planner strategy {} failed: {}", strategy->name(), error.what()));
    }
    if (!planned.ok() || *planned != nullptr) return planned;
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
