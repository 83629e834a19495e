// Cost-based cardinality estimation (spark.sql.cbo.enabled): row counts of filters, joins,
// aggregates and limits from ANALYZE TABLE's column statistics, and the size-only fallback.
#include <cmath>
#include <string>

#include "gtest/gtest.h"
#include "optimizer/statistics.h"
#include "session/session.h"

namespace planck {
namespace {

class CardinalityEstimationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // t: k unique 1..1000, g ten groups 0..9, n NULL in every fourth row; u: 100 rows whose
    // key tk points into t.
    std::string sql = "CREATE TABLE t (k INT, g INT, n INT); CREATE TABLE u (tk INT, w INT);";
    std::string values;
    for (int k = 1; k <= 1000; ++k) {
      values += (values.empty() ? "(" : ", (") + std::to_string(k) + ", " + std::to_string(k % 10) +
                ", " + (k % 4 == 0 ? std::string("NULL") : std::to_string(k)) + ")";
      if (k % 250 == 0) {
        sql += "INSERT INTO t VALUES " + values + ";";
        values.clear();
      }
    }
    std::string rows;
    for (int i = 0; i < 100; ++i) {
      rows += (rows.empty() ? "(" : ", (") + std::to_string(i * 10 + 1) + ", " + std::to_string(i) +
              ")";
    }
    sql += "INSERT INTO u VALUES " + rows + ";";
    sql += "ANALYZE TABLE t COMPUTE STATISTICS FOR ALL COLUMNS;";
    sql += "ANALYZE TABLE u COMPUTE STATISTICS FOR ALL COLUMNS;";
    sql += "SET spark.sql.cbo.enabled = true";
    auto done = session_.run(sql);
    ASSERT_TRUE(done.ok()) << done.status();
  }

  // The estimated rows of `sql`'s optimized plan (its root), or -1 when it has none.
  double rows(const std::string& sql) {
    auto execution = session_.query(sql);
    EXPECT_TRUE(execution.ok()) << execution.status();
    const auto& plan = (*execution)->optimized();
    EXPECT_TRUE(plan.ok()) << plan.status();
    SizeEstimator estimator(&session_.catalog(), session_.config());
    const PlanStatistics& stats = estimator.statisticsOf(*plan);
    return stats.row_count ? *stats.row_count : -1;
  }

  Session session_;
};

TEST_F(CardinalityEstimationTest, FiltersUseRangesDistinctCountsAndNulls) {
  EXPECT_EQ(rows("SELECT * FROM t"), 1000);
  EXPECT_EQ(rows("SELECT * FROM t WHERE k = 7"), 1);           // unique: 1 / ndv
  EXPECT_EQ(rows("SELECT * FROM t WHERE k = 5000"), 0);        // outside [min, max]
  EXPECT_EQ(rows("SELECT * FROM t WHERE g = 3"), 100);         // ten groups
  EXPECT_NEAR(rows("SELECT * FROM t WHERE k < 251"), 251, 2);  // uniform over [1, 1000]
  EXPECT_NEAR(rows("SELECT * FROM t WHERE k >= 901"), 100, 2);
  EXPECT_NEAR(rows("SELECT * FROM t WHERE k BETWEEN 101 AND 300"), 200, 2);
  EXPECT_EQ(rows("SELECT * FROM t WHERE g IN (1, 2, 3, 42)"), 300);  // 42 is out of range
  EXPECT_EQ(rows("SELECT * FROM t WHERE n IS NULL"), 250);
  EXPECT_EQ(rows("SELECT * FROM t WHERE n IS NOT NULL"), 750);
  // OR: p1 + p2 - p1 * p2; NOT: the rest.
  EXPECT_EQ(rows("SELECT * FROM t WHERE g = 1 OR g = 2"), 190);
  EXPECT_EQ(rows("SELECT * FROM t WHERE NOT (g = 1)"), 900);
  // What it cannot estimate keeps every row (Spark's "unknown"): two columns compared.
  EXPECT_EQ(rows("SELECT * FROM t WHERE k < g"), 1000);
}

TEST_F(CardinalityEstimationTest, JoinsAggregatesAndLimits) {
  // u.tk references 100 distinct rows of t: |t| * |u| / max(ndv) = 1000 * 100 / 1000.
  EXPECT_EQ(rows("SELECT * FROM t JOIN u ON k = tk"), 100);
  // A filter on the key's side narrows the join through the key's range.
  EXPECT_NEAR(rows("SELECT * FROM t JOIN u ON k = tk WHERE k <= 500"), 50, 2);
  EXPECT_EQ(rows("SELECT * FROM u LEFT JOIN t ON k = tk AND g = 99"), 100);
  EXPECT_EQ(rows("SELECT * FROM u LEFT SEMI JOIN t ON k = tk"), 100);
  // Groups: the distinct count of the key (one more for NULL), at most the input rows.
  EXPECT_EQ(rows("SELECT g, count(*) FROM t GROUP BY g"), 10);
  // 750 distinct values (HyperLogLog's count, within 2%) and NULL.
  EXPECT_NEAR(rows("SELECT n, count(*) FROM t GROUP BY n"), 751, 15);
  EXPECT_EQ(rows("SELECT g, count(*) FROM t WHERE k < 50 GROUP BY g"), 10);
  EXPECT_EQ(rows("SELECT count(*) FROM t"), 1);
  EXPECT_EQ(rows("SELECT * FROM t WHERE g = 3 LIMIT 20"), 20);
}

TEST_F(CardinalityEstimationTest, WithoutCboOnlySizesAsSparkDoes) {
  ASSERT_TRUE(session_.run("SET spark.sql.cbo.enabled = false").ok());
  EXPECT_EQ(rows("SELECT * FROM t WHERE k = 7"), -1);
  EXPECT_EQ(rows("SELECT * FROM t JOIN u ON k = tk"), -1);
  // EXPLAIN COST shows the row counts only with CBO.
  ASSERT_TRUE(session_.run("SET spark.sql.cbo.enabled = true").ok());
  auto explained = session_.run("EXPLAIN COST SELECT * FROM t WHERE g = 3");
  ASSERT_TRUE(explained.ok());
  EXPECT_NE(explained->back().text.find("rowCount=100)"), std::string::npos)
      << explained->back().text;
}

TEST_F(CardinalityEstimationTest, ExplainAnalyzeShowsEstimatedAgainstActualRows) {
  auto explained = session_.run("EXPLAIN ANALYZE SELECT * FROM t WHERE g = 3");
  ASSERT_TRUE(explained.ok()) << explained.status();
  const std::string& text = explained->back().text;
  EXPECT_NE(text.find("rows=100 · est. "), std::string::npos) << text;
  EXPECT_NE(text.find("est. rows=100, q-error 1.00"), std::string::npos) << text;
  // No row has k < g: the estimate keeps all 1000, off by 1000x, and says so.
  auto off = session_.run("EXPLAIN ANALYZE SELECT * FROM t WHERE k < g");
  ASSERT_TRUE(off.ok()) << off.status();
  EXPECT_NE(off->back().text.find("est. rows=1000, q-error 1000.00 (off by 10x or more)"),
            std::string::npos)
      << off->back().text;
}

}  // namespace
}  // namespace planck
