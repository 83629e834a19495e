// RemoveRedundantProjects (Spark's rule of the same name): a ProjectExec that outputs exactly its
// input's columns, in the same order, does nothing and is removed.
//
//   Project [a#1, b#2]
//   +- Scan t[a#1,b#2]      =>    Scan t[a#1,b#2]
//
// Departure from Spark: a projection that only reorders columns is kept even where the parent
// would not care about the order (Spark checks whether the parent needs it).
#include "physical/operators.h"
#include "physical/preparation.h"

namespace planck {
namespace {

bool sameColumns(const Attributes& a, const Attributes& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i]->exprId() != b[i]->exprId()) return false;
  }
  return true;
}

class RemoveRedundantProjects final : public PhysicalRule {
 public:
  std::string_view name() const override { return "RemoveRedundantProjects"; }
  PhysicalPtr apply(const PhysicalPtr& plan, PhysicalRuleContext&) const override {
    return transformUp(plan, [](const PhysicalPtr& node) -> PhysicalPtr {
      const auto* project = node->as<ProjectExec>();
      if (project == nullptr) return node;
      for (const ExprPtr& expr : project->projectList()) {
        if (!expr->is<AttributeReference>()) return node;
      }
      return sameColumns(project->output(), project->child(0)->output()) ? project->child(0) : node;
    });
  }
};

}  // namespace

PhysicalRulePtr makeRemoveRedundantProjects() {
  return std::make_shared<RemoveRedundantProjects>();
}

}  // namespace planck
