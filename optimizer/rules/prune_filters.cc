// PruneFilters (Spark's rule of the same name): filters whose condition is known.
//
//   Filter true  +- child  =>  child
//   Filter false +- child  =>  LocalRelation <empty>, [the child's output, same ids]
//   Filter null  +- child  =>  the same empty LocalRelation (NULL keeps no row)
//   Filter (true AND c)    =>  Filter c               (TRUE conjuncts dropped)
//
// Departs from Spark: Spark also drops the conjuncts already implied by the child's
// constraints (p.constraints). planck computes constraints only inside
// InferFiltersFromConstraints, which adds no predicate its input already has; so here only
// literal TRUE conjuncts go.
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

PlanPtr prune(const PlanPtr& node) {
  const auto* filter = node->as<Filter>();
  if (!filter) return node;
  const ExprPtr& condition = filter->condition();
  if (isTrueLiteral(condition)) return node->child(0);
  if (isFalseLiteral(condition) || isNullLiteral(condition))
    return std::make_shared<LocalRelation>(node->child(0)->output(),
                                           std::vector<std::vector<Value>>{});
  std::vector<ExprPtr> conjuncts = splitConjuncts(condition), kept;
  for (const ExprPtr& conjunct : conjuncts) {
    if (!isTrueLiteral(conjunct)) kept.push_back(conjunct);
  }
  if (kept.size() == conjuncts.size()) return node;
  if (kept.empty()) return node->child(0);
  return node->withNewExpressions({conjunction(kept)});
}

class PruneFilters final : public Rule {
 public:
  std::string_view name() const override { return "PruneFilters"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), prune);
  }
};

}  // namespace

RulePtr makePruneFilters() { return std::make_shared<PruneFilters>(); }

}  // namespace planck
