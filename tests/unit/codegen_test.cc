// Whole-stage code generation: compiled stages give the interpreter's rows and errors (TPC-H at
// 1, 3 and 8 shuffle partitions, and expressions at their edges: NULLs, overflow, exact
// decimals, NaN, strings), EXPLAIN CODEGEN and EXPLAIN ANALYZE show the stages, the cache is
// used, and a missing compiler or a compile error leaves the query answered by the interpreter.
#include <cstdlib>
#include <filesystem>

#include "codegen/codegen.h"
#include "codegen/compiler.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "session/session.h"
#include "tests/unit/sql_rows.h"
#include "tests/unit/tpch_test_support.h"

namespace planck {
namespace {

using test::errorOf;
using test::rowsOf;
using test::sortedRowsOf;

using test::tpchQuery;
using test::tpchSession;

void set(Session& session, const std::string& key, const std::string& value) {
  auto done = session.run(fmt::format("SET {} = {}", key, value));
  ASSERT_TRUE(done.ok()) << done.status();
}

// What compiling `sql`'s stages did: how many stages, how many compiled.
struct Compiled {
  size_t stages = 0;
  size_t compiled = 0;
  std::string reasons;  // why the others run interpreted
};

Compiled compiledStagesOf(Session& session, const std::string& sql) {
  auto execution = session.query(sql);
  EXPECT_TRUE(execution.ok()) << execution.status();
  Compiled compiled;
  if (!execution.ok()) return compiled;
  const auto& code = (*execution)->compiledCode();
  EXPECT_TRUE(code.ok()) << code.status();
  if (!code.ok()) return compiled;
  for (const StageReport& report : (*code)->reports) {
    ++compiled.stages;
    if (report.compiled) {
      ++compiled.compiled;
    } else {
      compiled.reasons += std::string(report.fallback_reason.message()) + "\n";
    }
  }
  return compiled;
}

// A shuffle partition count, and whether joins are planned as sort-merge joins (no broadcast,
// spark.sql.join.preferSortMergeJoin) or as the planner chooses at SF 0.01 (mostly broadcasts).
struct TpchRun {
  int partitions;
  bool sort_merge;
};

class CodegenTpchTest : public ::testing::TestWithParam<TpchRun> {};

// Every TPC-H query, compiled and interpreted, at 1, 3 and 8 shuffle partitions: the same rows
// in the same order, and every stage of every query really compiled.
TEST_P(CodegenTpchTest, CompiledAndInterpretedGiveTheSameRows) {
  Session& session = tpchSession();
  set(session, "spark.sql.shuffle.partitions", std::to_string(GetParam().partitions));
  set(session, "spark.sql.autoBroadcastJoinThreshold", GetParam().sort_merge ? "-1" : "10485760");
  set(session, "spark.sql.join.preferSortMergeJoin", "true");
  size_t merge_joins = 0;
  size_t stages = 0;
  for (int query = 1; query <= 22; ++query) {
    std::string sql = tpchQuery(query);
    set(session, "spark.sql.codegen.wholeStage", "true");
    Compiled compiled = compiledStagesOf(session, sql);
    EXPECT_GT(compiled.stages, 0u) << "q" << query;
    EXPECT_EQ(compiled.compiled, compiled.stages) << "q" << query << ": " << compiled.reasons;
    stages += compiled.stages;
    // The plan as planned (adaptive execution may turn joins into broadcasts at runtime).
    set(session, "spark.sql.adaptive.enabled", "false");
    auto plan = session.run("EXPLAIN " + sql);
    set(session, "spark.sql.adaptive.enabled", "true");
    ASSERT_TRUE(plan.ok()) << plan.status();
    for (size_t at = plan->back().text.find(") SortMergeJoin"); at != std::string::npos;
         at = plan->back().text.find(") SortMergeJoin", at + 1)) {
      ++merge_joins;
    }
    std::vector<std::string> generated = rowsOf(session, sql);
    set(session, "spark.sql.codegen.wholeStage", "false");
    std::vector<std::string> interpreted = rowsOf(session, sql);
    EXPECT_FALSE(interpreted.empty()) << "q" << query;
    EXPECT_EQ(generated, interpreted) << "q" << query;
  }
  set(session, "spark.sql.codegen.wholeStage", "true");
  set(session, "spark.sql.autoBroadcastJoinThreshold", "10485760");
  std::cout << stages << " stages compiled over the 22 queries, " << merge_joins
            << " sort-merge joins in generated code\n";
  // Without broadcasts, the joins of the 22 queries are sort-merge joins, in generated code.
  if (GetParam().sort_merge) {
    EXPECT_GE(merge_joins, 30u);
  }
}

INSTANTIATE_TEST_SUITE_P(Partitions, CodegenTpchTest,
                         ::testing::Values(TpchRun{1, false}, TpchRun{3, false},
                                           TpchRun{8, false}, TpchRun{1, true},
                                           TpchRun{8, true}),
                         [](const ::testing::TestParamInfo<TpchRun>& info) {
                           return fmt::format("{}{}", info.param.partitions,
                                              info.param.sort_merge ? "SortMerge" : "");
                         });

// ORDER BY ... LIMIT over lineitem (60K rows): each task's top rows are kept while it reads,
// past several batches, and ties (many rows share a quantity) still come out as interpreted.
TEST(CodegenTopRowsTest, ATaskKeepsItsTopRowsAsItReads) {
  Session& session = tpchSession();
  set(session, "spark.sql.shuffle.partitions", "3");
  for (const char* sql :
       {"SELECT l_orderkey, l_linenumber, l_quantity FROM lineitem ORDER BY l_quantity LIMIT 100",
        "SELECT l_orderkey, l_linenumber FROM lineitem WHERE l_discount > 0.02 ORDER BY "
        "l_extendedprice DESC, l_shipdate LIMIT 7",
        "SELECT l_orderkey, l_linenumber, l_quantity FROM lineitem ORDER BY l_quantity DESC "
        "LIMIT 30000"}) {
    set(session, "spark.sql.codegen.wholeStage", "true");
    Compiled compiled = compiledStagesOf(session, sql);
    EXPECT_EQ(compiled.compiled, compiled.stages) << sql << ": " << compiled.reasons;
    std::vector<std::string> generated = rowsOf(session, sql);
    set(session, "spark.sql.codegen.wholeStage", "false");
    std::vector<std::string> interpreted = rowsOf(session, sql);
    EXPECT_FALSE(interpreted.empty()) << sql;
    EXPECT_EQ(generated, interpreted) << sql;
  }
  set(session, "spark.sql.codegen.wholeStage", "true");
}

class CodegenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // These tests read the codegen stages of the plan as planned; adaptive execution, which
    // makes them per query stage, has its own tests (adaptive_execution_test.cc).
    run("SET spark.sql.adaptive.enabled = false");
    run("CREATE TABLE e (i INT, b BIGINT, d DECIMAL(10,2), x DOUBLE, s VARCHAR, dt DATE, "
        "g INT)");
    run("INSERT INTO e VALUES (1, 10, 1.25, 0.5, 'apple', DATE '2024-01-31', 1), "
        "(NULL, NULL, NULL, NULL, NULL, NULL, 1), "
        "(-7, -9223372036854775807, -3.50, -0.0, '', DATE '1970-01-01', 2), "
        "(2147483647, 9223372036854775807, 99999999.99, 'NaN', 'Banana split', "
        "DATE '2000-02-29', 2), "
        "(0, 0, 0.00, 1e300, 'apple', DATE '1999-12-31', 3)");
  }
  void run(const std::string& sql) {
    auto done = session_.run(sql);
    ASSERT_TRUE(done.ok()) << done.status() << "\n" << sql;
  }
  // `sql` compiled (every stage) and interpreted: the same sorted rows, or the same error.
  void expectSame(const std::string& sql) {
    set(session_, "spark.sql.codegen.wholeStage", "true");
    Compiled compiled = compiledStagesOf(session_, sql);
    EXPECT_GT(compiled.stages, 0u) << sql;
    EXPECT_EQ(compiled.compiled, compiled.stages) << sql << ": " << compiled.reasons;
    std::string generated_error = errorOf(session_, sql);
    std::vector<std::string> generated =
        generated_error.empty() ? sortedRowsOf(session_, sql) : std::vector<std::string>{};
    set(session_, "spark.sql.codegen.wholeStage", "false");
    std::string interpreted_error = errorOf(session_, sql);
    std::vector<std::string> interpreted =
        interpreted_error.empty() ? sortedRowsOf(session_, sql) : std::vector<std::string>{};
    set(session_, "spark.sql.codegen.wholeStage", "true");
    EXPECT_EQ(generated_error, interpreted_error) << sql;
    EXPECT_EQ(generated, interpreted) << sql;
  }

