// RemoveNoopOperators (Spark's rule of the same name): drops operators that change nothing: a
// Project that outputs exactly its input's columns in the same order, a Union of one input,
// and a Window without window functions.
//
//   Project [a#1, b#2]               Relation t[a#1, b#2]
//   +- Relation t[a#1, b#2]   =>
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

// Whether `project` outputs its child's columns unchanged.
bool isNoop(const Project& project) {
  const Attributes& input = project.child(0)->output();
  const std::vector<ExprPtr>& items = project.projectList();
  if (items.size() != input.size()) return false;
  for (size_t i = 0; i < items.size(); ++i) {
    const auto* attribute = items[i]->as<AttributeReference>();
    if (attribute == nullptr || attribute->exprId() != input[i]->exprId()) return false;
  }
  return true;
}

class RemoveNoopOperators final : public Rule {
 public:
  std::string_view name() const override { return "RemoveNoopOperators"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      if (const auto* project = node->as<Project>(); project && isNoop(*project)) {
        return project->child(0);
      }
      if (node->is<Union>() && node->children().size() == 1) return node->child(0);
      if (const auto* window = node->as<Window>(); window && window->windowExpressions().empty()) {
        return window->child(0);
      }
      return node;
    });
  }
};

}  // namespace

RulePtr makeRemoveNoopOperators() { return std::make_shared<RemoveNoopOperators>(); }

}  // namespace planck
