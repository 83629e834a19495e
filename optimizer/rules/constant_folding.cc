// ConstantFolding (Spark's rule of the same name): a foldable, deterministic expression (one
// that reads no columns) is replaced by the Literal of its value, of exactly its type.
//
//   Filter (l_shipdate#1 <= (DATE '1998-12-01' - INTERVAL '90' DAY))
//   =>  Filter (l_shipdate#1 <= 1998-09-02)
//
// Top-down, so the largest foldable expression becomes one literal. An Alias is never folded
// away (it names a column); its child is. The value comes from evaluateConstant
// (logical/evaluator.h), which has the runtime's semantics (docs/sql-semantics.md).
//
// An expression whose evaluation fails stays as it is: integer overflow, division by zero or a
// failed cast (`CASE WHEN x > 0 THEN 1 / 0 END`) must fail at run time, and only if a row
// reaches it, as in Spark's ANSI mode (Spark keeps an expression whose eval throws); so does
// anything the evaluator does not implement. A NULL result of an expression declared
// non-nullable is not folded either, since the literal would widen the column's nullability.
#include "logical/evaluator.h"
#include "logical/operators.h"
#include "optimizer/expression_rule.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

ExprPtr fold(const ExprPtr& expr) {
  if (expr->is<Literal>() || expr->is<Alias>() || !expr->foldable() || !expr->deterministic())
    return expr;
  absl::StatusOr<Value> value = evaluateConstant(*expr);
  if (!value.ok() || value->type() != expr->dataType()) return expr;
  if (value->isNull() && !expr->nullable()) return expr;
  return Literal::make(*std::move(value));
}

}  // namespace

RulePtr makeConstantFolding() {
  return makeExpressionRule("ConstantFolding", fold, ExpressionOrder::kTopDown);
}

}  // namespace planck
