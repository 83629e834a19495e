// HTML escaping shared by the renderers that emit HTML: the rule-trace page and the HTML-like
// labels of the Graphviz plan graphs.
#pragma once

#include <string>
#include <string_view>

namespace planck {

// What htmlEscape does with control characters (below 0x20).
enum class ControlCharacters {
  kKeep,   // element content, where a newline is just whitespace
  kBlank,  // Graphviz labels, which a newline in a string literal would break
};

// `text` escaped for HTML element content and attribute values (&, <, >, ").
inline std::string htmlEscape(std::string_view text,
                              ControlCharacters controls = ControlCharacters::kKeep) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (controls == ControlCharacters::kBlank && static_cast<unsigned char>(c) < 0x20) {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace planck
