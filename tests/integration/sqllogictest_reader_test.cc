#include "tests/integration/sqllogictest_reader.h"

#include <gtest/gtest.h>

namespace planck::sqllogictest {
namespace {

constexpr std::string_view kScript = R"(# a comment before the first record
hash-threshold 8

statement ok
CREATE TABLE t1(a INTEGER,
# comments inside a record are dropped
  b INTEGER)

statement error
SELECT nope FROM t1

skipif mysql # not compatible
query IT rowsort label-1
SELECT a, 'x'
  FROM t1
----
1
x
2
y

onlyif sqlite
query R valuesort
SELECT b FROM t1
----
6 values hashing to 0123456789ABCDEF0123456789abcdef

query I nosort
SELECT 1 WHERE 0


onlyif mssql
halt

skipif sqlite
halt

query I
SELECT 2
----
2

halt

query I
SELECT 3
)";

std::vector<Record> parse(std::string_view text) {
  absl::StatusOr<std::vector<Record>> records = parseTestScript(text, "inline.test");
  EXPECT_TRUE(records.ok()) << records.status();
  return records.ok() ? *records : std::vector<Record>{};
}

TEST(SqlLogicTestReader, ReadsEveryKindOfRecord) {
  std::vector<Record> records = parse(kScript);
  ASSERT_EQ(records.size(), 11u);

  EXPECT_EQ(records[0].kind, RecordKind::kHashThreshold);
  EXPECT_EQ(records[0].hash_threshold, 8);
  EXPECT_EQ(records[0].line, 2);

  EXPECT_EQ(records[1].kind, RecordKind::kStatement);
  EXPECT_FALSE(records[1].expect_error);
  EXPECT_EQ(records[1].sql, "CREATE TABLE t1(a INTEGER,\n  b INTEGER)");
  EXPECT_EQ(records[1].line, 4);
  EXPECT_EQ(records[1].sql_line, 5);

  EXPECT_TRUE(records[2].expect_error);
  EXPECT_EQ(records[2].sql, "SELECT nope FROM t1");

  const Record& query = records[3];
  EXPECT_EQ(query.kind, RecordKind::kQuery);
  EXPECT_EQ(query.line, 13);
  ASSERT_EQ(query.conditions.size(), 1u);
  EXPECT_FALSE(query.conditions[0].only_if);
  EXPECT_EQ(query.conditions[0].engine, "mysql");
  EXPECT_EQ(query.types, "IT");
  EXPECT_EQ(query.sort_mode, SortMode::kRowSort);
  EXPECT_EQ(query.label, "label-1");
  EXPECT_EQ(query.sql, "SELECT a, 'x'\n  FROM t1");
  EXPECT_EQ(query.expected_values, (std::vector<std::string>{"1", "x", "2", "y"}));
  EXPECT_FALSE(query.expected_hash.has_value());

  const Record& hashed = records[4];
  EXPECT_EQ(hashed.sort_mode, SortMode::kValueSort);
  EXPECT_TRUE(hashed.label.empty());
  ASSERT_TRUE(hashed.expected_hash.has_value());
  EXPECT_EQ(hashed.expected_hash->value_count, 6);
  EXPECT_EQ(hashed.expected_hash->md5, "0123456789abcdef0123456789abcdef");
  EXPECT_TRUE(hashed.expected_values.empty());

  const Record& empty = records[5];
  EXPECT_EQ(empty.sort_mode, SortMode::kNoSort);
  EXPECT_EQ(empty.sql, "SELECT 1 WHERE 0");
  EXPECT_TRUE(empty.expected_values.empty());
  EXPECT_FALSE(empty.expected_hash.has_value());

  EXPECT_EQ(records[6].kind, RecordKind::kHalt);
  EXPECT_EQ(records[10].sql, "SELECT 3");
}

TEST(SqlLogicTestReader, ConditionsSelectEngines) {
  std::vector<Record> records = parse(kScript);
  ASSERT_EQ(records.size(), 11u);
  EXPECT_TRUE(records[3].runsOn("sqlite"));  // skipif mysql
  EXPECT_FALSE(records[3].runsOn("MySQL"));
  EXPECT_TRUE(records[4].runsOn("sqlite"));  // onlyif sqlite
  EXPECT_FALSE(records[4].runsOn("postgresql"));
  EXPECT_TRUE(records[4].onlyForOtherEngine("postgresql"));
  EXPECT_FALSE(records[4].onlyForOtherEngine("sqlite"));
  EXPECT_FALSE(records[6].runsOn("sqlite"));  // onlyif mssql / halt
  EXPECT_FALSE(records[7].runsOn("sqlite"));  // skipif sqlite / halt
  EXPECT_TRUE(records[7].runsOn("mysql"));
}

TEST(SqlLogicTestReader, RecordsForStopsAtTheFirstHaltThatApplies) {
  std::vector<Record> records = parse(kScript);
  std::vector<Record> sqlite = recordsFor(records, "sqlite");
  // The mssql-only and the all-but-sqlite halts are passed over; the bare one stops.
  ASSERT_EQ(sqlite.size(), 7u);
  EXPECT_EQ(sqlite.back().sql, "SELECT 2");
  std::vector<Record> mysql = recordsFor(records, "mysql");
  // MySQL skips the `skipif mysql` query and the sqlite-only one, then halts.
  ASSERT_EQ(mysql.size(), 4u);
  EXPECT_EQ(mysql.back().sql, "SELECT 1 WHERE 0");
}

TEST(SqlLogicTestReader, ReportsMalformedRecordsWithTheirLine) {
  struct Case {
    std::string_view text;
    std::string_view message;
  };
  const Case cases[] = {
      {"statement maybe\nSELECT 1\n",
       "inline.test:1: expected `statement ok` or `statement error`"},
      {"\n\nquery I fuzzy\nSELECT 1\n", "inline.test:3: unknown sort mode `fuzzy`"},
      {"query X\nSELECT 1\n", "inline.test:1: bad type string `X`"},
      {"query I\n----\n1\n", "inline.test:1: the query has no SQL"},
      {"statement ok\n", "inline.test:1: the statement has no SQL"},
      {"skipif mysql\n", "inline.test:1: a condition must be followed by a record"},
      {"hash-threshold many\n", "inline.test:1: expected `hash-threshold <N>`"},
      {"select 1\n", "inline.test:1: unknown record type `select`"},
      {"halt\nSELECT 1\n", "inline.test:2: unexpected line after `halt`"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::vector<Record>> records = parseTestScript(c.text, "inline.test");
    ASSERT_FALSE(records.ok()) << c.text;
    EXPECT_NE(std::string(records.status().message()).find(c.message), std::string::npos)
        << records.status() << "\nexpected: " << c.message;
  }
}

TEST(SqlLogicTestReader, AcceptsWindowsLineEndingsAndAMissingFinalNewline) {
  std::vector<Record> records = parse("query I\r\nSELECT 1\r\n----\r\n1");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].sql, "SELECT 1");
  EXPECT_EQ(records[0].expected_values, (std::vector<std::string>{"1"}));
}

}  // namespace
}  // namespace planck::sqllogictest
