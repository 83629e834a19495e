// The parser: every SQL construct of the foundation issue parses to the expected plan shape
// (checked on the tree), every statement kind builds its statement, and the analyzer resolves
// the constructs whose resolution is part of the foundation.
#include <string>
#include <vector>

#include "common/errors.h"
#include "explain/tree_string.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace planck {
namespace {

using test::analyzeSql;
using test::exprsOf;
using test::firstOf;
using test::messageOf;
using test::nodesOf;

PlanPtr parse(std::string_view sql) {
  auto plan = parseQuery(sql);
  EXPECT_TRUE(plan.ok()) << sql << "\n" << plan.status();
  return plan.ok() ? *plan : std::make_shared<OneRowRelation>();
}

StatementPtr statement(std::string_view sql) {
  auto parsed = parseStatement(sql);
  EXPECT_TRUE(parsed.ok()) << sql << "\n" << parsed.status();
  return parsed.ok() ? *parsed : std::make_shared<ShowTablesStatement>();
}

// The statement `sql` parses to, as a T (nullptr when it is another kind).
template <class T>
std::shared_ptr<const T> statementAs(std::string_view sql) {
  StatementPtr parsed = statement(sql);
  const T* typed = parsed->as<T>();
  EXPECT_NE(typed, nullptr) << sql;
  return typed ? std::shared_ptr<const T>(parsed, typed) : nullptr;
}

// The select list of the Project at the top of (or under a Distinct / hint at the top of) `plan`.
std::vector<ExprPtr> selectList(const PlanPtr& plan) {
  auto project = firstOf<Project>(plan);
  EXPECT_NE(project, nullptr) << treeString(plan);
  return project ? project->projectList() : std::vector<ExprPtr>{};
}

// The condition of the first Filter in `plan`.
ExprPtr whereOf(const PlanPtr& plan) {
  auto filter = firstOf<Filter>(plan);
  EXPECT_NE(filter, nullptr) << treeString(plan);
  return filter ? filter->condition() : Literal::make(Value());
}

ExprPtr selectExpr(std::string_view expression_sql) {
  std::vector<ExprPtr> items =
      selectList(parse("SELECT " + std::string(expression_sql) + " FROM t"));
  EXPECT_EQ(items.size(), 1u);
  if (items.empty()) return Literal::make(Value());
  return items[0]->is<UnresolvedAlias>() ? items[0]->child(0) : items[0];
}

std::string relationName(const PlanPtr& plan) {
  const auto* relation = plan->as<UnresolvedRelation>();
  return relation ? relation->name() : "<" + std::string(plan->nodeName()) + ">";
}

// ---- SELECT blocks ------------------------------------------------------------------------------

TEST(ParserTest, SelectDistinctAliasesAndStars) {
  PlanPtr plan =
      parse("SELECT DISTINCT a, b AS x, c y, d + 1, 'lit' AS \"quoted alias\", t.*, * FROM t");
  ASSERT_TRUE(plan->is<Distinct>());
  const auto* project = plan->child(0)->as<Project>();
  ASSERT_NE(project, nullptr);
  EXPECT_EQ(relationName(project->child(0)), "t");
  const auto& items = project->projectList();
  ASSERT_EQ(items.size(), 7u);
  EXPECT_EQ(items[0]->toString(), "'a");
  ASSERT_TRUE(items[1]->is<Alias>());
  EXPECT_EQ(items[1]->as<Alias>()->name(), "x");
  EXPECT_EQ(items[2]->as<Alias>()->name(), "y");
  EXPECT_TRUE(items[3]->is<UnresolvedAlias>());
  EXPECT_TRUE(items[3]->child(0)->is<BinaryArithmetic>());
  EXPECT_EQ(items[4]->as<Alias>()->name(), "quoted alias");
  ASSERT_TRUE(items[5]->is<UnresolvedStar>());
  EXPECT_EQ(items[5]->as<UnresolvedStar>()->qualifier(), (std::vector<std::string>{"t"}));
  ASSERT_TRUE(items[6]->is<UnresolvedStar>());
  EXPECT_TRUE(items[6]->as<UnresolvedStar>()->qualifier().empty());
  // SELECT ALL is no Distinct.
  EXPECT_TRUE(parse("SELECT ALL a FROM t")->is<Project>());
  // No FROM: one empty row.
  EXPECT_TRUE(parse("SELECT 1")->child(0)->is<OneRowRelation>());
}

TEST(ParserTest, CommaJoinsAreConditionlessInnerJoins) {
  PlanPtr plan = parse("SELECT * FROM a, b, c WHERE a.x = b.x");
  auto top = firstOf<Join>(plan);
  ASSERT_NE(top, nullptr);
  EXPECT_EQ(top->joinType(), JoinType::kInner);
  EXPECT_EQ(top->condition(), nullptr);
  EXPECT_EQ(relationName(top->right()), "c");
  const auto* inner = top->left()->as<Join>();
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(relationName(inner->left()), "a");
  EXPECT_EQ(relationName(inner->right()), "b");
  EXPECT_EQ(inner->condition(), nullptr);
  EXPECT_TRUE(whereOf(plan)->is<BinaryComparison>());
}

TEST(ParserTest, EveryJoinType) {
  struct Case {
    const char* syntax;
    JoinType type;
  };
  for (const Case& c : std::vector<Case>{{"JOIN", JoinType::kInner},
                                         {"INNER JOIN", JoinType::kInner},
                                         {"CROSS JOIN", JoinType::kCross},
                                         {"LEFT JOIN", JoinType::kLeftOuter},
                                         {"LEFT OUTER JOIN", JoinType::kLeftOuter},
                                         {"RIGHT JOIN", JoinType::kRightOuter},
                                         {"RIGHT OUTER JOIN", JoinType::kRightOuter},
                                         {"FULL JOIN", JoinType::kFullOuter},
                                         {"FULL OUTER JOIN", JoinType::kFullOuter},
                                         {"LEFT SEMI JOIN", JoinType::kLeftSemi},
                                         {"SEMI JOIN", JoinType::kLeftSemi},
                                         {"LEFT ANTI JOIN", JoinType::kLeftAnti},
                                         {"ANTI JOIN", JoinType::kLeftAnti}}) {
    std::string on_sql = std::string("SELECT * FROM a ") + c.syntax + " b ON a.x = b.y";
    auto join = firstOf<Join>(parse(on_sql));
    ASSERT_NE(join, nullptr) << on_sql;
    EXPECT_EQ(join->joinType(), c.type) << on_sql;
    ASSERT_NE(join->condition(), nullptr) << on_sql;
    EXPECT_EQ(join->condition()->toString(), "('a.x = 'b.y)") << on_sql;
    EXPECT_FALSE(join->isUsing());

    std::string using_sql = std::string("SELECT * FROM a ") + c.syntax + " b USING (x, y)";
    auto using_join = firstOf<Join>(parse(using_sql));
    ASSERT_NE(using_join, nullptr) << using_sql;
    EXPECT_EQ(using_join->joinType(), c.type) << using_sql;
    EXPECT_TRUE(using_join->isUsing());
    EXPECT_FALSE(using_join->isNatural());
    EXPECT_EQ(using_join->usingColumns(), (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(using_join->condition(), nullptr);

    std::string natural_sql = std::string("SELECT * FROM a NATURAL ") + c.syntax + " b";
    auto natural = firstOf<Join>(parse(natural_sql));
    ASSERT_NE(natural, nullptr) << natural_sql;
    EXPECT_EQ(natural->joinType(), c.type) << natural_sql;
    EXPECT_TRUE(natural->isNatural());
  }
  // A join chain nests to the left.
  auto chain = firstOf<Join>(parse("SELECT * FROM a JOIN b ON p LEFT JOIN c ON q"));
  ASSERT_NE(chain, nullptr);
  EXPECT_EQ(chain->joinType(), JoinType::kLeftOuter);
  EXPECT_EQ(relationName(chain->right()), "c");
  EXPECT_TRUE(chain->left()->is<Join>());
  EXPECT_EQ(nodeString(*parse("SELECT * FROM a JOIN b USING (k)")->child(0)),
            "'Join UsingJoin(Inner, [k])");
}

TEST(ParserTest, DerivedTablesAndAliases) {
  PlanPtr plan = parse(
      "SELECT * FROM (SELECT 1 AS x) AS s, (SELECT 2) u(y), (SELECT 3), lineitem l, nation AS n");
  auto aliases = nodesOf<SubqueryAlias>(plan);
  ASSERT_EQ(aliases.size(), 5u);
  EXPECT_EQ(aliases[0]->alias(), "s");
  EXPECT_TRUE(aliases[0]->child(0)->is<Project>());
  EXPECT_EQ(aliases[1]->alias(), "u");
  EXPECT_EQ(aliases[1]->columnAliases(), (std::vector<std::string>{"y"}));
  EXPECT_EQ(aliases[2]->alias(), "__auto_generated_subquery_name");
  EXPECT_EQ(aliases[3]->alias(), "l");
  EXPECT_EQ(relationName(aliases[3]->child(0)), "lineitem");
  EXPECT_EQ(aliases[4]->alias(), "n");
  // VALUES as a relation with column names.
  auto values =
      firstOf<UnresolvedInlineTable>(parse("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS v(k, s)"));
  ASSERT_NE(values, nullptr);
  EXPECT_EQ(values->columnNames(), (std::vector<std::string>{"k", "s"}));
  EXPECT_EQ(values->rows().size(), 2u);
  // Parenthesised joins.
  auto grouped = firstOf<Join>(parse("SELECT * FROM a JOIN (b JOIN c ON p) ON q"));
  ASSERT_NE(grouped, nullptr);
  EXPECT_TRUE(grouped->right()->is<Join>());
}

TEST(ParserTest, WithSeveralCtesUsedSeveralTimes) {
  PlanPtr plan = parse(
      "WITH a AS (SELECT 1 AS x), b (y) AS (SELECT x FROM a) "
      "SELECT * FROM a, b, a AS a2 WHERE a.x = b.y");
  const auto* with = plan->as<UnresolvedWith>();
  ASSERT_NE(with, nullptr);
  std::vector<CteDefinition> ctes = with->ctes();
  ASSERT_EQ(ctes.size(), 2u);
  EXPECT_EQ(ctes[0].name, "a");
  EXPECT_EQ(ctes[1].name, "b");
  EXPECT_EQ(ctes[1].column_aliases, (std::vector<std::string>{"y"}));
  EXPECT_EQ(relationName(ctes[1].query->child(0)), "a");
  std::vector<std::string> names;
  for (const auto& relation : nodesOf<UnresolvedRelation>(with->query()))
    names.push_back(relation->name());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "a"}));
}

