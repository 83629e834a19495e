// Adaptive query execution (adaptive/): on data built for each effect, the final plan it chose
// and answers equal to those of the same query run without it.
#include <algorithm>
#include <functional>

#include "adaptive/adaptive_rules.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "physical/adaptive_operators.h"
#include "physical/join_operators.h"
#include "logical/operators.h"
#include "physical/operators.h"
#include "session/query_execution.h"
#include "session/session.h"
#include "tests/unit/sql_rows.h"
#include "tests/unit/tpch_test_support.h"

namespace planck {
namespace {

using test::sortedRowsOf;

// Every node of `plan`, query stages' exchanges included.
void collectNodes(const PhysicalPtr& plan, std::vector<PhysicalPtr>& nodes) {
  nodes.push_back(plan);
  for (const PhysicalPtr& child : displayedChildren(*plan)) collectNodes(child, nodes);
}

int countNodes(const PhysicalPtr& plan, const std::function<bool(const PhysicalPlan&)>& pred) {
  std::vector<PhysicalPtr> nodes;
  collectNodes(plan, nodes);
  return static_cast<int>(std::count_if(nodes.begin(), nodes.end(),
                                        [&](const PhysicalPtr& node) { return pred(*node); }));
}

template <class T>
int countOf(const PhysicalPtr& plan) {
  return countNodes(plan, [](const PhysicalPlan& node) { return node.is<T>(); });
}

// Runs `sql` with adaptive execution on and returns the run (the query's QueryExecution is kept
// alive in `holder`; its executed() has the rows).
const AdaptiveRun& runAdaptively(Session& session, const std::string& sql,
                                 std::unique_ptr<QueryExecution>& holder) {
  auto query = session.query(sql);
  EXPECT_TRUE(query.ok()) << query.status();
  holder = std::move(*query);
  EXPECT_TRUE(holder->isAdaptive());
  const auto& result = holder->executed();
  EXPECT_TRUE(result.ok()) << result.status();
  EXPECT_NE(holder->adaptiveRun(), nullptr);
  return *holder->adaptiveRun();
}

// The text EXPLAIN prints.
std::string explainText(Session& session, const std::string& sql) {
  auto results = session.run(sql);
  EXPECT_TRUE(results.ok()) << results.status();
  return results.ok() ? results->back().text : "";
}

// lineitem joined with the orders below key `below`: without CBO the filtered side is
// estimated as big as orders (a filter keeps its input's size estimate).
std::string joinOfOrdersBelow(int below, const std::string& more_columns = "") {
  return fmt::format(
      "SELECT o_orderkey, l_linenumber{}{} FROM lineitem JOIN (SELECT * FROM orders WHERE "
      "o_orderkey < {}) o ON l_orderkey = o_orderkey",
      more_columns.empty() ? "" : ", ", more_columns, below);
}

int64_t rowCountOf(QueryExecution& query) {
  const auto& result = query.executed();
  return result.ok() ? result->rowCount() : -1;
}

// The rows of `sql` with adaptive execution off, then on; both sorted.
void expectSameRowsWithAndWithout(Session& session, const std::string& sql) {
  ASSERT_TRUE(session.run("SET spark.sql.adaptive.enabled = false").ok());
  std::vector<std::string> without = sortedRowsOf(session, sql);
  ASSERT_TRUE(session.run("SET spark.sql.adaptive.enabled = true").ok());
  std::vector<std::string> with = sortedRowsOf(session, sql);
  EXPECT_EQ(with, without) << sql;
  EXPECT_FALSE(with.empty()) << sql;
}

TEST(CoalescePartitionsTest, CutsAdjacentPartitionsAtTheTarget) {
  // Two shuffles read together: sizes add up per partition.
  std::vector<std::vector<int64_t>> bytes = {{10, 0, 30, 40, 0, 5}, {0, 0, 10, 0, 50, 5}};
  // Per partition: 10, 0, 40, 40, 50, 10.
  std::vector<ShufflePartitionSpec> specs = coalescePartitions(bytes, 50, 1);
  ASSERT_EQ(specs.size(), 4u);
  EXPECT_EQ(specs[0].start_reducer, 0);
  EXPECT_EQ(specs[0].end_reducer, 3);  // 10 + 0 + 40 = 50
  EXPECT_EQ(specs[0].bytes, 50);
  EXPECT_EQ(specs[1].start_reducer, 3);
  EXPECT_EQ(specs[1].end_reducer, 4);  // 40; adding 50 would pass the target
  EXPECT_EQ(specs[2].end_reducer, 5);
  EXPECT_EQ(specs[3].start_reducer, 5);
  EXPECT_EQ(specs[3].end_reducer, 6);
  EXPECT_EQ(specs[3].bytes, 10);
  // With a minimum of 20, the last run of 10 joins the one before.
  specs = coalescePartitions(bytes, 50, 20);
  ASSERT_EQ(specs.size(), 3u);
  EXPECT_EQ(specs[2].start_reducer, 4);
  EXPECT_EQ(specs[2].end_reducer, 6);
  EXPECT_EQ(specs[2].bytes, 60);
  // A run below the minimum size is not closed at the target.
  specs = coalescePartitions({{40, 5, 40}}, 40, 10);
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0].end_reducer, 1);
  EXPECT_EQ(specs[1].start_reducer, 1);
  EXPECT_EQ(specs[1].bytes, 45);
  // Nothing to gain: no specs. Different partition counts: no specs. All empty: one run.
  EXPECT_TRUE(coalescePartitions({{50, 50}}, 50, 1).empty());
  EXPECT_TRUE(coalescePartitions({{1, 1}, {1}}, 50, 1).empty());
  specs = coalescePartitions({{0, 0, 0}}, 50, 1);
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].end_reducer, 3);
}

