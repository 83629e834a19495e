// Sorting rows by several keys, each ascending or descending with NULLs first or last (SQL's
// ORDER BY; Spark's defaults: ASC NULLS FIRST, DESC NULLS LAST), for SortExec and
// TakeOrderedAndProject.
#pragma once

#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "runtime/vector.h"

namespace planck {

// -1, 0 or 1: how `a` orders against `b` ascending, NaN above every other DOUBLE (Spark's
// order), -0.0 equal to 0.0.
template <class T>
int compareValues(T a, T b) {
  if constexpr (std::is_same_v<T, double>) {
    bool a_nan = std::isnan(a), b_nan = std::isnan(b);
    if (a_nan || b_nan) return a_nan == b_nan ? 0 : (a_nan ? 1 : -1);
  }
  return a < b ? -1 : (b < a ? 1 : 0);
}

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

// A top-k that reads its input a batch at a time holds O(k) rows by cutting what it holds back
// to its first k rows (firstRows) once it holds more than this many: twice k, and at least four
// batches. topRows breaks ties by position and the kept rows come before every later row, so the
// final top-k is the one over all the rows.
size_t topRowsCutPoint(size_t k);

// The first min(k, rows.rows) rows of `rows` by `keys` (the keys' values for those rows), in
// order: topRows gathered.
Batch firstRows(const Batch& rows, const std::vector<SortKey>& keys, size_t k);

}  // namespace planck