TEST(ParserTest, GroupByExpressionsOrdinalsAndAliases) {
  PlanPtr plan = parse("SELECT a + 1 AS k, count(*) FROM t GROUP BY a + 1, 2, k");
  const auto* aggregate = plan->as<Aggregate>();
  ASSERT_NE(aggregate, nullptr);
  const auto& keys = aggregate->groupingExpressions();
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_TRUE(keys[0]->is<BinaryArithmetic>());
  ASSERT_TRUE(keys[1]->is<Literal>());
  EXPECT_EQ(keys[1]->toString(), "2");
  EXPECT_EQ(keys[2]->toString(), "'k");
  EXPECT_EQ(aggregate->aggregateExpressions().size(), 2u);
  EXPECT_FALSE(aggregate->groupingAnalytics().has_value());
}

TEST(ParserTest, RollupCubeAndGroupingSets) {
  auto rollup = firstOf<Aggregate>(parse("SELECT a, b, sum(c) FROM t GROUP BY ROLLUP(a, b)"));
  ASSERT_NE(rollup, nullptr);
  ASSERT_TRUE(rollup->groupingAnalytics().has_value());
  EXPECT_EQ(rollup->groupingAnalytics()->kind, "rollup");
  EXPECT_EQ(rollup->groupingAnalytics()->sets, (std::vector<std::vector<int>>{{0, 1}, {0}, {}}));
  EXPECT_EQ(rollup->groupingExpressions().size(), 2u);

  auto cube = firstOf<Aggregate>(parse("SELECT a, b, sum(c) FROM t GROUP BY CUBE(a, b)"));
  ASSERT_NE(cube, nullptr);
  EXPECT_EQ(cube->groupingAnalytics()->kind, "cube");
  EXPECT_EQ(cube->groupingAnalytics()->sets, (std::vector<std::vector<int>>{{0, 1}, {0}, {1}, {}}));

  auto sets = firstOf<Aggregate>(
      parse("SELECT a, b, sum(c) FROM t GROUP BY GROUPING SETS ((a, b), (b), ())"));
  ASSERT_NE(sets, nullptr);
  EXPECT_EQ(sets->groupingAnalytics()->kind, "groupingsets");
  EXPECT_EQ(sets->groupingAnalytics()->sets, (std::vector<std::vector<int>>{{0, 1}, {1}, {}}));

  // GROUP BY a, ROLLUP(b): the cross product (a, b), (a).
  auto mixed = firstOf<Aggregate>(parse("SELECT a, b, sum(c) FROM t GROUP BY a, ROLLUP(b)"));
  ASSERT_NE(mixed, nullptr);
  EXPECT_EQ(mixed->groupingAnalytics()->sets, (std::vector<std::vector<int>>{{0, 1}, {0}}));
  // WITH ROLLUP.
  auto with_rollup =
      firstOf<Aggregate>(parse("SELECT a, b, sum(c) FROM t GROUP BY a, b WITH ROLLUP"));
  ASSERT_NE(with_rollup, nullptr);
  EXPECT_EQ(with_rollup->groupingAnalytics()->kind, "rollup");
  EXPECT_EQ(with_rollup->groupingAnalytics()->sets,
            (std::vector<std::vector<int>>{{0, 1}, {0}, {}}));
}

TEST(ParserTest, HavingOrderByLimitOffset) {
  PlanPtr plan = parse(
      "SELECT a, sum(b) FROM t GROUP BY a HAVING sum(b) > 1 "
      "ORDER BY a ASC, 2 DESC, c NULLS LAST, d DESC NULLS FIRST, e LIMIT 10 OFFSET 5");
  const auto* global = plan->as<GlobalLimit>();
  ASSERT_NE(global, nullptr) << treeString(plan);
  EXPECT_EQ(global->count()->toString(), "10");
  const auto* local = global->child(0)->as<LocalLimit>();
  ASSERT_NE(local, nullptr);
  const auto* offset = local->child(0)->as<Offset>();
  ASSERT_NE(offset, nullptr);
  EXPECT_EQ(offset->count()->toString(), "5");
  const auto* sort = offset->child(0)->as<Sort>();
  ASSERT_NE(sort, nullptr);
  EXPECT_TRUE(sort->global());
  ASSERT_EQ(sort->order().size(), 5u);
  auto order = [&](size_t i) { return sort->order()[i]->as<SortOrder>(); };
  EXPECT_TRUE(order(0)->ascending());
  EXPECT_TRUE(order(0)->nullsFirst());  // Spark: ASC defaults to NULLS FIRST
  EXPECT_FALSE(order(1)->ascending());
  EXPECT_FALSE(order(1)->nullsFirst());  // DESC defaults to NULLS LAST
  EXPECT_TRUE(order(2)->ascending());
  EXPECT_FALSE(order(2)->nullsFirst());
  EXPECT_FALSE(order(3)->ascending());
  EXPECT_TRUE(order(3)->nullsFirst());
  EXPECT_TRUE(order(4)->ascending());
  EXPECT_EQ(order(1)->child(0)->toString(), "2");
  const auto* having = sort->child(0)->as<UnresolvedHaving>();
  ASSERT_NE(having, nullptr);
  EXPECT_TRUE(having->child(0)->is<Aggregate>());
  EXPECT_EQ(having->condition()->toString(), "('sum('b) > 1)");
  // LIMIT alone, and LIMIT ALL (no limit).
  EXPECT_TRUE(parse("SELECT a FROM t LIMIT 3")->is<GlobalLimit>());
  EXPECT_TRUE(parse("SELECT a FROM t LIMIT ALL")->is<Project>());
  EXPECT_TRUE(parse("SELECT a FROM t OFFSET 2")->is<Offset>());
}

