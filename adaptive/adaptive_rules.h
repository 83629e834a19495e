// The built-in rules of adaptive execution, one per file, with Spark's names and settings.
#pragma once

#include <cstdint>
#include <vector>

#include "optimizer/rule.h"
#include "physical/adaptive_operators.h"
#include "physical/preparation.h"

namespace planck {

// Re-optimizer (logical) rules.
// AQEPropagateEmptyRelation: a query stage that produced no rows is an empty relation, and
// PropagateEmptyRelation removes what it makes empty (a join with it, an aggregate over it).
RulePtr makeAQEPropagateEmptyRelation();

// Query-stage optimizer (physical) rules.
// CoalesceShufflePartitions: tasks read runs of adjacent small shuffle partitions
// (spark.sql.adaptive.coalescePartitions.*, spark.sql.adaptive.advisoryPartitionSizeInBytes).
PhysicalRulePtr makeCoalesceShufflePartitions();

// Spark's ShufflePartitionsUtil.coalescePartitions without skew: the partitions of shuffles that
// are read together (their byte sizes per partition, `bytes[shuffle][partition]`) cut into
// consecutive runs of about `target` bytes. A run below `min_partition_size` is not closed (it
// takes in the next partition even past the target), and a last run below it joins the run
// before. Empty when the shuffles have different numbers of partitions or nothing would be
// coalesced; one empty run when every partition is empty.
std::vector<ShufflePartitionSpec> coalescePartitions(const std::vector<std::vector<int64_t>>& bytes,
                                                     int64_t target, int64_t min_partition_size);

}  // namespace planck
