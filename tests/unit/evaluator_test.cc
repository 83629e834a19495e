// The constant evaluator: expressions parsed and analyzed from SQL (so the analyzer's casts and
// types are the real ones), evaluated, and compared with the values PostgreSQL (and Spark's
// ANSI mode) gives: overflow, division by zero and failed casts are errors naming the
// expression. tests/unit/vectorized_differential_test.cc checks the runtime agrees.
#include <string>

#include "gtest/gtest.h"
#include "logical/evaluator.h"
#include "logical/operators.h"
#include "logical/predicates.h"
#include "test_support.h"

namespace planck {
namespace {

// The analyzed expression of `SELECT <sql>`.
ExprPtr analyzed(const std::string& sql) {
  auto session = Session::withTpchSchema();
  auto plan = test::analyzeSql(*session, "SELECT " + sql);
  EXPECT_TRUE(plan.ok()) << sql << ": " << plan.status();
  if (!plan.ok()) return nullptr;
  const auto* project = (*plan)->as<Project>();
  EXPECT_NE(project, nullptr);
  return stripAlias(project->projectList()[0]);
}

// The value of `sql` as its display text ("null" for NULL), with its type checked against
// the expression's.
std::string eval(const std::string& sql) {
  ExprPtr expr = analyzed(sql);
  if (!expr) return "<analysis failed>";
  absl::StatusOr<Value> value = evaluateConstant(*expr);
  if (!value.ok()) return "<error: " + test::messageOf(value.status()) + ">";
  EXPECT_EQ(value->type(), expr->dataType()) << sql;
  return value->toString();
}

bool fails(const std::string& sql) {
  ExprPtr expr = analyzed(sql);
  return expr && !evaluateConstant(*expr).ok();
}

TEST(EvaluatorTest, IntegerArithmetic) {
  EXPECT_EQ(eval("1 + 2 * 3"), "7");
  EXPECT_EQ(eval("7 / 2"), "3");  // INTEGER / INTEGER truncates here (type_coercion.cc)
  EXPECT_EQ(eval("-7 % 3"), "-1");
  EXPECT_EQ(eval("-7 / 2"), "-3");  // toward zero
  EXPECT_EQ(eval("1 / 0"), "<error: division by zero in (1 / 0)>");
  EXPECT_EQ(eval("1 % 0"), "<error: division by zero in (1 % 0)>");
  EXPECT_EQ(eval("-(5)"), "-5");
}

TEST(EvaluatorTest, IntegerOverflowIsAnErrorAsInPostgres) {
  EXPECT_EQ(eval("2147483647 + 1"),
            "<error: integer overflow in (2147483647 + 1): the result does not fit INTEGER>");
  EXPECT_EQ(eval("9223372036854775807 + CAST(1 AS BIGINT)"),
            "<error: integer overflow in (9223372036854775807 + CAST(1 AS BIGINT)): the result "
            "does not fit BIGINT>");
  EXPECT_EQ(eval("-2147483647 - 1"), "-2147483648");
  EXPECT_TRUE(fails("(-2147483647 - 1) / -1"));
  EXPECT_TRUE(fails("-(-2147483647 - 1)"));
  EXPECT_TRUE(fails("abs(-2147483647 - 1)"));
  EXPECT_TRUE(fails("65536 * 65536"));
  EXPECT_EQ(eval("CAST(65536 AS BIGINT) * 65536"), "4294967296");
  // An error inside names the innermost failing expression.
  EXPECT_EQ(eval("(2147483647 + 1) * 0"),
            "<error: integer overflow in (2147483647 + 1): the result does not fit INTEGER>");
}

TEST(EvaluatorTest, DecimalArithmeticKeepsSparkResultTypes) {
  EXPECT_EQ(eval("0.06 + 0.01"), "0.07");
  EXPECT_EQ(eval("1.5 * 2.25"), "3.375");
  EXPECT_EQ(eval("CAST(1 AS DECIMAL(10,2)) / CAST(3 AS DECIMAL(10,2))"),
            "0.3333333333333333");  // DOUBLE
  EXPECT_EQ(eval("2.00 / 0.00"), "<error: division by zero in (2.00 / 0.00)>");
  EXPECT_TRUE(fails("2.50 % 0"));
  EXPECT_EQ(eval("10.5 % 3"), "1.5");
  EXPECT_EQ(eval("1 - 0.05"), "0.95");
  EXPECT_EQ(eval("-(1.25)"), "-1.25");
  // The result type is exactly the one the analyzer gave.
  ExprPtr expr = analyzed("CAST(1 AS DECIMAL(15,2)) * (1 - CAST(0.04 AS DECIMAL(15,2)))");
  auto value = evaluateConstant(*expr);
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->type(), expr->dataType());
  EXPECT_EQ(value->toString(), "0.9600");
}

TEST(EvaluatorTest, DecimalOverflowIsAnError) {
  EXPECT_EQ(eval("CAST(99999999999 AS DECIMAL(18,0)) * CAST(99999999999 AS DECIMAL(18,0))"),
            "<error: decimal overflow in (CAST(99999999999 AS DECIMAL(18,0)) * "
            "CAST(99999999999 AS DECIMAL(18,0))): the result does not fit DECIMAL(18,0)>");
  // Exact where it fits: scales add for *.
  EXPECT_EQ(eval("CAST(12345678.91 AS DECIMAL(10,2)) * CAST(1.5 AS DECIMAL(2,1))"), "18518518.365");
}

TEST(EvaluatorTest, DoubleArithmetic) {
  EXPECT_EQ(eval("1.5E0 * 2"), "3.0");
  EXPECT_EQ(eval("1.0E0 / 0"), "<error: division by zero in (1.0E0 / CAST(0 AS DOUBLE))>");
  EXPECT_EQ(eval("1.0E308 * 10"), "inf");  // IEEE: no overflow error
  EXPECT_EQ(eval("sqrt(16)"), "4.0");
  EXPECT_EQ(eval("ln(0)"), "null");
  EXPECT_EQ(eval("power(2, 10)"), "1024.0");
}

TEST(EvaluatorTest, DateArithmetic) {
  EXPECT_EQ(eval("DATE '1998-12-01' - INTERVAL '90' DAY"), "1998-09-02");
  EXPECT_EQ(eval("DATE '1994-01-01' + INTERVAL '1' YEAR"), "1995-01-01");
  EXPECT_EQ(eval("DATE '1995-01-31' + INTERVAL '1' MONTH"), "1995-02-28");
  EXPECT_EQ(eval("DATE '1996-01-31' + INTERVAL '1' MONTH"), "1996-02-29");
  EXPECT_EQ(eval("DATE '1993-10-01' + INTERVAL '3' MONTH"), "1994-01-01");
  EXPECT_EQ(eval("DATE '1995-03-01' - DATE '1995-02-01'"), "28");
  EXPECT_EQ(eval("DATE '1995-03-01' + 1"), "1995-03-02");
  EXPECT_EQ(eval("DATE '2000-02-29' + INTERVAL '1' YEAR"), "2001-02-28");
  EXPECT_EQ(eval("DATE '2000-03-01' - 1"), "2000-02-29");
  EXPECT_TRUE(fails("DATE '2000-03-01' + 2147483647"));
}

TEST(EvaluatorTest, ComparisonsOfEveryType) {
  EXPECT_EQ(eval("1 < 2"), "true");
  EXPECT_EQ(eval("1 = 1.0"), "true");
  EXPECT_EQ(eval("CAST(1 AS BIGINT) >= 2.5E0"), "false");
  EXPECT_EQ(eval("'abc' < 'abd'"), "true");
  EXPECT_EQ(eval("DATE '1995-01-01' > DATE '1994-12-31'"), "true");
  EXPECT_EQ(eval("TRUE > FALSE"), "true");
  EXPECT_EQ(eval("1 <> 2"), "true");
  EXPECT_EQ(eval("1 = NULL"), "null");
  EXPECT_EQ(eval("NULL <=> NULL"), "true");
  EXPECT_EQ(eval("1 <=> NULL"), "false");
  EXPECT_EQ(eval("2 <=> 2"), "true");
}

TEST(EvaluatorTest, ThreeValuedLogic) {
  EXPECT_EQ(eval("NULL AND FALSE"), "false");
  EXPECT_EQ(eval("NULL AND TRUE"), "null");
  EXPECT_EQ(eval("NULL OR TRUE"), "true");
  EXPECT_EQ(eval("NULL OR FALSE"), "null");
  EXPECT_EQ(eval("NOT NULL"), "null");
  EXPECT_EQ(eval("NOT (1 = 2)"), "true");
  EXPECT_EQ(eval("NULL IS NULL"), "true");
  EXPECT_EQ(eval("1 IS NOT NULL"), "true");
}

TEST(EvaluatorTest, LikeWithEscapesAndCaseInsensitivity) {
  EXPECT_EQ(eval("'PROMO BRUSHED' LIKE 'PROMO%'"), "true");
  EXPECT_EQ(eval("'special requests here' LIKE '%special%requests%'"), "true");
  EXPECT_EQ(eval("'specialrequest' LIKE '%special%requests%'"), "false");
  EXPECT_EQ(eval("'abc' LIKE 'a_c'"), "true");
  EXPECT_EQ(eval("'abbc' LIKE 'a_c'"), "false");
  EXPECT_EQ(eval("'50%' LIKE '50\\%'"), "true");
  EXPECT_EQ(eval("'500' LIKE '50\\%'"), "false");
  EXPECT_EQ(eval("'a_b' LIKE 'a!_b' ESCAPE '!'"), "true");
  EXPECT_EQ(eval("'axb' LIKE 'a!_b' ESCAPE '!'"), "false");
  EXPECT_EQ(eval("'ABC' ILIKE 'a%c'"), "true");
  EXPECT_EQ(eval("'ABC' LIKE 'a%c'"), "false");
  EXPECT_EQ(eval("'é' LIKE '_'"), "true");  // one character, two bytes
  EXPECT_EQ(eval("NULL LIKE 'a'"), "null");
  EXPECT_TRUE(fails("'abc' LIKE 'a\\bc'"));  // an escape before an ordinary character
}

TEST(EvaluatorTest, InListWithNulls) {
  EXPECT_EQ(eval("2 IN (1, 2, 3)"), "true");
  EXPECT_EQ(eval("4 IN (1, 2, 3)"), "false");
  EXPECT_EQ(eval("4 IN (1, NULL)"), "null");
  EXPECT_EQ(eval("1 IN (1, NULL)"), "true");
  EXPECT_EQ(eval("NULL IN (1, 2)"), "null");
  EXPECT_EQ(eval("'b' IN ('a', 'b')"), "true");
}

TEST(EvaluatorTest, CaseWhen) {
  EXPECT_EQ(eval("CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' ELSE 'c' END"), "b");
  EXPECT_EQ(eval("CASE WHEN NULL THEN 1 ELSE 2 END"), "2");
  EXPECT_EQ(eval("CASE WHEN FALSE THEN 1 END"), "null");
  EXPECT_EQ(eval("CASE 3 WHEN 1 THEN 'one' WHEN 3 THEN 'three' END"), "three");
  // The branches' common type: the INTEGER branch comes out as a DECIMAL.
  EXPECT_EQ(eval("CASE WHEN TRUE THEN 1 ELSE 2.5 END"), "1.0");
}

TEST(EvaluatorTest, CastsThatFailAreErrorsNamingTheValue) {
  EXPECT_EQ(eval("CAST('12' AS INT)"), "12");
  EXPECT_EQ(eval("CAST('x' AS INT)"),
            "<error: cannot cast VARCHAR 'x' to INTEGER in CAST('x' AS INTEGER)>");
  EXPECT_TRUE(fails("CAST('1995-02-30' AS DATE)"));
  EXPECT_EQ(eval("CAST(123.456 AS DECIMAL(5,2))"), "123.46");
  EXPECT_TRUE(fails("CAST(12345.6 AS DECIMAL(5,2))"));
  EXPECT_TRUE(fails("CAST(3000000000 AS INT)"));
  EXPECT_EQ(eval("CAST(7.9 AS INT)"), "7");
  EXPECT_EQ(eval("CAST(DATE '1995-01-01' AS STRING)"), "1995-01-01");
  EXPECT_EQ(eval("CAST(NULL AS INT)"), "null");
  EXPECT_TRUE(fails("CAST(1.0E20 AS INT)"));
}

TEST(EvaluatorTest, StringFunctions) {
  EXPECT_EQ(eval("substring('13-abc', 1, 2)"), "13");
  EXPECT_EQ(eval("substring('hello', 0, 2)"), "he");
  EXPECT_EQ(eval("substring('hello', -3)"), "llo");
  EXPECT_EQ(eval("substring('hello', 2, -1)"), "");
  EXPECT_EQ(eval("substr('héllo', 2, 2)"), "él");
  EXPECT_EQ(eval("upper('abc')"), "ABC");
  EXPECT_EQ(eval("lower('ABC')"), "abc");
  EXPECT_EQ(eval("initcap('hello wORLD')"), "Hello World");
  EXPECT_EQ(eval("trim('  a b  ')"), "a b");
  EXPECT_EQ(eval("ltrim('  a ')"), "a ");
  EXPECT_EQ(eval("rtrim('  a ')"), "  a");
  EXPECT_EQ(eval("reverse('abc')"), "cba");
  EXPECT_EQ(eval("length('héllo')"), "5");
  EXPECT_EQ(eval("octet_length('héllo')"), "6");
  EXPECT_EQ(eval("concat('a', 'b', 'c')"), "abc");
  EXPECT_EQ(eval("concat('a', NULL)"), "null");
  EXPECT_EQ(eval("replace('aXbX', 'X', '-')"), "a-b-");
  EXPECT_EQ(eval("position('b' IN 'abc')"), "2");
  EXPECT_EQ(eval("strpos('abc', 'z')"), "0");
  EXPECT_EQ(eval("lpad('7', 3, '0')"), "007");
  EXPECT_EQ(eval("rpad('abcd', 2)"), "ab");
  EXPECT_EQ(eval("starts_with('abc', 'ab')"), "true");
  EXPECT_EQ(eval("startswith('abc', 'b')"), "false");
  EXPECT_EQ(eval("endswith('abc', 'bc')"), "true");
  EXPECT_EQ(eval("contains('abc', 'b')"), "true");
}

TEST(EvaluatorTest, DateFunctions) {
  EXPECT_EQ(eval("year(DATE '1995-06-17')"), "1995");
  EXPECT_EQ(eval("extract(year FROM DATE '1995-06-17')"), "1995");
  EXPECT_EQ(eval("month(DATE '1995-06-17')"), "6");
  EXPECT_EQ(eval("day(DATE '1995-06-17')"), "17");
  EXPECT_EQ(eval("quarter(DATE '1995-06-17')"), "2");
  EXPECT_EQ(eval("dayofweek(DATE '2024-01-07')"), "1");  // a Sunday
  EXPECT_EQ(eval("dayofyear(DATE '1996-03-01')"), "61");
  EXPECT_EQ(eval("week(DATE '2021-01-03')"), "53");  // ISO week of 2020
  EXPECT_EQ(eval("week(DATE '2021-01-04')"), "1");
  EXPECT_EQ(eval("date_add(DATE '1995-12-31', 1)"), "1996-01-01");
  EXPECT_EQ(eval("date_sub(DATE '1996-01-01', 1)"), "1995-12-31");
  EXPECT_EQ(eval("datediff(DATE '1996-01-01', DATE '1995-12-01')"), "31");
}

TEST(EvaluatorTest, NumericAndConditionalFunctions) {
  EXPECT_EQ(eval("abs(-3)"), "3");
  EXPECT_EQ(eval("abs(-2.50)"), "2.50");
  EXPECT_EQ(eval("round(2.345, 2)"), "2.350");
  EXPECT_EQ(eval("round(-2.5)"), "-3.0");
  EXPECT_EQ(eval("round(1234, -2)"), "1200");
  EXPECT_EQ(eval("floor(-2.5)"), "-3");
  EXPECT_EQ(eval("ceil(2.1)"), "3");
  EXPECT_EQ(eval("ceil(2.1E0)"), "3");
  EXPECT_EQ(eval("mod(7, 3)"), "1");
  EXPECT_EQ(eval("sign(-4)"), "-1");
  EXPECT_EQ(eval("coalesce(NULL, 2, 3)"), "2");
  EXPECT_EQ(eval("coalesce(NULL, NULL)"), "null");
  EXPECT_EQ(eval("nullif(1, 1)"), "null");
  EXPECT_EQ(eval("nullif(1, 2)"), "1");
  EXPECT_EQ(eval("greatest(1, NULL, 3)"), "3");
  EXPECT_EQ(eval("least(4, 2, 3)"), "2");
  EXPECT_EQ(eval("if(1 > 2, 'a', 'b')"), "b");
  EXPECT_EQ(eval("if(NULL, 'a', 'b')"), "b");
  EXPECT_TRUE(fails("mod(1, 0)"));
}

TEST(EvaluatorTest, OnlyTheRowsThatReachAnExpressionCanMakeItFail) {
  EXPECT_EQ(eval("CASE WHEN 1 = 1 THEN 1 ELSE 1 / 0 END"), "1");
  EXPECT_EQ(eval("CASE WHEN 1 = 0 THEN 1 / 0 ELSE 2 END"), "2");
  EXPECT_TRUE(fails("CASE WHEN 1 = 1 THEN 1 / 0 ELSE 2 END"));
  EXPECT_EQ(eval("1 = 0 AND 1 / 0 = 1"), "false");
  EXPECT_EQ(eval("1 = 1 OR 1 / 0 = 1"), "true");
  EXPECT_EQ(eval("coalesce(1, 1 / 0)"), "1");
  EXPECT_EQ(eval("if(TRUE, 1, 1 / 0)"), "1");
  EXPECT_TRUE(fails("coalesce(NULL, 1 / 0)"));
}

TEST(EvaluatorTest, WhatItCannotEvaluateIsAStatusNotACrash) {
  EXPECT_TRUE(fails("rand()"));
  AttributePtr column = AttributeReference::make("a", DataType::integer(), true);
  ExprPtr plus = std::make_shared<BinaryArithmetic>(ArithmeticOp::kAdd, column,
                                                    Literal::make(Value::integer(1)));
  EXPECT_FALSE(evaluateConstant(*plus).ok());
  // A malformed tree: a string where a number belongs.
  ExprPtr bad = std::make_shared<UnaryMinus>(Literal::make(Value::varchar("x")));
  EXPECT_FALSE(evaluateConstant(*bad).ok());
}

TEST(EvaluatorTest, CompareValuesAcrossNumericTypes) {
  EXPECT_EQ(compareValues(Value::integer(1), Value::decimal(100, 3, 2)), 0);
  EXPECT_EQ(compareValues(Value::bigint(2), Value::float64(1.5)), 1);
  EXPECT_EQ(compareValues(Value::float64(std::nan("")), Value::float64(1e300)), 1);
  EXPECT_EQ(compareValues(Value::varchar("a"), Value::integer(1)), std::nullopt);
}

TEST(EvaluatorTest, NullIntolerance) {
  ExprPtr one = Literal::make(Value::integer(1));
  EXPECT_TRUE(isNullIntolerant(BinaryArithmetic(ArithmeticOp::kAdd, one, one)));
  EXPECT_FALSE(isNullIntolerant(BinaryComparison(ComparisonOp::kNullSafeEqual, one, one)));
  EXPECT_FALSE(isNullIntolerant(
      ScalarFunction("coalesce", {one, one}, DataType::integer(), NullPolicy::kNever)));
  EXPECT_TRUE(isNullIntolerant(
      ScalarFunction("substring", {one, one}, DataType::varchar(), NullPolicy::kAnyArgument)));
}

}  // namespace
}  // namespace planck
