// RemoveRedundantAliases: `a#1 AS a#5` becomes `a#1` and the references above read #1, except
// for the query's own output, a join's two sides (self-joins), a Union's first input and a list
// that already outputs the column.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"
#include "test_support.h"

namespace planck {
namespace {

using test::applyOnce;
using test::planText;

// t(a, b, c) and u(x, y), all INTEGER, nullable.
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
ExprPtr plus(ExprPtr l, ExprPtr r) {
  return std::make_shared<BinaryArithmetic>(ArithmeticOp::kAdd, std::move(l), std::move(r));
}
std::shared_ptr<const Alias> as(ExprPtr child, std::string name) {
  return std::make_shared<Alias>(std::move(child), std::move(name), newExprId());
}
PlanPtr filter(ExprPtr condition, PlanPtr child) {
  return std::make_shared<Filter>(std::move(condition), std::move(child));
}
PlanPtr project(std::vector<ExprPtr> items, PlanPtr child) {
  return std::make_shared<Project>(std::move(items), std::move(child));
}
PlanPtr join(PlanPtr l, PlanPtr r, ExprPtr condition) {
  return std::make_shared<Join>(std::move(l), std::move(r), JoinType::kInner, std::move(condition));
}

// The ids of `plan`'s output, in order.
std::vector<ExprId> outputIds(const PlanPtr& plan) {
  std::vector<ExprId> ids;
  for (const AttributePtr& column : plan->output()) ids.push_back(column->exprId());
  return ids;
}

TEST(RemoveRedundantAliasesTest, DerivedTableAliasUnderFilterBecomesTheColumn) {
  Tables s;
  auto renamed = as(s.a, "a");  // SELECT a AS a, b FROM t
  AttributePtr a5 = renamed->toAttribute();
  auto z = as(a5, "z");
  PlanPtr plan = project({s.b, z}, filter(gt(a5, lit(1)), project({renamed, s.b}, s.t)));
  PlanPtr after = applyOnce(makeRemoveRedundantAliases(), plan);
  EXPECT_EQ(planText(after),
            "Project [b#x, a#x AS z#x]\n"
            "+- Filter (a#x > 1)\n"
            "   +- Project [a#x, b#x]\n"
            "      +- Relation t[a#x,b#x,c#x]\n");
  // The filter and the root now read t's own column; the root keeps its output ids.
  auto condition = test::firstOf<Filter>(after)->condition();
  EXPECT_EQ(condition->child(0)->as<AttributeReference>()->exprId(), s.a->exprId());
  EXPECT_EQ(outputIds(after), outputIds(plan));
  EXPECT_EQ(after->as<Project>()->projectList()[1]->child(0)->as<AttributeReference>()->exprId(),
            s.a->exprId());
}

TEST(RemoveRedundantAliasesTest, JoinConditionAboveReadsTheColumn) {
  Tables s;
  auto renamed = as(s.a, "a");
  PlanPtr plan =
      project({s.y}, join(project({renamed}, s.t), s.u, eq(renamed->toAttribute(), s.x)));
  EXPECT_EQ(planText(applyOnce(makeRemoveRedundantAliases(), plan)),
            "Project [y#x]\n"
            "+- Join Inner, (a#x = x#x)\n"
            "   :- Project [a#x]\n"
            "   :  +- Relation t[a#x,b#x,c#x]\n"
            "   +- Relation u[x#x,y#x]\n");
  auto joined = test::firstOf<Join>(applyOnce(makeRemoveRedundantAliases(), plan));
  EXPECT_EQ(joined->condition()->child(0)->as<AttributeReference>()->exprId(), s.a->exprId());
}

TEST(RemoveRedundantAliasesTest, AggregateListAlias) {
  Tables s;
  auto renamed = as(s.a, "a");
  auto total = as(std::make_shared<AggregateExpression>("sum", std::vector<ExprPtr>{s.b}, false,
                                                        nullptr, DataType::bigint(), true),
                  "total");
  PlanPtr aggregate = std::make_shared<Aggregate>(std::vector<ExprPtr>{s.a},
                                                  std::vector<ExprPtr>{renamed, total}, s.t);
  PlanPtr plan =
      project({total->toAttribute()}, filter(gt(renamed->toAttribute(), lit(0)), aggregate));
  EXPECT_EQ(planText(applyOnce(makeRemoveRedundantAliases(), plan)),
            "Project [total#x]\n"
            "+- Filter (a#x > 0)\n"
            "   +- Aggregate [a#x], [a#x, sum(b#x) AS total#x]\n"
            "      +- Relation t[a#x,b#x,c#x]\n");
}

TEST(RemoveRedundantAliasesTest, RootOutputAliasesStay) {
  Tables s;
  // The query's columns keep their ids, even through operators that pass them on.
  PlanPtr root = project({as(s.a, "a"), s.b}, s.t);
  EXPECT_EQ(applyOnce(makeRemoveRedundantAliases(), root), root);
  auto renamed = as(s.a, "a");
  PlanPtr through = filter(gt(renamed->toAttribute(), lit(1)), project({renamed}, s.t));
  EXPECT_EQ(applyOnce(makeRemoveRedundantAliases(), through), through);
}

TEST(RemoveRedundantAliasesTest, RenamingAliasStays) {
  Tables s;
  auto renamed = as(s.a, "b2");  // a AS b2 changes the column's name
  PlanPtr plan =
      project({s.b}, filter(gt(renamed->toAttribute(), lit(1)), project({renamed, s.b}, s.t)));
  EXPECT_EQ(applyOnce(makeRemoveRedundantAliases(), plan), plan);
}

TEST(RemoveRedundantAliasesTest, ListThatAlreadyOutputsTheColumnKeepsTheAlias) {
  Tables s;
  auto again = as(s.a, "a");  // SELECT a, a AS a: unaliased, the list would output a#1 twice
  PlanPtr plan = project({as(plus(s.a, again->toAttribute()), "s")}, project({s.a, again}, s.t));
  EXPECT_EQ(applyOnce(makeRemoveRedundantAliases(), plan), plan);
}

TEST(RemoveRedundantAliasesTest, SelfJoinSidesNeverShareAnId) {
  Tables s;
  // Two copies of one subtree with the same ids, as InlineCTE makes for a CTE used twice.
  auto left = as(s.a, "a");
  auto right = as(s.a, "a");
  PlanPtr plan = project({as(plus(left->toAttribute(), right->toAttribute()), "s")},
                         join(project({left}, s.t), project({right}, s.t),
                              eq(left->toAttribute(), right->toAttribute())));
  PlanPtr after = applyOnce(makeRemoveRedundantAliases(), plan);
  EXPECT_EQ(planText(after),
            "Project [(a#x + a#x) AS s#x]\n"
            "+- Join Inner, (a#x = a#x)\n"
            "   :- Project [a#x]\n"
            "   :  +- Relation t[a#x,b#x,c#x]\n"
            "   +- Project [a#x AS a#x]\n"
            "      +- Relation t[a#x,b#x,c#x]\n");
  std::vector<ExprId> ids = outputIds(test::firstOf<Join>(after));
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], s.a->exprId());
  EXPECT_EQ(ids[1], right->exprId());
}

