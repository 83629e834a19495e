// planck-sqllogictest: runs sqllogictest scripts (files, or every *.test under a folder) and
// prints the failures and "N passed, N failed".
//
//   planck-sqllogictest [--engine=planck|sqlite] [--quiet] PATH...
//
// Each script runs on a fresh database. The exit code is 0 when nothing failed.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fmt/format.h"
#include "tests/sqllogictest/planck_engine.h"
#include "tests/sqllogictest/runner.h"
#include "tests/sqllogictest/sqlite_engine.h"

namespace {

using namespace planck::sqllogictest;

std::unique_ptr<Engine> makeEngine(std::string_view name) {
  if (name == "sqlite") return std::make_unique<SqliteEngine>();
  if (name == "planck") return std::make_unique<PlanckEngine>();
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  std::string engine_name = "planck";
  bool quiet = false;
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--engine=")) {
      engine_name = arg.substr(9);
    } else if (arg == "--quiet") {
      quiet = true;
    } else if (std::filesystem::is_directory(arg)) {
      for (const auto& file : findTestFiles(arg)) files.push_back(file);
    } else {
      files.emplace_back(arg);
    }
  }
  if (files.empty()) {
    fmt::print(stderr, "usage: planck-sqllogictest [--engine=planck|sqlite] [--quiet] PATH...\n");
    return 2;
  }
  if (!makeEngine(engine_name)) {
    fmt::print(stderr, "unknown engine `{}` (known: planck, sqlite)\n", engine_name);
    return 2;
  }
  Report total;
  for (const auto& file : files) {
    auto records = readTestFile(file);
    if (!records.ok()) {
      fmt::print(stderr, "{}\n", std::string(records.status().message()));
      ++total.failed;
      continue;
    }
    std::unique_ptr<Engine> engine = makeEngine(engine_name);
    Report report = runScript(*records, *engine, file.filename().string());
    if (!quiet) {
      for (const Failure& failure : report.failures) {
        fmt::print("{}:{}: {}\n    {}\n", failure.file, failure.line, failure.message, failure.sql);
      }
    }
    fmt::print("{}: {}\n", file.string(), report.summary());
    total.add(report);
  }
  fmt::print("{}\n", total.summary());
  return total.failed == 0 ? 0 : 1;
}
