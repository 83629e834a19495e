// EXPLAIN CODEGEN: Spark's `Found N WholeStageCodegen subtrees.`, then each subtree of the
// executed plan and the C++ generated for it, with line numbers.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "physical/physical_plan.h"

namespace planck {

absl::StatusOr<std::string> explainCodegen(const PhysicalPtr& plan, bool normalize_ids);

}  // namespace planck
