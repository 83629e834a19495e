// Session extensions (session/extensions.h): rules and checks injected into the analyzer.
#include <algorithm>
#include <string>
#include <vector>

#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "logical/operators.h"
#include "optimizer/optimizer.h"
#include "optimizer/rule.h"
#include "session/extensions.h"
#include "test_support.h"

namespace planck {
namespace {

using test::analyzeSql;
using test::messageOf;

// Resolution rule: a Filter whose condition is the literal `true` is dropped.
class DropTrueFilters final : public Rule {
 public:
  std::string_view name() const override { return "DropTrueFilters"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformUp(plan, [](const PlanPtr& node) -> PlanPtr {
      const auto* filter = node->as<Filter>();
      if (filter == nullptr || !filter->resolved()) return node;
      const auto* literal = filter->condition()->as<Literal>();
      if (literal == nullptr || literal->value().isNull() ||
          literal->value().type() != DataType::boolean() || !literal->value().asBool()) {
        return node;
      }
      return node->child(0);
    });
  }
};

// Post-hoc rule: counts the plans it sees and leaves them alone.
class CountPlans final : public Rule {
 public:
  explicit CountPlans(int& count) : count_(count) {}
  std::string_view name() const override { return "CountPlans"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    EXPECT_TRUE(plan->resolved());
    ++count_;
    return plan;
  }

