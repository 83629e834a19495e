// The built-in rules of adaptive execution, one per file, with Spark's names and settings.
#pragma once

#include <cstdint>
#include <vector>

#include "common/config.h"
#include "optimizer/rule.h"
#include "physical/adaptive_operators.h"
#include "physical/preparation.h"

namespace planck {

// Re-optimizer (logical) rules.
// AQEPropagateEmptyRelation: a query stage that produced no rows is an empty relation, and
// PropagateEmptyRelation removes what it makes empty (a join with it, an aggregate over it).
RulePtr makeAQEPropagateEmptyRelation();
// DynamicJoinSelection: join hints from a side's shuffle statistics: no_broadcast_hash for a side
// of mostly empty partitions, prefer_shuffle_hash for one of small partitions
// (spark.sql.adaptive.nonEmptyPartitionRatioForBroadcastJoin,
// spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold).
RulePtr makeDynamicJoinSelection();

// Query-stage optimizer (physical) rules.
// CoalesceShufflePartitions: tasks read runs of adjacent small shuffle partitions
// (spark.sql.adaptive.coalescePartitions.*, spark.sql.adaptive.advisoryPartitionSizeInBytes).
PhysicalRulePtr makeCoalesceShufflePartitions();

// OptimizeShuffleWithLocalRead: the streamed side of a join that became a broadcast hash join
// (and the input of a new broadcast) reads its shuffle by map task
// (spark.sql.adaptive.localShuffleReader.enabled).
PhysicalRulePtr makeOptimizeShuffleWithLocalRead();

// Whether every operator's inputs still have the partitioning it requires, a skew join's own
// inputs aside (Spark's ValidateRequirements): the rules that read shuffles another way
// (coalesced, local, split) must not break it.
bool requirementsHold(const PhysicalPtr& plan);

// Query-stage preparation rule (after EnsureRequirements).
// OptimizeSkewedJoin: a sort-merge or shuffled hash join whose shuffle partition is skewed
// (spark.sql.adaptive.skewJoin.*) reads it split by map tasks, the other side's matching
// partition once per split.
PhysicalRulePtr makeOptimizeSkewedJoin();

// Spark's ShufflePartitionsUtil.splitSizeListByTargetSize: where to cut `sizes` (a skewed
// partition's bytes per map task) into runs of about `target` bytes; a run under a fifth of the
// target, or two adjacent runs together under 1.2 targets, are merged. The start index of each
// run; one run (index 0) when there is nothing to split.
std::vector<int> splitSizeListByTargetSize(const std::vector<int64_t>& sizes, int64_t target);

// Spark's ShufflePartitionsUtil.coalescePartitions without skew: the partitions of shuffles that
// are read together (their byte sizes per partition, `bytes[shuffle][partition]`) cut into
// consecutive runs of about `target` bytes. A run below `min_partition_size` is not closed (it
// takes in the next partition even past the target), and a last run below it joins the run
// before. Empty when the shuffles have different numbers of partitions or nothing would be
// coalesced; one empty run when every partition is empty.
// The size CoalesceShufflePartitions aims at for shuffles of `bytes` in all that hold `share` of
// the bytes read together: spark.sql.adaptive.advisoryPartitionSizeInBytes, but with
// ...coalescePartitions.parallelismFirst at most bytes / (threads x share), at most
// planck.adaptive.coalescePartitions.maxPartitionSize, and at least
// ...coalescePartitions.minPartitionSize.
int64_t coalesceTargetSize(const Config& config, int64_t bytes, double share);

std::vector<ShufflePartitionSpec> coalescePartitions(const std::vector<std::vector<int64_t>>& bytes,
                                                     int64_t target, int64_t min_partition_size);

}  // namespace planck
