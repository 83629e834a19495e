// RewriteCorrelatedScalarSubquery (Spark's rule of the same name): a scalar subquery in a
// Filter condition, a Project list or an Aggregate becomes a LeftOuter join of the operator's input
// with the subquery's plan, on the correlated predicates PullupCorrelatedPredicates moved into the
// subquery expression; the subquery is replaced by the plan's first output column.
//
//   Filter (q#1 < scalar-subquery#9 [(p#5 = outer(k#2))])      Project [q#1, k#2]
//   :  +- Aggregate [p#5], [avg(x#6) AS a#7, p#5]        =>   +- Filter (q#1 < a#7)
//   :     +- Relation u[p#5, x#6]                                +- Join LeftOuter, (p#5 = k#2)
//   +- Relation t[q#1, k#2]                                         :- Relation t[q#1, k#2]
//                                                                   +- Aggregate [p#5], [...]
//
// Safe when the join finds at most one row per outer row, as the scalar subquery does: the
// plan is an Aggregate (under Projects, Filters, SubqueryAliases) whose every grouping column
// is equated to outer columns by the correlation; without correlation, it has no grouping
// (exactly one row). Other shapes stay subqueries.
//
// The count bug: an aggregate over no rows can be non-NULL (count(*) is 0), but an outer row
// without matches gets NULL from the join. When the subquery's value on empty input is not
// provably NULL, Spark's repair is used: the right side gets a column `alwaysTrue` (TRUE), and
// the value is CASE WHEN isnull(alwaysTrue) THEN <value on empty input> ELSE <value> END,
// computed in a Project over the join. <value on empty input> is the subquery's expression
// with count → 0 and every other aggregate → NULL, left for ConstantFolding. With a Filter
// (HAVING) between the Aggregate and the top, that repair would be wrong (a group the HAVING
// drops also gets NULL), so such subqueries are left alone when the count bug applies.
//
// Departs from Spark: uncorrelated scalar subqueries are rewritten too (Spark runs them as
// separate queries), into a LeftOuter join without condition with their single-row plan, as
// DuckDB does: the optimized plan is then one tree without subquery expressions.
#include <algorithm>

#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"
#include "optimizer/subquery_rewrite.h"

