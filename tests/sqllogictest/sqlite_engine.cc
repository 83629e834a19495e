#include "tests/sqllogictest/sqlite_engine.h"

#include <sqlite3.h>

namespace planck::sqllogictest {
namespace {

absl::Status sqliteError(sqlite3* db) { return absl::InvalidArgumentError(sqlite3_errmsg(db)); }

// A prepared statement, finalized when it goes out of scope.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) {
    rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return rc_ == SQLITE_OK && stmt_ != nullptr; }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

}  // namespace

SqliteEngine::SqliteEngine() { sqlite3_open(":memory:", &db_); }

SqliteEngine::~SqliteEngine() { sqlite3_close(db_); }

absl::Status SqliteEngine::execute(std::string_view sql) {
  Statement statement(db_, sql);
  if (!statement.ok()) return sqliteError(db_);
  int rc;
  while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
  }
  return rc == SQLITE_DONE ? absl::OkStatus() : sqliteError(db_);
}

absl::StatusOr<QueryRows> SqliteEngine::query(std::string_view sql) {
  Statement statement(db_, sql);
  if (!statement.ok()) return sqliteError(db_);
  QueryRows result;
  result.columns = static_cast<size_t>(sqlite3_column_count(statement.get()));
  int rc;
  while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
    std::vector<Value> row;
    row.reserve(result.columns);
    for (int i = 0; i < static_cast<int>(result.columns); ++i) {
      switch (sqlite3_column_type(statement.get(), i)) {
        case SQLITE_INTEGER:
          row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(statement.get(), i)));
          break;
        case SQLITE_FLOAT:
          row.emplace_back(sqlite3_column_double(statement.get(), i));
          break;
        case SQLITE_NULL:
          row.emplace_back(std::monostate{});
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement.get(), i));
          row.emplace_back(std::string(text, sqlite3_column_bytes(statement.get(), i)));
        }
      }
    }
    result.rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) return sqliteError(db_);
  return result;
}

}  // namespace planck::sqllogictest
