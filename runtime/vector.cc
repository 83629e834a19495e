#include "runtime/vector.h"

#include <algorithm>
#include <cassert>

namespace planck {

size_t storageWidth(DataType type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return 1;
    case TypeId::kInteger:
    case TypeId::kDate:
      return 4;
    case TypeId::kBigInt:
    case TypeId::kDecimal:
    case TypeId::kDouble:
      return 8;
    case TypeId::kNull:
    case TypeId::kVarchar:
    case TypeId::kBinary:
    case TypeId::kInterval:
      return 0;
  }
  return 0;
}

Vector::Vector(DataType type, size_t size) : type_(type), size_(size) {
  if (type.storedAsBytes()) {
    offsets_.assign(size + 1, 0);
  } else {
    data_.assign(size * storageWidth(type), 0);
  }
  if (type.isNull()) nulls_.assign(size, 1);
}

VectorPtr Vector::constant(const Value& value, DataType type, size_t size) {
  if (type.storedAsBytes() && !value.isNull()) {
    auto vector = std::make_shared<Vector>(type, 0);
    vector->reserve(size, size * value.asString().size());
    for (size_t i = 0; i < size; ++i) vector->appendString(value.asString());
    return vector;
  }
  auto vector = std::make_shared<Vector>(type, size);
  if (value.isNull()) {
    if (size > 0) std::memset(vector->mutableNullMask(), 1, size);
    return vector;
  }
  switch (type.id()) {
    case TypeId::kBoolean:
      std::fill_n(vector->values<uint8_t>(), size, value.asBool() ? 1 : 0);
      break;
    case TypeId::kInteger:
    case TypeId::kDate:
      std::fill_n(vector->values<int32_t>(), size, static_cast<int32_t>(value.asInt()));
      break;
    case TypeId::kBigInt:
    case TypeId::kDecimal:
      std::fill_n(vector->values<int64_t>(), size, value.asInt());
      break;
    case TypeId::kDouble:
      std::fill_n(vector->values<double>(), size, value.asDouble());
      break;
    default:
      break;
  }
  return vector;
}

void Vector::truncate(size_t rows) {
  assert(!type_.storedAsBytes() && rows <= size_);
  data_.resize(rows * storageWidth(type_));
  if (!nulls_.empty()) nulls_.resize(rows);
  size_ = rows;
}

uint8_t* Vector::mutableNullMask() {
  if (nulls_.empty()) nulls_.assign(size_, 0);
  return nulls_.data();
}

void Vector::compactNullMask() {
  if (type_.isNull()) return;
  for (uint8_t null : nulls_) {
    if (null != 0) return;
  }
  nulls_.clear();
  nulls_.shrink_to_fit();
}

void Vector::appendString(std::string_view text) {
  assert(type_.storedAsBytes());
  chars_.append(text);
  offsets_.push_back(static_cast<uint32_t>(chars_.size()));
  if (!nulls_.empty()) nulls_.push_back(0);
  ++size_;
}

void Vector::appendNull() {
  if (nulls_.empty()) nulls_.assign(size_, 0);
  if (type_.storedAsBytes()) {
    offsets_.push_back(static_cast<uint32_t>(chars_.size()));
  } else {
    data_.resize(data_.size() + storageWidth(type_), 0);
  }
  nulls_.push_back(1);
  ++size_;
}

void Vector::reserve(size_t rows, size_t string_bytes) {
  if (type_.storedAsBytes()) {
    offsets_.reserve(rows + 1);
    chars_.reserve(string_bytes);
  } else {
    data_.reserve(rows * storageWidth(type_));
  }
}

Value Vector::valueAt(size_t row) const {
  if (isNull(row) || type_.isNull()) return Value::null(type_);
  switch (type_.id()) {
    case TypeId::kBoolean:
      return Value::boolean(values<uint8_t>()[row] != 0);
    case TypeId::kInteger:
      return Value::integer(values<int32_t>()[row]);
    case TypeId::kDate:
      return Value::date(values<int32_t>()[row]);
    case TypeId::kBigInt:
      return Value::bigint(values<int64_t>()[row]);
    case TypeId::kDecimal:
      return Value::decimal(values<int64_t>()[row], type_.precision(), type_.scale());
    case TypeId::kDouble:
      return Value::float64(values<double>()[row]);
    case TypeId::kVarchar:
      return Value::varchar(std::string(string(row)));
    case TypeId::kBinary:
      return Value::binary(std::string(string(row)));
    case TypeId::kNull:
    case TypeId::kInterval:
      break;
  }
  return Value::null(type_);
}

size_t Vector::bytes() const {
  return data_.size() + nulls_.size() + offsets_.size() * sizeof(uint32_t) + chars_.size();
}

size_t Batch::bytes() const {
  size_t total = 0;
  for (const VectorPtr& column : columns) total += column->bytes();
  return total;
}

namespace {

template <class T>
void gatherValues(const Vector& source, Vector& target, const uint32_t* selection, size_t count) {
  const T* in = source.values<T>();
  T* out = target.values<T>();
  for (size_t i = 0; i < count; ++i) out[i] = in[selection[i]];
}

}  // namespace

VectorPtr gather(const Vector& source, const uint32_t* selection, size_t count) {
  DataType type = source.type();
  if (type.storedAsBytes()) {
    // Offsets first (a NULL row is an empty string), then each row's bytes copied to its place.
    auto target = std::make_shared<Vector>(type, 0);
    const uint32_t* offsets = source.offsets_.data();
    target->offsets_.resize(count + 1);
    uint32_t* out_offsets = target->offsets_.data();
    uint32_t bytes = 0;
    out_offsets[0] = 0;
    for (size_t i = 0; i < count; ++i) {
      bytes += offsets[selection[i] + 1] - offsets[selection[i]];
      out_offsets[i + 1] = bytes;
    }
    target->chars_.resize(bytes);
    char* out = target->chars_.data();
    const char* in = source.chars_.data();
    for (size_t i = 0; i < count; ++i) {
      std::memcpy(out + out_offsets[i], in + offsets[selection[i]],
                  out_offsets[i + 1] - out_offsets[i]);
    }
    target->size_ = count;
    if (const uint8_t* nulls = source.nullMask()) {
      uint8_t* mask = target->mutableNullMask();
      for (size_t i = 0; i < count; ++i) mask[i] = nulls[selection[i]];
      target->compactNullMask();
    }
    return target;
  }
  auto target = std::make_shared<Vector>(type, count);
  switch (storageWidth(type)) {
    case 1:
      gatherValues<uint8_t>(source, *target, selection, count);
      break;
    case 4:
      gatherValues<int32_t>(source, *target, selection, count);
      break;
    case 8:
      gatherValues<int64_t>(source, *target, selection, count);
      break;
    default:
      break;
  }
  if (source.hasNulls() && !type.isNull()) {
    const uint8_t* in = source.nullMask();
    uint8_t* out = target->mutableNullMask();
    for (size_t i = 0; i < count; ++i) out[i] = in[selection[i]];
    target->compactNullMask();
  }
  return target;
}

Batch gather(const Batch& batch, const uint32_t* selection, size_t count) {
  Batch out;
  out.rows = count;
  out.columns.reserve(batch.columns.size());
  for (const VectorPtr& column : batch.columns)
    out.columns.push_back(gather(*column, selection, count));
  return out;
}

}  // namespace planck
