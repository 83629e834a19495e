// The shared sqllogictest corpus on planck, compiled against interpreted, at 1, 3 and 8 shuffle
// partitions: each query runs with whole-stage codegen and without, the two must give the same
// rows (or the same error), and the compiled rows must match the expected results, so every
// record passes in both engines; the count that passes is guarded against regressions. The
// passes at 1 and 8 partitions run with adaptive execution on (the default), the one at 3 with
// it off, so every record passes both ways. The passes share the compiled-code cache, so only
// the first compiles.
#include <filesystem>
#include <iostream>

#include "gtest/gtest.h"
#include "tests/sqllogictest/planck_engine.h"
#include "tests/sqllogictest/runner.h"

namespace planck::sqllogictest {
namespace {

TEST(CodegenDifferentialTest, CompiledAndInterpretedAgreeOnEveryRecord) {
  std::filesystem::path dir = std::filesystem::path(PLANCK_SHARED_DIR) / "sqllogictest";
  for (const char* partitions : {"1", "3", "8"}) {
    Report total;
    int64_t differences = 0, compiled = 0;
    for (const auto& file : findTestFiles(dir)) {
      auto records = readTestFile(file);
      ASSERT_TRUE(records.ok()) << records.status();
      std::vector<std::pair<std::string, std::string>> settings = {
          {"spark.sql.shuffle.partitions", partitions},
          {"spark.sql.adaptive.enabled", std::string(partitions) == "3" ? "false" : "true"}};
      CodegenDifferentialEngine engine(settings);
      Report report = runScript(*records, engine, file.filename().string());
      total.add(report);
      differences += engine.differences();
      compiled += engine.compiled().compiledQueries();
    }
    std::cout << partitions << " partitions: " << total.summary() << "; " << compiled
              << " queries ran compiled code; " << differences << " differed\n";
    for (const Failure& failure : total.failures) {
      if (&failure - total.failures.data() >= 10) break;
      std::cout << failure.file << ":" << failure.line << ": " << failure.message << "\n";
    }
    EXPECT_EQ(differences, 0) << partitions << " partitions";
    EXPECT_EQ(total.failed, 0) << partitions << " partitions";
    EXPECT_GE(total.passed, 6405) << partitions << " partitions";
    // Most queries have a stage to compile (measured: see the output above).
    EXPECT_GT(compiled, total.passed / 2) << partitions << " partitions";
  }
}

}  // namespace
}  // namespace planck::sqllogictest
