// SpecialLimits (Spark's strategy of the same name):
//
//   at the root:  Limit n (Sort order, global (x))           -> TakeOrderedAndProject(n, order, x)
//                 Limit n (Project list (Sort order, global (x))) -> TakeOrderedAndProject(n,
//                 order, list) Limit n (x)                               -> CollectLimit n (x)
//   elsewhere:    the two TakeOrderedAndProject cases
//
// where Limit n is GlobalLimit n over LocalLimit n. A top-n keeps n rows per partition and
// merges them, instead of sorting everything; it applies while n is below
// spark.sql.execution.topKSortFallbackThreshold.
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

// Spark's Limit extractor: GlobalLimit n over LocalLimit n; the count and the LocalLimit's input.
std::optional<std::pair<int64_t, PlanPtr>> matchLimit(const PlanPtr& plan) {
  const auto* global = plan->as<GlobalLimit>();
  if (global == nullptr) return std::nullopt;
  const auto* local = global->child(0)->as<LocalLimit>();
  if (local == nullptr || !exprEquals(global->count(), local->count())) return std::nullopt;
  std::optional<int64_t> count = literalCount(global->count());
  if (!count) return std::nullopt;
  return std::make_pair(*count, local->child(0));
}

class SpecialLimits final : public Strategy {
 public:
  std::string_view name() const override { return "SpecialLimits"; }
  absl::StatusOr<PhysicalPtr> apply(const PlanPtr& plan, PlannerContext& ctx) const override {
    auto limit = matchLimit(plan);
    if (!limit) return nullptr;
    auto [count, input] = *limit;
    const int64_t threshold = ctx.config().getInt("spark.sql.execution.topKSortFallbackThreshold");
    if (count < threshold) {
      const Sort* sort = input->as<Sort>();
      std::vector<ExprPtr> project_list;
      if (const auto* project = input->as<Project>()) {
        sort = project->child(0)->as<Sort>();
        project_list = project->projectList();
      }
      if (sort != nullptr && sort->global()) {
        if (project_list.empty()) project_list = asExprs(sort->output());
        absl::StatusOr<PhysicalPtr> child = ctx.planLater(sort->child(0));
        if (!child.ok()) return child.status();
        return PhysicalPtr(std::make_shared<TakeOrderedAndProjectExec>(
            count, sort->order(), std::move(project_list), *std::move(child)));
      }
    }
    if (!ctx.isRoot(plan)) return nullptr;
    absl::StatusOr<PhysicalPtr> child = ctx.planLater(input);
    if (!child.ok()) return child.status();
    return PhysicalPtr(std::make_shared<CollectLimitExec>(count, *std::move(child)));
  }
};

}  // namespace

StrategyPtr makeSpecialLimits() { return std::make_shared<SpecialLimits>(); }

}  // namespace planck