  Session session_;
};

TEST_F(CodegenTest, ArithmeticAndItsErrors) {
  expectSame("SELECT i + 1, b - 1, i * 2, d * d, d + i, x / 2, i / 3, i % 3 FROM e WHERE i <> 2147483647");
  expectSame("SELECT -i, -d, -x, d - 0.005, CAST(d AS DOUBLE) * 3 FROM e WHERE b > -9223372036854775807");
  // Overflow and division by zero fail with the interpreter's message.
  expectSame("SELECT i + 1 FROM e");
  expectSame("SELECT b * 2 FROM e");
  expectSame("SELECT i / (i - i) FROM e");
  expectSame("SELECT x / (g - g) FROM e");
  expectSame("SELECT d * 100000000 FROM e");
  // Only the rows that reach an expression can fail on it.
  expectSame("SELECT CASE WHEN i = 2147483647 THEN 0 ELSE i + 1 END FROM e");
  expectSame("SELECT i + 1 FROM e WHERE i < 100");
  expectSame("SELECT dt + 1, dt - DATE '1970-01-01', dt + INTERVAL '1' MONTH FROM e");
}

TEST_F(CodegenTest, ComparisonsLogicAndNulls) {
  expectSame("SELECT i FROM e WHERE i > 0 AND (x > 0.1 OR s = 'apple')");
  expectSame("SELECT i < d, d = 1.25, x = x, x > 1, s < 'b', s >= 'B', dt < DATE '2000-01-01' FROM e");
  expectSame("SELECT i IS NULL, s IS NOT NULL, NOT (i > 0), i <=> NULL, i IN (1, 0, NULL), "
             "s IN ('apple', 'x'), d IN (1.25, 3) FROM e");
  expectSame("SELECT coalesce(i, g, 0), coalesce(s, 'none'), CASE WHEN i > 0 THEN 'pos' WHEN i < "
             "0 THEN 'neg' END, if(x > 0, x, 0) FROM e");
  expectSame("SELECT s LIKE 'a%', s LIKE '%an%', s LIKE '_pple', upper(s), length(s), "
             "substring(s, 2, 3) FROM e");
  expectSame("SELECT CAST(i AS BIGINT), CAST(d AS INT), CAST(i AS DECIMAL(12,2)), "
             "CAST(d AS DECIMAL(10,1)), CAST(s AS VARCHAR) FROM e");
  expectSame("SELECT CAST(i AS DECIMAL(5,2)) FROM e");
}

