#include "logical/value_cast.h"

#include <cmath>
#include <limits>

#include "common/status.h"
#include "common/strings.h"
#include "fmt/format.h"

namespace planck {
namespace {

absl::Status castError(const Value& value, DataType type) {
  return absl::InvalidArgumentError(toAbsl(fmt::format(
      "cannot cast {} '{}' to {}", value.type().sqlName(), value.toString(), type.sqlName())));
}

// Rescales an unscaled decimal from `from` to `to` digits after the point, rounding half up.
std::optional<int64_t> rescale(int64_t unscaled, int from, int to) {
  if (to >= from) {
    __int128 scaled = static_cast<__int128>(unscaled) * powerOfTen(to - from);
    if (scaled > std::numeric_limits<int64_t>::max() ||
        scaled < std::numeric_limits<int64_t>::min()) {
      return std::nullopt;
    }
    return static_cast<int64_t>(scaled);
  }
  int64_t divisor = powerOfTen(from - to);
  int64_t quotient = unscaled / divisor, remainder = unscaled % divisor;
  if (2 * (remainder < 0 ? -remainder : remainder) >= divisor) quotient += unscaled < 0 ? -1 : 1;
  return quotient;
}

bool fitsPrecision(int64_t unscaled, int precision) {
  if (precision >= 18) return true;
  int64_t limit = powerOfTen(precision);
  return unscaled < limit && unscaled > -limit;
}

}  // namespace

std::string bigEndianBytes(int64_t value, int width) {
  std::string bytes(static_cast<size_t>(width), '\0');
  auto bits = static_cast<uint64_t>(value);
  for (int i = width - 1; i >= 0; --i, bits >>= 8) {
    bytes[static_cast<size_t>(i)] = static_cast<char>(bits & 0xFF);
  }
  return bytes;
}

std::string hexOfNumber(int64_t value) {
  std::string digits = hexOf(bigEndianBytes(value, 8));
  size_t first = digits.find_first_not_of('0');
  return first == std::string::npos ? "0" : digits.substr(first);
}

int64_t powerOfTen(int n) {
  int64_t result = 1;
  for (int i = 0; i < n; ++i) result *= 10;
  return result;
}

absl::StatusOr<Value> castValue(const Value& value, DataType type) {
  if (value.isNull()) return Value::null(type);
  const DataType& from = value.type();
  if (from == type) return value;
  switch (type.id()) {
    case TypeId::kNull:
      return castError(value, type);
    case TypeId::kBoolean:
      if (from.isIntegral()) return Value::boolean(value.asInt() != 0);
      if (from.isString()) {
        std::string lower = toLower(trim(value.asString()));
        if (lower == "true" || lower == "t" || lower == "1") return Value::boolean(true);
        if (lower == "false" || lower == "f" || lower == "0") return Value::boolean(false);
      }
      return castError(value, type);
    case TypeId::kInteger:
    case TypeId::kBigInt: {
      int64_t result;
      if (from.isIntegral()) {
        result = value.asInt();
      } else if (from.id() == TypeId::kBoolean) {
        result = value.asBool() ? 1 : 0;
      } else if (from.isDecimal()) {
        result = value.asInt() / powerOfTen(from.scale());  // truncates, as Spark's cast
      } else if (from.id() == TypeId::kDouble) {
        double d = value.asDouble();
        if (!std::isfinite(d) || d >= 9.3e18 || d <= -9.3e18) return castError(value, type);
        result = static_cast<int64_t>(d);
      } else if (from.isString()) {
        auto parsed = parseInt64(value.asString());
        if (!parsed) return castError(value, type);
        result = *parsed;
      } else {
        return castError(value, type);
      }
      if (type.id() == TypeId::kInteger) {
        if (result < std::numeric_limits<int32_t>::min() ||
            result > std::numeric_limits<int32_t>::max()) {
          return castError(value, type);
        }
        return Value::integer(static_cast<int32_t>(result));
      }
      return Value::bigint(result);
    }
    case TypeId::kDouble:
      if (from.isIntegral()) return Value::float64(static_cast<double>(value.asInt()));
      if (from.isDecimal()) {
        return Value::float64(static_cast<double>(value.asInt()) /
                              static_cast<double>(powerOfTen(from.scale())));
      }
      if (from.isString()) {
        if (auto parsed = parseDouble(value.asString())) return Value::float64(*parsed);
      }
      return castError(value, type);
    case TypeId::kDecimal: {
      std::optional<int64_t> unscaled;
      if (from.isIntegral()) {
        unscaled = rescale(value.asInt(), 0, type.scale());
      } else if (from.isDecimal()) {
        unscaled = rescale(value.asInt(), from.scale(), type.scale());
      } else if (from.id() == TypeId::kDouble) {
        double scaled =
            std::round(value.asDouble() * static_cast<double>(powerOfTen(type.scale())));
        if (std::isfinite(scaled) && std::fabs(scaled) < 9.2e18)
          unscaled = static_cast<int64_t>(scaled);
      } else if (from.isString()) {
        auto parsed = parseNumber(trim(value.asString()));
        if (parsed.ok() && parsed->type().isNumeric()) return castValue(*parsed, type);
      }
      if (!unscaled || !fitsPrecision(*unscaled, type.precision())) return castError(value, type);
      return Value::decimal(*unscaled, type.precision(), type.scale());
    }
    case TypeId::kVarchar:
      // BINARY to STRING reads the bytes as UTF-8 text, as Spark's cast does.
      if (from.isBinary()) return Value::varchar(value.asString());
      return Value::varchar(value.toString());
    case TypeId::kBinary:
      if (from.isString()) return Value::binary(value.asString());  // the UTF-8 bytes
      if (from.isIntegral()) {
        return Value::binary(bigEndianBytes(value.asInt(), from.id() == TypeId::kInteger ? 4 : 8));
      }
      return castError(value, type);
    case TypeId::kDate:
      if (from.isString()) {
        auto days = parseDate(value.asString());
        if (!days.ok()) return castError(value, type);
        return Value::date(*days);
      }
      return castError(value, type);
    case TypeId::kInterval:
      return castError(value, type);
  }
  return castError(value, type);
}

}  // namespace planck
