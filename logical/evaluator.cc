#include "logical/evaluator.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "logical/value_cast.h"

namespace planck {
namespace {

using Result = absl::StatusOr<Value>;
using int128 = __int128;

absl::Status unsupported(std::string_view what) {
  return absl::UnimplementedError(toAbsl(fmt::format("cannot evaluate {} as a constant", what)));
}

// What a query may run into but planck does not implement yet (named by evaluate()).
absl::Status notSupported(std::string_view what) {
  return absl::UnimplementedError(toAbsl(fmt::format("{} is not supported", what)));
}

// The helpers below report overflow and division by zero with these two markers; evaluate()
// replaces them by the errors that name the expression (nameErrors).
constexpr std::string_view kOverflowMarker = "overflow";
constexpr std::string_view kDivisionByZeroMarker = "division by zero";
absl::Status overflow() { return absl::OutOfRangeError(toAbsl(kOverflowMarker)); }
absl::Status divideByZero() { return absl::InvalidArgumentError(toAbsl(kDivisionByZeroMarker)); }

absl::StatusOr<Value> nameErrors(absl::StatusOr<Value> result, const Expression& expr) {
  if (result.ok()) return result;
  std::string_view message = toStd(result.status().message());
  if (message == kOverflowMarker) return overflowError(expr);
  if (message == kDivisionByZeroMarker) return divisionByZeroError(expr);
  if (result.status().code() == absl::StatusCode::kUnimplemented &&
      message.ends_with(" is not supported"))
    return absl::UnimplementedError(toAbsl(fmt::format("{} in {}", message, expr.sql())));
  return result;
}

// `value` as `type`: NULLs take the type, other values are cast (an error if that fails).
Result withType(const Value& value, DataType type) {
  if (value.isNull()) return Value::null(type);
  if (value.type() == type) return value;
  return castValue(value, type);
}

// 10^n as a 128-bit integer, 0 <= n <= 38.
int128 pow10(int n) {
  int128 result = 1;
  for (int i = 0; i < n; ++i) result *= 10;
  return result;
}

// A number as an unscaled integer and a scale (integers have scale 0).
struct Scaled {
  int128 unscaled;
  int scale;
};

std::optional<Scaled> asScaled(const Value& value) {
  if (value.type().isIntegral()) return Scaled{value.asInt(), 0};
  if (value.type().isDecimal()) return Scaled{value.asInt(), value.type().scale()};
  return std::nullopt;
}

double asDouble(const Value& value) {
  if (value.type().id() == TypeId::kDouble) return value.asDouble();
  if (value.type().isDecimal()) {
    return static_cast<double>(value.asInt()) / static_cast<double>(pow10(value.type().scale()));
  }
  return static_cast<double>(value.asInt());
}

// `value` multiplied by 10^(to - from), rounding half away from zero when the scale shrinks;
// nullopt on overflow.
std::optional<int128> rescale(int128 value, int from, int to) {
  if (to >= from) {
    int128 result;
    if (__builtin_mul_overflow(value, pow10(to - from), &result)) return std::nullopt;
    return result;
  }
  int128 divisor = pow10(from - to);
  int128 quotient = value / divisor, remainder = value % divisor;
  if (2 * (remainder < 0 ? -remainder : remainder) >= divisor) quotient += value < 0 ? -1 : 1;
  return quotient;
}

// A decimal of `type` from an unscaled value at `scale`; an overflow when it does not fit
// (PostgreSQL's and Spark's ANSI behaviour).
Result makeDecimal(std::optional<int128> unscaled, int scale, DataType type) {
  if (!unscaled) return overflow();
  std::optional<int128> scaled = rescale(*unscaled, scale, type.scale());
  if (!scaled) return overflow();
  int128 limit = pow10(type.precision());
  if (*scaled >= limit || *scaled <= -limit) return overflow();
  return Value::decimal(static_cast<int64_t>(*scaled), type.precision(), type.scale());
}

// An integral result of `type`; an overflow when it does not fit.
Result makeIntegral(int128 value, DataType type) {
  if (type.id() == TypeId::kInteger) {
    if (value < std::numeric_limits<int32_t>::min() || value > std::numeric_limits<int32_t>::max())
      return overflow();
    return Value::integer(static_cast<int32_t>(value));
  }
  if (value < std::numeric_limits<int64_t>::min() || value > std::numeric_limits<int64_t>::max())
    return overflow();
  return Value::bigint(static_cast<int64_t>(value));
}

// Checked, as PostgreSQL: overflow and division by zero are errors; `/` truncates toward zero.
Result integralArithmetic(ArithmeticOp op, int64_t l, int64_t r, DataType type) {
  int128 a = l, b = r;
  switch (op) {
    case ArithmeticOp::kAdd:
      return makeIntegral(a + b, type);
    case ArithmeticOp::kSubtract:
      return makeIntegral(a - b, type);
    case ArithmeticOp::kMultiply:
      return makeIntegral(a * b, type);
    case ArithmeticOp::kDivide:
      if (r == 0) return divideByZero();
      return makeIntegral(a / b, type);
    case ArithmeticOp::kRemainder:
      if (r == 0) return divideByZero();
      return makeIntegral(a % b, type);
  }
  return unsupported("arithmetic");
}

Result doubleArithmetic(ArithmeticOp op, double a, double b) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return Value::float64(a + b);
    case ArithmeticOp::kSubtract:
      return Value::float64(a - b);
    case ArithmeticOp::kMultiply:
      return Value::float64(a * b);
    case ArithmeticOp::kDivide:
      if (b == 0) return divideByZero();
      return Value::float64(a / b);
    case ArithmeticOp::kRemainder:
      if (b == 0) return divideByZero();
      return Value::float64(std::fmod(a, b));
  }
  return unsupported("arithmetic");
}

