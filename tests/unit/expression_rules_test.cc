// The expression-simplification rules: for each, cases where it fires (the expressions it
// builds, types and output columns kept) and a case where it must leave the plan unchanged
// (the same pointer). Plans come from SQL over the TPC-H schema, so the analyzer's casts and
// types are the real ones; the rule under test runs alone, with plan-change validation on.
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
using test::analyzeSql;
using test::applyOnce;
using test::applyRules;
using test::firstOf;
using test::idsOf;
using test::planText;

// An expression as EXPLAIN prints it, ids normalized.
std::string text(const ExprPtr& expr) {
  ScopedNormalizedIds normalized;
  return expr->toString();
}

// The condition of the first Filter, as text.
std::string filterText(const PlanPtr& plan) {
  auto filter = firstOf<Filter>(plan);
  return filter ? text(filter->condition()) : "<no filter>";
}

// The first Project's list, as text.
std::string projectText(const PlanPtr& plan) {
  auto project = firstOf<Project>(plan);
  return project
             ? text(std::make_shared<In>(Literal::make(Value::integer(0)), project->projectList()))
             : "<no project>";
}

// ConstantFolding

TEST(ConstantFoldingTest, FoldsDateArithmeticAndKeepsTheType) {
  PlanPtr plan = analyzed(
      "SELECT l_orderkey FROM lineitem WHERE l_shipdate <= DATE '1998-12-01' - "
      "INTERVAL '90' DAY AND l_discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01");
  PlanPtr folded = applyOnce(makeConstantFolding(), plan);
  EXPECT_EQ(filterText(folded),
            "((l_shipdate#x <= 1998-09-02) AND ((l_discount#x >= 0.05) AND "
            "(l_discount#x <= 0.07)))");
  // The folded literals have the types of the expressions they replace.
  auto literals = test::exprsOf<Literal>(folded);
  ASSERT_FALSE(literals.empty());
  for (const auto& literal : literals) {
    if (literal->value().type().isDecimal()) {
      EXPECT_EQ(literal->value().type(), DataType::decimal(15, 2));
    }
  }
}

TEST(ConstantFoldingTest, FoldsTheChildOfAnAliasNotTheAlias) {
  PlanPtr plan = analyzed("SELECT 1 + 2 AS three, upper('a') AS u FROM nation");
  PlanPtr folded = applyOnce(makeConstantFolding(), plan);
  EXPECT_EQ(projectText(folded), "0 IN (3 AS three#x,A AS u#x)");
  EXPECT_EQ(idsOf(folded->output()), idsOf(plan->output()));
}

TEST(ConstantFoldingTest, LeavesNonFoldableAndUnevaluableExpressionsAlone) {
  PlanPtr plan = analyzed("SELECT n_nationkey + 1, rand() FROM nation WHERE n_name = 'x'");
  EXPECT_EQ(applyOnce(makeConstantFolding(), plan), plan);
}

// ConstantPropagation

TEST(ConstantPropagationTest, ReplacesAnAttributeWithItsConstantInTheConjunction) {
  PlanPtr plan =
      analyzed("SELECT * FROM nation WHERE n_nationkey = 5 AND n_regionkey > n_nationkey");
  PlanPtr propagated = applyOnce(makeConstantPropagation(), plan);
  EXPECT_EQ(filterText(propagated), "((n_nationkey#x = 5) AND (n_regionkey#x > 5))");
}

TEST(ConstantPropagationTest, EqualitiesDoNotFlowOutOfAnOrOrANot) {
  PlanPtr plan = analyzed(
      "SELECT * FROM nation WHERE (n_nationkey = 5 OR n_regionkey = 1) AND n_regionkey > "
      "n_nationkey AND NOT (n_nationkey = 3 AND n_regionkey < n_nationkey)");
  PlanPtr propagated = applyOnce(makeConstantPropagation(), plan);
  // Inside the NOT, n_nationkey (not nullable) = 3 is a source for its own conjunction.
  EXPECT_EQ(filterText(propagated),
            "(((n_nationkey#x = 5) OR (n_regionkey#x = 1)) AND ((n_regionkey#x > n_nationkey#x) "
            "AND NOT ((n_nationkey#x = 3) AND (n_regionkey#x < 3))))");
}