class AdaptiveExecutionTest : public ::testing::Test {
 protected:
  void TearDown() override { ASSERT_TRUE(session_.run("RESET").ok()); }
  Session& session_ = test::tpchSession();
  std::unique_ptr<QueryExecution> query_;
};

TEST_F(AdaptiveExecutionTest, CoalescesTwoHundredPartitionsOfASmallResult) {
  const std::string sql =
      "SELECT l_returnflag, l_linestatus, count(*), sum(l_quantity) FROM lineitem "
      "GROUP BY l_returnflag, l_linestatus";
  const AdaptiveRun& run = runAdaptively(session_, sql, query_);
  ASSERT_EQ(countOf<ShuffleQueryStageExec>(run.final_plan), 1);
  ASSERT_EQ(countOf<AQEShuffleReadExec>(run.final_plan), 1);
  std::vector<PhysicalPtr> nodes;
  collectNodes(run.final_plan, nodes);
  for (const PhysicalPtr& node : nodes) {
    if (const auto* read = node->as<AQEShuffleReadExec>()) {
      EXPECT_TRUE(read->isCoalescedRead());
      EXPECT_TRUE(read->hasCoalescedPartition());
      // 4 groups of a few hundred bytes: one task (the minimum partition size is 1 MB).
      EXPECT_EQ(read->specs().size(), 1u);
      EXPECT_EQ(read->simpleString(), "AQEShuffleRead coalesced");
    }
  }
  // The initial plan has the exchange's 200 partitions and no read.
  EXPECT_EQ(countOf<AQEShuffleReadExec>(run.initial_plan), 0);
  EXPECT_EQ(run.stages.size(), 1u);
  expectSameRowsWithAndWithout(session_, sql);
}

