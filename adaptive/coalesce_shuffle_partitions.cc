// CoalesceShufflePartitions (Spark's rule of the same name): after a shuffle has run, adjacent
// partitions that are small are read by one task (an AQEShuffleRead of CoalescedPartitionSpecs),
// so 200 shuffle partitions of a small result become a handful of tasks.
//
//   HashAggregate(keys=[k#1], ...)          HashAggregate(keys=[k#1], ...)
//   +- ShuffleQueryStage 0           =>     +- AQEShuffleRead coalesced
//      +- Exchange hashpartitioning(k#1, 200)  +- ShuffleQueryStage 0
//                                                 +- Exchange hashpartitioning(k#1, 200)
//
// Shuffles read by the same operator (the two sides of a join) form a coalesce group and are cut
// at the same partitions, so they stay co-partitioned; the inputs of a union are groups of their
// own. A part of the plan that also reads a table is left alone (its partitions must match the
// table's). The target size: spark.sql.adaptive.advisoryPartitionSizeInBytes, but with
// ...coalescePartitions.parallelismFirst no more than the total over planck.executor.threads (so
// every thread has a task), no more than planck.adaptive.coalescePartitions.maxPartitionSize
// (2 MB: planck's own cap, as its shuffles stay in memory), and never below
// ...coalescePartitions.minPartitionSize.
#include <algorithm>
#include <cmath>

#include "adaptive/adaptive_rules.h"
#include "physical/exchange_operators.h"
#include "physical/operators.h"
#include "runtime/partition_layout.h"

namespace planck {

std::vector<ShufflePartitionSpec> coalescePartitions(const std::vector<std::vector<int64_t>>& bytes,
                                                     int64_t target, int64_t min_partition_size) {
  if (bytes.empty()) return {};
  size_t n = bytes.front().size();
  for (const auto& shuffle : bytes) {
    if (shuffle.size() != n) return {};  // a union of differently partitioned inputs, say
  }
  std::vector<ShufflePartitionSpec> specs;
  int start = 0;
  int64_t size = 0;
  for (size_t i = 0; i < n; ++i) {
    int64_t here = 0;
    for (const auto& shuffle : bytes) here += shuffle[i];
    bool past_target = size + here > target;
    if (static_cast<int>(i) > start && past_target && size >= min_partition_size) {
      specs.push_back(ShufflePartitionSpec::coalesced(start, static_cast<int>(i), size));
      start = static_cast<int>(i);
      size = here;
    } else {
      size += here;
    }
  }
  if (size > 0 || specs.empty()) {
    if (!specs.empty() && size < min_partition_size) {
      specs.back().end_reducer = static_cast<int>(n);
      specs.back().bytes += size;
    } else {
      specs.push_back(ShufflePartitionSpec::coalesced(start, static_cast<int>(n), size));
    }
  } else {
    specs.back().end_reducer = static_cast<int>(n);  // trailing empty partitions
  }
  if (specs.size() >= n) return {};
  return specs;
}

int64_t coalesceTargetSize(const Config& config, int64_t bytes, double share) {
  int64_t advisory = config.getInt("spark.sql.adaptive.advisoryPartitionSizeInBytes");
  int64_t min_size = config.getInt("spark.sql.adaptive.coalescePartitions.minPartitionSize");
  // Spark's default parallelism: the executor's threads (0 there: one per core).
  int64_t parallelism = config.getBool("spark.sql.adaptive.coalescePartitions.parallelismFirst")
                            ? static_cast<int64_t>(std::max<size_t>(1, executorThreads(config)))
                            : 1;
  auto min_partitions = std::max<int64_t>(1, std::llround(static_cast<double>(parallelism) * share));
  auto most = static_cast<int64_t>(
      std::ceil(static_cast<double>(bytes) / static_cast<double>(min_partitions)));
  int64_t target = std::min(most, advisory);
  // planck's cap for in-memory shuffles (measured on TPC-H SF1: bench/RESULTS.md).
  int64_t cap = config.getInt("planck.adaptive.coalescePartitions.maxPartitionSize");
  if (cap >= 0) target = std::min(target, cap);
  return std::max(target, min_size);
}

namespace {

// A shuffle whose number of partitions may change: hash or range partitioned by
// EnsureRequirements (not an explicit REPARTITION(n), not a single partition).
bool canCoalesce(const QueryStageExec& stage) {
  const auto* exchange = stage.exchange()->as<ShuffleExchangeExec>();
  return exchange != nullptr && exchange->origin() == ShuffleOrigin::kEnsureRequirements &&
         exchange->partitioning().kind != Partitioning::Kind::kSingle &&
         stage.result() != nullptr;
}

using Group = std::vector<const QueryStageExec*>;

// Spark's collectCoalesceGroups.
void collectGroups(const PhysicalPtr& plan, std::vector<Group>& groups) {
  if (plan->is<AQEShuffleReadExec>()) return;  // read already (skew join); left as it is
  if (plan->is<UnionExec>()) {
    for (const PhysicalPtr& child : plan->children()) collectGroups(child, groups);
    return;
  }
  if (plan->children().size() == 1) {
    collectGroups(plan->child(0), groups);
    return;
  }
  // Every leaf must be a query stage (a broadcast one is fine: its side has no partitions to
  // match); the shuffle stages among them are one group. A skew join's reads are coalesced
  // already (OptimizeSkewedJoin).
  if (existsNode(plan, [](const PhysicalPtr& node) { return node->is<AQEShuffleReadExec>(); })) {
    return;
  }
  std::vector<PhysicalPtr> leaves =
      collectNodes(plan, [](const PhysicalPtr& node) { return node->children().empty(); });
  Group group;
  for (const PhysicalPtr& leaf : leaves) {
    const QueryStageExec* stage = asQueryStage(*leaf);
    if (stage == nullptr) return;
    if (leaf->is<BroadcastQueryStageExec>()) continue;
    if (!canCoalesce(*stage)) return;
    group.push_back(stage);
  }
  if (!group.empty()) groups.push_back(std::move(group));
}

class CoalesceShufflePartitions final : public PhysicalRule {
 public:
  std::string_view name() const override { return "CoalesceShufflePartitions"; }

