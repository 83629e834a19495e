// Every TPC-H query goes through the whole optimizer (plan-change validation on: this build
// keeps assertions, and the setting is set for release builds), keeps its output schema, and
// comes out with the simplifications the expression rules promise on these queries.
#include <string>
#include <vector>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "logical/operators.h"
#include "logical/predicates.h"
#include "test_support.h"

namespace planck {
namespace {

class TpchOptimizerSmokeTest : public ::testing::TestWithParam<int> {};

TEST_P(TpchOptimizerSmokeTest, OptimizesWithValidPlanChanges) {
  int number = GetParam();
  std::string sql = test::tpchQueries()[static_cast<size_t>(number - 1)];
  ASSERT_FALSE(sql.empty()) << "q" << number << " not found";
  auto session = Session::withTpchSchema();
  ASSERT_TRUE(test::runStatus(*session, "SET spark.sql.planChangeValidation = true").ok());
  auto parsed = parseQuery(sql, session->parserOptions());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  QueryExecution execution(*session, *parsed);
  auto analyzed = execution.analyzed();
  ASSERT_TRUE(analyzed.ok()) << analyzed.status();
  auto optimized = execution.optimized();
  ASSERT_TRUE(optimized.ok()) << "q" << number << ": " << optimized.status();
  const Attributes& before = (*analyzed)->output();
  const Attributes& after = (*optimized)->output();
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(before[i]->exprId(), after[i]->exprId());
    EXPECT_EQ(before[i]->dataType(), after[i]->dataType());
  }
}

INSTANTIATE_TEST_SUITE_P(Tpch, TpchOptimizerSmokeTest, ::testing::Range(1, 23),
                         [](const auto& info) { return fmt::format("q{:02d}", info.param); });

// Constant expressions are folded: Q1's date arithmetic leaves no INTERVAL behind.
TEST(TpchOptimizerExpressionsTest, Q01DateArithmeticIsFolded) {
  auto session = Session::withTpchSchema();
  auto optimized = test::optimizeSql(*session, test::tpchQueries()[0]);
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  for (const auto& literal : test::exprsOf<Literal>(*optimized))
    EXPECT_NE(literal->value().type().id(), TypeId::kInterval) << literal->toString();
  bool has_date_literal = false;
  for (const auto& literal : test::exprsOf<Literal>(*optimized))
    has_date_literal =
        has_date_literal || literal->value() == Value::date(*parseDate("1998-09-02"));
  EXPECT_TRUE(has_date_literal);
}

// Q19: the join condition repeated in each OR branch is factored out of the OR.
TEST(TpchOptimizerExpressionsTest, Q19JoinConditionLeavesTheOr) {
  auto session = Session::withTpchSchema();
  auto optimized = test::optimizeSql(*session, test::tpchQueries()[18]);
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  bool found = false;
  forEachNode(*optimized, [&](const PlanPtr& node) {
    for (const ExprPtr& expr : node->expressions()) {
      for (const ExprPtr& conjunct : splitConjuncts(expr)) {
        ScopedNormalizedIds normalized;
        found = found || conjunct->toString() == "(p_partkey#x = l_partkey#x)";
      }
    }
  });
  EXPECT_TRUE(found);
}

// Q14: LIKE 'PROMO%' becomes startswith.
TEST(TpchOptimizerExpressionsTest, Q14LikeBecomesStartsWith) {
  auto session = Session::withTpchSchema();
  auto optimized = test::optimizeSql(*session, test::tpchQueries()[13]);
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  EXPECT_TRUE(test::exprsOf<Like>(*optimized).empty());
  bool starts_with = false;
  for (const auto& function : test::exprsOf<ScalarFunction>(*optimized))
    starts_with = starts_with || function->name() == "startswith";
  EXPECT_TRUE(starts_with);
}

}  // namespace
}  // namespace planck