TEST_F(AdaptiveExecutionTest, CoalescingFollowsTheAdvisorySize) {
  ASSERT_TRUE(session_
                  .run("SET spark.sql.adaptive.advisoryPartitionSizeInBytes = 20k;"
                       "SET spark.sql.adaptive.coalescePartitions.minPartitionSize = 1k;"
                       "SET spark.sql.adaptive.coalescePartitions.parallelismFirst = false")
                  .ok());
  const std::string sql = "SELECT o_custkey, count(*), max(o_totalprice) FROM orders GROUP BY o_custkey";
  const AdaptiveRun& run = runAdaptively(session_, sql, query_);
  std::vector<PhysicalPtr> nodes;
  collectNodes(run.final_plan, nodes);
  int reads = 0;
  for (const PhysicalPtr& node : nodes) {
    const auto* read = node->as<AQEShuffleReadExec>();
    if (read == nullptr) continue;
    ++reads;
    // About 1000 customers' partial aggregates over 200 partitions, read ~20 KB at a time.
    EXPECT_GT(read->specs().size(), 1u);
    EXPECT_LT(read->specs().size(), 200u);
    for (size_t i = 0; i + 1 < read->specs().size(); ++i) {
      EXPECT_EQ(read->specs()[i].end_reducer, read->specs()[i + 1].start_reducer);
      EXPECT_GE(read->specs()[i].bytes, 1024);
    }
  }
  EXPECT_EQ(reads, 1);
  expectSameRowsWithAndWithout(session_, sql);
  // Off: the 200 partitions stay.
  ASSERT_TRUE(session_.run("SET spark.sql.adaptive.coalescePartitions.enabled = false").ok());
  const AdaptiveRun& plain = runAdaptively(session_, sql, query_);
  EXPECT_EQ(countOf<AQEShuffleReadExec>(plain.final_plan), 0);
}

TEST_F(AdaptiveExecutionTest, AJoinOfAMisestimatedSideBecomesABroadcastJoin) {
  // Without CBO a filter keeps its input's size estimate: orders below key 2000 looks as big as
  // orders (over the 100 KB threshold), so the join is planned as a sort-merge join. The shuffle
  // of the filtered side shows about 500 rows: the re-planned join broadcasts it.
  ASSERT_TRUE(session_.run("SET spark.sql.autoBroadcastJoinThreshold = 100k").ok());
  const std::string sql =
      joinOfOrdersBelow(2000, "o_orderpriority, l_quantity");
  const AdaptiveRun& run = runAdaptively(session_, sql, query_);
  EXPECT_EQ(countOf<SortMergeJoinExec>(run.initial_plan), 1);
  EXPECT_EQ(countOf<BroadcastHashJoinExec>(run.initial_plan), 0);
  EXPECT_EQ(countOf<SortMergeJoinExec>(run.final_plan), 0);
  EXPECT_EQ(countOf<BroadcastHashJoinExec>(run.final_plan), 1);
  EXPECT_EQ(countOf<BroadcastQueryStageExec>(run.final_plan), 1);
  // The streamed side's shuffle has run but is not needed any more: read by map task.
  EXPECT_EQ(countNodes(run.final_plan,
                       [](const PhysicalPlan& node) {
                         const auto* read = node.as<AQEShuffleReadExec>();
                         return read != nullptr && read->isLocalRead() &&
                                read->simpleString() == "AQEShuffleRead local";
                       }),
            2);  // lineitem's side, and the broadcast's input (the small side's shuffle)
  ASSERT_FALSE(run.timeline.empty());
  // Both sides' shuffles ran in the first round; the re-planned plan has no more shuffles to
  // run either (a cost tie), but it differs, so it is adopted (Spark's rule).
  const ReplanStep& first = run.timeline.front();
  EXPECT_TRUE(first.adopted);
  EXPECT_EQ(first.cost_after, first.cost_before);
  ASSERT_EQ(first.triggers.size(), 2u);
  // The filtered side's stage: estimated as big as orders, observed a few hundred rows.
  const StageObservation& small =
      first.triggers[0].observed_rows < first.triggers[1].observed_rows ? first.triggers[0]
                                                                          : first.triggers[1];
  EXPECT_GT(small.observed_rows, 0);
  EXPECT_LT(small.observed_rows, 1000);
  EXPECT_GT(small.estimated_bytes, 100 * 1024);
  EXPECT_LT(small.observed_bytes, 100 * 1024);
  expectSameRowsWithAndWithout(session_, sql);
  // Off: the streamed side reads by reducer (coalesced).
  ASSERT_TRUE(session_.run("SET spark.sql.adaptive.localShuffleReader.enabled = false").ok());
  const AdaptiveRun& plain = runAdaptively(session_, sql, query_);
  EXPECT_EQ(countNodes(plain.final_plan,
                       [](const PhysicalPlan& node) {
                         const auto* read = node.as<AQEShuffleReadExec>();
                         return read != nullptr && read->isLocalRead();
                       }),
            0);
}

