// A reader for sqllogictest scripts (the SQLite project's test format, described in
// sqllogictest/about.wiki). It only parses: records come out with their conditions, SQL,
// expected results, sort mode and line numbers, so that a parse-only test and a runner that
// executes records and compares results can share it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace planck::sqllogictest {

// What a record asks for.
enum class RecordKind {
  kStatement,      // `statement ok` / `statement error`: run SQL, expect success or failure
  kQuery,          // `query <types> [sort] [label]`: run SQL, compare with expected results
  kHashThreshold,  // `hash-threshold N`: results with more than N values are stored as a hash
  kHalt,           // `halt`: ignore the rest of the script
};

// How a query's results are ordered before comparison (sqllogictest compares rendered text).
enum class SortMode {
  kNoSort,     // in the order the engine returns them
  kRowSort,    // rows sorted by their rendered values (strcmp)
  kValueSort,  // every value sorted on its own, ignoring rows
};

// A `skipif <engine>` or `onlyif <engine>` line in front of a record.
struct Condition {
  bool only_if = false;  // true: onlyif, false: skipif
  std::string engine;    // lower-case: sqlite, mysql, mssql, oracle, postgresql, ...
};

// "N values hashing to <md5>": the expected results of a query stored as a hash.
struct ResultHash {
  int value_count = 0;
  std::string md5;  // lower-case hex of the MD5 of the values, each followed by '\n'
};

// One record of a script.
struct Record {
  RecordKind kind = RecordKind::kStatement;
  int line = 0;      // 1-based line of the command (`statement`, `query`, `halt`, ...)
  int sql_line = 0;  // 1-based line where the SQL starts; 0 for control records
  std::vector<Condition> conditions;

  // kStatement: whether the statement is expected to fail.
  bool expect_error = false;

  // kStatement and kQuery: the SQL, lines joined with '\n', comment lines removed.
  std::string sql;

  // kQuery.
  std::string types;  // one character per column: T text, I integer, R floating point
  SortMode sort_mode = SortMode::kNoSort;
  std::string label;  // empty when absent; queries with the same label must agree
  // Expected values, one per line as written after `----` (empty when there is no `----` or
  // when the results are hashed).
  std::vector<std::string> expected_values;
  std::optional<ResultHash> expected_hash;  // set when the results are stored as a hash

  // kHashThreshold.
  int hash_threshold = 0;

  // Whether `engine` evaluates this record: no `skipif engine`, and no `onlyif` naming
  // another engine (the sqllogictest program's rule). Engine names compare case-insensitively.
  bool runsOn(std::string_view engine) const;
  // Whether an `onlyif` restricts this record to an engine other than `engine`.
  bool onlyForOtherEngine(std::string_view engine) const;
};

// Parses the text of a script. `name` (a file name) prefixes error messages, which give the
// line: "select1.test:12: unknown sort mode `foo`".
absl::StatusOr<std::vector<Record>> parseTestScript(std::string_view text, std::string_view name);

// Reads and parses the script at `path`.
absl::StatusOr<std::vector<Record>> readTestFile(const std::filesystem::path& path);

// The records `engine` evaluates, in order, up to the first `halt` that applies to it.
std::vector<Record> recordsFor(const std::vector<Record>& records, std::string_view engine);

// Every `*.test` file under `dir` (recursively), sorted by path.
std::vector<std::filesystem::path> findTestFiles(const std::filesystem::path& dir);

}  // namespace planck::sqllogictest
