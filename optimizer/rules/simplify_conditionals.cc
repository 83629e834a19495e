// SimplifyConditionals (Spark's rule of the same name): CASE WHEN and if() with conditions
// known at planning time.
//
//   if(TRUE, x, y) -> x          if(FALSE, x, y) -> y          if(NULL, x, y) -> y
//   if(c, x, x) -> x                                (c deterministic)
//   CASE WHEN FALSE THEN x WHEN c THEN y END -> CASE WHEN c THEN y END   (FALSE or NULL
//                                                   conditions dropped; none left: the ELSE)
//   CASE WHEN TRUE THEN x ... END -> x              (the first branch always taken)
//   CASE WHEN c THEN x WHEN TRUE THEN y WHEN d THEN z END -> CASE WHEN c THEN x ELSE y END
//   CASE WHEN c THEN x WHEN d THEN x ELSE x END -> x (all values equal, conditions deterministic)
//   CASE WHEN c THEN TRUE ELSE FALSE END -> c, and the inverse -> NOT c, for non-nullable c
//   (when c may be NULL the CASE is FALSE where c is NULL, so Spark's rewrite there needs an
//   extra IS NOT NULL; we leave that form alone)
//
// A branch value that replaces the CASE already has the CASE's type (the analyzer coerced the
// branches); a value that does not is cast, so the type never changes.
#include "logical/evaluator.h"
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/expression_rule.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

ExprPtr asType(const ExprPtr& expr, DataType type) {
  return expr->dataType() == type ? expr : std::make_shared<Cast>(expr, type);
}

// `rewritten` when a CASE with fewer branches kept the type of `original` (the common type of
// what is left could be narrower when the analyzer left a branch uncast), else `original`.
ExprPtr sameType(const ExprPtr& rewritten, const ExprPtr& original) {
  return rewritten->dataType() == original->dataType() ? rewritten : original;
}

bool falseOrNull(const ExprPtr& expr) { return isFalseLiteral(expr) || isNullLiteral(expr); }

ExprPtr simplifyIf(const ExprPtr& expr) {
  const ExprPtr &condition = expr->child(0), &yes = expr->child(1), &no = expr->child(2);
  DataType type = expr->dataType();
  if (isTrueLiteral(condition)) return asType(yes, type);
  if (falseOrNull(condition)) return asType(no, type);
  if (condition->deterministic() && semanticEquals(yes, no)) return asType(yes, type);
  if (!condition->nullable() && isTrueLiteral(yes) && isFalseLiteral(no)) return condition;
  if (!condition->nullable() && isFalseLiteral(yes) && isTrueLiteral(no))
    return std::make_shared<Not>(condition);
  return expr;
}

ExprPtr simplifyCase(const ExprPtr& expr) {
  const auto& case_when = *expr->as<CaseWhen>();
  DataType type = expr->dataType();
  ExprPtr otherwise = case_when.elseValue();
  ExprPtr else_or_null = otherwise ? otherwise : nullLiteral(type);
  std::vector<std::pair<ExprPtr, ExprPtr>> branches;
  bool changed = false;
  for (size_t i = 0; i < case_when.branchCount(); ++i) {
    const ExprPtr& condition = case_when.condition(i);
    if (falseOrNull(condition)) {
      changed = true;
      continue;
    }
    if (isTrueLiteral(condition)) {
      // Always taken: it ends the CASE, as its ELSE.
      if (branches.empty()) return asType(case_when.result(i), type);
      return sameType(std::make_shared<CaseWhen>(std::move(branches), case_when.result(i)), expr);
    }
    branches.emplace_back(condition, case_when.result(i));
  }
  if (branches.empty()) return asType(else_or_null, type);
  bool all_equal = true;
  for (const auto& [condition, result] : branches) {
    all_equal = all_equal && condition->deterministic() && semanticEquals(result, else_or_null);
  }
  if (all_equal) return asType(else_or_null, type);
  if (branches.size() == 1 && otherwise && !branches[0].first->nullable()) {
    const ExprPtr &condition = branches[0].first, &result = branches[0].second;
    if (isTrueLiteral(result) && isFalseLiteral(otherwise)) return condition;
    if (isFalseLiteral(result) && isTrueLiteral(otherwise)) return std::make_shared<Not>(condition);
  }
  return changed ? sameType(std::make_shared<CaseWhen>(std::move(branches), otherwise), expr)
                 : expr;
}

ExprPtr simplify(const ExprPtr& expr) {
  if (expr->is<CaseWhen>()) return simplifyCase(expr);
  const auto* function = expr->as<ScalarFunction>();
  if (function && function->name() == "if" && expr->children().size() == 3) return simplifyIf(expr);
  return expr;
}

}  // namespace

RulePtr makeSimplifyConditionals() { return makeExpressionRule("SimplifyConditionals", simplify); }

}  // namespace planck
