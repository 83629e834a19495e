// CTESubstitution: replaces WITH by WithCTE. Each CTE query is analyzed once, in order (a CTE
// may use the ones before it), and every reference to it becomes a CTERelationRef with fresh
// column ids, so one CTE can be used several times in a query (self-joins included). A name
// defined by an inner WITH shadows an outer one and any table of that name.
#include <map>

#include "analyzer/analyzer.h"
#include "analyzer/rules.h"
#include "common/strings.h"
#include "logical/operators.h"

namespace planck {
namespace {

struct CteBinding {
  int64_t id;
  std::string name;
  Attributes output;
};
using CteScope = std::map<std::string, CteBinding>;

int64_t nextCteId() {
  static std::atomic<int64_t> next{0};
  return next.fetch_add(1, std::memory_order_relaxed);
}

bool hasWith(const PlanPtr& plan) {
  bool found = false;
  forEachNode(plan, [&](const PlanPtr& node) {
    if (found) return;
    if (node->is<UnresolvedWith>()) found = true;
    for (const ExprPtr& expr : node->expressions()) {
      forEachNode(expr, [&](const ExprPtr& each) {
        if (const auto* subquery = each->asSubquery()) {
          found = found || hasWith(subquery->plan());
        }
      });
    }
  });
  return found;
}

PlanPtr substitute(const PlanPtr& plan, const CteScope& scope, AnalysisContext& ctx) {
  if (!ctx.status().ok()) return plan;
  if (const auto* with = plan->as<UnresolvedWith>()) {
    CteScope inner = scope;
    std::vector<PlanPtr> children;
    for (const CteDefinition& cte : with->ctes()) {
      PlanPtr query = substitute(cte.query, inner, ctx);
      auto aliased = std::make_shared<SubqueryAlias>(cte.name, query, cte.column_aliases);
      aliased->setOrigin(cte.origin);
      auto analyzed = ctx.analyzer().analyze(aliased, {}, ctx.depth() + 1);
      if (!analyzed.ok()) {
        ctx.fail(analyzed.status());
        return plan;
      }
      int64_t id = nextCteId();
      inner[toLower(cte.name)] = CteBinding{id, cte.name, (*analyzed)->output()};
      children.push_back(std::make_shared<CteRelationDef>(id, *analyzed));
    }
    children.push_back(substitute(with->query(), inner, ctx));
    return std::make_shared<WithCte>(std::move(children));
  }
  if (const auto* relation = plan->as<UnresolvedRelation>()) {
    if (relation->nameParts().size() != 1) return plan;
    auto it = scope.find(toLower(relation->nameParts()[0]));
    if (it == scope.end()) return plan;
    Attributes fresh;
    for (const AttributePtr& attr : it->second.output) {
      fresh.push_back(AttributeReference::make(attr->name(), attr->dataType(), attr->nullable()));
    }
    auto ref = std::make_shared<CteRelationRef>(it->second.id, std::move(fresh));
    auto alias = std::make_shared<SubqueryAlias>(it->second.name, ref);
    alias->setOrigin(plan->origin());
    return alias;
  }
  std::vector<PlanPtr> children;
  for (const PlanPtr& child : plan->children()) children.push_back(substitute(child, scope, ctx));
  PlanPtr node = plan->withNewChildren(std::move(children));
  return transformExpressionsDown(node, [&](const ExprPtr& expr) -> ExprPtr {
    const auto* subquery = expr->asSubquery();
    if (subquery == nullptr) return expr;
    PlanPtr rewritten = substitute(subquery->plan(), scope, ctx);
    return rewritten == subquery->plan() ? expr : subquery->withNewPlan(rewritten);
  });
}

class CteSubstitution final : public Rule {
 public:
  std::string_view name() const override { return "CTESubstitution"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    if (!hasWith(plan)) return plan;
    return substitute(plan, {}, AnalysisContext::of(ctx));
  }
};

}  // namespace

RulePtr makeCteSubstitution() { return std::make_shared<CteSubstitution>(); }

}  // namespace planck
