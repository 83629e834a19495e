// The optimizer's rules, Catalyst's names. Each is defined in its own file under rules/
// (file name: the rule's name in snake case); optimizer.cc puts them in batches.
#pragma once

#include "optimizer/rule.h"

namespace planck {

// Finish Analysis, Inline CTE.
RulePtr makeEliminateSubqueryAliases();  // SubqueryAlias nodes only name columns: drop them
RulePtr makeInlineCTE();                 // WithCTE + CTERelationRef -> the CTE's plan inline

// Subqueries.
RulePtr makeOptimizeSubqueries();          // runs the optimizer on each subquery expression's plan
RulePtr makePullupCorrelatedPredicates();  // correlated predicates to the subquery's top
RulePtr makeRewritePredicateSubquery();    // EXISTS / IN / NOT ... -> semi / anti joins
RulePtr makeRewriteCorrelatedScalarSubquery();  // scalar subqueries -> left outer joins

// Set operations and DISTINCT.
RulePtr makeCombineUnions();                 // Union(Union(a, b), c) -> Union(a, b, c)
RulePtr makeReplaceDistinctWithAggregate();  // Distinct -> Aggregate on all columns
RulePtr makeReplaceIntersectWithSemiJoin();  // INTERSECT -> distinct left semi join
RulePtr makeReplaceExceptWithAntiJoin();     // EXCEPT -> distinct left anti join
RulePtr makeRewriteExceptAll();              // EXCEPT ALL -> counts per row
RulePtr makeRewriteIntersectAll();           // INTERSECT ALL -> least count per row
RulePtr makeRewriteDistinctAggregates();     // several DISTINCT aggregates -> Expand

// Operator pushdown and pruning.
RulePtr makePushDownPredicates();           // filters towards the scans
RulePtr makePushExtraPredicateThroughJoin();  // one side's predicates implied by an OR condition
RulePtr makePushPredicateThroughJoin();     // join conditions split into the sides
RulePtr makePushDownLeftSemiAntiJoin();     // semi / anti joins below projects and aggregates
RulePtr makeCombineFilters();               // Filter(Filter) -> one Filter
RulePtr makeEliminateOuterJoin();           // outer joins under null-rejecting filters -> inner
RulePtr makeInferFiltersFromConstraints();  // IS NOT NULL and transitive equalities
RulePtr makeReorderJoin();                  // comma joins + WHERE -> inner joins with conditions
RulePtr makeCostBasedJoinReorder();  // inner-join blocks in the order of least C_out (CBO)
RulePtr makeColumnPruning();                // each operator reads only the columns used above
RulePtr makeCollapseProject();              // Project(Project) -> one Project
RulePtr makeRemoveRedundantAliases();       // x AS x (same id) -> x
RulePtr makeRemoveNoopOperators();          // projects that change nothing, one-child unions
RulePtr makeLimitPushDown();                // LocalLimit through Union and outer joins
RulePtr makeEliminateLimits();              // limits that cannot cut anything; nested limits
RulePtr makeEliminateSorts();               // sorts whose order nothing observes
RulePtr makePropagateEmptyRelation();       // operators over provably empty inputs

// Expressions.
RulePtr makeConstantFolding();        // foldable expressions -> literals
RulePtr makeConstantPropagation();    // a = 5 AND b > a -> a = 5 AND b > 5
RulePtr makeFoldablePropagation();    // references to foldable aliases -> the literal
RulePtr makeBooleanSimplification();  // TRUE AND x -> x, common factors, NOT pushdown
RulePtr makeSimplifyConditionals();   // CASE / IF with known conditions
RulePtr makeNullPropagation();        // operators with a NULL literal operand -> NULL
RulePtr makePruneFilters();           // Filter TRUE -> child; Filter FALSE/NULL -> empty
RulePtr makeSimplifyCasts();          // casts to the type the value already has
RulePtr makeOptimizeIn();             // IN lists: duplicates, one element -> =
RulePtr makeLikeSimplification();     // LIKE 'a%' -> startswith, ...

}  // namespace planck
