// RewritePredicateSubquery (Spark's rule of the same name): the conjuncts of a Filter that are
// EXISTS / IN subqueries become semi and anti joins with the subquery's plan, on the correlated
// predicates PullupCorrelatedPredicates moved into the subquery expression:
//
//   EXISTS (q)      -> Join LeftSemi, <correlation>
//   NOT EXISTS (q)  -> Join LeftAnti, <correlation>
//   x IN (q)        -> Join LeftSemi, (x = q.c) AND <correlation>
//   NOT x IN (q)    -> Join LeftAnti, ((x = q.c) OR isnull((x = q.c))) AND <correlation>
//
//   Filter ((a#1 > 0) AND a#1 IN (list#4 [(d#3 = outer(b#2))]))
//   :  +- Project [c#5, d#3]
//   :     +- Relation u[c#5,d#3]
//   +- Relation t[a#1,b#2]
// becomes
//   Join LeftSemi, ((a#1 = c#5) AND (d#3 = b#2))
//   :- Filter (a#1 > 0)
//   :  +- Relation t[a#1,b#2]
//   +- Project [c#5, d#3]
//      +- Relation u[c#5,d#3]
//
// NOT IN is null-aware, as in Spark: a row is dropped when some subquery value equals x or the
// comparison is unknown (x or a value is NULL), which is what NOT IN's three-valued logic does
// in a WHERE clause (UNKNOWN filters the row out). Semi and anti joins output only the left
// side, so the Filter's output is kept exactly. The other conjuncts stay in a Filter below the
// joins; the joins are stacked in the order of the conjuncts.
//
// A conjunct is left in place when its subquery is still correlated inside its plan (the pull
// was refused), refers to a query further out, or shares output ids with the Filter's input.
// Departs from Spark: EXISTS / IN nested in other expressions (under OR, in a CASE, in a
// projection) stay subquery expressions; Spark turns them into an ExistenceJoin, a join type
// planck does not have. An uncorrelated EXISTS becomes a semi join without condition, where
// Spark keeps it as a subquery evaluated once.
#include <algorithm>

#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"
#include "optimizer/subquery_rewrite.h"

namespace planck {
namespace {

// The semi or anti join that replaces `conjunct` over `input`, or nullptr when it is not an
// EXISTS / IN (or their negation) that can be rewritten.
PlanPtr joinFor(const ExprPtr& conjunct, const PlanPtr& input) {
  bool negated = conjunct->is<Not>();
  const ExprPtr& predicate = negated ? conjunct->child(0) : conjunct;
  const SubqueryExpression* subquery = predicate->asSubquery();
  if (subquery == nullptr || predicate->is<ScalarSubquery>()) return nullptr;
  if (!canJoinWith(*subquery, *input)) return nullptr;
  const PlanPtr& sub_plan = subquery->plan();
  JoinType type = negated ? JoinType::kLeftAnti : JoinType::kLeftSemi;
  ExprPtr correlation = decorrelatedCondition(*subquery);
  if (predicate->is<Exists>()) return std::make_shared<Join>(input, sub_plan, type, correlation);

  const ExprPtr& value = predicate->as<InSubquery>()->value();
  if (hasSubquery(value) || !canEvaluate(value, *input) || sub_plan->output().empty()) {
    return nullptr;
  }
  ExprPtr equal =
      std::make_shared<BinaryComparison>(ComparisonOp::kEqual, value, sub_plan->output()[0]);
  if (negated) equal = std::make_shared<Or>(equal, std::make_shared<IsNull>(equal));
  return std::make_shared<Join>(input, sub_plan, type, andOf(equal, correlation));
}

PlanPtr rewriteFilter(const Filter& filter) {
  const PlanPtr& child = filter.child(0);
  std::vector<ExprPtr> conjuncts = splitConjuncts(filter.condition());
  std::vector<ExprPtr> kept;
  std::vector<ExprPtr> rewritten;
  for (const ExprPtr& conjunct : conjuncts) {
    (joinFor(conjunct, child) ? rewritten : kept).push_back(conjunct);
  }
  if (rewritten.empty()) return filter.self();
  PlanPtr plan = kept.empty() ? child : std::make_shared<Filter>(conjunction(kept), child);
  // Semi and anti joins keep the left side's columns, so each check above still holds.
  for (const ExprPtr& conjunct : rewritten) plan = joinFor(conjunct, plan);
  return plan;
}

class RewritePredicateSubquery final : public Rule {
 public:
  std::string_view name() const override { return "RewritePredicateSubquery"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      const auto* filter = node->as<Filter>();
      return filter != nullptr && hasSubquery(filter->condition()) ? rewriteFilter(*filter) : node;
    });
  }
};

}  // namespace

RulePtr makeRewritePredicateSubquery() { return std::make_shared<RewritePredicateSubquery>(); }

}  // namespace planck
