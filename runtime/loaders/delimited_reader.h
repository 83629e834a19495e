// Reading delimited text (CSV, TPC-H .tbl) straight into column batches: what COPY and the
// shell's .import run.
//
// The reader makes one pass over the bytes, a block at a time. For each record it finds the
// end of the line with memchr, cuts fields at the delimiter and parses each field in place
// into the column's vector (runtime/loaders/field_parsers.h): no std::string per field, no
// Value per cell. Quoted fields (RFC 4180: a quote inside is doubled, a quoted field may hold
// the delimiter and line breaks) are the only ones copied, and only when they hold a quote.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog.h"
#include "runtime/loaders/load_progress.h"
#include "runtime/vector.h"

namespace planck {

// How the text is laid out.
struct DelimitedFormat {
  char delimiter = ',';
  bool header = false;    // skip the first line
  std::string null_text;  // an unquoted field equal to this is NULL ("" by default)
  char quote = '"';       // '\0': no quoting (TPC-H .tbl)
  char escape = '"';      // inside quotes, escape + quote is a quote (default: doubled quotes)
};

// The format for `path` with COPY's options applied: DELIMITER (or DELIM, SEP), HEADER, NULL,
// QUOTE, ESCAPE, FORMAT (csv | tbl | text). Without options a `.tbl` file is '|'-separated
// without quoting, a `.tsv` file tab-separated, anything else CSV with ','. An unknown option or
// a bad value is an error naming it.
absl::StatusOr<DelimitedFormat> delimitedFormat(
    std::string_view path, const std::vector<std::pair<std::string, std::string>>& options);

// Where the fields of each record go: field i fills table column `field_columns[i]`; table
// columns no field fills are NULL.
struct LoadTarget {
  std::string table_name;
  std::vector<Column> columns;  // the table's columns
  std::vector<size_t> field_columns;
};

// The target of a load into `table` whose input supplies `columns` (all columns in table order
// when empty). An unknown or repeated column, and a NOT NULL column left out, are errors.
absl::StatusOr<LoadTarget> loadTarget(const CatalogTable& table,
                                      const std::vector<std::string>& columns);

// Parses `text` (named `source` in errors) into batches of the table's columns. Every error
// names the source, line, field number and column and what was expected, e.g.
//   lineitem.tbl, line 17, column 5 (l_quantity): expected DECIMAL(15,2), got 'abc'
absl::StatusOr<std::vector<BatchPtr>> parseDelimited(std::string_view source, std::string_view text,
                                                     const LoadTarget& target,
                                                     const DelimitedFormat& format);

// The same for a file, read in blocks. `progress`, when set, receives bytes read and the
// file's size.
absl::StatusOr<std::vector<BatchPtr>> readDelimitedFile(const std::string& path,
                                                        const LoadTarget& target,
                                                        const DelimitedFormat& format,
                                                        const LoadProgress& progress = {});

}  // namespace planck
