#include "logical/value.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <iterator>
#include <string>

#include "absl/hash/hash.h"
#include "common/status.h"
#include "common/strings.h"
#include "fmt/format.h"

namespace planck {

// Howard Hinnant's days_from_civil (http://howardhinnant.github.io/date_algorithms.html).
int32_t daysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<int32_t>(era * 146097 + static_cast<int64_t>(day_of_era) - 719468);
}

std::string formatDate(int32_t days) {
  // Hinnant's civil_from_days.
  int64_t z = int64_t{days} + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned day_of_era = static_cast<unsigned>(z - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t year = static_cast<int64_t>(year_of_era) + era * 400;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  year += month <= 2;
  return fmt::format("{:04d}-{:02d}-{:02d}", year, month, day);
}

absl::StatusOr<int32_t> parseDate(std::string_view text) {
  text = trim(text);
  auto bad = [&] {
    return absl::InvalidArgumentError(toAbsl(fmt::format("invalid date '{}'", text)));
  };
  size_t first = text.find('-', 1);
  size_t second = first == std::string_view::npos ? first : text.find('-', first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos) return bad();
  auto year_part = parseInt64(text.substr(0, first));
  auto month_part = parseInt64(text.substr(first + 1, second - first - 1));
  auto day_part = parseInt64(text.substr(second + 1));
  if (!year_part || !month_part || !day_part || *month_part < 1 || *day_part < 1) return bad();
  int64_t year = *year_part;
  unsigned month = static_cast<unsigned>(*month_part), day = static_cast<unsigned>(*day_part);
  static constexpr unsigned kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month > 12) return bad();
  unsigned limit = kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day > limit || year < 1 || year > 9999) return bad();
  return daysFromCivil(year, month, day);
}

std::string formatDecimal(int64_t unscaled, int scale) {
  if (scale == 0) return std::to_string(unscaled);
  bool negative = unscaled < 0;
  // Work in unsigned to survive INT64_MIN.
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(unscaled) : unscaled;
  std::string digits = std::to_string(magnitude);
  if (static_cast<int>(digits.size()) <= scale) {
    digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
  }
  digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  return negative ? "-" + digits : digits;
}

absl::StatusOr<Value> parseNumber(std::string_view text) {
  // A sign does not count towards a decimal's precision: parse the magnitude, then negate.
  if (!text.empty() && text.front() == '-' && text.find_first_of(".eE") != std::string_view::npos &&
      text.find_first_of("eE") == std::string_view::npos) {
    auto magnitude = parseNumber(text.substr(1));
    if (!magnitude.ok()) return magnitude;
    if (magnitude->type().isDecimal()) {
      return Value::decimal(-magnitude->asInt(), magnitude->type().precision(),
                            magnitude->type().scale());
    }
    if (magnitude->type().id() == TypeId::kDouble) return Value::float64(-magnitude->asDouble());
  }
  auto bad = [&] {
    return absl::InvalidArgumentError(toAbsl(fmt::format("invalid number '{}'", text)));
  };
  bool has_exponent = text.find_first_of("eE") != std::string_view::npos;
  size_t dot = text.find('.');
  if (!has_exponent && dot == std::string_view::npos) {
    if (auto value = parseInt64(text)) {
      if (*value >= INT32_MIN && *value <= INT32_MAX)
        return Value::integer(static_cast<int32_t>(*value));
      return Value::bigint(*value);
    }
    if (auto as_double = parseDouble(text)) return Value::float64(*as_double);
    return bad();
  }
  if (!has_exponent) {
    std::string digits = std::string(text.substr(0, dot)) + std::string(text.substr(dot + 1));
    int scale = static_cast<int>(text.size() - dot - 1);
    // Leading zeros do not count towards precision: 0.06 is DECIMAL(2,2).
    size_t first_nonzero = digits.find_first_not_of('0');
    int precision =
        first_nonzero == std::string::npos ? 1 : static_cast<int>(digits.size() - first_nonzero);
    precision = std::max(precision, scale);
    if (precision == 0) precision = 1;
    if (precision <= DataType::kMaxDecimalPrecision) {
      if (auto unscaled = parseInt64(digits.empty() ? "0" : digits)) {
        return Value::decimal(*unscaled, precision, scale);
      }
    }
  }
  auto value = parseDouble(text);
  if (!value) return bad();
  return Value::float64(*value);
}

namespace {

// The value of one hex digit, or -1.
int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr char kHexDigits[] = "0123456789ABCDEF";

}  // namespace

