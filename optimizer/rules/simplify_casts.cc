// SimplifyCasts (Spark's rule of the same name): a cast to the type its operand already has is
// the operand.
//
//   cast(l_quantity#1 as decimal(15,2)) -> l_quantity#1     (l_quantity is DECIMAL(15,2))
//
// Types must be equal exactly: DECIMAL(15,2) to DECIMAL(18,2) is a real cast. Spark also
// removes casts between array and map types that only change nullability of elements, and
// newer versions collapse nested widening numeric casts; planck has neither nested types nor
// that second rewrite.
#include "logical/operators.h"
#include "optimizer/expression_rule.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

ExprPtr simplify(const ExprPtr& expr) {
  if (expr->is<Cast>() && expr->child(0)->dataType() == expr->dataType()) return expr->child(0);
  return expr;
}

}  // namespace

RulePtr makeSimplifyCasts() { return makeExpressionRule("SimplifyCasts", simplify); }

}  // namespace planck
