// The generic tree API (logical/tree_node.h) on plans and expressions: unchanged rewrites keep
// the pointer, changes rebuild only the path to the change, traversal order, structural
// equality and hashing, and origins surviving copies.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "logical/operators.h"
#include "test_support.h"

namespace planck {
namespace {

using test::analyzeSql;
using test::parsePlan;

ExprPtr intLit(int32_t value) { return Literal::make(Value::integer(value)); }

ExprPtr cmp(ComparisonOp op, ExprPtr left, ExprPtr right) {
  return std::make_shared<BinaryComparison>(op, std::move(left), std::move(right));
}

// A small fixed tree:
//   Join Inner, (a = c)
//   :- Filter (a > 1)
//   :  +- Relation t[a, b]
//   +- Project [c]
//      +- Relation u[c, d]
struct Fixture {
  AttributePtr a = AttributeReference::make("a", DataType::integer(), false);
  AttributePtr b = AttributeReference::make("b", DataType::varchar(), true);
  AttributePtr c = AttributeReference::make("c", DataType::integer(), false);
  AttributePtr d = AttributeReference::make("d", DataType::date(), true);
  PlanPtr t = std::make_shared<Relation>("t", Attributes{a, b});
  PlanPtr u = std::make_shared<Relation>("u", Attributes{c, d});
  PlanPtr filter = std::make_shared<Filter>(cmp(ComparisonOp::kGreaterThan, a, intLit(1)), t);
  PlanPtr project = std::make_shared<Project>(std::vector<ExprPtr>{c}, u);
  PlanPtr join =
      std::make_shared<Join>(filter, project, JoinType::kInner, cmp(ComparisonOp::kEqual, a, c));
};

// Replaces the integer literal `from` by `to`, leaving everything else alone.
auto replaceLiteral(int32_t from, int32_t to) {
  return [from, to](const ExprPtr& expr) -> ExprPtr {
    const auto* literal = expr->as<Literal>();
    if (literal && literal->value().type() == DataType::integer() && !literal->value().isNull() &&
        literal->value().asInt() == from) {
      return intLit(to);
    }
    return expr;
  };
}

TEST(TreeNodeTest, NoOpPlanTransformsReturnTheSamePointer) {
  Fixture f;
  auto identity = [](const PlanPtr& node) { return node; };
  EXPECT_EQ(transformUp(f.join, identity), f.join);
  EXPECT_EQ(transformDown(f.join, identity), f.join);
  // A rule that matches nothing in the tree behaves the same.
  auto drop_sorts = [](const PlanPtr& node) { return node->is<Sort>() ? node->child(0) : node; };
  EXPECT_EQ(transformUp(f.join, drop_sorts), f.join);
  EXPECT_EQ(transformDown(f.join, drop_sorts), f.join);
}

// Rule-id pruning: a second pass of the same rule in the same run skips the resolved subtrees
// the first pass left unchanged; another rule, or the same rule in another run, does not.
TEST(TreeNodeTest, TransformUpWithPruningSkipsSubtreesTheRuleLeftUnchanged) {
  Fixture f;
  int visits = 0;
  auto count = [&visits](const PlanPtr& node) {
    ++visits;
    return node;
  };
  const RuleMark rule{4242, 3};
  int nodes = 0;
  forEachNode(f.join, [&nodes](const PlanPtr&) { ++nodes; });
  EXPECT_EQ(transformUpWithPruning(f.join, rule, count), f.join);
  EXPECT_EQ(visits, nodes);
  EXPECT_TRUE(f.join->isRuleIneffective(rule));
  visits = 0;
  EXPECT_EQ(transformUpWithPruning(f.join, rule, count), f.join);
  EXPECT_EQ(visits, 0);  // the whole tree was skipped at its root
  EXPECT_FALSE(f.join->isRuleIneffective(RuleMark{4242, 4}));  // another rule
  EXPECT_FALSE(f.join->isRuleIneffective(RuleMark{4243, 3}));  // another run
  EXPECT_FALSE(f.join->isRuleIneffective(RuleMark{}));         // no pruning
  // A node the rule changes is not marked; the unchanged subtrees beside it are.
  auto drop_filters = [](const PlanPtr& node) {
    return node->is<Filter>() ? node->child(0) : node;
  };
  const RuleMark other{4244, 0};
  PlanPtr rewritten = transformUpWithPruning(f.join, other, drop_filters);
  EXPECT_NE(rewritten, f.join);
  EXPECT_FALSE(f.join->isRuleIneffective(other));
  EXPECT_TRUE(f.join->child(1)->isRuleIneffective(other));  // the Project side
  // An unresolved node is never marked: how it resolves may depend on its surroundings.
  PlanPtr unresolved = std::make_shared<UnresolvedRelation>(std::vector<std::string>{"t"});
  transformUpWithPruning(unresolved, rule, count);
  EXPECT_FALSE(unresolved->isRuleIneffective(rule));
}

TEST(TreeNodeTest, NoOpExpressionTransformsReturnTheSamePointer) {
  Fixture f;
  ExprPtr expr = std::make_shared<And>(cmp(ComparisonOp::kGreaterThan, f.a, intLit(1)),
                                       std::make_shared<Not>(std::make_shared<IsNull>(f.b)));
  auto identity = [](const ExprPtr& node) { return node; };
  EXPECT_EQ(transformUp(expr, identity), expr);
  EXPECT_EQ(transformDown(expr, identity), expr);
  EXPECT_EQ(transformUp(expr, replaceLiteral(7, 8)), expr);  // no literal 7 in the tree
  EXPECT_EQ(transformDown(expr, replaceLiteral(7, 8)), expr);
}

TEST(TreeNodeTest, NoOpExpressionRewritesOfPlansReturnTheSamePointer) {
  Fixture f;
  auto identity = [](const ExprPtr& node) { return node; };
  EXPECT_EQ(transformAllExpressions(f.join, identity), f.join);
  EXPECT_EQ(transformAllExpressions(f.join, replaceLiteral(7, 8)), f.join);
  EXPECT_EQ(transformExpressionsUp(f.filter, identity), f.filter);
  EXPECT_EQ(transformExpressionsDown(f.filter, identity), f.filter);
  // Leaves hold no expressions.
  EXPECT_EQ(transformExpressionsUp(f.t, identity), f.t);
}

TEST(TreeNodeTest, WithNewChildrenAndExpressionsOfTheSameReturnTheSamePointer) {
  Fixture f;
  EXPECT_EQ(f.join->withNewChildren(f.join->children()), f.join);
  EXPECT_EQ(f.join->withNewExpressions(f.join->expressions()), f.join);
  EXPECT_EQ(f.project->withNewExpressions(f.project->expressions()), f.project);
  ExprPtr condition = f.filter->expressions()[0];
  EXPECT_EQ(condition->withNewChildren(condition->children()), condition);

  // Equal but distinct children are a change: identity is by pointer.
  PlanPtr other_t = std::make_shared<Relation>("t", Attributes{f.a, f.b});
  PlanPtr rebuilt = f.filter->withNewChildren({other_t});
  EXPECT_NE(rebuilt, f.filter);
  EXPECT_EQ(rebuilt->child(0), other_t);
  EXPECT_TRUE(rebuilt->equals(*f.filter));
}

TEST(TreeNodeTest, NoOpTransformOfAnAnalyzedTpchPlanKeepsEveryPointer) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session, test::tpchQueries()[4]);  // Q5: six-way join
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto identity_expr = [](const ExprPtr& node) { return node; };
  auto identity_plan = [](const PlanPtr& node) { return node; };
  EXPECT_EQ(transformAllExpressions(*plan, identity_expr), *plan);
  EXPECT_EQ(transformUp(*plan, identity_plan), *plan);
  EXPECT_EQ(transformDown(*plan, identity_plan), *plan);
}

