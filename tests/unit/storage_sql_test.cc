// Data in through SQL: CREATE TABLE + INSERT, COPY, CALL dbgen, and their errors.
#include <fstream>

#include "gtest/gtest.h"
#include "session/session.h"

namespace planck {
namespace {

std::string writeFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

int64_t rowCount(Session& session, const std::string& table) {
  TableDataPtr data = session.catalog().find(table)->data();
  return data == nullptr ? 0 : data->rowCount();
}

std::string errorOf(Session& session, const std::string& sql) {
  auto result = session.run(sql);
  EXPECT_FALSE(result.ok()) << sql;
  return result.ok() ? "" : std::string(result.status().message());
}

TEST(StorageSqlTest, CreateTableThenInsertValues) {
  Session session;
  ASSERT_TRUE(session.run("CREATE TABLE t (a INT NOT NULL, b VARCHAR, c DECIMAL(5,2))").ok());
  EXPECT_EQ(rowCount(session, "t"), 0);
  auto inserted = session.run("INSERT INTO t VALUES (1, 'x', 1.5), (2, NULL, -3)");
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  EXPECT_EQ((*inserted)[0].text, "2 rows inserted into t\n");
  ASSERT_TRUE(session.run("INSERT INTO t (a) VALUES (3)").ok());
  ASSERT_TRUE(session.run("INSERT INTO t SELECT 4, 'y', 0.25").ok());
  EXPECT_EQ(rowCount(session, "t"), 4);
  EXPECT_EQ(*session.catalog().find("t")->statistics().row_count, 4);
}

TEST(StorageSqlTest, InsertErrorsNameTableColumnAndRowAndChangeNothing) {
  Session session;
  ASSERT_TRUE(session.run("CREATE TABLE t (a INT NOT NULL, b DATE)").ok());
  ASSERT_TRUE(session.run("INSERT INTO t VALUES (1, DATE '2020-01-01')").ok());
  TableDataPtr before = session.catalog().find("t")->data();
  EXPECT_NE(errorOf(session, "INSERT INTO t VALUES (1, NULL), (NULL, NULL)")
                .find("INSERT INTO t, row 2, column a: NULL in a NOT NULL column"),
            std::string::npos);
  EXPECT_NE(
      errorOf(session, "INSERT INTO t VALUES (1, 'soon')").find("row 1, column b: cannot store"),
      std::string::npos);
  EXPECT_NE(errorOf(session, "INSERT INTO t (b) VALUES (NULL)").find("`a` of `t` is NOT NULL"),
            std::string::npos);
  // INSERT ... SELECT runs its query first: a run-time error changes nothing either.
  EXPECT_NE(errorOf(session, "INSERT INTO t SELECT a / (a - 1), b FROM t").find("division by zero"),
            std::string::npos);
  EXPECT_EQ(session.catalog().find("t")->data(), before);
}

TEST(StorageSqlTest, InsertSelectAppendsTheQuerysRows) {
  Session session;
  ASSERT_TRUE(session
                  .run("CREATE TABLE t (a INT, b VARCHAR); CREATE TABLE u (x BIGINT, y VARCHAR);"
                       "INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, NULL)")
                  .ok());
  auto inserted = session.run("INSERT INTO u SELECT a * 10, upper(b) FROM t WHERE a > 1");
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  EXPECT_EQ(inserted->back().text, "2 rows inserted into u\n");
  auto rows = session.run("SELECT x, y FROM u ORDER BY x");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->back().table->rows,
            (std::vector<std::vector<std::string>>{{"20", "TWO"}, {"30", "NULL"}}));
}

TEST(StorageSqlTest, CreateTableAsSelectTakesTheQuerysColumnsAndRows) {
  Session session;
  ASSERT_TRUE(session
                  .run("CREATE TABLE t (a INT, b VARCHAR);"
                       "INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, NULL)")
                  .ok());
  auto created =
      session.run("CREATE TABLE u AS SELECT a * 10 AS x, upper(b) AS y FROM t WHERE a > 1");
  ASSERT_TRUE(created.ok()) << created.status();
  auto described = session.run("DESCRIBE u");
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described->back().table->rows[0][0], "x");
  EXPECT_EQ(described->back().table->rows[1][1], "string");
  auto rows = session.run("SELECT x, y FROM u ORDER BY x");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->back().table->rows,
            (std::vector<std::vector<std::string>>{{"20", "TWO"}, {"30", "NULL"}}));
  // A failing query, an existing name or duplicate column names create nothing.
  EXPECT_FALSE(session.run("CREATE TABLE v AS SELECT a / (a - 1) FROM t").ok());
  EXPECT_EQ(session.catalog().find("v"), nullptr);
  EXPECT_FALSE(session.run("CREATE TABLE u AS SELECT 1").ok());
  EXPECT_NE(session.run("CREATE TABLE w AS SELECT a, a FROM t")
                .status()
                .message()
                .find("two columns named"),
            std::string::npos);
  EXPECT_EQ(session.catalog().find("w"), nullptr);
  EXPECT_TRUE(session.run("CREATE TABLE IF NOT EXISTS u AS SELECT 1").ok());
}

