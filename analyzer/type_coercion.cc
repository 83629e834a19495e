// TypeCoercion: inserts the implicit casts SQL expects, once an expression's children are
// resolved. Numeric widening follows integer -> bigint -> decimal -> double; a string meets a
// date or number as that type (l_shipdate >= '1994-01-01'); NULL takes its partner's type.
//
//   arithmetic   both sides widened to a common type; decimals keep their own precision for
//                * / % (the result type follows Spark's decimal rules) and are aligned for + -.
//                INTEGER / INTEGER stays integral and truncates (SQL's and SQLite's rule;
//                Spark returns DOUBLE here).
//   comparison, IN, CASE, COALESCE-like lists: a common type or an error naming both types.
//                BINARY compared with an INTEGER or BIGINT casts the number to BINARY (its
//                big-endian bytes), where Spark reports an error: docs/sql-semantics.md.
//   set operations: each column widened to the common type of its inputs.
// Operators that no cast can fix (DATE * INTEGER, 'a' AND 1) are errors with the position.
#include "analyzer/analyzer.h"
#include "analyzer/name_resolution.h"
#include "analyzer/rules.h"
#include "common/errors.h"
#include "fmt/format.h"
#include "logical/operators.h"

namespace planck {
namespace {

bool childrenResolved(const Expression& expr) {
  for (const ExprPtr& child : expr.children()) {
    if (!child->resolved()) return false;
  }
  return true;
}

ExprPtr coerceArithmetic(const BinaryArithmetic& op, const ExprPtr& expr, AnalysisContext& ctx) {
  DataType l = op.left()->dataType(), r = op.right()->dataType();
  ExprPtr left = op.left(), right = op.right();
  auto fail = [&] {
    ctx.fail(analysisError(
        fmt::format("cannot apply {} to {} and {}", symbolOf(op.op()), l.sqlName(), r.sqlName()),
        expr->origin()));
    return expr;
  };
  // Dates: date +/- interval, date +/- days, date - date.
  bool additive = op.op() == ArithmeticOp::kAdd || op.op() == ArithmeticOp::kSubtract;
  if (l.id() == TypeId::kDate || r.id() == TypeId::kDate || l.id() == TypeId::kInterval ||
      r.id() == TypeId::kInterval) {
    if (l.isString()) left = castIfNeeded(left, DataType::date());
    if (r.isString() && l.id() != TypeId::kDate) right = castIfNeeded(right, DataType::date());
    l = left->dataType();
    r = right->dataType();
    bool ok =
        additive && ((l.id() == TypeId::kDate && (r.id() == TypeId::kInterval || r.isIntegral())) ||
                     (op.op() == ArithmeticOp::kAdd && l.id() == TypeId::kInterval &&
                      r.id() == TypeId::kDate) ||
                     (op.op() == ArithmeticOp::kSubtract && l.id() == TypeId::kDate &&
                      r.id() == TypeId::kDate));
    if (!ok) return fail();
    if (r.isIntegral()) right = castIfNeeded(right, DataType::integer());
    return expr->withNewChildren({left, right});
  }
  if (l.isString()) left = castIfNeeded(left, DataType::float64());
  if (r.isString()) right = castIfNeeded(right, DataType::float64());
  if (l.isNull()) left = castIfNeeded(left, r.isNull() || r.isString() ? DataType::integer() : r);
  if (r.isNull()) right = castIfNeeded(right, left->dataType());
  l = left->dataType();
  r = right->dataType();
  if (!l.isNumeric() || !r.isNumeric()) return fail();
  if (l != r) {
    std::optional<DataType> common = commonType(l, r);
    if (!common) return fail();
    if (common->isDecimal() && !additive) {
      // * / %: each side only needs to be a decimal; the result type combines them.
      left = castIfNeeded(left, l.asDecimal());
      right = castIfNeeded(right, r.asDecimal());
    } else {
      left = castIfNeeded(left, *common);
      right = castIfNeeded(right, *common);
    }
  }
  return expr->withNewChildren({left, right});
}

// Casts every expression in `exprs` to their common type; nullopt when there is none.
// `compared`: the expressions are compared with each other (=, IN), which also allows BINARY
// against a number (comparisonType).
std::optional<std::vector<ExprPtr>> toCommonType(const std::vector<ExprPtr>& exprs, bool compared) {
  DataType common = DataType::null();
  for (const ExprPtr& expr : exprs) {
    auto wider =
        compared ? comparisonType(common, expr->dataType()) : commonType(common, expr->dataType());
    if (!wider) return std::nullopt;
    common = *wider;
  }
  // A string column compared with a string literal stays a string; only literals move.
  std::vector<ExprPtr> cast;
  for (const ExprPtr& expr : exprs) cast.push_back(castIfNeeded(expr, common));
  return cast;
}

std::string typeNames(const std::vector<ExprPtr>& exprs) {
  std::vector<std::string> names;
  for (const ExprPtr& expr : exprs) names.push_back(expr->dataType().sqlName());
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) text += (i > 0 ? ", " : "") + names[i];
  return text;
}

ExprPtr requireBoolean(const ExprPtr& operand, std::string_view what, const ExprPtr& expr,
                       AnalysisContext& ctx) {
  DataType type = operand->dataType();
  if (type == DataType::boolean()) return operand;
  if (type.isNull()) return castIfNeeded(operand, DataType::boolean());
  ctx.fail(analysisError(fmt::format("{} expects a BOOLEAN operand, got {} `{}`", what,
                                     type.sqlName(), operand->sql()),
                         operand->origin().known() ? operand->origin() : expr->origin()));
  return operand;
}

ExprPtr coerce(const ExprPtr& expr, AnalysisContext& ctx) {
  if (!ctx.status().ok() || !childrenResolved(*expr)) return expr;
  switch (expr->kind()) {
    case ExprKind::kBinaryArithmetic:
      return coerceArithmetic(*expr->as<BinaryArithmetic>(), expr, ctx);
    case ExprKind::kBinaryComparison: {
      const auto* cmp = expr->as<BinaryComparison>();
      if (cmp->left()->dataType() == cmp->right()->dataType()) return expr;
      auto cast = toCommonType({cmp->left(), cmp->right()}, true);
      if (!cast) {
        ctx.fail(analysisError(
            fmt::format("cannot compare {} with {} in `{}`", cmp->left()->dataType().sqlName(),
                        cmp->right()->dataType().sqlName(), expr->sql()),
            expr->origin()));
        return expr;
      }
      return expr->withNewChildren(*cast);
    }
    case ExprKind::kIn: {
      auto cast = toCommonType(expr->children(), true);
      if (!cast) {
        ctx.fail(analysisError(
            fmt::format("IN list values have incompatible types: {}", typeNames(expr->children())),
            expr->origin()));
        return expr;
      }
      return expr->withNewChildren(*cast);
    }
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      std::string_view what = expr->is<And>() ? "AND" : "OR";
      return expr->withNewChildren({requireBoolean(expr->child(0), what, expr, ctx),
                                    requireBoolean(expr->child(1), what, expr, ctx)});
    }
    case ExprKind::kNot:
      return expr->withNewChildren({requireBoolean(expr->child(0), "NOT", expr, ctx)});
    case ExprKind::kUnaryMinus: {
      DataType type = expr->child(0)->dataType();
      if (type.isString())
        return expr->withNewChildren({castIfNeeded(expr->child(0), DataType::float64())});
      if (type.isNull())
        return expr->withNewChildren({castIfNeeded(expr->child(0), DataType::integer())});
      if (!type.isNumeric() && type.id() != TypeId::kInterval) {
        ctx.fail(analysisError(
            fmt::format("cannot negate {} `{}`", type.sqlName(), expr->child(0)->sql()),
            expr->origin()));
      }
      return expr;
    }
    case ExprKind::kLike: {
      std::vector<ExprPtr> children;
      for (const ExprPtr& child : expr->children())
        children.push_back(castIfNeeded(child, DataType::varchar()));
      return expr->withNewChildren(std::move(children));
    }
    case ExprKind::kCaseWhen: {
      const auto* when = expr->as<CaseWhen>();
      std::vector<ExprPtr> results;
      for (size_t i = 0; i < when->branchCount(); ++i) results.push_back(when->result(i));
      if (ExprPtr otherwise = when->elseValue()) results.push_back(otherwise);
      auto cast = toCommonType(results, false);
      if (!cast) {
        ctx.fail(analysisError(
            fmt::format("CASE branches have incompatible types: {}", typeNames(results)),
            expr->origin()));
        return expr;
      }
      std::vector<ExprPtr> children;
      for (size_t i = 0; i < when->branchCount(); ++i) {
        children.push_back(requireBoolean(when->condition(i), "CASE WHEN", expr, ctx));
        children.push_back((*cast)[i]);
      }
      if (when->elseValue()) children.push_back(cast->back());
      return expr->withNewChildren(std::move(children));
    }
    case ExprKind::kInSubquery: {
      const auto* in = expr->as<InSubquery>();
      Attributes output = in->plan()->output();
      if (output.size() != 1) return expr;  // CheckAnalysis reports the column count
      DataType value = in->value()->dataType(), column = output[0]->dataType();
      if (value == column) return expr;
      auto common = comparisonType(value, column);
      if (!common) {
        ctx.fail(analysisError(fmt::format("cannot compare {} with {} in IN (subquery)",
                                           value.sqlName(), column.sqlName()),
                               expr->origin()));
        return expr;
      }
      PlanPtr plan = in->plan();
      if (column != *common) {
        plan = std::make_shared<Project>(
            std::vector<ExprPtr>{Alias::make(castIfNeeded(output[0], *common), output[0]->name())},
            plan);
      }
      ExprPtr rewritten = expr->withNewChildren({castIfNeeded(in->value(), *common)});
      return static_cast<const SubqueryExpression&>(*rewritten).withNewPlan(plan);
    }
    default:
      return expr;
  }
}

