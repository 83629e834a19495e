// BasicOperators (Spark's strategy of the same name): the operators with one physical form.
// Hints are read by JoinSelection and disappear here (Spark drops them in the optimizer).
#include "logical/operators.h"
#include "physical/operators.h"
#include "physical/strategies/strategies.h"

namespace planck {
namespace {

std::optional<int64_t> literalCount(const ExprPtr& count) {
  const auto* literal = count->as<Literal>();
  if (literal == nullptr || literal->value().isNull() || !literal->value().type().isIntegral()) {
    return std::nullopt;
  }
  return literal->value().asInt();
}

absl::Status nonLiteralCount(const LogicalPlan& plan) {
  return absl::InvalidArgumentError(std::string(plan.nodeName()) +
                                    " needs a constant integer count to be planned");
}

class BasicOperators final : public Strategy {
 public:
  std::string_view name() const override { return "BasicOperators"; }
  absl::StatusOr<PhysicalPtr> apply(const PlanPtr& plan, PlannerContext& ctx) const override {
    switch (plan->kind()) {
      case PlanKind::kLocalRelation: {
        const auto& values = *plan->as<LocalRelation>();
        return PhysicalPtr(std::make_shared<LocalTableScanExec>(values.output(), values.rows()));
      }
      case PlanKind::kOneRowRelation:
        return PhysicalPtr(std::make_shared<LocalTableScanExec>(
            Attributes{}, std::vector<std::vector<Value>>{std::vector<Value>{}}));
      case PlanKind::kResolvedHint:
      case PlanKind::kSubqueryAlias:
        return ctx.planLater(plan->child(0));
      case PlanKind::kLogicalQueryStage:
        // Spark's LogicalQueryStageStrategy: the physical plan adaptive execution kept for it.
        return std::static_pointer_cast<const PhysicalPlan>(
            plan->as<LogicalQueryStage>()->physical());
      default:
        break;
    }
    if (plan->is<Union>()) {
      std::vector<PhysicalPtr> children;
      for (const PlanPtr& child : plan->children()) {
        absl::StatusOr<PhysicalPtr> planned = ctx.planLater(child);
        if (!planned.ok()) return planned.status();
        children.push_back(*std::move(planned));
      }
      return PhysicalPtr(std::make_shared<UnionExec>(plan->output(), std::move(children)));
    }
    if (plan->children().size() != 1) return nullptr;
    switch (plan->kind()) {
      case PlanKind::kProject:
      case PlanKind::kFilter:
      case PlanKind::kSort:
      case PlanKind::kExpand:
      case PlanKind::kLocalLimit:
      case PlanKind::kGlobalLimit:
      case PlanKind::kOffset:
        break;
      default:
        return nullptr;
    }
    absl::StatusOr<PhysicalPtr> child = ctx.planLater(plan->child(0));
    if (!child.ok()) return child.status();
    PhysicalPtr input = *std::move(child);
    if (const auto* project = plan->as<Project>()) {
      return PhysicalPtr(std::make_shared<ProjectExec>(project->projectList(), input));
    }
    if (const auto* filter = plan->as<Filter>()) {
      return PhysicalPtr(std::make_shared<FilterExec>(filter->condition(), input));
    }
    if (const auto* sort = plan->as<Sort>()) {
      return PhysicalPtr(std::make_shared<SortExec>(sort->order(), sort->global(), input));
    }
    if (const auto* expand = plan->as<Expand>()) {
      return PhysicalPtr(
          std::make_shared<ExpandExec>(expand->projections(), expand->output(), input));
    }
    if (const auto* local = plan->as<LocalLimit>()) {
      std::optional<int64_t> count = literalCount(local->count());
      if (!count) return nonLiteralCount(*plan);
      return PhysicalPtr(std::make_shared<LocalLimitExec>(*count, input));
    }
    if (const auto* global = plan->as<GlobalLimit>()) {
      std::optional<int64_t> count = literalCount(global->count());
      if (!count) return nonLiteralCount(*plan);
      return PhysicalPtr(std::make_shared<GlobalLimitExec>(*count, 0, input));
    }
    const auto& offset = *plan->as<Offset>();
    std::optional<int64_t> count = literalCount(offset.count());
    if (!count) return nonLiteralCount(*plan);
    return PhysicalPtr(std::make_shared<GlobalLimitExec>(-1, *count, input));
  }
};

}  // namespace

StrategyPtr makeBasicOperators() { return std::make_shared<BasicOperators>(); }

}  // namespace planck