Result decimalArithmetic(ArithmeticOp op, Scaled a, Scaled b, DataType type) {
  int scale = std::max(a.scale, b.scale);
  switch (op) {
    case ArithmeticOp::kAdd:
    case ArithmeticOp::kSubtract:
    case ArithmeticOp::kRemainder: {
      std::optional<int128> x = rescale(a.unscaled, a.scale, scale);
      std::optional<int128> y = rescale(b.unscaled, b.scale, scale);
      if (!x || !y) return unsupported("a decimal operation this wide");
      if (op == ArithmeticOp::kAdd) return makeDecimal(*x + *y, scale, type);
      if (op == ArithmeticOp::kSubtract) return makeDecimal(*x - *y, scale, type);
      if (*y == 0) return divideByZero();
      return makeDecimal(*x % *y, scale, type);
    }
    case ArithmeticOp::kMultiply:
      return makeDecimal(a.unscaled * b.unscaled, a.scale + b.scale, type);
    case ArithmeticOp::kDivide: {
      if (b.unscaled == 0) return divideByZero();
      // unscaled result = A * 10^(s2 + s) / (B * 10^s1), s the result scale.
      int exponent = b.scale + type.scale() - a.scale;
      int128 numerator = a.unscaled, denominator = b.unscaled;
      bool overflow = exponent >= 0
                          ? __builtin_mul_overflow(numerator, pow10(exponent), &numerator)
                          : __builtin_mul_overflow(denominator, pow10(-exponent), &denominator);
      if (overflow) return unsupported("a decimal division this wide");
      int128 quotient = numerator / denominator, remainder = numerator % denominator;
      int128 abs_remainder = remainder < 0 ? -remainder : remainder;
      int128 abs_denominator = denominator < 0 ? -denominator : denominator;
      if (2 * abs_remainder >= abs_denominator)
        quotient += (numerator < 0) != (denominator < 0) ? -1 : 1;
      return makeDecimal(quotient, type.scale(), type);
    }
  }
  return unsupported("arithmetic");
}

}  // namespace

// Hinnant's civil_from_days (http://howardhinnant.github.io/date_algorithms.html).
CivilDate civilFromDays(int64_t days) {
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (month <= 2), month, day};
}