TEST_F(CodegenTest, AggregatesAndTheirEdges) {
  expectSame("SELECT g, count(*), count(i), sum(i), sum(d), avg(d), avg(i), avg(x), min(x), "
             "max(x), min(s), max(s), min(dt), count_if(i > 0) FROM e GROUP BY g");
  expectSame("SELECT count(*), sum(b), max(d), min(i) FROM e WHERE i IS NULL");
  expectSame("SELECT sum(b) FROM e");  // overflows BIGINT: the interpreter's error
  expectSame("SELECT x, count(*) FROM e GROUP BY x");  // -0.0 with 0.0, one NaN group
  expectSame("SELECT s, sum(i) FILTER (WHERE g > 1), max(d) FROM e GROUP BY s");
  expectSame("SELECT count(*) FROM e GROUP BY i, s, d");
  expectSame("SELECT g, count(*) FROM e GROUP BY g HAVING count(*) > 1 LIMIT 5");
  // Calls that share a sum or a count, and those that must not (a nullable argument, another
  // FILTER, a double sum beside an exact one).
  expectSame("SELECT g, sum(d), avg(d), count(*), avg(g), count(g), avg(i), count(i), "
             "sum(i) FILTER (WHERE i > 0), avg(i) FILTER (WHERE i > 0), sum(i), sum(x), "
             "avg(x), count(x) FROM e GROUP BY g");
  auto code = session_.run("EXPLAIN CODEGEN SELECT g, sum(d), avg(d), count(*) FROM e GROUP BY g");
  ASSERT_TRUE(code.ok());
  // The partial aggregate (stage 1) folds d once for both; the final one merges two buffers.
  std::string partial = code->back().text.substr(0, code->back().text.find("== Subtree 2"));
  EXPECT_NE(partial.find("a0_sum"), std::string::npos) << partial;
  EXPECT_EQ(partial.find("a1_sum"), std::string::npos) << "avg(d) shares sum(d)'s: " << partial;
}

