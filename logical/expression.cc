#include "logical/expression.h"

#include <atomic>

#include "absl/hash/hash.h"

namespace planck {

ExprId newExprId() {
  static std::atomic<ExprId> next{0};
  return next.fetch_add(1, std::memory_order_relaxed);
}

namespace {
thread_local bool normalize_ids = false;
}  // namespace

std::string formatId(int64_t id) { return normalize_ids ? "x" : std::to_string(id); }

ScopedNormalizedIds::ScopedNormalizedIds(bool enabled) : previous_(normalize_ids) {
  normalize_ids = normalize_ids || enabled;
}

ScopedNormalizedIds::~ScopedNormalizedIds() { normalize_ids = previous_; }

bool Expression::nullable() const {
  for (const ExprPtr& child : children_) {
    if (child->nullable()) return true;
  }
  return false;
}

bool Expression::childrenResolved() const {
  for (const ExprPtr& child : children_) {
    if (!child->resolved()) return false;
  }
  return true;
}

bool Expression::computeResolved() const { return childrenResolved(); }

bool Expression::deterministic() const {
  for (const ExprPtr& child : children_) {
    if (!child->deterministic()) return false;
  }
  return true;
}

bool Expression::equals(const Expression& other) const {
  if (this == &other) return true;
  if (kind() != other.kind() || children_.size() != other.children_.size()) return false;
  if (!paramsEqual(other)) return false;
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!children_[i]->equals(*other.children_[i])) return false;
  }
  return true;
}

size_t Expression::hash() const {
  // Nodes are immutable, so the hash is computed once; 0 marks "not yet".
  size_t cached = hash_.load(std::memory_order_relaxed);
  if (cached != 0) return cached;
  size_t seed = absl::HashOf(static_cast<int>(kind()), paramsHash());
  for (const ExprPtr& child : children_) seed = absl::HashOf(seed, child->hash());
  if (seed == 0) seed = 1;
  hash_.store(seed, std::memory_order_relaxed);
  return seed;
}

bool exprEquals(const ExprPtr& a, const ExprPtr& b) {
  if (a == b) return true;
  if (!a || !b) return false;
  return a->equals(*b);
}

bool exprListEquals(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!exprEquals(a[i], b[i])) return false;
  }
  return true;
}

std::string joinExprs(const std::vector<ExprPtr>& exprs) {
  std::string text;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) text += ", ";
    text += exprs[i]->toString();
  }
  return text;
}

std::string joinSql(const std::vector<ExprPtr>& exprs) {
  std::string text;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) text += ", ";
    text += exprs[i]->sql();
  }
  return text;
}

}  // namespace planck
