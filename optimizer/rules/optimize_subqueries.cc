// OptimizeSubqueries (Spark's rule of the same name): the plan of each subquery expression
// (scalar, EXISTS, IN) is optimized by the whole optimizer, as its own query. Subquery plans are
// not children of the operator that holds them, so the other rules never reach into them.
//
// Whoever watches the optimizer (traces, metrics, the plan-change log) watches these runs too:
// each step they report names the subquery it rewrote (`scalar-subquery#12`; nested ones as
// `scalar-subquery#3 > exists#7`).
#include "fmt/format.h"
#include "logical/operators.h"
#include "optimizer/optimizer.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

// How traces name a subquery: as Spark prints the expression, without its correlation.
std::string subqueryName(const SubqueryExpression& subquery) {
  std::string_view kind = subquery.is<ScalarSubquery>() ? "scalar-subquery"
                          : subquery.is<Exists>()       ? "exists"
                                                        : "list";
  return fmt::format("{}#{}", kind, formatId(subquery.exprId()));
}

// `parent`'s observer for the optimizer run on `subquery`'s plan: steps and batches tagged with
// the subquery's name; metrics and warnings go where the parent's go.
ExecutionObserver nestedObserver(const ExecutionObserver& parent, const std::string& name) {
  ExecutionObserver nested;
  nested.metrics = parent.metrics;
  nested.on_warning = parent.on_warning;
  auto tagging = [&name](const std::function<void(const RuleApplication&)>& report) {
    return [&report, name](const RuleApplication& step) {
      RuleApplication tagged = step;
      tagged.subquery = step.subquery.empty() ? name : name + " > " + step.subquery;
      report(tagged);
    };
  };
  if (parent.on_effective_rule) nested.on_effective_rule = tagging(parent.on_effective_rule);
  if (parent.on_unchanged_with_notes) {
    nested.on_unchanged_with_notes = tagging(parent.on_unchanged_with_notes);
  }
  if (parent.on_batch_end) {
    nested.on_batch_end = [&parent, name](const std::string& batch, const PlanPtr& before,
                                          const PlanPtr& after) {
      parent.on_batch_end(fmt::format("{} (in {})", batch, name), before, after);
    };
  }
  return nested;
}

class OptimizeSubqueries final : public Rule {
 public:
  std::string_view name() const override { return "OptimizeSubqueries"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& rule_ctx) const override {
    OptimizerContext& ctx = OptimizerContext::of(rule_ctx);
    return transformUpWithPruning(plan, ctx.ruleMark(), [&](const PlanPtr& node) -> PlanPtr {
      return transformExpressionsUp(node, [&](const ExprPtr& expr) -> ExprPtr {
        const SubqueryExpression* subquery = expr->asSubquery();
        if (subquery == nullptr || !ctx.status().ok()) return expr;
        absl::StatusOr<PlanPtr> optimized = ctx.optimizer().optimize(
            subquery->plan(), nestedObserver(ctx.observer(), subqueryName(*subquery)));
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
