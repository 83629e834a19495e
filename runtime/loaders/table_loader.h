// Loading rows into a catalog table: COPY from a file and INSERT of constant rows. Both build
// the new rows completely, then install a new version of the table (CatalogTable::setData), so
// a load that fails at any row leaves the table exactly as it was.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog.h"
#include "logical/value.h"
#include "runtime/columnar_table.h"
#include "runtime/loaders/delimited_reader.h"

namespace planck {

// What a load added.
struct LoadSummary {
  int64_t rows = 0;
  int64_t bytes_read = 0;  // of the file, for COPY
};

// The target of a load into `table` whose input supplies `columns` (all columns in table order
// when empty). An unknown or repeated column, and a NOT NULL column left out, are errors.
absl::StatusOr<LoadTarget> loadTarget(const CatalogTable& table,
                                      const std::vector<std::string>& columns);

// COPY table [(columns)] FROM path (options): appends the file's rows.
absl::StatusOr<LoadSummary> copyFromFile(
    CatalogTable& table, const std::vector<std::string>& columns, const std::string& path,
    const std::vector<std::pair<std::string, std::string>>& options, const PartitionLayout& layout,
    const LoadProgress& progress = {});

// INSERT INTO table [(columns)] VALUES ...: appends `rows`, each value already of its
// column's type or castable to it. A value that does not fit its column, or a NULL for a NOT
// NULL column, is an error naming the table, the column and the row (1-based).
absl::StatusOr<LoadSummary> insertRows(CatalogTable& table, const std::vector<std::string>& columns,
                                       const std::vector<std::vector<Value>>& rows,
                                       const PartitionLayout& layout);

// Replaces the table's rows with `batches` (dbgen, CREATE TABLE AS later).
void replaceRows(CatalogTable& table, std::vector<BatchPtr> batches, const PartitionLayout& layout);

// The table's current rows as a ColumnarTable (empty when it never held data).
ColumnarTablePtr columnarData(const CatalogTable& table);

}  // namespace planck