TEST(TreeNodeTest, PlanRewriteRebuildsOnlyThePathToTheChange) {
  Fixture f;
  PlanPtr changed = transformAllExpressions(f.join, replaceLiteral(1, 5));
  ASSERT_NE(changed, f.join);
  ASSERT_TRUE(changed->is<Join>());
  // The untouched right side and the relation below the filter are shared.
  EXPECT_EQ(changed->child(1), f.project);
  EXPECT_EQ(changed->child(1)->child(0), f.u);
  EXPECT_NE(changed->child(0), f.filter);
  EXPECT_EQ(changed->child(0)->child(0), f.t);
  // The join's own condition did not change, so it is the same expression object.
  EXPECT_EQ(changed->expressions()[0], f.join->expressions()[0]);
  const auto* filter = changed->child(0)->as<Filter>();
  ASSERT_NE(filter, nullptr);
  EXPECT_EQ(filter->condition()->toString(), "(a#" + std::to_string(f.a->exprId()) + " > 5)");
  // In the condition, the attribute operand is shared, only the comparison and literal are new.
  EXPECT_EQ(filter->condition()->child(0), f.a);
  // The original tree is untouched.
  EXPECT_EQ(f.filter->as<Filter>()->condition()->child(1)->toString(), "1");
}

TEST(TreeNodeTest, PlanTransformUpRebuildsOnlyAncestorsOfTheReplacedNode) {
  Fixture f;
  // Replace the relation u (right side) by a fresh relation.
  PlanPtr fresh = std::make_shared<Relation>("u2", Attributes{f.c, f.d});
  PlanPtr changed = transformUp(f.join, [&](const PlanPtr& node) -> PlanPtr {
    const auto* relation = node->as<Relation>();
    return relation && relation->tableName() == "u" ? fresh : node;
  });
  ASSERT_NE(changed, f.join);
  EXPECT_EQ(changed->child(0), f.filter);  // left subtree untouched
  EXPECT_NE(changed->child(1), f.project);
  EXPECT_EQ(changed->child(1)->child(0), fresh);
  EXPECT_EQ(changed->child(1)->expressions(), f.project->expressions());
}

