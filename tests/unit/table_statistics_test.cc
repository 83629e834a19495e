// Statistics: HyperLogLog's distinct counts, ANALYZE TABLE (NOSCAN, FOR COLUMNS, FOR ALL
// COLUMNS, histograms), DESCRIBE EXTENDED t column, staleness after INSERT, and the automatic
// ANALYZE after COPY.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "runtime/stats/hyperloglog.h"
#include "session/session.h"
#include "tests/unit/sql_rows.h"

namespace planck {
namespace {

using test::errorOf;
using test::rowsOf;

TEST(HyperLogLogTest, DistinctCountsWithinTwoPercentFromTenToAMillion) {
  for (int64_t distinct : {10, 1000, 20000, 40000, 100000, 1000000}) {
    HyperLogLog counter;
    // Every value three times: repeats must not count.
    for (int repeat = 0; repeat < 3; ++repeat) {
      for (int64_t value = 0; value < distinct; ++value) {
        counter.add(hashValue(static_cast<uint64_t>(value * 7919)));
      }
    }
    double error = std::fabs(static_cast<double>(counter.estimate() - distinct)) /
                   static_cast<double>(distinct);
    EXPECT_LT(error, 0.02) << distinct << " counted as " << counter.estimate();
  }
}

TEST(HyperLogLogTest, MergingCountsTheUnion) {
  HyperLogLog a, b;
  for (int i = 0; i < 30000; ++i) a.add(hashBytes("key" + std::to_string(i)));
  for (int i = 20000; i < 50000; ++i) b.add(hashBytes("key" + std::to_string(i)));
  a.merge(b);
  EXPECT_NEAR(static_cast<double>(a.estimate()), 50000.0, 50000 * 0.02);
  EXPECT_EQ(HyperLogLog().estimate(), 0);
}

class TableStatisticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(session_
                    .run("CREATE TABLE t (k INT, d DECIMAL(10, 2), s VARCHAR, day DATE);"
                         "INSERT INTO t VALUES (1, 1.50, 'ab', DATE '2024-01-01'), "
                         "(2, NULL, 'abcd', DATE '2024-01-03'), (2, -3.25, NULL, NULL), "
                         "(7, 10.00, 'ab', DATE '2023-12-31')")
                    .ok());
  }
  // DESCRIBE EXTENDED t `column` as "info_name=info_value" lines.
  std::vector<std::string> describe(const std::string& column) {
    std::vector<std::string> rows = rowsOf(session_, "DESCRIBE EXTENDED t " + column);
    for (std::string& row : rows) row.replace(row.find(','), 1, "=");
    return rows;
  }
  Session session_;
};

