// Plan integrity: what every optimizer rule must preserve (Spark's LogicalPlanIntegrity and
// the plan-change validation of spark.sql.planChangeValidation).
#pragma once

#include "absl/status/status.h"
#include "logical/plan.h"

namespace planck {

// The problems of `plan` on its own: an attribute an operator's expressions refer to that its
// children do not produce, or one expression id used for values of different types.
absl::Status checkPlanIntegrity(const PlanPtr& plan);

// The problems of `after` as a rewrite of `before`: its own integrity problems, and an output
// schema that differs in column count, names or types, or that became nullable where it was
// not (nullability may only narrow).
absl::Status checkPlanChange(const PlanPtr& before, const PlanPtr& after);

}  // namespace planck
