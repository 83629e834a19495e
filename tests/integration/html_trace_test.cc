// The HTML rule trace (explain/rule_trace_html.h) in a real browser: the trace page of TPC-H
// Q5 is loaded by headless Chromium, whose dumped DOM must show that the page's script ran
// without errors and showed every step with its graph; a screenshot is written to the test's
// output folder. Skipped, saying so, when Chromium or Graphviz `dot` is missing
// (scripts/install-deps installs both).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "explain/graphviz.h"
#include "explain/rule_trace_html.h"
#include "fmt/format.h"
#include "logical/operators.h"
#include "optimizer/optimizer.h"
#include "session/session.h"

namespace planck {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// The first of Debian's and other distributions' Chromium names found on PATH, or "".
std::string findChromium() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      fs::path candidate = fs::path(dir) / name;
      if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
  }
  return "";
}

// Runs headless Chromium with `arguments` on `page`, stdout to `out`; its exit status.
int runChromium(const std::string& chromium, const std::string& arguments, const fs::path& page,
                const fs::path& out, const fs::path& profile) {
  std::string command = fmt::format(
      "timeout 40 '{}' --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
      "--no-first-run --user-data-dir='{}' {} 'file://{}' > '{}' 2> '{}'",
      chromium, profile.string(), arguments, page.string(), out.string(), out.string() + ".log");
  return std::system(command.c_str());
}

// An optimizer batch that puts an identity Project on top of the plan once, so that the trace
// has a step whatever the built-in rules do to Q5.
class AddRootProject final : public Rule {
 public:
  std::string_view name() const override { return "AddRootProject"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    std::vector<ExprPtr> columns(plan->output().begin(), plan->output().end());
    return std::make_shared<Project>(std::move(columns), plan);
  }
};

TEST(HtmlTraceTest, TheTraceOfQ5WorksInHeadlessChromium) {
  std::string chromium = findChromium();
  if (chromium.empty()) GTEST_SKIP() << "Chromium is not on PATH (scripts/install-deps)";
  if (findDot().empty()) GTEST_SKIP() << "Graphviz `dot` is not on PATH (scripts/install-deps)";

  auto session = Session::withTpchSchema();
  session->extensions().injectOptimizerBatch("Trace test", BatchStrategy::once(),
                                             {std::make_shared<AddRootProject>()},
                                             Extensions::Position::kAfter, "Finish Analysis");
  std::string sql = readFile(fs::path(PLANCK_SHARED_DIR) / "tpch" / "queries" / "q05.sql");
  auto execution = session->query(sql);
  ASSERT_TRUE(execution.ok()) << execution.status();
  const auto& analyzed = (*execution)->analyzed();
  ASSERT_TRUE(analyzed.ok()) << analyzed.status();
  std::vector<RuleApplication> steps;
  ExecutionObserver observer;
  observer.on_effective_rule = [&](const RuleApplication& step) { steps.push_back(step); };
  Optimizer optimizer(session->config(), session->extensions().optimizer());
  auto optimized = optimizer.optimize(*analyzed, observer);
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  ASSERT_GE(steps.size(), 2u);  // EliminateSubqueryAliases and AddRootProject at least

  RuleTraceOptions options;
  options.title = "TPC-H Q5";
  options.query = sql;
  auto page = ruleTraceHtml(*analyzed, *optimized, steps, options);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_TRUE(page->graphs_rendered);
  // Self-contained: no external scripts, styles or images.
  EXPECT_EQ(page->html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(page->html.find("href=\"http"), std::string::npos);

  fs::path dir = fs::path(PLANCK_TEST_OUTPUT_DIR) / "html_trace";
  fs::create_directories(dir);
  fs::path html = dir / "q05_trace.html", dom = dir / "q05_dom.html",
           screenshot = dir / "q05_trace.png", profile = dir / "chromium-profile";
  std::ofstream(html, std::ios::binary) << page->html;

  ASSERT_EQ(runChromium(chromium, "--dump-dom", html, dom, profile), 0)
      << readFile(dom.string() + ".log");
  std::string text = readFile(dom);
  // The script ran to its end without errors ...
  EXPECT_NE(text.find("data-initialized=\"true\""), std::string::npos) << text.substr(0, 2000);
  EXPECT_NE(text.find("<pre id=\"errors\"></pre>"), std::string::npos)
      << std::regex_replace(text.substr(text.find("id=\"errors\"")), std::regex("\n"), " ")
             .substr(0, 500);
  // ... and showed every step, each with its graph.
  std::string count = std::to_string(steps.size());
  EXPECT_NE(text.find("data-steps=\"" + count + "\""), std::string::npos);
  EXPECT_NE(text.find("data-visited=\"" + count + "\""), std::string::npos);
  EXPECT_NE(text.find("data-graphs=\"" + count + "\""), std::string::npos);
  // After stepping through, the page shows the first step, with the list entry marked.
  EXPECT_NE(text.find("step 1 of " + count), std::string::npos);
  EXPECT_NE(text.find("class=\"current\""), std::string::npos);

  fs::remove(screenshot);
  ASSERT_EQ(runChromium(chromium,
                        "--hide-scrollbars --window-size=1400,1000 --screenshot='" +
                            screenshot.string() + "'",
                        html, dir / "screenshot.out", profile),
            0)
      << readFile((dir / "screenshot.out.log").string());
  ASSERT_TRUE(fs::exists(screenshot));
  EXPECT_GT(fs::file_size(screenshot), 10000u);  // a blank page is a few kB
  std::cout << "trace page: " << html.string() << "\nscreenshot: " << screenshot.string() << "\n";
  RecordProperty("screenshot", screenshot.string());
}

}  // namespace
}  // namespace planck
