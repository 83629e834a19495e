#include "physical/join_keys.h"

#include "logical/predicates.h"

namespace planck {
namespace {

const BinaryComparison* asEquality(const ExprPtr& expr) {
  const auto* comparison = expr->as<BinaryComparison>();
  return comparison != nullptr && comparison->op() == ComparisonOp::kEqual ? comparison : nullptr;
}

// The first strategy hint under `plan` through unary operators, as Spark's extractHintsFromPlan.
JoinStrategyHint hintUnder(const PlanPtr& plan) {
  if (const auto* hint = plan->as<ResolvedHint>()) return hint->hint();
  if (plan->children().size() == 1) return hintUnder(plan->child(0));
  return JoinStrategyHint::kNone;
}

}  // namespace

std::optional<EquiJoinKeys> extractEquiJoinKeys(const Join& join) {
  if (!join.condition()) return std::nullopt;
  EquiJoinKeys keys;
  std::vector<ExprPtr> others;
  for (const ExprPtr& conjunct : splitConjuncts(join.condition())) {
    const BinaryComparison* equal = asEquality(conjunct);
    bool is_key = false;
    if (equal != nullptr && !hasSubquery(conjunct) && !referencesOf(equal->left()).empty() &&
        !referencesOf(equal->right()).empty()) {
      if (canEvaluate(equal->left(), *join.left()) && canEvaluate(equal->right(), *join.right())) {
        keys.left_keys.push_back(equal->left());
        keys.right_keys.push_back(equal->right());
        is_key = true;
      } else if (canEvaluate(equal->left(), *join.right()) &&
                 canEvaluate(equal->right(), *join.left())) {
        keys.left_keys.push_back(equal->right());
        keys.right_keys.push_back(equal->left());
        is_key = true;
      }
    }
    if (!is_key) others.push_back(conjunct);
  }
  if (keys.left_keys.empty()) return std::nullopt;
  keys.other_condition = others.empty() ? nullptr : conjunction(others);
  return keys;
}

std::optional<EquiJoinKeys> extractNullAwareAntiJoinKeys(const Join& join) {
  if (join.joinType() != JoinType::kLeftAnti || !join.condition()) return std::nullopt;
  const auto* either = join.condition()->as<Or>();
  if (either == nullptr) return std::nullopt;
  const BinaryComparison* equal = asEquality(either->child(0));
  const auto* is_null = either->child(1)->as<IsNull>();
  if (equal == nullptr || is_null == nullptr || !exprEquals(either->child(0), is_null->child(0))) {
    return std::nullopt;
  }
  if (canEvaluate(equal->left(), *join.left()) && canEvaluate(equal->right(), *join.right())) {
    return EquiJoinKeys{{equal->left()}, {equal->right()}, nullptr};
  }
  if (canEvaluate(equal->left(), *join.right()) && canEvaluate(equal->right(), *join.left())) {
    return EquiJoinKeys{{equal->right()}, {equal->left()}, nullptr};
  }
  return std::nullopt;
}

JoinHint effectiveJoinHint(const Join& join) {
  JoinHint hint = join.hint();
  if (hint.left == JoinStrategyHint::kNone) hint.left = hintUnder(join.left());
  if (hint.right == JoinStrategyHint::kNone) hint.right = hintUnder(join.right());
  return hint;
}

}  // namespace planck
