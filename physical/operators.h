// The physical operators of one input or none: scans, filters, projections, aggregation,
// sorting, limits, unions, Expand and windows, with Spark's names and EXPLAIN lines. Joins are
// in join_operators.h, exchanges in exchange_operators.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "logical/value.h"
#include "physical/physical_plan.h"

namespace planck {

// Reads a catalog table: `Scan lineitem[l_orderkey#1,l_quantity#5] PushedFilters: [...]`.
// `output` holds only the columns the query reads (ColumnPruning). The pushed filters are the
// conjuncts of the Filter right above the scan that read only the scan's columns; the FilterExec
// stays above the scan (as Spark shows them on FileSourceScanExec): a source may use them to
// skip data, but the filter above is what guarantees them.
class ScanExec final : public ExecNode<ScanExec, PhysicalKind::kScan> {
 public:
  ScanExec(std::string table_name, Attributes output, std::vector<ExprPtr> pushed_filters)
      : table_name_(std::move(table_name)),
        output_(std::move(output)),
        pushed_filters_(std::move(pushed_filters)) {}
  const std::string& tableName() const { return table_name_; }
  const std::vector<ExprPtr>& pushedFilters() const { return pushed_filters_; }
  std::string_view nodeName() const override { return "Scan"; }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;
  std::vector<ExprPtr> expressions() const override { return pushed_filters_; }

 protected:
  Attributes computeOutput() const override { return output_; }

 private:
  std::string table_name_;
  Attributes output_;
  std::vector<ExprPtr> pushed_filters_;
};

// Constant rows (the ValuesExec; Spark's LocalTableScanExec, whose name EXPLAIN
// shows): from VALUES, and one empty row for a SELECT without FROM (OneRowRelation).
class LocalTableScanExec final
    : public ExecNode<LocalTableScanExec, PhysicalKind::kLocalTableScan> {
 public:
  LocalTableScanExec(Attributes output, std::vector<std::vector<Value>> rows)
      : output_(std::move(output)), rows_(std::move(rows)) {}
  const std::vector<std::vector<Value>>& rows() const { return rows_; }
  std::string_view nodeName() const override { return "LocalTableScan"; }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;

 protected:
  Attributes computeOutput() const override { return output_; }

 private:
  Attributes output_;
  std::vector<std::vector<Value>> rows_;
};

// Keeps the rows where the condition is true: `Filter (a#1 > 1)`.
class FilterExec final : public ExecNode<FilterExec, PhysicalKind::kFilter> {
 public:
  FilterExec(ExprPtr condition, PhysicalPtr child)
      : ExecNode({std::move(child)}), condition_(std::move(condition)) {}
  const ExprPtr& condition() const { return condition_; }
  std::string_view nodeName() const override { return "Filter"; }
  std::vector<ExprPtr> outputOrdering() const override { return child(0)->outputOrdering(); }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override { return "Filter " + condition_->toString(); }
  std::vector<ExprPtr> expressions() const override { return {condition_}; }

 protected:
  Attributes computeOutput() const override { return child(0)->output(); }

 private:
  ExprPtr condition_;
};

// Computes named expressions per row: `Project [a#1, (b#2 + 1) AS c#3]`.
class ProjectExec final : public ExecNode<ProjectExec, PhysicalKind::kProject> {
 public:
  ProjectExec(std::vector<ExprPtr> project_list, PhysicalPtr child)
      : ExecNode({std::move(child)}), project_list_(std::move(project_list)) {}
  const std::vector<ExprPtr>& projectList() const { return project_list_; }
  std::string_view nodeName() const override { return "Project"; }
  Partitioning outputPartitioning() const override;
  std::vector<ExprPtr> outputOrdering() const override;
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override { return "Project " + bracketed(project_list_); }
  std::vector<ExprPtr> expressions() const override { return project_list_; }

 protected:
  Attributes computeOutput() const override;