namespace {

bool isLeap(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned daysInMonth(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[month - 1] + (month == 2 && isLeap(year) ? 1 : 0);
}

}  // namespace

int64_t addMonthsToDate(int64_t days, int64_t months) {
  CivilDate date = civilFromDays(days);
  int64_t month_index = date.year * 12 + (date.month - 1) + months;
  int64_t year = month_index >= 0 ? month_index / 12 : (month_index - 11) / 12;
  unsigned month = static_cast<unsigned>(month_index - year * 12) + 1;
  return daysFromCivil(year, month, std::min(date.day, daysInMonth(year, month)));
}

namespace {

Result makeDate(int64_t days) {
  if (days < std::numeric_limits<int32_t>::min() || days > std::numeric_limits<int32_t>::max())
    return overflow();
  return Value::date(static_cast<int32_t>(days));
}

Result dateArithmetic(ArithmeticOp op, const Value& l, const Value& r) {
  TypeId lt = l.type().id(), rt = r.type().id();
  int64_t sign = op == ArithmeticOp::kSubtract ? -1 : 1;
  if (lt == TypeId::kDate && rt == TypeId::kDate && op == ArithmeticOp::kSubtract) {
    return makeIntegral(int128{l.asInt()} - r.asInt(), DataType::integer());
  }
  if (lt == TypeId::kDate && rt == TypeId::kInterval) {
    Interval interval = r.asInterval();
    return makeDate(addMonthsToDate(l.asInt(), sign * interval.months) + sign * interval.days);
  }
  if (lt == TypeId::kInterval && rt == TypeId::kDate && op == ArithmeticOp::kAdd) {
    Interval interval = l.asInterval();
    return makeDate(addMonthsToDate(r.asInt(), interval.months) + interval.days);
  }
  if (lt == TypeId::kDate && r.type().isIntegral()) return makeDate(l.asInt() + sign * r.asInt());
  return unsupported("this date arithmetic");
}

Result arithmetic(ArithmeticOp op, const Value& l, const Value& r, DataType type) {
  if (l.isNull() || r.isNull()) return Value::null(type);
  if (l.type().id() == TypeId::kDate || r.type().id() == TypeId::kDate)
    return dateArithmetic(op, l, r);
  if (!l.type().isNumeric() || !r.type().isNumeric()) return unsupported("non-numeric arithmetic");
  switch (type.id()) {
    case TypeId::kInteger:
    case TypeId::kBigInt:
      if (!l.type().isIntegral() || !r.type().isIntegral()) break;
      return integralArithmetic(op, l.asInt(), r.asInt(), type);
    case TypeId::kDouble:
      return doubleArithmetic(op, asDouble(l), asDouble(r));
    case TypeId::kDecimal: {
      std::optional<Scaled> a = asScaled(l), b = asScaled(r);
      if (!a || !b) break;
      return decimalArithmetic(op, *a, *b, type);
    }
    default:
      break;
  }
  return unsupported(fmt::format("arithmetic with result type {}", type.sqlName()));
}

Result negate(const Value& value) {
  if (value.isNull()) return value;
  switch (value.type().id()) {
    case TypeId::kInteger:
    case TypeId::kBigInt:
      return makeIntegral(-int128{value.asInt()}, value.type());
    case TypeId::kDecimal:
      return Value::decimal(-value.asInt(), value.type().precision(), value.type().scale());
    case TypeId::kDouble:
      return Value::float64(-value.asDouble());
    case TypeId::kInterval:
      return Value::interval({-value.asInterval().months, -value.asInterval().days});
    default:
      return unsupported("negation of " + value.type().sqlName());
  }
}

int compareDoubles(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) - std::isnan(b);
  return a < b ? -1 : (a > b ? 1 : 0);
}

template <class T>
int threeWay(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

Result compare(ComparisonOp op, const Value& l, const Value& r) {
  if (op == ComparisonOp::kNullSafeEqual && (l.isNull() || r.isNull()))
    return Value::boolean(l.isNull() && r.isNull());
  if (l.isNull() || r.isNull()) return Value::null(DataType::boolean());
  std::optional<int> order = compareValues(l, r);
  if (!order)
    return unsupported("a comparison of " + l.type().sqlName() + " with " + r.type().sqlName());
  switch (op) {
    case ComparisonOp::kEqual:
    case ComparisonOp::kNullSafeEqual:
      return Value::boolean(*order == 0);
    case ComparisonOp::kLessThan:
      return Value::boolean(*order < 0);
    case ComparisonOp::kLessThanOrEqual:
      return Value::boolean(*order <= 0);
    case ComparisonOp::kGreaterThan:
      return Value::boolean(*order > 0);
    case ComparisonOp::kGreaterThanOrEqual:
      return Value::boolean(*order >= 0);
  }
  return unsupported("comparison");
}

// The characters of a UTF-8 string, each as its bytes (an invalid byte counts as one).
std::vector<std::string_view> characters(std::string_view text) {
  std::vector<std::string_view> chars;
  for (size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    size_t width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    width = std::min(width, text.size() - i);
    chars.push_back(text.substr(i, width));
    i += width;
  }
  return chars;
}

std::string joinChars(const std::vector<std::string_view>& chars, size_t begin, size_t end) {
  std::string text;
  for (size_t i = begin; i < end && i < chars.size(); ++i) text += chars[i];
  return text;
}

bool isAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; });
}

// One element of a LIKE pattern: a character, `_` or `%`.
struct PatternToken {
  enum Kind : uint8_t { kChar, kOne, kAny } kind;
  std::string_view text;
};

absl::StatusOr<std::vector<PatternToken>> compilePattern(std::string_view pattern, char escape) {
  std::vector<PatternToken> tokens;
  std::vector<std::string_view> chars = characters(pattern);
  for (size_t i = 0; i < chars.size(); ++i) {
    if (chars[i].size() == 1 && chars[i][0] == escape) {
      bool valid =
          i + 1 < chars.size() && (chars[i + 1] == "_" || chars[i + 1] == "%" ||
                                   (chars[i + 1].size() == 1 && chars[i + 1][0] == escape));
      // Spark rejects an escape before anything else; the query would fail at run time.
      // As Spark: the escape character must precede _, % or itself.
      if (!valid) {
        return absl::InvalidArgumentError(toAbsl(fmt::format(
            "the LIKE pattern '{}' has an escape before neither _, % nor '{}'", pattern, escape)));
      }
      tokens.push_back({PatternToken::kChar, chars[++i]});
    } else if (chars[i] == "%") {
      tokens.push_back({PatternToken::kAny, chars[i]});
    } else if (chars[i] == "_") {
      tokens.push_back({PatternToken::kOne, chars[i]});
    } else {
      tokens.push_back({PatternToken::kChar, chars[i]});
    }
  }
  return tokens;
}

