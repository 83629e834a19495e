#include "tests/sqllogictest/results.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "fmt/format.h"
#include "tests/sqllogictest/md5.h"

namespace planck::sqllogictest {
namespace {

// SQLite's text to integer: the leading integer of the text, 0 when there is none.
int64_t leadingInteger(const std::string& text) {
  return static_cast<int64_t>(std::strtoll(text.c_str(), nullptr, 10));
}

// SQLite's rendering of a REAL as text ("%!.15g": 15 significant digits, a ".0" on integers).
std::string realText(double value) {
  std::string text = fmt::format("{:.15g}", value);
  if (text.find_first_of(".eEni") == std::string::npos) text += ".0";
  return text;
}

// printf("%.3f") as the sqllogictest program printed it, through SQLite's own printf: at most 16
// significant digits are real, later digits print as 0 (-9223372036854775808 shows as
// -9223372036854776000.000).
std::string fixed3(double value) {
  std::string text = fmt::format("{:.3f}", value);
  size_t significant = 0;
  bool leading = true;
  for (char c : text) {
    if (c < '0' || c > '9') continue;
    if (leading && c == '0') continue;
    leading = false;
    ++significant;
  }
  if (significant <= 16) return text;
  // Round to 16 significant digits, then write them out with zeros after.
  std::string scientific = fmt::format("{:.15e}", std::fabs(value));  // d.ddddddddddddddde+XX
  std::string digits = scientific.substr(0, 1) + scientific.substr(2, 15);
  int exponent = std::stoi(scientific.substr(scientific.find('e') + 1));
  std::string integral;
  for (int i = 0; i <= exponent; ++i) integral += i < 16 ? digits[i] : '0';
  std::string fraction;
  for (int i = exponent + 1; i <= exponent + 3; ++i) fraction += i < 16 ? digits[i] : '0';
  return (value < 0 ? "-" : "") + integral + "." + fraction;
}

std::string printable(std::string text) {
  if (text.empty()) return "(empty)";
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '@';
  }
  return text;
}

}  // namespace

std::string renderValue(const Value& value, char type) {
  if (std::holds_alternative<std::monostate>(value)) return "NULL";
  switch (type) {
    case 'I':
      if (const auto* i = std::get_if<int64_t>(&value)) return fmt::format("{}", *i);
      if (const auto* d = std::get_if<double>(&value)) {
        return fmt::format("{}", static_cast<int64_t>(*d));
      }
      return fmt::format("{}", leadingInteger(std::get<std::string>(value)));
    case 'R':
      if (const auto* i = std::get_if<int64_t>(&value)) {
        return fixed3(static_cast<double>(*i));
      }
      if (const auto* d = std::get_if<double>(&value)) return fixed3(*d);
      return fixed3(std::strtod(std::get<std::string>(value).c_str(), nullptr));
    default:
      if (const auto* i = std::get_if<int64_t>(&value)) return fmt::format("{}", *i);
      if (const auto* d = std::get_if<double>(&value)) return realText(*d);
      return printable(std::get<std::string>(value));
  }
}

std::vector<std::string> renderResults(const QueryRows& rows, std::string_view types,
                                       SortMode mode) {
  std::vector<std::vector<std::string>> rendered;
  rendered.reserve(rows.rows.size());
  for (const std::vector<Value>& row : rows.rows) {
    std::vector<std::string> cells;
    cells.reserve(row.size());
    for (size_t i = 0; i < row.size(); ++i) {
      cells.push_back(renderValue(row[i], i < types.size() ? types[i] : 'T'));
    }
    rendered.push_back(std::move(cells));
  }
  // Rows compare value by value with strcmp, as the sqllogictest program sorts them.
  if (mode == SortMode::kRowSort) {
    std::sort(rendered.begin(), rendered.end(),
              [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
                for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
                  int order = std::strcmp(a[i].c_str(), b[i].c_str());
                  if (order != 0) return order < 0;
                }
                return a.size() < b.size();
              });
  }
  std::vector<std::string> values;
  for (std::vector<std::string>& row : rendered) {
    for (std::string& cell : row) values.push_back(std::move(cell));
  }
  if (mode == SortMode::kValueSort) {
    std::sort(values.begin(), values.end(), [](const std::string& a, const std::string& b) {
      return std::strcmp(a.c_str(), b.c_str()) < 0;
    });
  }
  return values;
}

ResultHash hashValues(const std::vector<std::string>& values) {
  Md5 md5;
  for (const std::string& value : values) {
    md5.update(value);
    md5.update("\n");
  }
  return ResultHash{static_cast<int>(values.size()), md5.hexDigest()};
}

}  // namespace planck::sqllogictest
