// What the sqllogictest runner needs from a database engine: run a statement, run a query and
// hand back its rows as typed values. planck and SQLite (the reference the scripts were written
// against) both implement it, so the runner itself can be checked against SQLite.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace planck::sqllogictest {

// One result value: NULL, an integer, a floating-point number or text.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

struct QueryRows {
  size_t columns = 0;
  std::vector<std::vector<Value>> rows;
};

class Engine {
 public:
  virtual ~Engine() = default;
  // The name `skipif` and `onlyif` records use for this engine (lower case).
  virtual std::string_view name() const = 0;
  // Runs a statement (DDL, INSERT, ...).
  virtual absl::Status execute(std::string_view sql) = 0;
  // Runs a query and returns all its rows.
  virtual absl::StatusOr<QueryRows> query(std::string_view sql) = 0;
};

}  // namespace planck::sqllogictest
