#include "optimizer/subquery_rewrite.h"

namespace planck {

bool containsOuter(const ExprPtr& expr) {
  return existsNode(expr, [](const ExprPtr& node) { return node->is<OuterReference>(); });
}

ExprPtr stripOuterReferences(const ExprPtr& expr) {
  return transformUp(expr, [](const ExprPtr& node) -> ExprPtr {
    if (const auto* outer = node->as<OuterReference>()) return outer->attribute();
    return node;
  });
}

ExprPtr decorrelatedCondition(const SubqueryExpression& subquery) {
  return subquery.joinCondition() ? stripOuterReferences(subquery.joinCondition()) : nullptr;
}

bool canJoinWith(const SubqueryExpression& subquery, const LogicalPlan& outer) {
  if (!subquery.planOuterReferences().empty()) return false;
  AttributeSet outer_columns(outer.output());
  for (const ExprPtr& ref : subquery.outerReferences()) {
    if (!outer_columns.contains(*ref->as<OuterReference>()->attribute())) return false;
  }
  return !AttributeSet(subquery.plan()->output()).intersects(outer_columns);
}

}  // namespace planck
