// RemoveRedundantAliases (Spark's rule of the same name): an alias that only renames a column
// to its own name (`a#1 AS a#5`) in a Project or Aggregate list becomes the column itself
// (`a#1`), and every reference to #5 above it reads #1.
//
//   Filter (a#5 > 1)                      Filter (a#1 > 1)
//   +- Project [a#1 AS a#5, b#2]    =>    +- Project [a#1, b#2]
//      +- Relation t[a#1, b#2]               +- Relation t[a#1, b#2]
//
// One recursive pass, as Spark's removeRedundantAliases(plan, excluded): each operator rewrites
// its children first, learns from them which output ids changed (old output against new, by
// position), renames its own references, and only then cleans its own list. An alias stays when
// either id is excluded:
// - the plan's root output (the query's columns keep their ids);
// - a Join's other side: the left side excludes the right side's output and the right side
//   the new left side's, so a self-join (two copies of one subtree, as InlineCTE makes) never
//   outputs one id twice; Intersect and Except likewise;
// - a Union's first input excludes its own output, which is the Union's output (the other
//   inputs line up by position, so their ids may change).
// Within one list an alias stays when its column is already output by the list (`a#1, a#1 AS
// a#5`): one operator never outputs one id twice. Types are unchanged and an alias is as
// nullable as its column, so every output keeps its type and nullability.
//
// Departs from Spark: Window lists are left alone (a Window outputs its input's columns too, so
// unaliasing one of them would always output it twice); and the outer references of subquery
// plans to a renamed column are renamed as well (Spark's subqueries carry their outer columns
// as expression children; here they live in the subquery plan and its join condition).
#include <algorithm>

#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

// Old column id -> the column that now stands for it.
using Renames = absl::flat_hash_map<ExprId, AttributePtr>;

// A rewritten subtree and the ids of its output that changed.
struct Rewritten {
  PlanPtr plan;
  Renames renames;
};

ExprPtr renameInSubquery(const ExprPtr& expr, const Renames& renames);

// An outer reference to a renamed column renamed; a subquery expression with its plan and join
// condition renamed the same way (for nested subqueries); any other node unchanged.
ExprPtr renameOuterReference(const ExprPtr& node, const Renames& renames) {
  if (node->asSubquery() != nullptr) return renameInSubquery(node, renames);
  const auto* outer = node->as<OuterReference>();
  if (outer == nullptr) return node;
  auto it = renames.find(outer->attribute()->exprId());
  return it == renames.end() ? node : std::make_shared<OuterReference>(it->second);
}

// A subquery expression whose plan and join condition read renamed columns of the enclosing
// query (as outer references).
ExprPtr renameInSubquery(const ExprPtr& expr, const Renames& renames) {
  const SubqueryExpression* subquery = expr->asSubquery();
  auto rename_outer = [&](const ExprPtr& node) { return renameOuterReference(node, renames); };
  PlanPtr plan = transformAllExpressions(subquery->plan(), rename_outer);
  ExprPtr join_cond = subquery->joinCondition();
  if (join_cond != nullptr) join_cond = transformUp(join_cond, rename_outer);
  if (plan == subquery->plan() && join_cond == subquery->joinCondition()) return expr;
  return subquery->withPlanAndJoinCondition(std::move(plan), std::move(join_cond));
}

// `expr` reading the renamed columns under their new ids.
ExprPtr rename(const ExprPtr& expr, const Renames& renames) {
  return transformUp(expr, [&](const ExprPtr& node) -> ExprPtr {
    if (node->asSubquery() != nullptr) return renameInSubquery(node, renames);
    const auto* attribute = node->as<AttributeReference>();
    if (attribute == nullptr) return node;
    auto it = renames.find(attribute->exprId());
    return it == renames.end() ? node : it->second;
  });
}

// Adds the output ids that differ between `before` and `after` (same columns, by position).
void addRenames(const LogicalPlan& before, const LogicalPlan& after, Renames& renames) {
  const Attributes& old_output = before.output();
  const Attributes& new_output = after.output();
  for (size_t i = 0; i < old_output.size() && i < new_output.size(); ++i) {
    if (old_output[i]->exprId() != new_output[i]->exprId()) {
      renames.try_emplace(old_output[i]->exprId(), new_output[i]);
    }
  }
}