TEST_F(AdaptiveExecutionTest, ASideOfMostlyEmptyPartitionsIsNotBroadcast) {
  // 27 orders over 200 partitions: DynamicJoinSelection marks the side no_broadcast_hash, so the
  // sort-merge join stays; with the ratio at 0 it is broadcast.
  ASSERT_TRUE(session_.run("SET spark.sql.autoBroadcastJoinThreshold = 100k").ok());
  const std::string sql =
      joinOfOrdersBelow(100);
  const AdaptiveRun& run = runAdaptively(session_, sql, query_);
  EXPECT_EQ(countOf<SortMergeJoinExec>(run.final_plan), 1);
  EXPECT_EQ(countOf<BroadcastHashJoinExec>(run.final_plan), 0);
  ASSERT_FALSE(run.timeline.empty());
  const std::vector<std::string>& rules = run.timeline.front().rules;
  EXPECT_NE(std::find(rules.begin(), rules.end(), "DynamicJoinSelection"), rules.end());
  expectSameRowsWithAndWithout(session_, sql);
  ASSERT_TRUE(
      session_.run("SET spark.sql.adaptive.nonEmptyPartitionRatioForBroadcastJoin = 0").ok());
  const AdaptiveRun& broadcast = runAdaptively(session_, sql, query_);
  EXPECT_EQ(countOf<BroadcastHashJoinExec>(broadcast.final_plan), 1);
}

TEST_F(AdaptiveExecutionTest, SmallShufflePartitionsPreferAShuffledHashJoin) {
  ASSERT_TRUE(session_
                  .run("SET spark.sql.autoBroadcastJoinThreshold = -1;"
                       "SET spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold = 64m")
                  .ok());
  const std::string sql =
      "SELECT c_name, o_orderkey FROM customer JOIN orders ON c_custkey = o_custkey";
  const AdaptiveRun& run = runAdaptively(session_, sql, query_);
  EXPECT_EQ(countOf<SortMergeJoinExec>(run.initial_plan), 1);
  EXPECT_EQ(countOf<ShuffledHashJoinExec>(run.final_plan), 1);
  EXPECT_EQ(countOf<SortMergeJoinExec>(run.final_plan), 0);
  expectSameRowsWithAndWithout(session_, sql);
}

TEST_F(AdaptiveExecutionTest, TheAdaptiveThresholdDecidesForObservedSides) {
  ASSERT_TRUE(session_
                  .run("SET spark.sql.autoBroadcastJoinThreshold = 100k;"
                       "SET spark.sql.adaptive.autoBroadcastJoinThreshold = -1")
                  .ok());
  const std::string sql =
      joinOfOrdersBelow(100);
  const AdaptiveRun& run = runAdaptively(session_, sql, query_);
  EXPECT_EQ(countOf<SortMergeJoinExec>(run.final_plan), 1);
  EXPECT_EQ(countOf<BroadcastHashJoinExec>(run.final_plan), 0);
}

