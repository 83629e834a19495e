#include "runtime/columnar_table.h"

#include <algorithm>
#include <thread>

namespace planck {
namespace {

// Rows [from, from + count) of `source` copied to the end of `target`, which holds `at` rows
// before the copy (fixed width: sized for the result already; VARCHAR: appended).
void copyRows(const Vector& source, size_t from, size_t count, Vector& target, size_t at) {
  if (source.type().storedAsBytes()) {
    for (size_t i = from; i < from + count; ++i) {
      if (source.isNull(i)) {
        target.appendNull();
      } else {
        target.appendString(source.string(i));
      }
    }
    return;
  }
  size_t width = storageWidth(source.type());
  if (width > 0) {
    std::memcpy(target.values<uint8_t>() + at * width, source.values<uint8_t>() + from * width,
                count * width);
  }
  if (source.hasNulls()) {
    std::memcpy(target.mutableNullMask() + at, source.nullMask() + from, count);
  } else if (target.hasNulls()) {
    std::memset(target.mutableNullMask() + at, 0, count);
  }
}

// A piece of a batch: rows [from, from + count).
struct Slice {
  BatchPtr batch;
  size_t from;
  size_t count;
};

BatchPtr concatSlices(const std::vector<DataType>& types, const std::vector<Slice>& slices) {
  size_t rows = 0;
  for (const Slice& slice : slices) rows += slice.count;
  auto batch = std::make_shared<Batch>();
  batch->rows = rows;
  for (size_t c = 0; c < types.size(); ++c) {
    auto column =
        types[c].storedAsBytes() ? Vector::make(types[c], 0) : Vector::make(types[c], rows);
    size_t at = 0;
    for (const Slice& slice : slices) {
      copyRows(*slice.batch->columns[c], slice.from, slice.count, *column, at);
      at += slice.count;
    }
    if (!types[c].isNull()) column->compactNullMask();
    batch->columns.push_back(std::move(column));
  }
  return batch;
}

std::vector<DataType> typesOf(const CatalogTable& table) {
  std::vector<DataType> types;
  for (const Column& column : table.columns()) types.push_back(column.type);
  return types;
}

}  // namespace

ColumnarTablePtr columnarData(const CatalogTable& table) {
  TableDataPtr data = table.data();
  if (auto columnar = std::dynamic_pointer_cast<const ColumnarTable>(data)) return columnar;
  return ColumnarTable::make(typesOf(table), {}, {});
}

void replaceRows(CatalogTable& table, std::vector<BatchPtr> batches,
                 const PartitionLayout& layout) {
  table.setData(ColumnarTable::make(typesOf(table), std::move(batches), layout));
}

size_t executorThreads(const Config& config) {
  int64_t threads = config.getInt("planck.executor.threads");
  if (threads > 0) return static_cast<size_t>(threads);
  return std::max(1u, std::thread::hardware_concurrency());
}

PartitionLayout partitionLayout(const Config& config) {
  PartitionLayout layout;
  layout.max_partition_bytes = config.getInt("spark.sql.files.maxPartitionBytes");
  layout.threads = executorThreads(config);
  return layout;
}

std::vector<TablePartition> partitionBatches(std::vector<BatchPtr> batches,
                                             const PartitionLayout& layout) {
  std::vector<TablePartition> partitions;
  if (batches.empty()) return partitions;
  int64_t total = 0;
  for (const BatchPtr& batch : batches) total += static_cast<int64_t>(batch->bytes());
  int64_t threads = static_cast<int64_t>(std::max<size_t>(1, layout.threads));
  int64_t bytes_per_core = (total + threads - 1) / threads;
  int64_t split = std::max<int64_t>(1, std::min(layout.max_partition_bytes, bytes_per_core));
  int64_t wanted =
      std::clamp<int64_t>((total + split - 1) / split, 1, static_cast<int64_t>(batches.size()));
  // Batch j goes to the partition that holds the middle of its bytes when the table's bytes are
  // cut into `wanted` equal ranges: partitions come out within one batch of equal size, and
  // batches keep their order.
  partitions.resize(static_cast<size_t>(wanted));
  int64_t before = 0;
  for (BatchPtr& batch : batches) {
    auto bytes = static_cast<int64_t>(batch->bytes());
    auto middle = static_cast<__int128>(before) + bytes / 2;
    auto index = static_cast<size_t>(
        std::min<__int128>(wanted - 1, middle * wanted / std::max<int64_t>(1, total)));
    before += bytes;
    TablePartition& partition = partitions[index];
    partition.rows += static_cast<int64_t>(batch->rows);
    partition.bytes += bytes;
    partition.batches.push_back(std::move(batch));
  }
  std::erase_if(partitions, [](const TablePartition& p) { return p.batches.empty(); });
  return partitions;
}

std::vector<BatchPtr> rechunkBatches(const std::vector<DataType>& types,
                                     const std::vector<BatchPtr>& batches) {
  std::vector<BatchPtr> result;
  std::vector<Slice> pending;
  size_t pending_rows = 0;
  auto flush = [&] {
    if (pending.empty()) return;
    result.push_back(concatSlices(types, pending));
    pending.clear();
    pending_rows = 0;
  };
  for (const BatchPtr& batch : batches) {
    if (batch->rows == kBatchRows && pending.empty()) {
      result.push_back(batch);
      continue;
    }
    size_t from = 0;
    while (from < batch->rows) {
      size_t take = std::min(batch->rows - from, kBatchRows - pending_rows);
      pending.push_back({batch, from, take});
      pending_rows += take;
      from += take;
      if (pending_rows == kBatchRows) flush();
    }
  }
  flush();
  return result;
}

ColumnarTable::ColumnarTable(std::vector<DataType> types, std::vector<BatchPtr> batches,
                             const PartitionLayout& layout)
    : types_(std::move(types)) {
  std::erase_if(batches, [](const BatchPtr& batch) { return batch->rows == 0; });
  partitions_ = partitionBatches(std::move(batches), layout);
  for (const TablePartition& partition : partitions_) {
    rows_ += partition.rows;
    bytes_ += partition.bytes;
  }
}

std::vector<BatchPtr> ColumnarTable::batches() const {
  std::vector<BatchPtr> all;
  for (const TablePartition& partition : partitions_)
    all.insert(all.end(), partition.batches.begin(), partition.batches.end());
  return all;
}

ColumnarTablePtr ColumnarTable::appended(std::vector<BatchPtr> batches,
                                         const PartitionLayout& layout) const {
  std::vector<BatchPtr> all = this->batches();
  // Only the short batches at the seam are merged; full batches are shared as they are.
  std::vector<BatchPtr> seam;
  while (!all.empty() && all.back()->rows < kBatchRows) {
    seam.insert(seam.begin(), all.back());
    all.pop_back();
  }
  seam.insert(seam.end(), std::make_move_iterator(batches.begin()),
              std::make_move_iterator(batches.end()));
  for (BatchPtr& batch : rechunkBatches(types_, seam)) all.push_back(std::move(batch));
  return make(types_, std::move(all), layout);
}

}  // namespace planck