TEST(TreeNodeTest, ExpressionRewriteRebuildsOnlyThePathToTheChange) {
  Fixture f;
  ExprPtr left = cmp(ComparisonOp::kGreaterThan, f.a, intLit(1));
  ExprPtr right = cmp(ComparisonOp::kLessThan, f.c, intLit(2));
  ExprPtr both = std::make_shared<And>(left, right);
  ExprPtr up = transformUp(both, replaceLiteral(1, 10));
  ExprPtr down = transformDown(both, replaceLiteral(1, 10));
  for (const ExprPtr& changed : {up, down}) {
    ASSERT_NE(changed, both);
    EXPECT_TRUE(changed->is<And>());
    EXPECT_NE(changed->child(0), left);
    EXPECT_EQ(changed->child(1), right);
    EXPECT_EQ(changed->child(0)->child(0), f.a);
    EXPECT_EQ(changed->child(0)->child(1)->toString(), "10");
  }
}

TEST(TreeNodeTest, TransformDownVisitsParentsFirstAndTransformUpChildrenFirst) {
  Fixture f;
  std::vector<std::string> down, up;
  transformDown(f.join, [&](const PlanPtr& node) {
    down.emplace_back(node->nodeName());
    return node;
  });
  transformUp(f.join, [&](const PlanPtr& node) {
    up.emplace_back(node->nodeName());
    return node;
  });
  EXPECT_EQ(down, (std::vector<std::string>{"Join", "Filter", "Relation", "Project", "Relation"}));
  EXPECT_EQ(up, (std::vector<std::string>{"Relation", "Filter", "Relation", "Project", "Join"}));
}

