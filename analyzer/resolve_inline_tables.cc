// ResolveInlineTables: VALUES (1, 'a'), (2, 'b') becomes a LocalRelation. Each column takes the
// common type of its values; values must be constants.
#include "analyzer/name_resolution.h"
#include "analyzer/rules.h"
#include "common/errors.h"
#include "fmt/format.h"
#include "logical/operators.h"
#include "logical/value_cast.h"

namespace planck {
namespace {

// The value of a constant expression: literals, negated literals and casts of constants.
absl::StatusOr<Value> evaluateConstant(const ExprPtr& expr) {
  if (const auto* literal = expr->as<Literal>()) return literal->value();
  if (expr->is<Cast>()) {
    auto inner = evaluateConstant(expr->child(0));
    if (!inner.ok()) return inner.status();
    return castValue(*inner, expr->dataType());
  }
  if (expr->is<UnaryMinus>()) {
    auto inner = evaluateConstant(expr->child(0));
    if (!inner.ok()) return inner.status();
    const Value& v = *inner;
    if (v.isNull()) return v;
    switch (v.type().id()) {
      case TypeId::kInteger:
        return Value::integer(static_cast<int32_t>(-v.asInt()));
      case TypeId::kBigInt:
        return Value::bigint(-v.asInt());
      case TypeId::kDecimal:
        return Value::decimal(-v.asInt(), v.type().precision(), v.type().scale());
      case TypeId::kDouble:
        return Value::float64(-v.asDouble());
      default:
        break;
    }
  }
  return analysisError(fmt::format("VALUES may only contain constants, not `{}`", expr->sql()),
                       expr->origin());
}

class ResolveInlineTables final : public Rule {
 public:
  std::string_view name() const override { return "ResolveInlineTables"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUnresolvedUp(plan, [&](const PlanPtr& node) -> PlanPtr {
      const auto* table = node->as<UnresolvedInlineTable>();
      if (table == nullptr) return node;
      for (const ExprPtr& expr : node->expressions()) {
        if (!expr->resolved()) return node;
      }
      const auto& rows = table->rows();
      size_t width = table->columnNames().size();
      std::vector<DataType> types(width, DataType::null());
      for (size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].size() != width) {
          ctx.fail(
              analysisError(fmt::format("VALUES row {} has {} values but {} columns are expected",
                                        r + 1, rows[r].size(), width),
                            rows[r].empty() ? node->origin() : rows[r][0]->origin()));
          return node;
        }
        for (size_t c = 0; c < width; ++c) {
          auto common = commonType(types[c], rows[r][c]->dataType());
          if (!common) {
            ctx.fail(
                analysisError(fmt::format("VALUES column {} mixes {} and {}", c + 1,
                                          types[c].sqlName(), rows[r][c]->dataType().sqlName()),
                              rows[r][c]->origin()));
            return node;
          }
          types[c] = *common;
        }
      }
      std::vector<std::vector<Value>> values;
      for (const auto& row : rows) {
        std::vector<Value> converted;
        for (size_t c = 0; c < width; ++c) {
          auto value = evaluateConstant(row[c]);
          if (value.ok()) value = castValue(*value, types[c]);
          if (!value.ok()) {
            ctx.fail(
                withOrigin(analysisError(std::string(value.status().message())), row[c]->origin()));
            return node;
          }
          converted.push_back(*std::move(value));
        }
        values.push_back(std::move(converted));
      }
      Attributes output;
      for (size_t c = 0; c < width; ++c) {
        bool nullable = false;
        for (const auto& row : values) nullable = nullable || row[c].isNull();
        output.push_back(AttributeReference::make(table->columnNames()[c], types[c], nullable));
      }
      return std::make_shared<LocalRelation>(std::move(output), std::move(values));
    });
  }
};

}  // namespace

RulePtr makeResolveInlineTables() { return std::make_shared<ResolveInlineTables>(); }

}  // namespace planck
