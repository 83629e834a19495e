// Value: one typed SQL value (a literal), NULL included.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "absl/status/statusor.h"
#include "logical/data_type.h"

namespace planck {

// An INTERVAL value: calendar months plus days (what date arithmetic needs).
struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  bool operator==(const Interval&) const = default;
};

// A typed value. Integers, dates and decimals (unscaled) are held as int64.
class Value {
 public:
  Value() = default;  // NULL of type void
  static Value null(DataType type) { return Value(type, std::monostate{}); }
  static Value boolean(bool value) { return Value(DataType::boolean(), value); }
  static Value integer(int32_t value) { return Value(DataType::integer(), int64_t{value}); }
  static Value bigint(int64_t value) { return Value(DataType::bigint(), value); }
  static Value float64(double value) { return Value(DataType::float64(), value); }
  static Value varchar(std::string value) { return Value(DataType::varchar(), std::move(value)); }
  static Value date(int32_t days) { return Value(DataType::date(), int64_t{days}); }
  static Value interval(Interval value) { return Value(DataType::interval(), value); }
  // A BINARY value: `bytes` holds the bytes, not text.
  static Value binary(std::string bytes) { return Value(DataType::binary(), std::move(bytes)); }
  // A DECIMAL(precision, scale) from its unscaled integer.
  static Value decimal(int64_t unscaled, int precision, int scale) {
    return Value(DataType::decimal(precision, scale), unscaled);
  }

  const DataType& type() const { return type_; }
  bool isNull() const { return std::holds_alternative<std::monostate>(data_); }

  bool asBool() const { return std::get<bool>(data_); }
  // INTEGER, BIGINT, DATE (days) and DECIMAL (unscaled) values.
  int64_t asInt() const { return std::get<int64_t>(data_); }
  double asDouble() const { return std::get<double>(data_); }
  // VARCHAR text or BINARY bytes.
  const std::string& asString() const { return std::get<std::string>(data_); }
  Interval asInterval() const { return std::get<Interval>(data_); }

  // Display form, as Spark prints literals in plans: 1, 0.06, BRASS, 1998-09-02, NULL,
  // [30 31 32] for BINARY.
  std::string toString() const;
  // SQL literal form that parses back to the same value: 'BRASS', DATE '1998-09-02', X'303132'.
  std::string toSql() const;

  bool operator==(const Value& other) const = default;
  size_t hash() const;

 private:
  using Data = std::variant<std::monostate, bool, int64_t, double, std::string, Interval>;
  Value(DataType type, Data data) : type_(type), data_(std::move(data)) {}
  DataType type_;
  Data data_;
};

// Days since 1970-01-01 for a proleptic Gregorian date, or an error for an invalid date.
absl::StatusOr<int32_t> parseDate(std::string_view text);
// yyyy-mm-dd for days since 1970-01-01.
std::string formatDate(int32_t days);
// Days since 1970-01-01 of year/month/day (month 1-12).
int32_t daysFromCivil(int64_t year, unsigned month, unsigned day);

// Parses a numeric literal: INTEGER if it fits, else BIGINT, DECIMAL for "1.5", DOUBLE for
// exponent forms ("1e3") or decimals beyond 18 digits.
absl::StatusOr<Value> parseNumber(std::string_view text);

// Formats an unscaled decimal: (12345, 2) -> "123.45".
std::string formatDecimal(int64_t unscaled, int scale);

// The bytes two hex digits each (either case) spell: "30a1" -> "\x30\xA1". nullopt for a
// non-hex digit, or for an odd count unless `pad_odd` reads the count as having a leading 0
// (Spark's unhex does; an X'...' literal does not).
std::optional<std::string> bytesFromHex(std::string_view hex, bool pad_odd);
// Two uppercase hex digits per byte: "\x30\xA1" -> "30A1".
std::string hexOf(std::string_view bytes);

}  // namespace planck
