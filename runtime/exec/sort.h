// Sorting rows by several keys, each ascending or descending with NULLs first or last (SQL's
// ORDER BY; Spark's defaults: ASC NULLS FIRST, DESC NULLS LAST), for SortExec and
// TakeOrderedAndProject.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/vector.h"

namespace planck {

struct SortKey {
  const Vector* column;  // the key's values for every row
  bool ascending = true;
  bool nulls_first = true;
};

// -1, 0 or 1: how row `a` orders against row `b` by `keys` (NaN above every other DOUBLE, -0.0
// equal to 0.0, strings bytewise).
int compareRows(const std::vector<SortKey>& keys, uint32_t a, uint32_t b);

// The rows [0, rows) in key order; rows with equal keys keep their input order (stable).
std::vector<uint32_t> sortedRows(const std::vector<SortKey>& keys, size_t rows);

// The first min(k, rows) rows in key order (a partial sort: TakeOrderedAndProject).
std::vector<uint32_t> topRows(const std::vector<SortKey>& keys, size_t rows, size_t k);

}  // namespace planck