TEST(ParserTest, SetOperationsWithQuantifiersParenthesesAndPrecedence) {
  PlanPtr union_all = parse("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3");
  ASSERT_TRUE(union_all->is<Union>());
  EXPECT_EQ(union_all->children().size(), 3u);  // flattened
  PlanPtr union_distinct = parse("SELECT 1 UNION SELECT 2 UNION DISTINCT SELECT 3");
  ASSERT_TRUE(union_distinct->is<Distinct>());
  ASSERT_TRUE(union_distinct->child(0)->is<Union>());
  EXPECT_EQ(union_distinct->child(0)->children().size(), 3u);

  for (const char* op : {"INTERSECT", "EXCEPT"}) {
    for (const char* quantifier : {"", " ALL", " DISTINCT"}) {
      std::string sql = std::string("SELECT 1 ") + op + quantifier + " SELECT 2";
      PlanPtr plan = parse(sql);
      bool all = std::string(quantifier) == " ALL";
      if (std::string(op) == "INTERSECT") {
        ASSERT_TRUE(plan->is<Intersect>()) << sql;
        EXPECT_EQ(plan->as<Intersect>()->isAll(), all) << sql;
      } else {
        ASSERT_TRUE(plan->is<Except>()) << sql;
        EXPECT_EQ(plan->as<Except>()->isAll(), all) << sql;
      }
    }
  }
  // MINUS is EXCEPT.
  EXPECT_TRUE(parse("SELECT 1 MINUS SELECT 2")->is<Except>());

  // INTERSECT binds tighter than UNION and EXCEPT: 1 UNION ALL (2 INTERSECT 3).
  PlanPtr precedence = parse("SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3");
  ASSERT_TRUE(precedence->is<Union>()) << treeString(precedence);
  EXPECT_TRUE(precedence->child(1)->is<Intersect>());
  // Left-associative: (1 EXCEPT 2) UNION ALL 3.
  PlanPtr left_assoc = parse("SELECT 1 EXCEPT SELECT 2 UNION ALL SELECT 3");
  ASSERT_TRUE(left_assoc->is<Union>()) << treeString(left_assoc);
  EXPECT_TRUE(left_assoc->child(0)->is<Except>());
  // Parentheses override: 1 EXCEPT (2 UNION ALL 3).
  PlanPtr parenthesised = parse("SELECT 1 EXCEPT (SELECT 2 UNION ALL SELECT 3)");
  ASSERT_TRUE(parenthesised->is<Except>()) << treeString(parenthesised);
  EXPECT_TRUE(parenthesised->child(1)->is<Union>());
  // ORDER BY and LIMIT apply to the whole set operation.
  PlanPtr ordered = parse("SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY 1 LIMIT 5");
  ASSERT_TRUE(ordered->is<GlobalLimit>());
  EXPECT_TRUE(ordered->child(0)->child(0)->is<Sort>());
  EXPECT_TRUE(ordered->child(0)->child(0)->child(0)->is<Union>());
}

// ---- Expressions --------------------------------------------------------------------------------

TEST(ParserTest, PredicatesBetweenInExistsLikeNull) {
  ExprPtr between = whereOf(parse("SELECT * FROM t WHERE a BETWEEN 1 AND 5"));
  ASSERT_TRUE(between->is<And>());
  EXPECT_EQ(between->toString(), "(('a >= 1) AND ('a <= 5))");
  ExprPtr not_between = whereOf(parse("SELECT * FROM t WHERE a NOT BETWEEN 1 AND 5"));
  ASSERT_TRUE(not_between->is<Not>());
  EXPECT_TRUE(not_between->child(0)->is<And>());

  ExprPtr in_list = whereOf(parse("SELECT * FROM t WHERE a IN (1, 2, 3)"));
  ASSERT_TRUE(in_list->is<In>());
  EXPECT_EQ(in_list->as<In>()->list().size(), 3u);
  ExprPtr not_in = whereOf(parse("SELECT * FROM t WHERE a NOT IN ('x')"));
  ASSERT_TRUE(not_in->is<Not>());
  EXPECT_TRUE(not_in->child(0)->is<In>());
  ExprPtr in_subquery = whereOf(parse("SELECT * FROM t WHERE a IN (SELECT b FROM u)"));
  ASSERT_TRUE(in_subquery->is<InSubquery>());
  EXPECT_EQ(relationName(in_subquery->as<InSubquery>()->plan()->child(0)), "u");
  ExprPtr not_in_subquery = whereOf(parse("SELECT * FROM t WHERE a NOT IN (SELECT b FROM u)"));
  ASSERT_TRUE(not_in_subquery->is<Not>());
  EXPECT_TRUE(not_in_subquery->child(0)->is<InSubquery>());

  EXPECT_TRUE(whereOf(parse("SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u)"))->is<Exists>());
  ExprPtr not_exists =
      whereOf(parse("SELECT * FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.b = t.a)"));
  ASSERT_TRUE(not_exists->is<Not>());
  ASSERT_TRUE(not_exists->child(0)->is<Exists>());
  // Correlation is only visible as a qualified name until analysis.
  PlanPtr correlated = not_exists->child(0)->as<Exists>()->plan();
  EXPECT_EQ(whereOf(correlated)->toString(), "('u.b = 't.a)");

  ExprPtr like = whereOf(parse("SELECT * FROM t WHERE a LIKE 'x!%%' ESCAPE '!'"));
  ASSERT_TRUE(like->is<Like>());
  EXPECT_EQ(like->as<Like>()->escape(), '!');
  EXPECT_EQ(like->child(1)->toString(), "x!%%");
  EXPECT_EQ(whereOf(parse("SELECT * FROM t WHERE a LIKE 'x%'"))->as<Like>()->escape(), '\\');
  ExprPtr not_like = whereOf(parse("SELECT * FROM t WHERE a NOT LIKE 'x%'"));
  ASSERT_TRUE(not_like->is<Not>());
  EXPECT_TRUE(not_like->child(0)->is<Like>());

  EXPECT_TRUE(whereOf(parse("SELECT * FROM t WHERE a IS NULL"))->is<IsNull>());
  EXPECT_TRUE(whereOf(parse("SELECT * FROM t WHERE a IS NOT NULL"))->is<IsNotNull>());
}

TEST(ParserTest, ScalarAndCorrelatedSubqueries) {
  ExprPtr scalar = selectExpr("(SELECT max(b) FROM u WHERE u.c = t.a)");
  ASSERT_TRUE(scalar->is<ScalarSubquery>());
  const PlanPtr& inner = scalar->as<ScalarSubquery>()->plan();
  EXPECT_EQ(whereOf(inner)->toString(), "('u.c = 't.a)");
  ExprPtr compared = whereOf(parse("SELECT * FROM t WHERE a > (SELECT avg(a) FROM t)"));
  ASSERT_TRUE(compared->is<BinaryComparison>());
  EXPECT_TRUE(compared->child(1)->is<ScalarSubquery>());
}

TEST(ParserTest, CaseCastExtractSubstringLiterals) {
  ExprPtr simple = selectExpr("CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END");
  ASSERT_TRUE(simple->is<CaseWhen>());
  const auto* simple_case = simple->as<CaseWhen>();
  EXPECT_EQ(simple_case->branchCount(), 2u);
  EXPECT_EQ(simple_case->condition(0)->toString(), "('a = 1)");  // simple CASE is x = value
  ASSERT_NE(simple_case->elseValue(), nullptr);
  EXPECT_EQ(simple_case->elseValue()->toString(), "many");

  ExprPtr searched = selectExpr("CASE WHEN a > 1 THEN 1 END");
  ASSERT_TRUE(searched->is<CaseWhen>());
  EXPECT_EQ(searched->as<CaseWhen>()->branchCount(), 1u);
  EXPECT_EQ(searched->as<CaseWhen>()->elseValue(), nullptr);

  ExprPtr cast = selectExpr("CAST(a AS DECIMAL(15, 2))");
  ASSERT_TRUE(cast->is<Cast>());
  EXPECT_EQ(cast->dataType(), DataType::decimal(15, 2));
  EXPECT_EQ(selectExpr("CAST(a AS VARCHAR(25))")->dataType(), DataType::varchar());
  EXPECT_EQ(selectExpr("CAST(a AS date)")->dataType(), DataType::date());
  EXPECT_EQ(selectExpr("CAST(a AS bigint)")->dataType(), DataType::bigint());

  ExprPtr extract = selectExpr("EXTRACT(YEAR FROM o_orderdate)");
  ASSERT_TRUE(extract->is<UnresolvedFunction>());
  EXPECT_EQ(extract->as<UnresolvedFunction>()->name(), "extract");
  EXPECT_EQ(extract->toString(), "'extract(YEAR, 'o_orderdate)");

  ExprPtr substring = selectExpr("SUBSTRING(c_phone FROM 1 FOR 2)");
  ASSERT_TRUE(substring->is<UnresolvedFunction>());
  EXPECT_EQ(substring->toString(), "'substring('c_phone, 1, 2)");
  EXPECT_EQ(selectExpr("SUBSTRING(c_phone FROM 3)")->children().size(), 2u);
  EXPECT_EQ(selectExpr("substring(c_phone, 1, 2)")->toString(), "'substring('c_phone, 1, 2)");

  ExprPtr date = selectExpr("DATE '1998-12-01'");
  ASSERT_TRUE(date->is<Literal>());
  EXPECT_EQ(date->as<Literal>()->value(), Value::date(parseDate("1998-12-01").value()));

  EXPECT_EQ(selectExpr("INTERVAL '3' DAY")->as<Literal>()->value(), Value::interval({0, 3}));
  EXPECT_EQ(selectExpr("INTERVAL '3' MONTH")->as<Literal>()->value(), Value::interval({3, 0}));
  EXPECT_EQ(selectExpr("INTERVAL '3' YEAR")->as<Literal>()->value(), Value::interval({36, 0}));
  EXPECT_EQ(selectExpr("INTERVAL 2 DAYS")->as<Literal>()->value(), Value::interval({0, 2}));
  EXPECT_EQ(selectExpr("INTERVAL '1' YEAR '2' MONTHS")->as<Literal>()->value(),
            Value::interval({14, 0}));
  ExprPtr shifted = selectExpr("DATE '1998-12-01' - INTERVAL '90' DAY");
  ASSERT_TRUE(shifted->is<BinaryArithmetic>());
  EXPECT_EQ(shifted->as<BinaryArithmetic>()->op(), ArithmeticOp::kSubtract);

  ExprPtr concat = selectExpr("a || b || 'c'");
  ASSERT_TRUE(concat->is<UnresolvedFunction>());
  EXPECT_EQ(concat->toString(), "'concat('concat('a, 'b), c)");

  EXPECT_EQ(selectExpr("NULL")->as<Literal>()->value(), Value());
  EXPECT_EQ(selectExpr("true")->as<Literal>()->value(), Value::boolean(true));
  EXPECT_EQ(selectExpr("'it''s'")->as<Literal>()->value(), Value::varchar("it's"));
  EXPECT_EQ(selectExpr("-5")->as<Literal>()->value(), Value::integer(-5));  // folded
  EXPECT_EQ(selectExpr("0.06")->as<Literal>()->value().type(), DataType::decimal(2, 2));
}

