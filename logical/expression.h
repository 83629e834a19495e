// Expression: the base of every scalar expression node, and the ids that name columns.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "logical/data_type.h"
#include "logical/tree_node.h"

namespace planck {

class Expression;
class LogicalPlan;
class SubqueryExpression;
class AttributeReference;
using ExprPtr = std::shared_ptr<const Expression>;
using PlanPtr = std::shared_ptr<const LogicalPlan>;
using AttributePtr = std::shared_ptr<const AttributeReference>;
using Attributes = std::vector<AttributePtr>;

// A unique id for a column, printed as name#id (Spark's ExprId).
using ExprId = int64_t;
// A fresh id, unique in this process.
ExprId newExprId();

// How ids print: "12", or "x" while a ScopedNormalizedIds is alive on this thread (stable
// text for golden files and plan diffs).
std::string formatId(int64_t id);

// Prints every id as x on this thread while it lives.
class ScopedNormalizedIds {
 public:
  explicit ScopedNormalizedIds(bool enabled = true);
  ~ScopedNormalizedIds();
  ScopedNormalizedIds(const ScopedNormalizedIds&) = delete;
  ScopedNormalizedIds& operator=(const ScopedNormalizedIds&) = delete;

 private:
  bool previous_;
};

// The kinds of expression node; `as<T>()` tests against T::kKind.
enum class ExprKind : uint8_t {
  kLiteral,
  kAttributeReference,
  kOuterReference,
  kUnresolvedAttribute,
  kUnresolvedStar,
  kUnresolvedFunction,
  kUnresolvedAlias,
  kAlias,
  kUnaryMinus,
  kBinaryArithmetic,
  kBinaryComparison,
  kAnd,
  kOr,
  kNot,
  kIsNull,
  kIsNotNull,
  kLike,
  kIn,
  kInSubquery,
  kExists,
  kScalarSubquery,
  kCaseWhen,
  kCast,
  kScalarFunction,
  kAggregateExpression,
  kWindowSpec,
  kWindowExpression,
  kSortOrder,
};

// A scalar expression tree node. Immutable; see tree_node.h.
class Expression : public TreeNode<Expression> {
 public:
  Expression() = default;
  explicit Expression(std::vector<ExprPtr> children) : TreeNode(std::move(children)) {}
  // A copy starts with an empty cache: its children may differ.
  Expression(const Expression& other) : TreeNode(other) {}

  virtual ExprKind kind() const = 0;
  // The result type; only meaningful once resolved().
  virtual DataType dataType() const = 0;
  // Whether the result can be NULL. Default: when any child can.
  virtual bool nullable() const;
  // Whether every name in the tree is bound and every type known (computed once per node).
  bool resolved() const {
    int8_t cached = resolved_.load(std::memory_order_relaxed);
    if (cached < 0) {
      cached = computeResolved() ? 1 : 0;
      resolved_.store(cached, std::memory_order_relaxed);
    }
    return cached == 1;
  }
  // Whether the value can be computed without input rows (constant folding).
  virtual bool foldable() const { return false; }
  // Whether the same input always gives the same output.
  virtual bool deterministic() const;

  // Spark's plan form: attributes as name#id, unresolved names with a leading quote.
  virtual std::string toString() const = 0;
  // SQL-like form without ids, used for generated column names and messages: sum(l_quantity).
  virtual std::string sql() const = 0;

  // Structural equality: same kind, same parameters, equal children.
  bool equals(const Expression& other) const;
  size_t hash() const;

  // This node as a subquery expression (scalar subquery, EXISTS, IN subquery), or nullptr.
  const SubqueryExpression* asSubquery() const;

 protected:
  // Equality and hash of the parameters a node holds besides its children.
  virtual bool paramsEqual(const Expression& other) const = 0;
  virtual size_t paramsHash() const = 0;
  bool childrenResolved() const;
  // Default: every child resolved.
  virtual bool computeResolved() const;

 private:
  mutable std::atomic<int8_t> resolved_{-1};
  mutable std::atomic<size_t> hash_{0};
};

// Structural equality of two possibly-null expression pointers.
bool exprEquals(const ExprPtr& a, const ExprPtr& b);
bool exprListEquals(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b);

// Hash and equality functors for containers keyed by expression structure.
struct ExprHash {
  size_t operator()(const ExprPtr& expr) const { return expr->hash(); }
};
struct ExprEqual {
  bool operator()(const ExprPtr& a, const ExprPtr& b) const { return exprEquals(a, b); }
};

// Joins the toString() of each expression with ", ".
std::string joinExprs(const std::vector<ExprPtr>& exprs);
// Joins the sql() of each expression with ", ".
std::string joinSql(const std::vector<ExprPtr>& exprs);

}  // namespace planck
