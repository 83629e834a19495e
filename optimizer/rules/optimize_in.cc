// OptimizeIn (Spark's rule of the same name): IN lists of literals.
//
//   x IN (1, 2, 1)  -> x IN (1, 2)      (repeated literals removed, first occurrence kept)
//   x IN (1)        -> (x = 1)
//   x IN ()         -> if(isnotnull(x), false, null)   (only built by rules; NullPropagation
//                                                       and folding finish it when x is known)
//
// Like Spark, only lists made entirely of literals are deduplicated (other expressions might
// be non-deterministic). Spark turns lists longer than spark.sql.optimizer.inSetConversion-
// Threshold into InSet, a hash-set lookup; planck has no InSet expression, so long lists stay
// In and the physical layer decides how to evaluate them.
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

ExprPtr optimize(const ExprPtr& expr) {
  const auto* in = expr->as<In>();
  if (!in) return expr;
  std::vector<ExprPtr> list = in->list();
  if (list.empty()) {
    return std::make_shared<ScalarFunction>(
        "if",
        std::vector<ExprPtr>{std::make_shared<IsNotNull>(in->value()), falseLiteral(),
                             nullLiteral(DataType::boolean())},
        DataType::boolean(), NullPolicy::kAlways);
  }
  bool all_literals =
      std::all_of(list.begin(), list.end(), [](const ExprPtr& e) { return e->is<Literal>(); });
  if (!all_literals) return expr;
  std::vector<ExprPtr> distinct;
  for (const ExprPtr& item : list) {
    bool seen = std::any_of(distinct.begin(), distinct.end(),
                            [&](const ExprPtr& e) { return exprEquals(e, item); });
    if (!seen) distinct.push_back(item);
  }
  if (distinct.size() == 1)
    return std::make_shared<BinaryComparison>(ComparisonOp::kEqual, in->value(), distinct[0]);
  if (distinct.size() == list.size()) return expr;
  return std::make_shared<In>(in->value(), std::move(distinct));
}

class OptimizeIn final : public Rule {
 public:
  std::string_view name() const override { return "OptimizeIn"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) {
      return transformExpressionsUp(node, optimize);
    });
  }
};

}  // namespace

RulePtr makeOptimizeIn() { return std::make_shared<OptimizeIn>(); }

}  // namespace planck