// Widens the columns of the inputs of UNION / INTERSECT / EXCEPT to common types.
PlanPtr widenSetOperation(const PlanPtr& node, AnalysisContext& ctx) {
  if (!node->is<Union>() && !node->is<Intersect>() && !node->is<Except>()) return node;
  if (!node->childrenResolved()) return node;
  std::vector<Attributes> outputs;
  for (const PlanPtr& child : node->children()) outputs.push_back(child->output());
  size_t width = outputs[0].size();
  for (const Attributes& output : outputs) {
    if (output.size() != width) return node;  // CheckAnalysis reports the mismatch
  }
  std::vector<DataType> types;
  for (size_t c = 0; c < width; ++c) {
    DataType common = DataType::null();
    for (const Attributes& output : outputs) {
      auto wider = commonType(common, output[c]->dataType());
      if (!wider) {
        ctx.fail(analysisError(
            fmt::format("{} column {} has incompatible types {} and {}", node->nodeName(), c + 1,
                        common.sqlName(), output[c]->dataType().sqlName()),
            node->origin()));
        return node;
      }
      common = *wider;
    }
    types.push_back(common);
  }
  std::vector<PlanPtr> children;
  for (size_t i = 0; i < outputs.size(); ++i) {
    bool needs_cast = false;
    std::vector<ExprPtr> columns;
    for (size_t c = 0; c < width; ++c) {
      if (outputs[i][c]->dataType() == types[c]) {
        columns.push_back(outputs[i][c]);
      } else {
        needs_cast = true;
        columns.push_back(
            Alias::make(castIfNeeded(outputs[i][c], types[c]), outputs[i][c]->name()));
      }
    }
    children.push_back(needs_cast ? std::make_shared<Project>(std::move(columns), node->child(i))
                                  : node->child(i));
  }
  return node->withNewChildren(std::move(children));
}

class TypeCoercion final : public Rule {
 public:
  std::string_view name() const override { return "TypeCoercion"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& rule_ctx) const override {
    AnalysisContext& ctx = AnalysisContext::of(rule_ctx);
    return transformUpWithPruning(plan, rule_ctx.ruleMark(), [&](const PlanPtr& node) -> PlanPtr {
      if (!ctx.status().ok()) return node;
      PlanPtr widened = widenSetOperation(node, ctx);
      return transformExpressionsUp(widened,
                                    [&](const ExprPtr& expr) { return coerce(expr, ctx); });
    });
  }
};

}  // namespace

RulePtr makeTypeCoercion() { return std::make_shared<TypeCoercion>(); }

}  // namespace planck
