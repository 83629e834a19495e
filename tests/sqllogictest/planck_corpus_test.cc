// The shared sqllogictest corpus on planck: prints "N passed, N failed" and guards the count
// that passes today against regressions (issue 4 asks for every record; the failures left are
// listed by `planck-sqllogictest ../shared/sqllogictest`).
#include <filesystem>
#include <iostream>

#include "gtest/gtest.h"
#include "tests/sqllogictest/planck_engine.h"
#include "tests/sqllogictest/runner.h"

namespace planck::sqllogictest {
namespace {

TEST(PlanckCorpusTest, PassesAtLeastWhatPassedBefore) {
  std::filesystem::path dir = std::filesystem::path(PLANCK_SHARED_DIR) / "sqllogictest";
  Report total;
  for (const auto& file : findTestFiles(dir)) {
    auto records = readTestFile(file);
    ASSERT_TRUE(records.ok()) << records.status();
    PlanckEngine engine;
    Report report = runScript(*records, engine, file.filename().string());
    std::cout << file.filename().string() << ": " << report.summary() << "\n";
    total.add(report);
  }
  std::cout << total.summary() << "\n";
  // Measured 2026-11-24 (commit after b44695f): 4386 passed, 2019 failed; nearly all failures
  // are subqueries that stay expressions (correlated with non-equality predicates, or inside
  // CASE), which the executor cannot evaluate yet.
  EXPECT_GE(total.passed, 4386);
}

}  // namespace
}  // namespace planck::sqllogictest
