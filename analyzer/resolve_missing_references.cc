// ResolveMissingReferences: ORDER BY may use columns the SELECT list drops. They are added to
// the Project below the Sort, and a Project above the Sort restores the selected columns:
//
//   Sort [c ASC]                      Project [a]
//   +- Project [a]           =>       +- Sort [c ASC]
//      +- Relation t[a, c]               +- Project [a, c]
//                                           +- Relation t[a, c]
#include "analyzer/rules.h"
#include "logical/operators.h"

namespace planck {
namespace {

class ResolveMissingReferences final : public Rule {
 public:
  std::string_view name() const override { return "ResolveMissingReferences"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      const auto* sort = node->as<Sort>();
      if (sort == nullptr) return node;
      const auto* project = node->child(0)->as<Project>();
      if (project == nullptr || !node->child(0)->resolved()) return node;
      Attributes output = project->output();
      Attributes below = project->child(0)->output();
      std::vector<ExprPtr> missing;
      for (const ExprPtr& order : sort->order()) {
        if (!order->resolved()) return node;
        forEachNode(order, [&](const ExprPtr& expr) {
          const auto* attr = expr->as<AttributeReference>();
          if (attr == nullptr) return;
          auto has = [&](const auto& list) {
            for (const auto& each : list) {
              if (each->template as<AttributeReference>() != nullptr &&
                  each->template as<AttributeReference>()->exprId() == attr->exprId()) {
                return true;
              }
            }
            return false;
          };
          Attributes known = output;
          for (const ExprPtr& m : missing)
            known.push_back(std::static_pointer_cast<const AttributeReference>(m));
          if (!has(known) && has(below)) missing.push_back(expr);
        });
      }
      if (missing.empty()) return node;
      std::vector<ExprPtr> widened = project->projectList();
      widened.insert(widened.end(), missing.begin(), missing.end());
      auto inner = std::make_shared<Project>(std::move(widened), project->child(0));
      auto sorted = std::make_shared<Sort>(sort->order(), sort->global(), inner);
      return std::make_shared<Project>(std::vector<ExprPtr>(output.begin(), output.end()), sorted);
    });
  }
};

}  // namespace

RulePtr makeResolveMissingReferences() { return std::make_shared<ResolveMissingReferences>(); }

}  // namespace planck