// Greedy matching that backtracks to the last `%` only (linear in practice).
bool likeMatches(const std::vector<std::string_view>& text,
                 const std::vector<PatternToken>& pattern) {
  size_t t = 0, p = 0, star = std::string::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() &&
        (pattern[p].kind == PatternToken::kOne ||
         (pattern[p].kind == PatternToken::kChar && pattern[p].text == text[t]))) {
      ++t;
      ++p;
    } else if (p < pattern.size() && pattern[p].kind == PatternToken::kAny) {
      star = p++;
      resume = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p].kind == PatternToken::kAny) ++p;
  return p == pattern.size();
}

Result like(const Like& expr, const Value& value, const Value& pattern) {
  if (value.isNull() || pattern.isNull()) return Value::null(DataType::boolean());
  if (!value.type().isString() || !pattern.type().isString())
    return unsupported("LIKE on non-strings");
  std::string text = value.asString(), pattern_text = pattern.asString();
  if (expr.caseInsensitive()) {
    if (!isAscii(text) || !isAscii(pattern_text)) return notSupported("ILIKE on non-ASCII text");
    text = toLower(text);
    pattern_text = toLower(pattern_text);
  }
  PLANCK_ASSIGN_OR_RETURN(std::vector<PatternToken> tokens,
                          compilePattern(pattern_text, expr.escape()));
  return Value::boolean(likeMatches(characters(text), tokens));
}

// Functions that return NULL when any argument is NULL.
bool isNullIntolerantFunction(std::string_view name) {
  static constexpr std::string_view kTolerant[] = {"coalesce", "ifnull", "nvl",  "nullif", "if",
                                                   "greatest", "least",  "rand", "random"};
  return std::find(std::begin(kTolerant), std::end(kTolerant), name) == std::end(kTolerant);
}

Result mathFunction(std::string_view name, const std::vector<Value>& args) {
  double x = asDouble(args[0]);
  auto positive = [&](double result) -> Value {
    return x <= 0 ? Value::null(DataType::float64()) : Value::float64(result);
  };
  if (name == "sqrt") return Value::float64(std::sqrt(x));
  if (name == "exp") return Value::float64(std::exp(x));
  if (name == "ln") return positive(std::log(x));
  if (name == "log10") return positive(std::log10(x));
  if (name == "log2") return positive(std::log2(x));
  if (name == "cbrt") return Value::float64(std::cbrt(x));
  if (name == "sin") return Value::float64(std::sin(x));
  if (name == "cos") return Value::float64(std::cos(x));
  if (name == "tan") return Value::float64(std::tan(x));
  if (name == "atan") return Value::float64(std::atan(x));
  if (name == "degrees") return Value::float64(x * 180.0 / M_PI);
  if (name == "radians") return Value::float64(x * M_PI / 180.0);
  if (name == "power" || name == "pow") return Value::float64(std::pow(x, asDouble(args[1])));
  if (name == "atan2") return Value::float64(std::atan2(x, asDouble(args[1])));
  return unsupported(std::string(name));
}

// ROUND(x, digits), half away from zero (Spark's HALF_UP), in x's type.
Result roundValue(const Value& x, int64_t digits, DataType type) {
  if (x.type().id() == TypeId::kDouble) {
    double value = x.asDouble();
    if (!std::isfinite(value) || digits > 300 || digits < -300) return Value::float64(value);
    double factor = std::pow(10.0, static_cast<double>(digits));
    return Value::float64(std::round(value * factor) / factor);
  }
  std::optional<Scaled> scaled = asScaled(x);
  if (!scaled) return unsupported("round of " + x.type().sqlName());
  if (digits >= scaled->scale) return withType(x, type);
  if (digits < -18) return withType(Value::bigint(0), type);
  int target = static_cast<int>(digits);
  std::optional<int128> rounded = rescale(scaled->unscaled, scaled->scale, target);
  std::optional<int128> back = rescale(*rounded, target, scaled->scale);
  if (!back) return overflow();
  if (x.type().isDecimal()) return makeDecimal(*back, scaled->scale, type);
  return makeIntegral(*back, type);
}

Result floorOrCeil(const Value& x, bool ceil, DataType type) {
  if (x.type().isIntegral()) return withType(x, type);
  if (x.type().isDecimal()) {
    int128 divisor = pow10(x.type().scale());
    int128 quotient = x.asInt() / divisor, remainder = x.asInt() % divisor;
    if (remainder != 0 && (remainder > 0) == ceil) quotient += ceil ? 1 : -1;
    return makeDecimal(quotient, 0, type);
  }
  double value = ceil ? std::ceil(asDouble(x)) : std::floor(asDouble(x));
  if (!std::isfinite(value) || std::fabs(value) >= 9.2e18) return overflow();
  return withType(Value::bigint(static_cast<int64_t>(value)), type);
}

