// RemoveRedundantSorts (Spark's rule of the same name): a SortExec whose input is already sorted
// that way, and partitioned as the sort needs (any way for a local sort, range-partitioned on the
// order for a global one), is removed.
//
//   Sort [k#1 ASC NULLS FIRST], false, 0
//   +- Sort [k#1 ASC NULLS FIRST, v#2 ASC NULLS FIRST], false, 0   =>   the inner sort
#include "physical/operators.h"
#include "physical/preparation.h"

namespace planck {
namespace {

class RemoveRedundantSorts final : public PhysicalRule {
 public:
  std::string_view name() const override { return "RemoveRedundantSorts"; }
  PhysicalPtr apply(const PhysicalPtr& plan, PhysicalRuleContext&) const override {
    return transformUp(plan, [](const PhysicalPtr& node) -> PhysicalPtr {
      const auto* sort = node->as<SortExec>();
      if (sort == nullptr) return node;
      const PhysicalPtr& child = sort->child(0);
      if (!orderingSatisfies(child->outputOrdering(), sort->order())) return node;
      if (!satisfies(child->outputPartitioning(), sort->requiredChildDistribution().front())) {
        return node;
      }
      return child;
    });
  }
};

}  // namespace

PhysicalRulePtr makeRemoveRedundantSorts() { return std::make_shared<RemoveRedundantSorts>(); }

}  // namespace planck