 private:
  std::vector<ExprPtr> project_list_;
};

// How an aggregate function is computed in one HashAggregate (Spark's AggregateMode): Partial
// turns input rows into buffers, PartialMerge merges buffers into buffers, Final merges buffers
// into results, Complete turns input rows into results.
enum class AggregateMode : uint8_t { kPartial, kPartialMerge, kFinal, kComplete };

// One aggregate function of a HashAggregate, with the columns of its buffer (Spark's
// aggBufferAttributes: sum -> [sum], avg -> [sum, count]) and of its result. The partial and
// the final aggregation of one function share these attributes: the partial one outputs the
// buffer columns, the final one reads them.
struct AggregateCall {
  ExprPtr function;  // an AggregateExpression
  AggregateMode mode;
  Attributes buffer;
  AttributePtr result;
  // `partial_sum(x#1)`, `merge_sum(x#1)`, `sum(x#1)`: as Spark prints it in this mode.
  std::string toString() const;
};

// Hash aggregation: `HashAggregate(keys=[k#1], functions=[partial_sum(v#2)])`. Output: the
// grouping columns and the buffers (partial, merge) or `results` (final, complete).
class HashAggregateExec final : public ExecNode<HashAggregateExec, PhysicalKind::kHashAggregate> {
 public:
  // `required_distribution`: the keys the input must be clustered on (empty: all rows in one
  // partition; nullopt: none, for a partial aggregation).
  HashAggregateExec(std::optional<std::vector<ExprPtr>> required_distribution,
                    std::vector<ExprPtr> grouping, std::vector<AggregateCall> aggregates,
                    std::vector<ExprPtr> results, PhysicalPtr child)
      : ExecNode({std::move(child)}),
        required_distribution_(std::move(required_distribution)),
        grouping_(std::move(grouping)),
        aggregates_(std::move(aggregates)),
        results_(std::move(results)) {}
  const std::optional<std::vector<ExprPtr>>& requiredDistributionExpressions() const {
    return required_distribution_;
  }
  // The grouping keys as named expressions over the input (attributes or aliases).
  const std::vector<ExprPtr>& grouping() const { return grouping_; }
  const std::vector<AggregateCall>& aggregates() const { return aggregates_; }
  // The output, as named expressions over the grouping attributes and the aggregate results
  // (or buffers).
  const std::vector<ExprPtr>& results() const { return results_; }
  std::string_view nodeName() const override { return "HashAggregate"; }
  Partitioning outputPartitioning() const override;
  std::vector<Distribution> requiredChildDistribution() const override;
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;
  std::vector<ExprPtr> expressions() const override;

 protected:
  Attributes computeOutput() const override;

 private:
  std::optional<std::vector<ExprPtr>> required_distribution_;
  std::vector<ExprPtr> grouping_;
  std::vector<AggregateCall> aggregates_;
  std::vector<ExprPtr> results_;
};

// Sorts rows: `Sort [a#1 ASC NULLS FIRST], true, 0`. A global sort needs its input range
// partitioned on the order; a local one sorts each partition (for a sort-merge join, a window).
class SortExec final : public ExecNode<SortExec, PhysicalKind::kSort> {
 public:
  SortExec(std::vector<ExprPtr> order, bool global, PhysicalPtr child)
      : ExecNode({std::move(child)}), order_(std::move(order)), global_(global) {}
  const std::vector<ExprPtr>& order() const { return order_; }
  bool global() const { return global_; }
  std::string_view nodeName() const override { return "Sort"; }
  std::vector<ExprPtr> outputOrdering() const override { return order_; }
  std::vector<Distribution> requiredChildDistribution() const override;
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;
  std::vector<ExprPtr> expressions() const override { return order_; }

 protected:
  Attributes computeOutput() const override { return child(0)->output(); }

 private:
  std::vector<ExprPtr> order_;
  bool global_;
};

// ORDER BY ... LIMIT n as a top-n: each partition keeps its n first rows, then one task merges
// them. `TakeOrderedAndProject(limit=10, orderBy=[..], output=[..])`. Its output is one
// partition (the shuffle to one task is part of the operator, as in Spark).
class TakeOrderedAndProjectExec final
    : public ExecNode<TakeOrderedAndProjectExec, PhysicalKind::kTakeOrderedAndProject> {
 public:
  TakeOrderedAndProjectExec(int64_t limit, std::vector<ExprPtr> order,
                            std::vector<ExprPtr> project_list, PhysicalPtr child)
      : ExecNode({std::move(child)}),
        limit_(limit),
        order_(std::move(order)),
        project_list_(std::move(project_list)) {}
  int64_t limit() const { return limit_; }
  const std::vector<ExprPtr>& order() const { return order_; }
  const std::vector<ExprPtr>& projectList() const { return project_list_; }
  std::string_view nodeName() const override { return "TakeOrderedAndProject"; }
  Partitioning outputPartitioning() const override { return Partitioning::single(); }
  std::vector<ExprPtr> outputOrdering() const override { return order_; }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;
  std::vector<ExprPtr> expressions() const override;

 protected:
  Attributes computeOutput() const override;

 private:
  int64_t limit_;
  std::vector<ExprPtr> order_;
  std::vector<ExprPtr> project_list_;
};

// The first n rows of each partition: `LocalLimit 10`.
class LocalLimitExec final : public ExecNode<LocalLimitExec, PhysicalKind::kLocalLimit> {
 public:
  LocalLimitExec(int64_t limit, PhysicalPtr child) : ExecNode({std::move(child)}), limit_(limit) {}
  int64_t limit() const { return limit_; }
  std::string_view nodeName() const override { return "LocalLimit"; }
  std::vector<ExprPtr> outputOrdering() const override { return child(0)->outputOrdering(); }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override { return "LocalLimit " + std::to_string(limit_); }

 protected:
  Attributes computeOutput() const override { return child(0)->output(); }