 private:
  int& count_;
};

bool hasFilter(const PlanPtr& plan) {
  return existsNode(plan, [](const PlanPtr& node) { return node->is<Filter>(); });
}

TEST(ExtensionsTest, AnInjectedResolutionRuleRewritesTheAnalyzedPlan) {
  auto session = Session::withTpchSchema();
  const char* sql = "SELECT n_name FROM nation WHERE true";
  auto before = analyzeSql(*session, sql);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_TRUE(hasFilter(*before));
  session->extensions().injectResolutionRule(std::make_shared<DropTrueFilters>());
  auto after = analyzeSql(*session, sql);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_FALSE(hasFilter(*after));
  // Only that kind of Filter.
  auto other = analyzeSql(*session, "SELECT n_name FROM nation WHERE n_nationkey > 3");
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(hasFilter(*other));
}

TEST(ExtensionsTest, PostHocRulesRunOnceOnTheResolvedPlan) {
  auto session = Session::withTpchSchema();
  int count = 0;
  session->extensions().injectPostHocResolutionRule(std::make_shared<CountPlans>(count));
  ASSERT_TRUE(analyzeSql(*session, "SELECT n_name FROM nation ORDER BY n_nationkey").ok());
  EXPECT_EQ(count, 1);
  // A subquery is analyzed on its own, so it runs there too.
  count = 0;
  ASSERT_TRUE(analyzeSql(*session, "SELECT (SELECT max(r_regionkey) FROM region) AS m").ok());
  EXPECT_EQ(count, 2);
}

TEST(ExtensionsTest, AFailingCheckRuleFailsTheQueryWithItsMessage) {
  auto session = Session::withTpchSchema();
  session->extensions().injectCheckRule([](const PlanPtr& plan) -> absl::Status {
    bool cross = existsNode(plan, [](const PlanPtr& node) {
      const auto* join = node->as<Join>();
      return join != nullptr && join->condition() == nullptr;
    });
    return cross ? analysisError("cartesian products are not allowed here") : absl::OkStatus();
  });
  EXPECT_TRUE(
      analyzeSql(*session, "SELECT n_name FROM nation JOIN region ON n_regionkey = r_regionkey")
          .ok());
  auto crossed = analyzeSql(*session, "SELECT n_name FROM nation, region");
  ASSERT_FALSE(crossed.ok());
  EXPECT_EQ(messageOf(crossed.status()), "cartesian products are not allowed here");
}

// An injected optimizer rule shows up in a batch, fires, appears in traces and metrics, and
// can be excluded by config.
TEST(ExtensionsTest, AnInjectedOptimizerRuleRunsIsTracedAndCanBeExcluded) {
  auto session = Session::withTpchSchema();
  session->extensions().injectOptimizerRule(std::make_shared<DropTrueFilters>());
  // The built-in PruneFilters would drop `WHERE true` first: leave it to the injected rule.
  ASSERT_TRUE(session->config().set("spark.sql.optimizer.excludedRules", "PruneFilters").ok());
  const char* sql = "SELECT n_name FROM nation WHERE true";
  auto execution = session->query(sql);
  ASSERT_TRUE(execution.ok());
  const auto& analyzed = (*execution)->analyzed();
  ASSERT_TRUE(analyzed.ok());
  EXPECT_TRUE(hasFilter(*analyzed));
  const auto& optimized = (*execution)->optimized();
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  EXPECT_FALSE(hasFilter(*optimized));

  Optimizer optimizer(session->config(), session->extensions().optimizer());
  const std::vector<RuleBatch>& batches = optimizer.executor().batches();
  ASSERT_FALSE(batches.empty());
  EXPECT_EQ(batches.back().name, "User Provided Optimizers");
  ASSERT_EQ(batches.back().rules.size(), 1u);
  EXPECT_EQ(batches.back().rules[0]->name(), "DropTrueFilters");
  std::vector<std::string> trace;
  RuleMetrics metrics;
  ExecutionObserver observer;
  observer.metrics = &metrics;
  observer.on_effective_rule = [&](const RuleApplication& step) {
    trace.push_back(step.batch + "/" + step.rule);
  };
  ASSERT_TRUE(optimizer.optimize(*analyzed, observer).ok());
  EXPECT_NE(std::find(trace.begin(), trace.end(), "User Provided Optimizers/DropTrueFilters"),
            trace.end());
  EXPECT_EQ(metrics["DropTrueFilters"].effective_runs, 1);

  ASSERT_TRUE(session->config()
                  .set("spark.sql.optimizer.excludedRules", "PruneFilters,DropTrueFilters")
                  .ok());
  auto excluded = session->query(sql);
  ASSERT_TRUE(excluded.ok());
  ASSERT_TRUE((*excluded)->optimized().ok());
  EXPECT_TRUE(hasFilter(*(*excluded)->optimized()));
}

TEST(ExtensionsTest, OptimizerBatchesGoWhereTheyAreToldAndUnknownNamesAreErrors) {
  auto session = Session::withTpchSchema();
  session->extensions().injectOptimizerBatch("Mine", BatchStrategy::once(),
                                             {std::make_shared<DropTrueFilters>()},
                                             Extensions::Position::kBefore, "Subquery");
  Optimizer optimizer(session->config(), session->extensions().optimizer());
  std::vector<std::string> names;
  for (const RuleBatch& batch : optimizer.executor().batches()) names.push_back(batch.name);
  auto mine = std::find(names.begin(), names.end(), "Mine");
  ASSERT_NE(mine, names.end());
  ASSERT_NE(mine + 1, names.end());
  EXPECT_EQ(*(mine + 1), "Subquery");
  EXPECT_EQ(std::count(names.begin(), names.end(), "Mine"), 1);

  session->extensions().injectOptimizerRule("No Such Batch", std::make_shared<DropTrueFilters>());
  auto execution = session->query("SELECT n_name FROM nation");
  ASSERT_TRUE(execution.ok());
  const auto& optimized = (*execution)->optimized();
  ASSERT_FALSE(optimized.ok());
  EXPECT_THAT(std::string(optimized.status().message()),
              ::testing::StartsWith("an optimizer extension failed: there is no optimizer batch "
                                    "named 'No Such Batch'; the batches are: Finish Analysis, "));
  EXPECT_THAT(std::string(optimized.status().message()), ::testing::HasSubstr(", Mine, Subquery"));
}

}  // namespace
}  // namespace planck
