// Drives the real `planck` binary as a user would: a script on stdin, or -c "SQL", and checks
// what comes out on stdout and stderr and the exit status.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace planck {
namespace {

const std::string kPlanck = PLANCK_BINARY;

// What one run of the binary produced.
struct ShellRun {
  std::string out;
  std::string err;
  int exit_code = -1;  // -1 when the process did not exit normally (signal)
};

std::string readFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Runs planck with `args`, `input` on stdin, and stdout/stderr captured in files: no pipes,
// so a large output cannot dead-lock the test.
ShellRun runPlanck(const std::vector<std::string>& args, const std::string& input = "") {
  static std::atomic<int> counter = 0;
  std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      ("planck_shell_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  const std::filesystem::path in_path = dir / "stdin", out_path = dir / "stdout",
                              err_path = dir / "stderr";
  std::ofstream(in_path, std::ios::binary) << input;

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(kPlanck.c_str()));
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  ShellRun run;
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(in_path.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
      _exit(126);
    }
    // No history file: keep the user's home untouched (only read interactively anyway).
    setenv("PLANCK_HISTORY", "/dev/null", 1);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (pid < 0) {
    ADD_FAILURE() << "fork failed: " << std::strerror(errno);
    return run;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  run.out = readFile(out_path);
  run.err = readFile(err_path);
  std::filesystem::remove_all(dir);
  return run;
}

// Runs `script` on stdin.
ShellRun runScript(const std::string& script) { return runPlanck({}, script); }

std::string describe(const ShellRun& run) {
  return "exit code " + std::to_string(run.exit_code) + "\n--- stdout ---\n" + run.out +
         "--- stderr ---\n" + run.err;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> found;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) found.push_back(line);
  return found;
}

TEST(ShellTest, BinaryExists) { ASSERT_TRUE(std::filesystem::exists(kPlanck)) << kPlanck; }

TEST(ShellTest, MultiLineStatementRunsWhenItsSemicolonArrives) {
  ShellRun run = runScript(
      "DESCRIBE\n"
      "  nation\n"
      "  ;\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(run.err.empty()) << describe(run);
  EXPECT_TRUE(contains(run.out, "n_nationkey")) << describe(run);
  EXPECT_TRUE(contains(run.out, "n_comment")) << describe(run);
  EXPECT_TRUE(contains(run.out, "(4 rows)")) << describe(run);
}

TEST(ShellTest, DotTablesListsTheEightTpchTables) {
  ShellRun run = runScript(".tables\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  std::vector<std::string> listed = lines(run.out);
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, (std::vector<std::string>{"customer", "lineitem", "nation", "orders", "part",
                                              "partsupp", "region", "supplier"}))
      << describe(run);
}

TEST(ShellTest, DotSchemaShowsOneTable) {
  ShellRun run = runScript(".schema nation\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(contains(run.out, "CREATE TABLE nation (")) << describe(run);
  for (const char* column : {"n_nationkey", "n_name", "n_regionkey", "n_comment"}) {
    EXPECT_TRUE(contains(run.out, column)) << column << "\n" << describe(run);
  }
  EXPECT_FALSE(contains(run.out, "lineitem")) << describe(run);
}

TEST(ShellTest, DotSchemaOfAnUnknownTableFails) {
  ShellRun run = runScript(".schema nosuchtable\n");
  EXPECT_EQ(run.exit_code, 1) << describe(run);
  EXPECT_TRUE(contains(run.err, "nosuchtable")) << describe(run);
}

TEST(ShellTest, DotTimerPrintsRunTimes) {
  ShellRun run = runScript(
      ".timer on\n"
      "EXPLAIN SELECT n_name FROM nation;\n"
      "SHOW TABLES;\n"
      ".timer off\n"
      "SHOW TABLES;\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  int timings = 0;
  for (const std::string& line : lines(run.out)) timings += line.rfind("Run Time:", 0) == 0;
  EXPECT_EQ(timings, 2) << describe(run);
}

// A query's time split into its phases, as .timer prints it.
TEST(ShellTest, DotTimerSplitsAQueryIntoItsPhases) {
  ShellRun run = runScript(".timer on\nSELECT count(*) FROM nation;\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  bool found = false;
  for (const std::string& line : lines(run.out)) {
    if (line.rfind("Run Time:", 0) != 0) continue;
    found = true;
    for (const char* phase : {"parse ", "analyze ", "optimize ", "plan ", "execute "})
      EXPECT_TRUE(contains(line, phase)) << phase << " in " << line;
  }
  EXPECT_TRUE(found) << describe(run);
}

// .rules: the session's per-rule table, the rules that ran and how often.
TEST(ShellTest, DotRulesPrintsTheSessionsRuleMetrics) {
  ShellRun run = runScript(
      "EXPLAIN EXTENDED SELECT t.n_name FROM nation t;\n"
      "EXPLAIN EXTENDED SELECT r_name FROM region;\n"
      ".rules\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(contains(run.out, "rule ") && contains(run.out, "effective runs")) << describe(run);
  bool found = false;
  for (const std::string& line : lines(run.out)) {
    if (line.find(" EliminateSubqueryAliases ") == std::string::npos) continue;
    found = true;
    // Two queries, one run each, and both changed the plan.
    EXPECT_NE(line.find("│ 2    │ 2 "), std::string::npos) << line;
  }
  EXPECT_TRUE(found) << describe(run);
}

TEST(ShellTest, DotHelpListsTheCommands) {
  ShellRun run = runScript(".help\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  for (const char* command : {".help", ".tables", ".schema", ".timer", ".rules", ".quit"}) {
    EXPECT_TRUE(contains(run.out, command)) << command << "\n" << describe(run);
  }
}

TEST(ShellTest, UnknownDotCommandFails) {
  ShellRun run = runScript(".frobnicate\n");
  EXPECT_EQ(run.exit_code, 1) << describe(run);
  EXPECT_TRUE(contains(run.err, ".frobnicate")) << describe(run);
}

TEST(ShellTest, DotQuitStopsReadingInput) {
  ShellRun run = runScript(".quit\nSELECT n_nam FROM nation;\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(run.err.empty()) << describe(run);
}

TEST(ShellTest, SetThenShowASetting) {
  ShellRun run = runScript(
      "SET spark.sql.shuffle.partitions = 8;\n"
      "SET spark.sql.shuffle.partitions;\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  std::vector<std::string> shown;
  for (const std::string& line : lines(run.out)) {
    if (contains(line, "spark.sql.shuffle.partitions")) shown.push_back(line);
  }
  // Both statements print the key and its value.
  ASSERT_EQ(shown.size(), 2u) << describe(run);
  for (const std::string& line : shown) EXPECT_TRUE(contains(line, "│ 8")) << describe(run);
  EXPECT_FALSE(contains(run.out, "200")) << describe(run);
}

TEST(ShellTest, SettingIsShownWithItsDefault) {
  ShellRun run = runScript("SET spark.sql.shuffle.partitions;\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(contains(run.out, "200")) << describe(run);
}

TEST(ShellTest, UnknownSettingIsAnErrorNamingTheKey) {
  ShellRun run = runScript("SET spark.sql.no.such.setting = 1;\n");
  EXPECT_EQ(run.exit_code, 1) << describe(run);
  EXPECT_TRUE(contains(run.err, "spark.sql.no.such.setting")) << describe(run);
}

TEST(ShellTest, BadSettingValueIsAnErrorNamingTheKey) {
  ShellRun run = runScript("SET spark.sql.shuffle.partitions = many;\n");
  EXPECT_EQ(run.exit_code, 1) << describe(run);
  EXPECT_TRUE(contains(run.err, "spark.sql.shuffle.partitions")) << describe(run);
}

TEST(ShellTest, ShowTables) {
  ShellRun run = runScript("SHOW TABLES;\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  for (const char* table :
       {"customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"}) {
    EXPECT_TRUE(contains(run.out, table)) << table << "\n" << describe(run);
  }
  EXPECT_TRUE(contains(run.out, "(8 rows)")) << describe(run);
}

TEST(ShellTest, DescribeLineitem) {
  ShellRun run = runScript("DESCRIBE lineitem;\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  for (const char* column : {"l_orderkey", "l_extendedprice", "l_shipdate", "l_comment"}) {
    EXPECT_TRUE(contains(run.out, column)) << column << "\n" << describe(run);
  }
  EXPECT_TRUE(contains(run.out, "(16 rows)")) << describe(run);
}

TEST(ShellTest, ExplainExtendedPrintsParsedAndAnalyzedPlans) {
  ShellRun run = runScript("EXPLAIN EXTENDED SELECT n_name FROM nation WHERE n_regionkey = 1;\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  size_t parsed = run.out.find("== Parsed Logical Plan ==");
  size_t analyzed = run.out.find("== Analyzed Logical Plan ==");
  ASSERT_NE(parsed, std::string::npos) << describe(run);
  ASSERT_NE(analyzed, std::string::npos) << describe(run);
  EXPECT_LT(parsed, analyzed) << describe(run);
  EXPECT_TRUE(contains(run.out, "'UnresolvedRelation [nation]")) << describe(run);
  EXPECT_TRUE(contains(run.out.substr(analyzed), "n_name#")) << describe(run);
}

TEST(ShellTest, ErrorIsReportedWithSuggestionAndCaretAndTheScriptGoesOn) {
  ShellRun run = runScript(
      "SELECT n_nam FROM nation;\n"
      "SHOW TABLES;\n");
  EXPECT_EQ(run.exit_code, 1) << describe(run);
  EXPECT_TRUE(contains(run.err, "n_nam")) << describe(run);
  EXPECT_TRUE(contains(run.err, "did you mean")) << describe(run);
  EXPECT_TRUE(contains(run.err, "n_name")) << describe(run);
  // The caret sits under the misspelled column in the echoed statement.
  std::vector<std::string> err = lines(run.err);
  bool caret_found = false;
  for (size_t i = 1; i < err.size(); ++i) {
    size_t column = err[i - 1].find("n_nam ");
    if (column != std::string::npos && err[i].find_first_not_of(' ') == column &&
        err[i].find('^') == column) {
      caret_found = true;
    }
  }
  EXPECT_TRUE(caret_found) << describe(run);
  // The next statement still ran.
  EXPECT_TRUE(contains(run.out, "(8 rows)")) << describe(run);
}

TEST(ShellTest, ExitCodeIsOneWhenAnEarlierStatementFailed) {
  ShellRun run = runScript(
      "SET spark.sql.no.such.setting = 1;\n"
      "SHOW TABLES;\n"
      "DESCRIBE nation;\n");
  EXPECT_EQ(run.exit_code, 1) << describe(run);
  EXPECT_TRUE(contains(run.out, "(8 rows)")) << describe(run);
  EXPECT_TRUE(contains(run.out, "(4 rows)")) << describe(run);
}

TEST(ShellTest, LastStatementWithoutSemicolonRunsAtEndOfInput) {
  ShellRun run = runScript("DESCRIBE region");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(contains(run.out, "r_regionkey")) << describe(run);
}

TEST(ShellTest, CommandOptionWithValidStatementExitsZero) {
  ShellRun run = runPlanck({"-c", "EXPLAIN EXTENDED SELECT r_name FROM region"});
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(run.err.empty()) << describe(run);
  EXPECT_TRUE(contains(run.out, "== Analyzed Logical Plan ==")) << describe(run);
}

TEST(ShellTest, CommandOptionRunsSeveralStatements) {
  ShellRun run =
      runPlanck({"-c", "SET spark.sql.shuffle.partitions = 3; SET spark.sql.shuffle.partitions"});
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(contains(run.out, "│ 3")) << describe(run);
}

TEST(ShellTest, CommandOptionWithErrorExitsOne) {
  ShellRun run = runPlanck({"-c", "SELECT n_nam FROM nation"});
  EXPECT_EQ(run.exit_code, 1) << describe(run);
  EXPECT_TRUE(contains(run.err, "did you mean")) << describe(run);
  EXPECT_TRUE(contains(run.err, "^")) << describe(run);
}

TEST(ShellTest, FileArgumentRunsTheFile) {
  std::filesystem::path script = std::filesystem::path(::testing::TempDir()) /
                                 ("planck_shell_test_" + std::to_string(getpid()) + ".sql");
  std::ofstream(script) << "SHOW TABLES;\n";
  ShellRun run = runPlanck({script.string()});
  std::filesystem::remove(script);
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(contains(run.out, "(8 rows)")) << describe(run);
}

TEST(ShellTest, MissingFileArgumentExitsTwo) {
  ShellRun run = runPlanck({"/nonexistent/planck_shell_test.sql"});
  EXPECT_EQ(run.exit_code, 2) << describe(run);
  EXPECT_TRUE(contains(run.err, "cannot open")) << describe(run);
}

TEST(ShellTest, NoPromptsOrBannerWhenNotInteractive) {
  ShellRun run = runScript(
      "SHOW\n"
      "TABLES;\n"
      ".tables\n"
      "SELECT n_nam FROM nation;\n");
  for (const std::string* stream : {&run.out, &run.err}) {
    EXPECT_FALSE(contains(*stream, "planck>")) << describe(run);
    EXPECT_FALSE(contains(*stream, "...>")) << describe(run);
    EXPECT_FALSE(contains(*stream, "Type .help")) << describe(run);
  }
}

// .graph, .diff and .trace: plan graphs, plan diffs and the HTML rule trace.

// A fresh folder for the files one test writes.
std::filesystem::path outputDir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              ("planck_shell_graphs_" + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

bool dotInstalled() { return std::system("command -v dot > /dev/null 2>&1") == 0; }

// Sets PATH for the runs made while it lives (the child inherits it), then restores it.
class ScopedPath {
 public:
  explicit ScopedPath(const std::string& path)
      : saved_(std::getenv("PATH") ? std::getenv("PATH") : "") {
    setenv("PATH", path.c_str(), 1);
  }
  ~ScopedPath() { setenv("PATH", saved_.c_str(), 1); }

 private:
  std::string saved_;
};

TEST(ShellTest, HelpListsTheGraphCommands) {
  ShellRun run = runScript(".help\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  for (const char* command : {".graph QUERY", ".diff [--set KEY=VALUE]", ".trace QUERY"})
    EXPECT_TRUE(contains(run.out, command)) << command << "\n" << describe(run);
}

TEST(ShellTest, DotGraphPrintsTheOptimizedPlanAsDot) {
  ShellRun run = runScript(".graph SELECT r_name FROM region r WHERE r_regionkey > 1;\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(run.out.starts_with("digraph plan {")) << describe(run);
  EXPECT_TRUE(contains(run.out, "table: region")) << describe(run);
  EXPECT_TRUE(contains(run.out, "<B>Filter</B>")) << describe(run);
  // Optimized: EliminateSubqueryAliases removed the alias.
  EXPECT_FALSE(contains(run.out, "SubqueryAlias")) << describe(run);
}

TEST(ShellTest, DotGraphWritesDotAndSvgFiles) {
  std::filesystem::path dir = outputDir("graph");
  std::string dot = (dir / "plan.dot").string(), svg = (dir / "plan.svg").string();
  ShellRun run = runScript(".graph SELECT n_name FROM nation > " + dot + "\n" +
                           ".graph SELECT n_name FROM nation " + svg + "\n");
  EXPECT_TRUE(contains(run.out, "wrote " + dot)) << describe(run);
  EXPECT_TRUE(readFile(dot).starts_with("digraph plan {")) << readFile(dot);
  if (!dotInstalled()) GTEST_SKIP() << "Graphviz `dot` is not on PATH (scripts/install-deps)";
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(contains(run.out, "wrote " + svg)) << describe(run);
  EXPECT_TRUE(contains(readFile(svg), "<svg")) << describe(run);
}

TEST(ShellTest, WithoutDotOnThePathTheDotTextIsWrittenInstead) {
  std::filesystem::path dir = outputDir("nodot");
  std::filesystem::create_directories(dir / "empty-bin");
  std::string svg = (dir / "plan.svg").string(), html = (dir / "trace.html").string();
  ShellRun run;
  {
    ScopedPath path((dir / "empty-bin").string());
    run = runScript(".graph SELECT n_name FROM nation > " + svg + "\n" +
                    ".trace SELECT r_name FROM region r > " + html + "\n");
  }
  EXPECT_EQ(run.exit_code, 1) << describe(run);
  std::string instead = (dir / "plan.dot").string();
  EXPECT_TRUE(contains(run.err, "Graphviz `dot` was not found on PATH")) << describe(run);
  EXPECT_TRUE(contains(run.err, "wrote the DOT text to " + instead + " instead")) << describe(run);
  EXPECT_FALSE(std::filesystem::exists(svg));
  EXPECT_TRUE(readFile(instead).starts_with("digraph plan {")) << describe(run);
  // The trace page is still written, with each step's DOT text in place of its graph.
  EXPECT_TRUE(contains(run.err, "the trace shows each step's DOT text")) << describe(run);
  std::string page = readFile(html);
  EXPECT_TRUE(contains(page, "<pre class=\"dot\">digraph plan_diff {")) << describe(run);
  EXPECT_FALSE(contains(page, "<svg")) << describe(run);
}

TEST(ShellTest, DotDiffShowsWhatTheOptimizerChanged) {
  ShellRun run = runScript(".diff SELECT r_name FROM region r;\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(contains(run.out, "--- analyzed\n+++ optimized\n@@ ")) << describe(run);
  EXPECT_TRUE(contains(run.out, "\n-+- SubqueryAlias r\n")) << describe(run);
  // The scan is the same Relation in both plans (whatever columns it keeps).
  EXPECT_TRUE(contains(run.out, " removed, ")) << describe(run);
  EXPECT_FALSE(contains(run.out, " 0 removed, ")) << describe(run);
}

TEST(ShellTest, DotDiffWithSetComparesSettingsWithoutKeepingThem) {
  // Without ColumnPruning the scan keeps every column of region.
  ShellRun run = runScript(
      ".diff --set spark.sql.optimizer.excludedRules=ColumnPruning SELECT r_name FROM region\n"
      "SET spark.sql.optimizer.excludedRules;\n"
      ".diff --set no.such.key=1 SELECT 1\n");
  EXPECT_EQ(run.exit_code, 1) << describe(run);  // the unknown key
  EXPECT_TRUE(contains(run.out,
                       "--- optimized\n"
                       "+++ optimized with spark.sql.optimizer.excludedRules=ColumnPruning\n"))
      << describe(run);
  EXPECT_TRUE(contains(run.out, "r_comment#x]\n")) << describe(run);
  // The session's own setting is untouched.
  EXPECT_TRUE(contains(run.out, " spark.sql.optimizer.excludedRules │")) << describe(run);
  EXPECT_FALSE(contains(run.out, "| ColumnPruning")) << describe(run);
  EXPECT_TRUE(contains(run.err, "no.such.key")) << describe(run);
}

TEST(ShellTest, DotDiffWritesTheDiffGraph) {
  std::filesystem::path dir = outputDir("diff");
  std::string dot = (dir / "diff.dot").string();
  ShellRun run = runScript(".diff SELECT r_name FROM region r > " + dot + "\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  std::string graph = readFile(dot);
  EXPECT_TRUE(graph.starts_with("digraph plan_diff {")) << graph;
  EXPECT_TRUE(contains(graph, "<B>SubqueryAlias</B> <I>(removed)</I>")) << graph;
  EXPECT_TRUE(contains(graph, "analyzed -&gt; optimized")) << graph;
}

TEST(ShellTest, DotTraceWritesOneSelfContainedPage) {
  if (!dotInstalled()) GTEST_SKIP() << "Graphviz `dot` is not on PATH (scripts/install-deps)";
  std::filesystem::path dir = outputDir("trace");
  std::string html = (dir / "trace.html").string();
  ShellRun run =
      runScript(".trace SELECT r_name FROM region r WHERE r_regionkey > 1 " + html + "\n");
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(contains(run.out, "wrote the trace of ")) << describe(run);
  std::string page = readFile(html);
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>")) << describe(run);
  EXPECT_TRUE(contains(page, "<svg")) << describe(run);
  EXPECT_TRUE(contains(page, "data-rule=\"EliminateSubqueryAliases\"")) << describe(run);
  EXPECT_FALSE(contains(page, "src=\"http")) << describe(run);
}

TEST(ShellTest, GraphCommandsNeedAQuery) {
  ShellRun run = runScript(".graph\n.diff > x.svg\n.trace x.png\n");
  EXPECT_EQ(run.exit_code, 1) << describe(run);
  EXPECT_TRUE(contains(run.err, "missing the query; usage: .graph QUERY")) << describe(run);
  EXPECT_TRUE(contains(run.err, "missing the query; usage: .diff")) << describe(run);
  EXPECT_TRUE(contains(run.err, "cannot write x.png: use a file ending in .html")) << describe(run);
}

}  // namespace
}  // namespace planck

// Results and data commands: boxes, .mode, .output, .import, --tpch.
namespace shell_results {

struct ResultsRun {
  std::string out;
  int exit_code = -1;
};

// Runs the shell with `args` and `script` on stdin; stdout is captured.
ResultsRun runShell(const std::string& args, const std::string& script) {
  // Names of this process's own: ctest runs the tests of this file in parallel processes.
  static int runs = 0;
  std::string dir = ::testing::TempDir() + "/shell_results_" + std::to_string(getpid()) + "_" +
                    std::to_string(runs++);
  std::filesystem::create_directories(dir);
  std::string input = dir + "/in.sql", output = dir + "/out.txt";
  std::ofstream(input) << script;
  std::string command = planck::kPlanck + " " + args + " < " + input + " > " + output + " 2>&1";
  int status = std::system(command.c_str());
  ResultsRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::stringstream text;
  text << std::ifstream(output).rdbuf();
  run.out = text.str();
  return run;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ShellResultsTest, ResultsPrintAsBoxes) {
  ResultsRun run = runShell("", "SET spark.sql.shuffle.partitions = 7;\n");
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_TRUE(has(run.out, "┌──────────────────────────────┬───────┐")) << run.out;
  EXPECT_TRUE(has(run.out, "│ spark.sql.shuffle.partitions │ 7     │")) << run.out;
  EXPECT_TRUE(has(run.out, "└──────────────────────────────┴───────┘")) << run.out;
  EXPECT_TRUE(has(run.out, "(1 row)")) << run.out;
}

TEST(ShellResultsTest, LongResultsShowTheFirstAndLastRows) {
  std::string script;
  for (int i = 0; i < 50; ++i) script += "CREATE TABLE t" + std::to_string(100 + i) + " (a INT);\n";
  ResultsRun run = runShell("", script + "SHOW TABLES;\n.mode csv\nSHOW TABLES;\n");
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_TRUE(has(run.out, "(58 rows, 40 shown)")) << run.out;
  EXPECT_TRUE(has(run.out, "│ ·         │ ·     │")) << run.out;
  EXPECT_TRUE(has(run.out, "│ t100      │ table │")) << run.out;   // among the first 20
  EXPECT_FALSE(has(run.out, "│ t125      │ table │")) << run.out;  // in the middle
  EXPECT_TRUE(has(run.out, "\nt125,table\n")) << run.out;          // csv shows every row
}

TEST(ShellResultsTest, ModesChangeTheFormat) {
  ResultsRun run = runShell("",
                            ".mode csv\nSET spark.sql.shuffle.partitions = 7;\n"
                            ".mode line\nSET spark.sql.shuffle.partitions;\n"
                            ".mode json\nSET spark.sql.shuffle.partitions;\n"
                            ".mode nope\n");
  EXPECT_TRUE(has(run.out, "key,value\nspark.sql.shuffle.partitions,7\n")) << run.out;
  EXPECT_TRUE(has(run.out, "  key = spark.sql.shuffle.partitions\nvalue = 7\n")) << run.out;
  EXPECT_TRUE(has(run.out, "[\n  {\"key\": \"spark.sql.shuffle.partitions\", \"value\": \"7\"}\n]"))
      << run.out;
  EXPECT_TRUE(has(run.out, "usage: .mode box|csv|line|json")) << run.out;
  EXPECT_EQ(run.exit_code, 1);
}

TEST(ShellResultsTest, OutputWritesResultsToAFileAndBack) {
  std::string file =
      ::testing::TempDir() + "/shell_results_output_" + std::to_string(getpid()) + ".csv";
  std::remove(file.c_str());
  ResultsRun run = runShell("", ".mode csv\n.output " + file +
                                    "\nSET spark.sql.shuffle.partitions = 5;\n.output\n"
                                    "SET spark.sql.shuffle.partitions = 6;\n");
  EXPECT_EQ(run.exit_code, 0) << run.out;
  std::stringstream text;
  text << std::ifstream(file).rdbuf();
  EXPECT_EQ(text.str(), "key,value\nspark.sql.shuffle.partitions,5\n");
  EXPECT_FALSE(has(run.out, "partitions,5")) << run.out;
  EXPECT_TRUE(has(run.out, "partitions,6")) << run.out;
}

TEST(ShellResultsTest, ImportLoadsAFileAndReportsErrors) {
  std::string dir = ::testing::TempDir() + "/shell_import_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/shell_points.tbl") << "1|one|\n2|two|\n";
  std::ofstream(dir + "/shell_points.csv") << "x,y\n3,three\n4,\n";
  std::ofstream(dir + "/shell_bad.csv") << "5,five\nsix,6\n";
  ResultsRun run = runShell("",
                            "CREATE TABLE points (id INT NOT NULL, name VARCHAR);\n"
                            ".import " +
                                dir +
                                "/shell_points.tbl points\n"
                                ".import --header " +
                                dir +
                                "/shell_points.csv points\n"
                                ".import " +
                                dir +
                                "/shell_bad.csv points\n"
                                "DESCRIBE EXTENDED points;\n");
  EXPECT_TRUE(has(run.out, "2 rows loaded into points")) << run.out;
  EXPECT_TRUE(has(run.out, "shell_bad.csv, line 2, column 1 (id): expected INTEGER, got 'six'"))
      << run.out;
  EXPECT_TRUE(has(run.out, "4 rows")) << run.out;  // the failed import added nothing
  EXPECT_EQ(run.exit_code, 1);
}

TEST(ShellResultsTest, TpchFlagGeneratesData) {
  ResultsRun run = runShell("--tpch=0.001", "DESCRIBE EXTENDED orders;\n");
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_TRUE(has(run.out, "TPC-H at scale factor 0.001")) << run.out;
  EXPECT_TRUE(has(run.out, "1500 rows")) << run.out;
}

}  // namespace shell_results
