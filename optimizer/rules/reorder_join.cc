// ReorderJoin (Spark's rule of the same name): a block of inner joins and the filters over it
// (what `FROM a, b, c WHERE ...` analyzes into: cross joins under one Filter) is rebuilt as a
// left-deep chain of joins, each with the conditions it can evaluate, choosing as the next
// input one that some condition connects to what is joined so far. So no cartesian product
// is built unless the query has inputs no condition connects.
//
//   Filter ((a = x) AND (x = p) AND (b > 1))        Project [a, b, x, p]  (when order changed)
//   +- Join Cross                                   +- Join Inner, (x = p)
//      :- Join Cross                          =>       :- Join Inner, ((a = x) AND (b > 1))
//      :  :- t[a, b]                                   :  :- t[a, b]
//      :  +- s[p]                                      :  +- u[x]
//      +- u[x]                                         +- s[p]
//
// The order otherwise follows the query's FROM list, as Spark's does; choosing the cheapest
// order is the cost-based CostBasedJoinReorder's job. A condition that reads one input only
// goes to the first join that has it; PushPredicateThroughJoin then moves it into the input.
// Conditions that no join can evaluate (non-deterministic ones, subqueries) stay in a Filter
// on top. Joins with hints are boundaries, as in Spark.
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

bool isInnerWithoutHint(const LogicalPlan& plan) {
  const auto* join = plan.as<Join>();
  return join && (join->joinType() == JoinType::kInner || join->joinType() == JoinType::kCross) &&
         join->hint().empty();
}

// Flattens a left-deep block of inner joins (and filters over them) into its inputs, in FROM
// order, and the conjuncts of all its conditions (Spark's ExtractFiltersAndInnerJoins).
void flatten(const PlanPtr& plan, std::vector<PlanPtr>& inputs, std::vector<ExprPtr>& conditions) {
  if (const auto* filter = plan->as<Filter>(); filter && isInnerWithoutHint(*filter->child(0))) {
    flatten(filter->child(0), inputs, conditions);
    for (ExprPtr& conjunct : splitConjuncts(filter->condition())) conditions.push_back(conjunct);
    return;
  }
  if (isInnerWithoutHint(*plan)) {
    const auto* join = plan->as<Join>();
    flatten(join->left(), inputs, conditions);
    inputs.push_back(join->right());
    for (ExprPtr& conjunct : splitConjuncts(join->condition())) conditions.push_back(conjunct);
    return;
  }
  inputs.push_back(plan);
}

// Whether a join may evaluate `condition` (Spark's canEvaluateWithinJoin).
bool evaluableInJoin(const ExprPtr& condition) {
  return condition->deterministic() && !hasSubquery(condition);
}

// Spark's createOrderedJoin: greedily joins the first input with the first of the rest that a
// condition connects to it (or, when none is, the next one).
PlanPtr orderedJoin(std::vector<PlanPtr> inputs, std::vector<ExprPtr> conditions,
                    std::vector<ExprPtr>& left_over) {
  PlanPtr joined = inputs.front();
  inputs.erase(inputs.begin());
  while (!inputs.empty()) {
    AttributeSet left(joined->output());
    size_t pick = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      AttributeSet right(inputs[i]->output());
      AttributeSet both = left;
      both.insertAll(right);
      bool connects = false;
      for (const ExprPtr& condition : conditions) {
        AttributeSet references = referencesOf(condition);
        connects = connects || (!references.subsetOf(left) && !references.subsetOf(right) &&
                                references.subsetOf(both));
      }
      if (connects) {
        pick = i;
        break;
      }
    }
    PlanPtr right = inputs[pick];
    inputs.erase(inputs.begin() + static_cast<std::ptrdiff_t>(pick));
    AttributeSet both(joined->output());
    both.insertAll(AttributeSet(right->output()));
    std::vector<ExprPtr> here, rest;
    for (ExprPtr& condition : conditions) {
      bool fits = evaluableInJoin(condition) && referencesOf(condition).subsetOf(both);
      (fits ? here : rest).push_back(std::move(condition));
    }
    conditions = std::move(rest);
    ExprPtr condition = conjunction(here);
    joined = std::make_shared<Join>(joined, right, condition ? JoinType::kInner : JoinType::kCross,
                                    condition);
  }
  left_over = std::move(conditions);
  return joined;
}

bool sameOutput(const Attributes& a, const Attributes& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i]->exprId() != b[i]->exprId()) return false;
  }
  return true;
}

class ReorderJoin final : public Rule {
 public:
  std::string_view name() const override { return "ReorderJoin"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformDown(plan, [](const PlanPtr& node) -> PlanPtr {
      if (!isInnerWithoutHint(*node) &&
          !(node->is<Filter>() && isInnerWithoutHint(*node->child(0)))) {
        return node;
      }
      std::vector<PlanPtr> inputs;
      std::vector<ExprPtr> conditions;
      flatten(node, inputs, conditions);
      if (inputs.size() <= 2 || conditions.empty()) return node;
      std::vector<ExprPtr> left_over;
      PlanPtr joined = orderedJoin(std::move(inputs), std::move(conditions), left_over);
      if (ExprPtr rest = conjunction(left_over)) joined = std::make_shared<Filter>(rest, joined);
      if (!sameOutput(joined->output(), node->output())) {
        const Attributes& output = node->output();
        joined =
            std::make_shared<Project>(std::vector<ExprPtr>(output.begin(), output.end()), joined);
      }
      // Already in this order: keep the node, so a fixed point sees no change.
      return joined->equals(*node) ? node : joined;
    });
  }
};

}  // namespace

RulePtr makeReorderJoin() { return std::make_shared<ReorderJoin>(); }

}  // namespace planck
