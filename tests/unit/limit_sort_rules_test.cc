// The limit, sort and empty-relation rules: for each, a case where it fires (the plan shape it
// builds, with the output columns kept) and a case where it leaves the plan unchanged (the same
// pointer).
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

PlanPtr emptyRelation(const Attributes& columns) {
  return std::make_shared<LocalRelation>(columns, std::vector<std::vector<Value>>{});
}

ExprPtr count(int value) { return Literal::make(Value::integer(value)); }

// LIMIT n as the parser builds it: GlobalLimit over LocalLimit.
PlanPtr limit(int value, PlanPtr child) {
  return std::make_shared<GlobalLimit>(count(value),
                                       std::make_shared<LocalLimit>(count(value), child));
}

ExprPtr ascending(const ExprPtr& expr) { return std::make_shared<SortOrder>(expr, true, true); }

// LimitPushDown

TEST(LimitPushDownTest, PushesALocalLimitIntoEveryUnionInput) {
  AttributePtr a = column("a"), b = column("b");
  PlanPtr plan = limit(
      10, std::make_shared<Union>(std::vector<PlanPtr>{relation("t", {a}), relation("u", {b})}));
  PlanPtr pushed = applyOnce(makeLimitPushDown(), plan);
  EXPECT_EQ(planText(pushed),
            "GlobalLimit 10\n"
            "+- LocalLimit 10\n"
            "   +- Union false, false\n"
            "      :- LocalLimit 10\n"
            "      :  +- Relation t[a#x]\n"
            "      +- LocalLimit 10\n"
            "         +- Relation u[b#x]\n");
  // A second run adds nothing: the inputs are already limited.
  EXPECT_EQ(applyOnce(makeLimitPushDown(), pushed), pushed);
}

TEST(LimitPushDownTest, PushesIntoThePreservedSideOfALeftOuterJoin) {
  PlanPtr plan = analyzed(
      "SELECT n_name, r_name FROM nation LEFT JOIN region ON n_regionkey = r_regionkey LIMIT 5");
  ASSERT_NE(plan, nullptr);
  PlanPtr pushed = applyOnce(makeLimitPushDown(), plan);
  auto join = firstOf<Join>(pushed);
  ASSERT_NE(join, nullptr);
  ASSERT_TRUE(join->left()->is<LocalLimit>());
  EXPECT_TRUE(join->left()->child(0)->is<Relation>());
  EXPECT_TRUE(join->right()->is<Relation>());  // the null-supplying side keeps every row
}

TEST(LimitPushDownTest, PushesIntoBothSidesOfACrossJoin) {
  AttributePtr a = column("a"), b = column("b");
  PlanPtr plan = limit(
      3, std::make_shared<Join>(relation("t", {a}), relation("u", {b}), JoinType::kCross, nullptr));
  PlanPtr pushed = applyOnce(makeLimitPushDown(), plan);
  auto join = firstOf<Join>(pushed);
  ASSERT_NE(join, nullptr);
  EXPECT_TRUE(join->left()->is<LocalLimit>());
  EXPECT_TRUE(join->right()->is<LocalLimit>());
}

TEST(LimitPushDownTest, PushesThroughAProjectOverARightOuterJoin) {
  AttributePtr a = column("a"), b = column("b");
  PlanPtr join =
      std::make_shared<Join>(relation("t", {a}), relation("u", {b}), JoinType::kRightOuter,
                             std::make_shared<BinaryComparison>(ComparisonOp::kEqual, a, b));
  PlanPtr plan = limit(4, std::make_shared<Project>(std::vector<ExprPtr>{b}, join));
  PlanPtr pushed = applyOnce(makeLimitPushDown(), plan);
  EXPECT_EQ(planText(pushed),
            "GlobalLimit 4\n"
            "+- LocalLimit 4\n"
            "   +- Project [b#x]\n"
            "      +- Join RightOuter, (a#x = b#x)\n"
            "         :- Relation t[a#x]\n"
            "         +- LocalLimit 4\n"
            "            +- Relation u[b#x]\n");
}

TEST(LimitPushDownTest, LeavesAnInnerJoinWithAConditionUnchanged) {
  PlanPtr plan = analyzed(
      "SELECT n_name, r_name FROM nation JOIN region ON n_regionkey = r_regionkey LIMIT 5");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(applyOnce(makeLimitPushDown(), plan), plan);
}

// EliminateLimits

TEST(EliminateLimitsTest, RemovesALimitOverAGlobalAggregate) {
  PlanPtr plan = analyzed("SELECT count(*) AS c FROM nation LIMIT 10");
  ASSERT_NE(plan, nullptr);
  ASSERT_NE(firstOf<GlobalLimit>(plan), nullptr);
  PlanPtr eliminated = applyOnce(makeEliminateLimits(), plan);
  EXPECT_EQ(firstOf<GlobalLimit>(eliminated), nullptr);
  EXPECT_EQ(firstOf<LocalLimit>(eliminated), nullptr);
  EXPECT_TRUE(eliminated->is<Aggregate>());
  EXPECT_EQ(idsOf(eliminated->output()), idsOf(plan->output()));
}

