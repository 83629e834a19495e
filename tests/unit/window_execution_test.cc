// WindowExec end to end through SQL: every window function, each frame kind, partitions and peer
// groups, NULLs in keys and values, empty input, several shuffle partition counts; and a
// differential test against SQLite's window functions (sqlite 3.40) on random data.
#include <sqlite3.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "session/session.h"
#include "tests/unit/sql_rows.h"

namespace planck {
namespace {

using test::errorOf;
using test::rowsOf;

class WindowExecutionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Partition 1 has ties on o (2, 2) and a NULL o; partition NULL is a partition too.
    ASSERT_TRUE(session_
                    .run("CREATE TABLE w (id INT, p INT, o INT, v INT, s VARCHAR);"
                         "INSERT INTO w VALUES (1, 1, 1, 10, 'a'), (2, 1, 2, 20, 'b'), "
                         "(3, 1, 2, 30, 'c'), (4, 1, NULL, 40, 'd'), (5, 1, 5, NULL, 'e'), "
                         "(6, 2, 1, 60, 'f'), (7, NULL, 1, 70, 'g'), (8, NULL, 3, 80, NULL)")
                    .ok());
  }
  Session session_;
};

TEST_F(WindowExecutionTest, RankingFunctionsFollowPeers) {
  // o ascending puts NULL first; rows 2 and 3 are peers.
  EXPECT_EQ(rowsOf(session_,
                   "SELECT id, row_number() OVER (PARTITION BY p ORDER BY o, id), "
                   "rank() OVER (PARTITION BY p ORDER BY o), "
                   "dense_rank() OVER (PARTITION BY p ORDER BY o), "
                   "percent_rank() OVER (PARTITION BY p ORDER BY o), "
                   "cume_dist() OVER (PARTITION BY p ORDER BY o) FROM w ORDER BY id"),
            (std::vector<std::string>{"1,2,2,2,0.25,0.4", "2,3,3,3,0.5,0.8", "3,4,3,3,0.5,0.8",
                                      "4,1,1,1,0.0,0.2", "5,5,5,4,1.0,1.0", "6,1,1,1,0.0,1.0",
                                      "7,1,1,1,0.0,0.5", "8,2,2,2,1.0,1.0"}));
  // DESC puts NULL last.
  EXPECT_EQ(rowsOf(session_,
                   "SELECT id, rank() OVER (PARTITION BY p ORDER BY o DESC) FROM w "
                   "WHERE p = 1 ORDER BY id"),
            (std::vector<std::string>{"1,4", "2,2", "3,2", "4,5", "5,1"}));
}

TEST_F(WindowExecutionTest, NtileSplitsTheRemainderOverTheFirstBuckets) {
  EXPECT_EQ(rowsOf(session_,
                   "SELECT id, ntile(2) OVER (PARTITION BY p ORDER BY id), "
                   "ntile(4) OVER (ORDER BY id), ntile(20) OVER (ORDER BY id) FROM w ORDER BY id"),
            (std::vector<std::string>{"1,1,1,1", "2,1,1,2", "3,1,2,3", "4,2,2,4", "5,2,3,5",
                                      "6,1,3,6", "7,1,4,7", "8,2,4,8"}));
  EXPECT_NE(errorOf(session_, "SELECT ntile(0) OVER (ORDER BY id) FROM w").find("positive"),
            std::string::npos);
}

TEST_F(WindowExecutionTest, LagAndLeadStayInTheirPartition) {
  EXPECT_EQ(
      rowsOf(session_,
             "SELECT id, lag(v) OVER (PARTITION BY p ORDER BY id), "
             "lead(v, 2) OVER (PARTITION BY p ORDER BY id), "
             "lag(s, 1, 'none') OVER (PARTITION BY p ORDER BY id), "
             "lead(v, 1, -v) OVER (PARTITION BY p ORDER BY id) FROM w ORDER BY id"),
      (std::vector<std::string>{"1,NULL,30,none,20", "2,10,40,a,30", "3,20,NULL,b,40",
                                "4,30,NULL,c,NULL", "5,40,NULL,d,NULL", "6,NULL,NULL,none,-60",
                                "7,NULL,NULL,none,80", "8,70,NULL,g,-80"}));
}

