// ANALYZE TABLE ... FOR COLUMNS at run time: the column statistics Spark's AnalyzeColumnCommand
// computes (CatalogColumnStat), over one column of a table's rows:
//
//   distinct count   non-NULL distinct values, by HyperLogLog (runtime/stats/hyperloglog.h)
//   min, max         numeric, DATE and BOOLEAN columns (Spark keeps none for strings)
//   null count       exact
//   avg/max length   bytes: the type's size for fixed-width types, the values' byte lengths for
//                    VARCHAR and BINARY
//   histogram        numeric and DATE columns, when asked for: equi-height (every bin holds
//                    the same number of values), with each bin's range and distinct count
//                    (Spark's Histogram of HistogramBins). planck's are exact: the values are
//                    sorted, where Spark uses approximate percentiles.
#pragma once

#include <vector>

#include "catalog/catalog.h"
#include "runtime/vector.h"

namespace planck {

// The statistics of column `column` (of `type`) of `batches`; a histogram of `histogram_bins`
// bins when that is above 0 and the type has one.
ColumnStatistics computeColumnStatistics(const std::vector<BatchPtr>& batches, size_t column,
                                         DataType type, int histogram_bins);

}  // namespace planck
