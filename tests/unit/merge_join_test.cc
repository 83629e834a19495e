// SortMergeJoinExec end to end through SQL: every join type Spark plans as a sort-merge join,
// duplicates on both sides, NULL keys, multi-column keys, conditions beyond the keys, a group of
// equal keys longer than a batch; and a differential test against the shuffled hash join on
// random data.
#include <algorithm>
#include <random>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "session/session.h"
#include "tests/unit/sql_rows.h"

namespace planck {
namespace {

using test::rowsOf;
using test::sortedRowsOf;

bool plansSortMergeJoin(Session& session, const std::string& query) {
  auto results = session.run("EXPLAIN " + query);
  EXPECT_TRUE(results.ok()) << results.status();
  return results.ok() && results->back().text.find("SortMergeJoin") != std::string::npos;
}

class MergeJoinTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(session_
                    .run("CREATE TABLE l (k INT, k2 INT, a VARCHAR);"
                         "INSERT INTO l VALUES (1, 1, 'a1'), (1, 2, 'a2'), (2, 1, 'a3'), "
                         "(NULL, 1, 'a4'), (3, 1, 'a5'), (1, 1, 'a6');"
                         "CREATE TABLE r (k INT, k2 INT, b VARCHAR);"
                         "INSERT INTO r VALUES (1, 1, 'b1'), (1, 1, 'b2'), (2, 2, 'b3'), "
                         "(NULL, 1, 'b4'), (4, 1, 'b5'), (1, 2, 'b6')")
                    .ok());
  }
  // `columns` of l joined to r with `type` ON `on`, as a sort-merge join, rows ordered by the
  // columns.
  std::vector<std::string> merged(const std::string& columns, const std::string& type,
                                  const std::string& on) {
    std::string query = fmt::format("SELECT /*+ MERGE(r) */ {} FROM l {} r ON {} ORDER BY {}",
                                    columns, type, on, columns);
    EXPECT_TRUE(plansSortMergeJoin(session_, query)) << query;
    return rowsOf(session_, query);
  }
  Session session_;
};

using Rows = std::vector<std::string>;

TEST_F(MergeJoinTest, EveryJoinTypeWithDuplicatesAndNullKeys) {
  const std::string on = "l.k = r.k";
  Rows inner = {"a1,b1", "a1,b2", "a1,b6", "a2,b1", "a2,b2",
                "a2,b6", "a3,b3", "a6,b1", "a6,b2", "a6,b6"};
  EXPECT_EQ(merged("a, b", "JOIN", on), inner);
  Rows left = {"a1,b1", "a1,b2",   "a1,b6",   "a2,b1", "a2,b2", "a2,b6",
               "a3,b3", "a4,NULL", "a5,NULL", "a6,b1", "a6,b2", "a6,b6"};
  EXPECT_EQ(merged("a, b", "LEFT JOIN", on), left);
  Rows right = {"NULL,b4", "NULL,b5", "a1,b1", "a1,b2", "a1,b6", "a2,b1",
                "a2,b2",   "a2,b6",   "a3,b3", "a6,b1", "a6,b2", "a6,b6"};
  EXPECT_EQ(merged("a, b", "RIGHT JOIN", on), right);
  Rows full = {"NULL,b4", "NULL,b5", "a1,b1",   "a1,b2",   "a1,b6", "a2,b1", "a2,b2",
               "a2,b6",   "a3,b3",   "a4,NULL", "a5,NULL", "a6,b1", "a6,b2", "a6,b6"};
  EXPECT_EQ(merged("a, b", "FULL JOIN", on), full);
  EXPECT_EQ(merged("a", "LEFT SEMI JOIN", on), (Rows{"a1", "a2", "a3", "a6"}));
  EXPECT_EQ(merged("a", "LEFT ANTI JOIN", on), (Rows{"a4", "a5"}));
}

TEST_F(MergeJoinTest, MultiColumnKeys) {
  const std::string on = "l.k = r.k AND l.k2 = r.k2";
  EXPECT_EQ(merged("a, b", "JOIN", on), (Rows{"a1,b1", "a1,b2", "a2,b6", "a6,b1", "a6,b2"}));
  EXPECT_EQ(merged("a, b", "FULL JOIN", on),
            (Rows{"NULL,b3", "NULL,b4", "NULL,b5", "a1,b1", "a1,b2", "a2,b6", "a3,NULL", "a4,NULL",
                  "a5,NULL", "a6,b1", "a6,b2"}));
  EXPECT_EQ(merged("a", "LEFT ANTI JOIN", on), (Rows{"a3", "a4", "a5"}));
}

TEST_F(MergeJoinTest, ConditionsBeyondTheKeys) {
  EXPECT_EQ(merged("a, b", "JOIN", "l.k = r.k AND a < 'a5' AND b <> 'b2'"),
            (Rows{"a1,b1", "a1,b6", "a2,b1", "a2,b6", "a3,b3"}));
  // Outer joins keep the rows whose candidates all fail the condition.
  EXPECT_EQ(merged("a, b", "LEFT JOIN", "l.k = r.k AND b = 'b3'"),
            (Rows{"a1,NULL", "a2,NULL", "a3,b3", "a4,NULL", "a5,NULL", "a6,NULL"}));
  EXPECT_EQ(merged("a, b", "RIGHT JOIN", "l.k = r.k AND a = 'a2'"),
            (Rows{"NULL,b3", "NULL,b4", "NULL,b5", "a2,b1", "a2,b2", "a2,b6"}));
  EXPECT_EQ(merged("a, b", "FULL JOIN", "l.k = r.k AND a = 'a2' AND b = 'b6'").size(), 11u);
  EXPECT_EQ(merged("a", "LEFT SEMI JOIN", "l.k = r.k AND b = 'b3'"), (Rows{"a3"}));
  EXPECT_EQ(merged("a", "LEFT ANTI JOIN", "l.k = r.k AND b = 'b3'"),
            (Rows{"a1", "a2", "a4", "a5", "a6"}));
}

