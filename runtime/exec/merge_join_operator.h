// SortMergeJoinExec at run time: a merge of the task's two co-partitioned inputs, both sorted
// ascending (NULLs first) on the join keys, as Spark's SortMergeJoinScanner. The left side
// streams; the right side is read one group of equal keys at a time, and only that group is
// buffered. For every left row:
//
//   key has a NULL              no match (NULL equals nothing)
//   right groups with smaller   passed; a right or full outer join emits their rows that never
//   keys                        matched, padded with NULLs
//   group with an equal key     the candidate pairs; the join's condition beyond the keys (if
//                               any) is checked on them, all at once
//
// then, by join type: the passing pairs (inner, outer), the left row NULL-padded when none
// passed (left and full outer), the left row once when some passed (left semi) or when none did
// (left anti). When the left side ends, the rest of the right side is emitted unmatched (right and
// full outer). The output keeps the left keys' order (the right keys' for a right outer join), as
// SortMergeJoinExec::outputOrdering() says.
#pragma once

#include "absl/status/statusor.h"
#include "physical/join_operators.h"
#include "runtime/exec/operator.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {

// The merge join `join` of one partition of `left` and `right` (columns of join.left()->output()
// and join.right()->output()). A buffered group of right rows spanning several batches counts
// against `budget` (may be null); keys and condition compile with `compile`; `cancellation`
// (may be null) is checked between batches.
absl::StatusOr<OperatorPtr> makeSortMergeJoin(const SortMergeJoinExec& join, OperatorPtr left,
                                              OperatorPtr right, MemoryBudget* budget,
                                              const CompileOptions& compile,
                                              const Cancellation* cancellation);

}  // namespace planck