std::string pad(const std::string& text, int64_t length, const std::string& filler, bool left) {
  std::vector<std::string_view> chars = characters(text);
  if (length <= 0) return "";
  size_t target = static_cast<size_t>(std::min<int64_t>(length, 1 << 20));
  if (target <= chars.size() || filler.empty()) return joinChars(chars, 0, target);
  std::vector<std::string_view> fill = characters(filler);
  std::string padding;
  for (size_t i = 0; i < target - chars.size(); ++i) padding += fill[i % fill.size()];
  return left ? padding + text : text + padding;
}

// 1-based position of `needle` in `haystack` in characters, 0 when absent.
int32_t locate(const std::string& needle, const std::string& haystack) {
  size_t at = haystack.find(needle);
  if (at == std::string::npos) return 0;
  return static_cast<int32_t>(characters(std::string_view(haystack).substr(0, at)).size()) + 1;
}

Result substring(const std::string& text, int64_t pos, int64_t length) {
  std::vector<std::string_view> chars = characters(text);
  int64_t count = static_cast<int64_t>(chars.size());
  int64_t start = pos > 0 ? pos - 1 : (pos < 0 ? count + pos : 0);
  int64_t end = start + length;
  start = std::max<int64_t>(start, 0);
  if (start >= end) return Value::varchar("");
  return Value::varchar(
      joinChars(chars, static_cast<size_t>(start), static_cast<size_t>(std::min(end, count))));
}

Result stringFunction(std::string_view name, const std::vector<Value>& args) {
  const std::string& s = args[0].asString();
  if (name == "substring" || name == "substr") {
    int64_t length = args.size() > 2 ? args[2].asInt() : std::numeric_limits<int32_t>::max();
    return substring(s, args[1].asInt(), length);
  }
  if (name == "upper" || name == "lower" || name == "initcap") {
    if (!isAscii(s)) return notSupported(std::string(name) + " of non-ASCII text");
    if (name == "upper") return Value::varchar(toUpper(s));
    std::string lower = toLower(s);
    if (name == "initcap") {
      for (size_t i = 0; i < lower.size(); ++i) {
        if (i == 0 || lower[i - 1] == ' ') lower[i] = static_cast<char>(std::toupper(lower[i]));
      }
    }
    return Value::varchar(lower);
  }
  if (name == "trim" || name == "ltrim" || name == "rtrim") {
    size_t begin = name == "rtrim" ? 0 : s.find_first_not_of(' ');
    if (begin == std::string::npos) return Value::varchar("");
    size_t end = name == "ltrim" ? s.size() : s.find_last_not_of(' ') + 1;
    return Value::varchar(s.substr(begin, end - begin));
  }
  if (name == "reverse") {
    std::vector<std::string_view> chars = characters(s);
    std::reverse(chars.begin(), chars.end());
    return Value::varchar(joinChars(chars, 0, chars.size()));
  }
  if (name == "length" || name == "char_length" || name == "character_length")
    return Value::integer(static_cast<int32_t>(characters(s).size()));
  if (name == "octet_length") return Value::integer(static_cast<int32_t>(s.size()));
  if (name == "concat") {
    std::string text;
    for (const Value& arg : args) text += arg.asString();
    return Value::varchar(text);
  }
  if (name == "replace") {
    if (args[1].asString().empty()) return args[0];
    return Value::varchar(replaceAll(s, args[1].asString(), args[2].asString()));
  }
  if (name == "position") return Value::integer(locate(s, args[1].asString()));
  if (name == "strpos") return Value::integer(locate(args[1].asString(), s));
  if (name == "starts_with" || name == "startswith")
    return Value::boolean(s.starts_with(args[1].asString()));
  if (name == "endswith") return Value::boolean(s.ends_with(args[1].asString()));
  if (name == "contains") return Value::boolean(s.find(args[1].asString()) != std::string::npos);
  if (name == "lpad" || name == "rpad") {
    std::string filler = args.size() > 2 ? args[2].asString() : " ";
    return Value::varchar(pad(s, args[1].asInt(), filler, name == "lpad"));
  }
  return unsupported(std::string(name));
}

