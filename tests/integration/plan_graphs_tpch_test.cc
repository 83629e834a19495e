// Plan graphs of the 22 TPC-H queries through Graphviz: the analyzed plan, the optimized plan
// and the diff between them render with `dot -Tsvg` without errors or warnings. Skipped, saying
// so, when `dot` is not installed (scripts/install-deps installs graphviz).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "explain/graphviz.h"
#include "explain/plan_diff.h"
#include "explain/plan_dot.h"
#include "fmt/format.h"
#include "session/session.h"

namespace planck {
namespace {

std::string readQuery(int number) {
  std::ifstream file(std::filesystem::path(PLANCK_SHARED_DIR) / "tpch" / "queries" /
                     fmt::format("q{:02d}.sql", number));
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Renders `dot` to SVG; a failure or any message from dot fails the test, naming `what`.
void expectCleanSvg(const std::string& dot, const std::string& what) {
  absl::StatusOr<GraphvizOutput> svg = runDot(dot, "svg");
  ASSERT_TRUE(svg.ok()) << what << ": " << svg.status() << "\n" << dot;
  EXPECT_EQ(svg->messages, "") << what << "\n" << dot;
  EXPECT_NE(svg->output.find("<svg"), std::string::npos) << what;
}

class PlanGraphsTpchTest : public ::testing::TestWithParam<int> {};

TEST_P(PlanGraphsTpchTest, AnalyzedOptimizedAndDiffGraphsRenderCleanly) {
  if (findDot().empty()) GTEST_SKIP() << "Graphviz `dot` is not on PATH (scripts/install-deps)";
  const int number = GetParam();
  auto session = Session::withTpchSchema();
  auto execution = session->query(readQuery(number));
  ASSERT_TRUE(execution.ok()) << execution.status();
  const auto& analyzed = (*execution)->analyzed();
  const auto& optimized = (*execution)->optimized();
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  std::string name = fmt::format("q{:02d}", number);
  for (bool normalize : {false, true}) {
    DotOptions options;
    options.normalize_ids = normalize;
    options.title = name;
    expectCleanSvg(planDot(*analyzed, options), name + " analyzed");
    expectCleanSvg(planDot(*optimized, options), name + " optimized");
    expectCleanSvg(planDiffDot(diffPlans(*analyzed, *optimized, normalize), options),
                   name + " diff");
  }
}

INSTANTIATE_TEST_SUITE_P(Tpch, PlanGraphsTpchTest, ::testing::Range(1, 23),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return fmt::format("q{:02d}", info.param);
                         });

}  // namespace
}  // namespace planck
