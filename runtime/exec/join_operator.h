// The join operators: hash joins (broadcast or shuffled build side) and nested-loop joins
// (broadcast nested loop, cartesian product), every join type. One task streams its partition of
// one side (the streamed side) against the build side:
//
//   pairs      the build rows whose keys equal a streamed row's (hash), or all rows (nested loop)
//   condition  the join's condition beyond the keys, on the joined pair
//   output     matched pairs (inner, outer); unmatched streamed rows padded with NULLs (an outer
//              join preserving the streamed side); matched or unmatched streamed rows (semi,
//              anti); and, once every task of the stage has probed a shared build side, the
//              build rows the join preserves (full outer; a semi or anti join built on the left)
//
// A null-aware anti join (NOT IN) returns nothing when the build side has a NULL key, every row
// when it is empty, and otherwise the streamed rows with a non-NULL key and no match.
#pragma once

#include <atomic>
#include <memory>

#include "absl/status/statusor.h"
#include "logical/operators.h"
#include "runtime/exec/join_table.h"
#include "runtime/exec/operator.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {

// A join's build side, shared by the tasks that probe it: its rows, a hash table on its keys
// (hash joins), which rows some task matched, and how many tasks still probe it.
struct JoinBuild {
  // `keys` empty: a nested-loop build side (no table).
  static absl::StatusOr<std::shared_ptr<JoinBuild>> make(
      Batch rows, const std::vector<std::unique_ptr<CompiledExpression>>& keys, int tasks);

  Batch rows;
  std::unique_ptr<JoinHashTable> table;  // null for nested loops
  std::unique_ptr<std::atomic<uint8_t>[]> matched;
  std::atomic<int> open_tasks;
};

struct JoinSetup {
  JoinType type;
  bool streamed_is_left = true;
  bool null_aware = false;
  std::shared_ptr<JoinBuild> build;
  // Keys of the streamed side (hash joins; empty for nested loops).
  std::vector<std::unique_ptr<CompiledExpression>> streamed_keys;
  // The condition, or null. It reads only the columns `condition_columns` (positions in left
  // columns ++ right columns), in that order: candidate pairs are checked on those columns
  // alone, and only the pairs that pass are gathered whole.
  std::unique_ptr<CompiledExpression> condition;
  std::vector<size_t> condition_columns;
  std::vector<DataType> left_types;
  std::vector<DataType> right_types;
  const Cancellation* cancellation = nullptr;  // checked between chunks of pairs
};

OperatorPtr makeJoin(OperatorPtr streamed, JoinSetup setup);

}  // namespace planck
