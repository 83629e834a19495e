// CostBasedJoinReorder (spark.sql.cbo.joinReorder.enabled) on analyzed tables: the order it
// picks, the algorithm switches EXPLAIN VERBOSE shows, the blocks it must leave alone, and the
// physical planner's join strategies following the CBO's estimates.
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "explain/tree_string.h"
#include "gtest/gtest.h"
#include "logical/operators.h"
#include "session/session.h"

namespace planck {
namespace {

// `count` rows of VALUES, each from `row(i)` for i = 0..count-1.
template <typename Row>
std::string values(int count, Row row) {
  std::string text;
  for (int i = 0; i < count; ++i) text += (i == 0 ? "" : ", ") + ("(" + row(i) + ")");
  return text;
}

class CostBasedJoinReorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // f: 2000 facts; d1: 1000 keys, all matching; d2: 50 keys of which y = 1 selects one.
    std::string sql = "CREATE TABLE f (fk1 INT, fk2 INT, v INT);"
                      "CREATE TABLE d1 (k INT, x INT); CREATE TABLE d2 (k INT, y INT);";
    sql += "INSERT INTO f VALUES " + values(2000, [](int i) {
             return std::to_string(i % 1000 + 1) + ", " + std::to_string(i % 50 + 1) + ", " +
                    std::to_string(i);
           }) + ";";
    sql += "INSERT INTO d1 VALUES " + values(1000, [](int i) {
             return std::to_string(i + 1) + ", " + std::to_string(i);
           }) + ";";
    sql += "INSERT INTO d2 VALUES " + values(50, [](int i) {
             return std::to_string(i + 1) + ", " + std::to_string((i + 1) % 50);
           }) + ";";
    for (const char* table : {"f", "d1", "d2"}) {
      sql += std::string("ANALYZE TABLE ") + table + " COMPUTE STATISTICS FOR ALL COLUMNS;";
    }
    sql += "SET spark.sql.cbo.enabled = true; SET spark.sql.cbo.joinReorder.enabled = true";
    run(sql);
  }

  void run(const std::string& sql) {
    auto done = session_.run(sql);
    ASSERT_TRUE(done.ok()) << done.status();
  }

  PlanPtr optimized(const std::string& sql) {
    auto execution = session_.query(sql);
    EXPECT_TRUE(execution.ok()) << execution.status();
    if (!execution.ok()) return nullptr;
    const auto& plan = (*execution)->optimized();
    EXPECT_TRUE(plan.ok()) << plan.status();
    return plan.ok() ? *plan : nullptr;
  }

  std::string explain(const std::string& mode, const std::string& sql) {
    auto done = session_.run("EXPLAIN " + mode + " " + sql);
    EXPECT_TRUE(done.ok()) << done.status();
    return done.ok() && !done->empty() ? done->back().text : "";
  }

  // The rows of `sql`, each as text.
  std::vector<std::string> rows(const std::string& sql) {
    auto done = session_.run(sql);
    EXPECT_TRUE(done.ok()) << done.status();
    std::vector<std::string> out;
    if (!done.ok() || done->empty() || !done->back().table) return out;
    for (const auto& row : done->back().table->rows) {
      std::string line;
      for (const std::string& cell : row) line += cell + "|";
      out.push_back(line);
    }
    return out;
  }

  Session session_;
};

// The tables joined by the deepest join of `plan` (the one evaluated first), sorted.
std::vector<std::string> firstJoined(const PlanPtr& plan) {
  std::vector<std::string> tables;
  std::function<bool(const PlanPtr&)> visit = [&](const PlanPtr& node) {
    for (const PlanPtr& child : node->children()) {
      if (visit(child)) return true;
    }
    if (!node->is<Join>()) return false;
    std::function<void(const PlanPtr&)> collect = [&](const PlanPtr& under) {
      if (const auto* relation = under->as<Relation>()) tables.push_back(relation->tableName());
      for (const PlanPtr& child : under->children()) collect(child);
    };
    collect(node);
    return true;
  };
  visit(plan);
  std::sort(tables.begin(), tables.end());
  return tables;
}