TEST_F(TableStatisticsTest, ForColumnsComputesSparksColumnStatistics) {
  ASSERT_TRUE(session_.run("ANALYZE TABLE t COMPUTE STATISTICS FOR COLUMNS k, d, s").ok());
  EXPECT_EQ(describe("k"),
            (std::vector<std::string>{"col_name=k", "data_type=int", "comment=NULL", "min=1",
                                      "max=7", "num_nulls=0", "distinct_count=3", "avg_col_len=4",
                                      "max_col_len=4", "histogram=NULL"}));
  std::vector<std::string> d = describe("d");
  EXPECT_EQ(d[3], "min=-3.25");
  EXPECT_EQ(d[4], "max=10.00");
  EXPECT_EQ(d[5], "num_nulls=1");
  EXPECT_EQ(d[6], "distinct_count=3");
  // Strings: no min or max (as Spark), lengths in bytes of the non-NULL values.
  std::vector<std::string> s = describe("s");
  EXPECT_EQ(s[3], "min=NULL");
  EXPECT_EQ(s[5], "num_nulls=1");
  EXPECT_EQ(s[6], "distinct_count=2");
  EXPECT_EQ(s[7], "avg_col_len=3");
  EXPECT_EQ(s[8], "max_col_len=4");
  // A column not analyzed has no statistics.
  EXPECT_EQ(describe("day")[6], "distinct_count=NULL");
  // The table's size and row count.
  bool found = false;
  for (const std::string& row : rowsOf(session_, "DESCRIBE EXTENDED t")) {
    if (row.rfind("Statistics,", 0) == 0) {
      found = true;
      EXPECT_NE(row.find(", 4 rows"), std::string::npos) << row;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(TableStatisticsTest, HistogramsAreEquiHeightWhenEnabled) {
  ASSERT_TRUE(session_.run("INSERT INTO t SELECT k + 10, d, s, day FROM t").ok());
  ASSERT_TRUE(session_
                  .run("SET spark.sql.statistics.histogram.enabled = true;"
                       "SET spark.sql.statistics.histogram.numBins = 4;"
                       "ANALYZE TABLE t COMPUTE STATISTICS FOR ALL COLUMNS")
                  .ok());
  // k: 1 2 2 7 11 12 12 17 in four bins of two values each.
  std::vector<std::string> k = describe("k");
  ASSERT_EQ(k.size(), 14u);
  EXPECT_EQ(k[9], "histogram=height: 2, num_of_bins: 4");
  EXPECT_EQ(k[10], "bin_0=lower_bound: 1, upper_bound: 2, distinct_count: 2");
  EXPECT_EQ(k[11], "bin_1=lower_bound: 2, upper_bound: 7, distinct_count: 2");
  EXPECT_EQ(k[12], "bin_2=lower_bound: 7, upper_bound: 12, distinct_count: 2");
  EXPECT_EQ(k[13], "bin_3=lower_bound: 12, upper_bound: 17, distinct_count: 2");
  // DATE bins in days since 1970; strings have none.
  EXPECT_EQ(describe("day")[9], "histogram=height: 1.5, num_of_bins: 4");
  EXPECT_EQ(describe("s")[9], "histogram=NULL");
}

TEST_F(TableStatisticsTest, InsertMarksColumnStatisticsStaleUntilTheNextAnalyze) {
  ASSERT_TRUE(session_.run("ANALYZE TABLE t COMPUTE STATISTICS FOR ALL COLUMNS").ok());
  EXPECT_EQ(describe("k").size(), 10u);
  ASSERT_TRUE(session_.run("INSERT INTO t VALUES (99, 0, 'z', NULL)").ok());
  std::vector<std::string> stale = describe("k");
  ASSERT_EQ(stale.size(), 11u);
  EXPECT_EQ(stale.back(), "stale=true");
  EXPECT_EQ(stale[4], "max=7");  // the old statistics until ANALYZE runs again
  ASSERT_TRUE(session_.run("ANALYZE TABLE t COMPUTE STATISTICS FOR COLUMNS k").ok());
  std::vector<std::string> fresh = describe("k");
  EXPECT_EQ(fresh.size(), 10u);
  EXPECT_EQ(fresh[4], "max=99");
}

TEST_F(TableStatisticsTest, MistakesAreErrorsThatNameTheTableOrColumn) {
  EXPECT_NE(errorOf(session_, "ANALYZE TABLE t COMPUTE STATISTICS FOR COLUMNS kk")
                .find("column `kk` does not exist in `t`; did you mean `k`?"),
            std::string::npos);
  // Nothing changed: the first, valid column was not analyzed either.
  EXPECT_NE(errorOf(session_, "ANALYZE TABLE t COMPUTE STATISTICS FOR COLUMNS k, nope"), "");
  EXPECT_EQ(describe("k")[6], "distinct_count=NULL");
  EXPECT_NE(errorOf(session_, "ANALYZE TABLE nope COMPUTE STATISTICS").find("nope"),
            std::string::npos);
  ASSERT_TRUE(session_.run("CREATE VIEW v AS SELECT k FROM t").ok());
  EXPECT_NE(errorOf(session_, "ANALYZE TABLE v COMPUTE STATISTICS").find("is a view"),
            std::string::npos);
  // NOSCAN and a plain ANALYZE succeed without column statistics.
  EXPECT_EQ(errorOf(session_, "ANALYZE TABLE t COMPUTE STATISTICS NOSCAN"), "");
  EXPECT_EQ(errorOf(session_, "ANALYZE TABLE t COMPUTE STATISTICS"), "");
  EXPECT_EQ(describe("k")[6], "distinct_count=NULL");
}

TEST(AutoAnalyzeTest, CopyAnalyzesEveryColumnUnlessTurnedOff) {
  std::filesystem::path file = std::filesystem::temp_directory_path() / "planck_stats_copy.csv";
  {
    std::ofstream out(file);
    for (int i = 0; i < 100; ++i) out << i % 10 << ",name" << i % 25 << "\n";
  }
  Session session;
  ASSERT_TRUE(
      session.run("CREATE TABLE c (a INT, b VARCHAR); CREATE TABLE c2 (a INT, b VARCHAR)").ok());
  ASSERT_TRUE(session.run("COPY c FROM '" + file.string() + "' (DELIMITER ',')").ok());
  std::vector<std::string> a = rowsOf(session, "DESCRIBE EXTENDED c a");
  EXPECT_EQ(a[6], "distinct_count,10");
  EXPECT_EQ(a[4], "max,9");
  EXPECT_EQ(rowsOf(session, "DESCRIBE EXTENDED c b")[6], "distinct_count,25");
  ASSERT_TRUE(session.run("SET planck.stats.autoAnalyze = false").ok());
  ASSERT_TRUE(session.run("COPY c2 FROM '" + file.string() + "' (DELIMITER ',')").ok());
  EXPECT_EQ(rowsOf(session, "DESCRIBE EXTENDED c2 a")[6], "distinct_count,NULL");
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace planck
