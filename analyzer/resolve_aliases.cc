// ResolveAliases: an unnamed select item gets the name Spark would give it: a column keeps its
// own name, anything else is named by its SQL text (sum(l_quantity), (a + 1)).
#include "analyzer/name_resolution.h"
#include "analyzer/rules.h"
#include "logical/operators.h"

namespace planck {
namespace {

class ResolveAliases final : public Rule {
 public:
  std::string_view name() const override { return "ResolveAliases"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformUnresolvedUp(plan, [](const PlanPtr& node) -> PlanPtr {
      if (!node->is<Project>() && !node->is<Aggregate>()) return node;
      std::vector<ExprPtr> exprs = node->expressions();
      for (ExprPtr& expr : exprs) {
        if (!expr->is<UnresolvedAlias>() || !expr->child(0)->resolved()) continue;
        const ExprPtr& child = expr->child(0);
        if (child->is<AttributeReference>()) {
          expr = child;
          continue;
        }
        auto alias = std::make_shared<Alias>(child, generatedName(child), newExprId());
        alias->setOrigin(expr->origin());
        expr = alias;
      }
      return node->withNewExpressions(std::move(exprs));
    });
  }
};

}  // namespace

RulePtr makeResolveAliases() { return std::make_shared<ResolveAliases>(); }

}  // namespace planck
