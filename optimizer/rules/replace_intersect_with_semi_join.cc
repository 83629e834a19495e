// ReplaceIntersectWithSemiJoin (Spark's rule of the same name, batch "Replace Operators"):
// INTERSECT (DISTINCT) keeps the distinct left rows that some right row equals, column by
// column with NULL equal to NULL.
//
//   Intersect false          Distinct
//   :- left          =>      +- Join LeftSemi, ((l1 <=> r1) AND (l2 <=> r2))
//   +- right                    :- left
//                               +- right
//
// Always safe: <=> is the row equality of set operations. Intersect's output column is NOT
// NULL when either side's is (a left row survives only by matching a right value); the join
// only knows the left side's nullability, so where the right side is NOT NULL and the left is
// nullable a Project narrows the column back (same id), keeping the output exactly as it was.
// Spark's plan has no such Project: its plan check ignores nullability.
#include "logical/operators.h"
#include "optimizer/rules.h"
#include "optimizer/rules/set_operation_helpers.h"

namespace planck {
namespace {

class ReplaceIntersectWithSemiJoin final : public Rule {
 public:
  std::string_view name() const override { return "ReplaceIntersectWithSemiJoin"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      const auto* intersect = node->as<Intersect>();
      if (intersect == nullptr || intersect->isAll()) return node;
      const PlanPtr& left = node->child(0);
      const PlanPtr& right = node->child(1);
      auto join = std::make_shared<Join>(left, right, JoinType::kLeftSemi,
                                         nullSafeEqualAll(left->output(), right->output()));
      return projectToOutput(std::make_shared<Distinct>(join), node->output());
    });
  }
};

}  // namespace

RulePtr makeReplaceIntersectWithSemiJoin() {
  return std::make_shared<ReplaceIntersectWithSemiJoin>();
}

}  // namespace planck