TEST(StorageSqlTest, CopyWithColumnsAndOptions) {
  Session session;
  ASSERT_TRUE(session.run("CREATE TABLE t (a INT, b VARCHAR, c DOUBLE)").ok());
  std::string path = writeFile("sql_copy.csv", "b;a\nx;1\ny;2\n");
  auto copied = session.run("COPY t (b, a) FROM '" + path + "' (DELIMITER ';', HEADER true)");
  ASSERT_TRUE(copied.ok()) << copied.status();
  EXPECT_EQ(rowCount(session, "t"), 2);
  std::string bad = writeFile("sql_bad.csv", "1,x,2.5\n2,y,z\n");
  std::string message = errorOf(session, "COPY t FROM '" + bad + "'");
  EXPECT_NE(message.find("sql_bad.csv, line 2, column 3 (c): expected DOUBLE, got 'z'"),
            std::string::npos)
      << message;
  EXPECT_EQ(rowCount(session, "t"), 2);
  EXPECT_NE(errorOf(session, "COPY nosuch FROM 'x.csv'").find("nosuch"), std::string::npos);
}

TEST(StorageSqlTest, CallDbgenLoadsTheTpchTables) {
  auto session = Session::withTpchSchema();
  std::vector<int64_t> seen;
  session->setProgress([&](std::string_view what, int64_t done, int64_t) {
    EXPECT_EQ(what, "dbgen");
    seen.push_back(done);
  });
  auto generated = session->run("CALL dbgen(sf => 0.01)");
  ASSERT_TRUE(generated.ok()) << generated.status();
  EXPECT_EQ(rowCount(*session, "orders"), 15000);
  EXPECT_EQ(rowCount(*session, "region"), 5);
  EXPECT_FALSE(seen.empty());
  EXPECT_NE(errorOf(*session, "CALL dbgen(scale = 1)").find("no argument `scale`"),
            std::string::npos);
  EXPECT_NE(errorOf(*session, "CALL dbgen(sf = 'big')").find("must be a number"),
            std::string::npos);
  EXPECT_NE(errorOf(*session, "CALL dbgen(sf = 0)").find("scale factor"), std::string::npos);
  EXPECT_NE(errorOf(*session, "CALL nothing()").find("unknown procedure"), std::string::npos);
  EXPECT_EQ(rowCount(*session, "orders"), 15000);
}

// The single value of a one-row, one-column query.
std::string scalar(Session& session, const std::string& sql) {
  auto result = session.run(sql);
  EXPECT_TRUE(result.ok()) << sql << ": " << result.status();
  if (!result.ok() || !result->back().table || result->back().table->rows.size() != 1) return "";
  return result->back().table->rows[0][0];
}

