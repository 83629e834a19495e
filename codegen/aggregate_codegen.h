// Hash aggregation in generated code (aggregate_codegen.cc): which HashAggregateExecs a stage
// can fuse. The generated aggregate keeps its groups in a PlanckGroups table of a struct made
// for it (the keys, then each call's buffer: count, sum, avg's sum and count, min/max's value),
// folds each input row in the consume pipeline and emits the groups in the finish pipeline, with
// the interpreter's semantics (runtime/exec/aggregate_function.h): sums exact in 128 bits and
// checked against their type, avg as sum / count in DOUBLE, NaN above every double.
#pragma once

#include "physical/operators.h"

namespace planck {

// Whether generated code can run `aggregate`: count, count_if, sum, avg/mean, min and max (not
// DISTINCT in a complete aggregate), with keys, arguments, filters and results it can generate.
bool aggregateSupported(const HashAggregateExec& aggregate);

}  // namespace planck
