// Expressions that hold a query plan: scalar subqueries, EXISTS and IN (subquery).
// Included from expressions.h.
#pragma once

#include <string>
#include <vector>

#include "logical/expression.h"

namespace planck {

// Shared parts of the subquery expressions: the plan, an id for printing (Spark's
// scalar-subquery#12), the outer attributes the plan refers to once resolved, and the
// correlated predicates PullupCorrelatedPredicates moved out of the plan (Spark's joinCond).
class SubqueryExpression : public Expression {
 public:
  SubqueryExpression(PlanPtr plan, ExprId id, std::vector<ExprPtr> children)
      : Expression(std::move(children)), plan_(std::move(plan)), id_(id) {}

  const PlanPtr& plan() const { return plan_; }
  ExprId exprId() const { return id_; }
  // The correlated predicates pulled out of the plan, or nullptr. They read the plan's output
  // columns and the enclosing query's columns, the latter as OuterReference (unlike Spark,
  // which strips them: keeping them lets outerReferences() and referencesOf see them).
  const ExprPtr& joinCondition() const { return join_cond_; }
  // This expression with another plan (analysis and optimization of the subquery).
  virtual ExprPtr withNewPlan(PlanPtr plan) const = 0;
  // This expression with another plan and join condition (nullptr: none).
  virtual ExprPtr withPlanAndJoinCondition(PlanPtr plan, ExprPtr join_cond) const = 0;
  // Whether the plan or the join condition refers to columns of an enclosing query.
  bool isCorrelated() const;
  // The outer references in the plan, then those of the join condition, in order.
  std::vector<ExprPtr> outerReferences() const;
  // The outer references in the plan alone: when empty, the plan is decorrelated and can be
  // joined with the enclosing query on joinCondition().
  std::vector<ExprPtr> planOuterReferences() const;
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
  ExprPtr join_cond_;
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
  ExprPtr withPlanAndJoinCondition(PlanPtr plan, ExprPtr join_cond) const override {
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    copy->plan_ = std::move(plan);
    copy->join_cond_ = std::move(join_cond);
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
