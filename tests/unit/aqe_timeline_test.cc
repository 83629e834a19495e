// The renderings of adaptive execution's re-planning (explain/aqe_timeline.h,
// explain/physical_plan_diff.h, the adaptive section of explain/rule_trace_html.h) on real runs
// of TPC-H SF 0.01 queries.
#include <algorithm>
#include <regex>
#include <sstream>

#include "explain/aqe_timeline.h"
#include "explain/graphviz.h"
#include "explain/physical_plan_diff.h"
#include "explain/rule_trace_html.h"
#include "gtest/gtest.h"
#include "optimizer/statistics.h"
#include "session/query_execution.h"
#include "session/session.h"
#include "tests/unit/tpch_test_support.h"

namespace planck {
namespace {

// The query of AdaptiveExecutionTest.AJoinOfAMisestimatedSideBecomesABroadcastJoin: with a
// 100 KB broadcast threshold and no CBO, the filtered orders side looks as big as orders and
// is planned into a sort-merge join; its shuffle shows about 500 rows in most partitions.
constexpr const char* kMisestimatedJoin =
    "SELECT o_orderkey, o_orderpriority, l_linenumber, l_quantity FROM lineitem "
    "JOIN (SELECT * FROM orders WHERE o_orderkey < 2000) o ON l_orderkey = o_orderkey";

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Whether some line starts with `prefix` (after `indent` spaces) and contains `part`.
bool hasLine(const std::string& text, const std::string& prefix, const std::string& part) {
  for (const std::string& line : linesOf(text)) {
    size_t start = line.find_first_not_of(' ');
    if (start != std::string::npos && line.compare(start, prefix.size(), prefix) == 0 &&
        line.find(part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class AqeTimelineTest : public ::testing::Test {
 protected:
  void TearDown() override { ASSERT_TRUE(session_.run("RESET").ok()); }

  // Runs `sql` adaptively; the run lives as long as query_.
  const AdaptiveRun& run(const std::string& sql) {
    auto query = session_.query(sql);
    EXPECT_TRUE(query.ok()) << query.status();
    query_ = std::move(*query);
    const auto& result = query_->executed();
    EXPECT_TRUE(result.ok()) << result.status();
    EXPECT_NE(query_->adaptiveRun(), nullptr) << sql;
    return *query_->adaptiveRun();
  }

  Session& session_ = test::tpchSession();
  std::unique_ptr<QueryExecution> query_;
};

TEST_F(AqeTimelineTest, AMisestimatedJoinSideShowsItsStageAndTheBroadcastJoinItBecame) {
  ASSERT_TRUE(session_.run("SET spark.sql.autoBroadcastJoinThreshold = 100k").ok());
  const AdaptiveRun& aqe = run(kMisestimatedJoin);
  ASSERT_FALSE(aqe.timeline.empty());
  const ReplanStep& first = aqe.timeline.front();
  ASSERT_EQ(first.triggers.size(), 2u);
  const StageObservation& small = first.triggers[0].observed_rows < first.triggers[1].observed_rows
                                      ? first.triggers[0]
                                      : first.triggers[1];
  ASSERT_TRUE(misestimated(small));

  std::string text = aqeTimelineText(aqe);
  SCOPED_TRACE(text);
  EXPECT_TRUE(
      text.starts_with(fmt::format("Adaptive execution: {} query stages", aqe.stages.size())));
  EXPECT_TRUE(contains(linesOf(text)[0], "the final plan differs from the initial plan"));
  EXPECT_TRUE(contains(text, "\nRe-plan 1: adopted\n  after 2 query stages ran:\n"));
  // The small side's stage: marked, its exchange with ids hidden, estimate against observation.
  EXPECT_TRUE(hasLine(text, small.stage + "  misestimated: ", "fewer bytes than estimated"));
  EXPECT_TRUE(hasLine(text, "Exchange hashpartitioning(o_orderkey#x, ", "ENSURE_REQUIREMENTS"));
  EXPECT_TRUE(contains(
      text,
      fmt::format("estimated {}; observed {}, {} rows; ", bytesToString(small.estimated_bytes),
                  bytesToString(static_cast<double>(small.observed_bytes)), small.observed_rows)));
  EXPECT_TRUE(hasLine(text, "rules: none; the planner chose anew", ""));
  EXPECT_TRUE(hasLine(text, "cost (SimpleCostEvaluator): ", "adopted: as cheap, and a different plan"));
  // The plan lines re-planning changed, without the subtrees that only moved.
  EXPECT_TRUE(hasLine(text, "- ", "+- SortMergeJoin [l_orderkey#x], [o_orderkey#x], Inner"));
  EXPECT_TRUE(hasLine(text, "+ ", "+- BroadcastHashJoin [l_orderkey#x], [o_orderkey#x], Inner"));
  EXPECT_FALSE(hasLine(text, "+ ", "Scan lineitem"));
  EXPECT_FALSE(contains(text, "*("));  // no codegen marks
  // Every stage made is listed, with how the final plan reads the shuffles: not by the
  // exchange's 200 partitions.
  EXPECT_TRUE(contains(text, "\nQuery stages:\n"));
  for (const StageCreation& stage : aqe.stages) EXPECT_TRUE(hasLine(text, stage.stage + ": ", ""));
  EXPECT_TRUE(std::regex_search(
      text,
      std::regex(
          R"(\n  ShuffleQueryStage \d: read by AQEShuffleRead \w+ \(200 partitions in \d+ tasks?\)\n)")));
}

TEST_F(AqeTimelineTest, ACoalescedAggregateKeepsItsPlan) {
  const AdaptiveRun& aqe =
      run("SELECT l_returnflag, l_linestatus, count(*) FROM lineitem "
          "GROUP BY l_returnflag, l_linestatus");
  std::string text = aqeTimelineText(aqe);
  SCOPED_TRACE(text);
  EXPECT_TRUE(
      text.starts_with("Adaptive execution: 1 query stage, 1 re-plan, 0 adopted; the "
                       "final plan is the initial plan, run stage by stage\n"));
  EXPECT_TRUE(contains(text, "\nRe-plan 1: kept the current plan\n"));
  EXPECT_TRUE(hasLine(text, "cost (SimpleCostEvaluator): 0 -> 0, ", "re-planning gave the same plan"));
  EXPECT_TRUE(hasLine(text, "plan: unchanged", ""));
  // 4 groups: the partial aggregates of the scan's 2 tasks, in 4 of the 200 partitions.
  EXPECT_TRUE(contains(text, ", 8 rows; 200 partitions, 4 non-empty\n"));
  EXPECT_TRUE(contains(text, "ShuffleQueryStage 0: read by AQEShuffleRead coalesced"));
  // Unchanged: the step's plans print the same.
  EXPECT_TRUE(physicalPlanLineDiff(aqe.timeline[0].before, aqe.timeline[0].after).empty());
}

TEST_F(AqeTimelineTest, AnEmptySideNamesTheRuleThatRemovedTheJoin) {
  ASSERT_TRUE(session_.run("SET spark.sql.autoBroadcastJoinThreshold = -1").ok());
  const AdaptiveRun& aqe =
      run("SELECT o_orderkey, l_linenumber FROM lineitem "
          "JOIN (SELECT * FROM orders WHERE o_totalprice < 0) o ON l_orderkey = o_orderkey");
  std::string text = aqeTimelineText(aqe);
  SCOPED_TRACE(text);
  EXPECT_TRUE(hasLine(text, "rules: AQEPropagateEmptyRelation", ""));
  EXPECT_TRUE(contains(text, "observed 0.0 B, 0 rows; 200 partitions, 0 non-empty"));
  EXPECT_TRUE(hasLine(text, "ShuffleQueryStage ", "misestimated: empty, where more was estimated"));
  EXPECT_TRUE(hasLine(text, "- ", "SortMergeJoin"));
  EXPECT_TRUE(hasLine(text, "+ ", "LocalTableScan <empty>"));
}

TEST(AqeMisestimateTest, TenTimesOffEitherWay) {
  StageObservation seen;
  seen.observed_bytes = 1000;
  seen.observed_rows = 10;
  EXPECT_FALSE(misestimated(seen));  // no estimate
  seen.estimated_bytes = 9999;
  EXPECT_FALSE(misestimated(seen));
  seen.estimated_bytes = 10000;
  EXPECT_TRUE(misestimated(seen));
  seen.estimated_bytes = 100;
  EXPECT_TRUE(misestimated(seen));  // 10x more than estimated
  // Rows decide when both are known.
  seen.estimated_rows = 12;
  EXPECT_FALSE(misestimated(seen));
  seen.estimated_rows = 1;
  EXPECT_TRUE(misestimated(seen));
  // An empty output against a few rows: below 1 counts as 1.
  seen.observed_rows = 0;
  seen.estimated_rows = 5;
  EXPECT_FALSE(misestimated(seen));
  seen.estimated_rows = 10;
  EXPECT_TRUE(misestimated(seen));
}

TEST_F(AqeTimelineTest, TheJsonHasTheSameFigures) {
  ASSERT_TRUE(session_.run("SET spark.sql.autoBroadcastJoinThreshold = 100k").ok());
  const AdaptiveRun& aqe = run(kMisestimatedJoin);
  std::string json = aqeTimelineJson(aqe);
  SCOPED_TRACE(json);
  EXPECT_TRUE(json.starts_with("{\n  \"summary\": \"Adaptive execution: "));
  EXPECT_TRUE(contains(json, fmt::format("\"stages\": {}, ", aqe.stages.size())));
  EXPECT_TRUE(contains(json, "\"final_plan_differs\": true"));
  EXPECT_TRUE(contains(json, "{\"step\": 1, \"adopted\": true, "));
  EXPECT_TRUE(contains(json, "\"misestimated\": true"));
  EXPECT_TRUE(
      std::regex_search(json, std::regex(R"("\+ +\+- BroadcastHashJoin \[l_orderkey#x\])")));
  EXPECT_TRUE(contains(json, "\"rules\": [\"CoalesceShufflePartitions\""));
  EXPECT_EQ(std::count(json.begin(), json.end(), '{'), std::count(json.begin(), json.end(), '}'));
  EXPECT_EQ(std::count(json.begin(), json.end(), '['), std::count(json.begin(), json.end(), ']'));
}

TEST_F(AqeTimelineTest, TheInitialAndFinalPlansSideBySide) {
  ASSERT_TRUE(session_.run("SET spark.sql.autoBroadcastJoinThreshold = 100k").ok());
  const AdaptiveRun& aqe = run(kMisestimatedJoin);
  PhysicalPlanDiff diff = diffPhysicalPlans(aqe.initial_plan, aqe.final_plan);
  auto status_of = [](const std::vector<PhysicalDiffNode>& side, std::string_view name) {
    for (const PhysicalDiffNode& node : side) {
      if (node.plan->nodeName() == name) return diffStatusName(node.status);
    }
    return std::string_view("missing");
  };
  EXPECT_EQ(status_of(diff.before, "SortMergeJoin"), "removed");
  EXPECT_EQ(status_of(diff.after, "BroadcastHashJoin"), "added");
  EXPECT_EQ(status_of(diff.after, "AQEShuffleRead"), "added");
  EXPECT_EQ(status_of(diff.before, "Project"), "unchanged");
  EXPECT_EQ(status_of(diff.after, "Project"), "unchanged");  // `*(n)` is not a difference
  // The final plan's codegen stages are known, not compared.
  EXPECT_TRUE(std::any_of(diff.after.begin(), diff.after.end(),
                          [](const PhysicalDiffNode& node) { return node.codegen_stage > 0; }));
  EXPECT_FALSE(contains(comparablePlanText(aqe.final_plan), "*("));

  std::string dot = physicalPlanDiffDot(diff, "Initial plan", "Final plan");
  EXPECT_TRUE(dot.starts_with("digraph physical_plan_diff {")) << dot;
  EXPECT_TRUE(contains(dot, "subgraph cluster_b {")) << dot;
  EXPECT_TRUE(contains(dot, "<B>Final plan</B>")) << dot;
  EXPECT_TRUE(contains(dot, "<B>SortMergeJoin</B> <I>(removed)</I>")) << dot;
  EXPECT_TRUE(contains(dot, "<B>*(")) << dot;
  if (findDot().empty()) GTEST_SKIP() << "Graphviz `dot` is not on PATH";
  auto svg = runDot(dot, "svg");
  ASSERT_TRUE(svg.ok()) << svg.status();
  EXPECT_TRUE(svg->messages.empty()) << svg->messages;
}

TEST_F(AqeTimelineTest, TheTracePageHasAnAdaptiveSectionOnlyForAnAdaptiveRun) {
  ASSERT_TRUE(session_.run("SET spark.sql.autoBroadcastJoinThreshold = 100k").ok());
  const AdaptiveRun& aqe = run(kMisestimatedJoin);
  const absl::StatusOr<PlanPtr>& analyzed = query_->analyzed();
  const absl::StatusOr<PlanPtr>& optimized = query_->optimized();
  ASSERT_TRUE(analyzed.ok() && optimized.ok());
  RuleTraceOptions options;
  options.render_graphs = false;
  auto plain = ruleTraceHtml(*analyzed, *optimized, {}, options);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_FALSE(contains(plain->html, "id=\"adaptive\""));
  options.adaptive_run = &aqe;
  auto page = ruleTraceHtml(*analyzed, *optimized, {}, options);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(contains(page->html,
                       "<section class=\"adaptive\" id=\"adaptive\">\n"
                       "<h2>Adaptive execution</h2>"));
  EXPECT_TRUE(contains(page->html, "<a href=\"#adaptive\">Adaptive execution</a>"));
  EXPECT_TRUE(contains(page->html, "<pre class=\"dot\">digraph physical_plan_diff {"));
  EXPECT_TRUE(std::regex_search(
      page->html, std::regex(R"(<span class="added"> +\+ +\+- BroadcastHashJoin \[)")));
  EXPECT_TRUE(contains(page->html, "Re-plan 1: adopted"));
}

}  // namespace
}  // namespace planck
