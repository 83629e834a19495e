// Parses the SQL of every sqllogictest record that SQLite runs (plus the `skipif` records,
// which other engines run) with planck's parser. Execution and result comparison come later;
// this keeps the grammar honest against a large body of real-world SQL.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "common/errors.h"
#include "fmt/format.h"
#include "parser/parser.h"
#include "tests/integration/sqllogictest_reader.h"

namespace planck::sqllogictest {
namespace {

const std::filesystem::path kSqlLogicTestDir =
    std::filesystem::path(PLANCK_SHARED_DIR) / "sqllogictest";

// The engine whose records we take; its `halt`s apply, its `onlyif`s are taken.
constexpr std::string_view kEngine = "sqlite";

// The shared files hold 6,562 such records (the 2024-11 snapshot); a much smaller count means
// files went missing or the reader dropped records.
constexpr int kMinimumStatements = 6500;

constexpr int kFailuresShown = 20;

struct Failure {
  std::string where;  // file:line
  std::string sql;
  std::string error;
};

struct FileCounts {
  std::string name;
  int statements = 0;
  int failures = 0;
  int expected_errors_rejected = 0;
  int multi_statement_records = 0;
  int skipped_for_other_engines = 0;
};

TEST(SqlLogicTestParse, EverySqliteRecordParses) {
  ASSERT_TRUE(std::filesystem::is_directory(kSqlLogicTestDir))
      << kSqlLogicTestDir << " is missing; set PLANCK_SHARED_DIR";
  std::vector<std::filesystem::path> files = findTestFiles(kSqlLogicTestDir);
  ASSERT_FALSE(files.empty()) << "no *.test files under " << kSqlLogicTestDir;

  std::vector<FileCounts> counts;
  std::vector<Failure> failures;
  int statements = 0;
  int expected_errors_rejected = 0;
  int multi_statement_records = 0;
  for (const std::filesystem::path& path : files) {
    std::string name = std::filesystem::relative(path, kSqlLogicTestDir).string();
    absl::StatusOr<std::vector<Record>> records = readTestFile(path);
    ASSERT_TRUE(records.ok()) << records.status();
    FileCounts file{name};
    for (const Record& record : *records) {
      // Records other engines run instead of SQLite still hold SQL planck should parse, but
      // their dialect (MySQL's DIV, T-SQL, ...) is not ours.
      if (record.onlyForOtherEngine(kEngine)) {
        ++file.skipped_for_other_engines;
        continue;
      }
      if (record.kind == RecordKind::kHalt) {
        if (record.runsOn(kEngine)) break;
        continue;
      }
      if (record.kind != RecordKind::kStatement && record.kind != RecordKind::kQuery) continue;
      ++file.statements;
      absl::StatusOr<StatementPtr> parsed = parseStatement(record.sql);
      if (parsed.ok()) continue;
      // SQLite runs every statement of a record (sqlite3_exec), and a few records hold more
      // than one although about.wiki asks for one: those must parse as a script.
      if (record.kind == RecordKind::kStatement) {
        absl::StatusOr<std::vector<StatementPtr>> script = parseScript(record.sql);
        if (script.ok() && script->size() > 1) {
          ++file.multi_statement_records;
          continue;
        }
      }
      // `statement error` expects a failure; rejecting the SQL in the parser is one.
      if (record.kind == RecordKind::kStatement && record.expect_error) {
        ++file.expected_errors_rejected;
        continue;
      }
      ++file.failures;
      failures.push_back({fmt::format("{}:{}", name, record.line), record.sql,
                          formatError(parsed.status(), record.sql)});
    }
    statements += file.statements;
    expected_errors_rejected += file.expected_errors_rejected;
    multi_statement_records += file.multi_statement_records;
    counts.push_back(file);
  }

  std::cout << "sqllogictest parse (records for " << kEngine << "):\n";
  for (const FileCounts& file : counts) {
    std::cout << fmt::format(
        "  {:<36} {:>5} statements, {:>3} failures ({} expected errors rejected, {} "
        "multi-statement "
        "records; {} records only for other engines)\n",
        file.name, file.statements, file.failures, file.expected_errors_rejected,
        file.multi_statement_records, file.skipped_for_other_engines);
  }
  std::cout << fmt::format(
      "  {:<36} {:>5} statements, {:>3} failures ({} expected errors rejected, {} multi-statement "
      "records)\n",
      "total", statements, failures.size(), expected_errors_rejected, multi_statement_records);
  for (size_t i = 0; i < failures.size() && i < kFailuresShown; ++i) {
    std::cout << "\n"
              << failures[i].where << ":\n"
              << failures[i].sql << "\n"
              << failures[i].error << "\n";
  }
  if (failures.size() > kFailuresShown) {
    std::cout << "\n... and " << failures.size() - kFailuresShown << " more failures\n";
  }

  EXPECT_EQ(failures.size(), 0u) << "statements planck's parser rejects (first ones listed above)";
  EXPECT_GE(statements, kMinimumStatements) << "fewer statements than expected: files missing?";
}

}  // namespace
}  // namespace planck::sqllogictest