TEST(ParserTest, OperatorPrecedence) {
  EXPECT_EQ(selectExpr("1 + 2 * 3")->toString(), "(1 + (2 * 3))");
  EXPECT_EQ(selectExpr("1 - 2 - 3")->toString(), "((1 - 2) - 3)");
  EXPECT_EQ(whereOf(parse("SELECT * FROM t WHERE NOT a = b AND c OR d"))->toString(),
            "((NOT ('a = 'b) AND 'c) OR 'd)");
  EXPECT_EQ(whereOf(parse("SELECT * FROM t WHERE a <> b"))->toString(), "NOT ('a = 'b)");
  EXPECT_EQ(whereOf(parse("SELECT * FROM t WHERE a != b"))->toString(), "NOT ('a = 'b)");
  EXPECT_EQ(whereOf(parse("SELECT * FROM t WHERE a <=> b"))->toString(), "('a <=> 'b)");
  EXPECT_EQ(selectExpr("a + 1 BETWEEN b AND c * 2")->toString(),
            "((('a + 1) >= 'b) AND (('a + 1) <= ('c * 2)))");
}

TEST(ParserTest, AggregatesCountStarDistinctAndWindows) {
  ExprPtr count_star = selectExpr("count(*)");
  ASSERT_TRUE(count_star->is<UnresolvedFunction>());
  EXPECT_EQ(count_star->toString(), "'count(1)");
  ExprPtr count_distinct = selectExpr("count(DISTINCT a)");
  ASSERT_TRUE(count_distinct->is<UnresolvedFunction>());
  EXPECT_TRUE(count_distinct->as<UnresolvedFunction>()->isDistinct());
  EXPECT_FALSE(selectExpr("sum(a)")->as<UnresolvedFunction>()->isDistinct());
  ExprPtr filtered = selectExpr("sum(a) FILTER (WHERE b > 0)");
  EXPECT_TRUE(filtered->as<UnresolvedFunction>()->hasFilter());

  ExprPtr window = selectExpr(
      "sum(a) OVER (PARTITION BY b, c ORDER BY d DESC ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)");
  ASSERT_TRUE(window->is<WindowExpression>());
  const auto* we = window->as<WindowExpression>();
  EXPECT_EQ(we->function()->toString(), "'sum('a)");
  const WindowSpec& spec = we->spec();
  EXPECT_EQ(spec.partitionBy().size(), 2u);
  ASSERT_EQ(spec.orderBy().size(), 1u);
  EXPECT_FALSE(spec.orderBy()[0]->as<SortOrder>()->ascending());
  EXPECT_TRUE(spec.frame().specified);
  EXPECT_EQ(spec.frame().type, FrameType::kRows);
  EXPECT_EQ(spec.frame().lower, (FrameBound{FrameBound::Kind::kPreceding, 2}));
  EXPECT_EQ(spec.frame().upper, (FrameBound{FrameBound::Kind::kCurrentRow, 0}));

  ExprPtr range_window = selectExpr(
      "avg(a) OVER (ORDER BY d RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)");
  const WindowSpec& range = range_window->as<WindowExpression>()->spec();
  EXPECT_EQ(range.frame().type, FrameType::kRange);
  EXPECT_EQ(range.frame().lower.kind, FrameBound::Kind::kUnboundedPreceding);
  EXPECT_EQ(range.frame().upper.kind, FrameBound::Kind::kUnboundedFollowing);
  // No ORDER BY and no frame: the whole partition.
  ExprPtr whole_window = selectExpr("rank() OVER (PARTITION BY a)");
  const WindowSpec& whole = whole_window->as<WindowExpression>()->spec();
  EXPECT_FALSE(whole.frame().specified);
  EXPECT_EQ(whole.frame().upper.kind, FrameBound::Kind::kUnboundedFollowing);
  // A named window.
  PlanPtr named = parse("SELECT rank() OVER w FROM t WINDOW w AS (PARTITION BY a ORDER BY b)");
  auto windows = exprsOf<WindowExpression>(named);
  ASSERT_EQ(windows.size(), 1u);
  EXPECT_EQ(windows[0]->spec().partitionBy().size(), 1u);
  EXPECT_EQ(windows[0]->spec().orderBy().size(), 1u);
}

TEST(ParserTest, HintsAndTheirAliases) {
  PlanPtr plan =
      parse("SELECT /*+ BROADCAST(n), MERGE(r, s) */ * FROM nation n JOIN region r ON p");
  // Each hint statement wraps the SELECT in turn: the last one ends up on top.
  const auto* top = plan->as<UnresolvedHint>();
  ASSERT_NE(top, nullptr) << treeString(plan);
  EXPECT_EQ(top->name(), "MERGE");
  ASSERT_EQ(top->parameters().size(), 2u);
  EXPECT_EQ(top->parameters()[1]->toString(), "'s");
  const auto* below = top->child(0)->as<UnresolvedHint>();
  ASSERT_NE(below, nullptr);
  EXPECT_EQ(below->name(), "BROADCAST");
  ASSERT_EQ(below->parameters().size(), 1u);
  EXPECT_EQ(below->parameters()[0]->toString(), "'n");
  EXPECT_TRUE(below->child(0)->is<Project>());

  struct Alias {
    const char* name;
    JoinStrategyHint hint;
  };
  for (const Alias& alias :
       std::vector<Alias>{{"BROADCAST", JoinStrategyHint::kBroadcast},
                          {"BROADCASTJOIN", JoinStrategyHint::kBroadcast},
                          {"MAPJOIN", JoinStrategyHint::kBroadcast},
                          {"MERGE", JoinStrategyHint::kShuffleMerge},
                          {"MERGEJOIN", JoinStrategyHint::kShuffleMerge},
                          {"SHUFFLE_MERGE", JoinStrategyHint::kShuffleMerge},
                          {"SHUFFLE_HASH", JoinStrategyHint::kShuffleHash},
                          {"SHUFFLE_REPLICATE_NL", JoinStrategyHint::kShuffleReplicateNl},
                          {"mapjoin", JoinStrategyHint::kBroadcast}}) {
    EXPECT_EQ(parseJoinHint(alias.name), alias.hint) << alias.name;
    // Through the analyzer: the named relation is wrapped in ResolvedHint.
    auto session = Session::withTpchSchema();
    std::string sql = std::string("SELECT /*+ ") + alias.name +
                      "(r) */ * FROM nation n JOIN region r ON n_regionkey = r_regionkey";
    auto analyzed = analyzeSql(*session, sql);
    ASSERT_TRUE(analyzed.ok()) << sql << "\n" << analyzed.status();
    auto hints = nodesOf<ResolvedHint>(*analyzed);
    ASSERT_EQ(hints.size(), 1u) << sql;
    EXPECT_EQ(hints[0]->hint(), alias.hint) << sql;
    const auto* marked = hints[0]->child(0)->as<SubqueryAlias>();
    ASSERT_NE(marked, nullptr);
    EXPECT_EQ(marked->alias(), "r");
  }
  EXPECT_EQ(parseJoinHint("COALESCE"), std::nullopt);
  // Unknown hints are dropped, as in Spark.
  auto session = Session::withTpchSchema();
  auto unknown = analyzeSql(*session, "SELECT /*+ REPARTITION(3) */ n_name FROM nation");
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  EXPECT_TRUE(nodesOf<ResolvedHint>(*unknown).empty());
  EXPECT_TRUE(nodesOf<UnresolvedHint>(*unknown).empty());
}

