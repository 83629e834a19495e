#include "tests/sqllogictest/planck_engine.h"

#include <cmath>

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

PlanckEngine::PlanckEngine() : session_(std::make_unique<Session>()) {}
PlanckEngine::~PlanckEngine() = default;

absl::Status PlanckEngine::execute(std::string_view sql) { return session_->run(sql).status(); }

absl::StatusOr<QueryRows> PlanckEngine::query(std::string_view sql) {
  absl::StatusOr<std::vector<StatementResult>> results = session_->run(sql);
  if (!results.ok()) return results.status();
  if (results->empty() || results->back().result == nullptr) {
    return absl::InvalidArgumentError("the statement returned no rows");
  }
  const QueryResult& result = *results->back().result;
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

}  // namespace planck::sqllogictest
