// Expressions that hold a query plan: scalar subqueries, EXISTS and IN (subquery).
// Included from expressions.h.
#pragma once

#include <string>
#include <vector>

#include "logical/expression.h"

namespace planck {

// Shared parts of the subquery expressions: the plan, an id for printing (Spark's
// scalar-subquery#12), and the outer attributes the plan refers to once resolved.
class SubqueryExpression : public Expression {
 public:
  SubqueryExpression(PlanPtr plan, ExprId id, std::vector<ExprPtr> children)
      : Expression(std::move(children)), plan_(std::move(plan)), id_(id) {}

  const PlanPtr& plan() const { return plan_; }
  ExprId exprId() const { return id_; }
  // This expression with another plan (analysis and optimization of the subquery).
  virtual ExprPtr withNewPlan(PlanPtr plan) const = 0;
  // Whether the plan refers to columns of an enclosing query.
  bool isCorrelated() const;
  // The outer references in the plan, in the order they appear.
  std::vector<ExprPtr> outerReferences() const;
  bool computeResolved() const override;
  bool deterministic() const override { return false; }

 protected:
  bool paramsEqual(const Expression& other) const override;
  // Equality compares plans, so the hash must not depend on the id.
  size_t paramsHash() const override;
  // "[outer(a#1), outer(b#2)]" as Spark prints the correlation of a subquery.
  std::string outerString() const;

  PlanPtr plan_;
  ExprId id_;
};

// Copies a subquery expression with a new plan; shared by the three kinds.
template <class Derived>
class SubqueryCopy : public SubqueryExpression {
 public:
  using SubqueryExpression::SubqueryExpression;
  ExprPtr withNewPlan(PlanPtr plan) const override {
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    copy->plan_ = std::move(plan);
    return copy;
  }

 protected:
  ExprPtr copyWithChildren(std::vector<ExprPtr> children) const override {
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    copy->replaceChildren(std::move(children));
    return copy;
  }
};

// (SELECT max(x) FROM ...) used as a value.
class ScalarSubquery final : public SubqueryCopy<ScalarSubquery> {
 public:
  static constexpr ExprKind kKind = ExprKind::kScalarSubquery;
  explicit ScalarSubquery(PlanPtr plan, ExprId id = newExprId())
      : SubqueryCopy(std::move(plan), id, {}) {}

  ExprKind kind() const override { return kKind; }
  DataType dataType() const override;
  bool nullable() const override { return true; }
  std::string toString() const override;
  std::string sql() const override;
};

// EXISTS (SELECT ...).
class Exists final : public SubqueryCopy<Exists> {
 public:
  static constexpr ExprKind kKind = ExprKind::kExists;
  explicit Exists(PlanPtr plan, ExprId id = newExprId()) : SubqueryCopy(std::move(plan), id, {}) {}

  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return DataType::boolean(); }
  bool nullable() const override { return false; }
  std::string toString() const override;
  std::string sql() const override;
};

// value IN (SELECT ...); the value is child 0.
class InSubquery final : public SubqueryCopy<InSubquery> {
 public:
  static constexpr ExprKind kKind = ExprKind::kInSubquery;
  InSubquery(ExprPtr value, PlanPtr plan, ExprId id = newExprId())
      : SubqueryCopy(std::move(plan), id, {std::move(value)}) {}

  const ExprPtr& value() const { return child(0); }
  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return DataType::boolean(); }
  bool nullable() const override { return true; }
  std::string toString() const override;
  std::string sql() const override;
};

}  // namespace planck
