// EliminateSubqueryAliases (Spark's rule of the same name, in the "Finish Analysis" batch):
// once names are resolved to attribute ids, a SubqueryAlias only changes the qualifier of its
// child's columns, which nothing after analysis reads. Dropping it lets the rules that follow
// see through `FROM (SELECT ...) t` and table aliases.
#include "logical/operators.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

class EliminateSubqueryAliases final : public Rule {
 public:
  std::string_view name() const override { return "EliminateSubqueryAliases"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      return node->is<SubqueryAlias>() ? node->child(0) : node;
    });
  }
};

}  // namespace

RulePtr makeEliminateSubqueryAliases() { return std::make_shared<EliminateSubqueryAliases>(); }

}  // namespace planck
