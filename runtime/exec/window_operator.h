// WindowExec at run time: the task's input partition (clustered on the partition keys and sorted
// by them, then by the order keys) is buffered, its window partitions and peer groups found, and
// every window expression computed over it (runtime/exec/window_functions.h); the output is the
// input's columns followed by one column per window expression, as WindowExec::output().
#pragma once

#include "absl/status/statusor.h"
#include "physical/operators.h"
#include "runtime/exec/operator.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {

// The window `node` over `child`, whose rows have the columns of node.child(0)->output(). The
// buffered rows count against `budget` (may be null); expressions compile with `compile`;
// `cancellation` (may be null) is checked between batches.
absl::StatusOr<OperatorPtr> makeWindow(const WindowExec& node, OperatorPtr child,
                                       MemoryBudget* budget, const CompileOptions& compile,
                                       const Cancellation* cancellation);

}  // namespace planck
