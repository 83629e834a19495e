#include "runtime/exec/batch_ops.h"

#include <cstring>

namespace planck {

void appendVector(Vector& target, const Vector& source) {
  size_t rows = source.size();
  if (source.type().isString()) {
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

Batch concatenate(const std::vector<BatchPtr>& batches, const std::vector<DataType>& types) {
  Batch out;
  size_t rows = 0;
  for (const BatchPtr& batch : batches) rows += batch->rows;
  for (size_t c = 0; c < types.size(); ++c) {
    auto column = Vector::make(types[c], 0);
    size_t bytes = 0;
    if (types[c].isString()) {
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

}  // namespace planck
