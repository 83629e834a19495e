// Helpers shared by the subquery decorrelation rules (PullupCorrelatedPredicates,
// RewritePredicateSubquery, RewriteCorrelatedScalarSubquery): recognizing correlated
// predicates and deciding whether a subquery can become a join with its enclosing plan.
#pragma once

#include "logical/operators.h"
#include "logical/predicates.h"

namespace planck {

// Whether `expr` reads a column of an enclosing query (an OuterReference of its own; the
// plans of subquery expressions inside it are not looked into, as Spark's containsOuter).
bool containsOuter(const ExprPtr& expr);

// `expr` with each OuterReference replaced by the attribute it wraps: the form a correlated
// predicate takes once the subquery is joined with the query it refers to.
ExprPtr stripOuterReferences(const ExprPtr& expr);

// The join condition that replaces `subquery`'s correlation, outer references stripped;
// nullptr when the subquery is uncorrelated.
ExprPtr decorrelatedCondition(const SubqueryExpression& subquery);

// Whether `subquery` can be joined with `outer`: its plan refers to no enclosing query (every
// correlated predicate was pulled up into joinCondition()), the outer columns of the join
// condition are all in `outer`'s output (not columns of a query further out), and the plan's
// output shares no expression id with `outer`'s (the join would make them ambiguous).
bool canJoinWith(const SubqueryExpression& subquery, const LogicalPlan& outer);

}  // namespace planck
