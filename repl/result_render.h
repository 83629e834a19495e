// How the shell prints a result table: DuckDB-like boxes, CSV, one line per value, or JSON.
#pragma once

#include <cstddef>
#include <ostream>
#include <string_view>

#include "session/session.h"

namespace planck {

enum class OutputMode { kBox, kCsv, kLine, kJson };

// The mode called `name` (box, csv, line, json), or nullopt.
std::optional<OutputMode> outputModeNamed(std::string_view name);

// A box shows at most this many rows by default: the first and the last half, as DuckDB does,
// so that a large result does not scroll the screen away (csv, line, json show every row).
inline constexpr size_t kMaxBoxRows = 40;

// Writes `table` in `mode`. Box: column names (and types, when the table has them) in the
// header, numbers right-aligned, and a row count below.
void renderTable(const ResultTable& table, OutputMode mode, std::ostream& out,
                 size_t max_box_rows = kMaxBoxRows);

}  // namespace planck