TEST_F(CodegenTest, HashJoinsOfEveryKind) {
  run("CREATE TABLE k (g INT, name VARCHAR)");
  run("INSERT INTO k VALUES (1, 'one'), (2, 'two'), (2, 'deux'), (NULL, 'none'), (4, 'four')");
  for (const char* hint : {"", "/*+ SHUFFLE_HASH(k) */"}) {
    for (const char* type : {"JOIN", "LEFT JOIN", "LEFT SEMI JOIN", "LEFT ANTI JOIN"}) {
      expectSame(fmt::format("SELECT {} * FROM e {} k ON e.g = k.g", hint, type));
      expectSame(fmt::format(
          "SELECT {} * FROM e {} k ON e.g = k.g AND k.name <> 'two' AND i > 0", hint, type));
    }
  }
  auto shuffled = session_.run("EXPLAIN SELECT /*+ SHUFFLE_HASH(k) */ * FROM e JOIN k ON e.g = k.g");
  ASSERT_TRUE(shuffled.ok());
  EXPECT_NE(shuffled->back().text.find("*(3) ShuffledHashJoin"), std::string::npos)
      << shuffled->back().text;
  expectSame("SELECT * FROM k RIGHT JOIN e ON e.g = k.g");
  expectSame("SELECT k.name, sum(i) FROM e JOIN k ON e.g = k.g GROUP BY k.name");
}

// Sort-merge joins (MERGE hint) of the kinds generated code runs, on keys of every type with
// NULLs, NaN and -0.0, several keys, and a condition; Sorts by every kind of key, in order.
TEST_F(CodegenTest, SortMergeJoinsAndSorts) {
  run("CREATE TABLE k (g INT, x DOUBLE, s VARCHAR, name VARCHAR)");
  run("INSERT INTO k VALUES (1, 0.0, 'apple', 'one'), (2, 'NaN', 'Banana split', 'two'), "
      "(2, 0.5, '', 'deux'), (NULL, NULL, NULL, 'none'), (4, 1e300, 'apple', 'four'), "
      "(1, 0.5, 'apple', 'uno')");
  // The right side as a table (its shuffle hashes in the runtime) and filtered (its stage's code
  // computes each row's partition): rows meet only if both hash alike.
  for (const char* right : {"k", "(SELECT * FROM k WHERE name <> 'zero') k"}) {
    for (const char* type : {"JOIN", "LEFT JOIN", "LEFT SEMI JOIN", "LEFT ANTI JOIN"}) {
      for (const char* on : {"e.g = k.g", "e.x = k.x", "e.s = k.s", "e.g = k.g AND e.s = k.s",
                             "e.g = k.g AND k.name <> 'two' AND i > 0"}) {
        expectSame(fmt::format("SELECT /*+ MERGE(k) */ * FROM e {} {} ON {}", type, right, on));
      }
    }
  }
  auto code = session_.run(
      "EXPLAIN CODEGEN SELECT /*+ MERGE(k) */ * FROM e JOIN (SELECT * FROM k WHERE name <> "
      "'zero') k ON e.s = k.s");
  ASSERT_TRUE(code.ok());
  EXPECT_NE(code->back().text.find("the partition of hashpartitioning(s#"), std::string::npos)
      << code->back().text;
  auto plan = session_.run("EXPLAIN SELECT /*+ MERGE(k) */ * FROM e JOIN k ON e.g = k.g");
  ASSERT_TRUE(plan.ok());
  EXPECT_NE(plan->back().text.find("*(5) SortMergeJoin"), std::string::npos)
      << plan->back().text;
  EXPECT_NE(plan->back().text.find("*(2) Sort [g"), std::string::npos) << plan->back().text;
  // Right and full outer merge joins stay interpreted, and still agree.
  expectSame("SELECT /*+ MERGE(k) */ * FROM e FULL JOIN k ON e.g = k.g");
  // ORDER BY: the same rows in the same order, by columns and by computed keys.
  for (const char* order :
       {"i", "i DESC", "i NULLS LAST", "x", "x DESC NULLS FIRST", "s, i", "s DESC, dt",
        "d * 2 DESC, i", "length(s), s", "g, b DESC"}) {
    std::string sql = fmt::format("SELECT * FROM e ORDER BY {}", order);
    set(session_, "spark.sql.codegen.wholeStage", "true");
    std::vector<std::string> generated = rowsOf(session_, sql);
    set(session_, "spark.sql.codegen.wholeStage", "false");
    EXPECT_EQ(generated, rowsOf(session_, sql)) << sql;
    set(session_, "spark.sql.codegen.wholeStage", "true");
    expectSame(sql);
  }
  // ORDER BY ... LIMIT: each task's top rows kept by the stage below TakeOrderedAndProject, ties
  // at the limit included, over several tasks (a union's two inputs).
  for (const char* sql :
       {"SELECT i, s FROM e WHERE g > 0 ORDER BY g LIMIT 2",
        "SELECT i, g * 2 AS h FROM (SELECT * FROM e UNION ALL SELECT * FROM e) t WHERE b IS NOT "
        "NULL ORDER BY g DESC, s LIMIT 3",
        "SELECT s, count(*) AS n FROM e GROUP BY s ORDER BY n DESC, s NULLS LAST LIMIT 2"}) {
    set(session_, "spark.sql.codegen.wholeStage", "true");
    std::vector<std::string> generated = rowsOf(session_, sql);
    set(session_, "spark.sql.codegen.wholeStage", "false");
    EXPECT_EQ(generated, rowsOf(session_, sql)) << sql;
    set(session_, "spark.sql.codegen.wholeStage", "true");
  }
  auto top = session_.run("EXPLAIN CODEGEN SELECT i, s FROM e WHERE g > 0 ORDER BY g LIMIT 2");
  ASSERT_TRUE(top.ok());
  EXPECT_NE(top->back().text.find("TakeOrderedAndProject(limit=2"), std::string::npos);
  EXPECT_NE(top->back().text.find("ctx->api->sort(ctx, 0, &top"), std::string::npos)
      << top->back().text;
}

