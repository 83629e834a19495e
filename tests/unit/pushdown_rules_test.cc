// The pushdown and pruning rules: PushDownPredicates (with its join truth table),
// PushPredicateThroughJoin, PushExtraPredicateThroughJoin, CombineFilters, ColumnPruning,
// CollapseProject, RemoveNoopOperators.
// Each has a case where it fires and one where it must leave the plan unchanged.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"
#include "optimizer/rules/push_down_predicates.h"
#include "test_support.h"

namespace planck {
namespace {

using test::applyOnce;
using test::applyRules;
using test::planText;
using ::testing::HasSubstr;

// A small schema built by hand: t(a, b, c) and u(x, y), all INTEGER, nullable.
struct Tables {
  AttributePtr a = AttributeReference::make("a", DataType::integer(), true);
  AttributePtr b = AttributeReference::make("b", DataType::integer(), true);
  AttributePtr c = AttributeReference::make("c", DataType::integer(), true);
  AttributePtr x = AttributeReference::make("x", DataType::integer(), true);
  AttributePtr y = AttributeReference::make("y", DataType::integer(), true);
  PlanPtr t = std::make_shared<Relation>("t", Attributes{a, b, c});
  PlanPtr u = std::make_shared<Relation>("u", Attributes{x, y});
};

ExprPtr lit(int32_t value) { return Literal::make(Value::integer(value)); }
ExprPtr gt(ExprPtr l, ExprPtr r) {
  return std::make_shared<BinaryComparison>(ComparisonOp::kGreaterThan, std::move(l), std::move(r));
}
ExprPtr eq(ExprPtr l, ExprPtr r) {
  return std::make_shared<BinaryComparison>(ComparisonOp::kEqual, std::move(l), std::move(r));
}
PlanPtr filter(ExprPtr condition, PlanPtr child) {
  return std::make_shared<Filter>(std::move(condition), std::move(child));
}
PlanPtr project(std::vector<ExprPtr> items, PlanPtr child) {
  return std::make_shared<Project>(std::move(items), std::move(child));
}
PlanPtr join(PlanPtr l, PlanPtr r, JoinType type, ExprPtr condition = nullptr) {
  return std::make_shared<Join>(std::move(l), std::move(r), type, std::move(condition));
}

TEST(PushDownPredicatesTest, ThroughProjectWithAliasesSubstituted) {
  Tables s;
  auto doubled = std::make_shared<Alias>(
      std::make_shared<BinaryArithmetic>(ArithmeticOp::kMultiply, s.a, lit(2)), "d", newExprId());
  PlanPtr plan = filter(gt(toAttribute(doubled), lit(10)), project({doubled, s.b}, s.t));
  EXPECT_EQ(planText(applyOnce(makePushDownPredicates(), plan)),
            "Project [(a#x * 2) AS d#x, b#x]\n"
            "+- Filter ((a#x * 2) > 10)\n"
            "   +- Relation t[a#x,b#x,c#x]\n");
}

TEST(PushDownPredicatesTest, ThroughAggregateOnlyGroupingColumns) {
  Tables s;
  auto sum = std::make_shared<Alias>(
      std::make_shared<AggregateExpression>("sum", std::vector<ExprPtr>{s.b}, false, nullptr,
                                            DataType::bigint(), true),
      "s", newExprId());
  PlanPtr aggregate =
      std::make_shared<Aggregate>(std::vector<ExprPtr>{s.a}, std::vector<ExprPtr>{s.a, sum}, s.t);
  PlanPtr plan =
      filter(std::make_shared<And>(gt(s.a, lit(1)), gt(toAttribute(sum), lit(5))), aggregate);
  PlanPtr pushed = applyOnce(makePushDownPredicates(), plan);
  EXPECT_EQ(planText(pushed),
            "Filter (s#x > 5)\n"
            "+- Aggregate [a#x], [a#x, sum(b#x) AS s#x]\n"
            "   +- Filter (a#x > 1)\n"
            "      +- Relation t[a#x,b#x,c#x]\n");
  // A constant conjunct stays above a global aggregate: it decides whether its one row shows.
  PlanPtr global =
      std::make_shared<Aggregate>(std::vector<ExprPtr>{}, std::vector<ExprPtr>{sum}, s.t);
  PlanPtr constant = filter(eq(lit(1), lit(2)), global);
  EXPECT_EQ(applyOnce(makePushDownPredicates(), constant), constant);
}

TEST(PushDownPredicatesTest, IntoEveryUnionInputByPosition) {
  Tables s;
  PlanPtr left = project({s.a}, s.t);
  PlanPtr right = project({s.x}, s.u);
  PlanPtr plan =
      filter(gt(s.a, lit(3)), std::make_shared<Union>(std::vector<PlanPtr>{left, right}));
  EXPECT_EQ(planText(applyOnce(makePushDownPredicates(), plan)),
            "Union false, false\n"
            ":- Project [a#x]\n"
            ":  +- Filter (a#x > 3)\n"
            ":     +- Relation t[a#x,b#x,c#x]\n"
            "+- Project [x#x]\n"
            "   +- Filter (x#x > 3)\n"
            "      +- Relation u[x#x,y#x]\n");
}

TEST(PushDownPredicatesTest, ThroughWindowOnlyPartitionColumns) {
  Tables s;
  auto rank = std::make_shared<Alias>(
      std::make_shared<WindowExpression>(
          std::make_shared<ScalarFunction>("row_number", std::vector<ExprPtr>{},
                                           DataType::integer(), NullPolicy::kNever, false),
          std::make_shared<WindowSpec>(std::vector<ExprPtr>{s.a}, std::vector<ExprPtr>{},
                                       WindowFrame{})),
      "r", newExprId());
  PlanPtr window = std::make_shared<Window>(std::vector<ExprPtr>{rank}, std::vector<ExprPtr>{s.a},
                                            std::vector<ExprPtr>{}, s.t);
  PlanPtr plan = filter(std::make_shared<And>(gt(s.a, lit(1)), gt(s.b, lit(2))), window);
  PlanPtr pushed = applyOnce(makePushDownPredicates(), plan);
  auto top = pushed->as<Filter>();
  ASSERT_NE(top, nullptr);
  EXPECT_EQ(top->condition()->sql(), "(b > 2)");
  ASSERT_TRUE(top->child(0)->is<Window>());
  ASSERT_TRUE(top->child(0)->child(0)->is<Filter>());
  EXPECT_EQ(top->child(0)->child(0)->as<Filter>()->condition()->sql(), "(a > 1)");
}

// The truth table at the top of push_down_predicates.cc, checked on real joins: a filter above
// the join on the left columns, one on the right columns, and where each ends up.
TEST(PushDownPredicatesTest, JoinTruthTableForFiltersAbove) {
  struct Case {
    JoinType type;
    bool left_pushed;
    bool right_pushed;
  };
  for (Case c :
       {Case{JoinType::kInner, true, true}, Case{JoinType::kLeftOuter, true, false},
        Case{JoinType::kRightOuter, false, true}, Case{JoinType::kFullOuter, false, false}}) {
    Tables s;
    PlanPtr plan = filter(std::make_shared<And>(gt(s.a, lit(1)), gt(s.x, lit(2))),
                          join(s.t, s.u, c.type, eq(s.a, s.x)));
    PlanPtr pushed = applyOnce(makePushDownPredicates(), plan);
    auto joined = test::firstOf<Join>(pushed);
    ASSERT_NE(joined, nullptr);
    EXPECT_EQ(joined->left()->is<Filter>(), c.left_pushed) << joinTypeName(c.type);
    EXPECT_EQ(joined->right()->is<Filter>(), c.right_pushed) << joinTypeName(c.type);
    bool all_pushed = c.left_pushed && c.right_pushed;
    EXPECT_EQ(pushed->is<Filter>(), !all_pushed) << joinTypeName(c.type);
    if (c.type == JoinType::kFullOuter) {
      EXPECT_EQ(pushed, plan);
    }
  }
  for (JoinType type : {JoinType::kLeftSemi, JoinType::kLeftAnti}) {
    Tables s;
    PlanPtr plan = filter(gt(s.a, lit(1)), join(s.t, s.u, type, eq(s.a, s.x)));
    PlanPtr pushed = applyOnce(makePushDownPredicates(), plan);
    ASSERT_TRUE(pushed->is<Join>()) << joinTypeName(type);
    EXPECT_TRUE(pushed->child(0)->is<Filter>());
  }
}

TEST(PushDownPredicatesTest, BothSidesConjunctBecomesTheInnerJoinCondition) {
  Tables s;
  PlanPtr plan = filter(eq(s.a, s.x), join(s.t, s.u, JoinType::kCross));
  EXPECT_EQ(planText(applyOnce(makePushDownPredicates(), plan)),
            "Join Inner, (a#x = x#x)\n"
            ":- Relation t[a#x,b#x,c#x]\n"
            "+- Relation u[x#x,y#x]\n");
}

TEST(PushDownPredicatesTest, NonDeterministicConjunctsStay) {
  Tables s;
  ExprPtr random = std::make_shared<ScalarFunction>("rand", std::vector<ExprPtr>{},
                                                    DataType::float64(), NullPolicy::kNever, false);
  ExprPtr condition = std::make_shared<BinaryComparison>(ComparisonOp::kLessThan, random,
                                                         Literal::make(Value::float64(0.5)));
  PlanPtr plan = filter(condition, project({s.a}, s.t));
  EXPECT_EQ(applyOnce(makePushDownPredicates(), plan), plan);
}

TEST(JoinTruthTableTest, MatchesTheDocumentedTable) {
  using enum JoinSide;
  auto above = PredicateSource::kFilterAbove;
  auto on = PredicateSource::kJoinCondition;
  EXPECT_TRUE(mayPushIntoSide(JoinType::kLeftOuter, on, kRight));
  EXPECT_FALSE(mayPushIntoSide(JoinType::kLeftOuter, on, kLeft));
  EXPECT_TRUE(mayPushIntoSide(JoinType::kRightOuter, on, kLeft));
  EXPECT_FALSE(mayPushIntoSide(JoinType::kRightOuter, above, kLeft));
  EXPECT_FALSE(mayPushIntoSide(JoinType::kLeftAnti, on, kLeft));
  EXPECT_TRUE(mayPushIntoSide(JoinType::kLeftAnti, on, kRight));
  EXPECT_TRUE(mayPushIntoSide(JoinType::kLeftSemi, on, kLeft));
  for (auto source : {above, on}) {
    for (auto side : {kLeft, kRight}) {
      EXPECT_TRUE(mayPushIntoSide(JoinType::kInner, source, side));
      EXPECT_FALSE(mayPushIntoSide(JoinType::kFullOuter, source, side));
    }
  }
}

TEST(PushPredicateThroughJoinTest, SplitsTheConditionIntoTheSides) {
  Tables s;
  ExprPtr condition =
      std::make_shared<And>(std::make_shared<And>(eq(s.a, s.x), gt(s.y, lit(5))), gt(s.b, lit(1)));
  PlanPtr inner = join(s.t, s.u, JoinType::kInner, condition);
  EXPECT_EQ(planText(applyOnce(makePushPredicateThroughJoin(), inner)),
            "Join Inner, (a#x = x#x)\n"
            ":- Filter (b#x > 1)\n"
            ":  +- Relation t[a#x,b#x,c#x]\n"
            "+- Filter (y#x > 5)\n"
            "   +- Relation u[x#x,y#x]\n");
  // LeftOuter: only the NULL-supplying (right) side's conjunct moves.
  PlanPtr outer = join(s.t, s.u, JoinType::kLeftOuter, condition);
  EXPECT_EQ(planText(applyOnce(makePushPredicateThroughJoin(), outer)),
            "Join LeftOuter, ((a#x = x#x) AND (b#x > 1))\n"
            ":- Relation t[a#x,b#x,c#x]\n"
            "+- Filter (y#x > 5)\n"
            "   +- Relation u[x#x,y#x]\n");
}

TEST(PushPredicateThroughJoinTest, LeavesEquiJoinConditionsAlone) {
  Tables s;
  PlanPtr plan = join(s.t, s.u, JoinType::kInner, eq(s.a, s.x));
  EXPECT_EQ(applyOnce(makePushPredicateThroughJoin(), plan), plan);
  PlanPtr full =
      join(s.t, s.u, JoinType::kFullOuter, std::make_shared<And>(eq(s.a, s.x), gt(s.y, lit(1))));
  EXPECT_EQ(applyOnce(makePushPredicateThroughJoin(), full), full);
}

TEST(PushExtraPredicateThroughJoinTest, AnOrConditionImpliesAPredicatePerSide) {
  Tables s;
  // ((a > 1) AND (x > 2)) OR ((a > 3) AND (y > 4)): t's rows need (a > 1) OR (a > 3), u's
  // (x > 2) OR (y > 4); the condition stays whole.
  ExprPtr condition = std::make_shared<Or>(std::make_shared<And>(gt(s.a, lit(1)), gt(s.x, lit(2))),
                                           std::make_shared<And>(gt(s.a, lit(3)), gt(s.y, lit(4))));
  PlanPtr inner = join(s.t, s.u, JoinType::kInner, condition);
  PlanPtr pushed = applyOnce(makePushExtraPredicateThroughJoin(), inner);
  EXPECT_EQ(planText(pushed),
            "Join Inner, (((a#x > 1) AND (x#x > 2)) OR ((a#x > 3) AND (y#x > 4)))\n"
            ":- Filter ((a#x > 1) OR (a#x > 3))\n"
            ":  +- Relation t[a#x,b#x,c#x]\n"
            "+- Filter ((x#x > 2) OR (y#x > 4))\n"
            "   +- Relation u[x#x,y#x]\n");
  // Done once: the filters below have the predicates now.
  EXPECT_EQ(applyOnce(makePushExtraPredicateThroughJoin(), pushed), pushed);
  // LeftOuter keeps every left row: only the right side gets a filter.
  PlanPtr outer = join(s.t, s.u, JoinType::kLeftOuter, condition);
  EXPECT_EQ(planText(applyOnce(makePushExtraPredicateThroughJoin(), outer)),
            "Join LeftOuter, (((a#x > 1) AND (x#x > 2)) OR ((a#x > 3) AND (y#x > 4)))\n"
            ":- Relation t[a#x,b#x,c#x]\n"
            "+- Filter ((x#x > 2) OR (y#x > 4))\n"
            "   +- Relation u[x#x,y#x]\n");
  // A disjunct without a predicate on a side implies nothing for it.
  ExprPtr loose = std::make_shared<Or>(std::make_shared<And>(gt(s.a, lit(1)), gt(s.x, lit(2))),
                                       gt(s.y, lit(4)));
  PlanPtr plan = join(s.t, s.u, JoinType::kInner, loose);
  EXPECT_EQ(planText(applyOnce(makePushExtraPredicateThroughJoin(), plan)),
            "Join Inner, (((a#x > 1) AND (x#x > 2)) OR (y#x > 4))\n"
            ":- Relation t[a#x,b#x,c#x]\n"
            "+- Filter ((x#x > 2) OR (y#x > 4))\n"
            "   +- Relation u[x#x,y#x]\n");
}

TEST(CombineFiltersTest, MergesAdjacentFiltersLowerFirst) {
  Tables s;
  PlanPtr plan = filter(gt(s.a, lit(1)), filter(gt(s.b, lit(2)), s.t));
  EXPECT_EQ(planText(applyOnce(makeCombineFilters(), plan)),
            "Filter ((b#x > 2) AND (a#x > 1))\n"
            "+- Relation t[a#x,b#x,c#x]\n");
  PlanPtr single = filter(gt(s.a, lit(1)), s.t);
  EXPECT_EQ(applyOnce(makeCombineFilters(), single), single);
}

TEST(ColumnPruningTest, ScansReadOnlyTheColumnsUsed) {
  Tables s;
  PlanPtr plan =
      project({s.a}, filter(gt(s.b, lit(1)), join(s.t, s.u, JoinType::kInner, eq(s.a, s.x))));
  EXPECT_EQ(planText(applyOnce(makeColumnPruning(), plan)),
            "Project [a#x]\n"
            "+- Filter (b#x > 1)\n"
            "   +- Join Inner, (a#x = x#x)\n"
            "      :- Relation t[a#x,b#x]\n"
            "      +- Relation u[x#x]\n");
}

TEST(ColumnPruningTest, UnusedAggregatesAndProjectItemsGo) {
  Tables s;
  auto sum = std::make_shared<Alias>(
      std::make_shared<AggregateExpression>("sum", std::vector<ExprPtr>{s.b}, false, nullptr,
                                            DataType::bigint(), true),
      "s", newExprId());
  PlanPtr aggregate =
      std::make_shared<Aggregate>(std::vector<ExprPtr>{s.a}, std::vector<ExprPtr>{s.a, sum}, s.t);
  PlanPtr plan = project({s.a}, aggregate);
  EXPECT_EQ(planText(applyOnce(makeColumnPruning(), plan)),
            "Project [a#x]\n"
            "+- Aggregate [a#x], [a#x]\n"
            "   +- Relation t[a#x]\n");
}

TEST(ColumnPruningTest, UnionInputsKeepTheirPositions) {
  Tables s;
  PlanPtr unioned = std::make_shared<Union>(
      std::vector<PlanPtr>{project({s.a, s.b}, s.t), filter(gt(s.y, lit(0)), s.u)});
  PlanPtr plan = project({s.a}, unioned);
  EXPECT_EQ(planText(applyOnce(makeColumnPruning(), plan)),
            "Project [a#x]\n"
            "+- Union false, false\n"
            "   :- Project [a#x]\n"
            "   :  +- Relation t[a#x]\n"
            "   +- Project [x#x]\n"
            "      +- Filter (y#x > 0)\n"
            "         +- Relation u[x#x,y#x]\n");
}

TEST(ColumnPruningTest, LeavesAPlanThatUsesEveryColumnUnchanged) {
  Tables s;
  PlanPtr plan = project({s.a, s.b, s.c}, filter(gt(s.a, lit(1)), s.t));
  EXPECT_EQ(applyOnce(makeColumnPruning(), plan), plan);
  PlanPtr distinct = project({s.a}, std::make_shared<Distinct>(s.t));
  EXPECT_EQ(applyOnce(makeColumnPruning(), distinct), distinct);
}

TEST(CollapseProjectTest, SubstitutesLowerAliasesKeepingOutputIds) {
  Tables s;
  auto doubled = std::make_shared<Alias>(
      std::make_shared<BinaryArithmetic>(ArithmeticOp::kMultiply, s.a, lit(2)), "d", newExprId());
  AttributePtr d = toAttribute(doubled);
  auto plus = std::make_shared<Alias>(
      std::make_shared<BinaryArithmetic>(ArithmeticOp::kAdd, d, lit(1)), "e", newExprId());
  PlanPtr plan = project({plus, s.b}, project({doubled, s.b}, s.t));
  EXPECT_EQ(planText(applyOnce(makeCollapseProject(), plan)),
            "Project [((a#x * 2) + 1) AS e#x, b#x]\n"
            "+- Relation t[a#x,b#x,c#x]\n");
  // An upper column that named a lower alias becomes that alias: same name, same id.
  PlanPtr passthrough = applyOnce(makeCollapseProject(), project({d}, project({doubled}, s.t)));
  EXPECT_EQ(planText(passthrough), "Project [(a#x * 2) AS d#x]\n+- Relation t[a#x,b#x,c#x]\n");
  EXPECT_EQ(passthrough->output()[0]->exprId(), d->exprId());
}

TEST(CollapseProjectTest, DoesNotDuplicateWorkOrNonDeterminism) {
  Tables s;
  auto doubled = std::make_shared<Alias>(
      std::make_shared<BinaryArithmetic>(ArithmeticOp::kMultiply, s.a, lit(2)), "d", newExprId());
  AttributePtr d = toAttribute(doubled);
  auto twice = std::make_shared<Alias>(std::make_shared<BinaryArithmetic>(ArithmeticOp::kAdd, d, d),
                                       "e", newExprId());
  PlanPtr plan = project({twice}, project({doubled}, s.t));
  EXPECT_EQ(applyOnce(makeCollapseProject(), plan), plan);
}

TEST(RemoveNoopOperatorsTest, DropsIdentityProjects) {
  Tables s;
  PlanPtr plan = filter(gt(s.a, lit(1)), project({s.a, s.b, s.c}, s.t));
  EXPECT_EQ(planText(applyOnce(makeRemoveNoopOperators(), plan)),
            "Filter (a#x > 1)\n"
            "+- Relation t[a#x,b#x,c#x]\n");
  PlanPtr reordering = project({s.b, s.a, s.c}, s.t);
  EXPECT_EQ(applyOnce(makeRemoveNoopOperators(), reordering), reordering);
}

TEST(EliminateOuterJoinTest, NullRejectingFilterMakesTheJoinInner) {
  Tables s;
  PlanPtr plan = filter(gt(s.x, lit(3)), join(s.t, s.u, JoinType::kLeftOuter, eq(s.a, s.x)));
  PlanPtr reduced = applyOnce(makeEliminateOuterJoin(), plan);
  ASSERT_NE(test::firstOf<Join>(reduced), nullptr);
  EXPECT_EQ(test::firstOf<Join>(reduced)->joinType(), JoinType::kInner);
  // Full outer: a filter rejecting only the left side's NULLs keeps the left rows.
  PlanPtr full = filter(gt(s.a, lit(3)), join(s.t, s.u, JoinType::kFullOuter, eq(s.a, s.x)));
  EXPECT_EQ(test::firstOf<Join>(applyOnce(makeEliminateOuterJoin(), full))->joinType(),
            JoinType::kLeftOuter);
}

TEST(EliminateOuterJoinTest, FiltersThatKeepNullRowsLeaveTheJoinAlone) {
  Tables s;
  // IS NULL keeps the padded rows; OR with a non-rejecting side keeps them too.
  PlanPtr is_null =
      filter(std::make_shared<IsNull>(s.x), join(s.t, s.u, JoinType::kLeftOuter, eq(s.a, s.x)));
  EXPECT_EQ(applyOnce(makeEliminateOuterJoin(), is_null), is_null);
  PlanPtr either = filter(std::make_shared<Or>(gt(s.x, lit(3)), gt(s.a, lit(1))),
                          join(s.t, s.u, JoinType::kLeftOuter, eq(s.a, s.x)));
  EXPECT_EQ(applyOnce(makeEliminateOuterJoin(), either), either);
  // A filter on the preserved side says nothing about the padded rows.
  PlanPtr preserved = filter(gt(s.a, lit(3)), join(s.t, s.u, JoinType::kLeftOuter, eq(s.a, s.x)));
  EXPECT_EQ(applyOnce(makeEliminateOuterJoin(), preserved), preserved);
}

TEST(ReorderJoinTest, CommaJoinsBecomeConnectedInnerJoins) {
  Tables s;
  AttributePtr p = AttributeReference::make("p", DataType::integer(), true);
  PlanPtr v = std::make_shared<Relation>("v", Attributes{p});
  // FROM t, v, u WHERE a = x AND x = p: t and v are not connected, so u goes second.
  PlanPtr plan = filter(std::make_shared<And>(eq(s.a, s.x), eq(s.x, p)),
                        join(join(s.t, v, JoinType::kCross), s.u, JoinType::kCross));
  EXPECT_EQ(planText(applyOnce(makeReorderJoin(), plan)),
            "Project [a#x, b#x, c#x, p#x, x#x, y#x]\n"
            "+- Join Inner, (x#x = p#x)\n"
            "   :- Join Inner, (a#x = x#x)\n"
            "   :  :- Relation t[a#x,b#x,c#x]\n"
            "   :  +- Relation u[x#x,y#x]\n"
            "   +- Relation v[p#x]\n");
}

TEST(ReorderJoinTest, AnOrderThatIsAlreadyConnectedIsKept) {
  Tables s;
  AttributePtr p = AttributeReference::make("p", DataType::integer(), true);
  PlanPtr v = std::make_shared<Relation>("v", Attributes{p});
  PlanPtr plan =
      join(join(s.t, s.u, JoinType::kInner, eq(s.a, s.x)), v, JoinType::kInner, eq(s.x, p));
  EXPECT_EQ(applyOnce(makeReorderJoin(), plan), plan);
}

TEST(InferFiltersFromConstraintsTest, EqualityCarriesAFilterAcrossAJoin) {
  Tables s;
  PlanPtr plan = join(filter(eq(s.a, lit(5)), s.t), s.u, JoinType::kInner, eq(s.a, s.x));
  EXPECT_EQ(planText(applyOnce(makeInferFiltersFromConstraints(), plan)),
            "Join Inner, (a#x = x#x)\n"
            ":- Filter ((a#x = 5) AND isnotnull(a#x))\n"
            ":  +- Relation t[a#x,b#x,c#x]\n"
            "+- Filter ((x#x = 5) AND isnotnull(x#x))\n"
            "   +- Relation u[x#x,y#x]\n");
}

TEST(InferFiltersFromConstraintsTest, ThePreservedSideOfAnOuterJoinGetsNothing) {
  Tables s;
  // The filter is on the NULL-supplying side: nothing may be inferred for the preserved left.
  PlanPtr plan = join(s.t, filter(eq(s.x, lit(5)), s.u), JoinType::kLeftOuter, eq(s.a, s.x));
  PlanPtr inferred = applyOnce(makeInferFiltersFromConstraints(), plan);
  EXPECT_TRUE(test::firstOf<Join>(inferred)->left()->is<Relation>());
  // Without any constraint there is nothing to infer.
  PlanPtr bare = join(s.t, s.u, JoinType::kLeftOuter,
                      std::make_shared<BinaryComparison>(ComparisonOp::kNullSafeEqual, s.a, s.x));
  EXPECT_EQ(applyOnce(makeInferFiltersFromConstraints(), bare), bare);
}

TEST(PushDownLeftSemiAntiJoinTest, BelowAProjectWithItsAliasesSubstituted) {
  Tables s;
  auto next = std::make_shared<Alias>(
      std::make_shared<BinaryArithmetic>(ArithmeticOp::kAdd, s.a, lit(1)), "k", newExprId());
  PlanPtr plan = join(project({next}, s.t), s.u, JoinType::kLeftSemi, eq(toAttribute(next), s.x));
  EXPECT_EQ(planText(applyOnce(makePushDownLeftSemiAntiJoin(), plan)),
            "Project [(a#x + 1) AS k#x]\n"
            "+- Join LeftSemi, ((a#x + 1) = x#x)\n"
            "   :- Relation t[a#x,b#x,c#x]\n"
            "   +- Relation u[x#x,y#x]\n");
}

TEST(PushDownLeftSemiAntiJoinTest, BelowAnAggregateOnlyOnGroupingColumns) {
  Tables s;
  auto sum = std::make_shared<Alias>(
      std::make_shared<AggregateExpression>("sum", std::vector<ExprPtr>{s.b}, false, nullptr,
                                            DataType::bigint(), true),
      "s", newExprId());
  PlanPtr aggregate =
      std::make_shared<Aggregate>(std::vector<ExprPtr>{s.a}, std::vector<ExprPtr>{s.a, sum}, s.t);
  PlanPtr on_key = join(aggregate, s.u, JoinType::kLeftAnti, eq(s.a, s.x));
  EXPECT_EQ(planText(applyOnce(makePushDownLeftSemiAntiJoin(), on_key)),
            "Aggregate [a#x], [a#x, sum(b#x) AS s#x]\n"
            "+- Join LeftAnti, (a#x = x#x)\n"
            "   :- Relation t[a#x,b#x,c#x]\n"
            "   +- Relation u[x#x,y#x]\n");
  // A condition on the aggregate's result decides per group, after grouping: it stays.
  PlanPtr on_sum = join(aggregate, s.u, JoinType::kLeftAnti, eq(toAttribute(sum), s.x));
  EXPECT_EQ(applyOnce(makePushDownLeftSemiAntiJoin(), on_sum), on_sum);
}

TEST(PushDownLeftSemiAntiJoinTest, LeavesInnerJoinsAndJoinsWithoutConditionAlone) {
  Tables s;
  PlanPtr inner = join(project({s.a}, s.t), s.u, JoinType::kInner, eq(s.a, s.x));
  EXPECT_EQ(applyOnce(makePushDownLeftSemiAntiJoin(), inner), inner);
  PlanPtr bare = join(project({s.a}, s.t), s.u, JoinType::kLeftSemi);
  EXPECT_EQ(applyOnce(makePushDownLeftSemiAntiJoin(), bare), bare);
}

}  // namespace
}  // namespace planck
