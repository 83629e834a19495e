// ColumnPruning (Spark's rule of the same name): every operator computes and passes on only the
// columns some operator above it reads, down to the scans, which read only those columns.
//
//   Project [a#1]                        Project [a#1]
//   +- Filter (b#2 > 1)           =>     +- Filter (b#2 > 1)
//      +- Relation t[a#1,b#2,c#3]           +- Relation t[a#1,b#2]
//
// One top-down walk carries the set of columns the parent needs. Each operator keeps what is
// needed of its own outputs (project items, aggregate outputs, window functions, scan
// columns) and asks its inputs for the columns it needs plus those its expressions read. An
// operator may still output more than its parent asked for (a Filter passes on the column its
// condition read); only where exact columns matter (the inputs of a Union, which line up by
// position) is a Project inserted. Operators whose result depends on every column (DISTINCT,
// INTERSECT, EXCEPT) ask their input for all of it.
//
// Departs from Spark in form, not effect: Spark matches one operator pair at a time and puts
// a Project above each scan; here the scan itself lists the columns it reads, as a scan with
// a pruned schema does in Spark's DataSource V2 (so EXPLAIN shows what is read).
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

PlanPtr prune(const PlanPtr& plan, const AttributeSet& required);

// `child` pruned to `required`, with a Project on top when it would output other columns or
// another order than `exact` (the columns a positional consumer needs).
PlanPtr pruneExactly(const PlanPtr& child, const Attributes& exact) {
  PlanPtr pruned = prune(child, AttributeSet(exact));
  const Attributes& output = pruned->output();
  bool same = output.size() == exact.size();
  for (size_t i = 0; same && i < exact.size(); ++i) {
    same = output[i]->exprId() == exact[i]->exprId();
  }
  if (same) return pruned;
  return std::make_shared<Project>(std::vector<ExprPtr>(exact.begin(), exact.end()), pruned);
}

// The items of `named` whose output column is in `required`.
std::vector<ExprPtr> keepRequired(const std::vector<ExprPtr>& named, const AttributeSet& required) {
  std::vector<ExprPtr> kept;
  for (const ExprPtr& item : named) {
    AttributePtr attribute = toAttribute(item);
    if (attribute && required.contains(attribute->exprId())) kept.push_back(item);
  }
  return kept;
}

AttributeSet unionOf(AttributeSet a, const AttributeSet& b) {
  a.insertAll(b);
  return a;
}

PlanPtr pruneProject(const Project& project, const AttributeSet& required) {
  std::vector<ExprPtr> kept = keepRequired(project.projectList(), required);
  PlanPtr child = prune(project.child(0), referencesOf(kept));
  if (kept.size() == project.projectList().size() && child == project.child(0)) {
    return project.self();
  }
  return std::make_shared<Project>(std::move(kept), std::move(child));
}

PlanPtr pruneAggregate(const Aggregate& aggregate, const AttributeSet& required) {
  std::vector<ExprPtr> kept = keepRequired(aggregate.aggregateExpressions(), required);
  AttributeSet needed = unionOf(referencesOf(kept), referencesOf(aggregate.groupingExpressions()));
  PlanPtr child = prune(aggregate.child(0), needed);
  if (kept.size() == aggregate.aggregateExpressions().size() && child == aggregate.child(0)) {
    return aggregate.self();
  }
  return std::make_shared<Aggregate>(aggregate.groupingExpressions(), std::move(kept),
                                     std::move(child));
}

PlanPtr pruneWindow(const Window& window, const AttributeSet& required) {
  std::vector<ExprPtr> kept = keepRequired(window.windowExpressions(), required);
  if (kept.empty()) return prune(window.child(0), required);
  AttributeSet needed = unionOf(required, referencesOf(kept));
  needed.insertAll(referencesOf(window.partitionSpec()));
  needed.insertAll(referencesOf(window.orderSpec()));
  PlanPtr child = prune(window.child(0), needed);
  if (kept.size() == window.windowExpressions().size() && child == window.child(0)) {
    return window.self();
  }
  return std::make_shared<Window>(std::move(kept), window.partitionSpec(), window.orderSpec(),
                                  std::move(child));
}

