// The TPC-H data of the shared folder in tests: the query texts and TPC's SF 0.01 tables, loaded
// once per test process.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "session/session.h"

namespace planck::test {

inline const std::filesystem::path kTpch = std::filesystem::path(PLANCK_SHARED_DIR) / "tpch";

inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The text of TPC-H query `number` (1-22).
inline std::string tpchQuery(int number) {
  return readFile(kTpch / "queries" / fmt::format("q{:02d}.sql", number));
}

// A session holding the eight TPC-H tables at SF 0.01 (../shared/tpch/sf0.01), loaded with COPY
// once per process.
inline Session& tpchSession() {
  static std::unique_ptr<Session> session = [] {
    auto s = Session::withTpchSchema();
    for (const char* table :
         {"region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"}) {
      auto loaded = s->run(fmt::format("COPY {} FROM '{}' (DELIMITER '|')", table,
                                       (kTpch / "sf0.01" / (std::string(table) + ".tbl")).string()));
      EXPECT_TRUE(loaded.ok()) << loaded.status();
    }
    return s;
  }();
  return *session;
}

}  // namespace planck::test
