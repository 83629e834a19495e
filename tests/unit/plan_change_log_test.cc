// What a session shows about its optimizer's work besides plans: Spark's plan-change log
// (spark.sql.planChangeLog.*), the executor's warnings, and the traced optimizer runs on
// subquery plans.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace planck {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// The messages of `EXPLAIN sql` after the SET statements in `settings`.
std::vector<std::string> messagesOf(const std::string& settings, const std::string& sql) {
  auto session = Session::withTpchSchema();
  if (!settings.empty()) {
    EXPECT_TRUE(session->run(settings).ok());
  }
  auto results = session->run("EXPLAIN " + sql);
  EXPECT_TRUE(results.ok()) << results.status();
  return results.ok() ? results->back().messages : std::vector<std::string>{};
}

std::string joined(const std::vector<std::string>& messages) {
  std::string all;
  for (const std::string& message : messages) all += message + "\n";
  return all;
}

const char* kQuery =
    "SELECT n_name FROM nation, region WHERE n_regionkey = r_regionkey AND r_name = 'ASIA'";

TEST(PlanChangeLogTest, SilentAtTheDefaultLevel) {
  EXPECT_THAT(messagesOf("", kQuery), IsEmpty());
  // INFO is below planck.logLevel's default (WARN), as in spark-shell.
  EXPECT_THAT(messagesOf("SET spark.sql.planChangeLog.level = info", kQuery), IsEmpty());
}

TEST(PlanChangeLogTest, LogsRulesBatchesAndMetricsAtWarn) {
  std::string log = joined(messagesOf("SET spark.sql.planChangeLog.level = warn", kQuery));
  EXPECT_THAT(log, HasSubstr("WARN PlanChangeLogger: \n=== Applying Rule PushDownPredicates ===\n"
                             "--- before\n+++ after\n"));
  EXPECT_THAT(log, HasSubstr("=== Result of Batch Operator Optimization before Inferring Filters"));
  EXPECT_THAT(log, HasSubstr("Batch Infer Filters has no effect."));
  EXPECT_THAT(log, HasSubstr("=== Metrics of Executed Rules ===\nTotal number of runs: "));
  // planck.logLevel lowered: INFO shows too.
  EXPECT_THAT(
      messagesOf("SET spark.sql.planChangeLog.level = info; SET planck.logLevel = info", kQuery),
      Contains(HasSubstr("INFO PlanChangeLogger: ")));
}

TEST(PlanChangeLogTest, RulesAndBatchesFilterTheLog) {
  std::string rules =
      joined(messagesOf("SET spark.sql.planChangeLog.level = warn; "
                        "SET spark.sql.planChangeLog.rules = PushDownPredicates",
                        kQuery));
  EXPECT_THAT(rules, HasSubstr("=== Applying Rule PushDownPredicates ==="));
  EXPECT_THAT(rules, Not(HasSubstr("Applying Rule ColumnPruning")));
  EXPECT_THAT(rules, Not(HasSubstr("Result of Batch")));
  std::string batches =
      joined(messagesOf("SET spark.sql.planChangeLog.level = warn; "
                        "SET spark.sql.planChangeLog.batches = Finish Analysis",
                        kQuery));
  EXPECT_THAT(batches, HasSubstr("=== Applying Rule EliminateSubqueryAliases ==="));
  EXPECT_THAT(batches, HasSubstr("=== Result of Batch Finish Analysis ==="));
  EXPECT_THAT(batches, Not(HasSubstr("Applying Rule PushDownPredicates")));
  // A batch selected by name is logged for the subquery plans' optimizer runs too.
  std::string nested =
      joined(messagesOf("SET spark.sql.planChangeLog.level = warn; "
                        "SET spark.sql.planChangeLog.batches = Finish Analysis",
                        "SELECT n_name FROM nation WHERE n_regionkey = "
                        "(SELECT max(r_regionkey) FROM region)"));
  EXPECT_THAT(nested, HasSubstr("=== Result of Batch Finish Analysis (in scalar-subquery#"));
}

TEST(OptimizerWarningsTest, ReachTheUser) {
  EXPECT_THAT(
      messagesOf("SET spark.sql.optimizer.excludedRules = OptimizeSubqueries,NoSuchRule", kQuery),
      AllOf(Contains("WARN Optimizer: Optimization rule 'OptimizeSubqueries' was not excluded "
                     "from the optimizer because this rule is a non-excludable rule."),
            Contains("WARN Optimizer: Optimization rule 'NoSuchRule' was not excluded: there is "
                     "no such rule.")));
  EXPECT_THAT(messagesOf("SET spark.sql.optimizer.maxIterations = 1", kQuery),
              Contains(HasSubstr("WARN Optimizer: Max iterations (1) reached for batch Operator "
                                 "Optimization before Inferring Filters, please set "
                                 "'spark.sql.optimizer.maxIterations' to a larger value.")));
}

TEST(SubqueryTraceTest, OptimizerRunsOnSubqueryPlansAreTracedAndNamed) {
  auto session = Session::withTpchSchema();
  auto results = session->run("EXPLAIN VERBOSE " + test::tpchQueries()[16]);  // Q17
  ASSERT_TRUE(results.ok()) << results.status();
  const std::string& text = (*results)[0].text;
  EXPECT_THAT(text, HasSubstr("=== Applying Rule EliminateSubqueryAliases (batch Finish "
                              "Analysis, iteration 1, in scalar-subquery#"));
  std::string log =
      joined(messagesOf("SET spark.sql.planChangeLog.level = warn; "
                        "SET spark.sql.planChangeLog.rules = "
                        "EliminateSubqueryAliases",
                        test::tpchQueries()[16]));
  EXPECT_THAT(log, HasSubstr("=== Applying Rule EliminateSubqueryAliases (in scalar-subquery#"));
}

}  // namespace
}  // namespace planck