// Uncorrelated subqueries that stay expressions (beside an OR) are values the runtime computes
// once; the stage around them is generated code, with the interpreter's values and errors.
TEST_F(CodegenTest, UncorrelatedSubqueriesAreQueryConstants) {
  expectSame("SELECT count(*) FROM e WHERE i < 0 OR EXISTS (SELECT 1 FROM e WHERE g = 3)");
  expectSame("SELECT count(*) FROM e WHERE i < 0 OR EXISTS (SELECT 1 FROM e WHERE g = 9)");
  expectSame("SELECT i FROM e WHERE i < 0 OR i > (SELECT max(i) - 10 FROM e)");
  expectSame("SELECT s FROM e WHERE s IS NULL OR s = (SELECT max(s) FROM e WHERE g = 3)");
  expectSame("SELECT d FROM e WHERE i < 0 OR d > (SELECT avg(d) FROM e WHERE g = 7)");  // NULL
  expectSame("SELECT i FROM e WHERE i < 0 OR i > (SELECT i FROM e)");  // more than one row
  auto code = session_.run(
      "EXPLAIN CODEGEN SELECT i FROM e WHERE i < 0 OR i > (SELECT max(i) - 10 FROM e)");
  ASSERT_TRUE(code.ok());
  EXPECT_NE(code->back().text.find("Filter ((i#"), std::string::npos) << code->back().text;
}

// A union is the source of the stage above it, each task reading one partition of one input.
TEST_F(CodegenTest, UnionsFeedTheStageAboveThem) {
  expectSame("SELECT g, count(*), sum(i) FROM (SELECT g, i FROM e UNION ALL SELECT i, g FROM e "
             "WHERE i > 0 UNION ALL SELECT 7, NULL) t WHERE g IS NOT NULL GROUP BY g");
  expectSame("SELECT s FROM e UNION SELECT upper(s) FROM e");
  auto plan = session_.run(
      "EXPLAIN SELECT g, count(*) FROM (SELECT g FROM e UNION ALL SELECT i FROM e) t GROUP BY g");
  ASSERT_TRUE(plan.ok());
  EXPECT_NE(plan->back().text.find("*(1) Union"), std::string::npos) << plan->back().text;
}

