// Running SQL on a Session in tests: the rows of a query as text, or its error.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "session/session.h"

namespace planck::test {

// The rows of the last statement of `sql`, cells as the shell prints them, joined by ','.
inline std::vector<std::string> rowsOf(Session& session, const std::string& sql) {
  auto results = session.run(sql);
  EXPECT_TRUE(results.ok()) << results.status() << "\n" << sql;
  std::vector<std::string> rows;
  if (!results.ok() || !results->back().table) return rows;
  for (const auto& row : results->back().table->rows) {
    std::string text;
    for (size_t i = 0; i < row.size(); ++i) text += (i ? "," : "") + row[i];
    rows.push_back(text);
  }
  return rows;
}

// The same rows in sorted order (for queries without ORDER BY).
inline std::vector<std::string> sortedRowsOf(Session& session, const std::string& sql) {
  std::vector<std::string> rows = rowsOf(session, sql);
  std::sort(rows.begin(), rows.end());
  return rows;
}

// The message of the error `sql` ends with ("" when it succeeds).
inline std::string errorOf(Session& session, const std::string& sql) {
  auto results = session.run(sql);
  return results.ok() ? "" : std::string(results.status().message());
}

}  // namespace planck::test
