// What the TPC-H benchmark programs (tpch_bench, cbo_report) share: loading the eight tables from
// a folder of .tbl files, `--set key=value` settings and `--query 1,9,q18` lists.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/status.h"
#include "fmt/format.h"
#include "session/session.h"

namespace planck {

// COPY t FROM 'dir/t.tbl' (DELIMITER '|', HEADER false) for the eight tables, smallest first;
// `loaded` hears each table's name and load time. The first error names its table.
inline absl::Status loadTpchTables(
    Session& session, const std::filesystem::path& dir,
    const std::function<void(const char* table, double ms)>& loaded = {}) {
  for (const char* table :
       {"region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"}) {
    std::filesystem::path file = dir / (std::string(table) + ".tbl");
    auto started = std::chrono::steady_clock::now();
    auto done = session.run(
        fmt::format("COPY {} FROM '{}' (DELIMITER '|', HEADER false)", table, file.string()));
    if (!done.ok()) {
      return absl::Status(done.status().code(), fmt::format("COPY {}: {}", table,
                                                            std::string(done.status().message())));
    }
    if (loaded) {
      loaded(table, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                              started)
                        .count());
    }
  }
  return absl::OkStatus();
}

// SET key = value for each "key=value".
inline absl::Status applySettings(Session& session, const std::vector<std::string>& settings) {
  for (const std::string& setting : settings) {
    size_t equals = setting.find('=');
    if (equals == std::string::npos) return absl::InvalidArgumentError("--set wants key=value");
    PLANCK_RETURN_IF_ERROR(
        session
            .run(fmt::format("SET {} = {}", setting.substr(0, equals), setting.substr(equals + 1)))
            .status());
  }
  return absl::OkStatus();
}

// "1,9,q18" -> {1, 9, 18}.
inline std::vector<int> parseQueryList(const std::string& text) {
  std::vector<int> numbers;
  std::stringstream list(text);
  std::string item;
  while (std::getline(list, item, ',')) {
    if (!item.empty() && (item[0] == 'q' || item[0] == 'Q')) item = item.substr(1);
    if (!item.empty()) numbers.push_back(std::atoi(item.c_str()));
  }
  return numbers;
}

}  // namespace planck