TEST(StorageSqlTest, CallDbgenWithSkewMakesKeyOneHot) {
  auto session = Session::withTpchSchema();
  auto generated = session->run("CALL dbgen(sf => 0.01, skew => 1)");
  ASSERT_TRUE(generated.ok()) << generated.status();
  EXPECT_NE(generated->back().text.find("TPC-H at scale factor 0.01 with skew 1: "),
            std::string::npos)
      << generated->back().text;
  EXPECT_EQ(rowCount(*session, "orders"), 15000);
  // Zipf with s = 1 over 2000 parts gives part 1 about 12% of the lines (uniform: 0.05%).
  EXPECT_EQ(scalar(*session,
                   "SELECT l_partkey FROM lineitem GROUP BY l_partkey ORDER BY count(*) DESC "
                   "LIMIT 1"),
            "1");
  double share = std::stod(
      scalar(*session, "SELECT avg(CASE WHEN l_partkey = 1 THEN 1.0 ELSE 0.0 END) FROM lineitem"));
  EXPECT_GT(share, 0.10);
  EXPECT_LT(share, 0.15);
  // Every (l_partkey, l_suppkey) is a partsupp row; no customer with a key divisible by 3 orders.
  EXPECT_EQ(scalar(*session,
                   "SELECT count(*) FROM lineitem LEFT ANTI JOIN partsupp "
                   "ON ps_partkey = l_partkey AND ps_suppkey = l_suppkey"),
            "0");
  EXPECT_EQ(scalar(*session, "SELECT count(*) FROM orders WHERE o_custkey % 3 = 0"), "0");
  EXPECT_EQ(
      scalar(*session,
             "SELECT o_custkey FROM orders GROUP BY o_custkey ORDER BY count(*) DESC LIMIT 1"),
      "1");
  // By position too; skew 0 is the uniform data, the same as no skew at all.
  std::string checksum_sql =
      "SELECT sum(l_partkey * l_linenumber), sum(o_custkey) FROM lineitem "
      "JOIN orders ON l_orderkey = o_orderkey";
  std::string skewed = scalar(*session, checksum_sql);
  ASSERT_TRUE(session->run("CALL dbgen(0.01, 1)").ok());
  EXPECT_EQ(scalar(*session, checksum_sql), skewed);
  ASSERT_TRUE(session->run("CALL dbgen(sf = 0.01, skew = 0)").ok());
  std::string uniform = scalar(*session, checksum_sql);
  EXPECT_NE(uniform, skewed);
  ASSERT_TRUE(session->run("CALL dbgen(sf = 0.01)").ok());
  EXPECT_EQ(scalar(*session, checksum_sql), uniform);
}

TEST(StorageSqlTest, CallDbgenSkewErrorsNameTheArgument) {
  auto session = Session::withTpchSchema();
  ASSERT_TRUE(session->run("CALL dbgen(sf = 0.001)").ok());
  EXPECT_NE(errorOf(*session, "CALL dbgen(sf = 0.01, skew = -1)")
                .find("dbgen: skew (the Zipf exponent) must be 0 or more, got -1"),
            std::string::npos);
  EXPECT_NE(errorOf(*session, "CALL dbgen(sf = 0.01, skew = 4.5)")
                .find("dbgen: skew (the Zipf exponent) must be at most 4, got 4.5"),
            std::string::npos);
  EXPECT_NE(errorOf(*session, "CALL dbgen(sf = 0.01, skew = 'high')")
                .find("dbgen's skew must be a number, got `'high'`"),
            std::string::npos);
  EXPECT_NE(
      errorOf(*session, "CALL dbgen(sf = 0.01, skew = NULL)").find("dbgen's skew must be a number"),
      std::string::npos);
  EXPECT_NE(errorOf(*session, "CALL dbgen(sf = 0.01, skw = 1)")
                .find("dbgen has no argument `skw`; call it as dbgen(sf = N, skew = S)"),
            std::string::npos);
  EXPECT_NE(errorOf(*session, "CALL dbgen(sf = 0.01, skew = 1, sf = 1)")
                .find("dbgen's sf is given twice"),
            std::string::npos);
  EXPECT_NE(errorOf(*session, "CALL dbgen(0.01, 1, 2)")
                .find("dbgen takes at most 2 arguments: dbgen(sf = N, skew = S)"),
            std::string::npos);
  EXPECT_NE(errorOf(*session, "CALL dbgen(skew = 1)").find("dbgen needs a scale factor"),
            std::string::npos);
  EXPECT_NE(errorOf(*session, "CALL nothing()").find("the procedures are: dbgen(sf = N, skew = S)"),
            std::string::npos);
  EXPECT_EQ(rowCount(*session, "orders"), 1500);  // the tables of the last good CALL
}

}  // namespace
}  // namespace planck
