#include "runtime/loaders/field_parsers.h"

#include <charconv>
#include <limits>

#include "common/strings.h"
#include "logical/value.h"
#include "logical/value_cast.h"

namespace planck {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Digits only, accumulated into an unsigned 64-bit value; false on overflow or no digits.
bool parseDigits(std::string_view text, uint64_t& out) {
  if (text.empty() || text.size() > 19) {
    // 19 digits always fit in uint64; longer runs are only valid with leading zeros.
    size_t zeros = 0;
    while (zeros + 1 < text.size() && text[zeros] == '0') ++zeros;
    text.remove_prefix(zeros);
    if (text.empty() || text.size() > 19) return false;
  }
  uint64_t value = 0;
  for (char c : text) {
    if (!isDigit(c)) return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  out = value;
  return true;
}

bool splitSign(std::string_view& text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  return negative;
}

}  // namespace

bool parseInt64Field(std::string_view text, int64_t& out) {
  bool negative = splitSign(text);
  uint64_t magnitude;
  if (!parseDigits(text, magnitude)) return false;
  uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (magnitude > limit) return false;
  out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

bool parseInt32Field(std::string_view text, int32_t& out) {
  int64_t wide;
  if (!parseInt64Field(text, wide)) return false;
  if (wide < std::numeric_limits<int32_t>::min() || wide > std::numeric_limits<int32_t>::max())
    return false;
  out = static_cast<int32_t>(wide);
  return true;
}

bool parseDecimalField(std::string_view text, int precision, int scale, int64_t& out) {
  bool negative = splitSign(text);
  size_t dot = text.find('.');
  std::string_view integral = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (integral.empty() && fraction.empty()) return false;
  while (integral.size() > 1 && integral[0] == '0') integral.remove_prefix(1);
  if (integral == "0") integral = "";
  if (static_cast<int>(integral.size()) > precision - scale) return false;
  uint64_t value = 0;
  for (char c : integral) {
    if (!isDigit(c)) return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  int digits = 0;
  bool round_up = false;
  for (size_t i = 0; i < fraction.size(); ++i) {
    char c = fraction[i];
    if (!isDigit(c)) return false;
    if (digits < scale) {
      value = value * 10 + static_cast<uint64_t>(c - '0');
      ++digits;
    } else if (i == static_cast<size_t>(scale)) {
      round_up = c >= '5';
    }
  }
  for (; digits < scale; ++digits) value *= 10;
  if (round_up) ++value;
  if (value >= static_cast<uint64_t>(powerOfTen(precision))) return false;
  out = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
  return true;
}

bool parseDoubleField(std::string_view text, double& out) {
  if (text.empty()) return false;
  if (text[0] == '+') text.remove_prefix(1);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

bool parseDateField(std::string_view text, int32_t& out) {
  // The common form, yyyy-mm-dd, without a general parser.
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    int year = 0, month = 0, day = 0;
    for (int i : {0, 1, 2, 3}) {
      if (!isDigit(text[i])) return false;
      year = year * 10 + (text[i] - '0');
    }
    for (int i : {5, 6}) {
      if (!isDigit(text[i])) return false;
      month = month * 10 + (text[i] - '0');
    }
    for (int i : {8, 9}) {
      if (!isDigit(text[i])) return false;
      day = day * 10 + (text[i] - '0');
    }
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) return false;
    out = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return true;
  }
  auto days = parseDate(text);
  if (!days.ok()) return false;
  out = *days;
  return true;
}

bool parseBooleanField(std::string_view text, uint8_t& out) {
  for (std::string_view word : {"true", "t", "yes", "y", "1"}) {
    if (equalsIgnoreCase(text, word)) {
      out = 1;
      return true;
    }
  }
  for (std::string_view word : {"false", "f", "no", "n", "0"}) {
    if (equalsIgnoreCase(text, word)) {
      out = 0;
      return true;
    }
  }
  return false;
}

}  // namespace planck
