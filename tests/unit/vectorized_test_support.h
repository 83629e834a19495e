// Helpers of the vectorized-expression suites: expressions analyzed from SQL over a table `t`
// with a column of every type, batches built from Values, and evaluation both ways (the
// runtime's vectorized evaluator and the constant evaluator, one row at a time).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "logical/evaluator.h"
#include "logical/predicates.h"
#include "runtime/expression/compiled_expression.h"
#include "test_support.h"

namespace planck::test {

// Table t: two columns of each type, all nullable.
inline constexpr std::string_view kTypedTable =
    "CREATE TABLE t (i INT, j INT, b BIGINT, c BIGINT, d DOUBLE, e DOUBLE, m DECIMAL(15,2), "
    "n DECIMAL(10,3), s VARCHAR, u VARCHAR, dt DATE, dt2 DATE, f BOOLEAN, g BOOLEAN)";

inline Session& typedSession() {
  static Session* session = [] {
    auto* made = Session::withTpchSchema().release();
    auto created = made->run(kTypedTable);
    EXPECT_TRUE(created.ok()) << created.status();
    return made;
  }();
  return *session;
}

// An analyzed expression and the columns it reads (first use first): the operator's input.
struct AnalyzedExpression {
  ExprPtr expr;
  Attributes columns;
};

// `sql` as analyzed in `SELECT <sql> FROM t` (or FROM lineitem with from = "lineitem").
inline AnalyzedExpression analyzeOver(const std::string& sql, const std::string& from = "t") {
  auto plan = analyzeSql(typedSession(), "SELECT " + sql + " FROM " + from);
  EXPECT_TRUE(plan.ok()) << sql << ": " << plan.status();
  if (!plan.ok()) return {};
  const auto* project = (*plan)->as<Project>();
  EXPECT_NE(project, nullptr) << sql;
  if (project == nullptr) return {};
  AnalyzedExpression analyzed{stripAlias(project->projectList()[0]), {}};
  forEachNode(analyzed.expr, [&](const ExprPtr& node) {
    if (!node->is<AttributeReference>()) return;
    for (const AttributePtr& seen : analyzed.columns) {
      if (seen->exprId() == node->as<AttributeReference>()->exprId()) return;
    }
    analyzed.columns.push_back(std::static_pointer_cast<const AttributeReference>(node));
  });
  return analyzed;
}

// A vector of `type` holding `values` (NULLs included).
inline VectorPtr vectorOf(DataType type, const std::vector<Value>& values) {
  auto vector = Vector::make(type, 0);
  for (const Value& value : values) {
    if (value.isNull()) {
      vector->appendNull();
      continue;
    }
    switch (type.id()) {
      case TypeId::kBoolean:
        vector->append<uint8_t>(value.asBool() ? 1 : 0);
        break;
      case TypeId::kInteger:
      case TypeId::kDate:
        vector->append<int32_t>(static_cast<int32_t>(value.asInt()));
        break;
      case TypeId::kBigInt:
      case TypeId::kDecimal:
        vector->append<int64_t>(value.asInt());
        break;
      case TypeId::kDouble:
        vector->append<double>(value.asDouble());
        break;
      case TypeId::kVarchar:
      case TypeId::kBinary:
        vector->appendString(value.asString());
        break;
      default:
        ADD_FAILURE() << "no vector of " << type.sqlName();
    }
  }
  return vector;
}

// Column values by column name.
using NamedColumns = std::vector<std::pair<std::string, std::vector<Value>>>;

// The batch of `columns` (in that order) from `data`; every column must be given.
inline Batch batchOf(const Attributes& columns, const NamedColumns& data, size_t rows) {
  Batch batch;
  batch.rows = rows;
  for (const AttributePtr& column : columns) {
    bool found = false;
    for (const auto& [name, values] : data) {
      if (name != column->name()) continue;
      EXPECT_EQ(values.size(), rows) << name;
      batch.columns.push_back(vectorOf(column->dataType(), values));
      found = true;
    }
    EXPECT_TRUE(found) << "no data for column " << column->name();
    if (!found) batch.columns.push_back(Vector::make(column->dataType(), rows));
  }
  return batch;
}

// The vectorized result of `analyzed` over `batch`, as Values.
inline absl::StatusOr<std::vector<Value>> evaluateVectorized(const AnalyzedExpression& analyzed,
                                                             const Batch& batch) {
  auto compiled = compileExpression(analyzed.expr, analyzed.columns);
  if (!compiled.ok()) return compiled.status();
  auto vector = (*compiled)->evaluate(batch);
  if (!vector.ok()) return vector.status();
  EXPECT_EQ((*vector)->size(), batch.rows);
  EXPECT_EQ((*vector)->type(), analyzed.expr->dataType()) << analyzed.expr->sql();
  std::vector<Value> values;
  for (size_t i = 0; i < batch.rows; ++i) values.push_back((*vector)->valueAt(i));
  return values;
}

// The constant evaluator's value of `analyzed` for row `row` of `batch`: each column replaced
// by the Literal of its value there.
inline absl::StatusOr<Value> evaluateRowConstant(const AnalyzedExpression& analyzed,
                                                 const Batch& batch, size_t row) {
  ExprPtr with_literals = transformUp(analyzed.expr, [&](const ExprPtr& node) -> ExprPtr {
    const auto* attribute = node->as<AttributeReference>();
    if (attribute == nullptr) return node;
    for (size_t c = 0; c < analyzed.columns.size(); ++c) {
      if (analyzed.columns[c]->exprId() == attribute->exprId())
        return Literal::make(batch.columns[c]->valueAt(row));
    }
    return node;
  });
  return evaluateConstant(*with_literals);
}

// Display text of a result: the values, or "error: <message>".
inline std::vector<std::string> texts(const absl::StatusOr<std::vector<Value>>& values) {
  if (!values.ok()) return {"error: " + messageOf(values.status())};
  std::vector<std::string> out;
  for (const Value& value : *values) out.push_back(value.toString());
  return out;
}

}  // namespace planck::test