namespace planck {
namespace {

// The Aggregate under the Projects, Filters and SubqueryAliases at the top of `plan`, with
// whether a Filter was passed; nullptr for another shape.
const Aggregate* topAggregate(const PlanPtr& plan, bool& passed_filter) {
  PlanPtr node = plan;
  while (node->is<Project>() || node->is<Filter>() || node->is<SubqueryAlias>()) {
    passed_filter = passed_filter || node->is<Filter>();
    node = node->child(0);
  }
  return node->as<Aggregate>();
}

// How the correlation `condition` relates to `aggregate`'s groups.
struct Correlation {
  bool one_group = false;      // every grouping column is equated to outer columns
  bool only_grouping = false;  // and every conjunct is such an equality
};

Correlation correlationOf(const Aggregate& aggregate, const ExprPtr& condition) {
  AttributeSet grouping;
  for (const ExprPtr& expr : aggregate.groupingExpressions()) {
    const auto* column = expr->as<AttributeReference>();
    if (column == nullptr) return {};
    grouping.insert(column->exprId());
  }
  AttributeSet equated;
  bool only_grouping = true;
  for (const ExprPtr& conjunct : splitConjuncts(condition)) {
    const auto* eq = conjunct->as<BinaryComparison>();
    bool found = false;
    for (int side = 0; eq != nullptr && eq->op() == ComparisonOp::kEqual && side < 2; ++side) {
      const auto* column = eq->child(side)->as<AttributeReference>();
      if (column != nullptr && grouping.contains(*column) &&
          referencesOf(eq->child(1 - side)).empty()) {
        equated.insert(column->exprId());
        found = true;
      }
    }
    only_grouping = only_grouping && found;
  }
  bool one_group = grouping.subsetOf(equated);
  return {one_group, one_group && only_grouping};
}

// The aggregate's value over no input rows: 0 for the counts, NULL otherwise.
ExprPtr valueOnEmptyInput(const AggregateExpression& aggregate) {
  bool counts = aggregate.name() == "count" || aggregate.name() == "count_if";
  return counts ? Literal::make(Value::bigint(0)) : nullLiteral(aggregate.dataType());
}

// The output columns of `plan` (an Aggregate under Projects, Filters and SubqueryAliases)
// computed over no input rows, as expressions of literals; grouping columns are NULL.
AttributeMap columnsOnEmptyInput(const PlanPtr& plan) {
  AttributeMap values;
  if (const auto* aggregate = plan->as<Aggregate>()) {
    for (const ExprPtr& named : aggregate->aggregateExpressions()) {
      ExprPtr value = transformDown(stripAlias(named), [](const ExprPtr& e) -> ExprPtr {
        if (const auto* agg = e->as<AggregateExpression>()) return valueOnEmptyInput(*agg);
        if (e->is<AttributeReference>()) return nullLiteral(e->dataType());
        return e;
      });
      values.emplace(toAttribute(named)->exprId(), value);
    }
    return values;
  }
  AttributeMap below = columnsOnEmptyInput(plan->child(0));
  const auto* project = plan->as<Project>();
  if (project == nullptr) return below;
  for (const ExprPtr& named : project->projectList()) {
    values.emplace(toAttribute(named)->exprId(), replaceAttributes(stripAlias(named), below));
  }
  return values;
}

// Whether `expr` is NULL for sure: a NULL literal, or an operator that is NULL when an operand
// is, over such an operand.
bool isNullForSure(const ExprPtr& expr) {
  if (isNullLiteral(expr)) return true;
  const auto* comparison = expr->as<BinaryComparison>();
  bool null_intolerant = expr->is<BinaryArithmetic>() || expr->is<UnaryMinus>() ||
                         expr->is<Cast>() || expr->is<Not>() ||
                         (comparison && comparison->op() != ComparisonOp::kNullSafeEqual);
  return null_intolerant && std::any_of(expr->children().begin(), expr->children().end(),
                                        [](const ExprPtr& c) { return isNullForSure(c); });
}

// Joins `input` with the plan of `subquery` and returns the column that carries its value, or
// nullptr (input unchanged) when the subquery cannot be rewritten.
AttributePtr joinScalarSubquery(const ScalarSubquery& subquery, PlanPtr& input) {
  if (!canJoinWith(subquery, *input)) return nullptr;
  const PlanPtr& sub_plan = subquery.plan();
  bool passed_filter = false;
  const Aggregate* aggregate = topAggregate(sub_plan, passed_filter);
  if (aggregate == nullptr || sub_plan->output().empty()) return nullptr;
  ExprPtr condition = decorrelatedCondition(subquery);
  // On the condition with its outer references, which tell the outer side from the inner.
  Correlation correlation = correlationOf(*aggregate, subquery.joinCondition());
  if (!correlation.one_group) return nullptr;
  // Uncorrelated: the aggregate has no grouping, so there is exactly one row and no count bug.
  ExprPtr on_empty;
  if (condition) {
    on_empty = columnsOnEmptyInput(sub_plan).at(sub_plan->output()[0]->exprId());
    if (isNullForSure(on_empty)) on_empty = nullptr;
  }
  // The repair needs "no match" to mean "no input rows": no HAVING, and only the grouping
  // equalities in the join condition.
  if (on_empty && (passed_filter || !correlation.only_grouping)) return nullptr;
  const AttributePtr& value = sub_plan->output()[0];
  if (!on_empty) {
    input = std::make_shared<Join>(input, sub_plan, JoinType::kLeftOuter, condition);
    return value->withNullability(true);
  }
  ExprPtr flag = Alias::make(trueLiteral(), "alwaysTrue");
  AttributePtr flag_column = toAttribute(flag)->withNullability(true);
  std::vector<ExprPtr> right(sub_plan->output().begin(), sub_plan->output().end());
  right.push_back(flag);
  PlanPtr join =
      std::make_shared<Join>(input, std::make_shared<Project>(std::move(right), sub_plan),
                             JoinType::kLeftOuter, condition);
  ExprPtr repaired = std::make_shared<CaseWhen>(
      std::vector<std::pair<ExprPtr, ExprPtr>>{{std::make_shared<IsNull>(flag_column), on_empty}},
      value->withNullability(true));
  ExprPtr column = Alias::make(repaired, value->name());
  std::vector<ExprPtr> list(input->output().begin(), input->output().end());
  list.push_back(column);
  input = std::make_shared<Project>(std::move(list), join);
  return toAttribute(column);
}

// `exprs` with each rewritable scalar subquery replaced by its column, joining its plan to
// `input`; an equal subquery met twice is joined once. `joined` lists the subqueries joined.
std::vector<ExprPtr> rewriteAll(std::vector<ExprPtr> exprs, PlanPtr& input,
                                std::vector<std::pair<ExprPtr, AttributePtr>>& joined) {
  for (ExprPtr& expr : exprs) {
    expr = transformUp(expr, [&](const ExprPtr& e) -> ExprPtr {
      const auto* subquery = e->as<ScalarSubquery>();
      if (subquery == nullptr) return e;
      for (const auto& [done, column] : joined) {
        if (exprEquals(done, e)) return column;
      }
      AttributePtr column = joinScalarSubquery(*subquery, input);
      if (!column) return e;
      joined.emplace_back(e, column);
      return column;
    });
  }
  return exprs;
}

// Whether `expr` reads `column` outside the arguments of aggregate functions.
bool readsOutsideAggregates(const ExprPtr& expr, const AttributeReference& column) {
  if (expr->is<AggregateExpression>()) return false;
  if (const auto* attr = expr->as<AttributeReference>()) return attr->exprId() == column.exprId();
  return std::any_of(expr->children().begin(), expr->children().end(),
                     [&](const ExprPtr& child) { return readsOutsideAggregates(child, column); });
}

// Spark's third case: the subqueries of an Aggregate are joined below it. A subquery value
// read outside aggregate functions becomes a grouping column, which splits no group when the
// subquery reads only grouping columns (its value is then the same for the whole group);
// otherwise the Aggregate is left alone.
PlanPtr rewriteAggregate(const Aggregate& aggregate) {
  PlanPtr input = aggregate.child(0);
  std::vector<std::pair<ExprPtr, AttributePtr>> joined;
  std::vector<ExprPtr> grouping = rewriteAll(aggregate.groupingExpressions(), input, joined);
  std::vector<ExprPtr> aggregates = rewriteAll(aggregate.aggregateExpressions(), input, joined);
  if (joined.empty()) return aggregate.self();
  AttributeSet grouped;
  for (const ExprPtr& expr : grouping) {
    if (const auto* column = expr->as<AttributeReference>()) grouped.insert(column->exprId());
  }
  std::vector<ExprPtr> added;
  for (const auto& [subquery, column] : joined) {
    if (grouped.contains(*column) ||
        std::none_of(aggregates.begin(), aggregates.end(),
                     [&](const ExprPtr& e) { return readsOutsideAggregates(e, *column); })) {
      continue;
    }
    if (!referencesOf(subquery).subsetOf(grouped)) return aggregate.self();
    added.push_back(column);
  }
  grouping.insert(grouping.end(), added.begin(), added.end());
  return std::make_shared<Aggregate>(std::move(grouping), std::move(aggregates), input);
}

class RewriteCorrelatedScalarSubquery final : public Rule {
 public:
  std::string_view name() const override { return "RewriteCorrelatedScalarSubquery"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      std::vector<ExprPtr> exprs = node->expressions();
      if (!std::any_of(exprs.begin(), exprs.end(), hasSubquery)) return node;
      if (const auto* aggregate = node->as<Aggregate>()) return rewriteAggregate(*aggregate);
      if (!node->is<Filter>() && !node->is<Project>()) return node;
      PlanPtr input = node->child(0);
      std::vector<std::pair<ExprPtr, AttributePtr>> joined;
      exprs = rewriteAll(std::move(exprs), input, joined);
      if (input == node->child(0)) return node;
      if (node->is<Project>()) return std::make_shared<Project>(std::move(exprs), input);
      std::vector<ExprPtr> output(node->output().begin(), node->output().end());
      return std::make_shared<Project>(std::move(output),
                                       std::make_shared<Filter>(exprs[0], input));
    });
  }
};

}  // namespace

RulePtr makeRewriteCorrelatedScalarSubquery() {
  return std::make_shared<RewriteCorrelatedScalarSubquery>();
}

}  // namespace planck
