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
  // Measured 2026-11-24: 6403 passed, 2 failed: the two records with X'...' literals (planck
  // has no BINARY type).
  EXPECT_GE(total.passed, 6403);
  EXPECT_LE(total.failed, 2);
}

}  // namespace
}  // namespace planck::sqllogictest
