// Casting one Value to another type with SQL semantics (used for constants: VALUES rows,
// literal coercion; the runtime has its own vectorized casts).
#pragma once

#include "absl/status/statusor.h"
#include "logical/value.h"

namespace planck {

// `value` as `type`. A string that does not parse as the target type is an error, as are
// numbers that do not fit; NULL stays NULL.
absl::StatusOr<Value> castValue(const Value& value, DataType type);

// 10^n for 0 <= n <= 18.
int64_t powerOfTen(int n);

}  // namespace planck