TEST_F(WindowExecutionTest, FrameValueFunctions) {
  EXPECT_EQ(rowsOf(session_,
                   "SELECT id, first_value(v) OVER (PARTITION BY p ORDER BY id), "
                   "last_value(v) OVER (PARTITION BY p ORDER BY id), "
                   "last_value(v) OVER (PARTITION BY p ORDER BY id ROWS BETWEEN CURRENT ROW AND "
                   "UNBOUNDED FOLLOWING), "
                   "nth_value(s, 2) OVER (PARTITION BY p ORDER BY id) FROM w ORDER BY id"),
            (std::vector<std::string>{"1,10,10,NULL,NULL", "2,10,20,NULL,b", "3,10,30,NULL,b",
                                      "4,10,40,NULL,b", "5,10,NULL,NULL,b", "6,60,60,60,NULL",
                                      "7,70,70,80,NULL", "8,70,80,80,NULL"}));
}

TEST_F(WindowExecutionTest, AggregatesOverEachFrameKind) {
  // Default with ORDER BY: RANGE UNBOUNDED PRECEDING to CURRENT ROW, so peers 2 and 3 share.
  EXPECT_EQ(rowsOf(session_,
                   "SELECT id, sum(v) OVER (PARTITION BY p ORDER BY o), "
                   "count(v) OVER (PARTITION BY p), count(*) OVER (), "
                   "sum(v) OVER (PARTITION BY p ORDER BY o, id ROWS BETWEEN 1 PRECEDING AND 1 "
                   "FOLLOWING) FROM w WHERE p = 1 ORDER BY id"),
            (std::vector<std::string>{"1,50,4,5,70", "2,100,4,5,60", "3,100,4,5,50", "4,40,4,5,50",
                                      "5,100,4,5,30"}));
  // RANGE with offsets over o: the NULL row frames its NULL peers only.
  EXPECT_EQ(rowsOf(session_,
                   "SELECT id, sum(v) OVER (PARTITION BY p ORDER BY o RANGE BETWEEN 1 PRECEDING "
                   "AND CURRENT ROW), max(v) OVER (PARTITION BY p ORDER BY o DESC RANGE BETWEEN "
                   "CURRENT ROW AND 3 FOLLOWING), min(s) OVER (PARTITION BY p ORDER BY o RANGE "
                   "BETWEEN 2 FOLLOWING AND 5 FOLLOWING) FROM w WHERE p = 1 ORDER BY id"),
            (std::vector<std::string>{"1,10,10,e", "2,60,30,e", "3,60,30,e", "4,40,40,d",
                                      "5,NULL,30,NULL"}));
  // A sliding frame that excludes the current row; an empty frame counts 0 and sums NULL.
  EXPECT_EQ(rowsOf(session_,
                   "SELECT id, sum(v) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING), "
                   "count(v) OVER (ORDER BY id ROWS BETWEEN 5 FOLLOWING AND 6 FOLLOWING) "
                   "FROM w WHERE id <= 4 ORDER BY id"),
            (std::vector<std::string>{"1,NULL,0", "2,10,0", "3,30,0", "4,50,0"}));
}

TEST_F(WindowExecutionTest, EmptyInputAndManyPartitions) {
  EXPECT_TRUE(rowsOf(session_,
                     "SELECT rank() OVER (ORDER BY o), sum(v) OVER () FROM w "
                     "WHERE id > 100")
                  .empty());
  std::string insert = "CREATE TABLE many (k INT, v INT); INSERT INTO many VALUES ";
  for (int id = 0; id < 5000; ++id)
    insert += fmt::format("{}({}, {})", id ? ", " : "", id % 500, id);
  ASSERT_TRUE(session_.run(insert).ok());
  EXPECT_EQ(rowsOf(session_,
                   "SELECT count(*), sum(r), sum(c), min(c), max(c) FROM (SELECT row_number() "
                   "OVER (PARTITION BY k ORDER BY v) AS r, count(*) OVER (PARTITION BY k) AS c "
                   "FROM many)"),
            (std::vector<std::string>{"5000,27500,50000,10,10"}));
}

