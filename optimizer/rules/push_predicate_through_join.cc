// PushPredicateThroughJoin (the join-condition half of Spark's rule of the same name; the
// filter-above half is in PushDownPredicates): the conjuncts of a join's ON condition that read
// only one side become a Filter on that side's input, where the truth table at the top of
// push_down_predicates.cc allows it.
//
//   Join Inner, ((a#1 = b#2) AND (b#2 > 5))       Join Inner, (a#1 = b#2)
//   :- Relation l[a#1]                       =>   :- Relation l[a#1]
//   +- Relation r[b#2]                            +- Filter (b#2 > 5)
//                                                    +- Relation r[b#2]
//
// Non-deterministic conjuncts and those reading both sides stay in the condition.
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"
#include "optimizer/rules/push_down_predicates.h"

namespace planck {
namespace {

class PushPredicateThroughJoin final : public Rule {
 public:
  std::string_view name() const override { return "PushPredicateThroughJoin"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformUp(plan, [](const PlanPtr& node) -> PlanPtr {
      const auto* join = node->as<Join>();
      if (join == nullptr || join->condition() == nullptr) return node;
      SplitPredicates split = splitBySide(splitConjuncts(join->condition()), *join);
      std::vector<ExprPtr> left, right, keep = split.both;
      auto route = [&](std::vector<ExprPtr>& conjuncts, JoinSide side, std::vector<ExprPtr>& into) {
        for (ExprPtr& conjunct : conjuncts) {
          bool may = mayPushIntoSide(join->joinType(), PredicateSource::kJoinCondition, side);
          (may ? into : keep).push_back(std::move(conjunct));
        }
      };
      route(split.left_only, JoinSide::kLeft, left);
      route(split.right_only, JoinSide::kRight, right);
      if (left.empty() && right.empty()) return node;
      for (ExprPtr& conjunct : split.stay) keep.push_back(std::move(conjunct));
      return std::make_shared<Join>(filterOf(left, join->left()), filterOf(right, join->right()),
                                    join->joinType(), conjunction(keep), join->hint());
    });
  }
};

}  // namespace

RulePtr makePushPredicateThroughJoin() { return std::make_shared<PushPredicateThroughJoin>(); }

}  // namespace planck
