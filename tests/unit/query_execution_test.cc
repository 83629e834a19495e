// SQL through the whole pipeline to rows: the operators and join types TPC-H does not reach.
#include <chrono>
#include <thread>

#include "gtest/gtest.h"
#include "session/session.h"
#include "tests/unit/sql_rows.h"

namespace planck {
namespace {

using test::rowsOf;

class QueryExecutionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(session_
                    .run("CREATE TABLE t (g INT, x DOUBLE, s VARCHAR);"
                         "INSERT INTO t VALUES (1, 2.0, 'a'), (1, 4.0, 'b'), (2, 9.0, NULL), "
                         "(1, 6.0, 'c');"
                         "CREATE TABLE u (g INT, y INT);"
                         "INSERT INTO u VALUES (1, 10), (3, 30), (NULL, 40)")
                    .ok());
  }
  Session session_;
};

TEST_F(QueryExecutionTest, AggregatesSplitIntoPartialAndFinalSteps) {
  EXPECT_EQ(rowsOf(session_,
                   "SELECT g, stddev_pop(x), var_samp(x), first(g), last(g + 1), count(DISTINCT s) "
                   "FROM t GROUP BY g ORDER BY g"),
            (std::vector<std::string>{"1,1.632993161855452,4.0,1,2,3", "2,0.0,NULL,2,3,0"}));
  // A global aggregate of no rows is one row.
  EXPECT_EQ(rowsOf(session_, "SELECT count(*), sum(x) FROM t WHERE g > 5"),
            (std::vector<std::string>{"0,NULL"}));
}

TEST_F(QueryExecutionTest, GroupingOnAnIntegerKeyKeepsNullAsAGroup) {
  ASSERT_TRUE(session_.run("INSERT INTO u VALUES (NULL, 50), (3, 60), (NULL, NULL)").ok());
  for (const char* partitions : {"1", "3", "200"}) {
    ASSERT_TRUE(session_.run(std::string("SET spark.sql.shuffle.partitions = ") + partitions).ok());
    EXPECT_EQ(rowsOf(session_, "SELECT g, count(*), sum(y) FROM u GROUP BY g ORDER BY g"),
              (std::vector<std::string>{"NULL,3,90", "1,1,10", "3,2,90"}))
        << partitions;
    // One grouping column of BIGINT, and NULL keys of an integer join that never match.
    EXPECT_EQ(rowsOf(session_, "SELECT count(*) FROM u a JOIN u b ON CAST(a.g AS BIGINT) = b.g"),
              (std::vector<std::string>{"5"}))
        << partitions;
  }
}

// Adaptive partial aggregation: past the sample, a partial aggregate with too many groups per row
// outputs each further row as its own group; the final aggregate's answer does not change.
TEST_F(QueryExecutionTest, PartialAggregationPassesRowsThroughWhenKeysAreNearlyUnique) {
  // 3 * 2^13 rows of three keys (and NULL y's): several batches per task.
  for (int i = 0; i < 13; ++i) {
    ASSERT_TRUE(session_.run("INSERT INTO u SELECT g, y + " + std::to_string(i) + " FROM u").ok());
  }
  ASSERT_TRUE(session_.run("SET spark.sql.shuffle.partitions = 2").ok());
  const char* query =
      "SELECT g, count(*), count(y), sum(y), avg(y), max(y) FILTER (WHERE y < 40) FROM u "
      "GROUP BY g ORDER BY g";
  auto partialRows = [&]() -> int64_t {
    auto execution = session_.query(query);
    EXPECT_TRUE(execution.ok());
    const auto& result = (*execution)->executed();
    EXPECT_TRUE(result.ok()) << result.status();
    for (const auto& [node, metrics] : result->metrics) {
      if (node->simpleString().find("partial_count") != std::string::npos) return metrics.rows();
    }
    return -1;
  };
  // Three keys: grouping pays, the partial aggregates keep grouping (at most 3 rows per task).
  std::vector<std::string> expected = rowsOf(session_, query);
  ASSERT_EQ(expected.size(), 3u);
  EXPECT_LE(partialRows(), 12);
  // Any group ratio is too high after a sample of 2 rows: the further rows pass through.
  ASSERT_TRUE(session_
                  .run("SET spark.sql.execution.aggregate.adaptivePartialAggregation.sampleRows = "
                       "2; SET planck.executor.partialAggregation.maxGroupRatio = 0")
                  .ok());
  EXPECT_EQ(rowsOf(session_, query), expected);
  EXPECT_GT(partialRows(), 10000);
  // Disabled: grouping again.
  ASSERT_TRUE(
      session_.run("SET spark.sql.execution.aggregate.adaptivePartialAggregation.enabled = false")
          .ok());
  EXPECT_EQ(rowsOf(session_, query), expected);
  EXPECT_LE(partialRows(), 12);
}

TEST_F(QueryExecutionTest, EveryJoinType) {
  const char* on = " u ON t.g = u.g";
  auto run = [&](const std::string& type, const std::string& columns) {
    return rowsOf(session_, "SELECT " + columns + " FROM t " + type + on + " ORDER BY 1, 2");
  };
  EXPECT_EQ(run("JOIN", "t.s, u.y"), (std::vector<std::string>{"a,10", "b,10", "c,10"}));
  EXPECT_EQ(run("LEFT JOIN", "t.s, u.y"),
            (std::vector<std::string>{"NULL,NULL", "a,10", "b,10", "c,10"}));
  EXPECT_EQ(run("RIGHT JOIN", "u.y, t.s"),
            (std::vector<std::string>{"10,a", "10,b", "10,c", "30,NULL", "40,NULL"}));
  EXPECT_EQ(run("FULL JOIN", "u.y, t.s"),
            (std::vector<std::string>{"NULL,NULL", "10,a", "10,b", "10,c", "30,NULL", "40,NULL"}));
  EXPECT_EQ(rowsOf(session_, "SELECT s FROM t WHERE g IN (SELECT g FROM u) ORDER BY s"),
            (std::vector<std::string>{"a", "b", "c"}));
  // NOT IN over a subquery with a NULL: nothing passes.
  EXPECT_TRUE(rowsOf(session_, "SELECT s FROM t WHERE g NOT IN (SELECT g FROM u)").empty());
  EXPECT_EQ(
      rowsOf(session_, "SELECT s FROM t WHERE g NOT IN (SELECT g FROM u WHERE g IS NOT NULL)"),
      (std::vector<std::string>{"NULL"}));
}

