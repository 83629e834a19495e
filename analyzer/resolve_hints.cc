// ResolveHints: /*+ BROADCAST(t) */ over a SELECT marks the relations it names (by table name
// or alias) with ResolvedHint; without names it marks the whole SELECT. Spark's aliases are
// accepted (BROADCASTJOIN, MAPJOIN, MERGE, SHUFFLE_MERGE, MERGEJOIN, SHUFFLE_HASH,
// SHUFFLE_REPLICATE_NL). Unknown hints are dropped, as Spark does.
#include "analyzer/rules.h"
#include "common/strings.h"
#include "logical/operators.h"

namespace planck {
namespace {

bool namesRelation(const PlanPtr& node, const std::vector<std::string>& names) {
  std::string name;
  if (const auto* relation = node->as<UnresolvedRelation>()) name = relation->nameParts().back();
  if (const auto* alias = node->as<SubqueryAlias>()) name = alias->alias();
  if (name.empty()) return false;
  for (const std::string& wanted : names) {
    if (equalsIgnoreCase(wanted, name)) return true;
  }
  return false;
}

PlanPtr markRelations(const PlanPtr& node, const std::vector<std::string>& names,
                      JoinStrategyHint hint) {
  if (namesRelation(node, names)) return std::make_shared<ResolvedHint>(hint, node);
  std::vector<PlanPtr> children;
  for (const PlanPtr& child : node->children())
    children.push_back(markRelations(child, names, hint));
  return node->withNewChildren(std::move(children));
}

class ResolveHints final : public Rule {
 public:
  std::string_view name() const override { return "ResolveHints"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformUp(plan, [](const PlanPtr& node) -> PlanPtr {
      const auto* hint = node->as<UnresolvedHint>();
      if (hint == nullptr) return node;
      std::optional<JoinStrategyHint> strategy = parseJoinHint(hint->name());
      if (!strategy) return node->child(0);
      if (hint->parameters().empty())
        return std::make_shared<ResolvedHint>(*strategy, node->child(0));
      std::vector<std::string> names;
      for (const ExprPtr& parameter : hint->parameters()) {
        if (const auto* attr = parameter->as<UnresolvedAttribute>())
          names.push_back(attr->nameParts().back());
        if (const auto* literal = parameter->as<Literal>();
            literal && literal->value().type().isString()) {
          names.push_back(literal->value().asString());
        }
      }
      return markRelations(node->child(0), names, *strategy);
    });
  }
};

}  // namespace

RulePtr makeResolveHints() { return std::make_shared<ResolveHints>(); }

}  // namespace planck
