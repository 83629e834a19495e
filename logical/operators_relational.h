// Joins, aggregation, sorting, limits, windows and set operations. Included from operators.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "logical/operators.h"

namespace planck {

// The join types; names as Spark prints them (Inner, LeftOuter, ...).
enum class JoinType : uint8_t {
  kInner,
  kCross,
  kLeftOuter,
  kRightOuter,
  kFullOuter,
  kLeftSemi,
  kLeftAnti
};

std::string_view joinTypeName(JoinType type);
// Whether the join's output includes the right side's columns.
inline bool outputsRight(JoinType type) {
  return type != JoinType::kLeftSemi && type != JoinType::kLeftAnti;
}

// A join strategy hint on one side, from /*+ BROADCAST(t) */ and friends.
enum class JoinStrategyHint : uint8_t {
  kNone,
  kBroadcast,
  kShuffleMerge,
  kShuffleHash,
  kShuffleReplicateNl,
  // Set only by adaptive execution's DynamicJoinSelection (not a hint a query can write):
  kNoBroadcastHash,   // this side is not broadcast by size
  kPreferShuffleHash  // this side is built into a shuffled hash join when it can be
};
std::string_view hintName(JoinStrategyHint hint);
// The strategy a hint name asks for, accepting Spark's aliases (MAPJOIN, MERGEJOIN, ...).
std::optional<JoinStrategyHint> parseJoinHint(std::string_view name);

// Hints for the two sides of a join.
struct JoinHint {
  JoinStrategyHint left = JoinStrategyHint::kNone;
  JoinStrategyHint right = JoinStrategyHint::kNone;
  bool empty() const { return left == JoinStrategyHint::kNone && right == JoinStrategyHint::kNone; }
  bool operator==(const JoinHint&) const = default;
};

// Joins two inputs: Join Inner, (a#1 = b#2). Before analysis, USING and NATURAL joins keep
// their column list here and have no condition.
class Join final : public PlanNode<Join, PlanKind::kJoin> {
 public:
  Join(PlanPtr left, PlanPtr right, JoinType type, ExprPtr condition, JoinHint hint = {})
      : PlanNode({std::move(left), std::move(right)}),
        type_(type),
        condition_(std::move(condition)),
        hint_(hint) {}
  // An unresolved USING (cols) or NATURAL join.
  static PlanPtr makeUsing(PlanPtr left, PlanPtr right, JoinType type,
                           std::vector<std::string> using_columns, bool natural);

  const PlanPtr& left() const { return child(0); }
  const PlanPtr& right() const { return child(1); }
  JoinType joinType() const { return type_; }
  // The join condition, or nullptr for none.
  const ExprPtr& condition() const { return condition_; }
  const JoinHint& hint() const { return hint_; }
  bool isUsing() const { return is_using_; }
  bool isNatural() const { return natural_; }
  const std::vector<std::string>& usingColumns() const { return using_columns_; }

  std::string_view nodeName() const override { return "Join"; }
  Attributes computeOutput() const override;
  std::vector<NodeParam> params() const override;
  std::vector<ExprPtr> expressions() const override;
  bool computeResolved() const override { return !is_using_ && LogicalPlan::computeResolved(); }
  PlanPtr withHint(JoinHint hint) const;

 protected:
  PlanPtr copyWithExpressions(std::vector<ExprPtr> expressions) const override;

 private:
  JoinType type_;
  ExprPtr condition_;
  JoinHint hint_;
  bool is_using_ = false;
  bool natural_ = false;
  std::vector<std::string> using_columns_;
};

// ROLLUP, CUBE or GROUPING SETS as written, kept until the analyzer expands them.
struct GroupingAnalytics {
  std::string kind;                    // "rollup", "cube" or "groupingsets"
  std::vector<std::vector<int>> sets;  // each set as indices into the grouping expressions
  bool operator==(const GroupingAnalytics&) const = default;
};

// Groups rows and computes aggregates: Aggregate [k#1], [k#1, sum(v#2) AS s#3].
class Aggregate final : public PlanNode<Aggregate, PlanKind::kAggregate> {
 public:
  Aggregate(std::vector<ExprPtr> grouping, std::vector<ExprPtr> aggregates, PlanPtr child,
            std::optional<GroupingAnalytics> analytics = std::nullopt)
      : PlanNode({std::move(child)}),
        grouping_(std::move(grouping)),
        aggregates_(std::move(aggregates)),
        analytics_(std::move(analytics)) {}

  const std::vector<ExprPtr>& groupingExpressions() const { return grouping_; }
  const std::vector<ExprPtr>& aggregateExpressions() const { return aggregates_; }
  const std::optional<GroupingAnalytics>& groupingAnalytics() const { return analytics_; }

  std::string_view nodeName() const override { return "Aggregate"; }
  Attributes computeOutput() const override;
  std::vector<NodeParam> params() const override;
  std::vector<ExprPtr> expressions() const override;
  bool computeResolved() const override { return !analytics_ && LogicalPlan::computeResolved(); }