// A stage is found again by its canonical text: one that differs only in a constant the
// operator's EXPLAIN line does not show (a grouping expression's definition) is a new stage.
TEST_F(CodegenTest, StagesThatDifferOnlyInHiddenConstantsAreNotConfused) {
  EXPECT_EQ(rowsOf(session_, "SELECT DISTINCT 5 + g * 0 AS k FROM e"), std::vector<std::string>{"5"});
  EXPECT_EQ(rowsOf(session_, "SELECT DISTINCT 7 + g * 0 AS k FROM e"), std::vector<std::string>{"7"});
  auto second = session_.query("SELECT DISTINCT 9 + g * 0 AS k FROM e");
  ASSERT_TRUE(second.ok());
  const auto& code = (*second)->compiledCode();
  ASSERT_TRUE(code.ok());
  // Generated anew (a stage found by its canonical text is not generated again).
  EXPECT_GT((*code)->reports.front().generate_ms, 0.0);
}

TEST_F(CodegenTest, ExplainCodegenShowsEachStageAndItsSource) {
  auto results = session_.run(
      "EXPLAIN CODEGEN SELECT g, sum(i) FROM e WHERE i > 0 GROUP BY g");
  ASSERT_TRUE(results.ok()) << results.status();
  const std::string& text = results->back().text;
  EXPECT_EQ(text.rfind("Found 2 WholeStageCodegen subtrees.\n== Subtree 1 / 2 (codegen id 1, ", 0),
            0u)
      << text;
  EXPECT_NE(text.find("*(1) HashAggregate(keys=[g#"), std::string::npos) << text;
  EXPECT_NE(text.find("Generated code:\n/* 001 */ // WholeStageCodegen (1)"), std::string::npos);
  // A comment per operator block names the plan node; variables are named after the operator.
  EXPECT_NE(text.find("// *(1) Filter ((i#"), std::string::npos) << text;
  EXPECT_NE(text.find("filter2_cmp"), std::string::npos) << text;
  EXPECT_NE(text.find("== Subtree 2 / 2 (codegen id 2, "), std::string::npos) << text;
}

TEST_F(CodegenTest, ExplainAnalyzeReportsCompileTimesAndTheCache) {
  run("SET planck.codegen.cacheDir = '" +
      (std::filesystem::temp_directory_path() / fmt::format("planck-codegen-test-{}", getpid()))
          .string() +
      "'");
  const char* sql = "EXPLAIN ANALYZE SELECT g, max(s) FROM e WHERE b <> 1 GROUP BY g";
  auto first = session_.run(sql);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_NE(first->back().text.find("WholeStageCodegen (1): compiled in "), std::string::npos)
      << first->back().text;
  auto second = session_.run(sql);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(second->back().text.find("WholeStageCodegen (1): compiled, from the cache in "),
            std::string::npos)
      << second->back().text;
}

TEST_F(CodegenTest, WholeStageOffAndMaxFields) {
  const char* sql = "EXPLAIN SELECT i + 1 FROM e WHERE g > 1";
  auto on = session_.run(sql);
  ASSERT_TRUE(on.ok());
  EXPECT_NE(on->back().text.find("*(1) Project"), std::string::npos) << on->back().text;
  // The filter reads and returns two columns: over a limit of one, only the project (one column
  // out, but two in) could be fused, and it reads two columns too: no stage.
  run("SET spark.sql.codegen.maxFields = 1");
  auto narrow = session_.run(sql);
  ASSERT_TRUE(narrow.ok());
  EXPECT_EQ(narrow->back().text.find("*("), std::string::npos) << narrow->back().text;
  run("SET spark.sql.codegen.maxFields = 100");
  run("SET spark.sql.codegen.wholeStage = false");
  auto off = session_.run(sql);
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(off->back().text.find("*("), std::string::npos) << off->back().text;
}

