// PullupCorrelatedPredicates (Spark's rule of the same name): in the plan of each correlated
// subquery expression, the conjuncts of Filters that read outer columns are taken out of the
// plan and kept in the subquery expression's joinCondition() (Spark's joinCond), where the
// rewrites into joins (RewritePredicateSubquery, RewriteCorrelatedScalarSubquery) find them.
// The columns those predicates read are added to the Projects and Aggregates above them, so
// the subquery plan outputs them (after its original columns, which keep their positions):
//
//   exists#1 [c#1]                           exists#1 [(o_custkey#7 = outer(c#1))]
//   +- Project [o_orderkey#5]          =>    +- Project [o_orderkey#5, o_custkey#7]
//      +- Filter (o_custkey#7 = outer(c#1)      +- Filter (o_total#8 > 10)
//                 AND o_total#8 > 10)               +- Relation orders[...]
//         +- Relation orders[...]
//
// Safe, as a filter over the subquery's rows with the outer row fixed, where the operators
// between the filter and the top commute with it:
// - Filter, Project, Sort, SubqueryAlias and inner joins always; outer and semi/anti joins
//   from the side whose rows they keep.
// - Aggregate only when each pulled predicate is `column = <outer expression>`: grouping by
//   the column as well then makes the same groups within each outer row's matches. An
//   Aggregate without grouping (one row even for no input) becomes grouped, which changes
//   the result for outer rows without matches (the count bug); that is allowed only for the
//   topmost aggregate of a scalar subquery (under Projects, Filters, SubqueryAliases), whose
//   rewrite repairs it. That topmost aggregate must be one without grouping, so the rewrite
//   knows its grouping columns are exactly the pulled ones.
// Anything else (Limit, Window, Distinct, set operations, full outer joins, non-deterministic
// predicates, predicates holding a subquery) stops the pull: the predicates below stay where
// they are, the plan stays correlated, and the rewrites into joins leave that subquery alone.
//
// Departs from Spark: the predicates keep their OuterReference wrappers inside joinCondition()
// (Spark strips them and lists the outer attributes as children), so outerReferences() and the
// references of the enclosing operator still name the outer columns.
#include <algorithm>

#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"
#include "optimizer/subquery_rewrite.h"