TEST(TreeNodeTest, TransformDownContinuesBelowTheRewrittenNode) {
  Fixture f;
  // The rule runs once per position: a Filter replaced by a Project over the same child is not
  // offered to the rule again, but its children are.
  std::vector<std::string> seen;
  PlanPtr changed = transformDown(f.join, [&](const PlanPtr& node) -> PlanPtr {
    seen.emplace_back(node->nodeName());
    if (!node->is<Filter>()) return node;
    return std::make_shared<Project>(std::vector<ExprPtr>{f.a}, node->child(0));
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"Join", "Filter", "Relation", "Project", "Relation"}));
  ASSERT_TRUE(changed->child(0)->is<Project>());
  EXPECT_EQ(changed->child(0)->child(0), f.t);
  EXPECT_EQ(changed->child(1), f.project);

  // Replacing a node by its child: the child is not visited at that position.
  seen.clear();
  PlanPtr removed = transformDown(f.join, [&](const PlanPtr& node) -> PlanPtr {
    seen.emplace_back(node->nodeName());
    return node->is<Filter>() ? node->child(0) : node;
  });
  EXPECT_EQ(removed->child(0), f.t);
  EXPECT_EQ(seen, (std::vector<std::string>{"Join", "Filter", "Project", "Relation"}));
}

TEST(TreeNodeTest, TransformUpSeesRewrittenChildren) {
  Fixture f;
  // Each node sees its children already rewritten: count Filters below each Join.
  PlanPtr changed = transformUp(f.join, [&](const PlanPtr& node) -> PlanPtr {
    if (node->is<Filter>()) return node->child(0);
    if (node->is<Join>()) {
      EXPECT_TRUE(node->child(0)->is<Relation>()) << "the Filter below should already be gone";
    }
    return node;
  });
  EXPECT_EQ(test::nodesOf<Filter>(changed).size(), 0u);
}

TEST(TreeNodeTest, CollectAndFindArePreOrder) {
  Fixture f;
  std::vector<PlanPtr> all = collectNodes(f.join, [](const PlanPtr&) { return true; });
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0], f.join);
  EXPECT_EQ(all[1], f.filter);
  EXPECT_EQ(all[2], f.t);
  EXPECT_EQ(all[3], f.project);
  EXPECT_EQ(all[4], f.u);

  std::vector<PlanPtr> relations =
      collectNodes(f.join, [](const PlanPtr& node) { return node->is<Relation>(); });
  ASSERT_EQ(relations.size(), 2u);
  EXPECT_EQ(relations[0], f.t);
  EXPECT_EQ(relations[1], f.u);

  EXPECT_EQ(findNode(f.join, [](const PlanPtr& node) { return node->is<Relation>(); }), f.t);
  EXPECT_EQ(findNode(f.join, [](const PlanPtr& node) { return node->is<Project>(); }), f.project);
  EXPECT_EQ(findNode(f.join, [](const PlanPtr& node) { return node->is<Sort>(); }), nullptr);
  EXPECT_TRUE(existsNode(f.join, [](const PlanPtr& node) { return node->is<Filter>(); }));
  EXPECT_FALSE(existsNode(f.join, [](const PlanPtr& node) { return node->is<Aggregate>(); }));
  EXPECT_EQ(treeDepth(f.join), 3);
  EXPECT_EQ(treeDepth(f.t), 1);

  std::vector<std::string> visited;
  forEachNode(f.join, [&](const PlanPtr& node) { visited.emplace_back(node->nodeName()); });
  EXPECT_EQ(visited,
            (std::vector<std::string>{"Join", "Filter", "Relation", "Project", "Relation"}));
}

TEST(TreeNodeTest, CollectOnExpressionsIsPreOrder) {
  Fixture f;
  ExprPtr expr = std::make_shared<Or>(cmp(ComparisonOp::kEqual, f.a, intLit(1)),
                                      cmp(ComparisonOp::kEqual, f.c, intLit(2)));
  std::vector<ExprPtr> literals =
      collectNodes(expr, [](const ExprPtr& e) { return e->is<Literal>(); });
  ASSERT_EQ(literals.size(), 2u);
  EXPECT_EQ(literals[0]->toString(), "1");
  EXPECT_EQ(literals[1]->toString(), "2");
  ExprPtr first_attr = findNode(expr, [](const ExprPtr& e) { return e->is<AttributeReference>(); });
  EXPECT_EQ(first_attr, f.a);
  EXPECT_EQ(treeDepth(expr), 3);
}