TEST_F(AdaptiveExecutionTest, AnEmptySideRemovesTheJoin) {
  ASSERT_TRUE(session_.run("SET spark.sql.autoBroadcastJoinThreshold = -1").ok());
  const std::string inner =
      "SELECT o_orderkey, l_linenumber FROM lineitem "
      "JOIN (SELECT * FROM orders WHERE o_totalprice < 0) o ON l_orderkey = o_orderkey";
  const AdaptiveRun& run = runAdaptively(session_, inner, query_);
  EXPECT_EQ(countOf<SortMergeJoinExec>(run.initial_plan), 1);
  EXPECT_EQ(countNodes(run.final_plan, [](const PhysicalPlan& node) { return isJoinKind(node.kind()); }),
            0);
  EXPECT_EQ(countOf<LocalTableScanExec>(run.final_plan), 1);
  EXPECT_EQ(rowCountOf(*query_), 0);
  ASSERT_FALSE(run.timeline.empty());
  EXPECT_NE(std::find(run.timeline.front().rules.begin(), run.timeline.front().rules.end(),
                      "AQEPropagateEmptyRelation"),
            run.timeline.front().rules.end());
  // A left join keeps its left side, with NULLs for the empty right side.
  const std::string left =
      "SELECT c_custkey, o_orderkey FROM customer "
      "LEFT JOIN (SELECT * FROM orders WHERE o_totalprice < 0) o ON c_custkey = o_custkey";
  const AdaptiveRun& left_run = runAdaptively(session_, left, query_);
  EXPECT_EQ(countNodes(left_run.final_plan,
                       [](const PhysicalPlan& node) { return isJoinKind(node.kind()); }),
            0);
  EXPECT_EQ(rowCountOf(*query_), 1500);
  expectSameRowsWithAndWithout(session_, left);
}

TEST_F(AdaptiveExecutionTest, EqualExchangesShareOneStage) {
  // TPC-H Q15 reads its revenue view twice: the second aggregate's exchange reuses the first's
  // stage.
  const std::string sql = test::tpchQuery(15);
  const AdaptiveRun& run = runAdaptively(session_, sql, query_);
  int reused = 0;
  for (const StageCreation& stage : run.stages) reused += stage.reused ? 1 : 0;
  EXPECT_GE(reused, 1);
  EXPECT_GE(countOf<ReusedExchangeExec>(run.final_plan), 1);
  expectSameRowsWithAndWithout(session_, sql);
}

TEST(SplitSizeListTest, CutsASkewedPartitionsMapBlocksIntoRunsOfTheTarget) {
  EXPECT_EQ(splitSizeListByTargetSize({10, 10, 10, 10, 10, 10}, 20), (std::vector<int>{0, 2, 4}));
  // A last run under a fifth of the target joins the one before.
  EXPECT_EQ(splitSizeListByTargetSize({20, 20, 2}, 20), (std::vector<int>{0, 1}));
  // Nothing to split.
  EXPECT_EQ(splitSizeListByTargetSize({5, 5}, 20), (std::vector<int>{0}));
}

// Zipf-distributed l_partkey (CALL dbgen's skew): part 1 has about an eighth of lineitem, so
// the shuffle partition that holds it is many times the median.
class SkewJoinTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    session_ = new Session();
    // Many small lineitem partitions: many map tasks to split the skewed partition by.
    ASSERT_TRUE(session_
                    ->run("SET spark.sql.files.maxPartitionBytes = 256k;"
                          "CALL dbgen(sf => 0.02, skew => 1)")
                    .ok());
  }
  static void TearDownTestSuite() { delete session_; }
  void SetUp() override {
    ASSERT_TRUE(session_
                    ->run("SET spark.sql.autoBroadcastJoinThreshold = -1;"
                          "SET spark.sql.shuffle.partitions = 64;"
                          "SET spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes = 64k;"
                          "SET spark.sql.adaptive.advisoryPartitionSizeInBytes = 64k")
                    .ok());
  }
  static Session* session_;
  std::unique_ptr<QueryExecution> query_;
};
Session* SkewJoinTest::session_ = nullptr;

