// ReplaceExceptWithAntiJoin (Spark's rule of the same name, batch "Replace Operators"):
// EXCEPT (DISTINCT) keeps the distinct left rows that no right row equals, column by column
// with NULL equal to NULL.
//
//   Except false             Distinct
//   :- left          =>      +- Join LeftAnti, ((l1 <=> r1) AND (l2 <=> r2))
//   +- right                    :- left
//                               +- right
//
// Always safe: <=> is the row equality of set operations, and the output (the left side's
// columns) is the same.
#include "logical/operators.h"
#include "optimizer/rules.h"
#include "optimizer/rules/set_operation_helpers.h"

namespace planck {
namespace {

class ReplaceExceptWithAntiJoin final : public Rule {
 public:
  std::string_view name() const override { return "ReplaceExceptWithAntiJoin"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      const auto* except = node->as<Except>();
      if (except == nullptr || except->isAll()) return node;
      const PlanPtr& left = node->child(0);
      const PlanPtr& right = node->child(1);
      return std::make_shared<Distinct>(std::make_shared<Join>(
          left, right, JoinType::kLeftAnti, nullSafeEqualAll(left->output(), right->output())));
    });
  }
};

}  // namespace

RulePtr makeReplaceExceptWithAntiJoin() { return std::make_shared<ReplaceExceptWithAntiJoin>(); }

}  // namespace planck
