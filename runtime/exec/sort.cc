#include "runtime/exec/sort.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace planck {
namespace {

int compareKey(const SortKey& key, uint32_t a, uint32_t b) {
  const Vector& column = *key.column;
  bool a_null = column.isNull(a), b_null = column.isNull(b);
  if (a_null || b_null) {
    if (a_null == b_null) return 0;
    // NULLs first: a NULL orders before any value, whatever the direction.
    return (a_null == key.nulls_first) ? -1 : 1;
  }
  int order = 0;
  switch (column.type().id()) {
    case TypeId::kBoolean:
      order = compareValues(column.values<uint8_t>()[a], column.values<uint8_t>()[b]);
      break;
    case TypeId::kInteger:
    case TypeId::kDate:
      order = compareValues(column.values<int32_t>()[a], column.values<int32_t>()[b]);
      break;
    case TypeId::kBigInt:
    case TypeId::kDecimal:
      order = compareValues(column.values<int64_t>()[a], column.values<int64_t>()[b]);
      break;
    case TypeId::kDouble:
      order = compareValues(column.values<double>()[a], column.values<double>()[b]);
      break;
    case TypeId::kVarchar:
    case TypeId::kBinary: {
      int c = column.string(a).compare(column.string(b));
      order = c < 0 ? -1 : (c > 0 ? 1 : 0);
      break;
    }
    case TypeId::kNull:
    case TypeId::kInterval:
      break;
  }
  return key.ascending ? order : -order;
}

// Whether `keys` is one INTEGER, DATE, BIGINT or DECIMAL key without NULLs: the case sorted
// on (value, row) pairs in contiguous memory (sort-merge joins on TPC-H's integer keys).
bool singleIntegralKey(const std::vector<SortKey>& keys) {
  if (keys.size() != 1 || keys[0].column->hasNulls()) return false;
  TypeId id = keys[0].column->type().id();
  return id == TypeId::kInteger || id == TypeId::kDate || id == TypeId::kBigInt ||
         id == TypeId::kDecimal;
}

template <class T>
std::vector<uint32_t> sortedByIntegralKey(const SortKey& key, size_t rows) {
  const T* values = key.column->values<T>();
  std::vector<std::pair<T, uint32_t>> pairs(rows);
  for (size_t row = 0; row < rows; ++row) pairs[row] = {values[row], static_cast<uint32_t>(row)};
  // Ties by row number: the order a stable sort gives.
  if (key.ascending) {
    std::sort(pairs.begin(), pairs.end());
  } else {
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
  }
  std::vector<uint32_t> order(rows);
  for (size_t i = 0; i < rows; ++i) order[i] = pairs[i].second;
  return order;
}

}  // namespace

int compareRows(const std::vector<SortKey>& keys, uint32_t a, uint32_t b) {
  for (const SortKey& key : keys) {
    if (int order = compareKey(key, a, b); order != 0) return order;
  }
  return 0;
}

std::vector<uint32_t> sortedRows(const std::vector<SortKey>& keys, size_t rows) {
  if (singleIntegralKey(keys)) {
    if (storageWidth(keys[0].column->type()) == sizeof(int32_t)) {
      return sortedByIntegralKey<int32_t>(keys[0], rows);
    }
    return sortedByIntegralKey<int64_t>(keys[0], rows);
  }
  std::vector<uint32_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return compareRows(keys, a, b) < 0; });
  return order;
}

std::vector<uint32_t> topRows(const std::vector<SortKey>& keys, size_t rows, size_t k) {
  std::vector<uint32_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  k = std::min(k, rows);
  // Ties broken by input position, so the result is the same as a stable sort's prefix.
  auto before = [&](uint32_t a, uint32_t b) {
    int c = compareRows(keys, a, b);
    return c != 0 ? c < 0 : a < b;
  };
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                    before);
  order.resize(k);
  return order;
}

}  // namespace planck
