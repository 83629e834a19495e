// tpch_export: writes planck's TPC-H data (runtime/tpch/dbgen.h, what `CALL dbgen(sf = N)`
// generates) as TPC's .tbl files, so planck's COPY and DuckDB load the same bytes.
//
//   tpch_export --sf 1 --out build/bench/tpch-sf1 [--threads N]
//
// Format: one row a line, every field followed by '|' (TPC's trailing bar), DECIMAL with its
// scale ("24710.35"), DATE as yyyy-mm-dd, NULLs (none in TPC-H) as an empty field. Each table
// is written to `<name>.tbl.tmp` and renamed when complete; a `.complete` file, written last,
// tells bench/tpch/run.sh that the folder is usable. An existing complete folder is kept unless
// --force is given.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "runtime/tpch/tpch_tables.h"

namespace planck {
namespace {

struct ExportOptions {
  double scale_factor = 1;
  std::filesystem::path out;
  size_t threads = 0;  // 0: every core
  bool force = false;
};

// Appends `value` in decimal digits.
void appendInteger(std::string& out, int64_t value) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof(digits), value);
  out.append(digits, end);
}

// Appends an unscaled DECIMAL with `scale` digits after the point: (-5, 2) -> "-0.05".
void appendDecimal(std::string& out, int64_t unscaled, int scale) {
  if (scale == 0) return appendInteger(out, unscaled);
  uint64_t magnitude = unscaled < 0 ? 0 - static_cast<uint64_t>(unscaled) : unscaled;
  uint64_t power = 1;
  for (int i = 0; i < scale; ++i) power *= 10;
  if (unscaled < 0) out.push_back('-');
  appendInteger(out, static_cast<int64_t>(magnitude / power));
  out.push_back('.');
  std::string fraction = std::to_string(magnitude % power);
  out.append(static_cast<size_t>(scale) - fraction.size(), '0');
  out += fraction;
}

// Appends row `row` of `column` as a .tbl field (without the bar).
void appendField(std::string& out, const Vector& column, size_t row) {
  if (column.isNull(row)) return;
  DataType type = column.type();
  switch (type.id()) {
    case TypeId::kInteger:
      return appendInteger(out, column.values<int32_t>()[row]);
    case TypeId::kBigInt:
      return appendInteger(out, column.values<int64_t>()[row]);
    case TypeId::kDecimal:
      return appendDecimal(out, column.values<int64_t>()[row], type.scale());
    case TypeId::kDate:
      out += formatDate(column.values<int32_t>()[row]);
      return;
    case TypeId::kVarchar:
      out += column.string(row);
      return;
    default:
      out += column.valueAt(row).toString();
      return;
  }
}

absl::Status writeTable(const GeneratedTable& table, const std::filesystem::path& folder) {
  std::filesystem::path path = folder / (table.name + ".tbl");
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) return absl::UnavailableError("cannot write " + temporary.string());
  std::string buffer;
  bool written = true;
  for (const BatchPtr& batch : table.batches) {
    for (size_t row = 0; row < batch->rows; ++row) {
      for (const VectorPtr& column : batch->columns) {
        appendField(buffer, *column, row);
        buffer.push_back('|');
      }
      buffer.push_back('\n');
    }
    if (buffer.size() > (1 << 20)) {
      written = written && std::fwrite(buffer.data(), 1, buffer.size(), file) == buffer.size();
      buffer.clear();
    }
  }
  written = written && std::fwrite(buffer.data(), 1, buffer.size(), file) == buffer.size();
  if (std::fclose(file) != 0 || !written) {
    return absl::UnavailableError("write failed: " + temporary.string());
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) return absl::UnavailableError("cannot rename " + temporary.string());
  return absl::OkStatus();
}

absl::Status exportTpch(const ExportOptions& options) {
  std::filesystem::path marker = options.out / ".complete";
  if (!options.force && std::filesystem::exists(marker)) {
    std::cout << "tpch_export: " << options.out.string() << " is complete; kept\n";
    return absl::OkStatus();
  }
  std::error_code error;
  std::filesystem::create_directories(options.out, error);
  if (error) return absl::UnavailableError("cannot create " + options.out.string());
  std::filesystem::remove(marker, error);

  auto started = std::chrono::steady_clock::now();
  DbgenOptions dbgen;
  dbgen.scale_factor = options.scale_factor;
  dbgen.threads = options.threads == 0 ? std::thread::hardware_concurrency() : options.threads;
  auto tables = generateTpch(dbgen);
  if (!tables.ok()) return tables.status();
  for (const GeneratedTable& table : *tables) {
    if (absl::Status written = writeTable(table, options.out); !written.ok()) return written;
  }
  std::ofstream(marker) << "sf=" << options.scale_factor << "\n";
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "tpch_export: sf " << options.scale_factor << " written to " << options.out.string()
            << " in " << seconds << " s\n";
  return absl::OkStatus();
}

}  // namespace
}  // namespace planck

int main(int argc, char** argv) {
  planck::ExportOptions options;
  options.out = "build/bench/tpch-sf1";
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    bool has_value = i + 1 < argc;
    if (argument == "--sf" && has_value) {
      options.scale_factor = std::atof(argv[++i]);
    } else if (argument == "--out" && has_value) {
      options.out = argv[++i];
    } else if (argument == "--threads" && has_value) {
      options.threads = static_cast<size_t>(std::atoi(argv[++i]));
    } else if (argument == "--force") {
      options.force = true;
    } else {
      std::cerr << "usage: tpch_export [--sf N] [--out FOLDER] [--threads N] [--force]\n";
      return 2;
    }
  }
  absl::Status status = planck::exportTpch(options);
  if (!status.ok()) {
    std::cerr << "tpch_export: " << status << "\n";
    return 1;
  }
  return 0;
}
