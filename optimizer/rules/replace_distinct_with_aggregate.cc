// ReplaceDistinctWithAggregate (Spark's rule of the same name, batch "Replace Operators"):
// DISTINCT is a grouping on every column that outputs the groups.
//
//   Distinct              Aggregate [a#1, b#2], [a#1, b#2]
//   +- child      =>      +- child
//
// Always safe: the output is the child's columns, unchanged, one row per distinct row (NULLs
// group together, as DISTINCT compares them).
#include "logical/operators.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

class ReplaceDistinctWithAggregate final : public Rule {
 public:
  std::string_view name() const override { return "ReplaceDistinctWithAggregate"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      if (!node->is<Distinct>()) return node;
      const PlanPtr& child = node->child(0);
      std::vector<ExprPtr> columns(child->output().begin(), child->output().end());
      return std::make_shared<Aggregate>(columns, columns, child);
    });
  }
};

}  // namespace

RulePtr makeReplaceDistinctWithAggregate() {
  return std::make_shared<ReplaceDistinctWithAggregate>();
}

}  // namespace planck
