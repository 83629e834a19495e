// InlineCTE (Spark's rule of the same name, batch "Inline CTE"): a WITH query's CTE definitions
// are substituted for their references, so every later rule sees plain subtrees.
//
//   WithCTE                               Project [a#7 AS a#20]
//   :- CTERelationDef 0                   +- Filter (a#7 > 1)        (the definition, with
//   :  +- Filter (a#1 > 1) ...     =>        +- Relation t[a#7]       fresh ids)
//   +- CTERelationRef 0 [a#20]
//
// Each reference becomes a copy of its definition's plan in which every column gets a fresh id
// (as Spark deduplicates each inlined copy), under a Project that renames the copy's output to
// the reference's own ids, matched by position. So a CTE used twice (a self-join) gives two
// subtrees with distinct ids. References inside subquery expressions are inlined too, and a
// definition may use the definitions before it.
//
// Departure from Spark: Spark inlines a CTE only when it is referenced once or is
// deterministic, and otherwise keeps it to be computed once (materialized). planck has no CTE
// materialization yet, so it always inlines; a non-deterministic CTE used twice is evaluated
// twice.
#include "absl/container/flat_hash_map.h"
#include "logical/operators.h"
#include "optimizer/rules.h"
#include "optimizer/rules/set_operation_helpers.h"

namespace planck {
namespace {

using IdMap = absl::flat_hash_map<ExprId, ExprId>;
using CteMap = absl::flat_hash_map<int64_t, PlanPtr>;

Attributes renamed(const Attributes& attrs, const IdMap& ids) {
  Attributes out;
  for (const AttributePtr& attr : attrs) {
    auto it = ids.find(attr->exprId());
    out.push_back(it == ids.end() ? attr : attr->withExprId(it->second));
  }
  return out;
}

PlanPtr renumber(const PlanPtr& plan, const IdMap& ids);

// `expr` with the ids in `ids` replaced, in attributes, aliases, outer references and the plans
// of subquery expressions.
ExprPtr renumber(const ExprPtr& expr, const IdMap& ids) {
  return transformUp(expr, [&](const ExprPtr& node) -> ExprPtr {
    if (const auto* attr = node->as<AttributeReference>()) {
      auto it = ids.find(attr->exprId());
      return it == ids.end() ? node : attr->withExprId(it->second);
    }
    if (const auto* alias = node->as<Alias>()) {
      auto it = ids.find(alias->exprId());
      return it == ids.end() ? node
                             : std::make_shared<Alias>(alias->child(0), alias->name(), it->second);
    }
    if (const auto* outer = node->as<OuterReference>()) {
      auto it = ids.find(outer->attribute()->exprId());
      return it == ids.end()
                 ? node
                 : std::make_shared<OuterReference>(outer->attribute()->withExprId(it->second));
    }
    if (const SubqueryExpression* subquery = node->asSubquery()) {
      PlanPtr plan = renumber(subquery->plan(), ids);
      return plan == subquery->plan() ? node : subquery->withNewPlan(plan);
    }
    return node;
  });
}

// `plan` with the ids in `ids` replaced, in the operators that define columns (scans, local
// relations, Expand) and in every expression.
PlanPtr renumber(const PlanPtr& plan, const IdMap& ids) {
  return transformUp(plan, [&](const PlanPtr& node) -> PlanPtr {
    std::vector<ExprPtr> exprs = node->expressions();
    for (ExprPtr& expr : exprs) expr = renumber(expr, ids);
    PlanPtr result = exprs.empty() ? node : node->withNewExpressions(std::move(exprs));
    if (const auto* relation = result->as<Relation>()) {
      return std::make_shared<Relation>(relation->tableName(), renamed(relation->output(), ids));
    }
    if (const auto* local = result->as<LocalRelation>()) {
      return std::make_shared<LocalRelation>(renamed(local->output(), ids), local->rows());
    }
    if (const auto* ref = result->as<CteRelationRef>()) {
      return std::make_shared<CteRelationRef>(ref->cteId(), renamed(ref->output(), ids));
    }
    if (const auto* expand = result->as<Expand>()) {
      return std::make_shared<Expand>(expand->projections(), renamed(expand->output(), ids),
                                      expand->child(0));
    }
    return result;
  });
}

// A copy of `plan` in which every column its operators produce has a fresh id.
PlanPtr withFreshIds(const PlanPtr& plan) {
  IdMap ids;
  forEachNode(plan, [&](const PlanPtr& node) {
    for (const AttributePtr& attr : node->output()) ids.try_emplace(attr->exprId(), newExprId());
  });
  return renumber(plan, ids);
}

PlanPtr inlineCtes(const PlanPtr& plan, const CteMap& ctes) {
  if (const auto* with = plan->as<WithCte>()) {
    CteMap scope = ctes;
    for (size_t i = 0; i + 1 < with->children().size(); ++i) {
      const auto* def = with->child(i)->as<CteRelationDef>();
      if (def != nullptr) scope[def->cteId()] = inlineCtes(def->child(0), scope);
    }
    return inlineCtes(with->query(), scope);
  }
  if (const auto* ref = plan->as<CteRelationRef>()) {
    auto it = ctes.find(ref->cteId());
    if (it == ctes.end()) return plan;
    return projectToOutput(withFreshIds(it->second), ref->output());
  }
  std::vector<PlanPtr> children;
  for (const PlanPtr& child : plan->children()) children.push_back(inlineCtes(child, ctes));
  PlanPtr node = plan->withNewChildren(std::move(children));
  return transformExpressionsDown(node, [&](const ExprPtr& expr) -> ExprPtr {
    const SubqueryExpression* subquery = expr->asSubquery();
    if (subquery == nullptr) return expr;
    PlanPtr inlined = inlineCtes(subquery->plan(), ctes);
    return inlined == subquery->plan() ? expr : subquery->withNewPlan(inlined);
  });
}

bool hasCte(const PlanPtr& plan) {
  return existsNode(plan, [](const PlanPtr& node) {
    if (node->is<WithCte>() || node->is<CteRelationRef>()) return true;
    for (const ExprPtr& expr : node->expressions()) {
      bool found = existsNode(expr, [](const ExprPtr& each) {
        const SubqueryExpression* subquery = each->asSubquery();
        return subquery != nullptr && hasCte(subquery->plan());
      });
      if (found) return true;
    }
    return false;
  });
}

class InlineCTE final : public Rule {
 public:
  std::string_view name() const override { return "InlineCTE"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    if (!hasCte(plan)) return plan;
    return inlineCtes(plan, {});
  }
};

}  // namespace

RulePtr makeInlineCTE() { return std::make_shared<InlineCTE>(); }

}  // namespace planck
