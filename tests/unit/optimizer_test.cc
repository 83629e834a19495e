// The optimizer: its rules (a fired and an unchanged case each) and the plan-change
// validation that names a rule which breaks the plan.
#include <regex>
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

using test::analyzeSql;
using test::applyOnce;

bool hasSubqueryAlias(const PlanPtr& plan) {
  return existsNode(plan, [](const PlanPtr& node) { return node->is<SubqueryAlias>(); });
}

TEST(EliminateSubqueryAliasesTest, DropsTableAndDerivedTableAliases) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session,
                         "SELECT t.n_name FROM (SELECT * FROM nation) t JOIN region r ON "
                         "t.n_regionkey = r.r_regionkey");
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_TRUE(hasSubqueryAlias(*plan));
  PlanPtr optimized = applyOnce(makeEliminateSubqueryAliases(), *plan);
  EXPECT_FALSE(hasSubqueryAlias(optimized));
  // The columns are the same attributes: only qualifiers went away.
  ASSERT_EQ(optimized->output().size(), 1u);
  EXPECT_EQ(optimized->output()[0]->exprId(), (*plan)->output()[0]->exprId());
}

TEST(EliminateSubqueryAliasesTest, LeavesAPlanWithoutAliasesUnchanged) {
  AttributePtr a = AttributeReference::make("a", DataType::integer(), false);
  PlanPtr plan = std::make_shared<Project>(std::vector<ExprPtr>{a},
                                           std::make_shared<Relation>("t", Attributes{a}));
  EXPECT_EQ(applyOnce(makeEliminateSubqueryAliases(), plan), plan);
}

// A rule that turns the first output column's type into a string breaks the output schema.
class BreakTheSchema final : public Rule {
 public:
  std::string_view name() const override { return "BreakTheSchema"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    const AttributePtr& first = plan->output()[0];
    ExprPtr renamed = std::make_shared<Alias>(std::make_shared<Cast>(first, DataType::varchar()),
                                              first->name(), newExprId());
    return std::make_shared<Project>(std::vector<ExprPtr>{renamed}, plan);
  }
};

TEST(PlanChangeValidationTest, ABrokenRuleIsCaughtAndNamed) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session, "SELECT n_nationkey FROM nation");
  ASSERT_TRUE(plan.ok());
  Config config;
  RuleContext ctx(config, nullptr);
  RuleExecutor executor({{"Broken", BatchStrategy::once(), {std::make_shared<BreakTheSchema>()}}},
                        checkPlanChange);
  auto result = executor.execute(*plan, ctx);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(std::string(result.status().message()),
            "rule BreakTheSchema (batch Broken, iteration 1) broke the plan: output column 1 "
            "changed from "
            "n_nationkey: int to n_nationkey: string");
}

TEST(PlanChangeValidationTest, ADanglingReferenceIsCaught) {
  AttributePtr a = AttributeReference::make("a", DataType::integer(), false);
  AttributePtr other = AttributeReference::make("a", DataType::integer(), false);
  PlanPtr good = std::make_shared<Project>(std::vector<ExprPtr>{a},
                                           std::make_shared<Relation>("t", Attributes{a}));
  PlanPtr dangling = std::make_shared<Project>(std::vector<ExprPtr>{a},
                                               std::make_shared<Relation>("t", Attributes{other}));
  EXPECT_TRUE(checkPlanIntegrity(good).ok());
  absl::Status status = checkPlanChange(good, dangling);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(std::string(status.message()).find("Project refers to a#"), std::string::npos)
      << status;
}

TEST(PlanChangeValidationTest, NullabilityMayOnlyNarrow) {
  AttributePtr nullable = AttributeReference::make("a", DataType::integer(), true);
  AttributePtr not_null = nullable->withNullability(false);
  PlanPtr wide = std::make_shared<Relation>("t", Attributes{nullable});
  PlanPtr narrow = std::make_shared<Relation>("t", Attributes{not_null});
  EXPECT_TRUE(checkPlanChange(wide, narrow).ok());
  absl::Status widened = checkPlanChange(narrow, wide);
  ASSERT_FALSE(widened.ok());
  EXPECT_EQ(widened.message(), "output column 1 (a) became nullable");
}

TEST(OptimizerTest, EveryTpchQueryOptimizesWithValidation) {
  auto session = Session::withTpchSchema();
  ASSERT_TRUE(session->config().set("spark.sql.planChangeValidation", "true").ok());
  for (const std::string& sql : test::tpchQueries()) {
    auto plan = analyzeSql(*session, sql);
    ASSERT_TRUE(plan.ok()) << plan.status();
    Optimizer optimizer(session->config());
    auto optimized = optimizer.optimize(*plan);
    ASSERT_TRUE(optimized.ok()) << optimized.status();
    EXPECT_TRUE(checkPlanIntegrity(*optimized).ok());
  }
}

}  // namespace
}  // namespace planck

