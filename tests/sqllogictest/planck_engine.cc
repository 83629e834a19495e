#include "tests/sqllogictest/planck_engine.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "fmt/format.h"

#include "session/session.h"

namespace planck::sqllogictest {
namespace {

Value toValue(const planck::Value& value) {
  if (value.isNull()) return std::monostate{};
  switch (value.type().id()) {
    case TypeId::kBoolean:
      return int64_t{value.asBool() ? 1 : 0};
    case TypeId::kInteger:
    case TypeId::kBigInt:
      return value.asInt();
    case TypeId::kDouble:
      return value.asDouble();
    case TypeId::kDecimal:
      // An integral decimal is an integer to sqllogictest (SQLite has no DECIMAL type).
      if (value.type().scale() == 0) return value.asInt();
      return static_cast<double>(value.asInt()) / std::pow(10.0, value.type().scale());
    case TypeId::kBinary:
      // The bytes as text, as SQLite's sqllogictest prints a blob (sqlite3_column_text); the
      // runner turns unprintable bytes into '@'.
      return value.asString();
    default:
      return value.toString();
  }
}

}  // namespace

PlanckEngine::PlanckEngine(const std::vector<std::pair<std::string, std::string>>& settings)
    : session_(std::make_unique<Session>()) {
  for (const auto& [key, value] : settings) {
    absl::Status set = session_->config().set(key, value);
    if (!set.ok()) std::abort();  // a test's own mistake
  }
}
PlanckEngine::~PlanckEngine() = default;

absl::Status PlanckEngine::execute(std::string_view sql) { return session_->run(sql).status(); }

absl::StatusOr<QueryRows> PlanckEngine::query(std::string_view sql) {
  absl::StatusOr<std::vector<StatementResult>> results = session_->run(sql);
  if (!results.ok()) return results.status();
  if (results->empty() || results->back().result == nullptr) {
    return absl::InvalidArgumentError("the statement returned no rows");
  }
  const QueryResult& result = *results->back().result;
  for (const auto& [node, metrics] : result.metrics) {
    if (!metrics.tasks.empty() && metrics.tasks.front().generated) {
      ++compiled_queries_;
      break;
    }
  }
  QueryRows rows;
  rows.columns = result.columns.size();
  for (const std::vector<planck::Value>& row : result.rows()) {
    std::vector<Value> values;
    values.reserve(row.size());
    for (const planck::Value& value : row) values.push_back(toValue(value));
    rows.rows.push_back(std::move(values));
  }
  return rows;
}

namespace {

std::vector<std::pair<std::string, std::string>> withCodegen(
    std::vector<std::pair<std::string, std::string>> settings, bool on) {
  settings.emplace_back("spark.sql.codegen.wholeStage", on ? "true" : "false");
  return settings;
}

// The rows as comparable text, sorted unless the query orders them.
std::vector<std::string> comparable(const QueryRows& rows, bool ordered) {
  std::vector<std::string> lines;
  for (const std::vector<Value>& row : rows.rows) {
    std::string line;
    for (const Value& value : row) {
      if (std::holds_alternative<std::monostate>(value)) {
        line += "NULL|";
      } else if (const auto* number = std::get_if<int64_t>(&value)) {
        line += std::to_string(*number) + "|";
      } else if (const auto* real = std::get_if<double>(&value)) {
        line += fmt::format("{}|", *real);
      } else {
        line += std::get<std::string>(value) + "|";
      }
    }
    lines.push_back(std::move(line));
  }
  if (!ordered) std::sort(lines.begin(), lines.end());
  return lines;
}

bool ordersRows(std::string_view sql) {
  std::string upper(sql);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper.find("ORDER BY") != std::string::npos;
}

}  // namespace

CodegenDifferentialEngine::CodegenDifferentialEngine(
    const std::vector<std::pair<std::string, std::string>>& settings)
    : compiled_(withCodegen(settings, true)), interpreted_(withCodegen(settings, false)) {}
CodegenDifferentialEngine::~CodegenDifferentialEngine() = default;

absl::Status CodegenDifferentialEngine::execute(std::string_view sql) {
  absl::Status compiled = compiled_.execute(sql);
  absl::Status interpreted = interpreted_.execute(sql);
  if (compiled.ok() != interpreted.ok()) {
    ++differences_;
    return absl::InternalError(fmt::format("compiled: {}; interpreted: {}", compiled.ToString(),
                                           interpreted.ToString()));
  }
  return compiled;
}

absl::StatusOr<QueryRows> CodegenDifferentialEngine::query(std::string_view sql) {
  absl::StatusOr<QueryRows> compiled = compiled_.query(sql);
  absl::StatusOr<QueryRows> interpreted = interpreted_.query(sql);
  bool same = compiled.ok() == interpreted.ok();
  if (same && compiled.ok()) {
    bool ordered = ordersRows(sql);
    same = compiled->columns == interpreted->columns &&
           comparable(*compiled, ordered) == comparable(*interpreted, ordered);
  } else if (same) {
    same = compiled.status().message() == interpreted.status().message();
  }
  if (!same) {
    ++differences_;
    return absl::InternalError("compiled and interpreted differ");
  }
  return compiled;
}

}  // namespace planck::sqllogictest