TEST_F(WindowExecutionTest, SameAnswersWithOneAndThreeShufflePartitions) {
  const std::string query =
      "SELECT id, rank() OVER (PARTITION BY p ORDER BY o), sum(v) OVER (PARTITION BY p ORDER BY "
      "id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), lag(id) OVER (ORDER BY id) FROM w "
      "ORDER BY id";
  std::vector<std::string> reference = rowsOf(session_, query);
  ASSERT_EQ(reference.size(), 8u);
  for (int partitions : {1, 3}) {
    ASSERT_TRUE(
        session_.run(fmt::format("SET spark.sql.shuffle.partitions = {}", partitions)).ok());
    EXPECT_EQ(rowsOf(session_, query), reference) << partitions << " shuffle partitions";
  }
}

TEST_F(WindowExecutionTest, ResultTypesAreSparks) {
  auto results = session_.run(
      "SELECT row_number() OVER (ORDER BY id), rank() OVER (ORDER BY o), ntile(2) OVER (ORDER BY "
      "id), cume_dist() OVER (ORDER BY o), count(v) OVER (), avg(v) OVER (), sum(v) OVER (), "
      "lag(s) OVER (ORDER BY id) FROM w");
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_TRUE(results->back().table.has_value());
  EXPECT_EQ(results->back().table->types,
            (std::vector<std::string>{"int", "int", "int", "double", "bigint", "double", "bigint",
                                      "string"}));
}

TEST_F(WindowExecutionTest, RangeOffsetsNeedOneNumericKey) {
  EXPECT_NE(errorOf(session_,
                    "SELECT sum(v) OVER (ORDER BY s RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) "
                    "FROM w"),
            "");
  EXPECT_NE(errorOf(session_,
                    "SELECT sum(v) OVER (ORDER BY o, id RANGE BETWEEN 1 PRECEDING AND CURRENT "
                    "ROW) FROM w"),
            "");
}

