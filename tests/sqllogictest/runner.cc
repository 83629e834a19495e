#include "tests/sqllogictest/runner.h"

#include <map>

#include "fmt/format.h"
#include "tests/sqllogictest/results.h"

namespace planck::sqllogictest {
namespace {

// Why the rendered `got` values differ from the record's expectation, or "" when they match.
std::string mismatch(const Record& record, const std::vector<std::string>& got) {
  if (record.expected_hash) {
    ResultHash hash = hashValues(got);
    if (hash.value_count == record.expected_hash->value_count &&
        hash.md5 == record.expected_hash->md5) {
      return "";
    }
    return fmt::format("expected {} values hashing to {}, got {} values hashing to {}",
                       record.expected_hash->value_count, record.expected_hash->md5,
                       hash.value_count, hash.md5);
  }
  const std::vector<std::string>& expected = record.expected_values;
  if (got == expected) return "";
  size_t at = 0;
  while (at < got.size() && at < expected.size() && got[at] == expected[at]) ++at;
  return fmt::format(
      "expected {} values, got {}; first difference at value {}: expected `{}`, got `{}`",
      expected.size(), got.size(), at + 1, at < expected.size() ? expected[at] : "<none>",
      at < got.size() ? got[at] : "<none>");
}

}  // namespace

void Report::add(const Report& other) {
  passed += other.passed;
  failed += other.failed;
  skipped += other.skipped;
  failures.insert(failures.end(), other.failures.begin(), other.failures.end());
}

std::string Report::summary() const {
  std::string text = fmt::format("{} passed, {} failed", passed, failed);
  if (skipped > 0) text += fmt::format(" ({} skipped for other engines)", skipped);
  return text;
}

Report runScript(const std::vector<Record>& records, Engine& engine, std::string_view file) {
  Report report;
  std::map<std::string, ResultHash> labels;  // label -> the hash of the first query with it
  bool halted = false;
  for (const Record& record : records) {
    if (record.kind == RecordKind::kHashThreshold) continue;
    if (halted || !record.runsOn(engine.name())) {
      if (record.kind != RecordKind::kHalt) ++report.skipped;
      continue;
    }
    if (record.kind == RecordKind::kHalt) {
      halted = true;
      continue;
    }
    auto fail = [&](std::string message) {
      ++report.failed;
      report.failures.push_back({std::string(file), record.line, record.sql, std::move(message)});
    };
    if (record.kind == RecordKind::kStatement) {
      absl::Status status = engine.execute(record.sql);
      if (status.ok() == !record.expect_error) {
        ++report.passed;
      } else if (record.expect_error) {
        fail("expected an error, the statement succeeded");
      } else {
        fail(fmt::format("statement failed: {}", std::string(status.message())));
      }
      continue;
    }
    absl::StatusOr<QueryRows> rows = engine.query(record.sql);
    // The scripts were written in completion mode, which records a query that failed as one
    // with no results (slt_lang_aggfunc.test: sum() of an overflowing column). So an empty
    // expectation accepts an error; any other expectation needs rows.
    bool expects_nothing = !record.expected_hash && record.expected_values.empty();
    if (!rows.ok() && expects_nothing) {
      ++report.passed;
      continue;
    }
    if (!rows.ok()) {
      fail(fmt::format("query failed: {}", std::string(rows.status().message())));
      continue;
    }
    if (rows->columns != record.types.size()) {
      fail(fmt::format("expected {} columns, got {}", record.types.size(), rows->columns));
      continue;
    }
    std::vector<std::string> values = renderResults(*rows, record.types, record.sort_mode);
    if (std::string why = mismatch(record, values); !why.empty()) {
      fail(std::move(why));
      continue;
    }
    if (!record.label.empty()) {
      ResultHash hash = hashValues(values);
      auto [it, first] = labels.emplace(record.label, hash);
      if (!first && it->second.md5 != hash.md5) {
        fail(fmt::format("label `{}`: the results differ from an earlier query's with the label",
                         record.label));
        continue;
      }
    }
    ++report.passed;
  }
  return report;
}

}  // namespace planck::sqllogictest
