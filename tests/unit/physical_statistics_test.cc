// Size-only statistics (optimizer/statistics.h), as Spark's SizeInBytesOnlyStatsPlanVisitor
// computes them: table sizes from the catalog, row-width scaling, products for joins, the left
// side for semi and anti joins, one row for a global aggregate, limits, unions.
#include <gtest/gtest.h>

#include "optimizer/statistics.h"
#include "tests/unit/physical_test_support.h"

namespace planck::test {
namespace {

class SizeEstimatorTest : public ::testing::Test {
 protected:
  // The size of the optimized plan of `sql`.
  double sizeOf(std::string_view sql) {
    auto execution = session_->query(sql);
    EXPECT_TRUE(execution.ok()) << execution.status();
    const absl::StatusOr<PlanPtr>& plan = (*execution)->optimized();
    EXPECT_TRUE(plan.ok()) << plan.status();
    SizeEstimator sizes(&session_->catalog(), session_->config());
    return sizes.statisticsOf(*plan).size_in_bytes;
  }

  std::unique_ptr<Session> session_ = Session::withTpchSchema();
};

TEST_F(SizeEstimatorTest, DefaultSizesAndRowWidths) {
  EXPECT_EQ(defaultSizeOf(DataType::integer()), 4);
  EXPECT_EQ(defaultSizeOf(DataType::varchar()), 20);
  EXPECT_EQ(defaultSizeOf(DataType::decimal(15, 2)), 8);
  EXPECT_EQ(sizePerRow({AttributeReference::make("a", DataType::integer(), true)}), 12);
}

TEST_F(SizeEstimatorTest, UnknownTablesHaveTheDefaultSize) {
  EXPECT_EQ(sizeOf("SELECT * FROM region"), 9223372036854775807.0);
}

TEST_F(SizeEstimatorTest, TableSizeScaledToTheColumnsRead) {
  setTableSize(*session_, "region", 5200);
  // region's row: 8 + 4 + 20 + 20 = 52 bytes; r_regionkey alone: 8 + 4 = 12.
  EXPECT_EQ(sizeOf("SELECT * FROM region"), 5200);
  EXPECT_EQ(sizeOf("SELECT r_regionkey FROM region"), 1200);
  // A filter keeps its input's size.
  EXPECT_EQ(sizeOf("SELECT r_regionkey FROM region WHERE r_name = 'ASIA'"), 1200);
}

TEST_F(SizeEstimatorTest, JoinsUnionsAggregatesAndLimits) {
  setTableSize(*session_, "region", 5200);
  setTableSize(*session_, "nation", 1000);
  double region_key = sizeOf("SELECT r_regionkey FROM region");
  double nation_key = sizeOf("SELECT n_regionkey FROM nation");
  EXPECT_EQ(sizeOf("SELECT n_regionkey, r_regionkey FROM nation JOIN region ON n_regionkey = "
                   "r_regionkey"),
            region_key * nation_key);
  EXPECT_EQ(sizeOf("SELECT n_regionkey FROM nation WHERE n_regionkey IN (SELECT r_regionkey "
                   "FROM region)"),
            nation_key);
  EXPECT_EQ(sizeOf("SELECT r_regionkey FROM region UNION ALL SELECT n_regionkey FROM nation"),
            region_key + nation_key);
  // A global aggregate is one row: 8 + 8 bytes for a bigint count.
  EXPECT_EQ(sizeOf("SELECT count(*) FROM region"), 16);
  // LIMIT 3 over unknown row counts: three rows of 8 + 20 bytes.
  EXPECT_EQ(sizeOf("SELECT r_name FROM region LIMIT 3"), 84);
}

TEST_F(SizeEstimatorTest, PrintsAsSpark) {
  EXPECT_EQ((PlanStatistics{1024, std::nullopt}).toString(), "Statistics(sizeInBytes=1.0 KiB)");
  EXPECT_EQ((PlanStatistics{12, 1}).toString(), "Statistics(sizeInBytes=12.0 B, rowCount=1)");
  EXPECT_EQ((PlanStatistics{9223372036854775807.0, std::nullopt}).toString(),
            "Statistics(sizeInBytes=8.0 EiB)");
  EXPECT_EQ((PlanStatistics{8.5e37, std::nullopt}).toString(),
            "Statistics(sizeInBytes=8.50E+37 B)");
}

}  // namespace
}  // namespace planck::test