namespace planck {
namespace {

// A subtree after the pull: the rewritten plan and the predicates taken out of it.
struct Pulled {
  PlanPtr plan;
  std::vector<ExprPtr> predicates;
};

bool isPullable(const ExprPtr& predicate) {
  return containsOuter(predicate) && predicate->deterministic() && !hasSubquery(predicate);
}

// `column = <expression of outer columns and constants>`, either way round.
bool isColumnEqualsOuter(const ExprPtr& predicate, const AttributeSet& columns) {
  const auto* eq = predicate->as<BinaryComparison>();
  if (eq == nullptr || eq->op() != ComparisonOp::kEqual) return false;
  auto outer_only = [](const ExprPtr& side) { return referencesOf(side).empty(); };
  auto is_column = [&](const ExprPtr& side) {
    const auto* attr = side->as<AttributeReference>();
    return attr != nullptr && columns.contains(*attr);
  };
  return (is_column(eq->left()) && outer_only(eq->right())) ||
         (is_column(eq->right()) && outer_only(eq->left()));
}

// The columns `predicates` read that `output` lacks, taken from `available`.
std::vector<ExprPtr> missingColumns(const std::vector<ExprPtr>& predicates,
                                    const Attributes& output, const Attributes& available) {
  AttributeSet have(output);
  AttributeSet needed = referencesOf(predicates);
  std::vector<ExprPtr> missing;
  for (const AttributePtr& attr : available) {
    if (needed.contains(*attr) && !have.contains(*attr)) {
      missing.push_back(attr);
      have.insert(attr->exprId());
    }
  }
  return missing;
}

// `scalar_top`: `plan` is the top of a scalar subquery's plan, or only Projects, Filters and
// SubqueryAliases are above it there.
Pulled pull(const PlanPtr& plan, bool scalar_top);

// Pulls from the children at `indices` (the others are kept as they are).
Pulled pullChildren(const PlanPtr& plan, const std::vector<size_t>& indices) {
  std::vector<PlanPtr> children = plan->children();
  std::vector<ExprPtr> predicates;
  for (size_t i : indices) {
    Pulled child = pull(children[i], false);
    children[i] = child.plan;
    predicates.insert(predicates.end(), child.predicates.begin(), child.predicates.end());
  }
  return {plan->withNewChildren(std::move(children)), std::move(predicates)};
}

Pulled pull(const PlanPtr& plan, bool scalar_top) {
  if (const auto* filter = plan->as<Filter>()) {
    Pulled below = pull(filter->child(0), scalar_top);
    std::vector<ExprPtr> local;
    for (const ExprPtr& conjunct : splitConjuncts(filter->condition())) {
      (isPullable(conjunct) ? below.predicates : local).push_back(conjunct);
    }
    if (local.size() == splitConjuncts(filter->condition()).size()) {
      return {plan->withNewChildren({below.plan}), std::move(below.predicates)};
    }
    PlanPtr rest =
        local.empty() ? below.plan : std::make_shared<Filter>(conjunction(local), below.plan);
    return {rest, std::move(below.predicates)};
  }
  if (const auto* project = plan->as<Project>()) {
    Pulled below = pull(project->child(0), scalar_top);
    if (below.predicates.empty()) return {plan->withNewChildren({below.plan}), {}};
    std::vector<ExprPtr> list = project->projectList();
    for (ExprPtr& column : missingColumns(below.predicates, plan->output(), below.plan->output())) {
      list.push_back(std::move(column));
    }
    return {std::make_shared<Project>(std::move(list), below.plan), std::move(below.predicates)};
  }
  if (const auto* aggregate = plan->as<Aggregate>()) {
    Pulled below = pull(aggregate->child(0), false);
    if (below.predicates.empty()) return {plan->withNewChildren({below.plan}), {}};
    bool global = aggregate->groupingExpressions().empty();
    AttributeSet columns(below.plan->output());
    bool all_equalities =
        std::all_of(below.predicates.begin(), below.predicates.end(),
                    [&](const ExprPtr& p) { return isColumnEqualsOuter(p, columns); });
    if (!all_equalities || global != scalar_top) return {plan, {}};
    std::vector<ExprPtr> missing =
        missingColumns(below.predicates, plan->output(), below.plan->output());
    std::vector<ExprPtr> grouping = aggregate->groupingExpressions();
    std::vector<ExprPtr> aggregates = aggregate->aggregateExpressions();
    grouping.insert(grouping.end(), missing.begin(), missing.end());
    aggregates.insert(aggregates.end(), missing.begin(), missing.end());
    return {std::make_shared<Aggregate>(std::move(grouping), std::move(aggregates), below.plan),
            std::move(below.predicates)};
  }
  if (plan->is<SubqueryAlias>()) {
    Pulled below = pull(plan->child(0), scalar_top);
    return {plan->withNewChildren({below.plan}), std::move(below.predicates)};
  }
  if (plan->is<Sort>()) return pullChildren(plan, {0});
  if (const auto* join = plan->as<Join>()) {
    switch (join->joinType()) {
      case JoinType::kInner:
      case JoinType::kCross:
        return pullChildren(plan, {0, 1});
      case JoinType::kLeftOuter:
      case JoinType::kLeftSemi:
      case JoinType::kLeftAnti:
        return pullChildren(plan, {0});
      case JoinType::kRightOuter:
        return pullChildren(plan, {1});
      case JoinType::kFullOuter:
        break;
    }
  }
  return {plan, {}};
}

class PullupCorrelatedPredicates final : public Rule {
 public:
  std::string_view name() const override { return "PullupCorrelatedPredicates"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) {
      return transformExpressionsUp(node, [](const ExprPtr& expr) -> ExprPtr {
        const SubqueryExpression* subquery = expr->asSubquery();
        if (subquery == nullptr || subquery->planOuterReferences().empty()) return expr;
        Pulled pulled = pull(subquery->plan(), expr->is<ScalarSubquery>());
        if (pulled.predicates.empty()) return expr;
        ExprPtr condition = andOf(subquery->joinCondition(), conjunction(pulled.predicates));
        return subquery->withPlanAndJoinCondition(pulled.plan, condition);
      });
    });
  }
};

}  // namespace

RulePtr makePullupCorrelatedPredicates() { return std::make_shared<PullupCorrelatedPredicates>(); }

}  // namespace planck
