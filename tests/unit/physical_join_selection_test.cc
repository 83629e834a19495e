// JoinSelection's decision table (physical/strategies/join_selection.cc): hints and their
// aliases in precedence order, broadcast by size and threshold, the build side per join type,
// shuffled hash join when sort-merge is not preferred, null-aware anti joins, joins without keys.
#include <gtest/gtest.h>

#include "tests/unit/physical_test_support.h"

namespace planck::test {
namespace {

constexpr const char* kNationRegion =
    "SELECT n_name, r_name FROM nation JOIN region ON n_regionkey = r_regionkey";

class JoinSelectionTest : public ::testing::Test {
 protected:
  // The kind and EXPLAIN line of the first join the planner chose for `sql`.
  std::string joinOf(std::string_view sql) {
    PhysicalPtr plan = physicalPlanOf(*session_, sql, /*prepared=*/false);
    PhysicalPtr join = firstJoin(plan);
    if (!join) return "no join in\n" + physicalText(plan);
    ScopedNormalizedIds ids;
    return join->simpleString();
  }
  void set(const char* key, const char* value) {
    ASSERT_TRUE(session_->config().set(key, value).ok()) << key;
  }

  std::unique_ptr<Session> session_ = Session::withTpchSchema();
};

TEST_F(JoinSelectionTest, WithoutSizesAnEquiJoinIsSortMerge) {
  EXPECT_EQ(joinOf(kNationRegion), "SortMergeJoin [n_regionkey#x], [r_regionkey#x], Inner");
}

TEST_F(JoinSelectionTest, ASmallSideIsBroadcastAndBuilt) {
  setTableSize(*session_, "region", 1000);
  EXPECT_EQ(joinOf(kNationRegion),
            "BroadcastHashJoin [n_regionkey#x], [r_regionkey#x], Inner, BuildRight, false");
  EXPECT_EQ(joinOf("SELECT n_name FROM region JOIN nation ON n_regionkey = r_regionkey"),
            "BroadcastHashJoin [r_regionkey#x], [n_regionkey#x], Inner, BuildLeft, false");
}

TEST_F(JoinSelectionTest, BothSidesSmallBuildsTheSmallerOneAndTheRightOnATie) {
  setTableSize(*session_, "region", 1000);
  setTableSize(*session_, "nation", 500);
  EXPECT_NE(joinOf(kNationRegion).find("BuildLeft"), std::string::npos);
  setTableSize(*session_, "nation", 200000);
  EXPECT_NE(joinOf(kNationRegion).find("BuildRight"), std::string::npos);
  // A tie (the same table and columns on both sides) builds the right side.
  EXPECT_EQ(joinOf("SELECT a.n_name FROM nation a JOIN nation b ON a.n_name = b.n_name"),
            "BroadcastHashJoin [n_name#x], [n_name#x], Inner, BuildRight, false");
}

TEST_F(JoinSelectionTest, AboveTheThresholdOrWithBroadcastDisabledNoBroadcast) {
  setTableSize(*session_, "region", 1000);
  set("spark.sql.autoBroadcastJoinThreshold", "100");
  EXPECT_EQ(joinOf(kNationRegion), "SortMergeJoin [n_regionkey#x], [r_regionkey#x], Inner");
  set("spark.sql.autoBroadcastJoinThreshold", "-1");
  EXPECT_EQ(joinOf(kNationRegion), "SortMergeJoin [n_regionkey#x], [r_regionkey#x], Inner");
}

TEST_F(JoinSelectionTest, BuildSideFollowsTheJoinType) {
  setTableSize(*session_, "region", 1000);  // region small, nation unknown
  // nation LEFT JOIN region: the right side may be built.
  EXPECT_NE(joinOf("SELECT n_name FROM nation LEFT JOIN region ON n_regionkey = r_regionkey")
                .find("LeftOuter, BuildRight"),
            std::string::npos);
  // region LEFT JOIN nation: the left (preserved) side cannot be built.
  EXPECT_EQ(joinOf("SELECT n_name FROM region LEFT JOIN nation ON n_regionkey = r_regionkey"),
            "SortMergeJoin [r_regionkey#x], [n_regionkey#x], LeftOuter");
  // region RIGHT JOIN nation: the left side may be built.
  EXPECT_NE(joinOf("SELECT n_name FROM region RIGHT JOIN nation ON n_regionkey = r_regionkey")
                .find("RightOuter, BuildLeft"),
            std::string::npos);
  // nation RIGHT JOIN region: the right (preserved) side cannot be built.
  EXPECT_EQ(joinOf("SELECT n_name FROM nation RIGHT JOIN region ON n_regionkey = r_regionkey"),
            "SortMergeJoin [n_regionkey#x], [r_regionkey#x], RightOuter");
  // A full outer join is never broadcast.
  EXPECT_EQ(joinOf("SELECT n_name FROM nation FULL JOIN region ON n_regionkey = r_regionkey"),
            "SortMergeJoin [n_regionkey#x], [r_regionkey#x], FullOuter");
  // Semi and anti joins build the right side.
  EXPECT_NE(joinOf("SELECT n_name FROM nation WHERE EXISTS (SELECT 1 FROM region WHERE "
                   "r_regionkey = n_regionkey)")
                .find("LeftSemi, BuildRight"),
            std::string::npos);
  EXPECT_NE(joinOf("SELECT n_name FROM nation WHERE NOT EXISTS (SELECT 1 FROM region WHERE "
                   "r_regionkey = n_regionkey)")
                .find("LeftAnti, BuildRight"),
            std::string::npos);
}

TEST_F(JoinSelectionTest, HintsInPrecedenceOrderWithTheirAliases) {
  setTableSize(*session_, "region", 1000);
  const std::string join = " FROM nation JOIN region ON n_regionkey = r_regionkey";
  EXPECT_NE(joinOf("SELECT /*+ BROADCAST(nation) */ n_name" + join).find("BuildLeft"),
            std::string::npos);
  EXPECT_NE(joinOf("SELECT /*+ MAPJOIN(nation) */ n_name" + join).find("BuildLeft"),
            std::string::npos);
  EXPECT_NE(joinOf("SELECT /*+ BROADCASTJOIN(nation) */ n_name" + join).find("BuildLeft"),
            std::string::npos);
  for (const char* merge : {"MERGE", "SHUFFLE_MERGE", "MERGEJOIN"}) {
    EXPECT_EQ(joinOf(std::string("SELECT /*+ ") + merge + "(region) */ n_name" + join),
              "SortMergeJoin [n_regionkey#x], [r_regionkey#x], Inner")
        << merge;
  }
  EXPECT_EQ(joinOf("SELECT /*+ SHUFFLE_HASH(nation) */ n_name" + join),
            "ShuffledHashJoin [n_regionkey#x], [r_regionkey#x], Inner, BuildLeft");
  EXPECT_EQ(joinOf("SELECT /*+ SHUFFLE_REPLICATE_NL(nation) */ n_name" + join),
            "CartesianProduct (n_regionkey#x = r_regionkey#x)");
  // BROADCAST wins over MERGE, MERGE over SHUFFLE_HASH.
  EXPECT_NE(joinOf("SELECT /*+ MERGE(region), BROADCAST(nation) */ n_name" + join)
                .find("BroadcastHashJoin"),
            std::string::npos);
  EXPECT_NE(joinOf("SELECT /*+ SHUFFLE_HASH(nation), MERGE(region) */ n_name" + join)
                .find("SortMergeJoin"),
            std::string::npos);
}

TEST_F(JoinSelectionTest, AHintThatCannotApplyFallsBackToTheSizeRules) {
  setTableSize(*session_, "region", 1000);
  // Broadcasting the preserved side of a left outer join is impossible: sizes decide.
  EXPECT_NE(joinOf("SELECT /*+ BROADCAST(nation) */ n_name FROM nation LEFT JOIN region ON "
                   "n_regionkey = r_regionkey")
                .find("LeftOuter, BuildRight"),
            std::string::npos);
}

TEST_F(JoinSelectionTest, ShuffledHashJoinWhenSortMergeIsNotPreferred) {
  setTableSize(*session_, "region", 1000);
  setTableSize(*session_, "nation", 100000);
  set("spark.sql.autoBroadcastJoinThreshold", "500");
  EXPECT_EQ(joinOf(kNationRegion), "SortMergeJoin [n_regionkey#x], [r_regionkey#x], Inner");
  set("spark.sql.join.preferSortMergeJoin", "false");
  EXPECT_EQ(joinOf(kNationRegion),
            "ShuffledHashJoin [n_regionkey#x], [r_regionkey#x], Inner, BuildRight");
  // Not 3x smaller: sort-merge again.
  setTableSize(*session_, "nation", 2000);
  EXPECT_EQ(joinOf(kNationRegion), "SortMergeJoin [n_regionkey#x], [r_regionkey#x], Inner");
  // Too big for a local hash map (threshold x shuffle partitions).
  setTableSize(*session_, "nation", 100000);
  set("spark.sql.shuffle.partitions", "1");
  EXPECT_EQ(joinOf(kNationRegion), "SortMergeJoin [n_regionkey#x], [r_regionkey#x], Inner");
}

TEST_F(JoinSelectionTest, NotInIsANullAwareBroadcastHashJoin) {
  const char* sql =
      "SELECT n_name FROM nation WHERE n_regionkey NOT IN (SELECT r_regionkey FROM region)";
  // Whatever the sizes, as Spark 3.x plans it.
  EXPECT_EQ(joinOf(sql),
            "BroadcastHashJoin [n_regionkey#x], [r_regionkey#x], LeftAnti, BuildRight, true");
  // NOT EXISTS is an ordinary anti join.
  EXPECT_EQ(joinOf("SELECT n_name FROM nation WHERE NOT EXISTS (SELECT 1 FROM region WHERE "
                   "r_regionkey = n_regionkey)"),
            "SortMergeJoin [n_regionkey#x], [r_regionkey#x], LeftAnti");
  // A NOT IN with a correlation besides the value is not single-column null-aware: the
  // correlation is the key, the null-aware comparison the condition.
  EXPECT_EQ(joinOf("SELECT n_name FROM nation WHERE n_regionkey NOT IN (SELECT r_regionkey FROM "
                   "region WHERE r_name = n_name)"),
            "SortMergeJoin [n_name#x], [r_name#x], LeftAnti, ((n_regionkey#x = r_regionkey#x) OR "
            "isnull((n_regionkey#x = r_regionkey#x)))");
  setTableSize(*session_, "region", 1000);
  EXPECT_EQ(joinOf(sql),
            "BroadcastHashJoin [n_regionkey#x], [r_regionkey#x], LeftAnti, BuildRight, true");
  PhysicalPtr prepared = physicalPlanOf(*session_, sql);
  EXPECT_NE(physicalText(prepared).find("HashedRelationBroadcastMode(List(r_regionkey#x),true)"),
            std::string::npos)
      << physicalText(prepared);
}

TEST_F(JoinSelectionTest, JoinsWithoutEquiKeys) {
  const char* inner = "SELECT n_name FROM nation JOIN region ON n_regionkey < r_regionkey";
  EXPECT_EQ(joinOf(inner), "CartesianProduct (n_regionkey#x < r_regionkey#x)");
  const char* outer = "SELECT n_name FROM nation LEFT JOIN region ON n_regionkey < r_regionkey";
  EXPECT_EQ(joinOf(outer).rfind("BroadcastNestedLoopJoin", 0), 0u) << joinOf(outer);
  setTableSize(*session_, "region", 1000);
  EXPECT_EQ(joinOf(inner),
            "BroadcastNestedLoopJoin BuildRight, Inner, (n_regionkey#x < r_regionkey#x)");
  EXPECT_EQ(joinOf("SELECT /*+ BROADCAST(nation) */ n_name FROM nation JOIN region ON "
                   "n_regionkey < r_regionkey"),
            "BroadcastNestedLoopJoin BuildLeft, Inner, (n_regionkey#x < r_regionkey#x)");
}

}  // namespace
}  // namespace planck::test
