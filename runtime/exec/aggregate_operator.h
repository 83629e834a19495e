// HashAggregate: groups input rows by key in a GroupTable and folds them into each aggregate
// call's states (runtime/exec/aggregate_function.h), in the call's mode: Partial and Complete
// read input rows, PartialMerge and Final read the buffers a partial aggregate wrote. It outputs
// its `results` over the grouping columns and each call's buffers (Partial, PartialMerge) or
// value (Final, Complete).
#pragma once

#include "absl/status/statusor.h"
#include "physical/operators.h"
#include "runtime/exec/operator.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {

// The aggregation `plan` over `child`, whose rows have the columns of plan.child(0)->output().
// Expressions compile with `options` (subqueries in arguments and results).
absl::StatusOr<OperatorPtr> makeHashAggregate(const HashAggregateExec& plan, OperatorPtr child,
                                              MemoryBudget* budget, const CompileOptions& options);

}  // namespace planck