Result dateFunction(std::string_view name, const std::vector<Value>& args) {
  int64_t days = args[0].asInt();
  CivilDate date = civilFromDays(days);
  auto dayOfYear = [](int64_t d) {
    return static_cast<int32_t>(d - daysFromCivil(civilFromDays(d).year, 1, 1) + 1);
  };
  int64_t weekday_from_sunday = ((days + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
  if (name == "year") return Value::integer(static_cast<int32_t>(date.year));
  if (name == "month") return Value::integer(static_cast<int32_t>(date.month));
  if (name == "day" || name == "dayofmonth") return Value::integer(static_cast<int32_t>(date.day));
  if (name == "quarter") return Value::integer(static_cast<int32_t>((date.month - 1) / 3 + 1));
  if (name == "dayofweek") return Value::integer(static_cast<int32_t>(weekday_from_sunday + 1));
  if (name == "dayofyear") return Value::integer(dayOfYear(days));
  if (name == "week") {
    // ISO 8601: the week that holds the Thursday of this week.
    int64_t iso_weekday = (weekday_from_sunday + 6) % 7 + 1;  // Monday 1 .. Sunday 7
    int64_t thursday = days - iso_weekday + 4;
    return Value::integer((dayOfYear(thursday) - 1) / 7 + 1);
  }
  if (name == "date_add") return makeDate(days + args[1].asInt());
  if (name == "date_sub") return makeDate(days - args[1].asInt());
  if (name == "datediff") return Value::integer(static_cast<int32_t>(days - args[1].asInt()));
  return unsupported(std::string(name));
}

Result scalarFunction(const ScalarFunction& function, const std::vector<Value>& args) {
  std::string_view name = function.name();
  DataType type = function.dataType();
  if (!function.deterministic()) return unsupported("non-deterministic " + std::string(name));
  if (name == "coalesce" || name == "ifnull" || name == "nvl") {
    for (const Value& arg : args) {
      if (!arg.isNull()) return withType(arg, type);
    }
    return Value::null(type);
  }
  if (name == "if") {
    bool condition = !args[0].isNull() && args[0].asBool();
    return withType(condition ? args[1] : args[2], type);
  }
  if (name == "nullif") {
    if (args[0].isNull() || args[1].isNull()) return withType(args[0], type);
    std::optional<int> order = compareValues(args[0], args[1]);
    if (!order) return unsupported("nullif of incomparable values");
    return *order == 0 ? Value::null(type) : withType(args[0], type);
  }
  if (name == "greatest" || name == "least") {
    std::optional<Value> best;
    for (const Value& arg : args) {
      if (arg.isNull()) continue;
      std::optional<int> order = best ? compareValues(arg, *best) : std::optional<int>(0);
      if (!order) return unsupported(std::string(name) + " of incomparable values");
      if (!best || (name == "greatest" ? *order > 0 : *order < 0)) best = arg;
    }
    return best ? withType(*best, type) : Value::null(type);
  }
  for (const Value& arg : args) {
    if (arg.isNull()) return Value::null(type);
  }
  if (name == "unhex") {
    std::optional<std::string> bytes = bytesFromHex(args[0].asString(), true);
    return bytes ? Value::binary(std::move(*bytes)) : Value::null(type);
  }
  if (name == "hex") {
    if (args[0].type().isIntegral()) return Value::varchar(hexOfNumber(args[0].asInt()));
    return Value::varchar(hexOf(args[0].asString()));
  }
  if (!args.empty() && args[0].type().isBinary() &&
      (name == "length" || name == "char_length" || name == "character_length" ||
       name == "octet_length"))
    return Value::integer(static_cast<int32_t>(args[0].asString().size()));
  if (name == "abs") {
    if (args[0].type().id() == TypeId::kDouble)
      return Value::float64(std::fabs(args[0].asDouble()));
    if (args[0].asInt() < 0) return negate(args[0]);
    return args[0];
  }
  if (name == "sign") {
    double x = asDouble(args[0]);
    if (std::isnan(x)) return notSupported("sign of NaN");
    return withType(Value::integer(x > 0 ? 1 : (x < 0 ? -1 : 0)), type);
  }
  if (name == "round") return roundValue(args[0], args.size() > 1 ? args[1].asInt() : 0, type);
  if (name == "floor") return floorOrCeil(args[0], false, type);
  if (name == "ceil" || name == "ceiling") return floorOrCeil(args[0], true, type);
  if (name == "mod") return arithmetic(ArithmeticOp::kRemainder, args[0], args[1], type);
  if (type.id() == TypeId::kDouble && !args.empty() && args[0].type().isNumeric())
    return mathFunction(name, args);
  if (!args.empty() && args[0].type().id() == TypeId::kDate) return dateFunction(name, args);
  if (!args.empty() && args[0].type().isString()) return stringFunction(name, args);
  return unsupported(std::string(name));
}

Result evaluate(const Expression& expr);

absl::StatusOr<std::vector<Value>> evaluateAll(const std::vector<ExprPtr>& exprs) {
  std::vector<Value> values;
  values.reserve(exprs.size());
  for (const ExprPtr& expr : exprs) {
    PLANCK_ASSIGN_OR_RETURN(Value value, evaluate(*expr));
    values.push_back(std::move(value));
  }
  return values;
}

// The value of a boolean child: true, false or nullopt for NULL.
absl::StatusOr<std::optional<bool>> truth(const Expression& expr) {
  PLANCK_ASSIGN_OR_RETURN(Value value, evaluate(expr));
  if (value.isNull()) return std::optional<bool>();
  if (value.type().id() != TypeId::kBoolean) return unsupported("a non-boolean condition");
  return std::optional<bool>(value.asBool());
}

Result evaluateNode(const Expression& expr) {
  DataType type = expr.dataType();
  switch (expr.kind()) {
    case ExprKind::kLiteral:
      return expr.as<Literal>()->value();
    case ExprKind::kAlias:
      return evaluate(*expr.child(0));
    case ExprKind::kUnaryMinus: {
      PLANCK_ASSIGN_OR_RETURN(Value value, evaluate(*expr.child(0)));
      return negate(value);
    }
    case ExprKind::kBinaryArithmetic: {
      PLANCK_ASSIGN_OR_RETURN(std::vector<Value> values, evaluateAll(expr.children()));
      return arithmetic(expr.as<BinaryArithmetic>()->op(), values[0], values[1], type);
    }
    case ExprKind::kBinaryComparison: {
      PLANCK_ASSIGN_OR_RETURN(std::vector<Value> values, evaluateAll(expr.children()));
      return compare(expr.as<BinaryComparison>()->op(), values[0], values[1]);
    }
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      // Three-valued: FALSE decides AND, TRUE decides OR, even beside NULL.
      bool is_and = expr.kind() == ExprKind::kAnd;
      PLANCK_ASSIGN_OR_RETURN(std::optional<bool> left, truth(*expr.child(0)));
      if (left && *left != is_and) return Value::boolean(!is_and);
      PLANCK_ASSIGN_OR_RETURN(std::optional<bool> right, truth(*expr.child(1)));
      if (right && *right != is_and) return Value::boolean(!is_and);
      if (!left || !right) return Value::null(DataType::boolean());
      return Value::boolean(is_and);
    }
    case ExprKind::kNot: {
      PLANCK_ASSIGN_OR_RETURN(std::optional<bool> value, truth(*expr.child(0)));
      return value ? Value::boolean(!*value) : Value::null(DataType::boolean());
    }
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull: {
      PLANCK_ASSIGN_OR_RETURN(Value value, evaluate(*expr.child(0)));
      return Value::boolean(value.isNull() == (expr.kind() == ExprKind::kIsNull));
    }
    case ExprKind::kLike: {
      PLANCK_ASSIGN_OR_RETURN(std::vector<Value> values, evaluateAll(expr.children()));
      Result matched = like(*expr.as<Like>(), values[0], values[1]);
      if (matched.status().code() == absl::StatusCode::kInvalidArgument)
        return castError(expr, matched.status());  // names the LIKE
      return matched;
    }
    case ExprKind::kIn: {
      PLANCK_ASSIGN_OR_RETURN(std::vector<Value> values, evaluateAll(expr.children()));
      // An empty list is FALSE, even for NULL (Spark 3.5+, SQLite).
      if (values.size() == 1) return Value::boolean(false);
      if (values[0].isNull()) return Value::null(DataType::boolean());
      bool saw_null = false;
      for (size_t i = 1; i < values.size(); ++i) {
        if (values[i].isNull()) {
          saw_null = true;
          continue;
        }
        std::optional<int> order = compareValues(values[0], values[i]);
        if (!order) return unsupported("IN with incomparable values");
        if (*order == 0) return Value::boolean(true);
      }
      return saw_null ? Value::null(DataType::boolean()) : Value::boolean(false);
    }
    case ExprKind::kCaseWhen: {
      const auto& case_when = *expr.as<CaseWhen>();
      for (size_t i = 0; i < case_when.branchCount(); ++i) {
        PLANCK_ASSIGN_OR_RETURN(std::optional<bool> condition, truth(*case_when.condition(i)));
        if (condition && *condition) {
          PLANCK_ASSIGN_OR_RETURN(Value value, evaluate(*case_when.result(i)));
          return withType(value, type);
        }
      }
      if (ExprPtr otherwise = case_when.elseValue()) {
        PLANCK_ASSIGN_OR_RETURN(Value value, evaluate(*otherwise));
        return withType(value, type);
      }
      return Value::null(type);
    }
    case ExprKind::kCast: {
      PLANCK_ASSIGN_OR_RETURN(Value value, evaluate(*expr.child(0)));
      absl::StatusOr<Value> cast = castValue(value, type);
      if (cast.ok()) return cast;
      // Spark's ANSI cast and PostgreSQL: a value that does not parse or fit is an error.
      return castError(expr, cast.status());
    }
    case ExprKind::kScalarFunction: {
      // coalesce and if evaluate an argument only when they need it, as Spark's do: the
      // errors of arguments never reached do not count.
      const auto& function = *expr.as<ScalarFunction>();
      std::string_view name = function.name();
      if (name == "coalesce" || name == "ifnull" || name == "nvl") {
        for (const ExprPtr& argument : expr.children()) {
          PLANCK_ASSIGN_OR_RETURN(Value value, evaluate(*argument));
          if (!value.isNull()) return withType(value, type);
        }
        return Value::null(type);
      }
      if (name == "if") {
        PLANCK_ASSIGN_OR_RETURN(std::optional<bool> condition, truth(*expr.child(0)));
        PLANCK_ASSIGN_OR_RETURN(Value value,
                                evaluate(*expr.child(condition && *condition ? 1 : 2)));
        return withType(value, type);
      }
      PLANCK_ASSIGN_OR_RETURN(std::vector<Value> values, evaluateAll(expr.children()));
      return scalarFunction(*expr.as<ScalarFunction>(), values);
    }
    default:
      return unsupported(expr.toString());
  }
}

Result evaluate(const Expression& expr) {
  PLANCK_ASSIGN_OR_RETURN(Value value, nameErrors(evaluateNode(expr), expr));
  return withType(value, expr.dataType());
}

}  // namespace

