// The operators of adaptive query execution (Spark's AQE, adaptive/ runs it):
//
//   AdaptiveSparkPlanExec   the root of an adaptive query: `AdaptiveSparkPlan isFinalPlan=false`
//                           over the plan as first planned; after the run, `== Final Plan ==`
//                           and `== Initial Plan ==`;
//   ShuffleQueryStageExec   an exchange whose map stage has run (or is about to): a leaf that reads
//   BroadcastQueryStageExec its materialized output, `ShuffleQueryStage 2` / `BroadcastQueryStage 0`
//                           with the exchange printed below it (an inner child);
//   AQEShuffleReadExec      reads a shuffle query stage's output by other partitions than the
//                           exchange made: coalesced (adjacent partitions read by one task),
//                           skewed (a big partition split by map tasks), local (by map task).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "physical/physical_plan.h"

namespace planck {

// What a query stage materialized, and what adaptive execution re-plans from (Spark's
// MapOutputStatistics). The rows themselves are the runtime's (a subclass in runtime/): physical/
// only sees the sizes.
class StageOutput {
 public:
  virtual ~StageOutput() = default;

  // Per output partition (reducer) of the exchange; one entry for a broadcast.
  std::vector<int64_t> partition_rows;
  std::vector<int64_t> partition_bytes;
  // Bytes of each (reducer, map task) block: what a skewed partition is split by.
  std::vector<std::vector<int64_t>> block_bytes;

  int64_t rows() const;
  int64_t bytes() const;
  // Drops the rows (the statistics stay): once no stage still to run reads them.
  virtual void release() const {}
  int mapTasks() const {
    return block_bytes.empty() ? 0 : static_cast<int>(block_bytes.front().size());
  }
};

// The base of the two query stages: a leaf holding the exchange (`plan`, printed below it) and,
// once it has run, its output. Spark's QueryStageExec.
class QueryStageExec : public PhysicalPlan {
 public:
  QueryStageExec(int id, PhysicalPtr plan) : id_(id), plan_(std::move(plan)) {}
  // The stage id: `ShuffleQueryStage 2`, counted from 0 in the order stages are made.
  int id() const { return id_; }
  // The exchange (or a ReusedExchange of an exchange another stage ran).
  const PhysicalPtr& plan() const { return plan_; }
  // The exchange itself, through a reuse.
  const PhysicalPtr& exchange() const;
  std::vector<PhysicalPtr> innerChildren() const override { return {plan_}; }
  Partitioning outputPartitioning() const override { return plan_->outputPartitioning(); }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;

  // The materialized output; null until the stage has run. Set once, by adaptive execution,
  // before another stage or the final plan reads it.
  const std::shared_ptr<const StageOutput>& result() const { return result_; }
  void setResult(std::shared_ptr<const StageOutput> result) const { result_ = std::move(result); }

 protected:
  Attributes computeOutput() const override { return plan_->output(); }

 private:
  int id_;
  PhysicalPtr plan_;
  mutable std::shared_ptr<const StageOutput> result_;
};

class ShuffleQueryStageExec final
    : public NodeCopy<ShuffleQueryStageExec, QueryStageExec> {
 public:
  static constexpr PhysicalKind kKind = PhysicalKind::kShuffleQueryStage;
  using NodeCopy::NodeCopy;
  PhysicalKind kind() const override { return kKind; }
  std::string_view nodeName() const override { return "ShuffleQueryStage"; }
};

class BroadcastQueryStageExec final
    : public NodeCopy<BroadcastQueryStageExec, QueryStageExec> {
 public:
  static constexpr PhysicalKind kKind = PhysicalKind::kBroadcastQueryStage;
  using NodeCopy::NodeCopy;
  PhysicalKind kind() const override { return kKind; }
  std::string_view nodeName() const override { return "BroadcastQueryStage"; }
};

// The query stage `node` is, or null.
inline const QueryStageExec* asQueryStage(const PhysicalPlan& node) {
  if (node.kind() == PhysicalKind::kShuffleQueryStage ||
      node.kind() == PhysicalKind::kBroadcastQueryStage) {
    return static_cast<const QueryStageExec*>(&node);
  }
  return nullptr;
}

// Which blocks of a shuffle's output one task of an AQEShuffleRead reads (Spark's
// ShufflePartitionSpec). Reducer = output partition of the exchange, map = task of the map stage.
struct ShufflePartitionSpec {
  enum class Kind : uint8_t {
    kCoalesced,       // reducers [start_reducer, end_reducer), every map task's blocks
    kPartialReducer,  // reducer `start_reducer`, the blocks of map tasks [start_map, end_map)
    kPartialMapper,   // map task `start_map`, its blocks of reducers [start_reducer, end_reducer)
  };
  Kind kind = Kind::kCoalesced;
  int start_reducer = 0;
  int end_reducer = 0;
  int start_map = 0;
  int end_map = 0;
  int64_t bytes = 0;  // what the spec reads (for EXPLAIN ANALYZE and tests)

