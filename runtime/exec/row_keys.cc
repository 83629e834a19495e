#include "runtime/exec/row_keys.h"

#include <cmath>
#include <cstring>
#include <type_traits>

namespace planck {
namespace {

// Writes column `column`'s value of every row at `cursor[row]` (the row's next free byte) and
// advances the cursors: one type dispatch per column rather than per value.
template <class T>
void writeFixed(const Vector& column, size_t rows, char* bytes, uint32_t* cursor,
                uint8_t* has_null) {
  const T* values = column.values<T>();
  const uint8_t* nulls = column.nullMask();
  for (size_t row = 0; row < rows; ++row) {
    char* at = bytes + cursor[row];
    if (nulls != nullptr && nulls[row] != 0) {
      *at = 1;
      has_null[row] = 1;
      cursor[row] += 1;
      continue;
    }
    T value = values[row];
    if constexpr (std::is_same_v<T, double>) {
      if (value == 0.0) value = 0.0;  // -0.0 groups with 0.0
      if (std::isnan(value)) value = std::nan("");
    }
    *at = 0;
    std::memcpy(at + 1, &value, sizeof(T));
    cursor[row] += 1 + sizeof(T);
  }
}

}  // namespace

void RowKeys::encode(const std::vector<const Vector*>& columns, size_t rows) {
  // Column at a time: first each row's length (the offsets), then each column's values written
  // at its rows' cursors, so the type switch runs once per column and no byte is appended.
  has_null_.assign(rows, 0);
  offsets_.resize(rows + 1);
  // Each row's length in cursor_ first: a flag byte per column, the fixed width of each valid
  // fixed-width value, 4 + the length of each valid string.
  uint32_t fixed = 0;
  for (const Vector* column : columns) {
    fixed += 1 + static_cast<uint32_t>(storageWidth(column->type()));
  }
  cursor_.assign(rows, fixed);
  uint32_t* length = cursor_.data();
  for (const Vector* column : columns) {
    auto width = static_cast<uint32_t>(storageWidth(column->type()));
    bool text = column->type().storedAsBytes();
    if (!text && (width == 0 || !column->hasNulls())) continue;
    for (size_t row = 0; row < rows; ++row) {
      if (column->isNull(row)) {
        length[row] -= width;
      } else if (text) {
        length[row] += static_cast<uint32_t>(sizeof(uint32_t) + column->string(row).size());
      }
    }
  }
  uint64_t total = 0;
  for (size_t row = 0; row < rows; ++row) {
    offsets_[row] = static_cast<uint32_t>(total);
    total += length[row];
  }
  offsets_[rows] = static_cast<uint32_t>(total);
  bytes_.resize(total);
  cursor_.assign(offsets_.begin(), offsets_.end() - 1);
  char* bytes = bytes_.data();
  uint32_t* cursor = cursor_.data();
  uint8_t* has_null = has_null_.data();
  for (const Vector* column : columns) {
    switch (column->type().id()) {
      case TypeId::kBoolean:
        writeFixed<uint8_t>(*column, rows, bytes, cursor, has_null);
        break;
      case TypeId::kInteger:
      case TypeId::kDate:
        writeFixed<int32_t>(*column, rows, bytes, cursor, has_null);
        break;
      case TypeId::kBigInt:
      case TypeId::kDecimal:
        writeFixed<int64_t>(*column, rows, bytes, cursor, has_null);
        break;
      case TypeId::kDouble:
        writeFixed<double>(*column, rows, bytes, cursor, has_null);
        break;
      case TypeId::kVarchar:
      case TypeId::kBinary:
        for (size_t row = 0; row < rows; ++row) {
          char* at = bytes + cursor[row];
          if (column->isNull(row)) {
            *at = 1;
            has_null[row] = 1;
            cursor[row] += 1;
            continue;
          }
          std::string_view text = column->string(row);
          auto length = static_cast<uint32_t>(text.size());
          *at = 0;
          std::memcpy(at + 1, &length, sizeof(length));
          std::memcpy(at + 1 + sizeof(length), text.data(), text.size());
          cursor[row] += 1 + sizeof(length) + length;
        }
        break;
      case TypeId::kNull:
      case TypeId::kInterval:
        for (size_t row = 0; row < rows; ++row) {
          // No value bytes: a NULL-typed column is NULL in every row; an INTERVAL key writes its
          // flag only.
          bool null = column->isNull(row);
          bytes[cursor[row]] = null ? 1 : 0;
          if (null) has_null[row] = 1;
          cursor[row] += 1;
        }
        break;
    }
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
      case TypeId::kVarchar:
      case TypeId::kBinary: {
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