// The environment variable `name` set to `value` while it lives.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    const char* old = std::getenv(name);
    if (old != nullptr) old_ = old;
    had_ = old != nullptr;
    if (value == nullptr) {
      unsetenv(name);
    } else {
      setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (had_) {
      setenv(name_, old_.c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

// No compiler on PATH: the stages run interpreted, the answers are right, EXPLAIN ANALYZE says
// which stages fell back and why; with spark.sql.codegen.fallback off the query fails instead.
TEST_F(CodegenTest, NoCompilerOnPathFallsBackToTheInterpreter) {
  std::filesystem::path empty =
      std::filesystem::temp_directory_path() / fmt::format("planck-no-compiler-{}", getpid());
  std::filesystem::create_directories(empty);
  // A fresh cache: nothing compiled before can stand in.
  run("SET planck.codegen.cacheDir = '" + (empty / "cache").string() + "'");
  // A query of its own, interpreted first: no code for it is loaded in this process either.
  const std::string sql = "SELECT g, sum(i) + 17 FROM e GROUP BY g";
  run("SET spark.sql.codegen.wholeStage = false");
  std::vector<std::string> expected = sortedRowsOf(session_, sql);
  run("SET spark.sql.codegen.wholeStage = true");
  {
    ScopedEnv path("PATH", empty.c_str());
    ScopedEnv cxx("PLANCK_CXX", nullptr);
    Compiled compiled = compiledStagesOf(session_, sql);
    EXPECT_EQ(compiled.stages, 2u);
    EXPECT_EQ(compiled.compiled, 0u);
    EXPECT_NE(compiled.reasons.find("c++"), std::string::npos) << compiled.reasons;
    EXPECT_EQ(sortedRowsOf(session_, sql), expected);
    auto analyzed = session_.run("EXPLAIN ANALYZE " + sql);
    ASSERT_TRUE(analyzed.ok()) << analyzed.status();
    const std::string& text = analyzed->back().text;
    EXPECT_NE(text.find("WholeStageCodegen (1): interpreted (fallback: planck.codegen.compiler"),
              std::string::npos)
        << text;
    run("SET spark.sql.codegen.fallback = false");
    std::string error = errorOf(session_, sql);
    EXPECT_NE(error.find("did not compile (spark.sql.codegen.fallback is false)"),
              std::string::npos)
        << error;
    run("SET spark.sql.codegen.fallback = true");
  }
  std::filesystem::remove_all(empty);
}

// Longest processing time first: the biggest source to the unit that is smallest so far.
TEST(PackBySizeTest, BiggestFirstIntoTheSmallestBin) {
  using Bins = std::vector<std::vector<size_t>>;
  // 50 -> a, 40 -> b, 30 -> b (70), 20 -> a (70), 10 -> a (the first of equals): 80 and 70.
  EXPECT_EQ(packBySize({10, 50, 30, 20, 40}, 2), (Bins{{0, 1, 3}, {2, 4}}));
  // One item far bigger than the rest together keeps a bin to itself.
  EXPECT_EQ(packBySize({5, 500, 7, 6}, 2), (Bins{{1}, {0, 2, 3}}));
  // Unchanged: no more bins than items, one item each; a single bin takes all.
  EXPECT_EQ(packBySize({3, 9}, 4), (Bins{{1}, {0}}));
  EXPECT_EQ(packBySize({3, 9, 4}, 1), (Bins{{0, 1, 2}}));
  EXPECT_EQ(packBySize({}, 2), Bins{});
}

// compileStages packs a query's stages into at most `units` translation units while it lives.
class ScopedCompileUnits {
 public:
  explicit ScopedCompileUnits(int units) { setCompileUnitsForTesting(units); }
  ~ScopedCompileUnits() { setCompileUnitsForTesting(0); }
};

// The reports of compiling `sql`'s stages.
std::vector<StageReport> stageReportsOf(Session& session, const std::string& sql) {
  auto execution = session.query(sql);
  EXPECT_TRUE(execution.ok()) << execution.status();
  if (!execution.ok()) return {};
  const auto& code = (*execution)->compiledCode();
  EXPECT_TRUE(code.ok()) << code.status();
  if (!code.ok()) return {};
  return (*code)->reports;
}

// A query's stages in one translation unit compile together, with one compiler run: the names
// each stage declares do not collide, not even the two partial aggregates' entry types, which
// their operators' numbers name alike. EXPLAIN ANALYZE says which stages shared a unit.
TEST_F(CodegenTest, StagesPackedIntoOneUnitCompileWithOneCompilerRun) {
  std::filesystem::path cache =
      std::filesystem::temp_directory_path() / fmt::format("planck-codegen-units-{}", getpid());
  run("SET planck.codegen.cacheDir = '" + cache.string() + "'");
  // Constants of its own: no stage of it was compiled before in this process.
  const std::string sql =
      "SELECT a.g, a.c, b.s FROM (SELECT g, count(*) AS c FROM e WHERE i <> 31337 GROUP BY g) a "
      "JOIN (SELECT g, sum(i) AS s FROM e WHERE i <> 31338 GROUP BY g) b ON a.g = b.g";
  ScopedCompileUnits units(1);
  int64_t runs_before = compilerRuns();
  std::vector<StageReport> reports = stageReportsOf(session_, sql);
  EXPECT_EQ(compilerRuns() - runs_before, 1);
  ASSERT_EQ(reports.size(), 4u);
  for (const StageReport& report : reports) {
    EXPECT_TRUE(report.compiled) << report.stage_id << ": " << report.fallback_reason;
    EXPECT_EQ(report.unit, 1) << report.stage_id;
  }
  expectSame(sql);
  // The same shape with other constants: compiled anew, so EXPLAIN ANALYZE shows the unit.
  auto analyzed = session_.run(
      "EXPLAIN ANALYZE SELECT a.g, a.c, b.s FROM (SELECT g, count(*) AS c FROM e WHERE i <> 31339 "
      "GROUP BY g) a JOIN (SELECT g, sum(i) AS s FROM e WHERE i <> 31340 GROUP BY g) b "
      "ON a.g = b.g");
  ASSERT_TRUE(analyzed.ok()) << analyzed.status();
  const std::string& text = analyzed->back().text;
  size_t line = text.find("WholeStageCodegen (1): compiled in ");
  ASSERT_NE(line, std::string::npos) << text;
  EXPECT_NE(text.substr(line, text.find('\n', line) - line).find(" ms with stage 2, "),
            std::string::npos)
      << text;
  std::filesystem::remove_all(cache);
}

// A unit holding a stage that does not compile: its other stages are compiled again, one per
// unit, and run compiled; only the bad stage falls back, with the compiler's message about it.
TEST_F(CodegenTest, AStageThatDoesNotCompileFallsBackAloneFromItsUnit) {
  // The macro makes stage 1's finish function a syntax error; stage 2's code does not name it.
  run("SET planck.codegen.flags = '-O2 -Dplanck_stage_1_finish=1'");
  const std::string sql = "SELECT g, sum(i) + 29 FROM e GROUP BY g";
  ScopedCompileUnits units(1);
  std::vector<StageReport> reports = stageReportsOf(session_, sql);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_FALSE(reports[0].compiled);
  EXPECT_NE(std::string(reports[0].fallback_reason.message())
                .find("the generated code of stage1 does not compile"),
            std::string::npos)
      << reports[0].fallback_reason;
  EXPECT_TRUE(reports[1].compiled) << reports[1].fallback_reason;
  EXPECT_NE(reports[1].unit, reports[0].unit);
  EXPECT_NE(reports[1].unit, 1);  // compiled alone, after the unit of both failed
  std::vector<std::string> compiled = sortedRowsOf(session_, sql);
  run("SET spark.sql.codegen.wholeStage = false");
  EXPECT_EQ(compiled, sortedRowsOf(session_, sql));
  run("SET spark.sql.codegen.wholeStage = true");
  run("SET planck.codegen.flags = '-O2'");
}

// A compile error (here a flag the compiler rejects) keeps the compiler's message.
TEST_F(CodegenTest, ACompileErrorFallsBackWithTheCompilersMessage) {
  run("SET planck.codegen.flags = '-O2 --no-such-flag-for-planck'");
  Compiled compiled = compiledStagesOf(session_, "SELECT count(*) FROM e WHERE i > 0");
  EXPECT_EQ(compiled.compiled, 0u);
  EXPECT_NE(compiled.reasons.find("no-such-flag-for-planck"), std::string::npos)
      << compiled.reasons;
  EXPECT_EQ(rowsOf(session_, "SELECT count(*) FROM e WHERE i > 0"),
            std::vector<std::string>{"2"});
}

}  // namespace
}  // namespace planck