TEST(ParserTest, KeywordsAreCaseInsensitiveAndIdentifiersMayBeQuoted) {
  PlanPtr upper =
      parse("SELECT a FROM t WHERE a IS NOT NULL AND b BETWEEN 1 AND 2 ORDER BY a DESC LIMIT 1");
  PlanPtr mixed =
      parse("sElEcT a fRoM t wHeRe a iS nOt NuLl AnD b bEtWeEn 1 aNd 2 OrDeR bY a DeSc LiMiT 1");
  EXPECT_TRUE(upper->equals(*mixed));

  std::vector<ExprPtr> items =
      selectList(parse("SELECT `weird name`, \"select\", `a``b`, \"c\"\"d\" FROM `my table`"));
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0]->as<UnresolvedAttribute>()->nameParts(),
            (std::vector<std::string>{"weird name"}));
  EXPECT_EQ(items[1]->as<UnresolvedAttribute>()->nameParts(), (std::vector<std::string>{"select"}));
  EXPECT_EQ(items[2]->as<UnresolvedAttribute>()->nameParts(), (std::vector<std::string>{"a`b"}));
  EXPECT_EQ(items[3]->as<UnresolvedAttribute>()->nameParts(), (std::vector<std::string>{"c\"d"}));
  EXPECT_EQ(relationName(firstOf<Project>(parse("SELECT 1 FROM `my table`"))->child(0)),
            "my table");
  // Non-reserved keywords are identifiers.
  EXPECT_EQ(selectList(parse("SELECT date, key, first FROM t")).size(), 3u);
  // Reserved words are not.
  EXPECT_FALSE(parseQuery("SELECT select FROM t").ok());
}

TEST(ParserTest, CommentsAreIgnored) {
  PlanPtr plain = parse("SELECT a, b FROM t WHERE a > 1");
  PlanPtr commented = parse(
      "-- leading comment\n"
      "SELECT a, /* inline */ b -- trailing\n"
      "FROM t /* multi\n line */ WHERE a > 1 -- end");
  EXPECT_TRUE(plain->equals(*commented));
}

// ---- Statements ---------------------------------------------------------------------------------

TEST(ParserTest, ExplainModesAndFormats) {
  struct Case {
    const char* sql;
    ExplainMode mode;
    ExplainFormat format;
  };
  for (const Case& c : std::vector<Case>{
           {"EXPLAIN SELECT 1", ExplainMode::kSimple, ExplainFormat::kText},
           {"EXPLAIN EXTENDED SELECT 1", ExplainMode::kExtended, ExplainFormat::kText},
           {"EXPLAIN CODEGEN SELECT 1", ExplainMode::kCodegen, ExplainFormat::kText},
           {"EXPLAIN COST SELECT 1", ExplainMode::kCost, ExplainFormat::kText},
           {"EXPLAIN FORMATTED SELECT 1", ExplainMode::kFormatted, ExplainFormat::kText},
           {"EXPLAIN ANALYZE SELECT 1", ExplainMode::kAnalyze, ExplainFormat::kText},
           {"EXPLAIN VERBOSE SELECT 1", ExplainMode::kVerbose, ExplainFormat::kText},
           {"EXPLAIN (FORMAT json) SELECT 1", ExplainMode::kSimple, ExplainFormat::kJson},
           {"EXPLAIN (FORMAT dot) SELECT 1", ExplainMode::kSimple, ExplainFormat::kDot},
           {"EXPLAIN (FORMAT 'JSON', ANALYZE) SELECT 1", ExplainMode::kAnalyze,
            ExplainFormat::kJson},
           {"EXPLAIN (VERBOSE true, FORMAT text) SELECT 1", ExplainMode::kVerbose,
            ExplainFormat::kText},
           {"EXPLAIN (ANALYZE false) SELECT 1", ExplainMode::kSimple, ExplainFormat::kText},
       }) {
    StatementPtr parsed = statement(c.sql);
    const auto* explain = parsed->as<ExplainStatement>();
    ASSERT_NE(explain, nullptr) << c.sql;
    EXPECT_EQ(explain->mode, c.mode) << c.sql;
    EXPECT_EQ(explain->format, c.format) << c.sql;
    ASSERT_NE(explain->statement, nullptr);
    EXPECT_NE(explain->statement->as<QueryStatement>(), nullptr) << c.sql;
  }
  EXPECT_FALSE(parseStatement("EXPLAIN (COLOR red) SELECT 1").ok());
}

TEST(ParserTest, SetAndResetForms) {
  auto list = statementAs<SetStatement>("SET");
  ASSERT_NE(list, nullptr);
  EXPECT_FALSE(list->key.has_value());
  auto show = statementAs<SetStatement>("SET spark.sql.shuffle.partitions");
  ASSERT_NE(show, nullptr);
  EXPECT_EQ(show->key, "spark.sql.shuffle.partitions");
  EXPECT_FALSE(show->value.has_value());
  auto assign = statementAs<SetStatement>("SET spark.sql.autoBroadcastJoinThreshold = 10MB");
  ASSERT_NE(assign, nullptr);
  EXPECT_EQ(assign->key, "spark.sql.autoBroadcastJoinThreshold");
  EXPECT_EQ(assign->value, "10MB");
  EXPECT_EQ(statementAs<SetStatement>("SET spark.sql.optimizer.excludedRules = a, b ,c")->value,
            "a, b ,c");
  EXPECT_EQ(statementAs<SetStatement>("SET spark.sql.autoBroadcastJoinThreshold = -1")->value,
            "-1");
  // Reserved words may be parts of a key.
  EXPECT_EQ(statementAs<SetStatement>("SET spark.sql.join.preferSortMergeJoin = false")->key,
            "spark.sql.join.preferSortMergeJoin");
  auto reset_all = statementAs<ResetStatement>("RESET");
  ASSERT_NE(reset_all, nullptr);
  EXPECT_FALSE(reset_all->key.has_value());
  EXPECT_EQ(statementAs<ResetStatement>("RESET spark.sql.cbo.enabled")->key,
            "spark.sql.cbo.enabled");
}

