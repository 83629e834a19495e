// LogicalPlan: the base of every logical operator, and NodeParam, the ordered parameters
// through which renderers (explain/), equality and plan diffs see an operator.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "logical/expression.h"

namespace planck {

// The kinds of logical operator; `as<T>()` tests against T::kKind.
enum class PlanKind : uint8_t {
  kUnresolvedRelation,
  kUnresolvedWith,
  kUnresolvedHint,
  kUnresolvedInlineTable,
  kUnresolvedHaving,
  kRelation,
  kLocalRelation,
  kOneRowRelation,
  kCteRelationDef,
  kCteRelationRef,
  kWithCte,
  kSubqueryAlias,
  kProject,
  kFilter,
  kJoin,
  kAggregate,
  kExpand,
  kSort,
  kGlobalLimit,
  kLocalLimit,
  kOffset,
  kWindow,
  kUnion,
  kIntersect,
  kExcept,
  kDistinct,
  kResolvedHint,
};

// A value an operator shows in EXPLAIN: text, a number, a flag, an expression or a list.
using ParamValue = std::variant<std::string, int64_t, bool, ExprPtr, std::vector<ExprPtr>,
                                std::vector<std::string>, std::vector<std::vector<ExprPtr>>>;

// One named parameter of an operator, in the order EXPLAIN prints them.
struct NodeParam {
  std::string name;
  ParamValue value;
};

bool paramValueEquals(const ParamValue& a, const ParamValue& b);

// A logical operator. Immutable; see tree_node.h.
class LogicalPlan : public TreeNode<LogicalPlan> {
 public:
  using TreeNode::TreeNode;

  virtual PlanKind kind() const = 0;
  // Spark's operator name: Project, Filter, Join, Aggregate, SubqueryAlias, ...
  virtual std::string_view nodeName() const = 0;
  // The columns this operator produces.
  virtual Attributes output() const = 0;
  // The operator's parameters, in the order EXPLAIN prints them.
  virtual std::vector<NodeParam> params() const = 0;

  // Every expression this operator holds, in a fixed order.
  virtual std::vector<ExprPtr> expressions() const { return {}; }
  // This operator with its expressions replaced; `expressions` has the order and length of
  // expressions(). The same pointer when nothing changed.
  PlanPtr withNewExpressions(std::vector<ExprPtr> expressions) const;

  // Whether every name below and in this operator is bound.
  virtual bool resolved() const;
  bool childrenResolved() const;
  // Whether this operator is one of the forms only the parser produces.
  virtual bool isUnresolvedForm() const { return false; }

  // Structural equality: same kind, equal parameters, equal children.
  bool equals(const LogicalPlan& other) const;
  size_t hash() const;

  // The output attributes of all children, concatenated.
  Attributes childrenOutput() const;

  template <class T>
  const T* as() const {
    return kind() == T::kKind ? static_cast<const T*>(this) : nullptr;
  }
  template <class T>
  bool is() const {
    return kind() == T::kKind;
  }

 protected:
  // Implemented by operators that hold expressions; `expressions` differ from expressions().
  virtual PlanPtr copyWithExpressions(std::vector<ExprPtr> expressions) const;
};

// Applies `rule` to every expression of `plan`'s own operator (not its children), bottom-up.
template <class Rule>
PlanPtr transformExpressionsUp(const PlanPtr& plan, const Rule& rule) {
  std::vector<ExprPtr> exprs = plan->expressions();
  if (exprs.empty()) return plan;
  for (ExprPtr& expr : exprs) expr = transformUp(expr, rule);
  return plan->withNewExpressions(std::move(exprs));
}

// Applies `rule` to every expression of `plan`'s own operator, top-down.
template <class Rule>
PlanPtr transformExpressionsDown(const PlanPtr& plan, const Rule& rule) {
  std::vector<ExprPtr> exprs = plan->expressions();
  if (exprs.empty()) return plan;
  for (ExprPtr& expr : exprs) expr = transformDown(expr, rule);
  return plan->withNewExpressions(std::move(exprs));
}

// Applies `rule` to the expressions of every operator of the tree, bottom-up.
template <class Rule>
PlanPtr transformAllExpressions(const PlanPtr& plan, const Rule& rule) {
  return transformUp(plan, [&](const PlanPtr& node) { return transformExpressionsUp(node, rule); });
}

}  // namespace planck
