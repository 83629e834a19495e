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

// Adaptive partial aggregation. A partial aggregate exists to shrink what the shuffle moves;
// when the keys are nearly unique (a group per one or two rows), its hash table only adds work
// (one or two cache misses per row once the table outgrows the caches) and saves the shuffle
// little. So after `sample_rows` input rows, a partial aggregate with more than
// `max_group_ratio` groups per input row stops grouping: it outputs the groups it has, then
// every further row as a group of its own (its buffers from that row alone), and the final
// aggregate after the shuffle does the grouping. The answers are the same either way. Spark
// adds the same switch in 4.3 (spark.sql.execution.aggregate.adaptivePartialAggregation,
// apache/spark PR 57742); DataFusion calls it skipping partial aggregation.
struct PartialAggregationOptions {
  bool adaptive = true;          // spark.sql.execution.aggregate.adaptivePartialAggregation.enabled
  int64_t sample_rows = 10000;  // ...adaptivePartialAggregation.sampleRows
  double max_group_ratio = 0.5;  // planck.executor.partialAggregation.maxGroupRatio
};

// The aggregation `plan` over `child`, whose rows have the columns of plan.child(0)->output().
// Expressions compile with `options` (subqueries in arguments and results); a partial
// aggregation adapts by `partial`.
absl::StatusOr<OperatorPtr> makeHashAggregate(const HashAggregateExec& plan, OperatorPtr child,
                                              MemoryBudget* budget, const CompileOptions& options,
                                              const PartialAggregationOptions& partial = {});

}  // namespace planck