// The named list `items` with its redundant aliases replaced by their columns.
std::vector<ExprPtr> withoutRedundantAliases(std::vector<ExprPtr> items,
                                             const AttributeSet& excluded) {
  AttributeSet output;
  for (const ExprPtr& item : items) {
    if (const auto* attribute = item->as<AttributeReference>()) output.insert(attribute->exprId());
  }
  for (ExprPtr& item : items) {
    const auto* alias = item->as<Alias>();
    if (alias == nullptr) continue;
    const auto* column = alias->child(0)->as<AttributeReference>();
    if (column == nullptr || column->name() != alias->name()) continue;
    if (excluded.contains(alias->exprId()) || excluded.contains(column->exprId())) continue;
    if (output.contains(column->exprId())) continue;
    output.insert(column->exprId());
    item = alias->child(0);
  }
  return items;
}

// `excluded` and the ids of `columns`.
AttributeSet unionOf(const AttributeSet& excluded, const Attributes& columns) {
  AttributeSet all = excluded;
  for (const AttributePtr& column : columns) all.insert(column->exprId());
  return all;
}

// `plan` without its redundant aliases, keeping the aliases that define an id in `excluded` or
// alias a column in it; with the output ids that changed.
Rewritten removeRedundantAliases(const PlanPtr& plan, const AttributeSet& excluded) {
  const std::vector<PlanPtr>& children = plan->children();
  std::vector<PlanPtr> new_children;
  new_children.reserve(children.size());
  Renames renames;
  bool sides_exclude_each_other = plan->is<Join>() || plan->is<Intersect>() || plan->is<Except>();
  for (size_t i = 0; i < children.size(); ++i) {
    // Copied only where it grows: most operators pass `excluded` down as it is.
    const AttributeSet* child_excluded = &excluded;
    AttributeSet grown;
    if (sides_exclude_each_other) {
      grown = unionOf(excluded, i == 0 ? children[1]->output() : new_children[0]->output());
      child_excluded = &grown;
    } else if (plan->is<Union>() && i == 0) {
      grown = unionOf(excluded, children[0]->output());
      child_excluded = &grown;
    }
    Rewritten child = removeRedundantAliases(children[i], *child_excluded);
    for (auto& [id, attribute] : child.renames) renames.try_emplace(id, std::move(attribute));
    new_children.push_back(std::move(child.plan));
  }
  PlanPtr rewritten = plan->withNewChildren(std::move(new_children));
  if (!renames.empty()) {
    std::vector<ExprPtr> expressions = rewritten->expressions();
    for (ExprPtr& expr : expressions) expr = rename(expr, renames);
    rewritten = rewritten->withNewExpressions(std::move(expressions));
  }
  if (const auto* project = rewritten->as<Project>()) {
    rewritten =
        rewritten->withNewExpressions(withoutRedundantAliases(project->projectList(), excluded));
  } else if (const auto* aggregate = rewritten->as<Aggregate>()) {
    std::vector<ExprPtr> expressions = aggregate->groupingExpressions();
    for (ExprPtr& item : withoutRedundantAliases(aggregate->aggregateExpressions(), excluded)) {
      expressions.push_back(std::move(item));
    }
    rewritten = rewritten->withNewExpressions(std::move(expressions));
  }
  Rewritten result{rewritten, {}};
  if (rewritten != plan) addRenames(*plan, *rewritten, result.renames);
  return result;
}

// Whether some Project or Aggregate list of `plan` renames a column to its own name: when none
// does (most plans, most iterations), the rule has nothing to do and skips the rewrite.
bool hasSameNameAlias(const PlanPtr& plan) {
  return existsNode(plan, [](const PlanPtr& node) {
    const std::vector<ExprPtr>* items = nullptr;
    if (const auto* project = node->as<Project>()) items = &project->projectList();
    if (const auto* aggregate = node->as<Aggregate>()) items = &aggregate->aggregateExpressions();
    if (items == nullptr) return false;
    return std::any_of(items->begin(), items->end(), [](const ExprPtr& item) {
      const auto* alias = item->as<Alias>();
      if (alias == nullptr) return false;
      const auto* column = alias->child(0)->as<AttributeReference>();
      return column != nullptr && column->name() == alias->name();
    });
  });
}

class RemoveRedundantAliases final : public Rule {
 public:
  std::string_view name() const override { return "RemoveRedundantAliases"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    if (!hasSameNameAlias(plan)) return plan;
    return removeRedundantAliases(plan, AttributeSet(plan->output())).plan;
  }
};

}  // namespace

RulePtr makeRemoveRedundantAliases() { return std::make_shared<RemoveRedundantAliases>(); }

}  // namespace planck
