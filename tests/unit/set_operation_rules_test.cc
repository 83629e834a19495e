// The CTE, set-operation and distinct-aggregate rules: for each, a case where it fires (the
// plan shape it builds, with the output columns kept) and a case where it leaves the plan
// unchanged (the same pointer).
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"
#include "test_support.h"

namespace planck {
namespace {

using test::analyzed;
using test::applyOnce;
using test::column;
using test::firstOf;
using test::idsOf;
using test::nodesOf;
using test::planText;
using test::relation;

// InlineCTE

TEST(InlineCTETest, ReplacesEachReferenceByAFreshCopyOfTheDefinition) {
  PlanPtr plan = analyzed(
      "WITH n AS (SELECT n_nationkey AS k FROM nation WHERE n_regionkey = 1) "
      "SELECT a.k FROM n a JOIN n b ON a.k = b.k");
  ASSERT_NE(plan, nullptr);
  ASSERT_NE(firstOf<WithCte>(plan), nullptr);
  PlanPtr inlined = applyOnce(makeInlineCTE(), plan);
  EXPECT_EQ(firstOf<WithCte>(inlined), nullptr);
  EXPECT_EQ(firstOf<CteRelationRef>(inlined), nullptr);
  EXPECT_EQ(idsOf(inlined->output()), idsOf(plan->output()));
  // Two copies of the definition, each under a Project that renames it to the reference's ids.
  auto relations = nodesOf<Relation>(inlined);
  ASSERT_EQ(relations.size(), 2u);
  EXPECT_NE(relations[0]->output()[0]->exprId(), relations[1]->output()[0]->exprId());
  auto join = firstOf<Join>(inlined);
  ASSERT_NE(join, nullptr);
  ASSERT_TRUE(join->left()->is<Project>());
  ASSERT_TRUE(join->right()->is<Project>());
  EXPECT_TRUE(join->left()->child(0)->is<Project>());  // the definition's own Project
  EXPECT_EQ(planText(inlined),
            "Project [k#x]\n"
            "+- Join Inner, (k#x = k#x)\n"
            "   :- Project [k#x AS k#x]\n"
            "   :  +- Project [n_nationkey#x AS k#x]\n"
            "   :     +- Filter (n_regionkey#x = 1)\n"
            "   :        +- Relation nation[n_nationkey#x,n_name#x,n_regionkey#x,n_comment#x]\n"
            "   +- Project [k#x AS k#x]\n"
            "      +- Project [n_nationkey#x AS k#x]\n"
            "         +- Filter (n_regionkey#x = 1)\n"
            "            +- Relation nation[n_nationkey#x,n_name#x,n_regionkey#x,n_comment#x]\n");
}

TEST(InlineCTETest, InlinesReferencesInsideSubqueries) {
  PlanPtr plan = analyzed(
      "WITH r AS (SELECT r_regionkey FROM region) "
      "SELECT n_name FROM nation WHERE n_regionkey IN (SELECT r_regionkey FROM r)");
  ASSERT_NE(plan, nullptr);
  PlanPtr inlined = applyOnce(makeInlineCTE(), plan);
  std::vector<PlanPtr> subqueries = test::subqueryPlans(inlined);
  ASSERT_EQ(subqueries.size(), 1u);
  EXPECT_EQ(firstOf<CteRelationRef>(subqueries[0]), nullptr);
  ASSERT_NE(firstOf<Relation>(subqueries[0]), nullptr);
  EXPECT_EQ(firstOf<Relation>(subqueries[0])->tableName(), "region");
}

TEST(InlineCTETest, ADefinitionMayUseTheOnesBeforeIt) {
  PlanPtr plan = analyzed(
      "WITH a AS (SELECT n_nationkey AS k FROM nation), b AS (SELECT k + 1 AS j FROM a) "
      "SELECT j FROM b");
  ASSERT_NE(plan, nullptr);
  PlanPtr inlined = applyOnce(makeInlineCTE(), plan);
  EXPECT_EQ(firstOf<CteRelationRef>(inlined), nullptr);
  EXPECT_EQ(idsOf(inlined->output()), idsOf(plan->output()));
  auto relations = nodesOf<Relation>(inlined);
  ASSERT_EQ(relations.size(), 1u);
  EXPECT_EQ(relations[0]->tableName(), "nation");
}

TEST(InlineCTETest, LeavesAPlanWithoutCtesUnchanged) {
  PlanPtr plan = analyzed("SELECT n_name FROM nation WHERE n_nationkey > 3");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(applyOnce(makeInlineCTE(), plan), plan);
}

// CombineUnions

TEST(CombineUnionsTest, FlattensNestedUnions) {
  AttributePtr a = column("a"), b = column("b", false), c = column("c"), d = column("d");
  PlanPtr inner =
      std::make_shared<Union>(std::vector<PlanPtr>{relation("t", {a}), relation("u", {b})});
  PlanPtr plan = std::make_shared<Union>(std::vector<PlanPtr>{
      inner,
      std::make_shared<Union>(std::vector<PlanPtr>{relation("v", {c}), relation("w", {d})})});
  PlanPtr combined = applyOnce(makeCombineUnions(), plan);
  ASSERT_TRUE(combined->is<Union>());
  ASSERT_EQ(combined->children().size(), 4u);
  EXPECT_EQ(nodesOf<Union>(combined).size(), 1u);
  EXPECT_EQ(combined->output()[0]->exprId(), a->exprId());
}

TEST(CombineUnionsTest, FlattensDistinctUnionsUnderADistinct) {
  AttributePtr a = column("a"), b = column("b"), c = column("c");
  PlanPtr inner = std::make_shared<Distinct>(
      std::make_shared<Union>(std::vector<PlanPtr>{relation("t", {a}), relation("u", {b})}));
  PlanPtr plan = std::make_shared<Distinct>(
      std::make_shared<Union>(std::vector<PlanPtr>{inner, relation("v", {c})}));
  PlanPtr combined = applyOnce(makeCombineUnions(), plan);
  EXPECT_EQ(planText(combined),
            "Distinct\n"
            "+- Union false, false\n"
            "   :- Relation t[a#x]\n"
            "   :- Relation u[b#x]\n"
            "   +- Relation v[c#x]\n");
  EXPECT_EQ(combined->output()[0]->exprId(), a->exprId());
}

TEST(CombineUnionsTest, KeepsADistinctUnionUnderUnionAll) {
  // UNION ALL over a UNION DISTINCT: the inner duplicates must still go.
  PlanPtr plan = analyzed(
      "(SELECT n_nationkey FROM nation UNION SELECT r_regionkey FROM region) "
      "UNION ALL SELECT s_suppkey FROM supplier");
  ASSERT_NE(plan, nullptr);
  ASSERT_EQ(nodesOf<Distinct>(plan).size(), 1u);
  EXPECT_EQ(applyOnce(makeCombineUnions(), plan), plan);
}

// ReplaceDistinctWithAggregate

TEST(ReplaceDistinctWithAggregateTest, GroupsOnEveryColumn) {
  AttributePtr a = column("a"), b = column("b");
  PlanPtr plan = std::make_shared<Distinct>(relation("t", {a, b}));
  PlanPtr replaced = applyOnce(makeReplaceDistinctWithAggregate(), plan);
  EXPECT_EQ(planText(replaced),
            "Aggregate [a#x, b#x], [a#x, b#x]\n"
            "+- Relation t[a#x,b#x]\n");
  EXPECT_EQ(idsOf(replaced->output()), idsOf(plan->output()));
}

TEST(ReplaceDistinctWithAggregateTest, LeavesAPlanWithoutDistinctUnchanged) {
  AttributePtr a = column("a");
  PlanPtr plan = std::make_shared<Project>(std::vector<ExprPtr>{a}, relation("t", {a}));
  EXPECT_EQ(applyOnce(makeReplaceDistinctWithAggregate(), plan), plan);
}

// ReplaceIntersectWithSemiJoin, ReplaceExceptWithAntiJoin

TEST(ReplaceIntersectWithSemiJoinTest, BecomesADistinctLeftSemiJoinOnNullSafeEquality) {
  AttributePtr a = column("a"), b = column("b"), x = column("x"), y = column("y");
  PlanPtr plan = std::make_shared<Intersect>(relation("t", {a, b}), relation("u", {x, y}), false);
  PlanPtr replaced = applyOnce(makeReplaceIntersectWithSemiJoin(), plan);
  EXPECT_EQ(planText(replaced),
            "Distinct\n"
            "+- Join LeftSemi, ((a#x <=> x#x) AND (b#x <=> y#x))\n"
            "   :- Relation t[a#x,b#x]\n"
            "   +- Relation u[x#x,y#x]\n");
}

TEST(ReplaceIntersectWithSemiJoinTest, KeepsTheNarrowerNullabilityOfIntersect) {
  AttributePtr a = column("a", true), x = column("x", false);
  PlanPtr plan = std::make_shared<Intersect>(relation("t", {a}), relation("u", {x}), false);
  ASSERT_FALSE(plan->output()[0]->nullable());
  PlanPtr replaced = applyOnce(makeReplaceIntersectWithSemiJoin(), plan);
  ASSERT_TRUE(replaced->is<Project>());
  EXPECT_TRUE(replaced->child(0)->is<Distinct>());
  EXPECT_FALSE(replaced->output()[0]->nullable());
  EXPECT_EQ(replaced->output()[0]->exprId(), a->exprId());
}

TEST(ReplaceIntersectWithSemiJoinTest, LeavesIntersectAllUnchanged) {
  PlanPtr plan =
      std::make_shared<Intersect>(relation("t", {column("a")}), relation("u", {column("x")}), true);
  EXPECT_EQ(applyOnce(makeReplaceIntersectWithSemiJoin(), plan), plan);
}

TEST(ReplaceExceptWithAntiJoinTest, BecomesADistinctLeftAntiJoinOnNullSafeEquality) {
  PlanPtr plan = analyzed("SELECT n_regionkey FROM nation EXCEPT SELECT r_regionkey FROM region");
  ASSERT_NE(plan, nullptr);
  PlanPtr replaced = applyOnce(makeReplaceExceptWithAntiJoin(), plan);
  EXPECT_EQ(planText(replaced),
            "Distinct\n"
            "+- Join LeftAnti, (n_regionkey#x <=> r_regionkey#x)\n"
            "   :- Project [n_regionkey#x]\n"
            "   :  +- Relation nation[n_nationkey#x,n_name#x,n_regionkey#x,n_comment#x]\n"
            "   +- Project [r_regionkey#x]\n"
            "      +- Relation region[r_regionkey#x,r_name#x,r_comment#x]\n");
  EXPECT_EQ(idsOf(replaced->output()), idsOf(plan->output()));
}

TEST(ReplaceExceptWithAntiJoinTest, LeavesExceptAllUnchanged) {
  PlanPtr plan =
      std::make_shared<Except>(relation("t", {column("a")}), relation("u", {column("x")}), true);
  EXPECT_EQ(applyOnce(makeReplaceExceptWithAntiJoin(), plan), plan);
}

// RewriteExceptAll, RewriteIntersectAll

TEST(RewriteExceptAllTest, NumbersDuplicatesAndAntiJoinsOnRowAndNumber) {
  AttributePtr a = column("a"), x = column("x");
  PlanPtr plan = std::make_shared<Except>(relation("t", {a}), relation("u", {x}), true);
  PlanPtr rewritten = applyOnce(makeRewriteExceptAll(), plan);
  EXPECT_EQ(planText(rewritten),
            "Project [a#x]\n"
            "+- Join LeftAnti, ((a#x <=> x#x) AND (rn#x = rn#x))\n"
            "   :- Window [row_number() windowspecdefinition(a#x, a#x ASC NULLS FIRST, "
            "specifiedwindowframe(RowFrame, unboundedpreceding$(), currentrow$())) AS rn#x], "
            "[a#x], [a#x ASC NULLS FIRST]\n"
            "   :  +- Relation t[a#x]\n"
            "   +- Window [row_number() windowspecdefinition(x#x, x#x ASC NULLS FIRST, "
            "specifiedwindowframe(RowFrame, unboundedpreceding$(), currentrow$())) AS rn#x], "
            "[x#x], [x#x ASC NULLS FIRST]\n"
            "      +- Relation u[x#x]\n");
  EXPECT_EQ(idsOf(rewritten->output()), idsOf(plan->output()));
  EXPECT_EQ(firstOf<Except>(rewritten), nullptr);
}

TEST(RewriteExceptAllTest, LeavesExceptDistinctUnchanged) {
  PlanPtr plan =
      std::make_shared<Except>(relation("t", {column("a")}), relation("u", {column("x")}), false);
  EXPECT_EQ(applyOnce(makeRewriteExceptAll(), plan), plan);
}

TEST(RewriteIntersectAllTest, NumbersDuplicatesAndSemiJoinsOnRowAndNumber) {
  AttributePtr a = column("a"), b = column("b", true), x = column("x"), y = column("y", false);
  PlanPtr plan = std::make_shared<Intersect>(relation("t", {a, b}), relation("u", {x, y}), true);
  PlanPtr rewritten = applyOnce(makeRewriteIntersectAll(), plan);
  auto join = firstOf<Join>(rewritten);
  ASSERT_NE(join, nullptr);
  EXPECT_EQ(join->joinType(), JoinType::kLeftSemi);
  EXPECT_NE(join->condition()->toString().find("(rn#"), std::string::npos);
  EXPECT_EQ(nodesOf<Window>(rewritten).size(), 2u);
  ASSERT_TRUE(rewritten->is<Project>());
  EXPECT_EQ(idsOf(rewritten->output()), idsOf(plan->output()));
  // b is NOT NULL after INTERSECT ALL, since y is.
  EXPECT_FALSE(rewritten->output()[1]->nullable());
  EXPECT_TRUE(rewritten->output()[0]->nullable());
}

TEST(RewriteIntersectAllTest, LeavesIntersectDistinctUnchanged) {
  PlanPtr plan = std::make_shared<Intersect>(relation("t", {column("a")}),
                                             relation("u", {column("x")}), false);
  EXPECT_EQ(applyOnce(makeRewriteIntersectAll(), plan), plan);
}

// RewriteDistinctAggregates

TEST(RewriteDistinctAggregatesTest, ExpandsSeveralDistinctArgumentSets) {
  PlanPtr plan = analyzed(
      "SELECT l_returnflag, count(DISTINCT l_partkey) AS parts, "
      "count(DISTINCT l_suppkey) AS suppliers, sum(l_quantity) AS quantity, count(*) AS n "
      "FROM lineitem GROUP BY l_returnflag");
  ASSERT_NE(plan, nullptr);
  PlanPtr rewritten = applyOnce(makeRewriteDistinctAggregates(), plan);
  EXPECT_EQ(idsOf(rewritten->output()), idsOf(plan->output()));
  auto aggregates = nodesOf<Aggregate>(rewritten);
  ASSERT_EQ(aggregates.size(), 2u);
  auto expand = firstOf<Expand>(rewritten);
  ASSERT_NE(expand, nullptr);
  // gid 0 for the regular aggregates, 1 and 2 for the two distinct sets.
  EXPECT_EQ(expand->projections().size(), 3u);
  EXPECT_EQ(aggregates[1]->child(0), expand);
  // No DISTINCT is left; the distinct aggregates are filtered on their gid.
  for (const auto& call : test::exprsOf<AggregateExpression>(rewritten)) {
    EXPECT_FALSE(call->isDistinct()) << call->toString();
  }
  const auto& outer = aggregates[0]->aggregateExpressions();
  ASSERT_EQ(outer.size(), 5u);
  EXPECT_NE(outer[1]->toString().find("FILTER (WHERE (gid#"), std::string::npos)
      << outer[1]->toString();
  EXPECT_NE(outer[4]->toString().find("coalesce(first("), std::string::npos)
      << outer[4]->toString();
  EXPECT_EQ(aggregates[0]->groupingExpressions().size(), 1u);
  EXPECT_EQ(aggregates[1]->groupingExpressions().size(), 4u);  // key, two distinct args, gid
}

TEST(RewriteDistinctAggregatesTest, LeavesASingleDistinctSetUnchanged) {
  auto session = Session::withTpchSchema();
  PlanPtr plan = analyzed(test::tpchQueries()[15]);  // Q16: count(DISTINCT ps_suppkey)
  ASSERT_NE(plan, nullptr);
  ASSERT_FALSE(test::exprsOf<AggregateExpression>(plan).empty());
  EXPECT_EQ(applyOnce(makeRewriteDistinctAggregates(), plan), plan);
}

// The whole optimizer, with plan-change validation after every rule.

TEST(SetOperationPipelineTest, OptimizedPlansHaveNoSetOperatorsOrCtesLeft) {
  auto session = Session::withTpchSchema();
  ASSERT_TRUE(session->config().set("spark.sql.planChangeValidation", "true").ok());
  std::vector<std::string> queries = test::tpchQueries();
  queries.push_back(
      "WITH k AS (SELECT n_nationkey AS key FROM nation) "
      "SELECT key FROM k INTERSECT ALL SELECT key FROM k "
      "EXCEPT SELECT r_regionkey FROM region");
  queries.push_back(
      "SELECT n_nationkey FROM nation EXCEPT ALL SELECT s_nationkey FROM supplier "
      "UNION SELECT r_regionkey FROM region INTERSECT SELECT c_nationkey FROM customer");
  queries.push_back(
      "SELECT o_orderstatus, count(DISTINCT o_custkey), sum(DISTINCT o_totalprice), "
      "count(*) FROM orders GROUP BY o_orderstatus");
  queries.push_back(
      "SELECT * FROM (SELECT n_name FROM nation UNION ALL SELECT r_name FROM region) LIMIT 3");
  for (const std::string& sql : queries) {
    auto optimized = test::optimizeSql(*session, sql);
    ASSERT_TRUE(optimized.ok()) << optimized.status() << "\n" << sql;
    EXPECT_TRUE(checkPlanIntegrity(*optimized).ok()) << sql;
    bool leftover = existsNode(*optimized, [](const PlanPtr& node) {
      return node->is<WithCte>() || node->is<CteRelationRef>() || node->is<Intersect>() ||
             node->is<Except>() || node->is<Distinct>();
    });
    EXPECT_FALSE(leftover) << sql << "\n" << planText(*optimized);
  }
}

}  // namespace
}  // namespace planck
