// The redistribution of a shuffle exchange: the map tasks' outputs dealt into the exchange's
// output partitions by its Partitioning (hash, range, single, round-robin).
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "physical/partitioning.h"
#include "runtime/exec/thread_pool.h"
#include "runtime/expression/compiled_expression.h"
#include "runtime/vector.h"

namespace planck {

// `outputs` (one list of batches per map task, of the columns `input`, of `types`) redistributed
// by `partitioning`: one list per output partition. Hash: rows by a hash of their key values
// (DOUBLE keys normalized, NULL keys together), each bucket in map-task order, in full batches.
// Range: all rows sorted and cut into consecutive ranges of nearly equal size. Round-robin: rows
// dealt in turn. Map tasks run on `pool`; keys compile with `compile`. `partition_column`: each
// batch of `outputs` has one more column than `types`, the INT partition of each row under a hash
// partitioning (a map stage's generated code computed it: planck_abi.h's shuffle hash).
//
// The result is by output partition (reducer), then by map task: blocks[reducer][map] holds the
// batches map task `map` dealt to `reducer` (what adaptive execution splits a skewed partition
// by). A range or single partitioning has one map "task" (the rows are dealt after a sort).
using ShuffleBlocks = std::vector<std::vector<std::vector<BatchPtr>>>;
absl::StatusOr<ShuffleBlocks> shuffle(
    const Partitioning& partitioning, const Attributes& input, const std::vector<DataType>& types,
    std::vector<std::vector<BatchPtr>> outputs, ThreadPool& pool, const CompileOptions& compile,
    const Cancellation* cancellation, bool partition_column = false);

}  // namespace planck
