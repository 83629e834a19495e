// EliminateOuterJoin (Spark's rule of the same name): an outer join under a filter that
// rejects the NULL rows the outer join would add becomes a join that does not add them.
//
//   Filter (x#5 > 3)                       Filter (x#5 > 3)
//   +- Join LeftOuter, (a#1 = x#5)   =>    +- Join Inner, (a#1 = x#5)
//
// A left outer join pads unmatched left rows with NULLs on the right; `x#5 > 3` is never
// true on such a row, so the filter drops every padded row and an inner join gives the same
// result. In general, with L and R "some conjunct rejects NULLs on that side":
//   LeftOuter  + R -> Inner        RightOuter + L -> Inner
//   FullOuter  + L + R -> Inner, + L -> LeftOuter, + R -> RightOuter
//
// A conjunct rejects NULLs on a side when it is never TRUE while all of that side's columns
// are NULL. Spark decides that by evaluating the conjunct with those columns bound to NULL;
// planck decides it from the expression's form (nullRejecting in logical/predicates.h), which
// needs no evaluator. Only deterministic conjuncts count, as in Spark.
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

// The join type the filter's conjuncts allow, or the join's own.
JoinType reducedType(const Join& join, const std::vector<ExprPtr>& conjuncts) {
  AttributeSet left(join.left()->output());
  AttributeSet right(join.right()->output());
  bool left_rejected = false, right_rejected = false;
  for (const ExprPtr& conjunct : conjuncts) {
    if (!conjunct->deterministic()) continue;
    left_rejected = left_rejected || nullRejecting(conjunct, left);
    right_rejected = right_rejected || nullRejecting(conjunct, right);
  }
  switch (join.joinType()) {
    case JoinType::kLeftOuter:
      return right_rejected ? JoinType::kInner : JoinType::kLeftOuter;
    case JoinType::kRightOuter:
      return left_rejected ? JoinType::kInner : JoinType::kRightOuter;
    case JoinType::kFullOuter:
      if (left_rejected && right_rejected) return JoinType::kInner;
      if (left_rejected) return JoinType::kLeftOuter;
      if (right_rejected) return JoinType::kRightOuter;
      return JoinType::kFullOuter;
    default:
      return join.joinType();
  }
}

class EliminateOuterJoin final : public Rule {
 public:
  std::string_view name() const override { return "EliminateOuterJoin"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      const auto* filter = node->as<Filter>();
      if (filter == nullptr) return node;
      const auto* join = filter->child(0)->as<Join>();
      if (join == nullptr) return node;
      JoinType type = reducedType(*join, splitConjuncts(filter->condition()));
      if (type == join->joinType()) return node;
      PlanPtr reduced = std::make_shared<Join>(join->left(), join->right(), type, join->condition(),
                                               join->hint());
      return std::make_shared<Filter>(filter->condition(), std::move(reduced));
    });
  }
};

}  // namespace

RulePtr makeEliminateOuterJoin() { return std::make_shared<EliminateOuterJoin>(); }

}  // namespace planck