TEST(TreeNodeTest, EqualTreesBuiltTwiceAreEqualAndHashEqual) {
  Fixture f;
  auto build = [&] {
    PlanPtr filter =
        std::make_shared<Filter>(cmp(ComparisonOp::kGreaterThan, f.a, intLit(1)),
                                 std::make_shared<Relation>("t", Attributes{f.a, f.b}));
    PlanPtr project = std::make_shared<Project>(
        std::vector<ExprPtr>{f.c}, std::make_shared<Relation>("u", Attributes{f.c, f.d}));
    return PlanPtr(std::make_shared<Join>(filter, project, JoinType::kInner,
                                          cmp(ComparisonOp::kEqual, f.a, f.c)));
  };
  PlanPtr first = build(), second = build();
  ASSERT_NE(first, second);
  EXPECT_TRUE(first->equals(*second));
  EXPECT_TRUE(second->equals(*f.join));
  EXPECT_EQ(first->hash(), second->hash());
  EXPECT_EQ(first->hash(), f.join->hash());

  // A different literal, operator or join type is a different tree.
  PlanPtr other_literal = transformAllExpressions(first, replaceLiteral(1, 2));
  EXPECT_FALSE(other_literal->equals(*first));
  PlanPtr left_join = std::make_shared<Join>(first->child(0), first->child(1), JoinType::kLeftOuter,
                                             first->expressions()[0]);
  EXPECT_FALSE(left_join->equals(*first));
}

TEST(TreeNodeTest, EqualExpressionsBuiltTwiceAreEqualAndHashEqual) {
  Fixture f;
  auto build = [&] {
    std::vector<std::pair<ExprPtr, ExprPtr>> branches;
    branches.emplace_back(cmp(ComparisonOp::kGreaterThan, f.a, intLit(1)),
                          Literal::make(Value::varchar("big")));
    return ExprPtr(
        std::make_shared<CaseWhen>(std::move(branches), Literal::make(Value::varchar("small"))));
  };
  ExprPtr first = build(), second = build();
  EXPECT_TRUE(first->equals(*second));
  EXPECT_EQ(first->hash(), second->hash());
  EXPECT_TRUE(ExprEqual()(first, second));
  EXPECT_EQ(ExprHash()(first), ExprHash()(second));
  ExprPtr different = transformUp(first, replaceLiteral(1, 3));
  EXPECT_FALSE(different->equals(*first));
}

TEST(TreeNodeTest, AttributeEqualityIsByExprIdNotByName) {
  AttributePtr x = AttributeReference::make("x", DataType::integer(), false);
  AttributePtr other_x = AttributeReference::make("x", DataType::integer(), false);
  EXPECT_NE(x->exprId(), other_x->exprId());
  EXPECT_FALSE(x->equals(*other_x));  // same name, different column

  AttributePtr renamed = x->withName("renamed");
  EXPECT_TRUE(x->equals(*renamed));  // same id: same column
  EXPECT_EQ(x->hash(), renamed->hash());
  AttributePtr qualified = x->withQualifier({"t"});
  EXPECT_TRUE(x->equals(*qualified));
  EXPECT_EQ(x->hash(), qualified->hash());
  AttributePtr nullable = x->withNullability(true);
  EXPECT_TRUE(x->equals(*nullable));
  EXPECT_EQ(x->withNullability(false), x);  // unchanged: the same pointer

  // Two scans of one table are different relations because their output ids differ.
  PlanPtr scan1 = std::make_shared<Relation>("t", Attributes{x});
  PlanPtr scan2 = std::make_shared<Relation>("t", Attributes{other_x});
  PlanPtr scan1_again = std::make_shared<Relation>("t", Attributes{renamed});
  EXPECT_FALSE(scan1->equals(*scan2));
  EXPECT_TRUE(scan1->equals(*scan1_again));
  EXPECT_EQ(scan1->hash(), scan1_again->hash());
}