TEST_F(SkewJoinTest, TheHotPartitionIsSplitByMapTasks) {
  const std::string sql =
      "SELECT p_brand, count(*), sum(l_quantity) FROM lineitem JOIN part ON l_partkey = "
      "p_partkey GROUP BY p_brand";
  const AdaptiveRun& run = runAdaptively(*session_, sql, query_);
  EXPECT_EQ(countNodes(run.final_plan, [](const PhysicalPlan& node) { return isSkewJoin(node); }),
            1);
  std::vector<PhysicalPtr> nodes;
  collectNodes(run.final_plan, nodes);
  // The join's two reads (the aggregate's exchange is read coalesced too, after them).
  std::vector<const AQEShuffleReadExec*> reads;
  for (const PhysicalPtr& node : nodes) {
    const auto* read = node->as<AQEShuffleReadExec>();
    if (read != nullptr && read->specs().size() > 1) reads.push_back(read);
  }
  ASSERT_EQ(reads.size(), 2u);
  // Only the side that is split reads partial partitions (Spark's "skewed").
  EXPECT_TRUE(reads[0]->hasSkewedPartition());
  EXPECT_FALSE(reads[1]->hasSkewedPartition());
  // Aligned task by task: the lineitem side reads runs of map tasks of the hot partition, the
  // part side its whole matching partition each time.
  ASSERT_EQ(reads[0]->specs().size(), reads[1]->specs().size());
  int splits = 0;
  for (size_t i = 0; i < reads[0]->specs().size(); ++i) {
    const ShufflePartitionSpec& left = reads[0]->specs()[i];
    const ShufflePartitionSpec& right = reads[1]->specs()[i];
    EXPECT_EQ(left.start_reducer, right.start_reducer);
    if (left.kind == ShufflePartitionSpec::Kind::kPartialReducer) {
      ++splits;
      EXPECT_EQ(right.kind, ShufflePartitionSpec::Kind::kCoalesced);
      EXPECT_EQ(right.end_reducer, right.start_reducer + 1);
    }
  }
  EXPECT_GE(splits, 2);
  std::string line = reads[0]->simpleString();
  EXPECT_TRUE(line == "AQEShuffleRead skewed" || line == "AQEShuffleRead coalesced and skewed")
      << line;
  expectSameRowsWithAndWithout(*session_, sql);
}

TEST_F(SkewJoinTest, AJoinWhoseClusteringIsNeededIsLeftAlone) {
  // The aggregate groups by the join key: split partitions would give it one key in several
  // tasks, so the join is not split.
  const std::string sql =
      "SELECT l_partkey, count(*) FROM lineitem JOIN part ON l_partkey = p_partkey "
      "GROUP BY l_partkey";
  const AdaptiveRun& run = runAdaptively(*session_, sql, query_);
  EXPECT_EQ(countNodes(run.final_plan, [](const PhysicalPlan& node) { return isSkewJoin(node); }),
            0);
  expectSameRowsWithAndWithout(*session_, sql);
}

TEST_F(SkewJoinTest, OffLeavesTheJoinAlone) {
  ASSERT_TRUE(session_->run("SET spark.sql.adaptive.skewJoin.enabled = false").ok());
  const AdaptiveRun& run = runAdaptively(
      *session_, "SELECT count(*) FROM lineitem JOIN part ON l_partkey = p_partkey", query_);
  EXPECT_EQ(countNodes(run.final_plan, [](const PhysicalPlan& node) { return isSkewJoin(node); }),
            0);
  ASSERT_TRUE(session_->run("SET spark.sql.adaptive.skewJoin.enabled = true").ok());
}

// A runtime optimizer rule of a user's: a join side that turned out to have under 100 rows gets a
// BROADCAST hint, whatever the thresholds say (and over DynamicJoinSelection's no_broadcast_hash,
// which the 2 rows in 200 partitions get first).
class BroadcastTinySides final : public Rule {
 public:
  std::string_view name() const override { return "BroadcastTinySides"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformUp(plan, [](const PlanPtr& node) -> PlanPtr {
      const auto* join = node->as<Join>();
      if (join == nullptr || join->hint().right == JoinStrategyHint::kBroadcast) return node;
      const auto* stage = join->right()->as<LogicalQueryStage>();
      if (stage == nullptr || !stage->observed() || stage->observed()->rows >= 100) return node;
      JoinHint hint = join->hint();
      hint.right = JoinStrategyHint::kBroadcast;
      return join->withHint(hint);
    });
  }
};

// A query-stage optimizer rule that only counts the plans it sees.
class CountStagePlans final : public PhysicalRule {
 public:
  explicit CountStagePlans(int* seen) : seen_(seen) {}
  std::string_view name() const override { return "CountStagePlans"; }
  PhysicalPtr apply(const PhysicalPtr& plan, PhysicalRuleContext&) const override {
    ++*seen_;
    return plan;
  }

 private:
  int* seen_;
};