 private:
  int64_t limit_;
};

// The first `limit` rows after skipping `offset`, over one partition: `GlobalLimit 10, 0`.
// A limit of -1 means none (a bare OFFSET).
class GlobalLimitExec final : public ExecNode<GlobalLimitExec, PhysicalKind::kGlobalLimit> {
 public:
  GlobalLimitExec(int64_t limit, int64_t offset, PhysicalPtr child)
      : ExecNode({std::move(child)}), limit_(limit), offset_(offset) {}
  int64_t limit() const { return limit_; }
  int64_t offset() const { return offset_; }
  std::string_view nodeName() const override { return "GlobalLimit"; }
  std::vector<ExprPtr> outputOrdering() const override { return child(0)->outputOrdering(); }
  std::vector<Distribution> requiredChildDistribution() const override {
    return {Distribution::allTuples()};
  }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;

 protected:
  Attributes computeOutput() const override { return child(0)->output(); }

 private:
  int64_t limit_;
  int64_t offset_;
};

// LIMIT n at the root of a query (Spark's SpecialLimits): each partition's first rows, then the
// first n of those in one task: `CollectLimit 10`. One output partition.
class CollectLimitExec final : public ExecNode<CollectLimitExec, PhysicalKind::kCollectLimit> {
 public:
  CollectLimitExec(int64_t limit, PhysicalPtr child)
      : ExecNode({std::move(child)}), limit_(limit) {}
  int64_t limit() const { return limit_; }
  std::string_view nodeName() const override { return "CollectLimit"; }
  Partitioning outputPartitioning() const override { return Partitioning::single(); }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override { return "CollectLimit " + std::to_string(limit_); }

 protected:
  Attributes computeOutput() const override { return child(0)->output(); }

 private:
  int64_t limit_;
};

// UNION ALL: the partitions of every input, one after the other: `Union`.
class UnionExec final : public ExecNode<UnionExec, PhysicalKind::kUnion> {
 public:
  UnionExec(Attributes output, std::vector<PhysicalPtr> children)
      : ExecNode(std::move(children)), output_(std::move(output)) {}
  std::string_view nodeName() const override { return "Union"; }
  Partitioning outputPartitioning() const override;
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override { return "Union"; }

 protected:
  Attributes computeOutput() const override { return output_; }

 private:
  Attributes output_;
};

// Each input row once per projection: `Expand [[a#1, null, 0], [..]], [a#5, b#6, gid#7]`.
class ExpandExec final : public ExecNode<ExpandExec, PhysicalKind::kExpand> {
 public:
  ExpandExec(std::vector<std::vector<ExprPtr>> projections, Attributes output, PhysicalPtr child)
      : ExecNode({std::move(child)}),
        projections_(std::move(projections)),
        output_(std::move(output)) {}
  const std::vector<std::vector<ExprPtr>>& projections() const { return projections_; }
  std::string_view nodeName() const override { return "Expand"; }
  // New columns: whatever the input's partitioning was, it is not in these terms.
  Partitioning outputPartitioning() const override { return Partitioning::unknown(0); }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;
  std::vector<ExprPtr> expressions() const override;

 protected:
  Attributes computeOutput() const override { return output_; }

 private:
  std::string paramTextOfLists() const;

  std::vector<std::vector<ExprPtr>> projections_;
  Attributes output_;
};

// Window functions over partitions of rows: `Window [rank(...) AS r#5], [p#1], [o#2 ASC ...]`.
// Needs its input clustered on the partition keys and sorted by them, then by the order.
class WindowExec final : public ExecNode<WindowExec, PhysicalKind::kWindow> {
 public:
  WindowExec(std::vector<ExprPtr> window_expressions, std::vector<ExprPtr> partition_spec,
             std::vector<ExprPtr> order_spec, PhysicalPtr child)
      : ExecNode({std::move(child)}),
        window_expressions_(std::move(window_expressions)),
        partition_spec_(std::move(partition_spec)),
        order_spec_(std::move(order_spec)) {}
  const std::vector<ExprPtr>& windowExpressions() const { return window_expressions_; }
  const std::vector<ExprPtr>& partitionSpec() const { return partition_spec_; }
  const std::vector<ExprPtr>& orderSpec() const { return order_spec_; }
  std::string_view nodeName() const override { return "Window"; }
  std::vector<ExprPtr> outputOrdering() const override { return child(0)->outputOrdering(); }
  std::vector<Distribution> requiredChildDistribution() const override;
  std::vector<std::vector<ExprPtr>> requiredChildOrdering() const override;
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;
  std::vector<ExprPtr> expressions() const override;

 protected:
  Attributes computeOutput() const override;

 private:
  std::vector<ExprPtr> window_expressions_;
  std::vector<ExprPtr> partition_spec_;
  std::vector<ExprPtr> order_spec_;
};

}  // namespace planck

#include "physical/codegen_operators.h"   // IWYU pragma: export
#include "physical/exchange_operators.h"  // IWYU pragma: export
#include "physical/join_operators.h"      // IWYU pragma: export