TEST_F(MergeJoinTest, BroadcastOffPlansSortMergeJoins) {
  ASSERT_TRUE(session_.run("SET spark.sql.autoBroadcastJoinThreshold = -1").ok());
  const std::string query = "SELECT a, b FROM l JOIN r ON l.k = r.k ORDER BY a, b";
  EXPECT_TRUE(plansSortMergeJoin(session_, query));
  EXPECT_EQ(rowsOf(session_, query).size(), 10u);
}

TEST_F(MergeJoinTest, GroupOfEqualKeysLongerThanABatch) {
  std::string insert = "CREATE TABLE big (k INT, v INT); INSERT INTO big VALUES ";
  for (int i = 0; i < 5000; ++i) insert += fmt::format("{}({}, {})", i ? ", " : "", i % 2, i);
  ASSERT_TRUE(session_.run(insert).ok());
  // l has three rows with k = 1 and none with k = 0; big has 2500 rows of each.
  EXPECT_EQ(
      rowsOf(session_, "SELECT /*+ MERGE(big) */ count(*), sum(v) FROM l JOIN big ON l.k = big.k"),
      (Rows{"7500,18750000"}));
  EXPECT_EQ(rowsOf(session_,
                   "SELECT /*+ MERGE(big) */ count(*), count(a) FROM l RIGHT JOIN big "
                   "ON l.k = big.k AND v % 1000 = 1"),
            (Rows{"5010,15"}));
}

TEST(MergeJoinDifferentialTest, MatchesTheShuffledHashJoinOnRandomData) {
  std::mt19937 random(1124);
  auto table = [&](const std::string& name, int rows) {
    std::string sql =
        fmt::format("CREATE TABLE {} (k INT, k2 INT, x INT); INSERT INTO {} VALUES ", name, name);
    for (int i = 0; i < rows; ++i) {
      std::string k = random() % 20 == 0 ? "NULL" : std::to_string(random() % 150);
      std::string k2 = random() % 20 == 0 ? "NULL" : std::to_string(random() % 3);
      sql += fmt::format("{}({}, {}, {})", i ? ", " : "", k, k2, random() % 100);
    }
    return sql;
  };
  Session session;
  ASSERT_TRUE(
      session.run(table("p", 1500) + "; " + table("q", 1200) + "; " + table("z", 800)).ok());
  const std::vector<std::string> types = {"JOIN",      "LEFT JOIN",      "RIGHT JOIN",
                                          "FULL JOIN", "LEFT SEMI JOIN", "LEFT ANTI JOIN"};
  const std::vector<std::string> conditions = {"p.k = q.k", "p.k = q.k AND p.k2 = q.k2",
                                               "p.k = q.k AND p.x < q.x",
                                               "p.k2 = q.k2 AND p.k = q.k AND p.x + q.x > 90"};
  for (int partitions : {1, 3}) {
    ASSERT_TRUE(session.run(fmt::format("SET spark.sql.shuffle.partitions = {}", partitions)).ok());
    for (const std::string& type : types) {
      bool semi = type.find("SEMI") != std::string::npos || type.find("ANTI") != std::string::npos;
      std::string columns = semi ? "p.k, p.k2, p.x" : "p.k, p.k2, p.x, q.k, q.k2, q.x";
      for (const std::string& on : conditions) {
        auto query = [&](const std::string& hint) {
          return fmt::format("SELECT /*+ {}(q) */ {} FROM p {} q ON {}", hint, columns, type, on);
        };
        ASSERT_TRUE(plansSortMergeJoin(session, query("MERGE"))) << query("MERGE");
        std::vector<std::string> merged = sortedRowsOf(session, query("MERGE"));
        std::vector<std::string> hashed = sortedRowsOf(session, query("SHUFFLE_HASH"));
        EXPECT_FALSE(merged.empty()) << query("MERGE");
        EXPECT_EQ(merged, hashed) << query("MERGE") << " with " << partitions << " partitions";
      }
    }
    // A second merge join on the same keys reads the first one's output order (no sort between
    // them when the first keeps its left keys' order).
    for (const char* type : {"JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"}) {
      auto query = [&](const std::string& hint) {
        return fmt::format(
            "SELECT /*+ {0}(q), {0}(z) */ p.x, q.x, z.x FROM p {1} q ON p.k = q.k "
            "JOIN z ON p.k = z.k AND q.k2 <=> z.k2",
            hint, type);
      };
      std::vector<std::string> merged = sortedRowsOf(session, query("MERGE"));
      EXPECT_FALSE(merged.empty()) << query("MERGE");
      EXPECT_EQ(merged, sortedRowsOf(session, query("SHUFFLE_HASH"))) << query("MERGE");
    }
  }
}

}  // namespace
}  // namespace planck
