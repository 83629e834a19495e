// The physical join operators, with Spark's names and EXPLAIN lines. Every join keeps the output
// of the logical join it implements (left then right columns, made nullable by outer joins; the
// left columns only for semi and anti joins).
#pragma once

#include <string>
#include <vector>

#include "logical/operators.h"
#include "physical/physical_plan.h"

namespace planck {

// Which input a hash join or nested loop join builds its table from (Spark's BuildSide).
enum class BuildSide : uint8_t { kLeft, kRight };
std::string_view buildSideName(BuildSide side);  // BuildLeft, BuildRight

// What every join holds: the type, the condition beyond the keys (nullptr: none) and the output.
struct JoinSpec {
  JoinType type;
  ExprPtr condition;
  Attributes output;
};

// Shared base of the joins: the spec, children left and right, FORMATTED parameters.
template <class Derived, PhysicalKind K>
class JoinExec : public ExecNode<Derived, K> {
 public:
  JoinExec(JoinSpec spec, PhysicalPtr left, PhysicalPtr right)
      : ExecNode<Derived, K>({std::move(left), std::move(right)}), spec_(std::move(spec)) {}
  JoinType joinType() const { return spec_.type; }
  const ExprPtr& condition() const { return spec_.condition; }
  const PhysicalPtr& left() const { return this->child(0); }
  const PhysicalPtr& right() const { return this->child(1); }

 protected:
  Attributes computeOutput() const override { return spec_.output; }

  JoinSpec spec_;
};

// Shared base of the three equi-joins: the keys, matched by position.
template <class Derived, PhysicalKind K>
class EquiJoinExec : public JoinExec<Derived, K> {
 public:
  EquiJoinExec(std::vector<ExprPtr> left_keys, std::vector<ExprPtr> right_keys, JoinSpec spec,
               PhysicalPtr left, PhysicalPtr right)
      : JoinExec<Derived, K>(std::move(spec), std::move(left), std::move(right)),
        left_keys_(std::move(left_keys)),
        right_keys_(std::move(right_keys)) {}
  const std::vector<ExprPtr>& leftKeys() const { return left_keys_; }
  const std::vector<ExprPtr>& rightKeys() const { return right_keys_; }
  std::vector<NodeParam> params() const override;
  std::vector<ExprPtr> expressions() const override;

 protected:
  // `[l#1], [r#2], Inner`: the start of the EXPLAIN line every equi-join shares.
  std::string keysText() const;

  std::vector<ExprPtr> left_keys_;
  std::vector<ExprPtr> right_keys_;
};

// Broadcasts the build side as a hash table to every task of the other side:
// `BroadcastHashJoin [k#1], [k#2], Inner, BuildRight, false`. The last flag is Spark's
// isNullAwareAntiJoin (NOT IN: a NULL key on either side empties or filters the result).
class BroadcastHashJoinExec final
    : public EquiJoinExec<BroadcastHashJoinExec, PhysicalKind::kBroadcastHashJoin> {
 public:
  BroadcastHashJoinExec(std::vector<ExprPtr> left_keys, std::vector<ExprPtr> right_keys,
                        JoinSpec spec, BuildSide build_side, bool null_aware, PhysicalPtr left,
                        PhysicalPtr right)
      : EquiJoinExec(std::move(left_keys), std::move(right_keys), std::move(spec), std::move(left),
                     std::move(right)),
        build_side_(build_side),
        null_aware_(null_aware) {}
  BuildSide buildSide() const { return build_side_; }
  bool isNullAwareAntiJoin() const { return null_aware_; }
  std::string_view nodeName() const override { return "BroadcastHashJoin"; }
  Partitioning outputPartitioning() const override;
  std::vector<ExprPtr> outputOrdering() const override;
  std::vector<Distribution> requiredChildDistribution() const override;
  std::string simpleString() const override;

 private:
  BuildSide build_side_;
  bool null_aware_;
};

// Hash join of co-partitioned inputs, building a table per partition:
// `ShuffledHashJoin [k#1], [k#2], Inner, BuildRight`.
class ShuffledHashJoinExec final
    : public EquiJoinExec<ShuffledHashJoinExec, PhysicalKind::kShuffledHashJoin> {
 public:
  ShuffledHashJoinExec(std::vector<ExprPtr> left_keys, std::vector<ExprPtr> right_keys,
                       JoinSpec spec, BuildSide build_side, PhysicalPtr left, PhysicalPtr right)
      : EquiJoinExec(std::move(left_keys), std::move(right_keys), std::move(spec), std::move(left),
                     std::move(right)),
        build_side_(build_side) {}
  BuildSide buildSide() const { return build_side_; }
  std::string_view nodeName() const override { return "ShuffledHashJoin"; }
  Partitioning outputPartitioning() const override;
  std::vector<ExprPtr> outputOrdering() const override;
  std::vector<Distribution> requiredChildDistribution() const override;
  std::string simpleString() const override;

 private:
  BuildSide build_side_;
};

// Merge join of co-partitioned inputs sorted on their keys: `SortMergeJoin [k#1], [k#2], Inner`.
class SortMergeJoinExec final
    : public EquiJoinExec<SortMergeJoinExec, PhysicalKind::kSortMergeJoin> {
 public:
  using EquiJoinExec::EquiJoinExec;
  std::string_view nodeName() const override { return "SortMergeJoin"; }
  Partitioning outputPartitioning() const override;
  std::vector<ExprPtr> outputOrdering() const override;
  std::vector<Distribution> requiredChildDistribution() const override;
  std::vector<std::vector<ExprPtr>> requiredChildOrdering() const override;
  std::string simpleString() const override;
};

// Whether `node` is a sort-merge or shuffled hash join that adaptive execution's
// OptimizeSkewedJoin made read a skewed partition split (an AQEShuffleRead with skewed specs
// below it, through its Sort): `SortMergeJoin(skew=true)`, whose output is not clustered by key.
bool isSkewJoin(const PhysicalPlan& node);

// Every pair of rows, the build side broadcast: `BroadcastNestedLoopJoin BuildRight, LeftAnti,
// (cond)`. For joins without equi-keys, and the last resort of every join type.
class BroadcastNestedLoopJoinExec final
    : public JoinExec<BroadcastNestedLoopJoinExec, PhysicalKind::kBroadcastNestedLoopJoin> {
 public:
  BroadcastNestedLoopJoinExec(JoinSpec spec, BuildSide build_side, PhysicalPtr left,
                              PhysicalPtr right)
      : JoinExec(std::move(spec), std::move(left), std::move(right)), build_side_(build_side) {}
  BuildSide buildSide() const { return build_side_; }
  std::string_view nodeName() const override { return "BroadcastNestedLoopJoin"; }
  Partitioning outputPartitioning() const override;
  std::vector<Distribution> requiredChildDistribution() const override;
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;
  std::vector<ExprPtr> expressions() const override;

 private:
  BuildSide build_side_;
};

// Every pair of partitions joined (inner joins only): `CartesianProduct (cond)`.
class CartesianProductExec final
    : public JoinExec<CartesianProductExec, PhysicalKind::kCartesianProduct> {
 public:
  using JoinExec::JoinExec;
  std::string_view nodeName() const override { return "CartesianProduct"; }
  Partitioning outputPartitioning() const override;
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;
  std::vector<ExprPtr> expressions() const override;
};

}  // namespace planck
