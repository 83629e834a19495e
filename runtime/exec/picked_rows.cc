#include "runtime/exec/picked_rows.h"

#include <cmath>

#include "runtime/exec/sort.h"

namespace planck {
namespace {

template <class T>
void pickValues(Vector& target, const PickedRow* picks, size_t count) {
  T* out = target.values<T>();
  for (size_t i = 0; i < count; ++i) {
    const Vector* column = picks[i].column;
    if (column == nullptr || column->isNull(picks[i].row)) {
      target.setNull(i);  // the slot stays zero
    } else {
      out[i] = column->values<T>()[picks[i].row];
    }
  }
}

}  // namespace

VectorPtr pickRows(DataType type, const PickedRow* picks, size_t count) {
  if (type.isNull()) return Vector::make(type, count);
  if (type.storedAsBytes()) {
    auto target = Vector::make(type, 0);
    size_t bytes = 0;
    for (size_t i = 0; i < count; ++i) {
      if (picks[i].column != nullptr) bytes += picks[i].column->string(picks[i].row).size();
    }
    target->reserve(count, bytes);
    for (size_t i = 0; i < count; ++i) {
      const Vector* column = picks[i].column;
      if (column == nullptr || column->isNull(picks[i].row)) {
        target->appendNull();
      } else {
        target->appendString(column->string(picks[i].row));
      }
    }
    return target;
  }
  auto target = Vector::make(type, count);
  switch (storageWidth(type)) {
    case 1:
      pickValues<uint8_t>(*target, picks, count);
      break;
    case 4:
      pickValues<int32_t>(*target, picks, count);
      break;
    default:
      pickValues<int64_t>(*target, picks, count);
      break;
  }
  return target;
}

int compareAcross(const Vector& left, size_t a, const Vector& right, size_t b) {
  bool a_null = left.isNull(a), b_null = right.isNull(b);
  if (a_null || b_null) return a_null == b_null ? 0 : (a_null ? -1 : 1);
  switch (left.type().id()) {
    case TypeId::kBoolean:
      return compareValues(left.values<uint8_t>()[a], right.values<uint8_t>()[b]);
    case TypeId::kInteger:
    case TypeId::kDate:
      return compareValues(left.values<int32_t>()[a], right.values<int32_t>()[b]);
    case TypeId::kBigInt:
    case TypeId::kDecimal:
      return compareValues(left.values<int64_t>()[a], right.values<int64_t>()[b]);
    case TypeId::kDouble:
      return compareValues(left.values<double>()[a], right.values<double>()[b]);
    case TypeId::kVarchar:
    case TypeId::kBinary: {
      int c = left.string(a).compare(right.string(b));
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TypeId::kNull:
    case TypeId::kInterval:
      return 0;
  }
  return 0;
}

}  // namespace planck
