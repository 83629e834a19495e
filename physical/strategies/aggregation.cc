// Aggregation (Spark's strategy of the same name): a logical Aggregate becomes partial and final
// HashAggregates (physical/agg_utils.h explains the shapes, DISTINCT aggregates included).
#include "logical/operators.h"
#include "physical/agg_utils.h"
#include "physical/strategies/strategies.h"

namespace planck {
namespace {

class Aggregation final : public Strategy {
 public:
  std::string_view name() const override { return "Aggregation"; }
  absl::StatusOr<PhysicalPtr> apply(const PlanPtr& plan, PlannerContext& ctx) const override {
    const auto* aggregate = plan->as<Aggregate>();
    if (aggregate == nullptr) return nullptr;
    absl::StatusOr<PhysicalPtr> child = ctx.planLater(aggregate->child(0));
    if (!child.ok()) return child.status();
    return planAggregate(*aggregate, *std::move(child));
  }
};

}  // namespace

StrategyPtr makeAggregation() { return std::make_shared<Aggregation>(); }

}  // namespace planck