TEST(RemoveRedundantAliasesTest, UnionKeepsItsFirstInputsIds) {
  Tables s;
  auto first = as(s.a, "a");
  auto second = as(s.x, "x");
  PlanPtr unioned =
      std::make_shared<Union>(std::vector<PlanPtr>{project({first}, s.t), project({second}, s.u)});
  PlanPtr plan = project({as(plus(first->toAttribute(), lit(1)), "s")}, unioned);
  PlanPtr after = applyOnce(makeRemoveRedundantAliases(), plan);
  // The Union outputs its first input's columns: that alias stays; the second input's id is
  // not visible above, so its alias goes.
  EXPECT_EQ(planText(after),
            "Project [(a#x + 1) AS s#x]\n"
            "+- Union false, false\n"
            "   :- Project [a#x AS a#x]\n"
            "   :  +- Relation t[a#x,b#x,c#x]\n"
            "   +- Project [x#x]\n"
            "      +- Relation u[x#x,y#x]\n");
  EXPECT_EQ(outputIds(test::firstOf<Union>(after)), std::vector<ExprId>{first->exprId()});
}

TEST(RemoveRedundantAliasesTest, OuterReferencesOfSubqueriesFollowTheRename) {
  Tables s;
  auto renamed = as(s.a, "a");
  AttributePtr a5 = renamed->toAttribute();
  // EXISTS (SELECT x FROM u WHERE x = outer(a#5))
  PlanPtr subquery = project({s.x}, filter(eq(s.x, std::make_shared<OuterReference>(a5)), s.u));
  PlanPtr plan =
      project({s.b}, filter(std::make_shared<Exists>(subquery), project({renamed, s.b}, s.t)));
  PlanPtr after = applyOnce(makeRemoveRedundantAliases(), plan);
  ASSERT_NE(after, plan);
  auto exists = test::firstOf<Filter>(after)->condition()->asSubquery();
  ASSERT_NE(exists, nullptr);
  auto outer = test::exprsOf<OuterReference>(exists->plan());
  ASSERT_EQ(outer.size(), 1u);
  EXPECT_EQ(outer[0]->attribute()->exprId(), s.a->exprId());
}

TEST(RemoveRedundantAliasesTest, SqlDerivedTableThroughTheOptimizer) {
  auto session = Session::withTpchSchema();
  auto optimized = test::optimizeSql(
      *session,
      "SELECT n.n_name, r.r_name FROM (SELECT n_name AS n_name, n_regionkey AS n_regionkey "
      "FROM nation) n JOIN region r ON n.n_regionkey = r.r_regionkey WHERE n.n_name > 'B'");
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  // An alias that renames a column to its own name is left only where it defines one of the
  // query's output columns (n.n_name); the join reads nation's own n_regionkey.
  AttributeSet root_output((*optimized)->output());
  for (const auto& alias : test::exprsOf<Alias>(*optimized)) {
    const auto* column = alias->child(0)->as<AttributeReference>();
    if (column == nullptr || column->name() != alias->name()) continue;
    EXPECT_TRUE(root_output.contains(alias->exprId())) << planText(*optimized);
  }
  auto joined = test::firstOf<Join>(*optimized);
  ASSERT_NE(joined, nullptr);
  AttributeSet nation_columns;
  for (const auto& scan : test::nodesOf<Relation>(*optimized)) {
    if (scan->tableName() == "nation") nation_columns = AttributeSet(scan->output());
  }
  AttributeSet read = referencesOf(joined->condition());
  EXPECT_TRUE(read.intersects(nation_columns)) << planText(*optimized);
}

}  // namespace
}  // namespace planck
