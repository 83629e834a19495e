#include "logical/data_type.h"

#include <algorithm>

#include "fmt/format.h"

namespace planck {

DataType DataType::boundedDecimal(int precision, int scale) {
  if (precision <= kMaxDecimalPrecision) return decimal(std::max(precision, 1), scale);
  // Spark's DecimalType.adjustPrecisionScale with a maximum precision of 18.
  int integral_digits = precision - scale;
  int min_scale = std::min(scale, 6);
  int adjusted_scale = std::max(kMaxDecimalPrecision - integral_digits, min_scale);
  return decimal(kMaxDecimalPrecision, adjusted_scale);
}

std::string DataType::toString() const {
  switch (id_) {
    case TypeId::kNull:
      return "void";
    case TypeId::kBoolean:
      return "boolean";
    case TypeId::kInteger:
      return "int";
    case TypeId::kBigInt:
      return "bigint";
    case TypeId::kDouble:
      return "double";
    case TypeId::kDecimal:
      return fmt::format("decimal({},{})", precision_, scale_);
    case TypeId::kVarchar:
      return "string";
    case TypeId::kDate:
      return "date";
    case TypeId::kInterval:
      return "interval";
    case TypeId::kBinary:
      return "binary";
  }
  return "unknown";
}

std::string DataType::sqlName() const {
  switch (id_) {
    case TypeId::kNull:
      return "NULL";
    case TypeId::kBoolean:
      return "BOOLEAN";
    case TypeId::kInteger:
      return "INTEGER";
    case TypeId::kBigInt:
      return "BIGINT";
    case TypeId::kDouble:
      return "DOUBLE";
    case TypeId::kDecimal:
      return fmt::format("DECIMAL({},{})", precision_, scale_);
    case TypeId::kVarchar:
      return "VARCHAR";
    case TypeId::kDate:
      return "DATE";
    case TypeId::kInterval:
      return "INTERVAL";
    case TypeId::kBinary:
      return "BINARY";
  }
  return "UNKNOWN";
}

DataType DataType::asDecimal() const {
  switch (id_) {
    case TypeId::kInteger:
      return decimal(10, 0);
    case TypeId::kBigInt:
      return decimal(kMaxDecimalPrecision, 0);  // bigint needs 19 digits; capped at 18
    case TypeId::kDecimal:
      return *this;
    default:
      return decimal(kMaxDecimalPrecision, 0);
  }
}

namespace {

int numericRank(TypeId id) {
  switch (id) {
    case TypeId::kInteger:
      return 1;
    case TypeId::kBigInt:
      return 2;
    case TypeId::kDecimal:
      return 3;
    case TypeId::kDouble:
      return 4;
    default:
      return 0;
  }
}

DataType widerDecimal(DataType a, DataType b) {
  a = a.asDecimal();
  b = b.asDecimal();
  int scale = std::max(a.scale(), b.scale());
  int integral = std::max(a.precision() - a.scale(), b.precision() - b.scale());
  return DataType::boundedDecimal(integral + scale, scale);
}

}  // namespace

std::optional<DataType> commonType(DataType a, DataType b) {
  if (a == b) return a;
  if (a.isNull()) return b;
  if (b.isNull()) return a;
  if (a.isNumeric() && b.isNumeric()) {
    TypeId wider = numericRank(a.id()) >= numericRank(b.id()) ? a.id() : b.id();
    if (wider == TypeId::kDecimal) return widerDecimal(a, b);
    if (wider == TypeId::kDouble) return DataType::float64();
    return wider == TypeId::kBigInt ? DataType::bigint() : DataType::integer();
  }
  // A string meets a date or a number: the string is read as that type (string literals
  // compared with dates are the common case: l_shipdate >= '1994-01-01').
  if (a.isString() && (b.id() == TypeId::kDate || b.isNumeric())) return b;
  if (b.isString() && (a.id() == TypeId::kDate || a.isNumeric())) return a;
  // A string meets a binary: the string's UTF-8 bytes (Spark's TypeCoercion casts the string
  // side of a comparison to the other atomic type, BinaryType included).
  if ((a.isString() && b.isBinary()) || (a.isBinary() && b.isString())) return DataType::binary();
  return std::nullopt;
}

std::optional<DataType> comparisonType(DataType a, DataType b) {
  if ((a.isBinary() && b.isIntegral()) || (a.isIntegral() && b.isBinary()))
    return DataType::binary();
  return commonType(a, b);
}

bool canCast(DataType from, DataType to) {
  if (from == to || from.isNull()) return true;
  if (to.id() == TypeId::kInterval || from.id() == TypeId::kInterval) return false;
  // Spark's Cast.canCast: strings and integral numbers cast to BINARY; BINARY casts to strings.
  if (to.isBinary()) return from.isString() || from.isIntegral();
  if (from.isBinary()) return to.isString();
  if (to.isString() || from.isString()) return true;
  if (from.isNumeric() && to.isNumeric()) return true;
  if (from.id() == TypeId::kBoolean && to.isNumeric()) return true;
  if (from.isNumeric() && to.id() == TypeId::kBoolean) return true;
  return false;
}

}  // namespace planck
