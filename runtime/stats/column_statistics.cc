#include "runtime/stats/column_statistics.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "runtime/exec/sort.h"
#include "runtime/stats/hyperloglog.h"

namespace planck {
namespace {

bool hasMinMax(DataType type) {
  return type.isNumeric() || type.id() == TypeId::kDate || type.id() == TypeId::kBoolean;
}

bool hasHistogram(DataType type) { return type.isNumeric() || type.id() == TypeId::kDate; }

// A row of the analyzed batches.
struct RowRef {
  size_t batch = 0;
  size_t row = 0;
};

// What one pass over a fixed-width column of storage type T gathers.
template <class T>
struct FixedPass {
  bool any = false;
  T min{}, max{};
  RowRef min_at, max_at;
};

// The value of a numeric or DATE column as a double, for histograms.
double asDouble(DataType type, int64_t stored) {
  if (type.isDecimal()) return static_cast<double>(stored) / std::pow(10.0, type.scale());
  return static_cast<double>(stored);
}

// Spark's equi-height histogram over `values` (sorted, no NaN): `bins` bins of equal height;
// each bin's range starts where the previous one ended (the first at the minimum) and counts
// its distinct values.
Histogram equiHeight(const std::vector<double>& values, int bins) {
  Histogram histogram;
  size_t n = values.size();
  auto count = static_cast<size_t>(bins);
  if (n == 0 || count == 0) return histogram;
  count = std::min(count, n);
  histogram.height = static_cast<double>(n) / static_cast<double>(count);
  double lo = values.front();
  for (size_t b = 0; b < count; ++b) {
    size_t start = b * n / count, end = (b + 1) * n / count;  // [start, end)
    HistogramBin bin{lo, values[end - 1], 0};
    for (size_t i = start; i < end; ++i) {
      if (i == start || values[i] != values[i - 1]) ++bin.ndv;
    }
    histogram.bins.push_back(bin);
    lo = bin.hi;
  }
  return histogram;
}

template <class T>
void scanFixed(const std::vector<BatchPtr>& batches, size_t column, DataType type,
               bool with_histogram, HyperLogLog& distinct, int64_t& nulls, FixedPass<T>& pass,
               std::vector<double>& values) {
  for (size_t b = 0; b < batches.size(); ++b) {
    const Vector& vector = *batches[b]->columns[column];
    const T* data = vector.values<T>();
    const uint8_t* mask = vector.nullMask();
    for (size_t row = 0; row < batches[b]->rows; ++row) {
      if (mask != nullptr && mask[row] != 0) {
        ++nulls;
        continue;
      }
      T value = data[row];
      uint64_t bits;
      if constexpr (std::is_same_v<T, double>) {
        double normal = value == 0.0 ? 0.0 : value;  // -0.0 is 0.0
        std::memcpy(&bits, &normal, sizeof(bits));
        if (with_histogram && !std::isnan(value)) values.push_back(value);
      } else {
        bits = static_cast<uint64_t>(static_cast<int64_t>(value));
        if (with_histogram) values.push_back(asDouble(type, static_cast<int64_t>(value)));
      }
      distinct.add(hashValue(bits));
      if (!pass.any || compareValues(value, pass.min) < 0) {
        pass.min = value;
        pass.min_at = {b, row};
      }
      if (!pass.any || compareValues(value, pass.max) > 0) {
        pass.max = value;
        pass.max_at = {b, row};
      }
      pass.any = true;
    }
  }
}

template <class T>
void fixedStatistics(const std::vector<BatchPtr>& batches, size_t column, DataType type,
                     int histogram_bins, ColumnStatistics& stats) {
  HyperLogLog distinct;
  int64_t nulls = 0;
  FixedPass<T> pass;
  std::vector<double> values;
  bool with_histogram = histogram_bins > 0 && hasHistogram(type);
  scanFixed(batches, column, type, with_histogram, distinct, nulls, pass, values);
  stats.distinct_count = pass.any ? distinct.estimate() : 0;
  stats.null_count = nulls;
  if (pass.any && hasMinMax(type)) {
    stats.min = batches[pass.min_at.batch]->columns[column]->valueAt(pass.min_at.row);
    stats.max = batches[pass.max_at.batch]->columns[column]->valueAt(pass.max_at.row);
  }
  if (with_histogram) {
    std::sort(values.begin(), values.end());
    stats.histogram = equiHeight(values, histogram_bins);
  }
}

}  // namespace

ColumnStatistics computeColumnStatistics(const std::vector<BatchPtr>& batches, size_t column,
                                         DataType type, int histogram_bins) {
  ColumnStatistics stats;
  if (type.storedAsBytes()) {
    HyperLogLog distinct;
    int64_t nulls = 0, values = 0, bytes = 0, longest = 0;
    for (const BatchPtr& batch : batches) {
      const Vector& vector = *batch->columns[column];
      for (size_t row = 0; row < batch->rows; ++row) {
        if (vector.isNull(row)) {
          ++nulls;
          continue;
        }
        std::string_view text = vector.string(row);
        distinct.add(hashBytes(text));
        ++values;
        bytes += static_cast<int64_t>(text.size());
        longest = std::max(longest, static_cast<int64_t>(text.size()));
      }
    }
    stats.distinct_count = values == 0 ? 0 : distinct.estimate();
    stats.null_count = nulls;
    stats.avg_length = values == 0 ? 0 : (bytes + values / 2) / values;
    stats.max_length = longest;
    return stats;
  }
  auto width = static_cast<int64_t>(storageWidth(type));
  stats.avg_length = width;
  stats.max_length = width;
  switch (storageWidth(type)) {
    case 1:
      fixedStatistics<uint8_t>(batches, column, type, histogram_bins, stats);
      break;
    case 4:
      fixedStatistics<int32_t>(batches, column, type, histogram_bins, stats);
      break;
    case 8:
      if (type.id() == TypeId::kDouble) {
        fixedStatistics<double>(batches, column, type, histogram_bins, stats);
      } else {
        fixedStatistics<int64_t>(batches, column, type, histogram_bins, stats);
      }
      break;
    default: {
      // A NULL-typed column: every row is NULL.
      int64_t rows = 0;
      for (const BatchPtr& batch : batches) rows += static_cast<int64_t>(batch->rows);
      stats.distinct_count = 0;
      stats.null_count = rows;
      break;
    }
  }
  return stats;
}

}  // namespace planck
