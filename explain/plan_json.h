// JSON rendering of a logical plan (EXPLAIN (FORMAT json)): one object per operator with its
// name, parameters, output and children.
#pragma once

#include <string>

#include "logical/plan.h"

namespace planck {

// The plan as pretty-printed JSON.
std::string planJson(const PlanPtr& plan);

// `text` as a JSON string literal, quotes included.
std::string jsonString(std::string_view text);

}  // namespace planck
