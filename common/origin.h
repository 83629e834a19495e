// Origin: where in the SQL text a node came from (1-based line and column).
#pragma once

#include <string>

namespace planck {

// A position in the statement text; line 0 means "unknown".
struct Origin {
  int line = 0;
  int column = 0;  // 1-based; the caret goes under this column.
  // Character offset of the position in the text, or -1 when unknown.
  int offset = -1;

  bool known() const { return line > 0; }
  bool operator==(const Origin&) const = default;
};

}  // namespace planck
