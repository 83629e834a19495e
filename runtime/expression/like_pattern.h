// The pieces of a LIKE pattern made of literal text and `%` only (escapes resolved), shared by
// the vectorized LIKE (like.cc) and generated code (codegen/), so both read a pattern alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planck {

struct PercentPatternPieces {
  bool has_percent = false;
  std::string prefix;               // before the first %, or the whole text without %
  std::string suffix;               // after the last %
  std::vector<std::string> middle;  // between, non-empty, in order
};

// The pattern's pieces, or nullopt when it has `_` or an invalid escape (the general matcher).
std::optional<PercentPatternPieces> percentPatternPieces(std::string_view pattern, char escape);

}  // namespace planck