 protected:
  PlanPtr copyWithExpressions(std::vector<ExprPtr> expressions) const override;

 private:
  std::vector<ExprPtr> grouping_;
  std::vector<ExprPtr> aggregates_;
  std::optional<GroupingAnalytics> analytics_;
};

// Emits each input row once per projection (grouping sets): Expand [[a#1, null, 1], ...].
class Expand final : public PlanNode<Expand, PlanKind::kExpand> {
 public:
  Expand(std::vector<std::vector<ExprPtr>> projections, Attributes output, PlanPtr child)
      : PlanNode({std::move(child)}),
        projections_(std::move(projections)),
        output_(std::move(output)) {}
  const std::vector<std::vector<ExprPtr>>& projections() const { return projections_; }
  std::string_view nodeName() const override { return "Expand"; }
  Attributes computeOutput() const override { return output_; }
  std::vector<NodeParam> params() const override;
  std::vector<ExprPtr> expressions() const override;

 protected:
  PlanPtr copyWithExpressions(std::vector<ExprPtr> expressions) const override;

 private:
  std::vector<std::vector<ExprPtr>> projections_;
  Attributes output_;
};

// Orders rows: Sort [a#1 ASC NULLS FIRST], true. `global` is false for per-partition sorts.
class Sort final : public PlanNode<Sort, PlanKind::kSort> {
 public:
  Sort(std::vector<ExprPtr> order, bool global, PlanPtr child)
      : PlanNode({std::move(child)}), order_(std::move(order)), global_(global) {}
  const std::vector<ExprPtr>& order() const { return order_; }
  bool global() const { return global_; }
  std::string_view nodeName() const override { return "Sort"; }
  Attributes computeOutput() const override { return child(0)->output(); }
  std::vector<NodeParam> params() const override {
    return {{"order", order_}, {"global", global_}};
  }
  std::vector<ExprPtr> expressions() const override { return order_; }

 protected:
  PlanPtr copyWithExpressions(std::vector<ExprPtr> expressions) const override;

 private:
  std::vector<ExprPtr> order_;
  bool global_;
};

// Shared shape of GlobalLimit, LocalLimit and Offset: one count expression.
template <class Derived, PlanKind K>
class CountOperator : public PlanNode<Derived, K> {
 public:
  CountOperator(ExprPtr count, PlanPtr child)
      : PlanNode<Derived, K>({std::move(child)}), count_(std::move(count)) {}
  const ExprPtr& count() const { return count_; }
  Attributes computeOutput() const override { return this->child(0)->output(); }
  std::vector<NodeParam> params() const override { return {{"count", count_}}; }
  std::vector<ExprPtr> expressions() const override { return {count_}; }

 protected:
  PlanPtr copyWithExpressions(std::vector<ExprPtr> expressions) const override {
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    static_cast<CountOperator*>(copy.get())->count_ = std::move(expressions[0]);
    return copy;
  }

 private:
  ExprPtr count_;
};

// LIMIT n over the whole result (Spark splits LIMIT into GlobalLimit over LocalLimit).
class GlobalLimit final : public CountOperator<GlobalLimit, PlanKind::kGlobalLimit> {
 public:
  using CountOperator::CountOperator;
  std::string_view nodeName() const override { return "GlobalLimit"; }
};

// LIMIT n within each partition.
class LocalLimit final : public CountOperator<LocalLimit, PlanKind::kLocalLimit> {
 public:
  using CountOperator::CountOperator;
  std::string_view nodeName() const override { return "LocalLimit"; }
};

// OFFSET n: skips the first n rows.
class Offset final : public CountOperator<Offset, PlanKind::kOffset> {
 public:
  using CountOperator::CountOperator;
  std::string_view nodeName() const override { return "Offset"; }
};

// Computes window functions over partitions: Window [rank() ... AS r#5], [p#1], [o#2 ASC ...].
class Window final : public PlanNode<Window, PlanKind::kWindow> {
 public:
  Window(std::vector<ExprPtr> window_expressions, std::vector<ExprPtr> partition_spec,
         std::vector<ExprPtr> order_spec, PlanPtr child)
      : PlanNode({std::move(child)}),
        window_expressions_(std::move(window_expressions)),
        partition_spec_(std::move(partition_spec)),
        order_spec_(std::move(order_spec)) {}
  const std::vector<ExprPtr>& windowExpressions() const { return window_expressions_; }
  const std::vector<ExprPtr>& partitionSpec() const { return partition_spec_; }
  const std::vector<ExprPtr>& orderSpec() const { return order_spec_; }
  std::string_view nodeName() const override { return "Window"; }
  Attributes computeOutput() const override;
  std::vector<NodeParam> params() const override;
  std::vector<ExprPtr> expressions() const override;

