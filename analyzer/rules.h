// The analyzer's rules. Each is defined in its own file; analyzer.cc puts them in batches.
#pragma once

#include "optimizer/rule.h"

namespace planck {

// Substitution batch.
RulePtr makeCteSubstitution();  // WITH: analyzes each CTE, references become CTERelationRef
RulePtr makeResolveHints();     // /*+ BROADCAST(t) */ and friends -> ResolvedHint

// Resolution batch (run to a fixed point).
RulePtr makeResolveRelations();              // table and view names -> Relation / analyzed view
RulePtr makeResolveSubqueryColumnAliases();  // AS t(a, b) -> Project with aliases
RulePtr makeResolveInlineTables();           // VALUES -> LocalRelation
RulePtr makeResolveReferences();  // columns, *, ordinals, GROUP BY aliases, outer references
RulePtr makeResolveUsingJoin();   // JOIN ... USING / NATURAL JOIN -> condition + Project
RulePtr makeResolveFunctions();   // function names -> ScalarFunction / AggregateExpression
RulePtr makeResolveAliases();     // unnamed select items get Spark's generated names
RulePtr makeGlobalAggregates();   // SELECT sum(x) FROM t -> Aggregate with no keys
RulePtr makeResolveAggregateFunctions();  // HAVING and ORDER BY over an aggregate
RulePtr makeResolveMissingReferences();   // ORDER BY on columns not selected
RulePtr makeResolveGroupingAnalytics();   // ROLLUP / CUBE / GROUPING SETS -> Expand + Aggregate
RulePtr makeExtractWindowExpressions();   // window functions in SELECT -> Window operators
RulePtr makeResolveSubquery();            // analyzes subquery plans with their outer scope
RulePtr makeTypeCoercion();               // implicit casts for operators, CASE, IN, set operations

}  // namespace planck