TEST_F(QueryExecutionTest, UnionsSetOperationsAndLimits) {
  EXPECT_EQ(rowsOf(session_, "SELECT g FROM t UNION SELECT g FROM u ORDER BY g"),
            (std::vector<std::string>{"NULL", "1", "2", "3"}));
  EXPECT_EQ(rowsOf(session_, "SELECT g FROM t INTERSECT SELECT g FROM u"),
            (std::vector<std::string>{"1"}));
  EXPECT_EQ(rowsOf(session_, "SELECT g FROM t EXCEPT SELECT g FROM u ORDER BY g"),
            (std::vector<std::string>{"2"}));
  EXPECT_EQ(rowsOf(session_, "SELECT x FROM t ORDER BY x DESC LIMIT 2"),
            (std::vector<std::string>{"9.0", "6.0"}));
}

TEST_F(QueryExecutionTest, RunTimeErrorsNameTheExpression) {
  auto divided = session_.run("SELECT g / (g - g) FROM t");
  ASSERT_FALSE(divided.ok());
  EXPECT_NE(std::string(divided.status().message()).find("division by zero"), std::string::npos)
      << divided.status();
}

// The line of `text` that contains `what`, or "".
std::string lineWith(const std::string& text, const std::string& what) {
  size_t at = text.find(what);
  if (at == std::string::npos) return "";
  size_t start = text.rfind('\n', at) + 1;
  return text.substr(start, text.find('\n', at) - start);
}

TEST_F(QueryExecutionTest, ExplainAnalyzeShowsWhatEachOperatorDid) {
  // Three tasks read the three partitions (adaptive execution would coalesce them into one).
  ASSERT_TRUE(session_
                  .run("SET spark.sql.shuffle.partitions = 3;"
                       "SET spark.sql.adaptive.coalescePartitions.enabled = false")
                  .ok());
  auto results =
      session_.run("EXPLAIN ANALYZE SELECT g, count(*) FROM t WHERE x > 3 GROUP BY g ORDER BY g");
  ASSERT_TRUE(results.ok()) << results.status();
  const std::string& text = results->back().text;
  // 4 rows scanned, 3 pass the filter, 2 groups; the shuffle has 3 partitions.
  EXPECT_NE(lineWith(text, "Scan t").find("[rows=4 · est. "), std::string::npos) << text;
  EXPECT_NE(lineWith(text, "Filter").find("[rows=3 · "), std::string::npos) << text;
  std::string exchange = lineWith(text, "Exchange hashpartitioning");
  EXPECT_NE(exchange.find("3 partitions"), std::string::npos) << text;
  std::string final_aggregate = lineWith(text, "functions=[count(1)]");
  EXPECT_NE(final_aggregate.find("rows=2 "), std::string::npos) << text;
  EXPECT_NE(final_aggregate.find("3 tasks"), std::string::npos) << text;
  // The aggregates run in generated code: their stage has the time and the memory.
  EXPECT_NE(final_aggregate.find("in generated code"), std::string::npos) << text;
  std::string stage = lineWith(text, "WholeStageCodegen (2): compiled");
  EXPECT_NE(stage.find("3 tasks"), std::string::npos) << text;
  EXPECT_NE(stage.find("peak "), std::string::npos) << text;
  EXPECT_NE(text.find("rows: 2, peak memory: "), std::string::npos) << text;
}

TEST_F(QueryExecutionTest, OperatorMetricsAddUpToTheResult) {
  auto execution = session_.query("SELECT s FROM t WHERE g = 1");
  ASSERT_TRUE(execution.ok());
  const auto& result = (*execution)->executed();
  ASSERT_TRUE(result.ok()) << result.status();
  const auto& plan = (*execution)->executedPlan();
  auto root = result->metrics.find(plan->get());
  ASSERT_NE(root, result->metrics.end());
  EXPECT_EQ(root->second.rows(), 3);
  EXPECT_GE(root->second.nanos(), root->second.selfNanos());
  for (const auto& [node, metrics] : result->metrics) {
    for (const OperatorMetrics& task : metrics.tasks) EXPECT_LE(task.child_nanos, task.nanos);
  }
}

TEST(QueryCancellationTest, CancellingStopsTheQueryAndTheSessionGoesOn) {
  Session session;
  ASSERT_TRUE(session.run("CALL dbgen(sf = 0.01)").ok());
  Cancellation cancellation;
  session.setCancellation(&cancellation);
  // 60,175 × 15,000 pairs through a nested-loop join: minutes, unless cancelled.
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancellation.cancel();
  });
  auto started = std::chrono::steady_clock::now();
  auto slow = session.run(
      "SELECT count(*) FROM lineitem, orders WHERE l_orderkey + o_orderkey < l_partkey");
  canceller.join();
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.status().code(), absl::StatusCode::kCancelled) << slow.status();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  cancellation.reset();
  EXPECT_EQ(rowsOf(session, "SELECT count(*) FROM nation"), (std::vector<std::string>{"25"}));
}

}  // namespace
}  // namespace planck
