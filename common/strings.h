// Small string helpers on std::string_view (Debian's Abseil uses its own string_view type,
// so planck keeps its string handling on the standard one).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planck {

std::string_view trim(std::string_view text);
std::string toLower(std::string_view text);
std::string toUpper(std::string_view text);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
bool startsWithIgnoreCase(std::string_view text, std::string_view prefix);
// Splits at every `separator`; with `skip_empty`, empty pieces (after trimming) are dropped.
std::vector<std::string> split(std::string_view text, char separator, bool skip_empty = false);
// Joins with `separator`.
std::string join(const std::vector<std::string>& parts, std::string_view separator);
// Replaces every occurrence of `from` by `to`.
std::string replaceAll(std::string_view text, std::string_view from, std::string_view to);
// Whole-string integer and floating-point parsing; nullopt on any junk.
std::optional<int64_t> parseInt64(std::string_view text);
std::optional<double> parseDouble(std::string_view text);

}  // namespace planck