TEST(ConstantPropagationTest, LeavesAConditionWithoutEqualitiesUnchanged) {
  PlanPtr plan = analyzed("SELECT * FROM nation WHERE n_nationkey > 5 AND n_regionkey > 1");
  EXPECT_EQ(applyOnce(makeConstantPropagation(), plan), plan);
}

// FoldablePropagation

TEST(FoldablePropagationTest, ReplacesAFoldableColumnInTheSortAbove) {
  PlanPtr plan = analyzed("SELECT n_name, 1 AS one FROM nation ORDER BY one, n_name");
  PlanPtr propagated = applyOnce(makeFoldablePropagation(), plan);
  EXPECT_EQ(planText(propagated),
            "Sort [1 ASC NULLS FIRST, n_name#x ASC NULLS FIRST], true\n"
            "+- Project [n_name#x, 1 AS one#x]\n"
            "   +- Relation nation[n_nationkey#x,n_name#x,n_regionkey#x,n_comment#x]\n");
  EXPECT_EQ(idsOf(propagated->output()), idsOf(plan->output()));
}

TEST(FoldablePropagationTest, KeepsTheIdOfAProjectedFoldableColumn) {
  PlanPtr plan =
      analyzed("SELECT one, n_name FROM (SELECT n_name, 'x' AS one FROM nation) WHERE one = 'x'");
  PlanPtr propagated = applyOnce(makeFoldablePropagation(), plan);
  EXPECT_EQ(projectText(propagated), "0 IN (x AS one#x,n_name#x)");
  EXPECT_EQ(filterText(propagated), "(x = x)");
  EXPECT_EQ(idsOf(propagated->output()), idsOf(plan->output()));
}

TEST(FoldablePropagationTest, StopsAtTheNullSuppliedSideOfAnOuterJoin) {
  PlanPtr plan = analyzed(
      "SELECT * FROM nation LEFT JOIN (SELECT r_regionkey, 1 AS one FROM region) r "
      "ON n_regionkey = r_regionkey WHERE one = 1");
  // `one` is NULL in padded rows: the filter above the join must keep the column.
  EXPECT_EQ(applyOnce(makeFoldablePropagation(), plan), plan);
}

TEST(FoldablePropagationTest, PassesThroughTheInnerJoin) {
  PlanPtr plan = analyzed(
      "SELECT * FROM nation JOIN (SELECT r_regionkey, 1 AS one FROM region) r "
      "ON n_regionkey = r_regionkey WHERE one = 1");
  EXPECT_EQ(filterText(applyOnce(makeFoldablePropagation(), plan)), "(1 = 1)");
}

// BooleanSimplification

TEST(BooleanSimplificationTest, TrueFalseIdentitiesAndNegations) {
  PlanPtr plan = analyzed(
      "SELECT * FROM nation WHERE (TRUE AND n_nationkey > 1) AND (FALSE OR NOT (n_regionkey < 2)) "
      "AND NOT NOT (n_name = 'a') AND NOT (n_comment IS NULL)");
  PlanPtr simplified = applyRules({makeBooleanSimplification()}, plan, true);
  EXPECT_EQ(filterText(simplified),
            "(((n_nationkey#x > 1) AND (n_regionkey#x >= 2)) AND ((n_name#x = a) AND "
            "isnotnull(n_comment#x)))");
}

TEST(BooleanSimplificationTest, TakesTheCommonConjunctOutOfAnOr) {
  // TPC-H Q19's shape: the join condition repeated in every branch of an OR.
  PlanPtr plan = analyzed(
      "SELECT * FROM nation, region WHERE (n_regionkey = r_regionkey AND n_name = 'a') OR "
      "(n_regionkey = r_regionkey AND n_name = 'b') OR (n_regionkey = r_regionkey AND "
      "r_name = 'c')");
  PlanPtr simplified = applyRules({makeBooleanSimplification()}, plan, true);
  EXPECT_EQ(filterText(simplified),
            "((n_regionkey#x = r_regionkey#x) AND ((n_name#x = a) OR ((n_name#x = b) OR "
            "(r_name#x = c))))");
}