TEST(EliminateLimitsTest, CombinesNestedLimitsToTheLeastCount) {
  AttributePtr a = column("a");
  PlanPtr plan = limit(5, limit(3, relation("t", {a})));
  PlanPtr combined = applyOnce(makeEliminateLimits(), plan);
  EXPECT_EQ(planText(combined),
            "GlobalLimit 3\n"
            "+- LocalLimit 3\n"
            "   +- Relation t[a#x]\n");
  PlanPtr other = applyOnce(makeEliminateLimits(), limit(3, limit(5, relation("t", {a}))));
  EXPECT_EQ(planText(other), planText(combined));
}

TEST(EliminateLimitsTest, RemovesALimitOverASmallerLocalRelation) {
  AttributePtr a = column("a");
  PlanPtr rows = std::make_shared<LocalRelation>(
      Attributes{a}, std::vector<std::vector<Value>>{{Value::integer(1)}, {Value::integer(2)}});
  EXPECT_EQ(applyOnce(makeEliminateLimits(), limit(2, rows)), rows);
  PlanPtr kept = limit(1, rows);
  EXPECT_EQ(applyOnce(makeEliminateLimits(), kept), kept);
}

TEST(EliminateLimitsTest, LeavesALimitOverATableUnchanged) {
  PlanPtr plan = analyzed("SELECT n_name FROM nation LIMIT 10");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(applyOnce(makeEliminateLimits(), plan), plan);
}

// EliminateSorts

TEST(EliminateSortsTest, RemovesASortUnderAnAggregate) {
  AttributePtr k = column("k"), v = column("v");
  PlanPtr sorted =
      std::make_shared<Sort>(std::vector<ExprPtr>{ascending(v)}, true, relation("t", {k, v}));
  auto sum = std::make_shared<AggregateExpression>("sum", std::vector<ExprPtr>{v}, false, nullptr,
                                                   DataType::bigint(), true);
  PlanPtr plan = std::make_shared<Aggregate>(
      std::vector<ExprPtr>{k}, std::vector<ExprPtr>{k, Alias::make(sum, "s")},
      std::make_shared<Project>(std::vector<ExprPtr>{k, v}, sorted));
  PlanPtr eliminated = applyOnce(makeEliminateSorts(), plan);
  EXPECT_EQ(firstOf<Sort>(eliminated), nullptr);
  EXPECT_EQ(planText(eliminated),
            "Aggregate [k#x], [k#x, sum(v#x) AS s#x]\n"
            "+- Project [k#x, v#x]\n"
            "   +- Relation t[k#x,v#x]\n");
}

TEST(EliminateSortsTest, RemovesTheLowerOfTwoSortsAndFoldableKeys) {
  AttributePtr a = column("a"), b = column("b");
  PlanPtr lower =
      std::make_shared<Sort>(std::vector<ExprPtr>{ascending(b)}, true, relation("t", {a, b}));
  PlanPtr plan =
      std::make_shared<Sort>(std::vector<ExprPtr>{ascending(count(1)), ascending(a)}, true, lower);
  PlanPtr eliminated = applyOnce(makeEliminateSorts(), plan);
  EXPECT_EQ(planText(eliminated),
            "Sort [a#x ASC NULLS FIRST], true\n"
            "+- Relation t[a#x,b#x]\n");
}

TEST(EliminateSortsTest, KeepsASortUnderALimit) {
  PlanPtr plan =
      analyzed("SELECT count(*) FROM (SELECT n_name FROM nation ORDER BY n_name LIMIT 3) t");
  ASSERT_NE(plan, nullptr);
  ASSERT_NE(firstOf<Sort>(plan), nullptr);
  EXPECT_EQ(applyOnce(makeEliminateSorts(), plan), plan);
}

TEST(EliminateSortsTest, KeepsASortUnderAnOrderSensitiveAggregate) {
  PlanPtr plan =
      analyzed("SELECT first(n_name) FROM (SELECT n_name FROM nation ORDER BY n_name DESC) t");
  ASSERT_NE(plan, nullptr);
  ASSERT_NE(firstOf<Sort>(plan), nullptr);
  EXPECT_EQ(applyOnce(makeEliminateSorts(), plan), plan);
}

// PropagateEmptyRelation

TEST(PropagateEmptyRelationTest, EmptiesOperatorsOverAnEmptyInput) {
  AttributePtr a = column("a");
  PlanPtr plan = std::make_shared<Project>(
      std::vector<ExprPtr>{Alias::make(a, "b")},
      std::make_shared<Filter>(
          std::make_shared<BinaryComparison>(ComparisonOp::kGreaterThan, a, count(1)),
          emptyRelation({a})));
  PlanPtr propagated = applyOnce(makePropagateEmptyRelation(), plan);
  ASSERT_TRUE(propagated->is<LocalRelation>());
  EXPECT_TRUE(propagated->as<LocalRelation>()->rows().empty());
  EXPECT_EQ(idsOf(propagated->output()), idsOf(plan->output()));
}