std::optional<std::string> bytesFromHex(std::string_view hex, bool pad_odd) {
  if (hex.size() % 2 != 0 && !pad_odd) return std::nullopt;
  std::string bytes;
  bytes.reserve((hex.size() + 1) / 2);
  size_t at = 0;
  if (hex.size() % 2 != 0) {
    int low = hexDigit(hex[0]);
    if (low < 0) return std::nullopt;
    bytes.push_back(static_cast<char>(low));
    at = 1;
  }
  for (; at < hex.size(); at += 2) {
    int high = hexDigit(hex[at]), low = hexDigit(hex[at + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

std::string hexOf(std::string_view bytes) {
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    hex.push_back(kHexDigits[byte >> 4]);
    hex.push_back(kHexDigits[byte & 0xF]);
  }
  return hex;
}

std::string Value::toString() const {
  if (isNull()) return "null";
  switch (type_.id()) {
    case TypeId::kBoolean:
      return asBool() ? "true" : "false";
    case TypeId::kInteger:
    case TypeId::kBigInt:
      return std::to_string(asInt());
    case TypeId::kDouble: {
      double value = asDouble();
      std::string text = fmt::format("{}", value);
      if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
      return text;
    }
    case TypeId::kDecimal:
      return formatDecimal(asInt(), type_.scale());
    case TypeId::kVarchar:
      return asString();
    case TypeId::kBinary: {
      // As Spark's Dataset.show (Dataset.scala, showString): each byte as two uppercase hex
      // digits, space-separated, in brackets: X'303132' shows [30 31 32].
      std::string text = "[";
      for (size_t i = 0; i < asString().size(); ++i) {
        if (i > 0) text += ' ';
        text += hexOf(std::string_view(asString()).substr(i, 1));
      }
      return text + "]";
    }
    case TypeId::kDate:
      return formatDate(static_cast<int32_t>(asInt()));
    case TypeId::kInterval: {
      Interval interval = asInterval();
      std::string text = "INTERVAL";
      if (interval.months != 0) text += fmt::format(" '{}' MONTH", interval.months);
      if (interval.days != 0 || interval.months == 0)
        text += fmt::format(" '{}' DAY", interval.days);
      return text;
    }
    case TypeId::kNull:
      return "null";
  }
  return "?";
}

namespace {

// The SQL literal of a double: the shortest digits that read back as the same value, laid out as
// Java's Double.toString lays them out (Spark names a double literal that way: 1000.0, 1.0E-4),
// but always with an exponent: the grammar reads 1000.0 as a DECIMAL and has no D suffix, so
// 1000.0 is written 1000.0E0. NaN and the infinities have no literal; Spark writes them as casts.
std::string doubleSql(double value) {
  if (std::isnan(value)) return "CAST('NaN' AS DOUBLE)";
  std::string sign = std::signbit(value) ? "-" : "";
  if (std::isinf(value)) return fmt::format("CAST('{}Infinity' AS DOUBLE)", sign);
  // The shortest digits that read back as `value`, in scientific form: 3.333333333333333e-01.
  char buffer[32];
  auto written =
      std::to_chars(buffer, std::end(buffer), std::fabs(value), std::chars_format::scientific);
  std::string_view text(buffer, static_cast<size_t>(written.ptr - buffer));
  size_t e = text.find('e');
  std::string digits(text.substr(0, e));
  std::erase(digits, '.');
  int exponent = std::stoi(std::string(text.substr(e + 1)));
  // Java's layout: scientific below 1e-3 and from 1e7 on, positional in between.
  if (exponent < -3 || exponent >= 7) {
    std::string fraction = digits.size() > 1 ? digits.substr(1) : "0";
    return fmt::format("{}{}.{}E{}", sign, digits[0], fraction, exponent);
  }
  if (exponent < 0) {
    return fmt::format("{}0.{}{}E0", sign, std::string(static_cast<size_t>(-exponent - 1), '0'),
                       digits);
  }
  // At least one digit after the point: 1000 is 1000.0E0.
  size_t integral = static_cast<size_t>(exponent) + 1;
  if (digits.size() <= integral) digits.append(integral - digits.size() + 1, '0');
  return fmt::format("{}{}.{}E0", sign, digits.substr(0, integral), digits.substr(integral));
}

}  // namespace

std::string Value::toSql() const {
  if (isNull()) return "NULL";
  switch (type_.id()) {
    case TypeId::kVarchar:
      return "'" + replaceAll(asString(), "'", "''") + "'";
    case TypeId::kBinary:
      return "X'" + hexOf(asString()) + "'";
    case TypeId::kDate:
      return "DATE '" + toString() + "'";
    case TypeId::kDouble:
      return doubleSql(asDouble());
    default:
      return toString();
  }
}

size_t Value::hash() const {
  size_t seed = absl::HashOf(static_cast<int>(type_.id()), type_.precision(), type_.scale());
  return std::visit(
      [seed](const auto& data) -> size_t {
        using T = std::decay_t<decltype(data)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return seed;
        } else if constexpr (std::is_same_v<T, Interval>) {
          return absl::HashOf(seed, data.months, data.days);
        } else {
          return absl::HashOf(seed, data);
        }
      },
      data_);
}

}  // namespace planck
