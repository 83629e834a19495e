// ResolveSubquery: the plan inside a scalar subquery, EXISTS or IN (subquery) is analyzed on
// its own, once the operator holding it has resolved children. Names the subquery cannot
// bind itself are looked up in that operator's input (then in enclosing queries) and become
// OuterReferences: the subquery is correlated.
#include "analyzer/analyzer.h"
#include "analyzer/rules.h"
#include "logical/operators.h"

namespace planck {
namespace {

class ResolveSubquery final : public Rule {
 public:
  std::string_view name() const override { return "ResolveSubquery"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& rule_ctx) const override {
    AnalysisContext& ctx = AnalysisContext::of(rule_ctx);
    return transformUnresolvedUp(plan, [&](const PlanPtr& node) -> PlanPtr {
      if (!node->childrenResolved() || !ctx.status().ok()) return node;
      return transformExpressionsDown(node, [&](const ExprPtr& expr) -> ExprPtr {
        const auto* subquery = expr->asSubquery();
        if (subquery == nullptr || subquery->plan()->resolved() || !ctx.status().ok()) return expr;
        std::vector<Attributes> scopes = ctx.outerScopes();
        Attributes input = node->childrenOutput();
        if (node->is<UnresolvedHaving>() && node->child(0)->is<Aggregate>()) {
          Attributes below = node->child(0)->child(0)->output();
          input.insert(input.end(), below.begin(), below.end());
        }
        scopes.push_back(std::move(input));
        auto analyzed =
            ctx.analyzer().analyze(subquery->plan(), std::move(scopes), ctx.depth() + 1);
        if (!analyzed.ok()) {
          ctx.fail(analyzed.status());
          return expr;
        }
        return subquery->withNewPlan(*analyzed);
      });
    });
  }
};

}  // namespace

RulePtr makeResolveSubquery() { return std::make_shared<ResolveSubquery>(); }

}  // namespace planck