 protected:
  PlanPtr copyWithExpressions(std::vector<ExprPtr> expressions) const override;

 private:
  std::vector<ExprPtr> window_expressions_;
  std::vector<ExprPtr> partition_spec_;
  std::vector<ExprPtr> order_spec_;
};

// UNION ALL of any number of inputs (UNION DISTINCT is Distinct over Union, as in Spark).
class Union final : public PlanNode<Union, PlanKind::kUnion> {
 public:
  explicit Union(std::vector<PlanPtr> children) : PlanNode(std::move(children)) {}
  std::string_view nodeName() const override { return "Union"; }
  // The first input's columns; nullable where any input's column is.
  Attributes computeOutput() const override;
  std::vector<NodeParam> params() const override {
    return {{"byName", false}, {"allowMissingCol", false}};
  }
};

// Shared shape of INTERSECT and EXCEPT.
template <class Derived, PlanKind K>
class SetOperation : public PlanNode<Derived, K> {
 public:
  SetOperation(PlanPtr left, PlanPtr right, bool all)
      : PlanNode<Derived, K>({std::move(left), std::move(right)}), all_(all) {}
  bool isAll() const { return all_; }
  Attributes computeOutput() const override { return this->child(0)->output(); }
  std::vector<NodeParam> params() const override { return {{"isAll", all_}}; }

 private:
  bool all_;
};

class Intersect final : public SetOperation<Intersect, PlanKind::kIntersect> {
 public:
  using SetOperation::SetOperation;
  std::string_view nodeName() const override { return "Intersect"; }
  // A column is nullable only when it is nullable on both sides.
  Attributes computeOutput() const override;
};

class Except final : public SetOperation<Except, PlanKind::kExcept> {
 public:
  using SetOperation::SetOperation;
  std::string_view nodeName() const override { return "Except"; }
};

// Removes duplicate rows.
class Distinct final : public PlanNode<Distinct, PlanKind::kDistinct> {
 public:
  explicit Distinct(PlanPtr child) : PlanNode({std::move(child)}) {}
  std::string_view nodeName() const override { return "Distinct"; }
  Attributes computeOutput() const override { return child(0)->output(); }
  std::vector<NodeParam> params() const override { return {}; }
};

// A subtree marked by a join hint: ResolvedHint (strategy=broadcast).
class ResolvedHint final : public PlanNode<ResolvedHint, PlanKind::kResolvedHint> {
 public:
  ResolvedHint(JoinStrategyHint hint, PlanPtr child) : PlanNode({std::move(child)}), hint_(hint) {}
  JoinStrategyHint hint() const { return hint_; }
  std::string_view nodeName() const override { return "ResolvedHint"; }
  Attributes computeOutput() const override { return child(0)->output(); }
  std::vector<NodeParam> params() const override;

 private:
  JoinStrategyHint hint_;
};

// What a query stage of adaptive execution observed when it ran: the rows and bytes of its
// output (Spark's runtime Statistics, isRuntime = true).
struct ObservedStatistics {
  int64_t rows = 0;
  int64_t bytes = 0;
  // Whether rows == 0 means the stage's part of the plan produces no rows: it is the stage
  // itself, or a grouped aggregate right over it (Spark's AQEPropagateEmptyRelation).
  bool empty_is_exact = false;
};

// A part of the plan that adaptive execution has already planned and, once its query stage has
// run, measured (Spark's LogicalQueryStage): the re-optimizer sees a leaf whose statistics are
// the observed ones, and the planner turns it back into `physical`, the physical plan that
// computes it. `physical` is opaque here because logical/ comes before physical/ (it holds a
// physical/ PhysicalPlan); adaptive/ and the planner's strategy cast it back.
// `LogicalQueryStage Aggregate [...], ShuffleQueryStage 2`.
class LogicalQueryStage final : public PlanNode<LogicalQueryStage, PlanKind::kLogicalQueryStage> {
 public:
  LogicalQueryStage(PlanPtr logical, std::shared_ptr<const void> physical,
                    std::string physical_name, std::optional<ObservedStatistics> observed)
      : logical_(std::move(logical)),
        physical_(std::move(physical)),
        physical_name_(std::move(physical_name)),
        observed_(observed) {}
  // The logical plan the stage replaced.
  const PlanPtr& logical() const { return logical_; }
  const std::shared_ptr<const void>& physical() const { return physical_; }
  // Unset while the stage has not run (a stage below the node, but not all of it, has).
  const std::optional<ObservedStatistics>& observed() const { return observed_; }
  std::string_view nodeName() const override { return "LogicalQueryStage"; }
  Attributes computeOutput() const override { return logical_->output(); }
  std::vector<NodeParam> params() const override;

 private:
  PlanPtr logical_;
  std::shared_ptr<const void> physical_;
  std::string physical_name_;  // the physical root's EXPLAIN name, for params()
  std::optional<ObservedStatistics> observed_;
};

}  // namespace planck
