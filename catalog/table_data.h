// TableData: the rows of a table, as the catalog sees them. The catalog only needs a size and a
// row count (statistics, broadcast decisions); the runtime's ColumnarTable
// (runtime/columnar_table.h) is the implementation that holds columns.
#pragma once

#include <cstdint>
#include <memory>

namespace planck {

// One immutable version of a table's rows. Loads and inserts build a new version and swap it
// into the CatalogTable whole, so a reader keeps the version it started with.
class TableData {
 public:
  virtual ~TableData() = default;
  // Number of rows.
  virtual int64_t rowCount() const = 0;
  // Memory held by the rows, in bytes (what sizeInBytes statistics report).
  virtual int64_t sizeInBytes() const = 0;
};
using TableDataPtr = std::shared_ptr<const TableData>;

}  // namespace planck
