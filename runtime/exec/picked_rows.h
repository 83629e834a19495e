// Building a column from rows picked out of several vectors: what the window functions (a row's
// value from another row of its partition, or a default) and the sort-merge join (a left row from
// one batch, a right row from another, or NULL padding) need, where gather() reads one vector.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/vector.h"

namespace planck {

// Where one output value comes from: row `row` of `column`, or NULL when `column` is null.
struct PickedRow {
  const Vector* column = nullptr;
  uint32_t row = 0;
};

// A vector of `type` whose row i is picks[i] (every picked column must be of `type`).
VectorPtr pickRows(DataType type, const PickedRow* picks, size_t count);

// -1, 0 or 1: how row `a` of `left` orders against row `b` of `right` (same type), ascending
// with NULLs first and NULL equal to NULL: SortExec's order (runtime/exec/sort.h) across two
// vectors.
int compareAcross(const Vector& left, size_t a, const Vector& right, size_t b);

}  // namespace planck
