#include "runtime/exec/batch_ops.h"

#include <algorithm>
#include <cstring>

namespace planck {

void appendVector(Vector& target, const Vector& source) {
  size_t rows = source.size();
  if (source.type().storedAsBytes()) {
    for (size_t row = 0; row < rows; ++row) {
      if (source.isNull(row)) {
        target.appendNull();
      } else {
        target.appendString(source.string(row));
      }
    }
    return;
  }
  size_t width = storageWidth(source.type());
  for (size_t row = 0; row < rows; ++row) {
    if (source.isNull(row)) {
      target.appendNull();
      continue;
    }
    switch (width) {
      case 1:
        target.append(source.values<uint8_t>()[row]);
        break;
      case 4:
        target.append(source.values<int32_t>()[row]);
        break;
      case 8:
        target.append(source.values<int64_t>()[row]);
        break;
      default:
        target.appendNull();
    }
  }
}

namespace {

// `batches`' column `c` (fixed width) as one vector: the values copied a batch at a time.
VectorPtr concatenateFixed(const std::vector<BatchPtr>& batches, size_t c, DataType type,
                           size_t rows) {
  auto column = Vector::make(type, rows);
  size_t width = storageWidth(type);
  auto* values = reinterpret_cast<uint8_t*>(column->values<uint8_t>());
  size_t at = 0;
  for (const BatchPtr& batch : batches) {
    const Vector& part = *batch->columns[c];
    size_t count = std::min(part.size(), batch->rows);
    if (count > 0) std::memcpy(values + at * width, part.values<uint8_t>(), count * width);
    if (const uint8_t* nulls = part.nullMask(); nulls != nullptr && count > 0) {
      std::memcpy(column->mutableNullMask() + at, nulls, count);
    }
    at += batch->rows;
  }
  return column;
}

}  // namespace

Batch concatenate(const std::vector<BatchPtr>& batches, const std::vector<DataType>& types) {
  Batch out;
  size_t rows = 0;
  for (const BatchPtr& batch : batches) rows += batch->rows;
  for (size_t c = 0; c < types.size(); ++c) {
    if (storageWidth(types[c]) > 0) {
      out.columns.push_back(concatenateFixed(batches, c, types[c], rows));
      continue;
    }
    auto column = Vector::make(types[c], 0);
    size_t bytes = 0;
    if (types[c].storedAsBytes()) {
      for (const BatchPtr& batch : batches) {
        const Vector& part = *batch->columns[c];
        if (part.size() > 0) bytes += part.offsets()[part.size()] - part.offsets()[0];
      }
    }
    column->reserve(rows, bytes);
    for (const BatchPtr& batch : batches) appendVector(*column, *batch->columns[c]);
    out.columns.push_back(std::move(column));
  }
  out.rows = rows;
  return out;
}

std::vector<BatchPtr> flatten(std::vector<std::vector<BatchPtr>> partitions) {
  std::vector<BatchPtr> all;
  for (auto& partition : partitions) {
    for (BatchPtr& batch : partition) all.push_back(std::move(batch));
  }
  return all;
}

}  // namespace planck
