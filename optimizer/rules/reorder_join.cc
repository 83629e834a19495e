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
#include <algorithm>

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

// A conjunct of the block's conditions with what ordering asks of it, computed once.
struct Condition {
  ExprPtr expr;
  AttributeSet references;
  bool evaluable;  // whether a join may evaluate it (Spark's canEvaluateWithinJoin)
};

// Whether `condition` reads both `left` and `right` and nothing else: it connects them.
bool connects(const Condition& condition, const AttributeSet& left, const AttributeSet& right) {
  bool reads_left = false;
  bool reads_right = false;
  for (ExprId id : condition.references) {
    bool in_left = left.contains(id);
    bool in_right = right.contains(id);
    if (!in_left && !in_right) return false;
    reads_left = reads_left || (in_left && !in_right);
    reads_right = reads_right || (in_right && !in_left);
  }
  return reads_left && reads_right;
}

// Whether every column `condition` reads is in `left` or `right`.
bool readsOnly(const Condition& condition, const AttributeSet& left, const AttributeSet& right) {
  for (ExprId id : condition.references) {
    if (!left.contains(id) && !right.contains(id)) return false;
  }
  return true;
}

// Spark's createOrderedJoin: greedily joins the first input with the first of the rest that a
// condition connects to it (or, when none is, the next one).
PlanPtr orderedJoin(std::vector<PlanPtr> inputs, std::vector<Condition> conditions,
                    std::vector<ExprPtr>& left_over) {
  std::vector<AttributeSet> columns;
  columns.reserve(inputs.size());
  for (const PlanPtr& input : inputs) columns.emplace_back(input->output());
  PlanPtr joined = inputs.front();
  AttributeSet left = std::move(columns.front());
  inputs.erase(inputs.begin());
  columns.erase(columns.begin());
  while (!inputs.empty()) {
    size_t pick = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      bool connected = std::any_of(conditions.begin(), conditions.end(), [&](const Condition& c) {
        return connects(c, left, columns[i]);
      });
      if (connected) {
        pick = i;
        break;
      }
    }
    const auto at = static_cast<std::ptrdiff_t>(pick);
    PlanPtr right = std::move(inputs[pick]);
    AttributeSet right_columns = std::move(columns[pick]);
    inputs.erase(inputs.begin() + at);
    columns.erase(columns.begin() + at);
    std::vector<ExprPtr> here;
    std::vector<Condition> rest;
    for (Condition& condition : conditions) {
      if (condition.evaluable && readsOnly(condition, left, right_columns)) {
        here.push_back(std::move(condition.expr));
      } else {
        rest.push_back(std::move(condition));
      }
    }
    conditions = std::move(rest);
    ExprPtr condition = conjunction(here);
    joined = std::make_shared<Join>(joined, right, condition ? JoinType::kInner : JoinType::kCross,
                                    condition);
    left.insertAll(right_columns);
  }
  for (Condition& condition : conditions) left_over.push_back(std::move(condition.expr));
  return joined;
}

bool isBlockRoot(const LogicalPlan& plan) {
  return isInnerWithoutHint(plan) || (plan.is<Filter>() && isInnerWithoutHint(*plan.child(0)));
}

// `plan` with every block of inner joins in it ordered. A block is flattened once, at its root:
// its inner joins are not visited again as blocks of their own, only its inputs are.
PlanPtr reorder(const PlanPtr& plan) {
  if (isBlockRoot(*plan)) {
    std::vector<PlanPtr> inputs;
    std::vector<ExprPtr> conjuncts;
    flatten(plan, inputs, conjuncts);
    if (inputs.size() > 2 && !conjuncts.empty()) {
      for (PlanPtr& input : inputs) input = reorder(input);
      std::vector<Condition> conditions;
      conditions.reserve(conjuncts.size());
      for (ExprPtr& conjunct : conjuncts) {
        bool evaluable = conjunct->deterministic() && !hasSubquery(conjunct);
        AttributeSet references = referencesOf(conjunct);
        conditions.push_back({std::move(conjunct), std::move(references), evaluable});
      }
      std::vector<ExprPtr> left_over;
      PlanPtr joined = orderedJoin(std::move(inputs), std::move(conditions), left_over);
      if (ExprPtr rest = conjunction(left_over)) joined = std::make_shared<Filter>(rest, joined);
      joined = projectedTo(joined, plan->output());
      // Already in this order: keep the node, so a fixed point sees no change.
      return joined->equals(*plan) ? plan : joined;
    }
  }
  return tree_internal::mapChildren(plan, [](const PlanPtr& child) { return reorder(child); });
}

class ReorderJoin final : public Rule {
 public:
  std::string_view name() const override { return "ReorderJoin"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override { return reorder(plan); }
};

}  // namespace

RulePtr makeReorderJoin() { return std::make_shared<ReorderJoin>(); }

}  // namespace planck