namespace planck {
namespace {

// Every SubqueryAlias in `plan` and in the plans of its subquery expressions, at any depth.
int subqueryAliasesEverywhere(const PlanPtr& plan) {
  int count = 0;
  forEachNode(plan, [&](const PlanPtr& node) {
    if (node->is<SubqueryAlias>()) ++count;
    for (const ExprPtr& expr : node->expressions()) {
      forEachNode(expr, [&](const ExprPtr& each) {
        if (const SubqueryExpression* subquery = each->asSubquery()) {
          count += subqueryAliasesEverywhere(subquery->plan());
        }
      });
    }
  });
  return count;
}

TEST(OptimizeSubqueriesTest, OptimizesThePlansOfSubqueryExpressions) {
  auto session = Session::withTpchSchema();
  auto plan =
      analyzeSql(*session,
                 "SELECT n_name FROM nation WHERE n_regionkey IN (SELECT r.r_regionkey FROM "
                 "region r) AND EXISTS (SELECT * FROM supplier s WHERE s.s_nationkey = "
                 "n_nationkey)");
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_GT(subqueryAliasesEverywhere(*plan), 1);
  Optimizer optimizer(session->config());
  auto optimized = optimizer.optimize(*plan);
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  EXPECT_EQ(subqueryAliasesEverywhere(*optimized), 0);
}

TEST(OptimizerTest, RulesReplacingOperatorsWithoutPhysicalFormAreNotExcludable) {
  // Excluding every rule the optimizer has still leaves a plan of operators that can run: no
  // Intersect, Except, Distinct or subquery expression.
  auto session = Session::withTpchSchema();
  std::string all;
  Optimizer every_rule(session->config());
  for (const RuleBatch& batch : every_rule.executor().batches()) {
    for (const RulePtr& rule : batch.rules)
      all += (all.empty() ? "" : ",") + std::string(rule->name());
  }
  ASSERT_TRUE(session->run("SET spark.sql.optimizer.excludedRules = '" + all + "'").ok());
  auto optimized = test::optimizeSql(
      *session,
      "SELECT DISTINCT n_name FROM nation WHERE n_regionkey IN (SELECT r_regionkey FROM region) "
      "INTERSECT SELECT n_name FROM nation EXCEPT SELECT r_name FROM region");
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  std::string text = test::planText(*optimized);
  for (const char* gone : {"Intersect", "Except", "Distinct", "list#", "exists#"}) {
    EXPECT_EQ(text.find(gone), std::string::npos) << gone << " in\n" << text;
  }
}

TEST(OptimizeSubqueriesTest, LeavesAPlanWithoutSubqueriesUnchanged) {
  AttributePtr a = AttributeReference::make("a", DataType::integer(), false);
  PlanPtr plan = std::make_shared<Project>(std::vector<ExprPtr>{a},
                                           std::make_shared<Relation>("t", Attributes{a}));
  Config config;
  Optimizer optimizer(config);
  ExecutionObserver observer;
  OptimizerContext ctx(optimizer, config, nullptr, observer);
  EXPECT_EQ(makeOptimizeSubqueries()->apply(plan, ctx), plan);
}

TEST(OptimizerTest, ExcludedRulesThatCannotBeExcludedOrDoNotExistAreReported) {
  Config config;
  ASSERT_TRUE(
      config.set("spark.sql.optimizer.excludedRules", "EliminateSubqueryAliases,NoSuchRule").ok());
  Optimizer optimizer(config);
  EXPECT_EQ(optimizer.exclusionWarnings(),
            (std::vector<std::string>{
                "Optimization rule 'EliminateSubqueryAliases' was not excluded from the optimizer "
                "because this rule is a non-excludable rule.",
                "Optimization rule 'NoSuchRule' was not excluded: there is no such rule."}));
  // The non-excludable rule still runs.
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session, "SELECT t.n_name FROM nation t");
  ASSERT_TRUE(plan.ok());
  auto optimized = optimizer.optimize(*plan);
  ASSERT_TRUE(optimized.ok());
  EXPECT_EQ(subqueryAliasesEverywhere(*optimized), 0);
}

}  // namespace
}  // namespace planck

namespace planck {
namespace {

TEST(ExplainVerboseTest, PrintsThePlanAfterEachRuleThatChangedIt) {
  auto session = Session::withTpchSchema();
  auto results = session->run("EXPLAIN VERBOSE SELECT t.n_name FROM nation t");
  ASSERT_TRUE(results.ok()) << results.status();
  const std::string& text = (*results)[0].text;
  // "N of M rule runs changed the plan.", and N steps printed.
  std::smatch counts;
  ASSERT_TRUE(std::regex_search(
      text, counts,
      std::regex("== Optimizer Trace ==\n(\\d+) of (\\d+) rule runs changed the plan.")))
      << text;
  int effective = std::stoi(counts[1]);
  EXPECT_GT(effective, 0);
  EXPECT_LT(effective, std::stoi(counts[2]));
  int steps = 0;
  for (size_t at = text.find("=== Applying Rule "); at != std::string::npos;
       at = text.find("=== Applying Rule ", at + 1)) {
    ++steps;
  }
  EXPECT_EQ(steps, effective) << text;
  EXPECT_NE(
      text.find(
          "=== Applying Rule EliminateSubqueryAliases (batch Finish Analysis, iteration 1) ===\n"
          "Project [n_name#"),
      std::string::npos)
      << text;
  // OptimizeSubqueries changed nothing here: it is counted, not printed.
  EXPECT_EQ(text.find("Applying Rule OptimizeSubqueries"), std::string::npos) << text;
  EXPECT_LT(text.find("== Optimizer Trace =="), text.find("== Optimized Logical Plan =="));
}

}  // namespace
}  // namespace planck
