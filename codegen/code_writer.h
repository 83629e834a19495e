// CodeWriter: builds the text of generated C++ — lines at the current indentation, blocks, and
// fresh variable names that say which operator they come from (`filter3_value2`).
#pragma once

#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"

namespace planck {

class CodeWriter {
 public:
  // One line at the current indentation.
  void line(std::string_view text) {
    text_.append(static_cast<size_t>(indent_) * 2, ' ');
    text_.append(text);
    text_ += '\n';
  }
  // `text {` and one level deeper.
  void open(std::string_view text) {
    line(text.empty() ? std::string("{") : std::string(text) + " {");
    ++indent_;
  }
  // One level up and `}` (or `} else {`, `};`).
  void close(std::string_view text = "}") {
    --indent_;
    line(text);
  }
  // `text` one level up, then the same level again: `} else {`.
  void next(std::string_view text) {
    --indent_;
    line(text);
    ++indent_;
  }
  // Appends another writer's lines (a function part written separately) at this indentation.
  void append(const CodeWriter& other) {
    size_t begin = 0;
    const std::string& text = other.text_;
    while (begin < text.size()) {
      size_t end = text.find('\n', begin);
      if (end == std::string::npos) end = text.size();
      if (end > begin) text_.append(static_cast<size_t>(indent_) * 2, ' ');
      text_.append(text, begin, end - begin);
      text_ += '\n';
      begin = end + 1;
    }
  }
  const std::string& text() const { return text_; }
  bool empty() const { return text_.empty(); }

 private:
  std::string text_;
  int indent_ = 0;
};

// Unique names for one generated source: `<prefix>_<what><n>`.
class NameSource {
 public:
  std::string fresh(std::string_view prefix, std::string_view what) {
    std::string base = std::string(prefix) + "_" + std::string(what);
    int n = counts_[base]++;
    return base + std::to_string(n);
  }

 private:
  absl::flat_hash_map<std::string, int> counts_;
};

}  // namespace planck