PlanPtr pruneRelation(const Relation& relation, const AttributeSet& required) {
  const Attributes& output = relation.output();
  Attributes kept;
  for (const AttributePtr& attribute : output) {
    if (required.contains(attribute->exprId())) kept.push_back(attribute);
  }
  if (kept.size() == output.size()) return relation.self();
  return std::make_shared<Relation>(relation.tableName(), std::move(kept));
}

PlanPtr pruneLocalRelation(const LocalRelation& relation, const AttributeSet& required) {
  const Attributes& output = relation.output();
  std::vector<size_t> positions;
  for (size_t i = 0; i < output.size(); ++i) {
    if (required.contains(output[i]->exprId())) positions.push_back(i);
  }
  if (positions.size() == output.size()) return relation.self();
  Attributes kept;
  for (size_t i : positions) kept.push_back(output[i]);
  std::vector<std::vector<Value>> rows;
  rows.reserve(relation.rows().size());
  for (const std::vector<Value>& row : relation.rows()) {
    std::vector<Value>& pruned = rows.emplace_back();
    for (size_t i : positions) pruned.push_back(row[i]);
  }
  return std::make_shared<LocalRelation>(std::move(kept), std::move(rows));
}

PlanPtr pruneUnion(const Union& union_plan, const AttributeSet& required) {
  const Attributes& output = union_plan.output();
  std::vector<size_t> positions;
  for (size_t i = 0; i < output.size(); ++i) {
    if (required.contains(output[i]->exprId())) positions.push_back(i);
  }
  std::vector<PlanPtr> children;
  for (const PlanPtr& child : union_plan.children()) {
    Attributes exact;
    const Attributes& child_output = child->output();
    for (size_t i : positions) exact.push_back(child_output[i]);
    children.push_back(pruneExactly(child, exact));
  }
  return union_plan.withNewChildren(std::move(children));
}

// Operators that only filter, order or cut rows: their input needs what the parent needs plus
// what their own expressions read.
PlanPtr pruneRowOperator(const LogicalPlan& node, const AttributeSet& required) {
  AttributeSet needed = unionOf(required, referencesOf(node));
  std::vector<PlanPtr> children;
  for (const PlanPtr& child : node.children()) children.push_back(prune(child, needed));
  return node.withNewChildren(std::move(children));
}

// Operators whose result depends on all of their input's columns.
PlanPtr pruneKeepingAll(const LogicalPlan& node) {
  std::vector<PlanPtr> children;
  for (const PlanPtr& child : node.children()) {
    children.push_back(prune(child, AttributeSet(child->output())));
  }
  return node.withNewChildren(std::move(children));
}

PlanPtr prune(const PlanPtr& plan, const AttributeSet& required) {
  switch (plan->kind()) {
    case PlanKind::kProject:
      return pruneProject(*plan->as<Project>(), required);
    case PlanKind::kAggregate:
      return pruneAggregate(*plan->as<Aggregate>(), required);
    case PlanKind::kWindow:
      return pruneWindow(*plan->as<Window>(), required);
    case PlanKind::kRelation:
      return pruneRelation(*plan->as<Relation>(), required);
    case PlanKind::kLocalRelation:
      return pruneLocalRelation(*plan->as<LocalRelation>(), required);
    case PlanKind::kUnion:
      return pruneUnion(*plan->as<Union>(), required);
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kGlobalLimit:
    case PlanKind::kLocalLimit:
    case PlanKind::kOffset:
    case PlanKind::kJoin:
    case PlanKind::kResolvedHint:
    case PlanKind::kSubqueryAlias:
      return pruneRowOperator(*plan, required);
    default:
      return pruneKeepingAll(*plan);
  }
}

class ColumnPruning final : public Rule {
 public:
  std::string_view name() const override { return "ColumnPruning"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return prune(plan, AttributeSet(plan->output()));
  }
};

}  // namespace

RulePtr makeColumnPruning() { return std::make_shared<ColumnPruning>(); }

}  // namespace planck