absl::StatusOr<Value> evaluateConstant(const Expression& expr) {
  try {
    return evaluate(expr);
  } catch (const std::exception& error) {
    // A malformed tree (a value of an unexpected type); never a crash.
    return absl::InternalError(
        toAbsl(fmt::format("cannot evaluate {}: {}", expr.toString(), error.what())));
  }
}

std::optional<int> compareValues(const Value& left, const Value& right) {
  const DataType &l = left.type(), &r = right.type();
  if (l.isNumeric() && r.isNumeric()) {
    if (l.id() == TypeId::kDouble || r.id() == TypeId::kDouble)
      return compareDoubles(asDouble(left), asDouble(right));
    std::optional<Scaled> a = asScaled(left), b = asScaled(right);
    int scale = std::max(a->scale, b->scale);
    std::optional<int128> x = rescale(a->unscaled, a->scale, scale);
    std::optional<int128> y = rescale(b->unscaled, b->scale, scale);
    if (!x || !y) return std::nullopt;
    return threeWay(*x, *y);
  }
  if (l.id() != r.id()) return std::nullopt;
  switch (l.id()) {
    case TypeId::kVarchar:
    case TypeId::kBinary:  // std::string orders its chars as unsigned bytes
      return threeWay(left.asString(), right.asString());
    case TypeId::kDate:
      return threeWay(left.asInt(), right.asInt());
    case TypeId::kBoolean:
      return threeWay(left.asBool(), right.asBool());
    case TypeId::kInterval: {
      Interval a = left.asInterval(), b = right.asInterval();
      return a.months != b.months ? threeWay(a.months, b.months) : threeWay(a.days, b.days);
    }
    default:
      return std::nullopt;
  }
}

