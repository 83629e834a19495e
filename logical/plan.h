// LogicalPlan: the base of every logical operator, and NodeParam, the ordered parameters
// through which renderers (explain/), equality and plan diffs see an operator.
#pragma once

#include <atomic>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/base/call_once.h"
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
  kLogicalQueryStage,
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
  LogicalPlan() = default;
  explicit LogicalPlan(std::vector<PlanPtr> children) : TreeNode(std::move(children)) {}
  // A copy starts with empty caches: its children may differ.
  LogicalPlan(const LogicalPlan& other) : TreeNode(other) {}

  virtual PlanKind kind() const = 0;
  // Spark's operator name: Project, Filter, Join, Aggregate, SubqueryAlias, ...
  virtual std::string_view nodeName() const = 0;
  // The columns this operator produces (computed once per node).
  const Attributes& output() const {
    // absl::call_once, not std::call_once: glibc's pthread_once behind the latter makes a futex
    // system call on every first call, which was 13% of analysis time.
    absl::call_once(output_once_, [this] { output_ = computeOutput(); });
    return output_;
  }
  // The operator's parameters, in the order EXPLAIN prints them.
  virtual std::vector<NodeParam> params() const = 0;

  // Every expression this operator holds, in a fixed order.
  virtual std::vector<ExprPtr> expressions() const { return {}; }
  // This operator with its expressions replaced; `expressions` has the order and length of
  // expressions(). The same pointer when nothing changed.
  PlanPtr withNewExpressions(std::vector<ExprPtr> expressions) const;

  // Whether every name below and in this operator is bound (computed once per node).
  bool resolved() const {
    int8_t cached = resolved_.load(std::memory_order_relaxed);
    if (cached < 0) {
      cached = computeResolved() ? 1 : 0;
      resolved_.store(cached, std::memory_order_relaxed);
    }
    return cached == 1;
  }
  bool childrenResolved() const;
  // Whether this operator is one of the forms only the parser produces.
  virtual bool isUnresolvedForm() const { return false; }

  // Structural equality: same kind, equal parameters, equal children.
  bool equals(const LogicalPlan& other) const;
  size_t hash() const;

  // The output attributes of all children, concatenated.
  Attributes childrenOutput() const;

 protected:
  // Implemented by operators that hold expressions; `expressions` differ from expressions().
  virtual PlanPtr copyWithExpressions(std::vector<ExprPtr> expressions) const;
  virtual Attributes computeOutput() const = 0;
  // Default: no unresolved form, children and expressions resolved.
  virtual bool computeResolved() const;

 private:
  // Nodes are immutable, so output and resolution never change once computed.
  mutable absl::once_flag output_once_;
  mutable Attributes output_;
  mutable std::atomic<int8_t> resolved_{-1};
  mutable std::atomic<size_t> hash_{0};
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
