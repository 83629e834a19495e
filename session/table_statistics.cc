#include "session/table_statistics.h"

#include <memory>

#include "common/errors.h"
#include "common/status.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "runtime/columnar_table.h"
#include "runtime/exec/thread_pool.h"
#include "runtime/stats/column_statistics.h"

namespace planck {

absl::Status analyzeTable(CatalogTable& table, const AnalyzeRequest& request,
                          const Config& config) {
  if (table.kind() == CatalogTable::Kind::kView) {
    return analysisError(
        fmt::format("ANALYZE TABLE is not supported on views: `{}` is a view", table.name()));
  }
  // The columns to analyze, checked before anything changes.
  std::vector<size_t> columns;
  if (request.all_columns) {
    for (size_t i = 0; i < table.columns().size(); ++i) columns.push_back(i);
  }
  for (const std::string& name : request.columns) {
    std::optional<size_t> index = table.columnIndex(name);
    if (!index) {
      std::vector<std::string> names;
      for (const Column& column : table.columns()) names.push_back(column.name);
      return analysisError(fmt::format("column `{}` does not exist in `{}`{}", name, table.name(),
                                       didYouMean(name, names)));
    }
    columns.push_back(*index);
  }
  TableDataPtr data = table.data();
  auto rows = std::dynamic_pointer_cast<const ColumnarTable>(data);
  std::vector<BatchPtr> batches = rows != nullptr ? rows->batches() : std::vector<BatchPtr>{};
  TableStatistics& stats = table.statistics();
  stats.size_in_bytes = data != nullptr ? data->sizeInBytes() : 0;
  if (request.noscan) return absl::OkStatus();  // Spark's NOSCAN: the size alone
  stats.row_count = data != nullptr ? data->rowCount() : 0;
  if (columns.empty()) return absl::OkStatus();
  int bins = config.getBool("spark.sql.statistics.histogram.enabled")
                 ? static_cast<int>(config.getInt("spark.sql.statistics.histogram.numBins"))
                 : 0;
  // One task per column, on the executor's threads (Spark runs ANALYZE as a job too).
  std::vector<ColumnStatistics> computed(columns.size());
  ThreadPool& pool =
      sharedThreadPool(static_cast<size_t>(config.getInt("planck.executor.threads")));
  PLANCK_RETURN_IF_ERROR(pool.parallelFor(columns.size(), [&](size_t i) {
    computed[i] =
        computeColumnStatistics(batches, columns[i], table.columns()[columns[i]].type, bins);
    return absl::OkStatus();
  }));
  for (size_t i = 0; i < columns.size(); ++i) {
    stats.columns[toLower(table.columns()[columns[i]].name)] = std::move(computed[i]);
  }
  stats.stale = false;
  return absl::OkStatus();
}

ResultTable describeColumnStatistics(const CatalogTable& table, const Column& column) {
  const TableStatistics& stats = table.statistics();
  auto found = stats.columns.find(toLower(column.name));
  const ColumnStatistics* col = found == stats.columns.end() ? nullptr : &found->second;
  auto number = [](const std::optional<int64_t>& value) {
    return value ? std::to_string(*value) : std::string("NULL");
  };
  auto value = [](const std::optional<Value>& v) {
    return v ? v->toString() : std::string("NULL");
  };
  ResultTable result{{"info_name", "info_value"}, {}};
  result.rows.push_back({"col_name", column.name});
  result.rows.push_back({"data_type", column.type.toString()});
  result.rows.push_back({"comment", "NULL"});
  result.rows.push_back({"min", col ? value(col->min) : "NULL"});
  result.rows.push_back({"max", col ? value(col->max) : "NULL"});
  result.rows.push_back({"num_nulls", col ? number(col->null_count) : "NULL"});
  result.rows.push_back({"distinct_count", col ? number(col->distinct_count) : "NULL"});
  result.rows.push_back({"avg_col_len", col ? number(col->avg_length) : "NULL"});
  result.rows.push_back({"max_col_len", col ? number(col->max_length) : "NULL"});
  if (col == nullptr || !col->histogram) {
    result.rows.push_back({"histogram", "NULL"});
  } else {
    const Histogram& histogram = *col->histogram;
    result.rows.push_back({"histogram", fmt::format("height: {}, num_of_bins: {}", histogram.height,
                                                    histogram.bins.size())});
    for (size_t i = 0; i < histogram.bins.size(); ++i) {
      const HistogramBin& bin = histogram.bins[i];
      result.rows.push_back(
          {fmt::format("bin_{}", i), fmt::format("lower_bound: {}, upper_bound: {}, "
                                                 "distinct_count: {}",
                                                 bin.lo, bin.hi, bin.ndv)});
    }
  }
  if (stats.stale && col != nullptr) result.rows.push_back({"stale", "true"});
  return result;
}

}  // namespace planck