absl::StatusOr<Value> evaluateWithChildValues(const Expression& expr,
                                              const std::vector<Value>& children) {
  // The two kinds the runtime sends here most, without building a tree per row.
  if (const auto* function = expr.as<ScalarFunction>(); function && function->deterministic()) {
    PLANCK_ASSIGN_OR_RETURN(Value value, nameErrors(scalarFunction(*function, children), expr));
    return withType(value, expr.dataType());
  }
  if (const auto* like_expr = expr.as<Like>(); like_expr && children.size() == 2) {
    Result matched = like(*like_expr, children[0], children[1]);
    if (matched.status().code() == absl::StatusCode::kInvalidArgument)
      return castError(expr, matched.status());
    return nameErrors(std::move(matched), expr);
  }
  std::vector<ExprPtr> literals;
  literals.reserve(children.size());
  for (const Value& value : children) literals.push_back(Literal::make(value));
  ExprPtr with_values = expr.withNewChildren(std::move(literals));
  // Errors name the expression the caller holds, not its copy with literals.
  absl::StatusOr<Value> value = evaluateConstant(*with_values);
  if (value.ok()) return value;
  std::string_view message = toStd(value.status().message());
  std::string copy_name = with_values->sql();
  size_t at = message.rfind(copy_name);
  if (at == std::string_view::npos) return value;
  return absl::Status(value.status().code(),
                      toAbsl(std::string(message.substr(0, at)) + expr.sql() +
                             std::string(message.substr(at + copy_name.size()))));
}

absl::Status overflowError(const Expression& expr) {
  DataType type = expr.dataType();
  std::string_view what = type.isDecimal()             ? "decimal overflow"
                          : type.id() == TypeId::kDate ? "date out of range"
                                                       : "integer overflow";
  return absl::OutOfRangeError(toAbsl(
      fmt::format("{} in {}: the result does not fit {}", what, expr.sql(), type.sqlName())));
}

absl::Status divisionByZeroError(const Expression& expr) {
  return absl::InvalidArgumentError(toAbsl(fmt::format("division by zero in {}", expr.sql())));
}

absl::Status castError(const Expression& expr, const absl::Status& cause) {
  return absl::Status(cause.code(),
                      toAbsl(fmt::format("{} in {}", toStd(cause.message()), expr.sql())));
}

bool isNullIntolerant(const Expression& expr) {
  switch (expr.kind()) {
    case ExprKind::kUnaryMinus:
    case ExprKind::kBinaryArithmetic:
    case ExprKind::kNot:
    case ExprKind::kCast:
    case ExprKind::kLike:
      return true;
    case ExprKind::kBinaryComparison:
      return expr.as<BinaryComparison>()->op() != ComparisonOp::kNullSafeEqual;
    case ExprKind::kScalarFunction:
      return isNullIntolerantFunction(expr.as<ScalarFunction>()->name());
    default:
      return false;
  }
}

bool semanticEquals(const ExprPtr& a, const ExprPtr& b) {
  return a->deterministic() && b->deterministic() && (a == b || a->equals(*b));
}

}  // namespace planck
