// Plan graphs (explain/plan_dot.h): stable ids, escaping, the parameters each operator shows,
// clusters for subquery plans, and EXPLAIN (FORMAT dot).
#include <string>
#include <vector>

#include "common/strings.h"
#include "explain/plan_dot.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "logical/operators.h"
#include "test_support.h"

namespace planck {
namespace {

using test::analyzeSql;
using ::testing::HasSubstr;
using ::testing::Not;

// Project [a] <- Join Inner (a = b) <- (Relation t[a], Relation u[b]), with fresh ids.
PlanPtr joinPlan() {
  AttributePtr a = AttributeReference::make("a", DataType::integer(), false);
  AttributePtr b = AttributeReference::make("b", DataType::integer(), false);
  PlanPtr join =
      std::make_shared<Join>(std::make_shared<Relation>("t", Attributes{a}),
                             std::make_shared<Relation>("u", Attributes{b}), JoinType::kInner,
                             std::make_shared<BinaryComparison>(ComparisonOp::kEqual, a, b));
  return std::make_shared<Project>(std::vector<ExprPtr>{a}, join);
}

// The lines of `dot` that declare a node (`id [label=...`).
std::vector<std::string> nodeIds(const std::string& dot) {
  std::vector<std::string> ids;
  std::string_view text = dot;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view line = trim(text.substr(0, newline));
    size_t label = line.find(" [label=");
    if (label != std::string_view::npos) ids.emplace_back(line.substr(0, label));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
  }
  return ids;
}

TEST(PlanDotTest, NodeIdsComeFromTreePositions) {
  std::string dot = planDot(joinPlan());
  EXPECT_EQ(nodeIds(dot), (std::vector<std::string>{"n0", "n0_0", "n0_0_0", "n0_0_1"}));
  // Edges run child -> parent, the root at the top.
  EXPECT_THAT(dot, HasSubstr("rankdir=BT"));
  EXPECT_THAT(dot, HasSubstr("n0_0 -> n0;"));
  EXPECT_THAT(dot, HasSubstr("n0_0_0 -> n0_0;"));
  EXPECT_THAT(dot, HasSubstr("n0_0_1 -> n0_0;"));
}

TEST(PlanDotTest, TheSamePlanShapeRendersTheSameText) {
  PlanPtr first = joinPlan(), second = joinPlan();  // the same shape with other ids
  EXPECT_EQ(planDot(first), planDot(first));
  EXPECT_NE(planDot(first), planDot(second));
  DotOptions normalized;
  normalized.normalize_ids = true;
  EXPECT_EQ(planDot(first, normalized), planDot(second, normalized));
  EXPECT_THAT(planDot(first, normalized), HasSubstr("a#x"));
}

TEST(PlanDotTest, LabelsAreHtmlEscaped) {
  AttributePtr s = AttributeReference::make("s", DataType::varchar(), true);
  ExprPtr odd = Literal::make(Value::varchar("a&b \"<x>\"\nnext"));
  PlanPtr plan =
      std::make_shared<Filter>(std::make_shared<BinaryComparison>(ComparisonOp::kLessThan, s, odd),
                               std::make_shared<Relation>("t", Attributes{s}));
  std::string dot = planDot(plan);
  EXPECT_THAT(dot, HasSubstr("&amp;b &quot;&lt;x&gt;&quot;"));
  EXPECT_THAT(dot, HasSubstr("s#" + std::to_string(s->exprId()) + " &lt; "));
  EXPECT_THAT(dot, Not(HasSubstr("<x>")));
  // The newline inside the literal does not break the label's line.
  EXPECT_THAT(dot, Not(HasSubstr("\nnext")));
}

TEST(PlanDotTest, OperatorsShowTheirKeyParameters) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session,
                         "SELECT n_name, count(*) AS c FROM nation JOIN region ON n_regionkey = "
                         "r_regionkey WHERE r_name = 'ASIA' GROUP BY n_name ORDER BY c DESC");
  ASSERT_TRUE(plan.ok()) << plan.status();
  DotOptions options;
  options.normalize_ids = true;
  std::string dot = planDot(*plan, options);
  EXPECT_THAT(dot, HasSubstr("<B>Sort</B>"));
  EXPECT_THAT(dot,
              HasSubstr("<B>Aggregate</B><BR ALIGN=\"LEFT\"/>groupingExpressions: [n_name#x]"));
  EXPECT_THAT(dot, HasSubstr("count(1) AS c#x"));
  EXPECT_THAT(dot, HasSubstr("<B>Filter</B><BR ALIGN=\"LEFT\"/>condition: (r_name#x = ASIA)"));
  EXPECT_THAT(dot, HasSubstr("<B>Join</B><BR ALIGN=\"LEFT\"/>joinType: Inner"));
  EXPECT_THAT(dot, HasSubstr("condition: (n_regionkey#x = r_regionkey#x)"));
  EXPECT_THAT(dot, HasSubstr("<B>Relation</B><BR ALIGN=\"LEFT\"/>table: nation"));
  EXPECT_THAT(dot, HasSubstr("<B>SubqueryAlias</B><BR ALIGN=\"LEFT\"/>alias: region"));
}

