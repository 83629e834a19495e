#include "runtime/exec/row_keys.h"

#include <cmath>
#include <cstring>

namespace planck {
namespace {

template <class T>
void appendFixed(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

}  // namespace

void RowKeys::encode(const std::vector<const Vector*>& columns, size_t rows) {
  // Row by row keeps each key contiguous; the per-column switch is cheap next to the hashing.
  bytes_.clear();
  offsets_.assign(1, 0);
  offsets_.reserve(rows + 1);
  has_null_.assign(rows, 0);
  for (size_t row = 0; row < rows; ++row) {
    for (const Vector* column : columns) {
      bool null = column->isNull(row);
      bytes_.push_back(null ? 1 : 0);
      if (null) {
        has_null_[row] = 1;
        continue;
      }
      switch (column->type().id()) {
        case TypeId::kBoolean:
          bytes_.push_back(static_cast<char>(column->values<uint8_t>()[row]));
          break;
        case TypeId::kInteger:
        case TypeId::kDate:
          appendFixed(bytes_, column->values<int32_t>()[row]);
          break;
        case TypeId::kBigInt:
        case TypeId::kDecimal:
          appendFixed(bytes_, column->values<int64_t>()[row]);
          break;
        case TypeId::kDouble: {
          double value = column->values<double>()[row];
          if (value == 0.0) value = 0.0;  // -0.0 groups with 0.0
          if (std::isnan(value)) value = std::nan("");
          appendFixed(bytes_, value);
          break;
        }
        case TypeId::kVarchar: {
          std::string_view text = column->string(row);
          appendFixed(bytes_, static_cast<uint32_t>(text.size()));
          bytes_.append(text);
          break;
        }
        case TypeId::kNull:
        case TypeId::kInterval:
          break;
      }
    }
    offsets_.push_back(static_cast<uint32_t>(bytes_.size()));
  }
}

void decodeRowKey(std::string_view key, const std::vector<DataType>& types,
                  std::vector<Vector*>& columns) {
  size_t at = 0;
  auto read = [&](auto& value) {
    std::memcpy(&value, key.data() + at, sizeof(value));
    at += sizeof(value);
  };
  for (size_t i = 0; i < types.size(); ++i) {
    Vector& column = *columns[i];
    bool null = key[at++] != 0;
    if (null) {
      column.appendNull();
      continue;
    }
    switch (types[i].id()) {
      case TypeId::kBoolean:
        column.append<uint8_t>(static_cast<uint8_t>(key[at++]));
        break;
      case TypeId::kInteger:
      case TypeId::kDate: {
        int32_t value;
        read(value);
        column.append(value);
        break;
      }
      case TypeId::kBigInt:
      case TypeId::kDecimal: {
        int64_t value;
        read(value);
        column.append(value);
        break;
      }
      case TypeId::kDouble: {
        double value;
        read(value);
        column.append(value);
        break;
      }
      case TypeId::kVarchar: {
        uint32_t length;
        read(length);
        column.appendString(key.substr(at, length));
        at += length;
        break;
      }
      case TypeId::kNull:
      case TypeId::kInterval:
        column.appendNull();
        break;
    }
  }
}

}  // namespace planck
