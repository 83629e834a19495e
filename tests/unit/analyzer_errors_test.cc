// User errors from the parser, the analyzer and the session: the exact message, the error
// class, the line:column it points at, and the caret formatError draws under that column.
// The messages pinned here are the current wording (check_analysis.cc and the rules).
#include <string>
#include <vector>

#include "common/errors.h"
#include "common/strings.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace planck {
namespace {

using test::messageOf;

struct ErrorCase {
  std::string name;     // names the case in failure messages
  std::string sql;      // one statement or a script, run with Session::run
  std::string label;    // the class formatError prints: ANALYSIS_ERROR, ...
  std::string message;  // the exact status message
  int line;
  int column;
};

absl::StatusCode codeOf(const std::string& label) {
  if (label == "CATALOG_ERROR") return absl::StatusCode::kNotFound;
  if (label == "NOT_SUPPORTED") return absl::StatusCode::kUnimplemented;
  return absl::StatusCode::kInvalidArgument;
}

// Checks status, position and the three lines formatError renders for `c`.
void expectError(const ErrorCase& c) {
  auto session = Session::withTpchSchema();
  absl::Status status = session->run(c.sql).status();
  ASSERT_FALSE(status.ok()) << c.sql;
  ASSERT_EQ(status.code(), codeOf(c.label)) << status;
  EXPECT_EQ(messageOf(status), c.message);
  Origin origin = errorOrigin(status);
  EXPECT_EQ(origin.line, c.line) << status;
  EXPECT_EQ(origin.column, c.column) << status;

  std::vector<std::string> sql_lines = split(c.sql, '\n');
  std::vector<std::string> rendered = split(formatError(status, c.sql), '\n');
  ASSERT_EQ(rendered.size(), 3u) << formatError(status, c.sql);
  EXPECT_EQ(rendered[0], "[" + c.label + "] " + c.message + " (line " + std::to_string(c.line) +
                             ":" + std::to_string(c.column) + ")");
  ASSERT_GE(c.line, 1);
  ASSERT_LE(static_cast<size_t>(c.line), sql_lines.size());
  EXPECT_EQ(rendered[1], sql_lines[c.line - 1]);
  // The caret sits under the column: column - 1 blanks, then '^'.
  EXPECT_EQ(rendered[2], std::string(static_cast<size_t>(c.column - 1), ' ') + "^");
  // The offset, when known, is the same position counted in characters.
  if (origin.offset >= 0) {
    size_t line_start = 0;
    for (int i = 1; i < c.line; ++i) line_start = c.sql.find('\n', line_start) + 1;
    EXPECT_EQ(static_cast<size_t>(origin.offset), line_start + static_cast<size_t>(c.column - 1))
        << status;
  }
}

const std::vector<ErrorCase> kErrorCases = {
    {"UnknownTable", "SELECT *\nFROM lineitm", "CATALOG_ERROR",
     "table or view `lineitm` cannot be found; did you mean `lineitem`?", 2, 6},
    {"UnknownTableWithoutSuggestion", "SELECT * FROM nothing_like_it", "CATALOG_ERROR",
     "table or view `nothing_like_it` cannot be found", 1, 15},
    {"UnknownColumn", "SELECT l_orderkey,\n       l_quantiti\nFROM lineitem", "ANALYSIS_ERROR",
     "column `l_quantiti` cannot be resolved; did you mean `l_quantity`?", 2, 8},
    {"UnknownQualifiedColumn", "SELECT l.l_orderky FROM lineitem l", "ANALYSIS_ERROR",
     "column `l.l_orderky` cannot be resolved; did you mean `l_orderkey`?", 1, 8},
    {"UnknownColumnInCorrelatedSubquery",
     "SELECT o_orderkey FROM orders o\nWHERE EXISTS (SELECT 1 FROM lineitem WHERE l_orderkey = "
     "o.o_orderky)",
     "ANALYSIS_ERROR", "column `o.o_orderky` cannot be resolved; did you mean `o_orderkey`?", 2,
     57},
    {"AmbiguousColumnInSelfJoin",
     "SELECT n_name\nFROM nation n1\nJOIN nation n2 ON n1.n_regionkey = n2.n_regionkey",
     "ANALYSIS_ERROR", "reference `n_name` is ambiguous, could be: `n1.n_name`, `n2.n_name`", 1, 8},
    {"AmbiguousColumnInCommaSelfJoin",
     "SELECT n1.n_name FROM nation n1, nation n2\nWHERE n_nationkey = 1", "ANALYSIS_ERROR",
     "reference `n_nationkey` is ambiguous, could be: `n1.n_nationkey`, `n2.n_nationkey`", 2, 7},
    {"UnknownFunction", "SELECT summ(l_quantity)\nFROM lineitem", "ANALYSIS_ERROR",
     "function `summ` cannot be resolved; did you mean `sum`?", 1, 8},
    {"WrongArgumentCountRange", "SELECT l_orderkey,\n  substring(l_comment) FROM lineitem",
     "ANALYSIS_ERROR",
     "function `substring` takes 2 to 3 arguments, got 1; usage: substring(str, pos[, len])", 2, 3},
    {"WrongArgumentCountExact", "SELECT abs(1, 2)", "ANALYSIS_ERROR",
     "function `abs` takes 1 argument, got 2; usage: abs(x)", 1, 8},
    {"ColumnNotGroupedInGlobalAggregate", "SELECT l_orderkey, sum(l_quantity) FROM lineitem",
     "ANALYSIS_ERROR", "`l_orderkey` must appear in GROUP BY or inside an aggregate", 1, 8},
    {"ColumnNotGrouped",
     "SELECT l_returnflag, l_linestatus, count(*)\nFROM lineitem\nGROUP BY l_returnflag",
     "ANALYSIS_ERROR", "`l_linestatus` must appear in GROUP BY or inside an aggregate", 1, 22},
    {"ColumnNotGroupedInHaving",
     "SELECT n_name, count(*) FROM nation GROUP BY n_name\nHAVING n_nationkey > 1",
     "ANALYSIS_ERROR", "`n_nationkey` must appear in GROUP BY or inside an aggregate", 2, 8},
    {"AggregateInWhere", "SELECT l_orderkey\nFROM lineitem\nWHERE sum(l_quantity) > 1",
     "ANALYSIS_ERROR", "aggregate functions are not allowed in WHERE: `sum(l_quantity)`", 3, 7},
    {"AggregateInGroupBy", "SELECT n_name FROM nation GROUP BY sum(n_nationkey)", "ANALYSIS_ERROR",
     "aggregate functions are not allowed in GROUP BY: `sum(n_nationkey)`", 1, 36},
    {"NestedAggregate", "SELECT\n  sum(max(l_quantity))\nFROM lineitem", "ANALYSIS_ERROR",
     "aggregate function calls cannot be nested: `max(l_quantity)` inside `sum(max(l_quantity))`",
     2, 7},
    {"NonBooleanWhere", "SELECT 1\nFROM lineitem\nWHERE l_quantity", "ANALYSIS_ERROR",
     "WHERE condition `l_quantity` is of type DECIMAL(15,2), not BOOLEAN", 3, 7},
    {"NonBooleanAndOperand", "SELECT n_name FROM nation WHERE n_name AND true", "ANALYSIS_ERROR",
     "AND expects a BOOLEAN operand, got VARCHAR `n_name`", 1, 33},
    {"CompareDateWithBoolean", "SELECT 1 FROM lineitem\nWHERE l_shipdate = true", "ANALYSIS_ERROR",
     "cannot compare DATE with BOOLEAN in `(l_shipdate = true)`", 2, 7},
    {"ArithmeticOnDate", "SELECT l_shipdate * 2\nFROM lineitem", "ANALYSIS_ERROR",
     "cannot apply * to DATE and INTEGER", 1, 19},
    {"DatePlusString", "SELECT l_shipdate + 'x' FROM lineitem", "ANALYSIS_ERROR",
     "cannot apply + to DATE and VARCHAR", 1, 19},
    {"IncompatibleCaseBranches", "SELECT CASE WHEN true THEN 1 ELSE DATE '2020-01-01' END",
     "ANALYSIS_ERROR", "CASE branches have incompatible types: INTEGER, DATE", 1, 8},
    {"IncompatibleInList", "SELECT 1 IN (DATE '2020-01-01', true)", "ANALYSIS_ERROR",
     "IN list values have incompatible types: INTEGER, DATE, BOOLEAN", 1, 8},
    {"UnionColumnCount", "SELECT n_name FROM nation\nUNION\nSELECT r_name, r_regionkey FROM region",
     "ANALYSIS_ERROR", "UNION needs the same number of columns on each side: 1 vs 2", 2, 1},
    {"IntersectColumnCount", "SELECT 1 INTERSECT SELECT 1, 2", "ANALYSIS_ERROR",
     "INTERSECT needs the same number of columns on each side: 1 vs 2", 1, 10},
    {"ExceptColumnCount", "SELECT 1 EXCEPT SELECT 1, 2", "ANALYSIS_ERROR",
     "EXCEPT needs the same number of columns on each side: 1 vs 2", 1, 10},
    {"OrderByOrdinalOutOfRange", "SELECT n_name, n_nationkey FROM nation\nORDER BY 3",
     "ANALYSIS_ERROR", "ORDER BY position 3 is not in select list (valid range is [1, 2])", 2, 10},
    {"GroupByOrdinalOutOfRange", "SELECT n_name, count(*) FROM nation\nGROUP BY 0",
     "ANALYSIS_ERROR", "GROUP BY position 0 is not in select list (valid range is [1, 2])", 2, 10},
    {"GroupByOrdinalOfAggregate", "SELECT sum(l_quantity) FROM lineitem GROUP BY 1",
     "ANALYSIS_ERROR", "GROUP BY position 1 refers to an aggregate function `sum(l_quantity)`", 1,
     47},
    {"ScalarSubqueryWithTwoColumns",
     "SELECT n_name,\n  (SELECT r_name, r_regionkey FROM region)\nFROM nation", "ANALYSIS_ERROR",
     "a scalar subquery must return exactly one column, not 2", 2, 3},
    {"WindowFunctionWithoutOver", "SELECT n_name,\n  row_number()\nFROM nation", "ANALYSIS_ERROR",
     "window function `row_number` requires an OVER clause", 2, 3},
    {"WindowFunctionInOrderBy", "SELECT n_name FROM nation ORDER BY rank() OVER (ORDER BY n_name)",
     "ANALYSIS_ERROR",
     "window function `rank() OVER (ORDER BY n_name ASC NULLS FIRST)` is not allowed here", 1, 36},
    {"DistinctOnScalarFunction", "SELECT upper(DISTINCT n_name) FROM nation", "ANALYSIS_ERROR",
     "DISTINCT and FILTER are only allowed with aggregate functions, not `upper`", 1, 8},
    {"NonBooleanFilterClause", "SELECT count(*) FILTER (WHERE 1) FROM nation", "ANALYSIS_ERROR",
     "FILTER condition must be BOOLEAN, got INTEGER", 1, 31},
    {"UnsupportedExtractField", "SELECT EXTRACT(HOUR FROM DATE '2020-01-01')", "ANALYSIS_ERROR",
     "EXTRACT does not support the field `HOUR`", 1, 8},
    {"StarOfUnknownRelation", "SELECT x.* FROM nation n", "ANALYSIS_ERROR",
     "cannot resolve `x.*`: no relation `x` in FROM; did you mean `n`?", 1, 8},
    {"UsingColumnMissingOnOneSide", "SELECT * FROM nation n\nJOIN region r USING (n_regionkey)",
     "ANALYSIS_ERROR",
     "USING column `n_regionkey` cannot be resolved on the right side of the join; did you mean "
     "`r_regionkey`?",
     2, 1},
    {"ColumnAliasCountMismatch", "SELECT * FROM (SELECT 1, 2) AS t(a)", "ANALYSIS_ERROR",
     "`t` has 2 columns but 1 column names were given", 1, 29},
    {"ValuesRowWidth", "SELECT * FROM VALUES (1), (2, 3)", "ANALYSIS_ERROR",
     "VALUES row 2 has 2 values but 1 columns are expected", 1, 28},
    {"ValuesColumnTypes", "SELECT * FROM VALUES (1, 'a'), (DATE '2020-01-01', 'b') AS t(a, b)",
     "ANALYSIS_ERROR", "VALUES column 1 mixes INTEGER and DATE", 1, 33},
    {"UnknownSetting", "SET spark.sql.shufle.partitions = 3", "CONFIG_ERROR",
     "unknown setting spark.sql.shufle.partitions; did you mean `spark.sql.shuffle.partitions`?", 1,
     5},
    {"BadSettingValueInScript",
     "SET spark.sql.cbo.enabled = true;\nSET spark.sql.shuffle.partitions = 0", "CONFIG_ERROR",
     "invalid value '0' for setting spark.sql.shuffle.partitions: expected an integer >= 1", 2, 36},
    {"UnterminatedString", "SELECT n_name\nFROM nation WHERE n_name = 'FRANCE",
     "PARSE_SYNTAX_ERROR", "unterminated string literal: the ' here is never closed", 2, 28},
    {"UnterminatedQuotedIdentifier", "SELECT `n_name FROM nation", "PARSE_SYNTAX_ERROR",
     "unterminated quoted identifier: the ` here is never closed", 1, 8},
    {"SyntaxErrorOnLaterLine", "SELECT n_name\nFROM nation\nWHERE n_nationkey = = 1",
     "PARSE_SYNTAX_ERROR", "syntax error at or near `=`; extraneous input '='", 3, 21},
    {"SyntaxErrorMisspelledKeyword", "SELECT n_name\nFROM nation\nWHER n_nationkey = 1",
     "PARSE_SYNTAX_ERROR", "syntax error at or near `n_nationkey`; expecting {<EOF>, ';'}", 3, 6},
    {"SyntaxErrorTrailingComma", "SELECT n_name,\n  FROM nation", "PARSE_SYNTAX_ERROR",
     "syntax error at or near `FROM`; extraneous input 'FROM'", 2, 3},
    {"SyntaxErrorEndsTooEarly", "SELECT n_name\nFROM nation\nWHERE", "PARSE_SYNTAX_ERROR",
     "syntax error: the statement ends too early", 3, 6},
    {"InvalidDateLiteral",
     "SELECT n_name FROM nation\nWHERE n_regionkey > 1 AND\n  n_name < DATE '2021-02-29'",
     "PARSE_SYNTAX_ERROR", "invalid DATE literal '2021-02-29': expected yyyy-mm-dd", 3, 12},
    {"DecimalPrecisionAbove18InCreateTable", "CREATE TABLE t (\n  a INT,\n  b DECIMAL(19, 2))",
     "PARSE_SYNTAX_ERROR", "DECIMAL precision 19 is out of range: planck supports 1 to 18 digits",
     3, 5},
    {"DecimalPrecisionAbove18InCast", "SELECT CAST(n_nationkey AS DECIMAL(20, 0)) FROM nation",
     "PARSE_SYNTAX_ERROR", "DECIMAL precision 20 is out of range: planck supports 1 to 18 digits",
     1, 28},
    {"DecimalScaleAbovePrecision", "CREATE TABLE t (a DECIMAL(5,6))", "PARSE_SYNTAX_ERROR",
     "DECIMAL scale 6 must be between 0 and the precision 5", 1, 19},
    {"UnknownDataType", "CREATE TABLE t (a FOO)", "PARSE_SYNTAX_ERROR", "unknown data type `FOO`",
     1, 19},
    {"DuplicateColumnInCreateTable", "CREATE TABLE t (a INT,\n  A INT)", "PARSE_SYNTAX_ERROR",
     "column `A` is defined twice", 2, 3},
    {"DuplicateCteName", "WITH a AS (SELECT 1), a AS (SELECT 2) SELECT * FROM a",
     "PARSE_SYNTAX_ERROR", "CTE `a` is defined twice in one WITH clause", 1, 23},
    {"UnknownExplainFormat", "EXPLAIN (FORMAT xml) SELECT 1", "PARSE_SYNTAX_ERROR",
     "unknown EXPLAIN format `xml`: use text, json or dot", 1, 10},
    {"DropMissingTable", "DROP TABLE nope", "CATALOG_ERROR", "table `nope` does not exist", 1, 1},
    {"DropTableAsView", "DROP VIEW nation", "CATALOG_ERROR", "`nation` is a table, not a view", 1,
     1},
    {"CreateExistingTable", "CREATE TABLE nation (a INT)", "CATALOG_ERROR",
     "table `nation` already exists", 1, 1},
    {"InsertWrongWidth", "INSERT INTO nation VALUES (1)", "ANALYSIS_ERROR",
     "INSERT INTO `nation` gives 1 values per row but 4 columns are expected", 1, 1},
    {"DescribeUnknownColumn", "DESCRIBE nation n_nam", "ANALYSIS_ERROR",
     "column `n_nam` does not exist in `nation`; did you mean `n_name`?", 1, 1},
    {"ErrorInSecondStatementOfScript", "SET spark.sql.cbo.enabled = true;\nSELECT nope FROM nation",
     "ANALYSIS_ERROR", "column `nope` cannot be resolved", 2, 8},
};

// One test over the whole table (one process: the sanitized suite starts fewer programs); a
// failure names its case.
TEST(AnalyzerErrorTest, EveryErrorKindHasItsMessagePositionAndCaret) {
  for (const ErrorCase& c : kErrorCases) {
    SCOPED_TRACE(c.name + ": " + c.sql);
    expectError(c);
  }
}

// CheckAnalysis returns early for Filter and Join nodes (after the boolean check), so the
// checks that follow never run on WHERE and JOIN ... ON conditions. Each of these queries
// must be rejected, as the same construct is in a SELECT list.
TEST(AnalyzerErrorTest, ScalarSubqueryWithTwoColumnsInWhere) {
  ErrorCase c{"",
              "SELECT n_name FROM nation\nWHERE n_nationkey = (SELECT 1, 2)",
              "ANALYSIS_ERROR",
              "a scalar subquery must return exactly one column, not 2",
              2,
              21};
  expectError(c);
}

TEST(AnalyzerErrorTest, InSubqueryWithTwoColumnsInWhere) {
  ErrorCase c{
      "",
      "SELECT n_name FROM nation\nWHERE n_nationkey IN (SELECT r_regionkey, r_name FROM region)",
      "ANALYSIS_ERROR",
      "the subquery of IN must return exactly one column, not 2",
      2,
      7};
  expectError(c);
}

TEST(AnalyzerErrorTest, InSubqueryWithTwoColumnsInJoinCondition) {
  ErrorCase c{"",
              "SELECT n_name FROM nation\nJOIN region ON n_regionkey IN (SELECT 1, 2)",
              "ANALYSIS_ERROR",
              "the subquery of IN must return exactly one column, not 2",
              2,
              16};
  expectError(c);
}

TEST(AnalyzerErrorTest, WindowFunctionInWhere) {
  ErrorCase c{
      "",
      "SELECT n_name FROM nation\nWHERE row_number() OVER (ORDER BY n_name) > 1",
      "ANALYSIS_ERROR",
      "window function `row_number() OVER (ORDER BY n_name ASC NULLS FIRST)` is not allowed here",
      2,
      7};
  expectError(c);
}

TEST(AnalyzerErrorTest, AggregateInJoinCondition) {
  auto session = Session::withTpchSchema();
  absl::Status status =
      session->run("SELECT n_name FROM nation\nJOIN region ON sum(r_regionkey) > 1").status();
  ASSERT_FALSE(status.ok());
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_NE(messageOf(status).find("sum(r_regionkey)"), std::string::npos) << status;
  EXPECT_EQ(errorOrigin(status).line, 2) << status;
}

// ORDER BY an aggregate in a query that has no GROUP BY and no aggregate in its SELECT list:
// there is no Aggregate to compute it, so the Sort would keep an aggregate call over ungrouped
// rows. Spark's CheckAnalysis rejects it too (an aggregate in an operator other than Aggregate
// or Window); PostgreSQL instead makes the query an aggregate and rejects the ungrouped column.
TEST(AnalyzerErrorTest, AggregateInOrderByOfAPlainSelect) {
  ErrorCase c{"",
              "SELECT n_name FROM nation\nORDER BY sum(n_nationkey)",
              "ANALYSIS_ERROR",
              "aggregate functions are not allowed in ORDER BY of a query without GROUP BY or "
              "aggregates in SELECT: `sum(n_nationkey)`",
              2,
              10};
  expectError(c);
  // The same for a set operation, whose ORDER BY has no Aggregate below it either.
  ErrorCase on_union{"",
                     "SELECT n_name FROM nation UNION SELECT r_name FROM region\n"
                     "ORDER BY max(n_name)",
                     "ANALYSIS_ERROR",
                     "aggregate functions are not allowed in ORDER BY of a query without GROUP "
                     "BY or aggregates in SELECT: `max(n_name)`",
                     2,
                     10};
  expectError(on_union);
  // With an aggregate in the SELECT list, the ORDER BY aggregate is computed by the Aggregate.
  auto session = Session::withTpchSchema();
  EXPECT_TRUE(
      session->run("EXPLAIN SELECT count(*) FROM nation ORDER BY sum(n_nationkey)").status().ok());
}

// LIMIT and OFFSET take a non-negative INTEGER constant, as Spark's checkLimitLikeClause
// requires ("The limit expression must be integer type ... must be equal to or greater than 0").
TEST(AnalyzerErrorTest, LimitAndOffsetMustBeNonNegativeIntegers) {
  struct LimitCase {
    std::string clause;  // the second line of the query
    std::string message;
    int column;  // where the count expression starts
  };
  const std::vector<LimitCase> cases = {
      {"LIMIT 'abc'", "the LIMIT expression must be of type INTEGER, but got VARCHAR", 7},
      {"LIMIT 1.5", "the LIMIT expression must be of type INTEGER, but got DECIMAL(2,1)", 7},
      {"LIMIT -1", "the LIMIT expression must be equal to or greater than 0, but got -1", 7},
      {"LIMIT -(2)", "the LIMIT expression must be equal to or greater than 0, but got -2", 7},
      {"LIMIT CAST(NULL AS INT)", "the LIMIT expression must not be NULL", 7},
      {"LIMIT 3000000000", "the LIMIT expression must be of type INTEGER, but got BIGINT", 7},
      {"LIMIT (SELECT 1)",
       "the LIMIT expression must evaluate to a constant value, but got `scalarsubquery()`", 7},
      {"LIMIT n_nationkey",
       "the LIMIT expression must evaluate to a constant value, but got `n_nationkey`", 7},
      {"OFFSET -3", "the OFFSET expression must be equal to or greater than 0, but got -3", 8},
      {"LIMIT 5 OFFSET 'x'", "the OFFSET expression must be of type INTEGER, but got VARCHAR", 16},
      {"LIMIT DATE '2020-01-01'", "the LIMIT expression must be of type INTEGER, but got DATE", 7},
  };
  for (const LimitCase& limit : cases) {
    ErrorCase c{"",
                "SELECT n_nationkey FROM nation\n" + limit.clause,
                "ANALYSIS_ERROR",
                limit.message,
                2,
                limit.column};
    SCOPED_TRACE(c.sql);
    expectError(c);
  }
  auto session = Session::withTpchSchema();
  EXPECT_TRUE(session->run("EXPLAIN SELECT n_name FROM nation LIMIT 0 OFFSET 0").status().ok());
  EXPECT_TRUE(session->run("EXPLAIN SELECT n_name FROM nation LIMIT ALL OFFSET 2").status().ok());
}

TEST(FormatErrorTest, CaretKeepsTabsAndCutsLongLines) {
  auto session = Session::withTpchSchema();
  std::string sql = "SELECT\n\tnope FROM nation";
  absl::Status status = session->run(sql).status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(
      formatError(status, sql),
      "[ANALYSIS_ERROR] column `nope` cannot be resolved (line 2:2)\n\tnope FROM nation\n\t^");

  // A 300-character line: the caret is still under the offending column of the shown window.
  std::string padding(250, ' ');
  std::string long_sql = "SELECT 1" + padding + ", nope FROM nation";
  absl::Status far = session->run(long_sql).status();
  ASSERT_FALSE(far.ok());
  Origin origin = errorOrigin(far);
  ASSERT_EQ(origin.column, 8 + 250 + 3);
  std::vector<std::string> lines = split(formatError(far, long_sql), '\n');
  ASSERT_EQ(lines.size(), 3u);
  size_t caret = lines[2].find('^');
  ASSERT_NE(caret, std::string::npos);
  EXPECT_LE(lines[1].size(), 100u);
  EXPECT_EQ(lines[1].substr(caret, 4), "nope");
}

TEST(FormatErrorTest, StatusesWithoutPositionOrKind) {
  EXPECT_EQ(formatError(absl::InvalidArgumentError("plain"), "SELECT 1"), "[ERROR] plain");
  absl::Status no_origin = analysisError("no position");
  EXPECT_EQ(formatError(no_origin, "SELECT 1"), "[ANALYSIS_ERROR] no position");
  EXPECT_FALSE(errorOrigin(no_origin).known());
  // An origin past the end of the text prints the position without a caret.
  absl::Status past = analysisError("past", Origin{5, 1, 100});
  EXPECT_EQ(formatError(past, "SELECT 1"), "[ANALYSIS_ERROR] past (line 5:1)");
  // withOrigin never overrides a position that is already there.
  absl::Status kept = withOrigin(analysisError("x", Origin{1, 2, 1}), Origin{3, 4, 9});
  EXPECT_EQ(errorOrigin(kept), (Origin{1, 2, 1}));
  EXPECT_EQ(errorOrigin(withOrigin(no_origin, Origin{3, 4, 9})), (Origin{3, 4, 9}));
  EXPECT_TRUE(withOrigin(absl::OkStatus(), Origin{3, 4, 9}).ok());
}

TEST(FormatErrorTest, ClosestMatch) {
  std::vector<std::string> names = {"l_orderkey", "l_partkey", "l_quantity"};
  EXPECT_EQ(closestMatch("l_orderky", names), "l_orderkey");
  EXPECT_EQ(closestMatch("L_PARTKEY", names), "l_partkey");  // case-insensitive
  EXPECT_EQ(closestMatch("zzzzzz", names), "");
  EXPECT_EQ(closestMatch("x", {}), "");
  EXPECT_EQ(didYouMean("l_quantiy", names), "; did you mean `l_quantity`?");
  EXPECT_EQ(didYouMean("nothing", names), "");
}

// A valid query analyzes and runs (the schema's tables hold no rows).
TEST(AnalyzerErrorTest, ValidQueriesRun) {
  auto session = Session::withTpchSchema();
  auto results = session->run("SELECT n_name FROM nation\nWHERE n_nationkey = 1");
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_TRUE(results->back().table.has_value());
  EXPECT_EQ(results->back().table->columns, (std::vector<std::string>{"n_name"}));
  EXPECT_TRUE(results->back().table->rows.empty());
}

}  // namespace
}  // namespace planck
