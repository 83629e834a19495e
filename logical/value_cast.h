// Casting one Value to another type with SQL semantics (used for constants: VALUES rows,
// literal coercion; the runtime has its own vectorized casts).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "logical/value.h"

namespace planck {

// `value` as `type`. A string that does not parse as the target type is an error, as are
// numbers that do not fit; NULL stays NULL.
absl::StatusOr<Value> castValue(const Value& value, DataType type);

// The low `width` bytes of `value`, most significant first: CAST(n AS BINARY) for an INTEGER
// (width 4) or BIGINT (width 8), as Spark's explicit cast (IntegerType -> 4 bytes).
std::string bigEndianBytes(int64_t value, int width);

// Spark's hex of a BIGINT: the two's complement digits, uppercase, without leading zeros
// (17 -> "11", -1 -> "FFFFFFFFFFFFFFFF").
std::string hexOfNumber(int64_t value);

// 10^n for 0 <= n <= 18.
int64_t powerOfTen(int n);

}  // namespace planck
