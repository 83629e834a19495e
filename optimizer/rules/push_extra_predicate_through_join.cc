// PushExtraPredicateThroughJoin (Spark's rule of the same name, in its batch "Push extra predicate
// through join"): a join condition that reads both sides may still imply a predicate on one side
// alone. Of `(a AND b) OR (c AND d)` with a and c reading only the left side, the left side's
// rows must satisfy `a OR c`, which is pushed below the join as a filter; the condition stays
// whole (Spark's extractPredicatesWithinOutputSet).
//
//   Join Inner, (((n1 = FRANCE) AND (n2 = GERMANY)) OR ((n1 = GERMANY) AND (n2 = FRANCE)))
//   :- nation n1 ...                 =>  :- Filter ((n1 = FRANCE) OR (n1 = GERMANY))
//   +- nation n2 ...                     :  +- nation n1 ...
//                                        +- Filter ((n2 = GERMANY) OR (n2 = FRANCE))
//                                           +- nation n2 ...
//
// TPC-H Q7's nation pair is the case above. As in Spark, a side whose rows an outer join keeps
// gets nothing (a right outer join's right side, a left outer or anti join's left side), and
// non-deterministic conjuncts stay. Spark marks a join it has handled with a tag; planck's nodes
// carry no tags, so a side is left alone when a filter below it already has the predicate (the
// pushdown that runs with this rule moves it there).
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"
#include "optimizer/rules/push_down_predicates.h"

namespace planck {
namespace {

// The strongest predicate `condition` implies that reads only `available`'s columns, or null.
ExprPtr extractWithin(const ExprPtr& condition, const LogicalPlan& available) {
  if (const auto* both = condition->as<And>()) {
    ExprPtr left = extractWithin(both->left(), available);
    ExprPtr right = extractWithin(both->right(), available);
    if (left != nullptr && right != nullptr) return andOf(left, right);
    return left != nullptr ? left : right;
  }
  if (const auto* either = condition->as<Or>()) {
    ExprPtr left = extractWithin(either->left(), available);
    if (left == nullptr) return nullptr;
    ExprPtr right = extractWithin(either->right(), available);
    if (right == nullptr) return nullptr;
    return std::make_shared<Or>(left, right);
  }
  return canEvaluate(condition, available) ? condition : nullptr;
}

// Whether a Filter in `plan` (down to its leaves) has `predicate` as a conjunct.
bool filtersBelowHave(const PlanPtr& plan, const ExprPtr& predicate) {
  return existsNode(plan, [&](const PlanPtr& node) {
    const auto* filter = node->as<Filter>();
    if (filter == nullptr) return false;
    for (const ExprPtr& conjunct : splitConjuncts(filter->condition())) {
      if (conjunct->equals(*predicate)) return true;
    }
    return false;
  });
}

class PushExtraPredicateThroughJoin final : public Rule {
 public:
  std::string_view name() const override { return "PushExtraPredicateThroughJoin"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformUp(plan, [](const PlanPtr& node) -> PlanPtr {
      const auto* join = node->as<Join>();
      if (join == nullptr || join->condition() == nullptr) return node;
      SplitPredicates split = splitBySide(splitConjuncts(join->condition()), *join);
      if (split.both.empty()) return node;
      auto extraFor = [&](JoinSide side) -> std::vector<ExprPtr> {
        if (!mayPushIntoSide(join->joinType(), PredicateSource::kJoinCondition, side)) return {};
        const PlanPtr& input = side == JoinSide::kLeft ? join->left() : join->right();
        std::vector<ExprPtr> extra;
        for (const ExprPtr& conjunct : split.both) {
          ExprPtr implied = extractWithin(conjunct, *input);
          if (implied != nullptr && !filtersBelowHave(input, implied)) extra.push_back(implied);
        }
        return extra;
      };
      std::vector<ExprPtr> left = extraFor(JoinSide::kLeft);
      std::vector<ExprPtr> right = extraFor(JoinSide::kRight);
      if (left.empty() && right.empty()) return node;
      return std::make_shared<Join>(filterOf(left, join->left()), filterOf(right, join->right()),
                                    join->joinType(), join->condition(), join->hint());
    });
  }
};

}  // namespace

RulePtr makePushExtraPredicateThroughJoin() {
  return std::make_shared<PushExtraPredicateThroughJoin>();
}

}  // namespace planck
