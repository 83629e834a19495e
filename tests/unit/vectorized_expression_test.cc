// The vectorized evaluator (runtime/expression/): per expression kind a case with NULLs, the
// errors and the rows that can raise them, batch sizes, select(), binding errors.
#include <limits>

#include "vectorized_test_support.h"

namespace planck {
namespace {

using test::AnalyzedExpression;
using test::analyzeOver;
using test::NamedColumns;

Value I(int32_t v) { return Value::integer(v); }
Value B(int64_t v) { return Value::bigint(v); }
Value D(double v) { return Value::float64(v); }
Value S(std::string v) { return Value::varchar(std::move(v)); }
Value F(bool v) { return Value::boolean(v); }
Value Day(const char* text) { return Value::date(parseDate(text).value()); }
Value Money(int64_t cents) { return Value::decimal(cents, 15, 2); }
Value Milli(int64_t thousandths) { return Value::decimal(thousandths, 10, 3); }
Value Null() { return Value(); }

constexpr int32_t kIntMax = std::numeric_limits<int32_t>::max();
constexpr int32_t kIntMin = std::numeric_limits<int32_t>::min();

// The rows of `sql` over `data` (one row when no column is read), as display texts, or
// {"error: <message>"}.
std::vector<std::string> run(const std::string& sql, const NamedColumns& data) {
  AnalyzedExpression analyzed = analyzeOver(sql);
  if (!analyzed.expr) return {"<analysis failed>"};
  size_t rows = data.empty() ? 1 : data[0].second.size();
  // A NULL in the test data is of the column's type.
  NamedColumns typed = data;
  for (auto& [name, values] : typed) {
    for (const AttributePtr& column : analyzed.columns) {
      if (column->name() != name) continue;
      for (Value& value : values) {
        if (value.isNull()) value = Value::null(column->dataType());
      }
    }
  }
  return test::texts(
      test::evaluateVectorized(analyzed, test::batchOf(analyzed.columns, typed, rows)));
}

using Texts = std::vector<std::string>;

TEST(VectorizedExpressionTest, IntegerArithmeticWithNulls) {
  NamedColumns data = {{"i", {I(7), Null(), I(-7), I(kIntMax)}}, {"j", {I(2), I(3), I(2), Null()}}};
  EXPECT_EQ(run("i + j", data), (Texts{"9", "null", "-5", "null"}));
  EXPECT_EQ(run("i - j", data), (Texts{"5", "null", "-9", "null"}));
  EXPECT_EQ(run("i * j", data), (Texts{"14", "null", "-14", "null"}));
  EXPECT_EQ(run("i / j", data), (Texts{"3", "null", "-3", "null"}));  // toward zero
  EXPECT_EQ(run("i % j", data), (Texts{"1", "null", "-1", "null"}));
  EXPECT_EQ(run("-i", data), (Texts{"-7", "null", "7", "-2147483647"}));
  EXPECT_EQ(run("i + 1", {{"i", {I(1), Null()}}}), (Texts{"2", "null"}));
  EXPECT_EQ(run("b * c", {{"b", {B(1)}}, {"c", {B(1LL << 40)}}}), (Texts{"1099511627776"}));
}

TEST(VectorizedExpressionTest, OverflowAndDivisionByZeroAreErrorsNamingTheExpression) {
  EXPECT_EQ(
      run("i + 2147483647", {{"i", {I(0), I(1)}}}),
      (Texts{"error: integer overflow in (i + 2147483647): the result does not fit INTEGER"}));
  EXPECT_EQ(run("i / j", {{"i", {I(1), I(2)}}, {"j", {I(1), I(0)}}}),
            (Texts{"error: division by zero in (i / j)"}));
  EXPECT_EQ(run("i % j", {{"i", {I(1)}}, {"j", {I(0)}}}),
            (Texts{"error: division by zero in (i % j)"}));
  EXPECT_EQ(run("i / j", {{"i", {I(kIntMin)}}, {"j", {I(-1)}}}).size(), 1u);
  EXPECT_TRUE(run("i / j", {{"i", {I(kIntMin)}}, {"j", {I(-1)}}})[0].starts_with(
      "error: integer overflow in (i / j)"));
  EXPECT_TRUE(run("-i", {{"i", {I(kIntMin)}}})[0].starts_with("error: integer overflow in (- i)"));
  EXPECT_TRUE(run("b * c", {{"b", {B(1LL << 40)}}, {"c", {B(1LL << 40)}}})[0].starts_with(
      "error: integer overflow in (b * c): the result does not fit BIGINT"));
  // A NULL row never fails: its zero slot would divide by zero or overflow (0 - INT_MIN).
  EXPECT_EQ(run("i / j", {{"i", {Null(), I(4)}}, {"j", {I(0), I(2)}}}), (Texts{"null", "2"}));
  EXPECT_EQ(run("i / j", {{"i", {I(4), I(4)}}, {"j", {Null(), I(2)}}}), (Texts{"null", "2"}));
  EXPECT_EQ(run("j - i", {{"i", {I(kIntMin)}}, {"j", {Null()}}}), (Texts{"null"}));
  EXPECT_EQ(run("i - 1", {{"i", {Null(), I(kIntMin + 1)}}}), (Texts{"null", "-2147483648"}));
}

TEST(VectorizedExpressionTest, DecimalArithmeticIsExactWithTheAnalyzersTypes) {
  NamedColumns data = {{"m", {Money(125), Money(-1999), Null()}},
                       {"n", {Milli(2500), Milli(3), Milli(1000)}}};
  EXPECT_EQ(run("m * n", data), (Texts{"3.12500", "-0.05997", "null"}));  // scales add
  EXPECT_EQ(run("m + n", data), (Texts{"3.750", "-19.987", "null"}));
  EXPECT_EQ(run("m - n", data), (Texts{"-1.250", "-19.993", "null"}));
  EXPECT_EQ(run("m / n", data), (Texts{"0.5", "-6663.333333333333", "null"}));  // DOUBLE
  EXPECT_EQ(run("m % n", data), (Texts{"1.250", "-0.001", "null"}));
  EXPECT_EQ(run("m * (1 - m)", {{"m", {Money(10000)}}}), (Texts{"-9900.0000"}));
  EXPECT_EQ(run("-m", data), (Texts{"-1.25", "19.99", "null"}));
  EXPECT_EQ(run("m % n", {{"m", {Money(1)}}, {"n", {Milli(0)}}}),
            (Texts{"error: division by zero in (m % n)"}));
  // decimal(15,2) * decimal(15,2) * decimal(15,2) is bounded at decimal(18,6): 10^13 overflows.
  AnalyzedExpression cube = analyzeOver("m * m * m");
  EXPECT_EQ(cube.expr->dataType(), DataType::decimal(18, 6));
  EXPECT_TRUE(run("m * m * m", {{"m", {Money(1000000)}}})[0].starts_with(
      "error: decimal overflow in ((m * m) * m): the result does not fit DECIMAL(18,6)"));
}

TEST(VectorizedExpressionTest, DoubleArithmeticIsIeeeButDivisionByZeroFails) {
  NamedColumns data = {{"d", {D(1.5), D(1e308), Null()}}, {"e", {D(2), D(10), D(0)}}};
  EXPECT_EQ(run("d * e", data), (Texts{"3.0", "inf", "null"}));
  EXPECT_EQ(run("d / e", {{"d", {D(1)}}, {"e", {D(0)}}}),
            (Texts{"error: division by zero in (d / e)"}));
  EXPECT_EQ(run("d / e", {{"d", {D(3)}}, {"e", {D(-0.0)}}}),
            (Texts{"error: division by zero in (d / e)"}));
  EXPECT_EQ(run("d + i", {{"d", {D(0.5)}}, {"i", {I(2)}}}), (Texts{"2.5"}));
}

TEST(VectorizedExpressionTest, DateArithmeticAroundLeapDays) {
  NamedColumns data = {{"dt", {Day("2000-02-28"), Day("2000-01-31"), Day("1900-02-28"), Null()}},
                       {"dt2", {Day("2000-03-01"), Day("1999-12-31"), Day("1900-03-01"), Null()}}};
  EXPECT_EQ(run("dt + 1", data), (Texts{"2000-02-29", "2000-02-01", "1900-03-01", "null"}));
  EXPECT_EQ(run("dt2 - 1", data), (Texts{"2000-02-29", "1999-12-30", "1900-02-28", "null"}));
  EXPECT_EQ(run("dt2 - dt", data), (Texts{"2", "-31", "1", "null"}));
  EXPECT_EQ(run("dt + INTERVAL '1' MONTH", data),
            (Texts{"2000-03-28", "2000-02-29", "1900-03-28", "null"}));
  EXPECT_EQ(run("dt - INTERVAL '1' YEAR", {{"dt", {Day("2000-02-29"), Day("2004-02-29")}}}),
            (Texts{"1999-02-28", "2003-02-28"}));
  EXPECT_EQ(run("dt + INTERVAL '3' DAY", {{"dt", {Day("1996-02-27")}}}), (Texts{"1996-03-01"}));
  EXPECT_TRUE(run("dt + 2147483647", {{"dt", {Day("2000-01-01")}}})[0].starts_with(
      "error: date out of range in (dt + 2147483647)"));
}

TEST(VectorizedExpressionTest, ComparisonsOfEveryType) {
  EXPECT_EQ(run("i < j", {{"i", {I(1), I(2), Null()}}, {"j", {I(2), I(2), I(0)}}}),
            (Texts{"true", "false", "null"}));
  // Bytewise: 'B' (0x42) sorts before 'a' (0x61), and a prefix before its extensions.
  EXPECT_EQ(run("s < u", {{"s", {S("a"), S("ab"), S(""), S("é")}},
                          {"u", {S("B"), S("abc"), S("a"), S("z")}}}),
            (Texts{"false", "true", "true", "false"}));
  EXPECT_EQ(run("m = n", {{"m", {Money(150), Money(150)}}, {"n", {Milli(1500), Milli(1501)}}}),
            (Texts{"true", "false"}));  // different scales
  EXPECT_EQ(run("m < n", {{"m", {Money(150)}}, {"n", {Milli(1501)}}}), (Texts{"true"}));
  EXPECT_EQ(run("d >= e", {{"d", {D(std::nan("")), D(1), D(std::nan(""))}},
                           {"e", {D(1e300), D(std::nan("")), D(std::nan(""))}}}),
            (Texts{"true", "false", "true"}));  // NaN is above everything and equals NaN
  EXPECT_EQ(run("dt >= '1994-01-01'", {{"dt", {Day("1993-12-31"), Day("1994-01-01")}}}),
            (Texts{"false", "true"}));
  EXPECT_EQ(run("f > g", {{"f", {F(true), F(false)}}, {"g", {F(false), F(false)}}}),
            (Texts{"true", "false"}));
  EXPECT_EQ(
      run("i <=> j", {{"i", {I(1), Null(), Null(), I(1)}}, {"j", {I(1), Null(), I(1), I(2)}}}),
      (Texts{"true", "true", "false", "false"}));
  EXPECT_EQ(run("i <> j", {{"i", {I(1), I(1)}}, {"j", {I(1), I(2)}}}), (Texts{"false", "true"}));
  EXPECT_EQ(run("b = i", {{"b", {B(5)}}, {"i", {I(5)}}}), (Texts{"true"}));
}

TEST(VectorizedExpressionTest, ThreeValuedLogic) {
  NamedColumns data = {
      {"f", {F(true), F(true), F(true), F(false), F(false), F(false), Null(), Null(), Null()}},
      {"g", {F(true), F(false), Null(), F(true), F(false), Null(), F(true), F(false), Null()}}};
  EXPECT_EQ(run("f AND g", data),
            (Texts{"true", "false", "null", "false", "false", "false", "null", "false", "null"}));
  EXPECT_EQ(run("f OR g", data),
            (Texts{"true", "true", "true", "true", "false", "null", "true", "null", "null"}));
  EXPECT_EQ(run("NOT f", data),
            (Texts{"false", "false", "false", "true", "true", "true", "null", "null", "null"}));
  EXPECT_EQ(run("f IS NULL", data),
            (Texts{"false", "false", "false", "false", "false", "false", "true", "true", "true"}));
  EXPECT_EQ(run("g IS NOT NULL", data),
            (Texts{"true", "true", "false", "true", "true", "false", "true", "true", "false"}));
  EXPECT_EQ(run("f AND NULL", {{"f", {F(true), F(false)}}}), (Texts{"null", "false"}));
  EXPECT_EQ(run("f OR TRUE", {{"f", {Null()}}}), (Texts{"true"}));
}

TEST(VectorizedExpressionTest, TheRightSideOfAndOrOnlyRunsWhereItMatters) {
  NamedColumns data = {{"i", {I(10), I(3), I(4)}}, {"j", {I(0), I(2), I(0)}}};
  EXPECT_EQ(run("j <> 0 AND i / j > 1", data), (Texts{"false", "false", "false"}));
  EXPECT_EQ(run("j = 0 OR i / j > 1", data), (Texts{"true", "false", "true"}));
  EXPECT_EQ(run("j > 0 AND i / j > 1", {{"i", {I(10)}}, {"j", {I(-1)}}}), (Texts{"false"}));
  EXPECT_EQ(run("j >= 0 AND i / j > 1", data), (Texts{"error: division by zero in (i / j)"}));
}

TEST(VectorizedExpressionTest, LikeWithEscapesAndTheSimplifiedForms) {
  NamedColumns data = {{"s",
                        {S("special requests"), S("specialrequest"), Null(), S(""), S("50% off"),
                         S("abc"), S("é")}}};
  EXPECT_EQ(run("s LIKE '%special%requests%'", data),
            (Texts{"true", "false", "null", "false", "false", "false", "false"}));
  EXPECT_EQ(run("s LIKE '50\\%%'", data),
            (Texts{"false", "false", "null", "false", "true", "false", "false"}));
  EXPECT_EQ(run("s LIKE 'a_c'", data),
            (Texts{"false", "false", "null", "false", "false", "true", "false"}));
  EXPECT_EQ(run("s LIKE '_'", data),
            (Texts{"false", "false", "null", "false", "false", "false", "true"}));  // 1 character
  EXPECT_EQ(run("s LIKE ''", data),
            (Texts{"false", "false", "null", "true", "false", "false", "false"}));
  EXPECT_EQ(run("s LIKE '%'", data),
            (Texts{"true", "true", "null", "true", "true", "true", "true"}));
  EXPECT_EQ(run("s ILIKE 'A%'", {{"s", {S("abc"), S("xa"), Null()}}}),
            (Texts{"true", "false", "null"}));
  EXPECT_TRUE(run("s ILIKE 'ABC'", data)[0].starts_with("error:"));  // non-ASCII, as the evaluator
  EXPECT_EQ(run("s LIKE 'a!_c' ESCAPE '!'", {{"s", {S("a_c"), S("abc")}}}),
            (Texts{"true", "false"}));
  EXPECT_EQ(run("s LIKE u", {{"s", {S("abc"), S("abc")}}, {"u", {S("a%"), S("b%")}}}),
            (Texts{"true", "false"}));
  EXPECT_EQ(run("startswith(s, 'spe')", data),
            (Texts{"true", "true", "null", "false", "false", "false", "false"}));
  EXPECT_EQ(run("endswith(s, 'c')", data),
            (Texts{"false", "false", "null", "false", "false", "true", "false"}));
  EXPECT_EQ(run("contains(s, 'l r')", data),
            (Texts{"true", "false", "null", "false", "false", "false", "false"}));
  EXPECT_TRUE(run("s LIKE 'a\\bc'", {{"s", {S("abc")}}})[0].starts_with("error:"));
}

TEST(VectorizedExpressionTest, InListsWithNulls) {
  NamedColumns data = {{"i", {I(1), I(4), Null()}}};
  EXPECT_EQ(run("i IN (1, 2, 3)", data), (Texts{"true", "false", "null"}));
  EXPECT_EQ(run("i IN (1, NULL)", data), (Texts{"true", "null", "null"}));
  EXPECT_EQ(run("i IN (j, 4)", {{"i", {I(1), I(4), I(5)}}, {"j", {I(1), Null(), Null()}}}),
            (Texts{"true", "true", "null"}));
  EXPECT_EQ(run("s IN ('a', 'b')", {{"s", {S("b"), S("c")}}}), (Texts{"true", "false"}));
  EXPECT_EQ(run("m IN (1.5, 2)", {{"m", {Money(150), Money(200), Money(201)}}}),
            (Texts{"true", "true", "false"}));
}

TEST(VectorizedExpressionTest, CaseEvaluatesOnlyTheTakenBranch) {
  NamedColumns data = {{"i", {I(10), I(3), Null(), I(-4)}}, {"j", {I(0), I(2), I(1), I(0)}}};
  EXPECT_EQ(run("CASE WHEN j = 0 THEN 0 ELSE i / j END", data), (Texts{"0", "1", "null", "0"}));
  EXPECT_EQ(run("CASE WHEN i > 0 THEN 'pos' WHEN i < 0 THEN 'neg' END", data),
            (Texts{"pos", "pos", "null", "neg"}));
  EXPECT_EQ(run("CASE i WHEN 3 THEN 'three' ELSE 'other' END", data),
            (Texts{"other", "three", "other", "other"}));
  EXPECT_EQ(run("CASE WHEN i > 5 THEN i / j ELSE 1 END", data),
            (Texts{"error: division by zero in (i / j)"}));
  // A later condition is not evaluated where an earlier one was taken.
  EXPECT_EQ(run("CASE WHEN j = 0 THEN -1 WHEN i / j > 1 THEN 1 ELSE 0 END", data),
            (Texts{"-1", "0", "0", "-1"}));
  EXPECT_EQ(run("CASE WHEN f THEN 1 ELSE 2.5 END", {{"f", {F(true), Null()}}}),
            (Texts{"1.0", "2.5"}));
  EXPECT_EQ(run("if(j = 0, NULL, i / j)", data), (Texts{"null", "1", "null", "null"}));
}

TEST(VectorizedExpressionTest, CastsAndTheirErrors) {
  EXPECT_EQ(run("CAST(s AS INT)", {{"s", {S("12"), S(" 7 "), Null()}}}),
            (Texts{"12", "7", "null"}));
  EXPECT_EQ(run("CAST(s AS INT)", {{"s", {S("12"), S("x")}}}),
            (Texts{"error: cannot cast VARCHAR 'x' to INTEGER in CAST(s AS INTEGER)"}));
  EXPECT_EQ(run("CAST(s AS DATE)", {{"s", {S("1996-02-29")}}}), (Texts{"1996-02-29"}));
  EXPECT_TRUE(run("CAST(s AS DATE)", {{"s", {S("1995-02-29")}}})[0].starts_with(
      "error: cannot cast VARCHAR '1995-02-29' to DATE"));
  EXPECT_EQ(run("CAST(i AS DECIMAL(5,2))", {{"i", {I(999), Null()}}}), (Texts{"999.00", "null"}));
  EXPECT_TRUE(run("CAST(i AS DECIMAL(5,2))", {{"i", {I(1000)}}})[0].starts_with(
      "error: cannot cast INTEGER '1000' to DECIMAL(5,2)"));
  EXPECT_EQ(run("CAST(m AS DECIMAL(10,1))", {{"m", {Money(125), Money(-125)}}}),
            (Texts{"1.3", "-1.3"}));  // half away from zero
  EXPECT_EQ(run("CAST(m AS INT)", {{"m", {Money(199), Money(-199)}}}), (Texts{"1", "-1"}));
  EXPECT_EQ(run("CAST(b AS INT)", {{"b", {B(5), Null()}}}), (Texts{"5", "null"}));
  EXPECT_TRUE(
      run("CAST(b AS INT)", {{"b", {B(3000000000LL)}}})[0].starts_with("error: cannot cast"));
  EXPECT_EQ(run("CAST(d AS BIGINT)", {{"d", {D(3.7), D(-3.7)}}}), (Texts{"3", "-3"}));
  EXPECT_EQ(run("CAST(dt AS VARCHAR)", {{"dt", {Day("1998-09-02")}}}), (Texts{"1998-09-02"}));
  EXPECT_EQ(run("CAST(i AS DOUBLE)", {{"i", {I(3)}}}), (Texts{"3.0"}));
  EXPECT_EQ(run("CAST(m AS DOUBLE)", {{"m", {Money(5)}}}), (Texts{"0.05"}));
  EXPECT_EQ(run("CAST(i AS BOOLEAN)", {{"i", {I(0), I(2)}}}), (Texts{"false", "true"}));
  EXPECT_EQ(run("CAST(m AS VARCHAR)", {{"m", {Money(6)}}}), (Texts{"0.06"}));
}

TEST(VectorizedExpressionTest, ScalarFunctions) {
  NamedColumns text = {{"s", {S("  héllo  "), S("abc"), Null()}}, {"u", {S("X"), S("Y"), S("Z")}}};
  EXPECT_EQ(run("substring(s, 3, 3)", text), (Texts{"hél", "c", "null"}));
  EXPECT_EQ(run("substring(s, -2)", text), (Texts{"  ", "bc", "null"}));
  EXPECT_EQ(run("substr(s, 0, 2)", text), (Texts{"  ", "ab", "null"}));  // as position 1
  EXPECT_EQ(run("length(s)", text), (Texts{"9", "3", "null"}));
  EXPECT_EQ(run("octet_length(s)", text), (Texts{"10", "3", "null"}));
  EXPECT_EQ(run("trim(s)", text), (Texts{"héllo", "abc", "null"}));
  EXPECT_EQ(run("ltrim(s)", text), (Texts{"héllo  ", "abc", "null"}));
  EXPECT_EQ(run("rtrim(s)", text), (Texts{"  héllo", "abc", "null"}));
  EXPECT_EQ(run("concat(s, u)", text), (Texts{"  héllo  X", "abcY", "null"}));
  EXPECT_EQ(run("upper(u)", text), (Texts{"X", "Y", "Z"}));
  EXPECT_EQ(run("lower(u)", text), (Texts{"x", "y", "z"}));
  EXPECT_TRUE(run("upper(s)", text)[0].starts_with("error:"));  // non-ASCII, as the evaluator
  EXPECT_EQ(run("lpad(u, 3, '0')", text), (Texts{"00X", "00Y", "00Z"}));  // row by row
  NamedColumns dates = {{"dt", {Day("1996-02-29"), Day("1995-12-31"), Null()}}};
  EXPECT_EQ(run("year(dt)", dates), (Texts{"1996", "1995", "null"}));
  EXPECT_EQ(run("extract(month FROM dt)", dates), (Texts{"2", "12", "null"}));
  EXPECT_EQ(run("day(dt)", dates), (Texts{"29", "31", "null"}));
  EXPECT_EQ(run("quarter(dt)", dates), (Texts{"1", "4", "null"}));
  EXPECT_EQ(run("dayofweek(dt)", dates), (Texts{"5", "1", "null"}));
  EXPECT_EQ(run("date_add(dt, 1)", dates), (Texts{"1996-03-01", "1996-01-01", "null"}));
  EXPECT_EQ(run("datediff(dt, DATE '1996-01-01')", dates), (Texts{"59", "-1", "null"}));
  NamedColumns numbers = {{"i", {I(-3), Null(), I(4)}}, {"j", {I(5), I(6), I(4)}}};
  EXPECT_EQ(run("abs(i)", numbers), (Texts{"3", "null", "4"}));
  EXPECT_TRUE(
      run("abs(i)", {{"i", {I(kIntMin)}}})[0].starts_with("error: integer overflow in abs(i)"));
  EXPECT_EQ(run("abs(m)", {{"m", {Money(-250)}}}), (Texts{"2.50"}));
  EXPECT_EQ(run("coalesce(i, j)", numbers), (Texts{"-3", "6", "4"}));
  EXPECT_EQ(run("coalesce(i, 10 / (j - 4))", numbers), (Texts{"-3", "5", "4"}));  // lazy
  EXPECT_EQ(run("nullif(i, j)", numbers), (Texts{"-3", "null", "null"}));
  EXPECT_EQ(run("greatest(i, j)", numbers), (Texts{"5", "6", "4"}));
  EXPECT_EQ(run("round(m, 1)", {{"m", {Money(125), Money(-125)}}}), (Texts{"1.30", "-1.30"}));
  EXPECT_EQ(run("mod(i, j)", numbers), (Texts{"-3", "null", "0"}));
}

TEST(VectorizedExpressionTest, BatchesOfZeroOneAndManyRows) {
  // No row, no error.
  EXPECT_EQ(run("i / 0", {{"i", {}}}), (Texts{}));
  EXPECT_EQ(run("i / 0", {{"i", {Null()}}}), (Texts{"null"}));
  EXPECT_EQ(run("i / 0", {{"i", {I(1)}}}), (Texts{"error: division by zero in (i / 0)"}));
  std::vector<Value> is, js;
  for (size_t k = 0; k < kBatchRows + 3; ++k) {
    is.push_back(k % 7 == 0 ? Null() : I(static_cast<int32_t>(k)));
    js.push_back(I(static_cast<int32_t>(k % 5)));
  }
  Texts sums = run("i * 2 + j", {{"i", is}, {"j", js}});
  ASSERT_EQ(sums.size(), kBatchRows + 3);
  for (size_t k = 0; k < sums.size(); ++k) {
    std::string want = k % 7 == 0 ? "null" : std::to_string(2 * k + k % 5);
    ASSERT_EQ(sums[k], want) << k;
  }
  Texts guarded = run("CASE WHEN j = 0 THEN i ELSE i / j END", {{"i", is}, {"j", js}});
  ASSERT_EQ(guarded.size(), kBatchRows + 3);
  EXPECT_EQ(guarded[kBatchRows + 1], std::to_string((kBatchRows + 1) / ((kBatchRows + 1) % 5)));
  EXPECT_EQ(guarded[kBatchRows + 2], std::to_string(kBatchRows + 2));  // j = 0
}

TEST(VectorizedExpressionTest, DeepExpressionsCompileAndRun) {
  // 900 nested additions (near the parser's default nesting bound of 1000, more than
  // generated queries need): compilation and evaluation recurse once per level.
  std::string sql = "i";
  for (int k = 0; k < 900; ++k) sql += " + 1";
  EXPECT_EQ(run(sql, {{"i", {I(1), Null()}}}), (Texts{"901", "null"}));
  std::string cases = "i";
  for (int k = 0; k < 300; ++k)
    cases = "CASE WHEN i > " + std::to_string(k) + " THEN " + cases + " ELSE 0 END";
  EXPECT_EQ(run(cases, {{"i", {I(1000), I(5)}}}), (Texts{"1000", "0"}));
}

TEST(VectorizedExpressionTest, SelectKeepsTheTrueRows) {
  AnalyzedExpression analyzed = analyzeOver("i > j");
  Batch batch = test::batchOf(analyzed.columns,
                              {{"i", {I(1), I(5), Value::null(DataType::integer()), I(9)}},
                               {"j", {I(2), I(4), I(0), Value::null(DataType::integer())}}},
                              4);
  auto compiled = compileExpression(analyzed.expr, analyzed.columns);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  std::vector<uint32_t> selection(batch.rows);
  auto kept = (*compiled)->select(batch, selection.data());
  ASSERT_TRUE(kept.ok()) << kept.status();
  ASSERT_EQ(*kept, 1u);
  EXPECT_EQ(selection[0], 1u);
  Batch empty = test::batchOf(analyzed.columns, {{"i", {}}, {"j", {}}}, 0);
  EXPECT_EQ((*compiled)->select(empty, selection.data()).value(), 0u);
  // A constant TRUE keeps every row; a non-boolean expression is an error.
  auto always = compileExpression(Literal::make(Value::boolean(true)), {});
  Batch three;
  three.rows = 3;
  EXPECT_EQ((*always)->select(three, selection.data()).value(), 3u);
  auto number = compileExpression(Literal::make(Value::integer(1)), {});
  EXPECT_FALSE((*number)->select(three, selection.data()).ok());
}

TEST(VectorizedExpressionTest, CompilationErrorsNameWhatCannotBeEvaluated) {
  AnalyzedExpression analyzed = analyzeOver("i + 1");
  auto unbound = compileExpression(analyzed.expr, {});
  ASSERT_FALSE(unbound.ok());
  EXPECT_TRUE(test::messageOf(unbound.status()).starts_with("column i#")) << unbound.status();
  EXPECT_NE(test::messageOf(unbound.status()).find("is not among the input columns []"),
            std::string::npos);
  auto sum = std::make_shared<AggregateExpression>("sum", std::vector<ExprPtr>{analyzed.columns[0]},
                                                   false, nullptr, DataType::bigint(), true);
  auto aggregate = compileExpression(sum, analyzed.columns);
  ASSERT_FALSE(aggregate.ok());
  EXPECT_NE(test::messageOf(aggregate.status()).find("aggregation operator"), std::string::npos);
  auto unresolved =
      compileExpression(std::make_shared<UnresolvedAttribute>(std::vector<std::string>{"x"}), {});
  EXPECT_FALSE(unresolved.ok());
}

TEST(VectorizedExpressionTest, ABatchThatDoesNotMatchTheInputIsAnErrorNotGarbage) {
  AnalyzedExpression analyzed = analyzeOver("i + 1");
  auto compiled = compileExpression(analyzed.expr, analyzed.columns);
  ASSERT_TRUE(compiled.ok());
  Batch wrong_type;
  wrong_type.rows = 1;
  wrong_type.columns = {test::vectorOf(DataType::bigint(), {B(1)})};
  auto result = (*compiled)->evaluate(wrong_type);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(test::messageOf(result.status()).find("does not hold column i#"), std::string::npos)
      << result.status();
  Batch missing;
  missing.rows = 1;
  EXPECT_FALSE((*compiled)->evaluate(missing).ok());
}

TEST(VectorizedExpressionTest, ScalarSubqueriesTakeTheValueTheExecutorComputed) {
  AnalyzedExpression analyzed = analyzeOver("i + (SELECT max(l_linenumber) FROM lineitem)");
  Batch batch = test::batchOf(analyzed.columns, {{"i", {I(1), I(2)}}}, 2);
  auto without = compileExpression(analyzed.expr, analyzed.columns);
  ASSERT_FALSE(without.ok());
  EXPECT_NE(test::messageOf(without.status()).find("subquery"), std::string::npos);
  CompileOptions options;
  options.subquery_result =
      [](const SubqueryExpression&,
         const std::vector<Value>& outer) -> absl::StatusOr<std::shared_ptr<const SubqueryResult>> {
    EXPECT_TRUE(outer.empty());
    auto result = std::make_shared<SubqueryResult>();
    result->first_column.push_back(Value::integer(7));
    return result;
  };
  auto with = compileExpression(analyzed.expr, analyzed.columns, options);
  ASSERT_TRUE(with.ok()) << with.status();
  auto values = (*with)->evaluate(batch);
  ASSERT_TRUE(values.ok());
  EXPECT_EQ((*values)->valueAt(1), Value::integer(9));
}

TEST(VectorizedExpressionTest, ProjectionsEvaluateEveryExpression) {
  AnalyzedExpression sum = analyzeOver("i + j");
  AnalyzedExpression name = analyzeOver("upper(s)");
  Attributes input = sum.columns;
  input.push_back(name.columns[0]);
  std::vector<std::unique_ptr<CompiledExpression>> exprs;
  exprs.push_back(compileExpression(sum.expr, input).value());
  exprs.push_back(compileExpression(name.expr, input).value());
  Batch batch = test::batchOf(input, {{"i", {I(1)}}, {"j", {I(2)}}, {"s", {S("ab")}}}, 1);
  auto projected = evaluateAll(exprs, batch);
  ASSERT_TRUE(projected.ok()) << projected.status();
  ASSERT_EQ(projected->columns.size(), 2u);
  EXPECT_EQ(projected->columns[0]->valueAt(0), Value::integer(3));
  EXPECT_EQ(projected->columns[1]->valueAt(0), Value::varchar("AB"));
}

}  // namespace
}  // namespace planck