  PhysicalPtr apply(const PhysicalPtr& plan, PhysicalRuleContext& ctx) const override {
    const Config& config = ctx.config();
    if (!config.getBool("spark.sql.adaptive.coalescePartitions.enabled")) return plan;
    std::vector<Group> groups;
    collectGroups(plan, groups);
    if (groups.empty()) return plan;
    int64_t min_size = config.getInt("spark.sql.adaptive.coalescePartitions.minPartitionSize");
    std::vector<int64_t> group_bytes;
    int64_t total = 0;
    for (const Group& group : groups) {
      int64_t bytes = 0;
      for (const QueryStageExec* stage : group) bytes += stage->result()->bytes();
      group_bytes.push_back(bytes);
      total += bytes;
    }
    std::map<const PhysicalPlan*, std::vector<ShufflePartitionSpec>> specs;
    for (size_t g = 0; g < groups.size(); ++g) {
      // Each group's share of the parallelism, by its share of the bytes (Spark).
      double share = total > 0 ? static_cast<double>(group_bytes[g]) / static_cast<double>(total)
                                : 1.0 / static_cast<double>(groups.size());
      int64_t target = coalesceTargetSize(config, group_bytes[g], share);
      std::vector<std::vector<int64_t>> bytes;
      for (const QueryStageExec* stage : groups[g]) bytes.push_back(stage->result()->partition_bytes);
      std::vector<ShufflePartitionSpec> coalesced = coalescePartitions(bytes, target, min_size);

      if (coalesced.empty()) continue;
      for (const QueryStageExec* stage : groups[g]) specs[stage] = coalesced;
    }
    if (specs.empty()) return plan;
    PhysicalPtr coalesced = transformUp(plan, [&](const PhysicalPtr& node) -> PhysicalPtr {
      auto found = specs.find(node.get());
      if (found == specs.end()) return node;
      return std::make_shared<AQEShuffleReadExec>(node, found->second);
    });
    return requirementsHold(coalesced) ? coalesced : plan;
  }
};

}  // namespace

PhysicalRulePtr makeCoalesceShufflePartitions() {
  return std::make_shared<CoalesceShufflePartitions>();
}

}  // namespace planck
