// Shared pieces of the aggregate function implementations (aggregate_*.cc); not an interface.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/exec/aggregate_function.h"

namespace planck::aggregate_internal {

// Visits `value(row)` for each of `rows` rows that is kept and not NULL in `column`.
template <class Visit>
void forEachValid(const Vector& column, const uint8_t* keep, size_t rows, Visit&& visit) {
  const uint8_t* nulls = column.nullMask();
  if (nulls == nullptr && keep == nullptr) {
    for (size_t row = 0; row < rows; ++row) visit(row);
    return;
  }
  for (size_t row = 0; row < rows; ++row) {
    if ((keep != nullptr && keep[row] == 0) || (nulls != nullptr && nulls[row] != 0)) continue;
    visit(row);
  }
}

// A vector of `type` from per-group values and "has a value" flags (a group without one is
// NULL).
template <class T>
VectorPtr fixedVector(DataType type, const std::vector<T>& values,
                      const std::vector<uint8_t>& has_value, size_t first, size_t count) {
  auto vector = Vector::make(type, count);
  T* out = vector->values<T>();
  for (size_t i = 0; i < count; ++i) {
    if (has_value[first + i] != 0) {
      out[i] = values[first + i];
    } else {
      vector->setNull(i);
    }
  }
  return vector;
}

absl::Status overflow(const AggregateSpec& spec);

std::unique_ptr<AggregateFunction> makeMinMax(const AggregateSpec& spec, bool max);
std::unique_ptr<AggregateFunction> makeFirstLast(const AggregateSpec& spec, bool last);
std::unique_ptr<AggregateFunction> makeStatistics(const AggregateSpec& spec);
// `inner` over the distinct argument rows of each group.
std::unique_ptr<AggregateFunction> makeDistinct(const AggregateSpec& spec,
                                                std::unique_ptr<AggregateFunction> inner);

}  // namespace planck::aggregate_internal
