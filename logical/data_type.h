// DataType: the SQL types planck supports, with Spark's names for display.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace planck {

// The kind of a type; DECIMAL also carries precision and scale.
enum class TypeId : uint8_t {
  kNull,  // the type of an untyped NULL literal (Spark's "void")
  kBoolean,
  kInteger,  // 32-bit
  kBigInt,   // 64-bit
  kDouble,
  kDecimal,   // DECIMAL(p, s), p <= 18, stored as a scaled int64
  kVarchar,   // CHAR(n) and VARCHAR(n) are accepted in DDL and read as VARCHAR
  kDate,      // days since 1970-01-01
  kInterval,  // INTERVAL literals: months and days, for date arithmetic
  kBinary,    // BINARY (Spark's BinaryType): a byte string; VARBINARY and BLOB read as BINARY
};

// A value type: cheap to copy and compare.
class DataType {
 public:
  static constexpr int kMaxDecimalPrecision = 18;

  constexpr DataType() = default;
  static constexpr DataType null() { return DataType(TypeId::kNull); }
  static constexpr DataType boolean() { return DataType(TypeId::kBoolean); }
  static constexpr DataType integer() { return DataType(TypeId::kInteger); }
  static constexpr DataType bigint() { return DataType(TypeId::kBigInt); }
  static constexpr DataType float64() { return DataType(TypeId::kDouble); }
  static constexpr DataType varchar() { return DataType(TypeId::kVarchar); }
  static constexpr DataType date() { return DataType(TypeId::kDate); }
  static constexpr DataType interval() { return DataType(TypeId::kInterval); }
  static constexpr DataType binary() { return DataType(TypeId::kBinary); }
  // DECIMAL(precision, scale); the caller guarantees 1 <= precision <= 18, scale <= precision.
  static constexpr DataType decimal(int precision, int scale) {
    DataType type(TypeId::kDecimal);
    type.precision_ = static_cast<uint8_t>(precision);
    type.scale_ = static_cast<uint8_t>(scale);
    return type;
  }
  // DECIMAL(p, s) with precision above 18 reduced as Spark does when precision is lost: the
  // integral digits are kept and the scale shrinks, but not below min(scale, 6).
  static DataType boundedDecimal(int precision, int scale);

  TypeId id() const { return id_; }
  int precision() const { return precision_; }
  int scale() const { return scale_; }

  bool isNull() const { return id_ == TypeId::kNull; }
  bool isNumeric() const {
    return id_ == TypeId::kInteger || id_ == TypeId::kBigInt || id_ == TypeId::kDouble ||
           id_ == TypeId::kDecimal;
  }
  bool isIntegral() const { return id_ == TypeId::kInteger || id_ == TypeId::kBigInt; }
  bool isDecimal() const { return id_ == TypeId::kDecimal; }
  bool isString() const { return id_ == TypeId::kVarchar; }
  bool isBinary() const { return id_ == TypeId::kBinary; }
  // VARCHAR or BINARY: values are byte strings, stored in the string vector layout
  // (runtime/vector.h) and compared as unsigned bytes.
  bool storedAsBytes() const { return id_ == TypeId::kVarchar || id_ == TypeId::kBinary; }

  // Spark's simple name: int, bigint, double, decimal(15,2), string, binary, date, boolean, void.
  std::string toString() const;
  // The SQL name used in DDL and error messages: INTEGER, DECIMAL(15,2), VARCHAR, ...
  std::string sqlName() const;

  // The decimal type that holds every value of an integral or decimal type exactly.
  DataType asDecimal() const;

  bool operator==(const DataType& other) const = default;

 private:
  constexpr explicit DataType(TypeId id) : id_(id) {}
  TypeId id_ = TypeId::kNull;
  uint8_t precision_ = 0;
  uint8_t scale_ = 0;
};

// The narrowest type both `a` and `b` convert to without losing their meaning (for
// comparisons, CASE branches, IN lists, set operations), or nullopt when there is none.
// Numeric widening follows integer -> bigint -> decimal -> double.
std::optional<DataType> commonType(DataType a, DataType b);

// The type both sides of a comparison (=, <, IN list, IN subquery) are cast to: commonType, and
// also BINARY for BINARY against INTEGER or BIGINT, the number cast with CAST(n AS BINARY).
// Spark rejects that comparison; planck answers it as SQLite does (docs/sql-semantics.md).
std::optional<DataType> comparisonType(DataType a, DataType b);

// Whether CAST from `from` to `to` is allowed.
bool canCast(DataType from, DataType to);

}  // namespace planck
