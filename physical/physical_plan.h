// PhysicalPlan: the base of every physical operator (Spark's SparkPlan), on the generic tree
// API (logical/tree_node.h). A physical operator is plain data: what to compute, on which
// columns (expressions bound by ExprId to the children's output), how its output is partitioned
// and ordered, and what it requires of its children. Executing it is the runtime's business.
#pragma once

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/call_once.h"
#include "logical/expressions.h"
#include "logical/plan.h"
#include "physical/partitioning.h"

namespace planck {

class PhysicalPlan;
using PhysicalPtr = std::shared_ptr<const PhysicalPlan>;

// The kinds of physical operator; `as<T>()` tests against T::kKind.
enum class PhysicalKind : uint8_t {
  kScan,
  kLocalTableScan,
  kFilter,
  kProject,
  kHashAggregate,
  kSort,
  kTakeOrderedAndProject,
  kLocalLimit,
  kGlobalLimit,
  kCollectLimit,
  kBroadcastHashJoin,
  kShuffledHashJoin,
  kSortMergeJoin,
  kBroadcastNestedLoopJoin,
  kCartesianProduct,
  kUnion,
  kExpand,
  kWindow,
  kShuffleExchange,
  kBroadcastExchange,
  kReusedExchange,
  kWholeStageCodegen,
  kInputAdapter,
  kShuffleQueryStage,
  kBroadcastQueryStage,
  kAQEShuffleRead,
  kAdaptiveSparkPlan,
};

// Whether `kind` is one of the join operators.
inline bool isJoinKind(PhysicalKind kind) {
  switch (kind) {
    case PhysicalKind::kBroadcastHashJoin:
    case PhysicalKind::kShuffledHashJoin:
    case PhysicalKind::kSortMergeJoin:
    case PhysicalKind::kBroadcastNestedLoopJoin:
    case PhysicalKind::kCartesianProduct:
      return true;
    default:
      return false;
  }
}

// A physical operator. Immutable; see tree_node.h.
class PhysicalPlan : public TreeNode<PhysicalPlan> {
 public:
  PhysicalPlan() = default;
  explicit PhysicalPlan(std::vector<PhysicalPtr> children) : TreeNode(std::move(children)) {}
  // A copy starts with an empty output cache (its children may differ) and keeps the link.
  PhysicalPlan(const PhysicalPlan& other) : TreeNode(other), logical_link_(other.logical_link_) {}

  virtual PhysicalKind kind() const = 0;
  // The name EXPLAIN prints: Spark's operator name without `Exec` (HashAggregate, Exchange).
  virtual std::string_view nodeName() const = 0;
  // The columns this operator produces (computed once per node).
  const Attributes& output() const {
    absl::call_once(output_once_, [this] { output_ = computeOutput(); });
    return output_;
  }
  // How the output rows are spread over partitions. Default: as the only child's; unknown for
  // leaves and operators of several children.
  virtual Partitioning outputPartitioning() const;
  // The order of the rows within each partition (SortOrders); default: none.
  virtual std::vector<ExprPtr> outputOrdering() const { return {}; }
  // What each child's partitioning must satisfy; default: anything.
  virtual std::vector<Distribution> requiredChildDistribution() const {
    return std::vector<Distribution>(children_.size());
  }
  // The order each child's rows must have within a partition (SortOrders); default: none.
  virtual std::vector<std::vector<ExprPtr>> requiredChildOrdering() const {
    return std::vector<std::vector<ExprPtr>>(children_.size());
  }
  // The operator's details, labelled as EXPLAIN FORMATTED prints them (Keys, Condition, ...).
  virtual std::vector<NodeParam> params() const = 0;
  // The operator's line in EXPLAIN: `Filter (a#1 > 1)`, `Exchange hashpartitioning(...)`.
  virtual std::string simpleString() const = 0;
  // Every expression this operator evaluates, in a fixed order (for references and reuse).
  virtual std::vector<ExprPtr> expressions() const { return {}; }
  // Plans EXPLAIN prints below this operator that are not its children, so rewrites do not
  // descend into them (Spark's innerChildren): a query stage's exchange, an adaptive plan's plans.
  virtual std::vector<PhysicalPtr> innerChildren() const { return {}; }

  // The output attributes of all children, concatenated.
  Attributes childrenOutput() const;

  // The logical operator this one was planned from (Spark's logicalLink), or null for the
  // operators the preparation rules add (exchanges, sorts): where its estimates come from. The
  // planner sets it once, before the plan is shared.
  const PlanPtr& logicalLink() const { return logical_link_; }
  void setLogicalLink(PlanPtr logical) const { logical_link_ = std::move(logical); }

 protected:
  virtual Attributes computeOutput() const = 0;

 private:
  mutable absl::once_flag output_once_;
  mutable Attributes output_;
  mutable PlanPtr logical_link_;
};

// Shared base of the operators: kind and the copy helper.
template <class Derived, PhysicalKind K>
class ExecNode : public NodeCopy<Derived, PhysicalPlan> {
 public:
  static constexpr PhysicalKind kKind = K;
  using NodeCopy<Derived, PhysicalPlan>::NodeCopy;
  PhysicalKind kind() const override { return K; }
};

// `partitioning` of a child seen through a projection (Spark's AliasAwareOutputPartitioning):
// expressions the projection renames are rewritten to the new names; a partitioning whose
// expressions are not all available in `output` becomes unknown.
Partitioning projectPartitioning(const Partitioning& partitioning,
                                 const std::vector<ExprPtr>& project_list,
                                 const Attributes& output);
// The same for an ordering: kept up to the first sort key the projection does not keep.
std::vector<ExprPtr> projectOrdering(const std::vector<ExprPtr>& ordering,
                                     const std::vector<ExprPtr>& project_list,
                                     const Attributes& output);

// What EXPLAIN prints below `node`: its children, then its inner children (a query stage's
// exchange).
std::vector<PhysicalPtr> displayedChildren(const PhysicalPlan& node);

// `[a#1, b#2]`: a list of expressions as EXPLAIN prints it.
std::string bracketed(const std::vector<ExprPtr>& exprs);
// The attributes as expressions.
std::vector<ExprPtr> asExprs(const Attributes& attributes);

}  // namespace planck
