// NullPropagation (Spark's rule of the same name): NULL literals and non-nullable operands
// decide some expressions outright.
//
//   x + NULL, NULL = x, substring(NULL, 1, 2), ...  -> NULL of the result type (the operators
//                                                      and functions that are NULL for any
//                                                      NULL argument: isNullIntolerant)
//   NULL IN (...) -> NULL                              isnull(x) -> FALSE, isnotnull(x) -> TRUE
//   NULL <=> x -> isnull(x)                                            (x not nullable)
//   coalesce(NULL, a, b, c) -> coalesce(a, b) when b is not nullable (NULLs dropped, nothing
//                           after the first non-nullable argument; one left: that argument)
//   count(NULL) -> 0                                   count(x) -> count(1), x not nullable
//
// count(NULL) counts no rows, so its value is 0 whatever the input; count of a column that is
// never NULL counts every row, as count(1) does. DISTINCT counts are left alone, as in Spark.
#include "logical/evaluator.h"
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/expression_rule.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

bool anyNullLiteral(const std::vector<ExprPtr>& exprs) {
  return std::any_of(exprs.begin(), exprs.end(), [](const ExprPtr& e) { return isNullLiteral(e); });
}

ExprPtr simplifyCount(const ExprPtr& expr) {
  const auto& count = *expr->as<AggregateExpression>();
  if (count.name() != "count" || count.isDistinct()) return expr;
  std::vector<ExprPtr> arguments = count.arguments();
  if (arguments.empty()) return expr;
  bool all_null = std::all_of(arguments.begin(), arguments.end(),
                              [](const ExprPtr& e) { return isNullLiteral(e); });
  if (all_null && count.dataType() == DataType::bigint()) return Literal::make(Value::bigint(0));
  bool none_nullable = std::none_of(arguments.begin(), arguments.end(),
                                    [](const ExprPtr& e) { return e->nullable(); });
  bool is_count_one = arguments.size() == 1 && arguments[0]->is<Literal>() &&
                      exprEquals(arguments[0], Literal::make(Value::integer(1)));
  if (!none_nullable || is_count_one) return expr;
  return std::make_shared<AggregateExpression>(
      "count", std::vector<ExprPtr>{Literal::make(Value::integer(1))}, false, count.filter(),
      count.dataType(), count.nullable());
}

ExprPtr simplifyCoalesce(const ExprPtr& expr) {
  std::vector<ExprPtr> arguments;
  for (const ExprPtr& argument : expr->children()) {
    if (isNullLiteral(argument)) continue;
    arguments.push_back(argument);
    if (!argument->nullable()) break;
  }
  if (arguments.size() == expr->children().size()) return expr;
  if (arguments.empty()) return nullLiteral(expr->dataType());
  if (arguments.size() == 1 && arguments[0]->dataType() == expr->dataType()) return arguments[0];
  return expr->withNewChildren(std::move(arguments));
}

ExprPtr propagate(const ExprPtr& expr) {
  switch (expr->kind()) {
    case ExprKind::kAggregateExpression:
      return simplifyCount(expr);
    case ExprKind::kIsNull:
      return expr->child(0)->nullable() ? expr : falseLiteral();
    case ExprKind::kIsNotNull:
      return expr->child(0)->nullable() ? expr : trueLiteral();
    case ExprKind::kIn:
      // `NULL IN ()` is FALSE: OptimizeIn's case.
      return isNullLiteral(expr->child(0)) && expr->children().size() > 1
                 ? nullLiteral(DataType::boolean())
                 : expr;
    case ExprKind::kBinaryComparison:
      if (expr->as<BinaryComparison>()->op() == ComparisonOp::kNullSafeEqual) {
        if (isNullLiteral(expr->child(0))) return std::make_shared<IsNull>(expr->child(1));
        if (isNullLiteral(expr->child(1))) return std::make_shared<IsNull>(expr->child(0));
        return expr;
      }
      break;
    case ExprKind::kScalarFunction: {
      const std::string& name = expr->as<ScalarFunction>()->name();
      if (name == "coalesce" || name == "ifnull" || name == "nvl") return simplifyCoalesce(expr);
      break;
    }
    default:
      break;
  }
  if (isNullIntolerant(*expr) && anyNullLiteral(expr->children()))
    return nullLiteral(expr->dataType());
  return expr;
}

}  // namespace

RulePtr makeNullPropagation() { return makeExpressionRule("NullPropagation", propagate); }

}  // namespace planck
