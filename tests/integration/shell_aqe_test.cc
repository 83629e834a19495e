// The shell's view of adaptive execution, through the real `planck` binary on TPC-H SF 0.01:
// `.aqe` (the last query's re-planning timeline), `.diff aqe` (its initial and final physical
// plans) and the adaptive section of a `.trace` page.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace planck {
namespace {

struct AqeRun {
  std::string out;  // stdout and stderr, in order
  int exit_code = -1;
};

std::string readAll(const std::filesystem::path& path) {
  std::stringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

// A fresh folder of this process's own (ctest runs the tests in parallel processes).
std::filesystem::path freshDir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              ("planck_shell_aqe_" + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs the shell on TPC-H SF 0.01 with `script` on stdin.
AqeRun runWithTpch(const std::string& name, const std::string& script) {
  std::filesystem::path dir = freshDir(name);
  std::ofstream(dir / "in.sql") << script;
  std::string command = std::string(PLANCK_BINARY) + " --tpch=" + PLANCK_SHARED_DIR +
                        "/tpch/sf0.01 < " + (dir / "in.sql").string() + " > " +
                        (dir / "out.txt").string() + " 2>&1";
  int status = std::system(command.c_str());
  AqeRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = readAll(dir / "out.txt");
  return run;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The join whose filtered side is misestimated (adaptive_execution_test.cc): planned as a
// sort-merge join, re-planned into a broadcast hash join once its shuffle has run.
const std::string kSetThreshold = "SET spark.sql.autoBroadcastJoinThreshold = 100k;\n";
const std::string kJoin =
    "SELECT count(*) FROM lineitem JOIN (SELECT * FROM orders WHERE o_orderkey < 2000) o "
    "ON l_orderkey = o_orderkey";

TEST(ShellAqeTest, HelpListsTheAdaptiveCommands) {
  AqeRun run = runWithTpch("help", ".help\n");
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_TRUE(has(run.out, "\n  .aqe [json] ")) << run.out;
  EXPECT_TRUE(has(run.out, "\n  .diff aqe [> FILE] ")) << run.out;
}

TEST(ShellAqeTest, DotAqeShowsHowTheLastQueryWasReplanned) {
  AqeRun run = runWithTpch("timeline", ".aqe\n" + kSetThreshold + kJoin + ";\n.aqe\n.aqe json\n");
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_TRUE(has(run.out, "No query has run yet")) << run.out;
  EXPECT_TRUE(has(run.out, "\nAdaptive execution: ")) << run.out;
  EXPECT_TRUE(has(run.out, "the final plan differs from the initial plan\n")) << run.out;
  EXPECT_TRUE(has(run.out, "\nRe-plan 1: adopted\n  after 2 query stages ran:\n")) << run.out;
  EXPECT_TRUE(has(run.out, "  misestimated: ")) << run.out;
  EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(\n {4}\+ +\+- BroadcastHashJoin \[)")))
      << run.out;
  EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(\n {4}- +\+- SortMergeJoin \[)")))
      << run.out;
  EXPECT_TRUE(has(run.out, "\"final_plan_differs\": true")) << run.out;
}

TEST(ShellAqeTest, DotAqeSaysWhyThereIsNothingToShow) {
  AqeRun run = runWithTpch("nothing",
                           "SELECT n_name FROM nation WHERE n_nationkey = 1;\n.aqe\n"
                           "SET spark.sql.adaptive.enabled = false;\n" +
                               kJoin + ";\n.aqe\n.diff aqe\n" +
                               "SELECT no_such_column FROM nation;\n.aqe\n");
  EXPECT_TRUE(has(run.out, "The last query did not run adaptively: its plan has no exchange"))
      << run.out;
  EXPECT_TRUE(has(run.out,
                  "The last query did not run adaptively: spark.sql.adaptive.enabled is false.\n"
                  "The last query did not run adaptively: spark.sql.adaptive.enabled is false.\n"))
      << run.out;
  EXPECT_TRUE(has(run.out, "The last query failed")) << run.out;
  EXPECT_EQ(run.exit_code, 1) << run.out;  // the failed query, not the .aqe commands
  EXPECT_FALSE(has(run.out, "usage: .aqe")) << run.out;
}

TEST(ShellAqeTest, DotDiffAqeComparesTheInitialAndTheFinalPlan) {
  std::filesystem::path dir = freshDir("diff_files");
  std::string dot = (dir / "aqe.dot").string();
  AqeRun run = runWithTpch(
      "diff", kSetThreshold + kJoin + ";\n.diff aqe\n.diff aqe > " + dot + "\n.aqe nonsense\n");
  EXPECT_TRUE(has(run.out, "--- initial plan\n+++ final plan\n")) << run.out;
  EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(\n\+ +\+- BroadcastHashJoin \[)")))
      << run.out;
  EXPECT_TRUE(has(run.out, " removed, ")) << run.out;
  EXPECT_TRUE(has(run.out, "wrote " + dot)) << run.out;
  std::string graph = readAll(dot);
  EXPECT_TRUE(graph.starts_with("digraph physical_plan_diff {")) << graph;
  EXPECT_TRUE(has(graph, "<B>Initial plan</B>")) << graph;
  EXPECT_TRUE(has(graph, "<B>SortMergeJoin</B> <I>(removed)</I>")) << graph;
  EXPECT_TRUE(has(run.out, "usage: .aqe [json]")) << run.out;
  EXPECT_EQ(run.exit_code, 1) << run.out;
}

TEST(ShellAqeTest, DotTraceOfAnAdaptiveQueryEndsWithItsAdaptiveExecution) {
  std::filesystem::path dir = freshDir("trace_files");
  std::string html = (dir / "trace.html").string();
  AqeRun run = runWithTpch("trace", kSetThreshold + ".trace " + kJoin + " > " + html + "\n");
  EXPECT_TRUE(std::regex_search(
      run.out, std::regex(R"(wrote the trace of \d+ rules and \d+ adaptive re-plans? to )")))
      << run.out;
  std::string page = readAll(html);
  EXPECT_TRUE(has(page, "<h2>Adaptive execution</h2>")) << run.out;
  EXPECT_TRUE(has(page, "Re-plan 1: adopted")) << run.out;
}

}  // namespace
}  // namespace planck