TEST(BooleanSimplificationTest, AbsorptionAndRepeatedTerms) {
  PlanPtr plan = analyzed(
      "SELECT * FROM nation WHERE (n_nationkey = 1 OR (n_nationkey = 1 AND n_name = 'a')) AND "
      "(n_regionkey = 2 AND n_nationkey = 1)");
  PlanPtr simplified = applyRules({makeBooleanSimplification()}, plan, true);
  EXPECT_EQ(filterText(simplified), "((n_nationkey#x = 1) AND (n_regionkey#x = 2))");
}

TEST(BooleanSimplificationTest, XAndNotXOnlyWhenNotNullable) {
  PlanPtr plan = analyzed("SELECT * FROM nation WHERE n_nationkey > 1 AND NOT (n_nationkey > 1)");
  // NOT (a > 1) becomes a <= 1 first, so the complement rule does not apply: the plan keeps
  // both comparisons (three-valued logic makes no shortcut safe for a nullable column anyway).
  PlanPtr simplified = applyOnce(makeBooleanSimplification(), plan);
  EXPECT_EQ(filterText(simplified), "((n_nationkey#x > 1) AND (n_nationkey#x <= 1))");
}

TEST(BooleanSimplificationTest, LeavesASimpleConjunctionUnchanged) {
  PlanPtr plan = analyzed("SELECT * FROM nation WHERE n_nationkey > 1 AND n_name = 'a'");
  EXPECT_EQ(applyOnce(makeBooleanSimplification(), plan), plan);
}

// SimplifyConditionals

TEST(SimplifyConditionalsTest, KnownConditions) {
  PlanPtr plan = analyzed(
      "SELECT CASE WHEN FALSE THEN 1 WHEN n_nationkey > 1 THEN 2 ELSE 3 END AS a, "
      "CASE WHEN TRUE THEN n_name ELSE 'x' END AS b, "
      "CASE WHEN n_nationkey > 1 THEN 'y' WHEN TRUE THEN 'z' WHEN n_regionkey = 1 THEN 'w' END "
      "AS c, if(FALSE, 1, 2) AS d, CASE WHEN n_nationkey = 1 THEN 5 ELSE 5 END AS e, "
      "CASE WHEN n_nationkey = 1 THEN TRUE ELSE FALSE END AS f FROM nation");
  PlanPtr simplified = applyOnce(makeSimplifyConditionals(), plan);
  EXPECT_EQ(projectText(simplified),
            "0 IN (CASE WHEN (n_nationkey#x > 1) THEN 2 ELSE 3 END AS a#x,n_name#x AS b#x,"
            "CASE WHEN (n_nationkey#x > 1) THEN y ELSE z END AS c#x,2 AS d#x,5 AS e#x,"
            "(n_nationkey#x = 1) AS f#x)");
  EXPECT_EQ(idsOf(simplified->output()), idsOf(plan->output()));
  for (size_t i = 0; i < plan->output().size(); ++i) {
    EXPECT_EQ(simplified->output()[i]->dataType(), plan->output()[i]->dataType());
  }
}

TEST(SimplifyConditionalsTest, LeavesUnknownConditionsUnchanged) {
  PlanPtr plan = analyzed(
      "SELECT CASE WHEN n_nationkey > 1 THEN 1 ELSE 2 END, if(n_name = 'a', 1, 2) FROM nation");
  EXPECT_EQ(applyOnce(makeSimplifyConditionals(), plan), plan);
}

// NullPropagation