  static ShufflePartitionSpec coalesced(int start, int end, int64_t bytes) {
    return {Kind::kCoalesced, start, end, 0, 0, bytes};
  }
  static ShufflePartitionSpec partialReducer(int reducer, int start_map, int end_map,
                                             int64_t bytes) {
    return {Kind::kPartialReducer, reducer, reducer + 1, start_map, end_map, bytes};
  }
  static ShufflePartitionSpec partialMapper(int map, int start_reducer, int end_reducer,
                                            int64_t bytes) {
    return {Kind::kPartialMapper, start_reducer, end_reducer, map, map + 1, bytes};
  }
  bool equals(const ShufflePartitionSpec& other) const;
};

// Reads its child, a ShuffleQueryStage, one spec per task: `AQEShuffleRead coalesced`.
class AQEShuffleReadExec final : public ExecNode<AQEShuffleReadExec, PhysicalKind::kAQEShuffleRead> {
 public:
  AQEShuffleReadExec(PhysicalPtr child, std::vector<ShufflePartitionSpec> specs)
      : ExecNode({std::move(child)}), specs_(std::move(specs)) {}
  const std::vector<ShufflePartitionSpec>& specs() const { return specs_; }
  // Spark's isCoalescedRead: only coalesced specs (the exchange's distribution is kept).
  bool isCoalescedRead() const;
  // Some spec reads more than one reducer (Spark's hasCoalescedPartition).
  bool hasCoalescedPartition() const;
  bool hasSkewedPartition() const;
  bool isLocalRead() const;
  std::string_view nodeName() const override { return "AQEShuffleRead"; }
  Partitioning outputPartitioning() const override;
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;

 protected:
  Attributes computeOutput() const override { return child(0)->output(); }

 private:
  std::vector<ShufflePartitionSpec> specs_;
};

// The root of a query run adaptively: `AdaptiveSparkPlan isFinalPlan=false` with the plan as
// first planned below it, or, once the query has run, `isFinalPlan=true` with the final plan
// (query stages, AQEShuffleReads, the last stage) and the initial plan.
class AdaptiveSparkPlanExec final
    : public ExecNode<AdaptiveSparkPlanExec, PhysicalKind::kAdaptiveSparkPlan> {
 public:
  AdaptiveSparkPlanExec(PhysicalPtr initial, PhysicalPtr final_plan)
      : initial_(std::move(initial)), final_(std::move(final_plan)) {}
  const PhysicalPtr& initialPlan() const { return initial_; }
  // Null until the query has run.
  const PhysicalPtr& finalPlan() const { return final_; }
  bool isFinalPlan() const { return final_ != nullptr; }
  // The plan shown below the node: the final one once there is one.
  const PhysicalPtr& currentPlan() const { return final_ != nullptr ? final_ : initial_; }
  std::string_view nodeName() const override { return "AdaptiveSparkPlan"; }
  std::vector<PhysicalPtr> innerChildren() const override;
  Partitioning outputPartitioning() const override { return currentPlan()->outputPartitioning(); }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;

 protected:
  Attributes computeOutput() const override { return initial_->output(); }

 private:
  PhysicalPtr initial_;
  PhysicalPtr final_;
};

}  // namespace planck
