// How the shell prints a result table: DuckDB-like boxes, CSV, one line per value, or JSON.
#pragma once

#include <ostream>
#include <string_view>

#include "session/session.h"

namespace planck {

enum class OutputMode { kBox, kCsv, kLine, kJson };

// The mode called `name` (box, csv, line, json), or nullopt.
std::optional<OutputMode> outputModeNamed(std::string_view name);

// Writes `table` in `mode`. Box: column names (and types, when the table has them) in the
// header, numbers right-aligned, and a row count below.
void renderTable(const ResultTable& table, OutputMode mode, std::ostream& out);

}  // namespace planck
