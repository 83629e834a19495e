// CombineFilters (Spark's rule of the same name): merges two adjacent filters into one.
//
//   Filter (a#1 > 1)                 Filter ((b#2 < 3) AND (a#1 > 1))
//   +- Filter (b#2 < 3)       =>     +- Relation t[a#1, b#2]
//      +- Relation t[a#1, b#2]
//
// The lower condition comes first: it ran first, and a non-deterministic lower condition must
// still see every row it saw before, so the merge only happens when the lower condition is
// deterministic (as in Spark). Conjuncts the lower filter already has are not repeated.
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

class CombineFilters final : public Rule {
 public:
  std::string_view name() const override { return "CombineFilters"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      const auto* upper = node->as<Filter>();
      if (upper == nullptr) return node;
      const auto* lower = upper->child(0)->as<Filter>();
      if (lower == nullptr || !lower->condition()->deterministic()) return node;
      std::vector<ExprPtr> conjuncts = splitConjuncts(lower->condition());
      for (const ExprPtr& conjunct : splitConjuncts(upper->condition())) {
        bool seen = false;
        for (const ExprPtr& existing : conjuncts) seen = seen || exprEquals(existing, conjunct);
        if (!seen) conjuncts.push_back(conjunct);
      }
      return std::make_shared<Filter>(conjunction(conjuncts), lower->child(0));
    });
  }
};

}  // namespace

RulePtr makeCombineFilters() { return std::make_shared<CombineFilters>(); }

}  // namespace planck
