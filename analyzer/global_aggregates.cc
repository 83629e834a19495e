// GlobalAggregates: a SELECT with aggregates and no GROUP BY aggregates the whole input:
// Project [sum(x) AS s] becomes Aggregate [], [sum(x) AS s].
#include "analyzer/name_resolution.h"
#include "analyzer/rules.h"
#include "logical/operators.h"

namespace planck {
namespace {

class GlobalAggregates final : public Rule {
 public:
  std::string_view name() const override { return "GlobalAggregates"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      const auto* project = node->as<Project>();
      if (project == nullptr) return node;
      bool aggregated = false;
      for (const ExprPtr& item : project->projectList()) {
        if (!item->resolved()) return node;
        aggregated = aggregated || containsAggregate(item);
      }
      if (!aggregated) return node;
      auto aggregate = std::make_shared<Aggregate>(std::vector<ExprPtr>{}, project->projectList(),
                                                   node->child(0));
      aggregate->setOrigin(node->origin());
      return aggregate;
    });
  }
};

}  // namespace

RulePtr makeGlobalAggregates() { return std::make_shared<GlobalAggregates>(); }

}  // namespace planck
