// AggUtils (Spark's execution/aggregate/AggUtils.scala): the physical aggregations of a logical
// Aggregate. Without DISTINCT aggregates, two HashAggregates around the exchange that
// EnsureRequirements adds:
//
//   HashAggregate(keys=[k#1], functions=[sum(v#2)])            (final: reads the buffers)
//   +- Exchange hashpartitioning(k#1, 200)                     (added by EnsureRequirements)
//      +- HashAggregate(keys=[k#1], functions=[partial_sum(v#2)])   (partial: writes buffers)
//
// With DISTINCT aggregates over one set of arguments, Spark's planAggregateWithOneDistinct:
// four aggregations, the first two grouping on the keys and the distinct arguments (so each
// distinct value appears once per group), the last two aggregating those on the keys.
#pragma once

#include "absl/status/statusor.h"
#include "logical/operators.h"
#include "physical/operators.h"

namespace planck {

// The physical aggregation of `aggregate` over the already planned `child`.
absl::StatusOr<PhysicalPtr> planAggregate(const Aggregate& aggregate, PhysicalPtr child);

// The buffer columns of one aggregate function (Spark's aggBufferAttributes): avg keeps a sum
// and a count, first/last a value and valueSet, stddev and variance n, avg and m2, every other
// function one value.
Attributes aggregateBufferOf(const AggregateExpression& function);

}  // namespace planck
