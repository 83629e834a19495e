// Catalog: the tables and views a session knows, with schemas and a statistics slot.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/table_data.h"
#include "logical/data_type.h"
#include "logical/expression.h"
#include "logical/value.h"

namespace planck {

// One column of a table: name, type, and whether it may hold NULL.
struct Column {
  std::string name;
  DataType type;
  bool nullable = true;
};

// One bin of an equi-height histogram (Spark's HistogramBin): values in [lo, hi] (numbers, DATEs
// as days, DECIMALs as their values), `ndv` of them distinct.
struct HistogramBin {
  double lo = 0;
  double hi = 0;
  int64_t ndv = 0;
};

// Spark's Histogram: every bin holds `height` values.
struct Histogram {
  double height = 0;
  std::vector<HistogramBin> bins;
};

// Column statistics, as Spark's CatalogColumnStat (ANALYZE TABLE ... FOR COLUMNS computes them:
// runtime/stats/column_statistics.h).
struct ColumnStatistics {
  std::optional<int64_t> distinct_count;
  std::optional<Value> min;  // numeric, DATE and BOOLEAN columns
  std::optional<Value> max;
  std::optional<int64_t> null_count;
  std::optional<int64_t> avg_length;
  std::optional<int64_t> max_length;
  std::optional<Histogram> histogram;  // with spark.sql.statistics.histogram.enabled
};

// Table statistics, as Spark's CatalogStatistics.
struct TableStatistics {
  std::optional<int64_t> size_in_bytes;
  std::optional<int64_t> row_count;
  std::map<std::string, ColumnStatistics> columns;
  bool stale = false;  // the table changed after the statistics were computed
};

// A table or a view in the catalog.
class CatalogTable {
 public:
  enum class Kind : uint8_t { kTable, kView };

  CatalogTable(std::string name, std::vector<Column> columns)
      : name_(std::move(name)), columns_(std::move(columns)) {}

  const std::string& name() const { return name_; }
  Kind kind() const { return kind_; }
  const std::vector<Column>& columns() const { return columns_; }
  // The index of column `name` (case-insensitive), or nullopt.
  std::optional<size_t> columnIndex(std::string_view name) const;
  const std::vector<std::string>& primaryKey() const { return primary_key_; }
  void setPrimaryKey(std::vector<std::string> key) { primary_key_ = std::move(key); }

  TableStatistics& statistics() { return statistics_; }
  const TableStatistics& statistics() const { return statistics_; }

  // The current version of the table's rows, or nullptr for a table that never held data (and
  // for views). A reader takes the pointer once and keeps that version for its whole run.
  TableDataPtr data() const { return data_.load(std::memory_order_acquire); }
  // Installs `data` as the new version in one step, and refreshes the size and row count
  // statistics from it; column statistics computed before are marked stale. A load that
  // fails never calls this, so the table keeps its previous version.
  void setData(TableDataPtr data);

  // Views: the SQL text and the unresolved plan parsed from it.
  static std::shared_ptr<CatalogTable> makeView(std::string name, std::vector<Column> columns,
                                                std::string sql, PlanPtr plan);
  const std::string& viewText() const { return view_text_; }
  const PlanPtr& viewPlan() const { return view_plan_; }

 private:
  std::string name_;
  Kind kind_ = Kind::kTable;
  std::vector<Column> columns_;
  std::vector<std::string> primary_key_;
  TableStatistics statistics_;
  std::atomic<TableDataPtr> data_;
  std::string view_text_;
  PlanPtr view_plan_;
};

// The tables and views of a session; names are case-insensitive and kept in lower case.
class Catalog {
 public:
  // Adds a table or view; an existing name is an error unless `replace`.
  absl::Status add(std::shared_ptr<CatalogTable> table, bool replace = false);
  // Removes `name`; a missing name is an error naming it.
  absl::Status drop(std::string_view name, CatalogTable::Kind kind);
  // The table or view called `name`, or nullptr.
  std::shared_ptr<CatalogTable> find(std::string_view name) const;
  // The table or view called `name`, or an error with a "did you mean" suggestion.
  absl::StatusOr<std::shared_ptr<CatalogTable>> lookup(std::string_view name) const;
  // All names, sorted.
  std::vector<std::string> names() const;

 private:
  std::map<std::string, std::shared_ptr<CatalogTable>> tables_;
};

// Adds the eight TPC-H tables (schema as in the TPC-H specification, lower-case names).
void addTpchSchema(Catalog& catalog);

}  // namespace planck