// SQLite in memory: the oracle of the differential test.
class Sqlite {
 public:
  Sqlite() { sqlite3_open(":memory:", &db_); }
  ~Sqlite() { sqlite3_close(db_); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  // The rows of `sql`, cells as text ("NULL" for NULL), joined by ','.
  std::vector<std::string> rows(const std::string& sql) {
    std::vector<std::string> out;
    char* error = nullptr;
    auto collect = [](void* target, int columns, char** values, char**) {
      std::string text;
      for (int i = 0; i < columns; ++i) {
        text += (i ? "," : "");
        text += values[i] == nullptr ? "NULL" : values[i];
      }
      static_cast<std::vector<std::string>*>(target)->push_back(text);
      return 0;
    };
    int rc = sqlite3_exec(db_, sql.c_str(), collect, &out, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "") << "\n" << sql;
    sqlite3_free(error);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

// Whether two result cells agree: equal text, or numbers within 1e-9 relative.
bool sameCell(const std::string& a, const std::string& b) {
  if (a == b) return true;
  char* end_a = nullptr;
  char* end_b = nullptr;
  double x = std::strtod(a.c_str(), &end_a), y = std::strtod(b.c_str(), &end_b);
  if (a.empty() || b.empty() || *end_a != '\0' || *end_b != '\0') return false;
  return std::fabs(x - y) <= 1e-9 * std::max(1.0, std::max(std::fabs(x), std::fabs(y)));
}

bool sameRow(const std::string& a, const std::string& b) {
  std::vector<std::string> cells_a, cells_b;
  auto split = [](const std::string& row, std::vector<std::string>& cells) {
    size_t start = 0;
    for (size_t comma; (comma = row.find(',', start)) != std::string::npos; start = comma + 1) {
      cells.push_back(row.substr(start, comma - start));
    }
    cells.push_back(row.substr(start));
  };
  split(a, cells_a);
  split(b, cells_b);
  if (cells_a.size() != cells_b.size()) return false;
  for (size_t i = 0; i < cells_a.size(); ++i) {
    if (!sameCell(cells_a[i], cells_b[i])) return false;
  }
  return true;
}

TEST(WindowDifferentialTest, MatchesSqliteOnRandomData) {
  Sqlite sqlite;
  std::mt19937 random(20261124);
  auto maybeNull = [&](int value, int percent) {
    return static_cast<int>(random() % 100) < percent ? std::string("NULL") : std::to_string(value);
  };
  std::string insert = "INSERT INTO r VALUES ";
  for (int id = 0; id < 3000; ++id) {
    insert += fmt::format("{}({}, {}, {}, {})", id ? ", " : "", id,
                          maybeNull(static_cast<int>(random() % 40), 3),
                          maybeNull(static_cast<int>(random() % 30), 10),
                          maybeNull(static_cast<int>(random() % 1000) - 500, 15));
  }
  Session session;
  ASSERT_TRUE(session.run("CREATE TABLE r (id INT, p INT, o INT, v INT); " + insert).ok());
  sqlite.rows("CREATE TABLE r (id INTEGER, p INTEGER, o INTEGER, v INTEGER); " + insert);
  // Ties on o make ROWS frames and row-order functions depend on the order among peers: those
  // order by (o, id); RANGE frames and ranks order by o alone.
  const std::vector<std::string> windows = {
      "row_number() OVER (PARTITION BY p ORDER BY o, id)",
      "rank() OVER (PARTITION BY p ORDER BY o)",
      "dense_rank() OVER (PARTITION BY p ORDER BY o DESC)",
      "percent_rank() OVER (PARTITION BY p ORDER BY o)",
      "cume_dist() OVER (PARTITION BY p ORDER BY o)",
      "ntile(7) OVER (PARTITION BY p ORDER BY o, id)",
      "lag(v, 2, -1) OVER (PARTITION BY p ORDER BY o, id)",
      "lead(v) OVER (PARTITION BY p ORDER BY o, id)",
      "first_value(v) OVER (PARTITION BY p ORDER BY o, id ROWS BETWEEN 2 PRECEDING AND 2 "
      "FOLLOWING)",
      "last_value(v) OVER (PARTITION BY p ORDER BY o RANGE BETWEEN 3 PRECEDING AND 1 FOLLOWING)",
      "nth_value(v, 3) OVER (PARTITION BY p ORDER BY o, id)",
      "sum(v) OVER (PARTITION BY p ORDER BY o)",
      "sum(v) OVER (PARTITION BY p ORDER BY o, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT "
      "ROW)",
      "sum(v) OVER (PARTITION BY p ORDER BY o, id ROWS BETWEEN 5 PRECEDING AND 3 FOLLOWING)",
      "count(v) OVER (PARTITION BY p ORDER BY o RANGE BETWEEN 4 PRECEDING AND 2 FOLLOWING)",
      "count(*) OVER (PARTITION BY p ORDER BY o DESC RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING)",
      "avg(v) OVER (PARTITION BY p ORDER BY o, id ROWS BETWEEN CURRENT ROW AND 10 FOLLOWING)",
      "min(v) OVER (PARTITION BY p ORDER BY o RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)",
      "max(v) OVER (PARTITION BY p ORDER BY o, id ROWS BETWEEN 7 PRECEDING AND 2 PRECEDING)",
      "sum(v) OVER (PARTITION BY p)",
      "count(v) OVER (PARTITION BY p ORDER BY o, id ROWS BETWEEN UNBOUNDED PRECEDING AND 2 "
      "PRECEDING)",
      "max(v) OVER (PARTITION BY p ORDER BY o RANGE BETWEEN UNBOUNDED PRECEDING AND 3 FOLLOWING)",
      "avg(v) OVER (PARTITION BY p ORDER BY o DESC RANGE BETWEEN UNBOUNDED PRECEDING AND 2 "
      "PRECEDING)",
      "sum(v) FILTER (WHERE v > 0) OVER (PARTITION BY p ORDER BY o, id)",
      "min(v) OVER (PARTITION BY p ORDER BY o, id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED "
      "FOLLOWING)",
      "max(v) OVER (ORDER BY o RANGE BETWEEN 1 FOLLOWING AND 3 FOLLOWING)",
  };
  for (int partitions : {1, 3}) {
    ASSERT_TRUE(session.run(fmt::format("SET spark.sql.shuffle.partitions = {}", partitions)).ok());
    for (const std::string& window : windows) {
      std::string query = "SELECT id, " + window + " FROM r ORDER BY id";
      std::vector<std::string> got = rowsOf(session, query);
      std::vector<std::string> expected = sqlite.rows(query);
      ASSERT_EQ(got.size(), expected.size()) << query;
      size_t mismatches = 0;
      for (size_t i = 0; i < got.size(); ++i) {
        if (!sameRow(got[i], expected[i]) && ++mismatches <= 3) {
          ADD_FAILURE() << query << "\n  planck: " << got[i] << "\n  sqlite: " << expected[i];
        }
      }
      EXPECT_EQ(mismatches, 0u) << query;
    }
  }
}

}  // namespace
}  // namespace planck
