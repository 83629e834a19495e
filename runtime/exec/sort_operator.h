// SortExec and the top-k of TakeOrderedAndProject: the input of a task sorted by SortOrder
// expressions (all of it, or only its first `limit` rows).
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "logical/expressions.h"
#include "runtime/exec/operator.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {

// The rows of `child` (columns `input`) in the order of `orders` (SortOrder expressions); with
// `limit` >= 0 only the first `limit` rows. The keys compile with `options`.
absl::StatusOr<OperatorPtr> makeSort(OperatorPtr child, const std::vector<ExprPtr>& orders,
                                     const Attributes& input, int64_t limit, MemoryBudget* budget,
                                     const CompileOptions& options,
                                     const Cancellation* cancellation);

}  // namespace planck
