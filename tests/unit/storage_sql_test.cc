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

}  // namespace
}  // namespace planck
