// CombineUnions (Spark's rule of the same name, batch "Union" and the operator-optimization
// batches): nested unions become one n-ary union, so the rules after it see all the inputs at
// one level.
//
//   Union                         Union
//   :- Union                      :- a
//   :  :- a              =>       :- b
//   :  +- b                       +- c
//   +- c
//
// UNION DISTINCT is Distinct over Union; Distinct(Union(Distinct(Union(a, b)), c)) is also
// flattened to Distinct(Union(a, b, c)), since the outer Distinct removes every duplicate the
// inner one would. A union keeps its first input's column ids and is nullable where any input
// is, so flattening keeps the output exactly. Spark also merges Projects sitting between
// nested unions; planck only flattens.
#include "logical/operators.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

// The inputs of `union_node` with nested unions (and, under a Distinct, nested distinct
// unions) spliced in; empty when there is nothing to flatten.
std::vector<PlanPtr> flattened(const LogicalPlan& union_node, bool under_distinct) {
  std::vector<PlanPtr> inputs;
  bool changed = false;
  for (const PlanPtr& child : union_node.children()) {
    const LogicalPlan* nested = nullptr;
    if (child->is<Union>()) {
      nested = child.get();
    } else if (under_distinct && child->is<Distinct>() && child->child(0)->is<Union>()) {
      nested = child->child(0).get();
    }
    if (nested == nullptr) {
      inputs.push_back(child);
      continue;
    }
    changed = true;
    std::vector<PlanPtr> inner = flattened(*nested, under_distinct);
    if (inner.empty()) inner = nested->children();
    inputs.insert(inputs.end(), inner.begin(), inner.end());
  }
  return changed ? inputs : std::vector<PlanPtr>{};
}

class CombineUnions final : public Rule {
 public:
  std::string_view name() const override { return "CombineUnions"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformDown(plan, [](const PlanPtr& node) -> PlanPtr {
      if (node->is<Distinct>() && node->child(0)->is<Union>()) {
        std::vector<PlanPtr> inputs = flattened(*node->child(0), true);
        if (inputs.empty()) return node;
        return std::make_shared<Distinct>(std::make_shared<Union>(std::move(inputs)));
      }
      if (node->is<Union>()) {
        std::vector<PlanPtr> inputs = flattened(*node, false);
        if (!inputs.empty()) return std::make_shared<Union>(std::move(inputs));
      }
      return node;
    });
  }
};

}  // namespace

RulePtr makeCombineUnions() { return std::make_shared<CombineUnions>(); }

}  // namespace planck
