// OptimizeIn (Spark's rule of the same name): IN lists of literals.
//
//   x IN (1, 2, 1)  -> x IN (1, 2)      (repeated literals removed, first occurrence kept)
//   x IN (1)        -> (x = 1)
//   x IN ()         -> false            (even for a NULL x: Spark 3.5+, SQLite)
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
  // `v IN ()` is FALSE, NULL v included (Spark 3.5+ without
  // spark.sql.legacy.nullInEmptyListBehavior; SQLite).
  if (list.empty()) return falseLiteral();
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
