// ANALYZE TABLE and the statistics DESCRIBE EXTENDED shows (Spark's AnalyzeTableCommand,
// AnalyzeColumnCommand and DescribeColumnCommand), between the catalog and the runtime's
// statistics code (runtime/stats/).
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "catalog/catalog.h"
#include "common/config.h"
#include "session/session.h"

namespace planck {

// What ANALYZE TABLE computes: NOSCAN the size only; otherwise the size and the row count; with
// `columns` (or `all_columns`) also those columns' statistics (runtime/stats/
// column_statistics.h), histograms when spark.sql.statistics.histogram.enabled. An unknown
// column is an error naming it, and then nothing changes.
struct AnalyzeRequest {
  bool noscan = false;
  bool all_columns = false;
  std::vector<std::string> columns;
};
absl::Status analyzeTable(CatalogTable& table, const AnalyzeRequest& request, const Config& config);

// DESCRIBE EXTENDED t column: Spark's info_name / info_value rows (col_name, data_type, comment,
// min, max, num_nulls, distinct_count, avg_col_len, max_col_len, histogram and its bins);
// NULL where the column has no statistics.
ResultTable describeColumnStatistics(const CatalogTable& table, const Column& column);

}  // namespace planck