TEST(PlanDotTest, LongParametersAreWrappedAndCut) {
  std::vector<std::string> lines = wrapText("alpha, beta, gamma, delta, epsilon", 14, 3);
  EXPECT_EQ(lines, (std::vector<std::string>{"alpha, beta, ", "gamma, delta, ", "epsilon"}));
  lines = wrapText("alpha, beta, gamma, delta, epsilon, zeta", 14, 2);
  EXPECT_EQ(lines, (std::vector<std::string>{"alpha, beta, ", "gamma, delt..."}));
  EXPECT_TRUE(wrapText("", 14, 2).empty());

  // A wide Project: every label line within the width, at most four lines per parameter.
  Attributes columns;
  std::vector<ExprPtr> list;
  for (int i = 0; i < 40; ++i) {
    columns.push_back(
        AttributeReference::make("column_" + std::to_string(i), DataType::integer(), false));
    list.push_back(columns.back());
  }
  PlanPtr plan = std::make_shared<Project>(list, std::make_shared<Relation>("wide", columns));
  DotOptions options;
  options.wrap_width = 40;
  std::vector<std::string> project = paramLines(*plan, options);
  ASSERT_EQ(project.size(), 4u);
  for (const std::string& line : project) EXPECT_LE(line.size(), 40u) << line;
  EXPECT_TRUE(project.back().ends_with("...")) << project.back();
}

TEST(PlanDotTest, SubqueryPlansAreDrawnInClusters) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session,
                         "SELECT n_name FROM nation WHERE EXISTS (SELECT 1 FROM region WHERE "
                         "r_regionkey = n_regionkey) AND n_nationkey > (SELECT min(r_regionkey) "
                         "FROM region)");
  ASSERT_TRUE(plan.ok()) << plan.status();
  DotOptions options;
  options.normalize_ids = true;
  std::string dot = planDot(*plan, options);
  // The Filter is n0_0 (under the Project); its two subquery plans are clusters.
  EXPECT_THAT(dot, HasSubstr("<B>Filter</B>"));
  EXPECT_THAT(dot, HasSubstr("subgraph cluster_n0_0_s0 {"));
  EXPECT_THAT(dot, HasSubstr("subgraph cluster_n0_0_s1 {"));
  EXPECT_THAT(dot, HasSubstr("label=<exists#x [n_regionkey#x]>"));
  EXPECT_THAT(dot, HasSubstr("label=<scalar-subquery#x []>"));
  // Each subquery's root points at the Filter with a dashed edge; its own operators stay inside.
  EXPECT_THAT(dot, HasSubstr("n0_0_s0 -> n0_0 [style=dashed];"));
  EXPECT_THAT(dot, HasSubstr("n0_0_s1 -> n0_0 [style=dashed];"));
  size_t cluster = dot.find("subgraph cluster_n0_0_s0 {");
  size_t inner = dot.find("n0_0_s0_0 [label=");
  size_t close = dot.find("\n  }\n", cluster);
  EXPECT_LT(cluster, inner);
  EXPECT_LT(inner, close);
}

TEST(PlanDotTest, ExplainFormatDotPrintsTheOptimizedPlan) {
  auto session = Session::withTpchSchema();
  auto results = session->run("EXPLAIN (FORMAT dot) SELECT r_name FROM region r");
  ASSERT_TRUE(results.ok()) << results.status();
  const std::string& dot = results->front().text;
  EXPECT_TRUE(dot.starts_with("digraph plan {")) << dot;
  // The optimizer drops the alias (EliminateSubqueryAliases): the optimized plan, not the
  // analyzed one.
  EXPECT_THAT(dot, Not(HasSubstr("SubqueryAlias")));
  EXPECT_THAT(dot, HasSubstr("table: region"));
}

}  // namespace
}  // namespace planck
