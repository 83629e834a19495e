// FoldablePropagation (Spark's rule of the same name): a column that a Project or Aggregate
// defines as a foldable expression (`SELECT 1 AS one ... ORDER BY one`) is replaced by that
// expression in the operators above it, so later rules can fold and prune with it.
//
//   Sort [one#2 ASC NULLS FIRST]            Sort [1 ASC NULLS FIRST]
//   +- Project [a#1, 1 AS one#2]      =>    +- Project [a#1, 1 AS one#2]
//
// The plan is walked bottom-up carrying the foldable columns (id -> expression) a subtree
// outputs unchanged. They pass up through Filter, Sort, Window, limits and Distinct (Spark's
// canPropagateFoldables list, for the operators planck has); a Project or Aggregate replaces
// the set with its own foldable aliases. Through a join: all of them for an inner join (and
// semi/anti joins, which output the left side only), only the left side's under a left outer
// join and the right side's under a right outer join, none under a full outer join — on the
// null-supplying side the column is NULL in padded rows, not the constant. Any other operator
// (Union, Expand, ...) stops the propagation (Spark propagates through a Union when all its
// inputs agree; we do not).
//
// Where a replaced attribute is itself an output column (a Project or Aggregate list entry),
// it becomes `expr AS name#id` with the attribute's id, so every operator keeps its output.
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

AttributeMap foldablesOf(const std::vector<ExprPtr>& named) {
  AttributeMap foldables;
  for (const ExprPtr& expr : named) {
    const auto* alias = expr->as<Alias>();
    if (alias && alias->child(0)->foldable() && alias->child(0)->deterministic())
      foldables.emplace(alias->exprId(), alias->child(0));
  }
  return foldables;
}

// The operators' expressions with the foldable columns replaced; list entries that are bare
// attributes keep their id through an Alias.
PlanPtr replaceFoldables(const PlanPtr& node, const AttributeMap& foldables) {
  if (foldables.empty()) return node;
  // Project and Aggregate lists name their output; an Aggregate's grouping comes first.
  size_t first_named = SIZE_MAX;
  if (node->is<Project>()) first_named = 0;
  if (const auto* aggregate = node->as<Aggregate>())
    first_named = aggregate->groupingExpressions().size();
  std::vector<ExprPtr> exprs = node->expressions();
  for (size_t i = 0; i < exprs.size(); ++i) {
    const auto* attribute = exprs[i]->as<AttributeReference>();
    if (i >= first_named && attribute) {
      auto it = foldables.find(attribute->exprId());
      if (it != foldables.end() && it->second->dataType() == attribute->dataType()) {
        exprs[i] = std::make_shared<Alias>(it->second, attribute->name(), attribute->exprId(),
                                           attribute->qualifier());
      }
      continue;
    }
    exprs[i] = replaceAttributes(exprs[i], foldables);
  }
  return node->withNewExpressions(std::move(exprs));
}

bool passesFoldables(const LogicalPlan& node) {
  switch (node.kind()) {
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kWindow:
    case PlanKind::kGlobalLimit:
    case PlanKind::kLocalLimit:
    case PlanKind::kOffset:
    case PlanKind::kDistinct:
    case PlanKind::kSubqueryAlias:
    case PlanKind::kResolvedHint:
      return true;
    default:
      return false;
  }
}

// The rewritten plan and the foldable columns of its output.
std::pair<PlanPtr, AttributeMap> propagate(const PlanPtr& plan) {
  if (plan->children().empty()) return {plan, {}};
  std::vector<PlanPtr> children;
  std::vector<AttributeMap> child_foldables;
  for (const PlanPtr& child : plan->children()) {
    auto [rewritten, foldables] = propagate(child);
    children.push_back(std::move(rewritten));
    child_foldables.push_back(std::move(foldables));
  }
  PlanPtr node = plan->withNewChildren(std::move(children));
  if (node->is<Project>() || node->is<Aggregate>()) {
    node = replaceFoldables(node, child_foldables[0]);
    return {node, foldablesOf(node->expressions())};
  }
  if (const auto* join = node->as<Join>()) {
    AttributeMap foldables;
    JoinType type = join->joinType();
    bool keep_left = type != JoinType::kRightOuter && type != JoinType::kFullOuter;
    bool keep_right =
        type == JoinType::kInner || type == JoinType::kCross || type == JoinType::kRightOuter;
    // The condition sees matched rows only, so both sides' constants hold there.
    AttributeMap both = child_foldables[0];
    both.insert(child_foldables[1].begin(), child_foldables[1].end());
    node = replaceFoldables(node, both);
    if (keep_left) foldables.insert(child_foldables[0].begin(), child_foldables[0].end());
    if (keep_right) foldables.insert(child_foldables[1].begin(), child_foldables[1].end());
    return {node, std::move(foldables)};
  }
  if (node->children().size() == 1 && passesFoldables(*node))
    return {replaceFoldables(node, child_foldables[0]), child_foldables[0]};
  return {node, {}};
}

class FoldablePropagation final : public Rule {
 public:
  std::string_view name() const override { return "FoldablePropagation"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override { return propagate(plan).first; }
};

}  // namespace

RulePtr makeFoldablePropagation() { return std::make_shared<FoldablePropagation>(); }

}  // namespace planck
