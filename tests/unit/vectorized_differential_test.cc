// Differential test: the vectorized evaluator against the constant evaluator, row by row.
//
// For each expression (every kind the analyzer produces, over table t's columns of every type)
// random batches are generated: random values with NULLs, edge values (INT_MIN/MAX, zero,
// empty strings, NaN, dates around leap days), batch sizes 0, 1, small and above kBatchRows.
// Each row is evaluated by the constant evaluator with the columns replaced by literals. The
// vectorized result must equal it row by row; when the vectorized evaluation fails, some row
// must fail the same way in the constant evaluator.
#include <limits>
#include <random>

#include "logical/value_cast.h"
#include "vectorized_test_support.h"

namespace planck {
namespace {

using test::AnalyzedExpression;

class RandomValues {
 public:
  // `strings`: the strings to draw from, or empty for the default mix.
  RandomValues(uint32_t seed, std::vector<std::string> strings)
      : engine_(seed), strings_(std::move(strings)) {}

  Value of(DataType type) {
    if (chance(0.15)) return Value::null(type);
    switch (type.id()) {
      case TypeId::kInteger:
        return Value::integer(
            pick<int32_t>({std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(),
                           0, 1, -1, 2, -2, 46341, 65536},
                          -100, 100));
      case TypeId::kBigInt:
        return Value::bigint(
            pick<int64_t>({std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                           0, 1, -1, 3037000500LL, 1LL << 32},
                          -1000, 1000));
      case TypeId::kDouble: {
        static const double kEdges[] = {0.0,    -0.0,         1.5,    -2.25, 1e308,
                                        -1e308, std::nan(""), 1e-300, 0.1,   3.0};
        if (chance(0.4)) return Value::float64(kEdges[index(std::size(kEdges))]);
        return Value::float64(std::uniform_real_distribution<double>(-1e4, 1e4)(engine_));
      }
      case TypeId::kDecimal: {
        int64_t limit = powerOfTen(type.precision()) - 1;
        int64_t unscaled =
            pick<int64_t>({limit, -limit, 0, 1, -1, powerOfTen(type.scale())}, -100000, 100000);
        return Value::decimal(unscaled, type.precision(), type.scale());
      }
      case TypeId::kVarchar: {
        if (!strings_.empty()) return Value::varchar(strings_[index(strings_.size())]);
        static const char* kEdges[] = {
            "",    "a",   "ab",         "b",          "ba",   "abc", "a%b",        "é", "12", "-7",
            " 3 ", "1.5", "1996-02-29", "1995-02-29", "true", "x",   "2147483648", "A", "aB"};
        if (chance(0.7)) return Value::varchar(kEdges[index(std::size(kEdges))]);
        std::string text;
        for (size_t n = index(5); n > 0; --n) text += "ab%_"[index(4)];
        return Value::varchar(text);
      }
      case TypeId::kDate: {
        static const char* kEdges[] = {"1900-02-28", "1900-03-01", "2000-02-29", "2000-03-01",
                                       "2004-02-29", "1996-02-29", "1970-01-01", "1999-12-31",
                                       "2001-01-31", "1600-02-29"};
        if (chance(0.5)) return Value::date(parseDate(kEdges[index(std::size(kEdges))]).value());
        return Value::date(
            static_cast<int32_t>(std::uniform_int_distribution<int32_t>(-30000, 30000)(engine_)));
      }
      case TypeId::kBoolean:
        return Value::boolean(chance(0.5));
      default:
        return Value::null(type);
    }
  }

  size_t index(size_t bound) {
    return std::uniform_int_distribution<size_t>(0, bound - 1)(engine_);
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(engine_); }

 private:
  template <class T>
  T pick(std::initializer_list<T> edges, T low, T high) {
    if (chance(0.3)) return *(edges.begin() + index(edges.size()));
    return std::uniform_int_distribution<T>(low, high)(engine_);
  }

