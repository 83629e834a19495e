// OptimizeSubqueries (Spark's rule of the same name): the plan of each subquery expression
// (scalar, EXISTS, IN) is optimized by the whole optimizer, as its own query. Subquery plans are
// not children of the operator that holds them, so the other rules never reach into them.
#include "logical/operators.h"
#include "optimizer/optimizer.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

class OptimizeSubqueries final : public Rule {
 public:
  std::string_view name() const override { return "OptimizeSubqueries"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& rule_ctx) const override {
    OptimizerContext& ctx = OptimizerContext::of(rule_ctx);
    return transformUpWithPruning(plan, ctx.ruleMark(), [&](const PlanPtr& node) -> PlanPtr {
      return transformExpressionsUp(node, [&](const ExprPtr& expr) -> ExprPtr {
        const SubqueryExpression* subquery = expr->asSubquery();
        if (subquery == nullptr || !ctx.status().ok()) return expr;
        absl::StatusOr<PlanPtr> optimized = ctx.optimizer().optimize(subquery->plan());
        if (!optimized.ok()) {
          ctx.fail(optimized.status());
          return expr;
        }
        return *optimized == subquery->plan() ? expr : subquery->withNewPlan(*optimized);
      });
    });
  }
};

}  // namespace

RulePtr makeOptimizeSubqueries() { return std::make_shared<OptimizeSubqueries>(); }

}  // namespace planck
