#include "logical/plan.h"

#include "absl/hash/hash.h"
#include "logical/expressions.h"

namespace planck {

bool paramValueEquals(const ParamValue& a, const ParamValue& b) {
  if (a.index() != b.index()) return false;
  if (const auto* expr = std::get_if<ExprPtr>(&a)) return exprEquals(*expr, std::get<ExprPtr>(b));
  if (const auto* list = std::get_if<std::vector<ExprPtr>>(&a)) {
    return exprListEquals(*list, std::get<std::vector<ExprPtr>>(b));
  }
  if (const auto* lists = std::get_if<std::vector<std::vector<ExprPtr>>>(&a)) {
    const auto& other = std::get<std::vector<std::vector<ExprPtr>>>(b);
    if (lists->size() != other.size()) return false;
    for (size_t i = 0; i < lists->size(); ++i) {
      if (!exprListEquals((*lists)[i], other[i])) return false;
    }
    return true;
  }
  return a == b;
}

PlanPtr LogicalPlan::withNewExpressions(std::vector<ExprPtr> expressions) const {
  std::vector<ExprPtr> current = this->expressions();
  if (current == expressions) return self();
  return copyWithExpressions(std::move(expressions));
}

PlanPtr LogicalPlan::copyWithExpressions(std::vector<ExprPtr>) const { return self(); }

bool LogicalPlan::childrenResolved() const {
  for (const PlanPtr& child : children_) {
    if (!child->resolved()) return false;
  }
  return true;
}

bool LogicalPlan::computeResolved() const {
  if (isUnresolvedForm() || !childrenResolved()) return false;
  for (const ExprPtr& expr : expressions()) {
    if (!expr->resolved()) return false;
  }
  return true;
}

bool LogicalPlan::equals(const LogicalPlan& other) const {
  if (this == &other) return true;
  if (kind() != other.kind() || children_.size() != other.children_.size()) return false;
  std::vector<NodeParam> mine = params();
  std::vector<NodeParam> theirs = other.params();
  if (mine.size() != theirs.size()) return false;
  for (size_t i = 0; i < mine.size(); ++i) {
    if (!paramValueEquals(mine[i].value, theirs[i].value)) return false;
  }
  // Leaves that differ only in output ids (two scans of one table) are different relations.
  Attributes out_a = output(), out_b = other.output();
  if (children_.empty()) {
    if (out_a.size() != out_b.size()) return false;
    for (size_t i = 0; i < out_a.size(); ++i) {
      if (out_a[i]->exprId() != out_b[i]->exprId()) return false;
    }
  }
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!children_[i]->equals(*other.children_[i])) return false;
  }
  return true;
}

size_t LogicalPlan::hash() const {
  // Nodes are immutable, so the hash is computed once; 0 marks "not yet".
  size_t cached = hash_.load(std::memory_order_relaxed);
  if (cached != 0) return cached;
  size_t seed = absl::HashOf(static_cast<int>(kind()));
  for (const ExprPtr& expr : expressions()) seed = absl::HashOf(seed, expr->hash());
  if (children_.empty()) {
    for (const AttributePtr& attr : output()) seed = absl::HashOf(seed, attr->exprId());
  }
  for (const PlanPtr& child : children_) seed = absl::HashOf(seed, child->hash());
  if (seed == 0) seed = 1;
  hash_.store(seed, std::memory_order_relaxed);
  return seed;
}

Attributes LogicalPlan::childrenOutput() const {
  Attributes all;
  for (const PlanPtr& child : children_) {
    Attributes output = child->output();
    all.insert(all.end(), output.begin(), output.end());
  }
  return all;
}

}  // namespace planck