TEST(AdaptiveExtensionsTest, AnInjectedRuntimeRuleFiresAndShowsInTheTimeline) {
  Session session;
  int stage_plans = 0;
  session.extensions().injectRuntimeOptimizerRule(std::make_shared<BroadcastTinySides>());
  session.extensions().injectQueryStageOptimizerRule(std::make_shared<CountStagePlans>(&stage_plans));
  ASSERT_TRUE(session
                  .run("CREATE TABLE big (k INT, v INT); CREATE TABLE tiny (k INT, w INT);"
                       "INSERT INTO big SELECT 1, 2; INSERT INTO tiny VALUES (1, 10), (2, 20);"
                       "SET spark.sql.autoBroadcastJoinThreshold = -1")
                  .ok());
  const std::string sql = "SELECT v, w FROM big JOIN tiny ON big.k = tiny.k";
  std::unique_ptr<QueryExecution> query;
  const AdaptiveRun& run = runAdaptively(session, sql, query);
  EXPECT_EQ(countOf<SortMergeJoinExec>(run.initial_plan), 1);
  EXPECT_EQ(countOf<BroadcastHashJoinExec>(run.final_plan), 1);
  ASSERT_FALSE(run.timeline.empty());
  const std::vector<std::string>& rules = run.timeline.front().rules;
  EXPECT_NE(std::find(rules.begin(), rules.end(), "BroadcastTinySides"), rules.end());
  // Through the query-stage rules went the join's two shuffle stages, then the broadcast stage
  // of the tiny side (over its shuffle stage), then the final plan.
  EXPECT_EQ(stage_plans, 4);
  EXPECT_EQ(countOf<BroadcastQueryStageExec>(run.final_plan), 1);
  EXPECT_EQ(sortedRowsOf(session, sql), (std::vector<std::string>{"2,10"}));
  // Excluded by spark.sql.adaptive.optimizer.excludedRules: the join stays a sort-merge join.
  ASSERT_TRUE(session.run("SET spark.sql.adaptive.optimizer.excludedRules = BroadcastTinySides").ok());
  const AdaptiveRun& excluded = runAdaptively(session, sql, query);
  EXPECT_EQ(countOf<BroadcastHashJoinExec>(excluded.final_plan), 0);
}

TEST_F(AdaptiveExecutionTest, ExplainShowsTheInitialPlanThenTheFinalOne) {
  const std::string sql = "SELECT l_returnflag, count(*) FROM lineitem GROUP BY l_returnflag";
  std::string before = explainText(session_, "EXPLAIN " + sql);
  EXPECT_NE(before.find("AdaptiveSparkPlan isFinalPlan=false"), std::string::npos) << before;
  EXPECT_EQ(before.find("*("), std::string::npos) << before;  // codegen stages come per stage
  std::string after = explainText(session_, "EXPLAIN ANALYZE " + sql);
  for (const char* part : {"AdaptiveSparkPlan isFinalPlan=true", "+- == Final Plan ==",
                           "+- == Initial Plan ==", "ShuffleQueryStage 0",
                           "AQEShuffleRead coalesced", "*(2) HashAggregate"}) {
    EXPECT_NE(after.find(part), std::string::npos) << part << "\n" << after;
  }
  // Off: the plan as before adaptive execution.
  ASSERT_TRUE(session_.run("SET spark.sql.adaptive.enabled = false").ok());
  std::string off = explainText(session_, "EXPLAIN " + sql);
  EXPECT_EQ(off.find("AdaptiveSparkPlan"), std::string::npos);
  EXPECT_NE(off.find("*(2) HashAggregate"), std::string::npos) << off;
}

TEST_F(AdaptiveExecutionTest, APlanWithoutExchangesRunsAsItIs) {
  auto query = session_.query("SELECT n_name FROM nation WHERE n_nationkey < 3");
  ASSERT_TRUE(query.ok());
  EXPECT_FALSE((*query)->isAdaptive());
  ASSERT_TRUE((*query)->executed().ok());
  EXPECT_EQ((*query)->adaptiveRun(), nullptr);
}

}  // namespace
}  // namespace planck