TEST(PropagateEmptyRelationTest, KeepsAGlobalAggregateOverAnEmptyInput) {
  AttributePtr a = column("a");
  auto counted = std::make_shared<AggregateExpression>("count", std::vector<ExprPtr>{a}, false,
                                                       nullptr, DataType::bigint(), false);
  PlanPtr plan = std::make_shared<Aggregate>(
      std::vector<ExprPtr>{}, std::vector<ExprPtr>{Alias::make(counted, "c")}, emptyRelation({a}));
  EXPECT_EQ(applyOnce(makePropagateEmptyRelation(), plan), plan);
}

TEST(PropagateEmptyRelationTest, LeftOuterJoinWithAnEmptyRightSideBecomesNulls) {
  AttributePtr a = column("a", false), x = column("x", false);
  PlanPtr plan =
      std::make_shared<Join>(relation("t", {a}), emptyRelation({x}), JoinType::kLeftOuter,
                             std::make_shared<BinaryComparison>(ComparisonOp::kEqual, a, x));
  PlanPtr propagated = applyOnce(makePropagateEmptyRelation(), plan);
  EXPECT_EQ(planText(propagated),
            "Project [a#x, null AS x#x]\n"
            "+- Relation t[a#x]\n");
  EXPECT_EQ(idsOf(propagated->output()), idsOf(plan->output()));
}

TEST(PropagateEmptyRelationTest, JoinsWithAnEmptySide) {
  AttributePtr a = column("a"), x = column("x");
  PlanPtr t = relation("t", {a});
  PlanPtr empty = emptyRelation({x});
  auto join = [&](PlanPtr left, PlanPtr right, JoinType type) -> PlanPtr {
    return std::make_shared<Join>(left, right, type,
                                  std::make_shared<BinaryComparison>(ComparisonOp::kEqual, a, x));
  };
  auto rule = makePropagateEmptyRelation();
  EXPECT_TRUE(applyOnce(rule, join(t, empty, JoinType::kInner))->is<LocalRelation>());
  EXPECT_TRUE(applyOnce(rule, join(t, empty, JoinType::kLeftSemi))->is<LocalRelation>());
  EXPECT_EQ(applyOnce(rule, join(t, empty, JoinType::kLeftAnti)), t);
  AttributePtr y = column("y");
  PlanPtr anti_empty_left =
      std::make_shared<Join>(emptyRelation({y}), t, JoinType::kLeftAnti, nullptr);
  EXPECT_TRUE(applyOnce(rule, anti_empty_left)->is<LocalRelation>());
}

TEST(PropagateEmptyRelationTest, UnionDropsEmptyInputsAndKeepsItsColumnIds) {
  AttributePtr a = column("a"), b = column("b"), c = column("c");
  PlanPtr plan = std::make_shared<Union>(
      std::vector<PlanPtr>{emptyRelation({a}), relation("u", {b}), relation("v", {c})});
  PlanPtr propagated = applyOnce(makePropagateEmptyRelation(), plan);
  EXPECT_EQ(planText(propagated),
            "Project [b#x AS a#x]\n"
            "+- Union false, false\n"
            "   :- Relation u[b#x]\n"
            "   +- Relation v[c#x]\n");
  EXPECT_EQ(idsOf(propagated->output()), idsOf(plan->output()));
}

TEST(PropagateEmptyRelationTest, EmptiesAGroupedAggregateAndARightOuterJoin) {
  AttributePtr a = column("a"), x = column("x");
  PlanPtr grouped = std::make_shared<Aggregate>(std::vector<ExprPtr>{a}, std::vector<ExprPtr>{a},
                                                emptyRelation({a}));
  PlanPtr propagated = applyOnce(makePropagateEmptyRelation(), grouped);
  ASSERT_TRUE(propagated->is<LocalRelation>());
  EXPECT_EQ(idsOf(propagated->output()), idsOf(grouped->output()));
  PlanPtr right_outer = std::make_shared<Join>(emptyRelation({a}), relation("u", {x}),
                                               JoinType::kRightOuter, nullptr);
  EXPECT_EQ(planText(applyOnce(makePropagateEmptyRelation(), right_outer)),
            "Project [null AS a#x, x#x]\n"
            "+- Relation u[x#x]\n");
}

TEST(PropagateEmptyRelationTest, LeavesAPlanWithoutEmptyRelationsUnchanged) {
  PlanPtr plan = analyzed("SELECT n_name FROM nation WHERE n_nationkey > 3 ORDER BY n_name");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(applyOnce(makePropagateEmptyRelation(), plan), plan);
}

}  // namespace
}  // namespace planck