TEST(TreeNodeTest, ParsingTheSameTextTwiceGivesEqualTrees) {
  const char* sql =
      "SELECT a, b + 1 FROM t JOIN u ON t.a = u.c WHERE a > 1 AND b LIKE 'x%' ORDER BY a DESC";
  auto first = parsePlan(sql), second = parsePlan(sql);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(*first, *second);
  EXPECT_TRUE((*first)->equals(**second));
  EXPECT_EQ((*first)->hash(), (*second)->hash());
  auto different = parsePlan(
      "SELECT a, b + 2 FROM t JOIN u ON t.a = u.c WHERE a > 1 AND b LIKE 'x%' ORDER BY a DESC");
  ASSERT_TRUE(different.ok());
  EXPECT_FALSE((*first)->equals(**different));
}

// Equal expressions must hash equally (ExprHash / ExprEqual key hash containers). Subquery
// expressions compare their plans but hash their ids, so two parses of one query with a
// subquery are equal yet hash differently.
TEST(TreeNodeTest, EqualSubqueryExpressionsHashEqually) {
  const char* sql = "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.c = t.a)";
  auto first = parsePlan(sql), second = parsePlan(sql);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE((*first)->equals(**second));
  EXPECT_EQ((*first)->hash(), (*second)->hash());

  PlanPtr one_row = std::make_shared<OneRowRelation>();
  ExprPtr scalar1 = std::make_shared<ScalarSubquery>(one_row);
  ExprPtr scalar2 = std::make_shared<ScalarSubquery>(one_row);
  ASSERT_TRUE(scalar1->equals(*scalar2));
  EXPECT_EQ(scalar1->hash(), scalar2->hash());
}

TEST(TreeNodeTest, OriginSurvivesWithNewChildrenAndWithNewExpressions) {
  Fixture f;
  auto filter = std::make_shared<Filter>(cmp(ComparisonOp::kGreaterThan, f.a, intLit(1)), f.t);
  filter->setOrigin(Origin{3, 7, 42});
  PlanPtr plan = filter;
  PlanPtr other_child = std::make_shared<Relation>("t", Attributes{f.a, f.b});
  PlanPtr with_child = plan->withNewChildren({other_child});
  ASSERT_NE(with_child, plan);
  EXPECT_EQ(with_child->origin(), (Origin{3, 7, 42}));
  PlanPtr with_expr = plan->withNewExpressions({cmp(ComparisonOp::kLessThan, f.a, intLit(9))});
  ASSERT_NE(with_expr, plan);
  EXPECT_EQ(with_expr->origin(), (Origin{3, 7, 42}));

  auto comparison = std::make_shared<BinaryComparison>(ComparisonOp::kEqual, f.a, intLit(1));
  comparison->setOrigin(Origin{2, 5, 10});
  ExprPtr expr = comparison;
  ExprPtr rebuilt = expr->withNewChildren({f.c, intLit(1)});
  ASSERT_NE(rebuilt, expr);
  EXPECT_EQ(rebuilt->origin(), (Origin{2, 5, 10}));
  // A transform that rewrites below a node keeps the node's origin on its copy.
  ExprPtr transformed = transformUp(expr, replaceLiteral(1, 2));
  ASSERT_NE(transformed, expr);
  EXPECT_EQ(transformed->origin(), (Origin{2, 5, 10}));
  // Nodes made by rules have no origin.
  EXPECT_FALSE(intLit(3)->origin().known());
}

TEST(TreeNodeTest, ParserOriginsSurviveAnalysisRewrites) {
  auto session = Session::withTpchSchema();
  // The Filter is rebuilt by resolution; its origin is the WHERE clause (line 2, column 1).
  auto plan = analyzeSql(*session, "SELECT n_name FROM nation\nWHERE n_nationkey > 1");
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto filter = test::firstOf<Filter>(*plan);
  ASSERT_NE(filter, nullptr);
  EXPECT_EQ(filter->origin().line, 2);
  EXPECT_EQ(filter->origin().column, 1);
}

}  // namespace
}  // namespace planck