  std::mt19937 engine_;
  std::vector<std::string> strings_;
};

// The text of an error up to " in " (the expression's name differs: literals replace columns).
std::string errorKind(const absl::Status& status) {
  std::string message = test::messageOf(status);
  size_t at = message.find(" in ");
  return at == std::string::npos ? message : message.substr(0, at);
}

// Compares both evaluators on `batches` random batches of `analyzed`.
void compareOn(const std::string& sql, uint32_t seed,
               const std::vector<std::string>& strings = {}) {
  SCOPED_TRACE(sql);
  AnalyzedExpression analyzed = test::analyzeOver(sql);
  ASSERT_NE(analyzed.expr, nullptr);
  auto compiled = compileExpression(analyzed.expr, analyzed.columns);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  RandomValues random(seed, strings);
  size_t agreed_rows = 0, failed_batches = 0;
  for (int round = 0; round < 60; ++round) {
    size_t rows = round == 0   ? 0
                  : round == 1 ? 1
                  : round == 2 ? kBatchRows + 17
                               : random.index(24) + 1;
    Batch batch;
    batch.rows = rows;
    for (const AttributePtr& column : analyzed.columns) {
      std::vector<Value> values;
      for (size_t i = 0; i < rows; ++i) values.push_back(random.of(column->dataType()));
      batch.columns.push_back(test::vectorOf(column->dataType(), values));
    }
    absl::StatusOr<VectorPtr> vectorized = (*compiled)->evaluate(batch);
    if (!vectorized.ok()) {
      ++failed_batches;
      std::string kind = errorKind(vectorized.status());
      EXPECT_NE(test::messageOf(vectorized.status()).find(" in "), std::string::npos)
          << "an error must name the expression: " << vectorized.status();
      bool some_row_fails = false;
      for (size_t i = 0; i < rows && !some_row_fails; ++i) {
        absl::StatusOr<Value> expected = test::evaluateRowConstant(analyzed, batch, i);
        some_row_fails = !expected.ok() && errorKind(expected.status()) == kind;
      }
      EXPECT_TRUE(some_row_fails) << "vectorized: " << vectorized.status()
                                  << "; no row fails so in the constant evaluator";
      continue;
    }
    ASSERT_EQ((*vectorized)->size(), rows);
    ASSERT_EQ((*vectorized)->type(), analyzed.expr->dataType());
    for (size_t i = 0; i < rows; ++i) {
      absl::StatusOr<Value> expected = test::evaluateRowConstant(analyzed, batch, i);
      Value actual = (*vectorized)->valueAt(i);
      ASSERT_TRUE(expected.ok()) << "row " << i << ": the constant evaluator fails ("
                                 << expected.status() << ") where the vectorized gives "
                                 << actual.toString();
      ASSERT_EQ(actual.isNull(), expected->isNull()) << "row " << i;
      ASSERT_EQ(actual.toString(), expected->toString()) << "row " << i;
      ++agreed_rows;
    }
  }
  // The comparison compared something: most expressions succeed on most batches.
  EXPECT_GT(agreed_rows, 0u) << failed_batches << " batches failed";
}

void compareAll(const std::vector<std::string>& expressions,
                const std::vector<std::string>& strings = {}) {
  uint32_t seed = 1;
  for (const std::string& sql : expressions) compareOn(sql, seed++, strings);
}

TEST(VectorizedDifferentialTest, Arithmetic) {
  compareAll({"i + j",
              "i - j",
              "i * j",
              "i / j",
              "i % j",
              "-i",
              "b + c",
              "b - c",
              "b * c",
              "b / c",
              "b % c",
              "-b",
              "i + b",
              "m + n",
              "m - n",
              "m * n",
              "m % n",
              "m / n",
              "m * m",
              "-m",
              "m + i",
              "m * b",
              "d + e",
              "d - e",
              "d * e",
              "d / e",
              "d % e",
              "-d",
              "i + d",
              "m + d",
              "dt + i",
              "dt - i",
              "dt2 - dt",
              "dt + INTERVAL '1' MONTH",
              "dt - INTERVAL '1' YEAR",
              "dt + INTERVAL '2' DAY",
              "(i + j) * (i - j)",
              "m * (1 - n) * (1 + n)"});
}

TEST(VectorizedDifferentialTest, Comparisons) {
  compareAll({"i < j",    "i = j",
              "i <=> j",  "i <> j",
              "b >= c",   "b < i",
              "m = n",    "m < n",
              "m >= i",   "d < e",
              "d = e",    "d <=> e",
              "d > m",    "s < u",
              "s = u",    "s <=> u",
              "s >= u",   "dt <= dt2",
              "dt = dt2", "f = g",
              "f < g",    "dt > '1996-01-01'"});
}

TEST(VectorizedDifferentialTest, LogicAndNulls) {
  compareAll({"f AND g", "f OR g", "NOT f", "f IS NULL", "s IS NOT NULL", "i IS NULL",
              "(i < j) AND (b > c)", "(i < j) OR NOT g", "f AND (i / j > 0)", "f OR (i / j > 0)",
              "(j <> 0) AND (i / j > 1)", "NOT (f AND g OR i = j)"});
}

TEST(VectorizedDifferentialTest, LikeAndStringPredicates) {
  compareAll({"s LIKE 'a%'", "s LIKE '%b'", "s LIKE '%ab%'", "s LIKE '%a%b%'", "s LIKE 'a_'",
              "s LIKE '_'", "s LIKE ''", "s LIKE '%'", "s LIKE 'a\\\\%'", "s LIKE u",
              "s NOT LIKE 'a%'", "s ILIKE 'A%'", "s LIKE '%_%'", "s LIKE '_%_'", "s LIKE 'a_%'",
              "startswith(s, 'a')", "endswith(s, 'b')", "contains(s, 'ab')", "starts_with(s, u)"});
}

TEST(VectorizedDifferentialTest, LikeOnLongTexts) {
  // Texts longer than the 16-byte blocks the substring search tests at once, with the parts
  // at every offset.
  std::mt19937 engine(7);
  std::vector<std::string> texts;
  for (int n = 0; n < 200; ++n) {
    std::string text;
    size_t length = std::uniform_int_distribution<size_t>(0, 90)(engine);
    for (size_t k = 0; k < length; ++k) text += "abbc"[engine() % 4];
    texts.push_back(text);
  }
  compareAll({"s LIKE '%abba%'", "s LIKE '%bcb%cab%'", "s LIKE 'a%bbb%c'", "s LIKE '%ccc%'",
              "s LIKE '%a%'", "contains(s, 'bcab')", "s LIKE '%abcabbab%'", "s LIKE '%a_b%'",
              "s LIKE '_b%c_'", "s LIKE '%b__c%a'", "s ILIKE '%AB_C%'", "s ILIKE 'a%B'"},
             texts);
}

TEST(VectorizedDifferentialTest, InListsAndConditionals) {
  compareAll({"i IN (1, 2, j)", "i IN (0, NULL)", "s IN ('a', 'ab', NULL)", "m IN (1.5, 0)",
              "dt IN (DATE '2000-02-29', dt2)", "CASE WHEN j = 0 THEN 0 ELSE i / j END",
              "CASE WHEN f THEN s WHEN g THEN u END", "CASE WHEN i > j THEN m ELSE n END",
              "CASE i WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE s END",
              "CASE WHEN i / j > 0 THEN 1 WHEN b / c > 0 THEN 2 END", "if(f, i, j)",
              "if(g, i / j, 0)", "coalesce(i, j, 0)", "coalesce(s, u)", "coalesce(i, 1 / j)",
              "nullif(i, j)", "nullif(s, u)", "greatest(i, j)", "least(m, n)"});
}

TEST(VectorizedDifferentialTest, Casts) {
  // Strings that mostly parse, so that most batches succeed (one in 60 does not parse).
  std::vector<std::string> numeric_strings = {"12", "-7", " 3 ", "0", "2147483647", "1"};
  std::vector<std::string> decimal_strings = {"1.5", "-0.25", "12", " 7 ", "99999999.99"};
  std::vector<std::string> date_strings = {"1996-02-29", "2000-01-01", "1970-01-01", " 1999-12-31"};
  std::vector<std::string> boolean_strings = {"true", "f", "1", " FALSE ", "t"};
  for (auto* strings : {&numeric_strings, &decimal_strings, &date_strings, &boolean_strings}) {
    for (size_t k = strings->size(); k < 60; ++k)
      strings->push_back((*strings)[k % strings->size()]);
    strings->back() = "x";
  }
  compareAll({"CAST(s AS INT)", "CAST(s AS BIGINT)"}, numeric_strings);
  compareAll({"CAST(s AS DECIMAL(10,2))", "CAST(s AS DOUBLE)"}, decimal_strings);
  compareAll({"CAST(s AS DATE)"}, date_strings);
  compareAll({"CAST(s AS BOOLEAN)"}, boolean_strings);
  compareAll({"CAST(i AS DECIMAL(5,2))", "CAST(i AS BIGINT)", "CAST(b AS INT)", "CAST(m AS INT)",
              "CAST(m AS BIGINT)", "CAST(m AS DECIMAL(4,1))", "CAST(n AS DECIMAL(18,0))",
              "CAST(d AS INT)", "CAST(d AS DECIMAL(10,2))", "CAST(i AS VARCHAR)",
              "CAST(dt AS VARCHAR)", "CAST(d AS VARCHAR)", "CAST(m AS VARCHAR)", "CAST(f AS INT)",
              "CAST(i AS BOOLEAN)", "CAST(m AS DOUBLE)", "CAST(b AS DOUBLE)", "CAST(i AS DOUBLE)",
              "CAST(f AS VARCHAR)"});
}

// BINARY values made from the string and integer columns: byte order (the random strings hold
// bytes above 0x7F), casts both ways, hex/unhex/length, and the comparison with a number.
TEST(VectorizedDifferentialTest, BinaryValues) {
  compareAll({"CAST(s AS BINARY) < CAST(u AS BINARY)", "CAST(s AS BINARY) = CAST(u AS BINARY)",
              "CAST(s AS BINARY) <=> CAST(u AS BINARY)", "CAST(s AS BINARY) >= u",
              "CAST(CAST(s AS BINARY) AS VARCHAR)", "CAST(i AS BINARY)", "CAST(b AS BINARY)",
              "CAST(i AS BINARY) < CAST(j AS BINARY)", "hex(CAST(s AS BINARY))", "hex(b)",
              "unhex(s)", "length(CAST(s AS BINARY))", "i = X'00000001'", "X'0000000000000002' = b",
              "CAST(s AS BINARY) IN (X'61', X'C3A9', X'')", "coalesce(CAST(s AS BINARY), X'00')",
              "greatest(CAST(s AS BINARY), CAST(u AS BINARY))",
              "nullif(CAST(s AS BINARY), CAST(u AS BINARY))"});
}

TEST(VectorizedDifferentialTest, ScalarFunctions) {
  compareAll({"substring(s, i, j)",
              "substring(s, 2)",
              "substr(s, -2, 1)",
              "upper(s)",
              "lower(u)",
              "length(s)",
              "octet_length(s)",
              "trim(s)",
              "ltrim(s)",
              "rtrim(s)",
              "concat(s, u)",
              "concat(s, 'x', u)",
              "year(dt)",
              "month(dt)",
              "day(dt)",
              "quarter(dt)",
              "dayofweek(dt)",
              "dayofyear(dt)",
              "week(dt)",
              "abs(i)",
              "abs(b)",
              "abs(m)",
              "abs(d)",
              "date_add(dt, i)",
              "date_sub(dt, j)",
              "datediff(dt, dt2)",
              "round(m, 1)",
              "round(d)",
              "floor(m)",
              "ceil(d)",
              "sign(i)",
              "mod(i, j)",
              "lpad(s, 4, 'x')",
              "replace(s, 'a', 'xy')",
              "reverse(s)",
              "position('b' IN s)",
              "sqrt(d)",
              "power(d, 2)"});
}

}  // namespace
}  // namespace planck