TEST(ParserTest, CreateTableViewDrop) {
  auto create = statementAs<CreateTableStatement>(
      "CREATE TABLE IF NOT EXISTS db.t (a CHAR(3), b VARCHAR(10) NOT NULL, c DECIMAL(10,2), "
      "d INT PRIMARY KEY, e DATE, f BIGINT, g DOUBLE, h BOOLEAN)");
  ASSERT_NE(create, nullptr);
  EXPECT_EQ(create->name, "t");
  EXPECT_TRUE(create->if_not_exists);
  ASSERT_EQ(create->columns.size(), 8u);
  EXPECT_EQ(create->columns[0].type, DataType::varchar());
  EXPECT_TRUE(create->columns[0].nullable);
  EXPECT_EQ(create->columns[1].type, DataType::varchar());
  EXPECT_FALSE(create->columns[1].nullable);
  EXPECT_EQ(create->columns[2].type, DataType::decimal(10, 2));
  EXPECT_EQ(create->columns[3].type, DataType::integer());
  EXPECT_FALSE(create->columns[3].nullable);
  EXPECT_EQ(create->primary_key, (std::vector<std::string>{"d"}));
  EXPECT_EQ(create->columns[4].type, DataType::date());
  EXPECT_EQ(create->columns[5].type, DataType::bigint());
  EXPECT_EQ(create->columns[6].type, DataType::float64());
  EXPECT_EQ(create->columns[7].type, DataType::boolean());

  auto keyed =
      statementAs<CreateTableStatement>("CREATE TABLE k (a INT, b INT, PRIMARY KEY (a, b))");
  ASSERT_NE(keyed, nullptr);
  EXPECT_EQ(keyed->primary_key, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(keyed->columns[0].nullable);
  EXPECT_FALSE(keyed->columns[1].nullable);

  auto ctas = statementAs<CreateTableStatement>("CREATE TABLE c AS SELECT 1");
  ASSERT_NE(ctas, nullptr);
  EXPECT_NE(ctas->as_query, nullptr);

  auto view = statementAs<CreateViewStatement>(
      "CREATE OR REPLACE TEMP VIEW v (x, y) AS SELECT a, b FROM t");
  ASSERT_NE(view, nullptr);
  EXPECT_EQ(view->name, "v");
  EXPECT_TRUE(view->or_replace);
  EXPECT_EQ(view->column_aliases, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(view->query_text, "SELECT a, b FROM t");
  EXPECT_NE(view->query, nullptr);

  auto drop_table = statementAs<DropStatement>("DROP TABLE IF EXISTS t");
  ASSERT_NE(drop_table, nullptr);
  EXPECT_EQ(drop_table->object, DropStatement::Object::kTable);
  EXPECT_TRUE(drop_table->if_exists);
  auto drop_view = statementAs<DropStatement>("DROP VIEW v");
  ASSERT_NE(drop_view, nullptr);
  EXPECT_EQ(drop_view->object, DropStatement::Object::kView);
  EXPECT_FALSE(drop_view->if_exists);
  EXPECT_EQ(statementAs<DropStatement>("DROP VIEW IF EXISTS v")->if_exists, true);
}

TEST(ParserTest, InsertAnalyzeShowDescribe) {
  auto values = statementAs<InsertStatement>("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  ASSERT_NE(values, nullptr);
  EXPECT_EQ(values->table, "t");
  EXPECT_TRUE(values->columns.empty());
  const auto* table = values->query->as<UnresolvedInlineTable>();
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->rows().size(), 2u);
  auto select = statementAs<InsertStatement>("INSERT INTO TABLE t (a, b) SELECT x, y FROM u");
  ASSERT_NE(select, nullptr);
  EXPECT_EQ(select->columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(select->query->is<Project>());

  auto plain = statementAs<AnalyzeStatement>("ANALYZE TABLE t COMPUTE STATISTICS");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->table, "t");
  EXPECT_FALSE(plain->noscan);
  EXPECT_FALSE(plain->all_columns);
  EXPECT_TRUE(plain->columns.empty());
  EXPECT_TRUE(statementAs<AnalyzeStatement>("ANALYZE TABLE t COMPUTE STATISTICS NOSCAN")->noscan);
  EXPECT_TRUE(statementAs<AnalyzeStatement>("ANALYZE TABLE t COMPUTE STATISTICS FOR ALL COLUMNS")
                  ->all_columns);
  EXPECT_EQ(
      statementAs<AnalyzeStatement>("ANALYZE TABLE t COMPUTE STATISTICS FOR COLUMNS a, b")->columns,
      (std::vector<std::string>{"a", "b"}));

  EXPECT_NE(statementAs<ShowTablesStatement>("SHOW TABLES"), nullptr);
  auto describe = statementAs<DescribeStatement>("DESCRIBE t");
  ASSERT_NE(describe, nullptr);
  EXPECT_EQ(describe->table, "t");
  EXPECT_FALSE(describe->extended);
  auto extended = statementAs<DescribeStatement>("DESC EXTENDED t");
  ASSERT_NE(extended, nullptr);
  EXPECT_TRUE(extended->extended);
  EXPECT_EQ(statementAs<DescribeStatement>("DESCRIBE TABLE t a")->column, "a");
  auto query = statementAs<DescribeStatement>("DESCRIBE QUERY SELECT 1");
  ASSERT_NE(query, nullptr);
  EXPECT_NE(query->query, nullptr);

  auto copy = statementAs<CopyStatement>("COPY t FROM '/x.tbl' (DELIMITER '|', HEADER false)");
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(copy->path, "/x.tbl");
  EXPECT_EQ(copy->options.size(), 2u);
  auto call = statementAs<CallStatement>("CALL p(a => 1, 2)");
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->procedure, "p");
  EXPECT_EQ(call->arguments.size(), 2u);
}

TEST(ParserTest, ScriptsOfSeveralStatements) {
  std::string sql = "SET spark.sql.cbo.enabled = true;;\n  SELECT 1 ;\nDROP TABLE IF EXISTS x;";
  auto statements = parseScript(sql);
  ASSERT_TRUE(statements.ok()) << statements.status();
  ASSERT_EQ(statements->size(), 3u);
  EXPECT_NE((*statements)[0]->as<SetStatement>(), nullptr);
  EXPECT_EQ((*statements)[0]->as<SetStatement>()->value, "true");
  EXPECT_NE((*statements)[1]->as<QueryStatement>(), nullptr);
  EXPECT_NE((*statements)[2]->as<DropStatement>(), nullptr);
  // Each statement keeps its own text and its position in the script.
  EXPECT_EQ((*statements)[1]->text, "SELECT 1");
  EXPECT_EQ((*statements)[1]->origin.line, 2);
  EXPECT_EQ((*statements)[1]->origin.column, 3);
  EXPECT_EQ((*statements)[2]->origin.line, 3);
  EXPECT_TRUE(parseScript("").ok());
  EXPECT_EQ(parseScript(" ; ;").value().size(), 0u);
  // parseStatement takes exactly one statement.
  EXPECT_TRUE(parseStatement("SELECT 1;").ok());
  EXPECT_FALSE(parseStatement("SELECT 1; SELECT 2").ok());
  // parseQuery refuses other statements.
  auto not_query = parseQuery("SET x = 1");
  ASSERT_FALSE(not_query.ok());
  EXPECT_EQ(messageOf(not_query.status()), "expected a query");
  // A single expression.
  auto expr = parseExpression("a + 1 AS b");
  ASSERT_TRUE(expr.ok()) << expr.status();
  ASSERT_TRUE((*expr)->is<Alias>());
  EXPECT_EQ((*expr)->as<Alias>()->name(), "b");
}

// ---- Analyzer: constructs resolved by the foundation ----------------------------------------

TEST(AnalyzerTest, EveryTpchQueryAnalyzes) {
  auto session = Session::withTpchSchema();
  std::vector<std::string> queries = test::tpchQueries();
  for (size_t i = 0; i < queries.size(); ++i) {
    ASSERT_FALSE(queries[i].empty()) << "cannot read q" << i + 1;
    auto plan = analyzeSql(*session, queries[i]);
    ASSERT_TRUE(plan.ok()) << "q" << i + 1 << ": " << formatError(plan.status(), queries[i]);
    EXPECT_TRUE((*plan)->resolved()) << "q" << i + 1;
    EXPECT_FALSE((*plan)->output().empty()) << "q" << i + 1;
    EXPECT_TRUE(nodesOf<UnresolvedRelation>(*plan).empty());
  }
}

TEST(AnalyzerTest, ViewsResolveToTheirQuery) {
  auto session = Session::withTpchSchema();
  ASSERT_TRUE(session
                  ->run("CREATE VIEW asia (name, key) AS SELECT n_name, n_nationkey FROM nation "
                        "WHERE n_regionkey = 2")
                  .ok());
  auto plan = analyzeSql(*session, "SELECT name FROM asia WHERE key > 3");
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ((*plan)->output().size(), 1u);
  EXPECT_EQ((*plan)->output()[0]->name(), "name");
  EXPECT_EQ((*plan)->output()[0]->dataType(), DataType::varchar());
  auto aliases = nodesOf<SubqueryAlias>(*plan);
  ASSERT_FALSE(aliases.empty());
  EXPECT_EQ(aliases[0]->alias(), "asia");
  auto relations = nodesOf<Relation>(*plan);
  ASSERT_EQ(relations.size(), 1u);
  EXPECT_EQ(relations[0]->tableName(), "nation");
  // A view used twice gets distinct ids.
  auto twice = analyzeSql(*session, "SELECT a.name FROM asia a JOIN asia b ON a.key = b.key");
  ASSERT_TRUE(twice.ok()) << twice.status();
  auto scans = nodesOf<Relation>(*twice);
  ASSERT_EQ(scans.size(), 2u);
  EXPECT_NE(scans[0]->output()[0]->exprId(), scans[1]->output()[0]->exprId());
  // SHOW TABLES lists it as a view; a broken view is refused at creation.
  auto tables = session->run("SHOW TABLES");
  ASSERT_TRUE(tables.ok());
  bool listed = false;
  for (const auto& row : (*tables)[0].table->rows)
    listed = listed || (row[0] == "asia" && row[1] == "view");
  EXPECT_TRUE(listed);
  absl::Status broken = session->run("CREATE VIEW bad AS SELECT nope FROM nation").status();
  EXPECT_EQ(messageOf(broken), "column `nope` cannot be resolved");
  EXPECT_EQ(session->catalog().find("bad"), nullptr);
}

TEST(AnalyzerTest, CteUsedTwiceGetsDistinctAttributeIds) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session,
                         "WITH r AS (SELECT r_regionkey AS k FROM region) "
                         "SELECT a.k, b.k FROM r a JOIN r b ON a.k = b.k");
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_TRUE((*plan)->is<WithCte>());
  auto refs = nodesOf<CteRelationRef>(*plan);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0]->cteId(), refs[1]->cteId());
  EXPECT_NE(refs[0]->output()[0]->exprId(), refs[1]->output()[0]->exprId());
  EXPECT_EQ(nodesOf<CteRelationDef>(*plan).size(), 1u);
  Attributes output = (*plan)->output();
  ASSERT_EQ(output.size(), 2u);
  EXPECT_NE(output[0]->exprId(), output[1]->exprId());
}

