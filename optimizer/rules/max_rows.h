// Row-count bounds of a logical plan (Spark's LogicalPlan.maxRows / maxRowsPerPartition), for
// the limit rules: a limit that cannot cut anything is dropped, and one is not pushed below an
// input already that small.
#pragma once

#include <cstdint>
#include <optional>

#include "logical/plan.h"

namespace planck {

// The value of a LIMIT / OFFSET count when it is a non-null integer literal.
std::optional<int64_t> limitValue(const ExprPtr& count);

// An upper bound on the rows `plan` produces, when one is known.
std::optional<int64_t> maxRows(const PlanPtr& plan);

// An upper bound on the rows `plan` produces in each partition (a LocalLimit bounds this, not
// the total), when one is known.
std::optional<int64_t> maxRowsPerPartition(const PlanPtr& plan);

}  // namespace planck
