// The SQL parser: text -> statements holding unresolved logical plans. Built on the ANTLR
// grammar in grammar/SqlBase.g4; no ANTLR type or exception leaves this module.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "logical/statement.h"

namespace planck {

struct ParserOptions {
  // Deepest nesting (parentheses, CASE, subqueries, operator chains) a statement may have.
  // Bounds every recursive walk of the trees built from it.
  int max_nesting_depth = 1000;
};

// Parses a script of statements separated by ';'. Each statement's `text` is its own SQL;
// origins are positions in `sql`.
absl::StatusOr<std::vector<StatementPtr>> parseScript(std::string_view sql,
                                                      const ParserOptions& options = {});

// Parses exactly one statement (a trailing ';' is allowed).
absl::StatusOr<StatementPtr> parseStatement(std::string_view sql,
                                            const ParserOptions& options = {});

// Parses one query and returns its unresolved plan.
absl::StatusOr<PlanPtr> parseQuery(std::string_view sql, const ParserOptions& options = {});

// Parses one expression, e.g. "a + 1 AS b".
absl::StatusOr<ExprPtr> parseExpression(std::string_view sql, const ParserOptions& options = {});

}  // namespace planck