TEST(AnalyzerTest, SelfJoinGetsDistinctIds) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session,
                         "SELECT n1.n_name, n2.n_name FROM nation n1, nation n2 WHERE "
                         "n1.n_regionkey = n2.n_nationkey");
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto scans = nodesOf<Relation>(*plan);
  ASSERT_EQ(scans.size(), 2u);
  for (size_t i = 0; i < scans[0]->output().size(); ++i) {
    EXPECT_NE(scans[0]->output()[i]->exprId(), scans[1]->output()[i]->exprId());
  }
  Attributes output = (*plan)->output();
  ASSERT_EQ(output.size(), 2u);
  EXPECT_EQ(output[0]->exprId(), scans[0]->output()[1]->exprId());
  EXPECT_EQ(output[1]->exprId(), scans[1]->output()[1]->exprId());
}

TEST(AnalyzerTest, CorrelatedSubqueryGetsOuterReference) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(
      *session,
      "SELECT o_orderkey FROM orders WHERE EXISTS "
      "(SELECT 1 FROM lineitem WHERE l_orderkey = o_orderkey AND l_commitdate < l_receiptdate)");
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto exists = exprsOf<Exists>(*plan);
  ASSERT_EQ(exists.size(), 1u);
  EXPECT_TRUE(exists[0]->isCorrelated());
  std::vector<ExprPtr> outer = exists[0]->outerReferences();
  ASSERT_EQ(outer.size(), 1u);
  const AttributePtr& attr = outer[0]->as<OuterReference>()->attribute();
  EXPECT_EQ(attr->name(), "o_orderkey");
  // The outer attribute is the orders scan's column.
  std::shared_ptr<const Relation> orders;
  for (const auto& relation : nodesOf<Relation>(*plan)) {
    if (relation->tableName() == "orders") orders = relation;
  }
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(attr->exprId(), orders->output()[0]->exprId());
  // An uncorrelated subquery has none.
  auto plain = analyzeSql(
      *session,
      "SELECT o_orderkey FROM orders WHERE o_totalprice > (SELECT avg(o_totalprice) FROM orders)");
  ASSERT_TRUE(plain.ok()) << plain.status();
  auto scalars = exprsOf<ScalarSubquery>(*plain);
  ASSERT_EQ(scalars.size(), 1u);
  EXPECT_FALSE(scalars[0]->isCorrelated());
}

TEST(AnalyzerTest, OrderByAColumnNotSelected) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session, "SELECT n_name FROM nation ORDER BY n_regionkey DESC");
  ASSERT_TRUE(plan.ok()) << plan.status();
  // Project [n_name] <- Sort [n_regionkey DESC] <- Project [n_name, n_regionkey]
  ASSERT_TRUE((*plan)->is<Project>()) << treeString(*plan);
  ASSERT_EQ((*plan)->output().size(), 1u);
  EXPECT_EQ((*plan)->output()[0]->name(), "n_name");
  const auto* sort = (*plan)->child(0)->as<Sort>();
  ASSERT_NE(sort, nullptr) << treeString(*plan);
  EXPECT_EQ(sort->order()[0]->child(0)->as<AttributeReference>()->name(), "n_regionkey");
  EXPECT_EQ(sort->child(0)->output().size(), 2u);
}

TEST(AnalyzerTest, HavingWithAnAggregateThatIsNotSelected) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session,
                         "SELECT l_orderkey, count(*) AS n FROM lineitem GROUP BY l_orderkey "
                         "HAVING sum(l_quantity) > 300");
  ASSERT_TRUE(plan.ok()) << plan.status();
  // Project [l_orderkey, n] <- Filter (sum > 300) <- Aggregate [.., count, sum]
  ASSERT_TRUE((*plan)->is<Project>()) << treeString(*plan);
  EXPECT_EQ((*plan)->output().size(), 2u);
  const auto* filter = (*plan)->child(0)->as<Filter>();
  ASSERT_NE(filter, nullptr) << treeString(*plan);
  const auto* aggregate = filter->child(0)->as<Aggregate>();
  ASSERT_NE(aggregate, nullptr);
  EXPECT_EQ(aggregate->aggregateExpressions().size(), 3u);
  EXPECT_TRUE(exprsOf<AggregateExpression>(filter->child(0)).size() >= 2u);
  // The filter refers to the added aggregate's output column.
  const auto* condition = filter->condition()->as<BinaryComparison>();
  ASSERT_NE(condition, nullptr);
  const auto* added = condition->left()->as<AttributeReference>();
  ASSERT_NE(added, nullptr) << filter->condition()->toString();
  EXPECT_EQ(added->exprId(), aggregate->output()[2]->exprId());
}

// ORDER BY an aggregate after HAVING: the aggregate is computed by the Aggregate below the
// HAVING filter (PostgreSQL, DuckDB and Spark accept this).
TEST(AnalyzerTest, OrderByAnAggregateAfterHaving) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session,
                         "SELECT l_orderkey FROM lineitem GROUP BY l_orderkey HAVING count(*) > 1 "
                         "ORDER BY max(l_discount)");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ((*plan)->output().size(), 1u);
  EXPECT_NE(firstOf<Sort>(*plan), nullptr);
  // Project [l_orderkey] <- Sort [max] <- Filter (count > 1) <- Aggregate [.., count, max]
  ASSERT_TRUE((*plan)->is<Project>()) << treeString(*plan);
  const auto* sort = (*plan)->child(0)->as<Sort>();
  ASSERT_NE(sort, nullptr) << treeString(*plan);
  const auto* filter = sort->child(0)->as<Filter>();
  ASSERT_NE(filter, nullptr) << treeString(*plan);
  const auto* aggregate = filter->child(0)->as<Aggregate>();
  ASSERT_NE(aggregate, nullptr) << treeString(*plan);
  ASSERT_EQ(aggregate->aggregateExpressions().size(), 3u) << treeString(*plan);
  const auto* key = sort->order()[0]->child(0)->as<AttributeReference>();
  ASSERT_NE(key, nullptr) << treeString(*plan);
  EXPECT_EQ(key->exprId(), aggregate->output()[2]->exprId());

  // HAVING that reuses a selected aggregate leaves no Project under the Sort; ORDER BY reuses
  // the aggregate already computed and adds the new one.
  plan = analyzeSql(*session,
                    "SELECT l_orderkey, count(*) FROM lineitem GROUP BY l_orderkey "
                    "HAVING count(*) > 1 ORDER BY count(*) DESC, max(l_discount)");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ((*plan)->output().size(), 2u);
  ASSERT_NE(firstOf<Aggregate>(*plan), nullptr);
  EXPECT_EQ(firstOf<Aggregate>(*plan)->aggregateExpressions().size(), 3u) << treeString(*plan);

  // A grouping column that is not selected.
  plan = analyzeSql(*session,
                    "SELECT count(*) FROM lineitem GROUP BY l_orderkey HAVING sum(l_quantity) > 1 "
                    "ORDER BY l_orderkey");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ((*plan)->output().size(), 1u);

  // A column that is neither grouped nor aggregated is still an error.
  plan = analyzeSql(*session,
                    "SELECT l_orderkey FROM lineitem GROUP BY l_orderkey HAVING count(*) > 1 "
                    "ORDER BY l_discount");
  EXPECT_EQ(messageOf(plan.status()),
            "`l_discount` must appear in GROUP BY or inside an aggregate");
}

TEST(AnalyzerTest, GroupByAliasAndOrdinal) {
  auto session = Session::withTpchSchema();
  for (const char* sql :
       {"SELECT n_regionkey + 1 AS r, count(*) FROM nation GROUP BY r",
        "SELECT n_regionkey + 1 AS r, count(*) FROM nation GROUP BY 1",
        "SELECT n_regionkey + 1 AS r, count(*) FROM nation GROUP BY n_regionkey + 1"}) {
    auto plan = analyzeSql(*session, sql);
    ASSERT_TRUE(plan.ok()) << sql << "\n" << plan.status();
    const auto* aggregate = (*plan)->as<Aggregate>();
    ASSERT_NE(aggregate, nullptr) << sql;
    ASSERT_EQ(aggregate->groupingExpressions().size(), 1u);
    const auto* key = aggregate->groupingExpressions()[0]->as<BinaryArithmetic>();
    ASSERT_NE(key, nullptr) << sql << ": " << aggregate->groupingExpressions()[0]->toString();
    EXPECT_EQ(key->left()->as<AttributeReference>()->name(), "n_regionkey") << sql;
  }
  // With the settings off, an ordinal is a constant and an alias is unknown.
  ASSERT_TRUE(session->run("SET spark.sql.groupByAliases = false").ok());
  EXPECT_EQ(
      messageOf(analyzeSql(*session, "SELECT n_regionkey AS r FROM nation GROUP BY r").status()),
      "column `r` cannot be resolved");
}

