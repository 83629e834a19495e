// ColumnarTable: a table's rows in memory, as partitions of column batches. It is the
// TableData the catalog holds; scans read one partition per task.
//
// A ColumnarTable is immutable. Appending rows (INSERT, a second COPY) makes a new table that
// shares the old batches, and the catalog swaps it in whole (CatalogTable::setData).
//
// Partitions are sized as Spark sizes file splits (FilePartition.maxSplitBytes):
//
//   bytesPerCore  = totalBytes / threads
//   maxSplitBytes = min(spark.sql.files.maxPartitionBytes, bytesPerCore)
//
// so a table smaller than maxPartitionBytes × threads is cut into one partition per executor
// thread, and a larger one into partitions of at most maxPartitionBytes. A batch is never cut,
// so a table of fewer batches than threads has one partition per batch.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/table_data.h"
#include "runtime/partition_layout.h"
#include "runtime/vector.h"

namespace planck {

// One partition: the batches one scan task reads, in order.
struct TablePartition {
  std::vector<BatchPtr> batches;
  int64_t rows = 0;
  int64_t bytes = 0;
};

class ColumnarTable;
using ColumnarTablePtr = std::shared_ptr<const ColumnarTable>;

class ColumnarTable final : public TableData {
 public:
  // A table of `types` holding `batches` (each of at most kBatchRows rows, columns of those
  // types), cut into partitions by `layout`.
  ColumnarTable(std::vector<DataType> types, std::vector<BatchPtr> batches,
                const PartitionLayout& layout);
  static ColumnarTablePtr make(std::vector<DataType> types, std::vector<BatchPtr> batches,
                               const PartitionLayout& layout) {
    return std::make_shared<const ColumnarTable>(std::move(types), std::move(batches), layout);
  }

  // The column types, in table order.
  const std::vector<DataType>& types() const { return types_; }
  const std::vector<TablePartition>& partitions() const { return partitions_; }
  // Every batch, partition after partition.
  std::vector<BatchPtr> batches() const;

  int64_t rowCount() const override { return rows_; }
  int64_t sizeInBytes() const override { return bytes_; }

  // A new version: these rows followed by `batches`, partitioned anew by `layout`. The old
  // batches are shared, not copied; a trailing batch smaller than kBatchRows is merged with
  // the new rows so that row-at-a-time inserts do not leave thousands of tiny batches.
  ColumnarTablePtr appended(std::vector<BatchPtr> batches, const PartitionLayout& layout) const;

 private:
  std::vector<DataType> types_;
  std::vector<TablePartition> partitions_;
  int64_t rows_ = 0;
  int64_t bytes_ = 0;
};

// Cuts `batches` into partitions as described at the top of this file.
std::vector<TablePartition> partitionBatches(std::vector<BatchPtr> batches,
                                             const PartitionLayout& layout);

// The table's current rows as a ColumnarTable (empty when it never held data).
ColumnarTablePtr columnarData(const CatalogTable& table);

// Replaces the table's rows with `batches` (dbgen; CREATE TABLE AS later).
void replaceRows(CatalogTable& table, std::vector<BatchPtr> batches, const PartitionLayout& layout);

// The rows of `batches` in order, re-chunked into full batches of kBatchRows rows (the last
// one shorter). Batches already full are shared, not copied.
std::vector<BatchPtr> rechunkBatches(const std::vector<DataType>& types,
                                     const std::vector<BatchPtr>& batches);

}  // namespace planck
