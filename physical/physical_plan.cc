#include "physical/physical_plan.h"

#include "logical/predicates.h"

namespace planck {
namespace {

// Child expression -> the output attribute a projection gives it (`a AS b`: a -> b; a kept
// column maps to itself).
std::vector<std::pair<ExprPtr, AttributePtr>> projectionPairs(
    const std::vector<ExprPtr>& project_list) {
  std::vector<std::pair<ExprPtr, AttributePtr>> pairs;
  for (const ExprPtr& named : project_list) {
    if (AttributePtr attr = toAttribute(named)) pairs.emplace_back(stripAlias(named), attr);
  }
  return pairs;
}

// `expr` in terms of the projection's output, or nullptr when it needs a dropped column.
ExprPtr throughProjection(const ExprPtr& expr,
                          const std::vector<std::pair<ExprPtr, AttributePtr>>& pairs,
                          const AttributeSet& available) {
  ExprPtr rewritten = transformDown(expr, [&](const ExprPtr& node) -> ExprPtr {
    for (const auto& [from, to] : pairs) {
      if (exprEquals(from, node)) return to;
    }
    return node;
  });
  for (ExprId id : referencesOf(rewritten)) {
    if (!available.contains(id)) return nullptr;
  }
  return rewritten;
}

}  // namespace

Partitioning PhysicalPlan::outputPartitioning() const {
  if (children_.size() == 1) return child(0)->outputPartitioning();
  return Partitioning::unknown(0);
}

Attributes PhysicalPlan::childrenOutput() const {
  Attributes all;
  for (const PhysicalPtr& child : children_) {
    all.insert(all.end(), child->output().begin(), child->output().end());
  }
  return all;
}

Partitioning projectPartitioning(const Partitioning& partitioning,
                                 const std::vector<ExprPtr>& project_list,
                                 const Attributes& output) {
  using Kind = Partitioning::Kind;
  if (partitioning.kind == Kind::kCollection) {
    std::vector<Partitioning> kept;
    for (const Partitioning& each : partitioning.alternatives) {
      Partitioning projected = projectPartitioning(each, project_list, output);
      if (projected.kind != Kind::kUnknown) kept.push_back(std::move(projected));
    }
    if (kept.empty()) return Partitioning::unknown(partitioning.num_partitions);
    if (kept.size() == 1) return kept.front();
    return Partitioning::collection(std::move(kept));
  }
  if (partitioning.kind != Kind::kHash && partitioning.kind != Kind::kRange) return partitioning;
  auto pairs = projectionPairs(project_list);
  AttributeSet available(output);
  Partitioning result = partitioning;
  for (ExprPtr& expr : result.expressions) {
    expr = throughProjection(expr, pairs, available);
    if (!expr) return Partitioning::unknown(partitioning.num_partitions);
  }
  return result;
}

std::vector<ExprPtr> projectOrdering(const std::vector<ExprPtr>& ordering,
                                     const std::vector<ExprPtr>& project_list,
                                     const Attributes& output) {
  auto pairs = projectionPairs(project_list);
  AttributeSet available(output);
  std::vector<ExprPtr> kept;
  for (const ExprPtr& order : ordering) {
    ExprPtr rewritten = throughProjection(order, pairs, available);
    if (!rewritten) break;
    kept.push_back(std::move(rewritten));
  }
  return kept;
}

std::string bracketed(const std::vector<ExprPtr>& exprs) { return "[" + joinExprs(exprs) + "]"; }

std::vector<ExprPtr> asExprs(const Attributes& attributes) {
  return std::vector<ExprPtr>(attributes.begin(), attributes.end());
}

std::vector<PhysicalPtr> displayedChildren(const PhysicalPlan& node) {
  std::vector<PhysicalPtr> children = node.children();
  std::vector<PhysicalPtr> inner = node.innerChildren();
  children.insert(children.end(), inner.begin(), inner.end());
  return children;
}

}  // namespace planck
