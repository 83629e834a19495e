// BINARY (Spark's BinaryType) end to end: X'..' literals and their errors, hex/unhex, casts,
// length, byte-wise comparison and ORDER BY, GROUP BY / DISTINCT / JOIN keys, BINARY columns in
// DDL, and the comparison with numbers planck answers where Spark rejects it.
#include <fstream>
#include <string>
#include <vector>

#include "common/errors.h"
#include "gtest/gtest.h"
#include "logical/expressions.h"
#include "logical/value_cast.h"
#include "session/session.h"
#include "tests/unit/sql_rows.h"

namespace planck {
namespace {

using test::errorOf;
using test::rowsOf;
using test::sortedRowsOf;
using Rows = std::vector<std::string>;

// A session with table b(id INT, v BINARY) holding bytes on both sides of 0x80, and a NULL.
void createBytesTable(Session& session) {
  ASSERT_TRUE(session.run("CREATE TABLE b (id INT, v BINARY)").ok());
  auto inserted = session.run(
      "INSERT INTO b VALUES (1, X'80'), (2, X'7F'), (3, X'FF01'), (4, NULL), (5, X''), "
      "(6, X'80'), (7, X'0080')");
  ASSERT_TRUE(inserted.ok()) << inserted.status();
}

TEST(BinaryTypeTest, HexLiteralsShowAsSparksDatasetShow) {
  Session session;
  EXPECT_EQ(rowsOf(session, "SELECT X'303132', x'0a1B', X''"), Rows{"[30 31 32],[0A 1B],[]"});
  // An odd digit count reads with a leading 0, as Spark's parser does.
  EXPECT_EQ(rowsOf(session, "SELECT X'A'"), Rows{"[0A]"});
  auto results = session.run("SELECT X'303132' AS b");
  ASSERT_TRUE(results.ok()) << results.status();
  EXPECT_EQ(results->back().table->types, Rows{"binary"});
}

TEST(BinaryTypeTest, BadHexLiteralIsAnErrorAtItsPosition) {
  Session session;
  absl::Status status = session.run("SELECT 1,\n  X'3G'").status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "contains illegal character for hexBinary: 3G");
  EXPECT_EQ(errorOrigin(status).line, 2);
  EXPECT_EQ(errorOrigin(status).column, 3);
}

TEST(BinaryTypeTest, LiteralFormsInPlansAndSql) {
  EXPECT_EQ(Literal::make(Value::binary("012"))->toString(), "0x303132");
  EXPECT_EQ(Value::binary(std::string("\x01\xff", 2)).toSql(), "X'01FF'");
  EXPECT_EQ(Value::binary(std::string("\x01\xff", 2)).toString(), "[01 FF]");
  EXPECT_EQ(DataType::binary().toString(), "binary");
  EXPECT_EQ(DataType::binary().sqlName(), "BINARY");
}

TEST(BinaryTypeTest, HexAndUnhex) {
  Session session;
  EXPECT_EQ(
      rowsOf(session, "SELECT hex(X'00FF'), hex(unhex('4a6b')), hex('abc'), hex(17), hex(-1)"),
      Rows{"00FF,4A6B,616263,11,FFFFFFFFFFFFFFFF"});
  // unhex: NULL for a non-hex digit; an odd count reads with a leading 0 (Spark's Hex.unhex).
  EXPECT_EQ(rowsOf(session, "SELECT unhex('zz') IS NULL, unhex('F'), unhex(NULL) IS NULL"),
            Rows{"true,[0F],true"});
}

TEST(BinaryTypeTest, CastsAndLength) {
  Session session;
  EXPECT_EQ(rowsOf(session,
                   "SELECT CAST('abc' AS BINARY), CAST(X'616263' AS STRING), CAST(1 AS BINARY), "
                   "CAST(CAST(258 AS BIGINT) AS BINARY), CAST(-2 AS BINARY)"),
            Rows{"[61 62 63],abc,[00 00 00 01],[00 00 00 00 00 00 01 02],[FF FF FF FE]"});
  // length of BINARY counts bytes; of a string, characters.
  EXPECT_EQ(rowsOf(session, "SELECT length(X'00FF10'), length('é'), length(CAST('é' AS BINARY))"),
            Rows{"3,1,2"});
  EXPECT_NE(errorOf(session, "SELECT CAST(X'01' AS INT)").find("BINARY"), std::string::npos);
  EXPECT_NE(errorOf(session, "SELECT CAST(1.5 AS BINARY)").find("BINARY"), std::string::npos);
}

TEST(BinaryTypeTest, CastsOnColumnsRunRowByRow) {
  Session session;
  ASSERT_TRUE(session.run("CREATE TABLE n (i INT, s STRING)").ok());
  ASSERT_TRUE(session.run("INSERT INTO n VALUES (1, 'a'), (256, NULL), (NULL, 'xyz')").ok());
  EXPECT_EQ(sortedRowsOf(session, "SELECT CAST(i AS BINARY), CAST(s AS BINARY) FROM n"),
            (Rows{"NULL,[78 79 7A]", "[00 00 00 01],[61]", "[00 00 01 00],NULL"}));
  EXPECT_EQ(
      sortedRowsOf(session, "SELECT hex(CAST(s AS BINARY)), length(CAST(s AS BINARY)) FROM n"),
      (Rows{"61,1", "78797A,3", "NULL,NULL"}));
}

TEST(BinaryTypeTest, BytesCompareUnsigned) {
  Session session;
  EXPECT_EQ(
      rowsOf(session, "SELECT X'80' > X'7F', X'FF' > X'00FF', X'00' < X'0000', X'01' = X'01'"),
      Rows{"true,true,true,true"});
  // A string meets a BINARY as its UTF-8 bytes (Spark casts the string side).
  EXPECT_EQ(rowsOf(session, "SELECT X'616263' = 'abc', 'abd' > X'616263'"), Rows{"true,true"});
  createBytesTable(session);
  EXPECT_EQ(rowsOf(session, "SELECT count(*) FROM b WHERE v > X'7F'"), Rows{"3"});
  EXPECT_EQ(rowsOf(session, "SELECT min(v), max(v) FROM b"), Rows{"[],[FF 01]"});
}

TEST(BinaryTypeTest, OrderByBytes) {
  Session session;
  createBytesTable(session);
  EXPECT_EQ(rowsOf(session, "SELECT id, v FROM b ORDER BY v, id"),
            (Rows{"4,NULL", "5,[]", "7,[00 80]", "2,[7F]", "1,[80]", "6,[80]", "3,[FF 01]"}));
  EXPECT_EQ(rowsOf(session, "SELECT id FROM b ORDER BY v DESC NULLS LAST, id LIMIT 3"),
            (Rows{"3", "1", "6"}));
}

TEST(BinaryTypeTest, GroupByDistinctAndJoinOnBinaryKeys) {
  Session session;
  createBytesTable(session);
  EXPECT_EQ(sortedRowsOf(session, "SELECT v, count(*) FROM b GROUP BY v"),
            (Rows{"NULL,1", "[00 80],1", "[7F],1", "[80],2", "[FF 01],1", "[],1"}));
  EXPECT_EQ(rowsOf(session, "SELECT count(DISTINCT v) FROM b"), Rows{"5"});
  EXPECT_EQ(sortedRowsOf(session, "SELECT DISTINCT v FROM b WHERE v >= X'80'"),
            (Rows{"[80]", "[FF 01]"}));
  ASSERT_TRUE(session.run("CREATE TABLE names (k VARBINARY(4), name STRING)").ok());
  ASSERT_TRUE(
      session.run("INSERT INTO names VALUES (X'80', 'high'), (X'7F', 'low'), (NULL, 'none')").ok());
  EXPECT_EQ(sortedRowsOf(session, "SELECT b.id, names.name FROM b JOIN names ON b.v = names.k"),
            (Rows{"1,high", "2,low", "6,high"}));
  EXPECT_EQ(sortedRowsOf(session, "SELECT id FROM b WHERE v IN (SELECT k FROM names)"),
            (Rows{"1", "2", "6"}));
}

// Each join strategy keys on the bytes: the broadcast and shuffled hash joins through row keys,
// the sort-merge join through byte order; outer rows keep NULL keys unmatched.
TEST(BinaryTypeTest, EveryJoinStrategyMatchesBinaryKeys) {
  Session session;
  createBytesTable(session);
  ASSERT_TRUE(session.run("SET spark.sql.shuffle.partitions = 3").ok());
  ASSERT_TRUE(session.run("CREATE TABLE names (k BINARY, name STRING)").ok());
  ASSERT_TRUE(session
                  .run("INSERT INTO names VALUES (X'80', 'high'), (X'FF01', 'top'), "
                       "(X'0080', 'padded'), (NULL, 'none')")
                  .ok());
  const std::vector<std::pair<std::string, std::string>> strategies = {
      {"BROADCAST(names)", "BroadcastHashJoin"},
      {"SHUFFLE_HASH(names)", "ShuffledHashJoin"},
      {"MERGE(names)", "SortMergeJoin"}};
  for (const auto& [hint, exec] : strategies) {
    std::string query =
        "SELECT /*+ " + hint + " */ b.id, names.name FROM b LEFT JOIN names ON b.v = names.k";
    auto plan = session.run("EXPLAIN " + query);
    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_NE(plan->back().text.find(exec), std::string::npos) << plan->back().text;
    EXPECT_EQ(sortedRowsOf(session, query),
              (Rows{"1,high", "2,NULL", "3,top", "4,NULL", "5,NULL", "6,high", "7,padded"}))
        << hint;
  }
}

TEST(BinaryTypeTest, BinaryColumnsInDdl) {
  Session session;
  ASSERT_TRUE(session.run("CREATE TABLE t (a BINARY, b VARBINARY(10), c BLOB)").ok());
  ASSERT_TRUE(session.run("INSERT INTO t VALUES (X'01', 'hi', NULL)").ok());
  EXPECT_EQ(rowsOf(session, "SELECT a, b, c FROM t"), Rows{"[01],[68 69],NULL"});
  EXPECT_EQ(rowsOf(session, "DESCRIBE t"),
            (Rows{"a,binary,true", "b,binary,true", "c,binary,true"}));
}

TEST(BinaryTypeTest, CopyReadsABinaryFieldsTextAsItsBytes) {
  Session session;
  ASSERT_TRUE(session.run("CREATE TABLE t (id INT, v BINARY)").ok());
  std::string path = ::testing::TempDir() + "/binary_copy.csv";
  std::ofstream(path, std::ios::binary) << "1,abc\n2,\n3,\"x,y\"\n";
  auto copied = session.run("COPY t FROM '" + path + "'");
  ASSERT_TRUE(copied.ok()) << copied.status();
  EXPECT_EQ(rowsOf(session, "SELECT id, v FROM t ORDER BY id"),
            (Rows{"1,[61 62 63]", "2,NULL", "3,[78 2C 79]"}));
}

// Spark rejects BINARY = number at analysis; planck casts the number to BINARY as Spark's
// explicit CAST does (4 bytes for INTEGER, 8 for BIGINT) and compares bytes, so a BINARY never
// equals a number unless it holds exactly those bytes (SQLite: a blob never equals a number).
TEST(BinaryTypeTest, BinaryComparedWithANumberComparesTheNumbersBytes) {
  Session session;
  EXPECT_EQ(rowsOf(session, "SELECT X'01' = 1, X'00000001' = 1, X'0000000000000002' = 2"),
            Rows{"false,true,false"});
  EXPECT_EQ(
      rowsOf(session, "SELECT X'0000000000000002' IN (1, CAST(2 AS BIGINT)), X'01' IN (1, 2)"),
      Rows{"true,false"});
  ASSERT_TRUE(session.run("CREATE TABLE t1 (x INTEGER)").ok());
  EXPECT_EQ(rowsOf(session, "SELECT X'303132' IN (SELECT * FROM t1)"), Rows{"false"});
  EXPECT_EQ(rowsOf(session, "SELECT X'303132' NOT IN (SELECT * FROM t1)"), Rows{"true"});
  ASSERT_TRUE(session.run("INSERT INTO t1 VALUES (3158322), (NULL)").ok());  // 0x00303132
  EXPECT_EQ(rowsOf(session, "SELECT X'00303132' IN (SELECT * FROM t1)"), Rows{"true"});
  EXPECT_EQ(rowsOf(session, "SELECT X'303132' NOT IN (SELECT * FROM t1)"), Rows{"NULL"});
  // DOUBLE and DECIMAL have no cast to BINARY: comparing them stays an error, as in Spark.
  EXPECT_NE(errorOf(session, "SELECT X'01' = 1.5").find("cannot compare BINARY with DECIMAL"),
            std::string::npos);
  EXPECT_NE(errorOf(session, "SELECT X'01' = CAST(1 AS DOUBLE)").find("cannot compare"),
            std::string::npos);
  // CASE branches do not mix BINARY and numbers: only comparisons do.
  EXPECT_NE(errorOf(session, "SELECT CASE WHEN true THEN X'01' ELSE 1 END").find("CASE"),
            std::string::npos);
}

TEST(BinaryTypeTest, CastValueAndHexHelpers) {
  EXPECT_EQ(bigEndianBytes(0x01020304, 4), std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(hexOfNumber(0), "0");
  EXPECT_EQ(bytesFromHex("0g", true), std::nullopt);
  EXPECT_EQ(bytesFromHex("abc", false), std::nullopt);
  EXPECT_EQ(bytesFromHex("abc", true), std::string("\x0a\xbc", 2));
  auto cast = castValue(Value::integer(-1), DataType::binary());
  ASSERT_TRUE(cast.ok());
  EXPECT_EQ(cast->asString(), std::string(4, '\xff'));
  EXPECT_FALSE(castValue(Value::float64(1.0), DataType::binary()).ok());
}

}  // namespace
}  // namespace planck
