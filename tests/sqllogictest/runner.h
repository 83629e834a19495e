// Runs sqllogictest records against an Engine and reports what passed and what failed, with
// the file and line of each failure (the sqllogictest program's validation mode).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tests/integration/sqllogictest_reader.h"
#include "tests/sqllogictest/engine.h"

namespace planck::sqllogictest {

struct Failure {
  std::string file;
  int line = 0;     // the record's command line
  std::string sql;  // the statement or query
  std::string message;
};

struct Report {
  int passed = 0;
  int failed = 0;
  int skipped = 0;  // records for other engines (skipif / onlyif), and those after a halt
  std::vector<Failure> failures;

  void add(const Report& other);
  // "N passed, N failed" (and the skipped count when there is one).
  std::string summary() const;
};

// Runs the records of one script in order on `engine` (a fresh database per script is the
// caller's business). `file` names the script in failures.
Report runScript(const std::vector<Record>& records, Engine& engine, std::string_view file);

}  // namespace planck::sqllogictest