TEST(AnalyzerTest, RollupBecomesExpandAndAggregateWithGroupingId) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(
      *session,
      "SELECT n_regionkey, n_name, count(*) FROM nation GROUP BY ROLLUP(n_regionkey, n_name)");
  ASSERT_TRUE(plan.ok()) << plan.status();
  const auto* aggregate = (*plan)->as<Aggregate>();
  ASSERT_NE(aggregate, nullptr) << treeString(*plan);
  EXPECT_FALSE(aggregate->groupingAnalytics().has_value());
  ASSERT_EQ(aggregate->groupingExpressions().size(), 3u);
  const auto* grouping_id = aggregate->groupingExpressions()[2]->as<AttributeReference>();
  ASSERT_NE(grouping_id, nullptr);
  EXPECT_EQ(grouping_id->name(), "spark_grouping_id");
  EXPECT_EQ(grouping_id->dataType(), DataType::bigint());
  const auto* expand = aggregate->child(0)->as<Expand>();
  ASSERT_NE(expand, nullptr);
  ASSERT_EQ(expand->projections().size(), 3u);
  // The grouping ids of the three sets: (a, b) = 0, (a) = 1, () = 3.
  std::vector<std::string> ids;
  for (const auto& projection : expand->projections()) ids.push_back(projection.back()->toString());
  EXPECT_EQ(ids, (std::vector<std::string>{"0", "1", "3"}));
  EXPECT_EQ(expand->output().back()->exprId(), grouping_id->exprId());
  // The keys are nullable after the Expand even though the columns are NOT NULL.
  EXPECT_TRUE((*plan)->output()[0]->nullable());
}

TEST(AnalyzerTest, WindowFunctionBecomesWindowNode) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(
      *session,
      "SELECT n_name, rank() OVER (PARTITION BY n_regionkey ORDER BY n_name) AS r, "
      "sum(n_nationkey) OVER (PARTITION BY n_regionkey ORDER BY n_name) AS s FROM nation");
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_TRUE((*plan)->is<Project>()) << treeString(*plan);
  auto windows = nodesOf<Window>(*plan);
  ASSERT_EQ(windows.size(), 1u) << treeString(*plan);  // same spec: one Window
  EXPECT_EQ(windows[0]->windowExpressions().size(), 2u);
  ASSERT_EQ(windows[0]->partitionSpec().size(), 1u);
  EXPECT_EQ(windows[0]->partitionSpec()[0]->as<AttributeReference>()->name(), "n_regionkey");
  EXPECT_EQ(windows[0]->orderSpec().size(), 1u);
  Attributes output = (*plan)->output();
  ASSERT_EQ(output.size(), 3u);
  EXPECT_EQ(output[1]->name(), "r");
  EXPECT_EQ(output[1]->dataType(), DataType::integer());
  // Two different specs: two Window operators.
  auto two = analyzeSql(*session,
                        "SELECT rank() OVER (ORDER BY n_name), rank() OVER (PARTITION BY "
                        "n_regionkey ORDER BY n_name) FROM nation");
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ(nodesOf<Window>(*two).size(), 2u);
}

TEST(AnalyzerTest, UsingJoinBecomesProjectOverEquiJoin) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session,
                         "SELECT * FROM (SELECT n_regionkey AS k, n_name FROM nation) a "
                         "JOIN (SELECT r_regionkey AS k, r_name FROM region) b USING (k)");
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto join = firstOf<Join>(*plan);
  ASSERT_NE(join, nullptr);
  EXPECT_FALSE(join->isUsing());
  ASSERT_NE(join->condition(), nullptr);
  const auto* equal = join->condition()->as<BinaryComparison>();
  ASSERT_NE(equal, nullptr);
  EXPECT_EQ(equal->op(), ComparisonOp::kEqual);
  EXPECT_EQ(equal->left()->as<AttributeReference>()->name(), "k");
  EXPECT_EQ(equal->right()->as<AttributeReference>()->name(), "k");
  EXPECT_NE(equal->left()->as<AttributeReference>()->exprId(),
            equal->right()->as<AttributeReference>()->exprId());
  // The Project above lists the key once, then the other columns.
  std::vector<std::string> names;
  for (const AttributePtr& attr : (*plan)->output()) names.push_back(attr->name());
  EXPECT_EQ(names, (std::vector<std::string>{"k", "n_name", "r_name"}));
  auto project = firstOf<Project>(*plan);
  ASSERT_NE(project, nullptr);
  // NATURAL JOIN finds the common column itself.
  auto natural = analyzeSql(*session,
                            "SELECT * FROM (SELECT n_regionkey AS k, n_name FROM nation) a "
                            "NATURAL LEFT JOIN (SELECT r_regionkey AS k, r_name FROM region) b");
  ASSERT_TRUE(natural.ok()) << natural.status();
  auto natural_join = firstOf<Join>(*natural);
  ASSERT_NE(natural_join, nullptr);
  EXPECT_EQ(natural_join->joinType(), JoinType::kLeftOuter);
  ASSERT_NE(natural_join->condition(), nullptr);
  EXPECT_EQ((*natural)->output().size(), 3u);
  EXPECT_TRUE((*natural)->output()[2]->nullable());  // r_name from the outer side
}

TEST(AnalyzerTest, StatementsOfLaterIssuesAreNotSupportedYet) {
  auto session = Session::withTpchSchema();
  for (const char* sql :
       {"EXPLAIN SET spark.sql.cbo.enabled = true", "EXPLAIN CREATE TABLE x (a INT)"}) {
    absl::Status status = session->run(sql).status();
    ASSERT_FALSE(status.ok()) << sql;
    EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented) << sql << ": " << status;
    EXPECT_TRUE(messageOf(status).starts_with("not supported yet")) << sql << ": " << status;
  }
  // The catalog is unchanged by any of them.
  EXPECT_EQ(session->catalog().names().size(), 8u);
  EXPECT_EQ(session->catalog().find("r2"), nullptr);
  EXPECT_EQ(session->catalog().find("x"), nullptr);
}

TEST(AnalyzerTest, StatementsThatWorkToday) {
  auto session = Session::withTpchSchema();
  auto explain = session->run("EXPLAIN SELECT n_name FROM nation WHERE n_nationkey = 1");
  ASSERT_TRUE(explain.ok()) << explain.status();
  EXPECT_NE((*explain)[0].text.find("Filter (n_nationkey#"), std::string::npos)
      << (*explain)[0].text;
  EXPECT_NE((*explain)[0].text.find("Scan nation["), std::string::npos) << (*explain)[0].text;
  auto selected = session->run("SELECT 1 + 1 AS two, n_name FROM nation");
  ASSERT_TRUE(selected.ok()) << selected.status();
  EXPECT_EQ((*selected)[0].table->columns, (std::vector<std::string>{"two", "n_name"}));
  EXPECT_TRUE((*selected)[0].table->rows.empty());  // the schema's tables hold no rows
  for (const char* mode : {"COST", "FORMATTED"}) {
    auto explained = session->run(std::string("EXPLAIN ") + mode + " SELECT 1");
    EXPECT_TRUE(explained.ok()) << mode << ": " << explained.status();
  }
  auto extended = session->run("EXPLAIN EXTENDED SELECT 1");
  ASSERT_TRUE(extended.ok());
  EXPECT_NE((*extended)[0].text.find("== Parsed Logical Plan ==\n'Project [unresolvedalias(1)]"),
            std::string::npos);
  auto json = session->run("EXPLAIN (FORMAT json) SELECT 1");
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_TRUE((*json)[0].text.starts_with("{")) << (*json)[0].text;

  ASSERT_TRUE(session
                  ->run("CREATE TABLE t (a CHAR(3), b VARCHAR(10) NOT NULL, c DECIMAL(10,2), d INT "
                        "PRIMARY KEY)")
                  .ok());
  auto described = session->run("DESCRIBE t");
  ASSERT_TRUE(described.ok());
  EXPECT_EQ((*described)[0].table->rows,
            (std::vector<std::vector<std::string>>{{"a", "string", "true"},
                                                   {"b", "string", "false"},
                                                   {"c", "decimal(10,2)", "true"},
                                                   {"d", "int", "false"}}));
  auto query = session->run("DESCRIBE QUERY SELECT c * 2 AS x FROM t");
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ((*query)[0].table->rows,
            (std::vector<std::vector<std::string>>{{"x", "decimal(18,2)", "true"}}));
  ASSERT_TRUE(session->run("CREATE TABLE IF NOT EXISTS t (z INT)").ok());
  EXPECT_EQ(session->catalog().find("t")->columns().size(), 4u);
  ASSERT_TRUE(session->run("DROP TABLE t; DROP TABLE IF EXISTS t; DROP VIEW IF EXISTS t").ok());
  EXPECT_EQ(session->catalog().find("t"), nullptr);
}

}  // namespace
}  // namespace planck
