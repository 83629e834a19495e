// BooleanSimplification (Spark's rule of the same name): simplifies AND, OR and NOT.
//
//   TRUE AND x -> x        FALSE AND x -> FALSE      x AND x -> x     NOT NOT x -> x
//   FALSE OR x -> x        TRUE OR x -> TRUE         x OR x -> x      NOT TRUE -> FALSE
//   NOT (a < b) -> a >= b (and the other orders)     NOT (a AND b) -> NOT a OR NOT b
//   NOT isnull(x) -> isnotnull(x)                    NOT (a OR b) -> NOT a AND NOT b
//   x AND NOT x -> FALSE, x OR NOT x -> TRUE         only when x is not nullable
//
// Common factors, as Spark: the disjuncts both sides of an AND share, and the conjuncts both
// sides of an OR share, are taken out; this is how TPC-H Q19's join condition leaves its OR:
//
//   (a AND b) OR (a AND c)  ->  a AND (b OR c)
//   (a OR b) AND (a OR c)   ->  a OR (b AND c)
//   a OR (a AND b)          ->  a            (a side with nothing left absorbs the other)
//   (a AND b) AND a         ->  a AND b      (repeated conjuncts)
//
// All of these hold in three-valued logic (NOT (a < b) is NULL exactly when a < b is). Terms
// match by structural equality of deterministic expressions (semanticEquals), without Spark's
// canonicalization, so `a = b` and `b = a` are different terms here.
#include "logical/evaluator.h"
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/expression_rule.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

bool containsTerm(const std::vector<ExprPtr>& terms, const ExprPtr& term) {
  for (const ExprPtr& each : terms) {
    if (semanticEquals(each, term)) return true;
  }
  return false;
}

bool isNegationOf(const ExprPtr& a, const ExprPtr& b) {
  return b->is<Not>() && semanticEquals(a, b->child(0));
}

using Split = std::vector<ExprPtr> (*)(const ExprPtr&);
using Combine = ExprPtr (*)(const std::vector<ExprPtr>&);

// Common-factor elimination for `left op right`; `split_inner`/`inner` are the other
// operator. Returns nullptr when nothing is shared.
ExprPtr eliminateCommonFactors(const ExprPtr& expr, Split split_outer, Combine outer,
                               Split split_inner, Combine inner) {
  std::vector<ExprPtr> lhs = split_inner(expr->child(0)), rhs = split_inner(expr->child(1));
  std::vector<ExprPtr> common, ldiff, rdiff;
  for (const ExprPtr& term : lhs) (containsTerm(rhs, term) ? common : ldiff).push_back(term);
  if (common.empty()) {
    // No shared factor: drop repeated terms of the operator itself, (a op b) op a.
    std::vector<ExprPtr> all = split_outer(expr), distinct;
    for (const ExprPtr& term : all) {
      if (!containsTerm(distinct, term) || !term->deterministic()) distinct.push_back(term);
    }
    return distinct.size() == all.size() ? nullptr : outer(distinct);
  }
  for (const ExprPtr& term : rhs) {
    if (!containsTerm(common, term)) rdiff.push_back(term);
  }
  if (ldiff.empty() || rdiff.empty()) return inner(common);
  common.push_back(outer({inner(ldiff), inner(rdiff)}));
  return inner(common);
}

std::optional<ComparisonOp> negated(ComparisonOp op) {
  switch (op) {
    case ComparisonOp::kLessThan:
      return ComparisonOp::kGreaterThanOrEqual;
    case ComparisonOp::kLessThanOrEqual:
      return ComparisonOp::kGreaterThan;
    case ComparisonOp::kGreaterThan:
      return ComparisonOp::kLessThanOrEqual;
    case ComparisonOp::kGreaterThanOrEqual:
      return ComparisonOp::kLessThan;
    default:
      return std::nullopt;
  }
}

ExprPtr simplifyNot(const ExprPtr& expr) {
  const ExprPtr& child = expr->child(0);
  if (isTrueLiteral(child)) return falseLiteral();
  if (isFalseLiteral(child)) return trueLiteral();
  if (const auto* cmp = child->as<BinaryComparison>()) {
    if (std::optional<ComparisonOp> op = negated(cmp->op()))
      return std::make_shared<BinaryComparison>(*op, cmp->left(), cmp->right());
  }
  if (child->is<Or>()) {
    return std::make_shared<And>(std::make_shared<Not>(child->child(0)),
                                 std::make_shared<Not>(child->child(1)));
  }
  if (child->is<And>()) {
    return std::make_shared<Or>(std::make_shared<Not>(child->child(0)),
                                std::make_shared<Not>(child->child(1)));
  }
  if (child->is<Not>()) return child->child(0);
  if (child->is<IsNull>()) return std::make_shared<IsNotNull>(child->child(0));
  if (child->is<IsNotNull>()) return std::make_shared<IsNull>(child->child(0));
  return expr;
}

ExprPtr simplify(const ExprPtr& expr) {
  bool is_and = expr->is<And>();
  if (!is_and && !expr->is<Or>()) return expr->is<Not>() ? simplifyNot(expr) : expr;
  const ExprPtr &left = expr->child(0), &right = expr->child(1);
  // The identity and the absorbing element of this operator.
  auto identity = is_and ? isTrueLiteral : isFalseLiteral;
  auto absorbing = is_and ? isFalseLiteral : isTrueLiteral;
  if (identity(left)) return right;
  if (identity(right)) return left;
  if (absorbing(left)) return left;
  if (absorbing(right)) return right;
  if ((isNegationOf(left, right) || isNegationOf(right, left)) && !left->nullable() &&
      !right->nullable())
    return is_and ? falseLiteral() : trueLiteral();
  if (semanticEquals(left, right)) return left;
  ExprPtr factored =
      is_and
          ? eliminateCommonFactors(expr, splitConjuncts, conjunction, splitDisjuncts, disjunction)
          : eliminateCommonFactors(expr, splitDisjuncts, disjunction, splitConjuncts, conjunction);
  return factored ? factored : expr;
}

}  // namespace

RulePtr makeBooleanSimplification() {
  return makeExpressionRule("BooleanSimplification", simplify);
}

}  // namespace planck