TEST(NullPropagationTest, NullOperandsAndNonNullableTests) {
  PlanPtr plan = analyzed(
      "SELECT n_nationkey + NULL AS a, substring(NULL, 1, 2) AS b, n_nationkey IS NULL AS c, "
      "n_nationkey IS NOT NULL AS d, coalesce(NULL, n_nationkey, n_regionkey) AS e, "
      "NULL <=> n_name AS f, NULL IN (1, 2) AS g FROM nation");
  PlanPtr propagated = applyOnce(makeNullPropagation(), plan);
  EXPECT_EQ(projectText(propagated),
            "0 IN (null AS a#x,null AS b#x,false AS c#x,true AS d#x,n_nationkey#x AS e#x,"
            "isnull(n_name#x) AS f#x,null AS g#x)");
  for (size_t i = 0; i < plan->output().size(); ++i) {
    EXPECT_EQ(propagated->output()[i]->dataType(), plan->output()[i]->dataType());
  }
}

TEST(NullPropagationTest, CountOfNullIsZeroAndCountOfANonNullableColumnIsCountOne) {
  PlanPtr plan = analyzed("SELECT count(NULL) AS a, count(n_nationkey) AS b FROM nation");
  PlanPtr propagated = applyOnce(makeNullPropagation(), plan);
  auto aggregate = firstOf<Aggregate>(propagated);
  ASSERT_NE(aggregate, nullptr);
  EXPECT_EQ(text(aggregate->aggregateExpressions()[0]), "0 AS a#x");
  EXPECT_EQ(text(aggregate->aggregateExpressions()[1]), "count(1) AS b#x");
}

TEST(NullPropagationTest, LeavesNullableOperandsUnchanged) {
  PlanPtr plan = analyzed(
      "SELECT o_orderkey + 1, o_comment IS NULL, coalesce(o_comment, 'x') FROM customer LEFT JOIN "
      "orders ON c_custkey = o_custkey");
  EXPECT_EQ(applyOnce(makeNullPropagation(), plan), plan);
}

// PruneFilters

TEST(PruneFiltersTest, TrueFilterGoesAndFalseFilterIsAnEmptyRelation) {
  PlanPtr kept = analyzed("SELECT n_name FROM nation WHERE TRUE");
  EXPECT_EQ(planText(applyOnce(makePruneFilters(), kept)),
            "Project [n_name#x]\n"
            "+- Relation nation[n_nationkey#x,n_name#x,n_regionkey#x,n_comment#x]\n");
  // WHERE NULL does not analyze (not BOOLEAN); a typed NULL is what folding leaves.
  for (const ExprPtr& condition : {falseLiteral(), nullLiteral(DataType::boolean())}) {
    PlanPtr scan = firstOf<Relation>(kept);
    PlanPtr plan = std::make_shared<Project>(std::vector<ExprPtr>{scan->output()[1]},
                                             std::make_shared<Filter>(condition, scan));
    PlanPtr pruned = applyOnce(makePruneFilters(), plan);
    EXPECT_EQ(planText(pruned),
              "Project [n_name#x]\n"
              "+- LocalRelation [n_nationkey#x,n_name#x,n_regionkey#x,n_comment#x]\n")
        << text(condition);
    auto relation = firstOf<LocalRelation>(pruned);
    ASSERT_NE(relation, nullptr);
    EXPECT_TRUE(relation->rows().empty());
    EXPECT_EQ(idsOf(relation->output()), idsOf(scan->output()));
  }
}

TEST(PruneFiltersTest, DropsTrueConjuncts) {
  PlanPtr plan = analyzed("SELECT * FROM nation WHERE TRUE AND n_nationkey > 1");
  EXPECT_EQ(filterText(applyOnce(makePruneFilters(), plan)), "(n_nationkey#x > 1)");
}

TEST(PruneFiltersTest, LeavesAnUnknownConditionUnchanged) {
  PlanPtr plan = analyzed("SELECT * FROM nation WHERE n_nationkey > 1");
  EXPECT_EQ(applyOnce(makePruneFilters(), plan), plan);
}

// SimplifyCasts

