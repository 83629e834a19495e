// CollapseProject (Spark's rule of the same name): a Project over a Project, or over an
// Aggregate, becomes one operator, with the lower aliases substituted into the upper list.
//
//   Project [(b#5 + 1) AS c#6]              Project [((a#1 * 2) + 1) AS c#6]
//   +- Project [(a#1 * 2) AS b#5]    =>     +- Relation t[a#1]
//      +- Relation t[a#1]
//
// Each upper item keeps its output column: an upper attribute that named a lower alias
// becomes that alias (same name and id). Not done, as in Spark, when it would duplicate work
// or change results: a non-deterministic lower expression, or a lower expression that is not
// a plain column or literal and is read more than once above. Into an Aggregate only when the
// upper items read the aggregate's outputs and nothing else, and the upper list holds no
// aggregate or window function of its own (always the case in an analyzed plan).
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

// Whether every use of the lower list's aliases by `upper` may be replaced by the aliased
// expression.
bool canCollapse(const std::vector<ExprPtr>& upper, const std::vector<ExprPtr>& lower) {
  absl::flat_hash_map<ExprId, int> uses;
  bool has_subquery = false;  // outer references in its plan would not be substituted
  for (const ExprPtr& item : upper) {
    forEachNode(item, [&](const ExprPtr& node) {
      if (const auto* attribute = node->as<AttributeReference>()) ++uses[attribute->exprId()];
      has_subquery = has_subquery || node->asSubquery() != nullptr;
    });
  }
  if (has_subquery) return false;
  for (const ExprPtr& item : lower) {
    const auto* alias = item->as<Alias>();
    if (alias == nullptr) continue;
    auto it = uses.find(alias->exprId());
    if (it == uses.end()) continue;
    const ExprPtr& value = alias->child(0);
    if (!value->deterministic()) return false;
    bool cheap = value->is<AttributeReference>() || value->is<Literal>();
    if (!cheap && it->second > 1) return false;
  }
  return true;
}

// The upper list with the lower aliases substituted; each item keeps its output column.
std::vector<ExprPtr> substitute(const std::vector<ExprPtr>& upper,
                                const std::vector<ExprPtr>& lower) {
  AttributeMap aliases = aliasMap(lower);
  std::vector<ExprPtr> merged;
  merged.reserve(upper.size());
  for (const ExprPtr& item : upper) {
    if (const auto* attribute = item->as<AttributeReference>()) {
      auto it = aliases.find(attribute->exprId());
      const ExprPtr& value = it == aliases.end() ? item : it->second;
      if (value->is<AttributeReference>() &&
          value->as<AttributeReference>()->exprId() == attribute->exprId()) {
        merged.push_back(item);
      } else {
        merged.push_back(std::make_shared<Alias>(value, attribute->name(), attribute->exprId()));
      }
    } else {
      merged.push_back(replaceAttributes(item, aliases));
    }
  }
  return merged;
}

class CollapseProject final : public Rule {
 public:
  std::string_view name() const override { return "CollapseProject"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      const auto* upper = node->as<Project>();
      if (upper == nullptr) return node;
      const PlanPtr& child = upper->child(0);
      if (const auto* lower = child->as<Project>()) {
        if (!canCollapse(upper->projectList(), lower->projectList())) return node;
        return std::make_shared<Project>(substitute(upper->projectList(), lower->projectList()),
                                         lower->child(0));
      }
      if (const auto* aggregate = child->as<Aggregate>()) {
        if (!canCollapse(upper->projectList(), aggregate->aggregateExpressions())) return node;
        return std::make_shared<Aggregate>(
            aggregate->groupingExpressions(),
            substitute(upper->projectList(), aggregate->aggregateExpressions()),
            aggregate->child(0));
      }
      return node;
    });
  }
};

}  // namespace

RulePtr makeCollapseProject() { return std::make_shared<CollapseProject>(); }

}  // namespace planck
