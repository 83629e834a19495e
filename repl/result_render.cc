#include "repl/result_render.h"

#include <algorithm>

#include "common/strings.h"
#include "fmt/format.h"

namespace planck {
namespace {

// Terminal columns a UTF-8 string takes (one per code point; wide characters are rare here).
size_t displayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return width;
}

bool isNumericType(std::string_view type) {
  return type == "int" || type == "bigint" || type == "double" || type.starts_with("decimal");
}

std::string padded(std::string_view text, size_t width, bool right) {
  std::string spaces(width - std::min(width, displayWidth(text)), ' ');
  return right ? spaces + std::string(text) : std::string(text) + spaces;
}

std::string repeat(std::string_view piece, size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i) text += piece;
  return text;
}

void renderBox(const ResultTable& table, size_t max_rows, std::ostream& out) {
  size_t columns = table.columns.size();
  const size_t total = table.rows.size();
  const bool cut = total > max_rows;
  auto shown = [&](size_t r) { return !cut || r < max_rows / 2 || r >= total - max_rows / 2; };
  bool typed = table.types.size() == columns;
  std::vector<size_t> widths(columns, 0);
  for (size_t c = 0; c < columns; ++c) {
    widths[c] = displayWidth(table.columns[c]);
    if (typed) widths[c] = std::max(widths[c], displayWidth(table.types[c]));
  }
  for (size_t r = 0; r < total; ++r) {
    if (!shown(r)) continue;
    for (size_t c = 0; c < columns && c < table.rows[r].size(); ++c)
      widths[c] = std::max(widths[c], displayWidth(table.rows[r][c]));
  }
  auto rule = [&](std::string_view left, std::string_view middle, std::string_view right) {
    std::string line(left);
    for (size_t c = 0; c < columns; ++c) {
      if (c > 0) line += middle;
      line += repeat("─", widths[c] + 2);
    }
    return line + std::string(right) + "\n";
  };
  auto cells = [&](const std::vector<std::string>& values, bool align_numbers) {
    std::string line = "│";
    for (size_t c = 0; c < columns; ++c) {
      std::string_view value = c < values.size() ? std::string_view(values[c]) : "";
      bool right = align_numbers && typed && isNumericType(table.types[c]);
      line += " " + padded(value, widths[c], right) + " │";
    }
    return line + "\n";
  };
  out << rule("┌", "┬", "┐") << cells(table.columns, false);
  if (typed) out << cells(table.types, false);
  out << rule("├", "┼", "┤");
  for (size_t r = 0; r < total; ++r) {
    if (shown(r)) {
      out << cells(table.rows[r], true);
    } else if (r == max_rows / 2) {
      out << cells(std::vector<std::string>(columns, "·"), false);
    }
  }
  out << rule("└", "┴", "┘");
  if (cut) {
    out << fmt::format("({} rows, {} shown)\n", total, max_rows);
  } else {
    out << fmt::format("({} row{})\n", total, total == 1 ? "" : "s");
  }
}

// RFC 4180: quoted when the value holds a comma, quote or line break.
std::string csvField(std::string_view value) {
  if (value.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(value);
  return "\"" + replaceAll(value, "\"", "\"\"") + "\"";
}

std::string jsonString(std::string_view value) {
  std::string text = "\"";
  for (char c : value) {
    switch (c) {
      case '"':
        text += "\\\"";
        break;
      case '\\':
        text += "\\\\";
        break;
      case '\n':
        text += "\\n";
        break;
      case '\t':
        text += "\\t";
        break;
      case '\r':
        text += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          text += fmt::format("\\u{:04x}", c);
        } else {
          text += c;
        }
    }
  }
  return text + "\"";
}

}  // namespace

std::optional<OutputMode> outputModeNamed(std::string_view name) {
  if (equalsIgnoreCase(name, "box")) return OutputMode::kBox;
  if (equalsIgnoreCase(name, "csv")) return OutputMode::kCsv;
  if (equalsIgnoreCase(name, "line")) return OutputMode::kLine;
  if (equalsIgnoreCase(name, "json")) return OutputMode::kJson;
  return std::nullopt;
}

void renderTable(const ResultTable& table, OutputMode mode, std::ostream& out,
                 size_t max_box_rows) {
  const size_t columns = table.columns.size();
  auto cell = [&](const std::vector<std::string>& row, size_t c) -> std::string_view {
    return c < row.size() ? std::string_view(row[c]) : "";
  };
  switch (mode) {
    case OutputMode::kBox:
      renderBox(table, std::max<size_t>(2, max_box_rows), out);
      return;
    case OutputMode::kCsv: {
      std::vector<std::string> header;
      for (const std::string& name : table.columns) header.push_back(csvField(name));
      out << join(header, ",") << "\n";
      for (const auto& row : table.rows) {
        std::vector<std::string> fields;
        for (size_t c = 0; c < columns; ++c) fields.push_back(csvField(cell(row, c)));
        out << join(fields, ",") << "\n";
      }
      return;
    }
    case OutputMode::kLine: {
      size_t width = 0;
      for (const std::string& name : table.columns) width = std::max(width, displayWidth(name));
      for (size_t r = 0; r < table.rows.size(); ++r) {
        if (r > 0) out << "\n";
        for (size_t c = 0; c < columns; ++c)
          out << padded(table.columns[c], width, true) << " = " << cell(table.rows[r], c) << "\n";
      }
      return;
    }
    case OutputMode::kJson: {
      out << "[";
      for (size_t r = 0; r < table.rows.size(); ++r) {
        out << (r == 0 ? "" : ",") << "\n  {";
        for (size_t c = 0; c < columns; ++c) {
          out << (c == 0 ? "" : ", ") << jsonString(table.columns[c]) << ": ";
          bool numeric = table.types.size() == columns && isNumericType(table.types[c]) &&
                         cell(table.rows[r], c) != "NULL" && !cell(table.rows[r], c).empty();
          if (cell(table.rows[r], c) == "NULL" && table.types.size() == columns) {
            out << "null";
          } else if (numeric) {
            out << cell(table.rows[r], c);
          } else {
            out << jsonString(cell(table.rows[r], c));
          }
        }
        out << "}";
      }
      out << (table.rows.empty() ? "]\n" : "\n]\n");
      return;
    }
  }
}

}  // namespace planck
