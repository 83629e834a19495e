// Subquery expressions that stay expressions after optimization, run by the executor's
// subquery runner: uncorrelated ones once, correlated ones per distinct outer row.
#include "gtest/gtest.h"
#include "session/session.h"
#include "tests/unit/sql_rows.h"

namespace planck {
namespace {

using test::rowsOf;

using Rows = std::vector<std::string>;

class SubqueryExecutionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(session_
                    .run("CREATE TABLE t (a INT, b INT);"
                         "INSERT INTO t VALUES (1, 10), (2, 20), (3, NULL), (4, 20);"
                         "CREATE TABLE u (c INT, d INT);"
                         "INSERT INTO u VALUES (1, 5), (2, 25), (2, 30), (NULL, 7)")
                    .ok());
  }
  Session session_;
};

TEST_F(SubqueryExecutionTest, UncorrelatedScalarSubqueriesRunOnce) {
  EXPECT_EQ(rowsOf(session_, "SELECT a, (SELECT max(d) FROM u) FROM t ORDER BY a"),
            (Rows{"1,30", "2,30", "3,30", "4,30"}));
  // No row: NULL; in an expression and a CASE.
  EXPECT_EQ(rowsOf(session_,
                   "SELECT a + (SELECT d FROM u WHERE d > 100), "
                   "CASE WHEN a > 3 THEN (SELECT min(c) FROM u) ELSE -1 END FROM t ORDER BY a"),
            (Rows{"NULL,-1", "NULL,-1", "NULL,-1", "NULL,1"}));
}

TEST_F(SubqueryExecutionTest, MoreThanOneRowIsAnError) {
  auto result = session_.run("SELECT a, (SELECT d FROM u) FROM t");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("more than one row returned by a subquery"),
            std::string::npos)
      << result.status();
}

TEST_F(SubqueryExecutionTest, CorrelatedThroughNonEqualities) {
  // Spark rejects these; the optimizer keeps them as expressions and the executor runs the
  // subquery once per distinct outer value.
  EXPECT_EQ(
      rowsOf(session_, "SELECT a, (SELECT count(*) FROM t AS x WHERE x.b < t.b) FROM t ORDER BY a"),
      (Rows{"1,0", "2,1", "3,0", "4,1"}));
  EXPECT_EQ(rowsOf(session_,
                   "SELECT a, (SELECT sum(d) FROM u WHERE u.d > t.b AND u.c <= t.a) FROM t "
                   "ORDER BY a"),
            (Rows{"1,NULL", "2,55", "3,NULL", "4,55"}));
}

TEST_F(SubqueryExecutionTest, ExistsAndInInTheSelectList) {
  EXPECT_EQ(rowsOf(session_,
                   "SELECT a, EXISTS (SELECT 1 FROM u WHERE u.d > t.b), "
                   "b IN (SELECT d - 5 FROM u) FROM t ORDER BY a"),
            (Rows{"1,true,false", "2,true,true", "3,false,NULL", "4,true,true"}));
  // A NULL among the candidates: not found is NULL; an empty subquery: FALSE even for NULL.
  EXPECT_EQ(rowsOf(session_,
                   "SELECT a, a IN (SELECT c FROM u), b IN (SELECT c FROM u WHERE c > 100) "
                   "FROM t ORDER BY a"),
            (Rows{"1,true,false", "2,true,false", "3,NULL,false", "4,NULL,false"}));
}

TEST_F(SubqueryExecutionTest, CorrelatedInAndNestedSubqueries) {
  EXPECT_EQ(rowsOf(session_, "SELECT a, a IN (SELECT c FROM u WHERE u.d < t.b) FROM t ORDER BY a"),
            (Rows{"1,true", "2,NULL", "3,false", "4,NULL"}));
  // A subquery within a correlated subquery that reads the outermost query.
  EXPECT_EQ(rowsOf(session_,
                   "SELECT a, (SELECT count(*) FROM u WHERE u.d > t.a AND "
                   "u.c < (SELECT max(x.a) FROM t AS x WHERE x.a <= t.a)) FROM t ORDER BY a"),
            (Rows{"1,0", "2,1", "3,3", "4,3"}));
}

TEST_F(SubqueryExecutionTest, SubqueriesUnderOrInAFilter) {
  // EXISTS and IN under OR cannot become semi joins: the filter evaluates them per row.
  EXPECT_EQ(rowsOf(session_,
                   "SELECT a FROM t WHERE a = 4 OR EXISTS (SELECT 1 FROM u WHERE u.c = t.a AND "
                   "u.d > 20) ORDER BY a"),
            (Rows{"2", "4"}));
  EXPECT_EQ(rowsOf(session_,
                   "SELECT a FROM t WHERE b IS NULL OR b IN (SELECT d - 5 FROM u WHERE d > t.a) "
                   "ORDER BY a"),
            (Rows{"2", "3", "4"}));
}

TEST_F(SubqueryExecutionTest, ErrorsInsideASubqueryEndTheQuery) {
  auto result = session_.run("SELECT a, (SELECT max(d / (c - c)) FROM u WHERE u.d > t.a) FROM t");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("division by zero"), std::string::npos)
      << result.status();
}

TEST_F(SubqueryExecutionTest, ResultsDoNotDependOnPartitionCounts) {
  const char* sql =
      "SELECT a, (SELECT count(*) FROM t AS x WHERE x.b < t.b), "
      "EXISTS (SELECT 1 FROM u WHERE u.c > t.a) FROM t ORDER BY a";
  Rows expected = rowsOf(session_, sql);
  ASSERT_EQ(expected.size(), 4u);
  for (const char* partitions : {"1", "3", "7"}) {
    ASSERT_TRUE(session_.run(std::string("SET spark.sql.shuffle.partitions = ") + partitions).ok());
    EXPECT_EQ(rowsOf(session_, sql), expected) << partitions << " partitions";
  }
}

}  // namespace
}  // namespace planck
