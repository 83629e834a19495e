// Subquery decorrelation: PullupCorrelatedPredicates, RewritePredicateSubquery and
// RewriteCorrelatedScalarSubquery, each with a fired and an unchanged case; and the TPC-H
// queries with subqueries, which the whole optimizer turns into plans without subqueries.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "logical/operators.h"
#include "optimizer/optimizer.h"
#include "optimizer/plan_integrity.h"
#include "optimizer/rules.h"
#include "test_support.h"

namespace planck {
namespace {

using test::analyzed;
using test::analyzeSql;
using test::applyOnce;
using test::applyRules;
using test::exprsOf;
using test::firstOf;
using test::idsOf;
using test::nodesOf;
using test::planText;

// The one subquery expression of kind T held by `plan`'s operators.
template <class T>
std::shared_ptr<const T> onlySubquery(const PlanPtr& plan) {
  auto found = exprsOf<T>(plan);
  EXPECT_EQ(found.size(), 1u) << planText(plan);
  return found.empty() ? nullptr : found[0];
}

// Whether `plan`, or the plan of any subquery expression in it at any depth, holds a
// subquery expression.
int subqueryExpressionsEverywhere(const PlanPtr& plan) {
  int count = 0;
  forEachNode(plan, [&](const PlanPtr& node) {
    for (const ExprPtr& expr : node->expressions()) {
      forEachNode(expr, [&](const ExprPtr& each) {
        if (const SubqueryExpression* subquery = each->asSubquery()) {
          count += 1 + subqueryExpressionsEverywhere(subquery->plan());
        }
      });
    }
  });
  return count;
}

std::vector<RulePtr> pullupAnd(RulePtr rewrite) {
  return {makePullupCorrelatedPredicates(), std::move(rewrite)};
}

// PullupCorrelatedPredicates.

TEST(PullupCorrelatedPredicatesTest, MovesCorrelatedConjunctsIntoTheJoinCondition) {
  PlanPtr plan = analyzed(
      "SELECT c_name FROM customer WHERE EXISTS (SELECT o_orderkey FROM orders "
      "WHERE o_custkey = c_custkey AND o_totalprice > 10)");
  PlanPtr pulled = applyOnce(makePullupCorrelatedPredicates(), plan);
  auto exists = onlySubquery<Exists>(pulled);
  ASSERT_TRUE(exists);
  ASSERT_TRUE(exists->joinCondition());
  EXPECT_EQ(exists->joinCondition()->toString().find("(o_custkey#"), 0u)
      << exists->joinCondition()->toString();
  EXPECT_NE(exists->joinCondition()->toString().find("= outer(c_custkey#"), std::string::npos);
  EXPECT_TRUE(exists->planOuterReferences().empty());
  // The local predicate stays; the top Project now also outputs the correlated column.
  ScopedNormalizedIds ids;
  EXPECT_EQ(planText(exists->plan()),
            "Project [o_orderkey#x, o_custkey#x]\n"
            "+- Filter (o_totalprice#x > cast(10 as decimal(15,2)))\n"
            "   +- SubqueryAlias orders\n"
            "      +- Relation orders[o_orderkey#x,o_custkey#x,o_orderstatus#x,o_totalprice#x,"
            "o_orderdate#x,o_orderpriority#x,o_clerk#x,o_shippriority#x,o_comment#x]\n");
  EXPECT_NE(exists->toString().find("exists#x [(o_custkey#x = outer(c_custkey#x))]"),
            std::string::npos)
      << exists->toString();
}

TEST(PullupCorrelatedPredicatesTest, GroupsTheTopAggregateOfAScalarSubqueryByTheColumn) {
  PlanPtr plan = analyzed(
      "SELECT p_name FROM part WHERE p_retailprice < (SELECT 0.2 * avg(l_quantity) FROM lineitem "
      "WHERE l_partkey = p_partkey)");
  PlanPtr pulled = applyOnce(makePullupCorrelatedPredicates(), plan);
  auto scalar = onlySubquery<ScalarSubquery>(pulled);
  ASSERT_TRUE(scalar);
  auto aggregate = firstOf<Aggregate>(scalar->plan());
  ASSERT_TRUE(aggregate);
  ASSERT_EQ(aggregate->groupingExpressions().size(), 1u);
  EXPECT_EQ(aggregate->groupingExpressions()[0]->sql(), "l_partkey");
  // The value stays the first column; the grouping column is added after it.
  ASSERT_EQ(scalar->plan()->output().size(), 2u);
  EXPECT_EQ(scalar->plan()->output()[1]->name(), "l_partkey");
  EXPECT_TRUE(nodesOf<Filter>(scalar->plan()).empty());
}

TEST(PullupCorrelatedPredicatesTest, LeavesUncorrelatedSubqueriesUnchanged) {
  PlanPtr plan = analyzed(
      "SELECT c_name FROM customer WHERE c_custkey IN (SELECT o_custkey FROM orders WHERE "
      "o_totalprice > 10)");
  EXPECT_EQ(applyOnce(makePullupCorrelatedPredicates(), plan), plan);
}

TEST(PullupCorrelatedPredicatesTest, DoesNotPullThroughALimit) {
  // Filtering before or after LIMIT differs: the predicate must stay below it.
  PlanPtr plan = analyzed(
      "SELECT c_name FROM customer WHERE EXISTS (SELECT * FROM (SELECT o_orderkey FROM orders "
      "WHERE o_custkey = c_custkey LIMIT 1) t)");
  EXPECT_EQ(applyOnce(makePullupCorrelatedPredicates(), plan), plan);
}

TEST(PullupCorrelatedPredicatesTest, DoesNotPullANonEqualityThroughAnAggregate) {
  PlanPtr plan = analyzed(
      "SELECT c_name FROM customer WHERE c_acctbal > (SELECT sum(o_totalprice) FROM orders "
      "WHERE o_custkey < c_custkey)");
  EXPECT_EQ(applyOnce(makePullupCorrelatedPredicates(), plan), plan);
}

TEST(PullupCorrelatedPredicatesTest, DoesNotGroupTheGlobalAggregateOfAnExists) {
  // EXISTS over count(*) is always true; grouped by o_custkey it would depend on the matches.
  PlanPtr plan = analyzed(
      "SELECT c_name FROM customer WHERE EXISTS (SELECT count(*) FROM orders WHERE o_custkey = "
      "c_custkey)");
  EXPECT_EQ(applyOnce(makePullupCorrelatedPredicates(), plan), plan);
}

// RewritePredicateSubquery.

TEST(RewritePredicateSubqueryTest, ExistsWithANonEqualityBecomesASemiJoin) {
  // Q21's shape: the correlation includes l_suppkey <> l1.l_suppkey.
  PlanPtr plan = analyzed(
      "SELECT l1.l_orderkey FROM lineitem l1 WHERE l1.l_quantity > 1 AND EXISTS (SELECT * FROM "
      "lineitem l2 WHERE l2.l_orderkey = l1.l_orderkey AND l2.l_suppkey <> l1.l_suppkey)");
  PlanPtr rewritten = applyRules(pullupAnd(makeRewritePredicateSubquery()), plan);
  EXPECT_EQ(exprsOf<Exists>(rewritten).size(), 0u) << planText(rewritten);
  auto join = firstOf<Join>(rewritten);
  ASSERT_TRUE(join);
  EXPECT_EQ(join->joinType(), JoinType::kLeftSemi);
  ScopedNormalizedIds ids;
  EXPECT_EQ(join->condition()->toString(),
            "((l_orderkey#x = l_orderkey#x) AND NOT (l_suppkey#x = l_suppkey#x))");
  // The other conjunct stays in a Filter on the left side.
  auto filter = firstOf<Filter>(join->left());
  ASSERT_TRUE(filter);
  EXPECT_EQ(filter->condition()->toString(), "(l_quantity#x > cast(1 as decimal(15,2)))");
  EXPECT_EQ(idsOf(rewritten->output()), idsOf(plan->output()));
}

TEST(RewritePredicateSubqueryTest, NotInBecomesANullAwareAntiJoin) {
  PlanPtr plan =
      analyzed("SELECT c_name FROM customer WHERE c_custkey NOT IN (SELECT o_custkey FROM orders)");
  PlanPtr rewritten = applyRules(pullupAnd(makeRewritePredicateSubquery()), plan);
  auto join = firstOf<Join>(rewritten);
  ASSERT_TRUE(join) << planText(rewritten);
  EXPECT_EQ(join->joinType(), JoinType::kLeftAnti);
  ScopedNormalizedIds ids;
  EXPECT_EQ(join->condition()->toString(),
            "((c_custkey#x = o_custkey#x) OR isnull((c_custkey#x = o_custkey#x)))");
  EXPECT_EQ(planText(rewritten),
            "Project [c_name#x]\n"
            "+- Join LeftAnti, ((c_custkey#x = o_custkey#x) OR isnull((c_custkey#x = "
            "o_custkey#x)))\n"
            "   :- Relation customer[c_custkey#x,c_name#x,c_address#x,c_nationkey#x,c_phone#x,"
            "c_acctbal#x,c_mktsegment#x,c_comment#x]\n"
            "   +- Project [o_custkey#x]\n"
            "      +- SubqueryAlias orders\n"
            "         +- Relation orders[o_orderkey#x,o_custkey#x,o_orderstatus#x,o_totalprice#x,"
            "o_orderdate#x,o_orderpriority#x,o_clerk#x,o_shippriority#x,o_comment#x]\n");
}

TEST(RewritePredicateSubqueryTest, CorrelatedInAndNotExists) {
  PlanPtr plan = analyzed(
      "SELECT c_name FROM customer WHERE c_nationkey IN (SELECT s_nationkey FROM supplier WHERE "
      "s_acctbal > c_acctbal) AND NOT EXISTS (SELECT * FROM orders WHERE o_custkey = c_custkey)");
  PlanPtr rewritten = applyRules(pullupAnd(makeRewritePredicateSubquery()), plan);
  auto joins = nodesOf<Join>(rewritten);
  ASSERT_EQ(joins.size(), 2u) << planText(rewritten);
  // Stacked in the order of the conjuncts: the IN's semi join below the anti join.
  EXPECT_EQ(joins[0]->joinType(), JoinType::kLeftAnti);
  EXPECT_EQ(joins[1]->joinType(), JoinType::kLeftSemi);
  ScopedNormalizedIds ids;
  EXPECT_EQ(joins[0]->condition()->toString(), "(o_custkey#x = c_custkey#x)");
  EXPECT_EQ(joins[1]->condition()->toString(),
            "((c_nationkey#x = s_nationkey#x) AND (s_acctbal#x > c_acctbal#x))");
  EXPECT_TRUE(checkPlanIntegrity(rewritten).ok()) << checkPlanIntegrity(rewritten);
}

TEST(RewritePredicateSubqueryTest, LeavesExistsUnderOrUnchanged) {
  PlanPtr plan = applyOnce(makePullupCorrelatedPredicates(),
                           analyzed("SELECT c_name FROM customer WHERE c_acctbal > 0 OR EXISTS "
                                    "(SELECT * FROM orders WHERE o_custkey = c_custkey)"));
  EXPECT_EQ(applyOnce(makeRewritePredicateSubquery(), plan), plan);
}

TEST(RewritePredicateSubqueryTest, LeavesAStillCorrelatedSubqueryUnchanged) {
  // Without PullupCorrelatedPredicates the plan still holds the outer reference.
  PlanPtr plan = analyzed(
      "SELECT c_name FROM customer WHERE EXISTS (SELECT * FROM orders WHERE o_custkey = "
      "c_custkey)");
  EXPECT_EQ(applyOnce(makeRewritePredicateSubquery(), plan), plan);
}

// RewriteCorrelatedScalarSubquery.

TEST(RewriteCorrelatedScalarSubqueryTest, CorrelatedAggregateBecomesALeftOuterJoin) {
  // Q17's shape; avg is NULL on no rows, so no count-bug repair is needed.
  PlanPtr plan = analyzed(
      "SELECT p_name FROM part WHERE p_retailprice < (SELECT 0.2 * avg(l_quantity) FROM lineitem "
      "WHERE l_partkey = p_partkey)");
  PlanPtr rewritten = applyRules(pullupAnd(makeRewriteCorrelatedScalarSubquery()), plan);
  EXPECT_EQ(exprsOf<ScalarSubquery>(rewritten).size(), 0u) << planText(rewritten);
  ScopedNormalizedIds ids;
  EXPECT_EQ(
      planText(rewritten),
      "Project [p_name#x]\n"
      "+- Project [p_partkey#x, p_name#x, p_mfgr#x, p_brand#x, p_type#x, p_size#x, "
      "p_container#x, p_retailprice#x, p_comment#x]\n"
      "   +- Filter (cast(p_retailprice#x as double) < (0.2 * avg(l_quantity))#x)\n"
      "      +- Join LeftOuter, (l_partkey#x = p_partkey#x)\n"
      "         :- Relation part[p_partkey#x,p_name#x,p_mfgr#x,p_brand#x,p_type#x,p_size#x,"
      "p_container#x,p_retailprice#x,p_comment#x]\n"
      "         +- Aggregate [l_partkey#x], [(cast(0.2 as double) * avg(l_quantity#x)) AS (0.2 * "
      "avg(l_quantity))#x, l_partkey#x]\n"
      "            +- SubqueryAlias lineitem\n"
      "               +- Relation lineitem[l_orderkey#x,l_partkey#x,l_suppkey#x,"
      "l_linenumber#x,l_quantity#x,l_extendedprice#x,l_discount#x,l_tax#x,l_returnflag#x,"
      "l_linestatus#x,l_shipdate#x,l_commitdate#x,l_receiptdate#x,l_shipinstruct#x,"
      "l_shipmode#x,l_comment#x]\n");
}

TEST(RewriteCorrelatedScalarSubqueryTest, CountBugIsRepairedWithAnAlwaysTrueFlag) {
  PlanPtr plan = analyzed(
      "SELECT c_name FROM customer WHERE (SELECT count(*) FROM orders WHERE o_custkey = "
      "c_custkey) = 0");
  PlanPtr rewritten = applyRules(pullupAnd(makeRewriteCorrelatedScalarSubquery()), plan);
  EXPECT_EQ(exprsOf<ScalarSubquery>(rewritten).size(), 0u) << planText(rewritten);
  auto join = firstOf<Join>(rewritten);
  ASSERT_TRUE(join) << planText(rewritten);
  EXPECT_EQ(join->joinType(), JoinType::kLeftOuter);
  // A customer without orders has no group: the flag is NULL and the value is count's 0.
  auto cases = exprsOf<CaseWhen>(rewritten);
  ASSERT_EQ(cases.size(), 1u);
  ScopedNormalizedIds ids;
  EXPECT_EQ(cases[0]->toString(), "CASE WHEN isnull(alwaysTrue#x) THEN 0 ELSE count(1)#x END")
      << planText(rewritten);
  EXPECT_EQ(join->right()->output().back()->name(), "alwaysTrue");
  auto filter = firstOf<Filter>(rewritten);
  ASSERT_TRUE(filter);
  EXPECT_EQ(filter->condition()->toString(), "(count(1)#x = cast(0 as bigint))");
}

TEST(RewriteCorrelatedScalarSubqueryTest, UncorrelatedScalarSubqueryJoinsItsSingleRow) {
  PlanPtr plan = analyzed(
      "SELECT c_name FROM customer WHERE c_acctbal > (SELECT avg(c_acctbal) FROM customer)");
  PlanPtr rewritten = applyOnce(makeRewriteCorrelatedScalarSubquery(), plan);
  auto join = firstOf<Join>(rewritten);
  ASSERT_TRUE(join) << planText(rewritten);
  EXPECT_EQ(join->joinType(), JoinType::kLeftOuter);
  EXPECT_EQ(join->condition(), nullptr);
  EXPECT_TRUE(join->right()->is<Aggregate>());
  auto filter = firstOf<Filter>(rewritten);
  ASSERT_TRUE(filter);
  ASSERT_EQ(filter->condition()->child(1)->kind(), ExprKind::kAttributeReference);
  EXPECT_EQ(filter->condition()->child(1)->as<AttributeReference>()->exprId(),
            join->right()->output()[0]->exprId());
}

TEST(RewriteCorrelatedScalarSubqueryTest, ScalarSubqueryInAProjectList) {
  PlanPtr plan = analyzed(
      "SELECT c_name, (SELECT max(o_totalprice) FROM orders WHERE o_custkey = c_custkey) AS m "
      "FROM customer");
  PlanPtr rewritten = applyRules(pullupAnd(makeRewriteCorrelatedScalarSubquery()), plan);
  EXPECT_EQ(exprsOf<ScalarSubquery>(rewritten).size(), 0u) << planText(rewritten);
  ASSERT_TRUE(rewritten->is<Project>());
  EXPECT_EQ(idsOf(rewritten->output()), idsOf(plan->output()));
  auto join = firstOf<Join>(rewritten);
  ASSERT_TRUE(join);
  EXPECT_EQ(join->joinType(), JoinType::kLeftOuter);
}

TEST(RewriteCorrelatedScalarSubqueryTest, ScalarSubqueryInAnAggregateIsJoinedBelowIt) {
  PlanPtr plan = analyzed(
      "SELECT c_nationkey, (SELECT count(*) FROM nation) AS n, sum(c_acctbal) FROM customer "
      "GROUP BY c_nationkey");
  PlanPtr rewritten = applyOnce(makeRewriteCorrelatedScalarSubquery(), plan);
  EXPECT_EQ(exprsOf<ScalarSubquery>(rewritten).size(), 0u) << planText(rewritten);
  auto aggregate = firstOf<Aggregate>(rewritten);
  ASSERT_TRUE(aggregate);
  EXPECT_TRUE(aggregate->child(0)->is<Join>());
  // The value is read outside an aggregate function: it becomes a grouping column too.
  ScopedNormalizedIds ids;
  EXPECT_EQ(joinExprs(aggregate->groupingExpressions()), "c_nationkey#x, count(1)#x");
  EXPECT_EQ(idsOf(rewritten->output()), idsOf(plan->output()));
}

TEST(RewriteCorrelatedScalarSubqueryTest, LeavesAScalarSubqueryWithoutAggregateUnchanged) {
  // Not provably one row: joining could duplicate customers.
  PlanPtr plan = analyzed(
      "SELECT c_name FROM customer WHERE c_acctbal > (SELECT o_totalprice FROM orders WHERE "
      "o_orderkey = 1)");
  EXPECT_EQ(applyOnce(makeRewriteCorrelatedScalarSubquery(), plan), plan);
}

TEST(RewriteCorrelatedScalarSubqueryTest, LeavesACountWithHavingUnchanged) {
  // A group the HAVING drops would look like a customer without orders: no safe repair.
  PlanPtr plan = applyOnce(makePullupCorrelatedPredicates(),
                           analyzed("SELECT c_name FROM customer WHERE (SELECT count(*) FROM "
                                    "orders WHERE o_custkey = c_custkey HAVING count(*) > 2) = 0"));
  ASSERT_TRUE(onlySubquery<ScalarSubquery>(plan)->joinCondition());
  EXPECT_EQ(applyOnce(makeRewriteCorrelatedScalarSubquery(), plan), plan);
}

// The whole optimizer on the TPC-H queries with subqueries.

TEST(SubqueryDecorrelationTest, TpchQueriesKeepNoSubqueryExpression) {
  auto session = Session::withTpchSchema();
  ASSERT_TRUE(session->config().set("spark.sql.planChangeValidation", "true").ok());
  std::vector<std::string> queries = test::tpchQueries();
  for (int number : {2, 4, 11, 15, 16, 17, 18, 20, 21, 22}) {
    SCOPED_TRACE(fmt::format("Q{}", number));
    const std::string& sql = queries[number - 1];
    auto analyzed_plan = analyzeSql(*session, sql);
    ASSERT_TRUE(analyzed_plan.ok()) << analyzed_plan.status();
    ASSERT_GT(subqueryExpressionsEverywhere(*analyzed_plan), 0);
    auto plan = test::optimizeSql(*session, sql);
    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_EQ(subqueryExpressionsEverywhere(*plan), 0) << planText(*plan);
    EXPECT_TRUE(checkPlanIntegrity(*plan).ok()) << checkPlanIntegrity(*plan);
    EXPECT_FALSE(nodesOf<Join>(*plan).empty());
  }
}

}  // namespace
}  // namespace planck
