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
#include "runtime/loaders/load_progress.h"
#include "runtime/partition_layout.h"

namespace planck {

// What a load added.
struct LoadSummary {
  int64_t rows = 0;
  int64_t bytes_read = 0;  // of the file, for COPY
};

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

}  // namespace planck