const char* kStar =
    "SELECT count(*), sum(v) FROM f, d1, d2 WHERE fk1 = d1.k AND fk2 = d2.k AND y = 1";

TEST_F(CostBasedJoinReorderTest, JoinsTheSelectiveDimensionFirst) {
  std::vector<std::string> reordered = rows(kStar);
  EXPECT_EQ(firstJoined(optimized(kStar)), (std::vector<std::string>{"d2", "f"}));
  run("SET spark.sql.cbo.joinReorder.enabled = false");
  // Without the rule, the order the query wrote: f with d1 first.
  EXPECT_EQ(firstJoined(optimized(kStar)), (std::vector<std::string>{"d1", "f"}));
  EXPECT_EQ(rows(kStar), reordered);
  EXPECT_EQ(reordered, (std::vector<std::string>{"40|39000|"}));
}

TEST_F(CostBasedJoinReorderTest, ExplainVerboseNamesTheAlgorithmAndTheCosts) {
  std::string text = explain("VERBOSE", kStar);
  EXPECT_NE(text.find("=== Applying Rule CostBasedJoinReorder (batch Join Reorder"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("-- Join block of 3 relations (0 f, 1 d1, 2 d2), 2 join predicates: DPhyp "
                      "(3 relations <= spark.sql.cbo.joinReorder.dp.threshold (12))"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("((0 1) 2) -> ((0 2) 1)"), std::string::npos) << text;
}

TEST_F(CostBasedJoinReorderTest, SwitchesAlgorithmsBySizeAndSaysSo) {
  std::vector<std::string> exact = rows(kStar);
  // Past the exact limits: linearized DP.
  run("SET spark.sql.cbo.joinReorder.dp.threshold = 2; "
      "SET planck.cbo.joinReorder.connectedSubgraphBudget = 0");
  std::string text = explain("VERBOSE", kStar);
  EXPECT_NE(text.find(": linearized DP (3 relations, more than 0 connected subgraphs; 3 <= 100)"),
            std::string::npos)
      << text;
  EXPECT_EQ(rows(kStar), exact);
  EXPECT_EQ(firstJoined(optimized(kStar)), (std::vector<std::string>{"d2", "f"}));
  // Past linearized DP's limit: GOO-DP.
  run("SET planck.cbo.joinReorder.linearizedDpLimit = 2");
  text = explain("VERBOSE", kStar);
  EXPECT_NE(text.find(": GOO-DP (3 relations, more than 0 connected subgraphs; 3 > 2)"),
            std::string::npos)
      << text;
  EXPECT_EQ(rows(kStar), exact);
  EXPECT_EQ(firstJoined(optimized(kStar)), (std::vector<std::string>{"d2", "f"}));
}

TEST_F(CostBasedJoinReorderTest, KeepsTheWrittenOrderWhenItIsCheapest) {
  const char* sql =
      "SELECT count(*) FROM f, d2, d1 WHERE fk1 = d1.k AND fk2 = d2.k AND y = 1";
  std::string text = explain("VERBOSE", sql);
  EXPECT_NE(text.find("=== Rule CostBasedJoinReorder left the plan unchanged"), std::string::npos)
      << text;
  EXPECT_NE(text.find(": kept the written order ((0 1) 2)"), std::string::npos) << text;
}

TEST_F(CostBasedJoinReorderTest, LeavesBlocksWithoutRowCountsAlone) {
  // Tables always know their row counts; an aggregate over columns without statistics does not.
  run("CREATE TABLE g (k INT); INSERT INTO g VALUES (1), (2)");
  const char* sql =
      "SELECT count(*) FROM f, d1, (SELECT k, count(*) AS c FROM g GROUP BY k) AS gg "
      "WHERE fk1 = d1.k AND gg.k = d1.x";
  std::string text = explain("VERBOSE", sql);
  EXPECT_NE(text.find(": not reordered: the rows of 2 g cannot be estimated (ANALYZE TABLE ... "
                      "FOR COLUMNS gives estimates their column statistics)"),
            std::string::npos)
      << text;
  TreeStringOptions normalized{true};
  std::string with = treeString(optimized(sql), normalized);
  run("SET spark.sql.cbo.joinReorder.enabled = false");
  EXPECT_EQ(with, treeString(optimized(sql), normalized));
}

TEST_F(CostBasedJoinReorderTest, OuterJoinsAreBoundaries) {
  // The left join's sides stay its sides; the inner joins around it are reordered around it.
  const char* sql =
      "SELECT count(*), sum(v) FROM (SELECT * FROM f LEFT JOIN d1 ON fk1 = d1.k AND x < 10) "
      "AS lf JOIN d2 ON lf.fk2 = d2.k JOIN d1 AS e ON e.k = lf.fk1 WHERE y = 1";
  std::vector<std::string> reordered = rows(sql);
  PlanPtr plan = optimized(sql);
  int left_joins = 0;
  std::function<void(const PlanPtr&)> visit = [&](const PlanPtr& node) {
    if (const auto* join = node->as<Join>(); join && join->joinType() == JoinType::kLeftOuter) {
      ++left_joins;
      EXPECT_EQ(firstJoined(node), (std::vector<std::string>{"d1", "f"}));
    }
    for (const PlanPtr& child : node->children()) visit(child);
  };
  visit(plan);
  EXPECT_EQ(left_joins, 1);
  run("SET spark.sql.cbo.joinReorder.enabled = false");
  EXPECT_EQ(rows(sql), reordered);
}

// JoinSelection decides broadcasts on the CBO's sizes: a filter the estimates see through makes a
// large table's side small enough to broadcast.
TEST_F(CostBasedJoinReorderTest, BroadcastsFollowFilterEstimates) {
  run("SET spark.sql.autoBroadcastJoinThreshold = 2000");
  const char* sql = "SELECT * FROM f JOIN d1 ON fk1 = d1.k WHERE d1.x < 5";
  EXPECT_NE(explain("", sql).find("BroadcastHashJoin"), std::string::npos);
  // Without the CBO a filter keeps its input's size: d1's 16 KB is too large.
  run("SET spark.sql.cbo.enabled = false");
  std::string text = explain("", sql);
  EXPECT_EQ(text.find("BroadcastHashJoin"), std::string::npos) << text;
  EXPECT_NE(text.find("SortMergeJoin"), std::string::npos) << text;
}

// A small dimension table is broadcast; once INSERTs make it large and ANALYZE records that, the
// plan shuffles both sides instead.
TEST_F(CostBasedJoinReorderTest, BroadcastBecomesShuffleJoinAfterInsertAndAnalyze) {
  run("SET spark.sql.autoBroadcastJoinThreshold = 2000");
  const char* sql = "SELECT * FROM f JOIN d2 ON fk2 = d2.k";
  std::string small = explain("", sql);
  EXPECT_NE(small.find("BroadcastHashJoin"), std::string::npos) << small;
  EXPECT_NE(small.find("BroadcastExchange"), std::string::npos) << small;
  run("INSERT INTO d2 VALUES " + values(2000, [](int i) {
        return std::to_string(i + 100) + ", " + std::to_string(i);
      }));
  run("ANALYZE TABLE d2 COMPUTE STATISTICS FOR ALL COLUMNS");
  std::string large = explain("", sql);
  EXPECT_EQ(large.find("BroadcastHashJoin"), std::string::npos) << large;
  EXPECT_NE(large.find("SortMergeJoin"), std::string::npos) << large;
  EXPECT_NE(large.find("Exchange hashpartitioning(fk2"), std::string::npos) << large;
}

}  // namespace
}  // namespace planck