TEST(SimplifyCastsTest, DropsACastToTheSameTypeOnly) {
  AttributePtr price = AttributeReference::make("p", DataType::decimal(15, 2), false);
  ExprPtr same = std::make_shared<Cast>(price, DataType::decimal(15, 2));
  ExprPtr wider = std::make_shared<Cast>(price, DataType::decimal(18, 2));
  PlanPtr plan = std::make_shared<Project>(
      std::vector<ExprPtr>{Alias::make(same, "a"), Alias::make(wider, "b")},
      std::make_shared<Relation>("t", Attributes{price}));
  PlanPtr simplified = applyOnce(makeSimplifyCasts(), plan);
  EXPECT_EQ(projectText(simplified), "0 IN (p#x AS a#x,cast(p#x as decimal(18,2)) AS b#x)");
}

TEST(SimplifyCastsTest, LeavesRealCastsUnchanged) {
  PlanPtr plan = analyzed("SELECT CAST(n_nationkey AS BIGINT), CAST(n_name AS DATE) FROM nation");
  EXPECT_EQ(applyOnce(makeSimplifyCasts(), plan), plan);
}

// OptimizeIn

TEST(OptimizeInTest, RemovesDuplicatesAndTurnsOneElementIntoEquality) {
  PlanPtr plan =
      analyzed("SELECT * FROM nation WHERE n_nationkey IN (1, 2, 1) AND n_name IN ('a', 'a')");
  PlanPtr optimized = applyOnce(makeOptimizeIn(), plan);
  EXPECT_EQ(filterText(optimized), "(n_nationkey#x IN (1,2) AND (n_name#x = a))");
}

TEST(OptimizeInTest, EmptyListIsFalseEvenForNull) {
  AttributePtr a = AttributeReference::make("a", DataType::integer(), true);
  PlanPtr plan = std::make_shared<Filter>(std::make_shared<In>(a, std::vector<ExprPtr>{}),
                                          std::make_shared<Relation>("t", Attributes{a}));
  EXPECT_EQ(filterText(applyOnce(makeOptimizeIn(), plan)), "false");
}

TEST(OptimizeInTest, LeavesDistinctListsAndNonLiteralListsUnchanged) {
  PlanPtr plan = analyzed(
      "SELECT * FROM nation WHERE n_nationkey IN (1, 2) AND n_regionkey IN (n_nationkey, "
      "n_nationkey)");
  EXPECT_EQ(applyOnce(makeOptimizeIn(), plan), plan);
}

// LikeSimplification

TEST(LikeSimplificationTest, PrefixSuffixInfixAndExactPatterns) {
  PlanPtr plan = analyzed(
      "SELECT * FROM part WHERE p_type LIKE 'PROMO%' AND p_type LIKE '%BRASS' AND p_name LIKE "
      "'%green%' AND p_brand LIKE 'Brand#12' AND p_comment LIKE 'ab%yz' AND p_mfgr LIKE "
      "'50\\%%'");
  PlanPtr simplified = applyOnce(makeLikeSimplification(), plan);
  EXPECT_EQ(filterText(simplified),
            "((startswith(p_type#x, PROMO) AND (endswith(p_type#x, BRASS) AND "
            "contains(p_name#x, green))) AND ((p_brand#x = Brand#12) AND (((length(p_comment#x) "
            ">= 4) AND (startswith(p_comment#x, ab) AND endswith(p_comment#x, yz))) AND "
            "startswith(p_mfgr#x, 50%))))");
}

TEST(LikeSimplificationTest, LeavesUnderscoresSeveralWildcardsAndIlikeUnchanged) {
  PlanPtr plan = analyzed(
      "SELECT * FROM orders WHERE o_comment NOT LIKE '%special%requests%' AND o_clerk LIKE "
      "'Clerk_1%' AND o_comment ILIKE 'a%'");
  EXPECT_EQ(applyOnce(makeLikeSimplification(), plan), plan);
}

TEST(LikeSimplificationTest, TheNewFunctionsAreCallableFromSql) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session,
                         "SELECT startswith(p_name, 'a'), endswith(p_name, 'b'), "
                         "contains(p_name, 'c') FROM part");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ((*plan)->output()[0]->dataType(), DataType::boolean());
}

}  // namespace
}  // namespace planck
