// The sqllogictest Engine over an in-memory SQLite database: the engine the shared scripts'
// expected results come from, so running them here checks the runner itself.
#pragma once

#include "tests/sqllogictest/engine.h"

struct sqlite3;

namespace planck::sqllogictest {

class SqliteEngine final : public Engine {
 public:
  SqliteEngine();
  ~SqliteEngine() override;
  SqliteEngine(const SqliteEngine&) = delete;
  SqliteEngine& operator=(const SqliteEngine&) = delete;

  std::string_view name() const override { return "sqlite"; }
  absl::Status execute(std::string_view sql) override;
  absl::StatusOr<QueryRows> query(std::string_view sql) override;

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace planck::sqllogictest
