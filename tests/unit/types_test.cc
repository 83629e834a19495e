// Data types, values and casts: numeric literal typing, dates, castValue, commonType and
// Spark's decimal result types.
#include <cmath>
#include <string>

#include "gtest/gtest.h"
#include "logical/expressions.h"
#include "logical/value.h"
#include "logical/value_cast.h"
#include "test_support.h"

namespace planck {
namespace {

DataType dec(int precision, int scale) { return DataType::decimal(precision, scale); }

Value number(std::string_view text) {
  auto value = parseNumber(text);
  EXPECT_TRUE(value.ok()) << text << ": " << value.status();
  return value.ok() ? *value : Value();
}

TEST(ParseNumberTest, IntegersAreIntegerUntilTheyNeedBigint) {
  EXPECT_EQ(number("0"), Value::integer(0));
  EXPECT_EQ(number("42"), Value::integer(42));
  EXPECT_EQ(number("2147483647"), Value::integer(2147483647));
  EXPECT_EQ(number("2147483648"), Value::bigint(2147483648LL));
  EXPECT_EQ(number("-2147483648"), Value::integer(-2147483647 - 1));
  EXPECT_EQ(number("-2147483649"), Value::bigint(-2147483649LL));
  EXPECT_EQ(number("9223372036854775807"), Value::bigint(9223372036854775807LL));
  // Beyond BIGINT the literal is a DOUBLE.
  Value huge = number("9223372036854775808");
  EXPECT_EQ(huge.type(), DataType::float64());
  EXPECT_DOUBLE_EQ(huge.asDouble(), 9223372036854775808.0);
}

TEST(ParseNumberTest, DecimalsTakePrecisionAndScaleFromTheDigits) {
  Value v = number("0.06");
  EXPECT_EQ(v.type(), dec(2, 2));
  EXPECT_EQ(v.asInt(), 6);
  EXPECT_EQ(v.toString(), "0.06");
  EXPECT_EQ(number("1.5").type(), dec(2, 1));
  EXPECT_EQ(number("123.45").type(), dec(5, 2));
  EXPECT_EQ(number("123.45").asInt(), 12345);
  EXPECT_EQ(number("100.0").type(), dec(4, 1));
  EXPECT_EQ(number("0.0").type(), dec(1, 1));
  EXPECT_EQ(number(".5").type(), dec(1, 1));
  EXPECT_EQ(number("0.000001").type(), dec(6, 6));
  // 18 significant digits still fit; 19 become DOUBLE.
  EXPECT_EQ(number("12345678901234567.8").type(), dec(18, 1));
  EXPECT_EQ(number("1234567890123456789.5").type(), DataType::float64());
}

// The parser reads `-0.06` as parseNumber("-0.06"): the sign must not count as a digit.
TEST(ParseNumberTest, NegativeDecimalsHaveTheSameTypeAsPositiveOnes) {
  EXPECT_EQ(number("-0.06").type(), dec(2, 2));
  EXPECT_EQ(number("-0.06").asInt(), -6);
  EXPECT_EQ(number("-1.5").type(), dec(2, 1));
  EXPECT_EQ(number("-12345678901234567.8").type(), dec(18, 1));
}

TEST(ParseNumberTest, ExponentsAreDouble) {
  EXPECT_EQ(number("1e3"), Value::float64(1000));
  EXPECT_EQ(number("1E3"), Value::float64(1000));
  EXPECT_EQ(number("1.5e-2"), Value::float64(0.015));
  EXPECT_EQ(number("2.5E+1"), Value::float64(25));
}

TEST(ParseNumberTest, JunkIsAnError) {
  for (const char* text : {"", "abc", "1.2.3", "1e", "--1", "1x", "0x10"}) {
    auto value = parseNumber(text);
    EXPECT_FALSE(value.ok()) << "'" << text << "' parsed as " << value->toString();
  }
  EXPECT_EQ(test::messageOf(parseNumber("abc").status()), "invalid number 'abc'");
}

TEST(DateTest, ParseAndFormatRoundTrip) {
  EXPECT_EQ(parseDate("1970-01-01").value(), 0);
  EXPECT_EQ(parseDate("1970-01-02").value(), 1);
  EXPECT_EQ(parseDate("1969-12-31").value(), -1);
  EXPECT_EQ(parseDate("1998-09-02").value(), 10471);
  EXPECT_EQ(formatDate(10471), "1998-09-02");
  EXPECT_EQ(formatDate(-1), "1969-12-31");
  EXPECT_EQ(parseDate(" 2000-01-01 ").value(), 10957);
  EXPECT_EQ(formatDate(parseDate("0001-01-01").value()), "0001-01-01");
  EXPECT_EQ(formatDate(parseDate("9999-12-31").value()), "9999-12-31");
  // Every day from 1899 to 2101 formats and parses back to itself, and days are consecutive.
  int32_t first = parseDate("1899-01-01").value(), last = parseDate("2101-12-31").value();
  for (int32_t day = first; day <= last; ++day) {
    std::string text = formatDate(day);
    auto parsed = parseDate(text);
    ASSERT_TRUE(parsed.ok()) << text;
    ASSERT_EQ(*parsed, day) << text;
  }
  EXPECT_EQ(last - first + 1, 203 * 365 + 49);  // 49 leap days between 1899 and 2101
}

TEST(DateTest, LeapYears) {
  EXPECT_TRUE(parseDate("2000-02-29").ok());   // divisible by 400
  EXPECT_TRUE(parseDate("2024-02-29").ok());   // divisible by 4
  EXPECT_FALSE(parseDate("1900-02-29").ok());  // divisible by 100, not 400
  EXPECT_FALSE(parseDate("2023-02-29").ok());
  EXPECT_EQ(parseDate("2024-03-01").value() - parseDate("2024-02-28").value(), 2);
  EXPECT_EQ(parseDate("2023-03-01").value() - parseDate("2023-02-28").value(), 1);
  EXPECT_EQ(formatDate(parseDate("2024-02-29").value() + 1), "2024-03-01");
}

TEST(DateTest, InvalidDatesAreErrors) {
  for (const char* text :
       {"2020-13-01", "2020-00-10", "2020-01-00", "2020-01-32", "2020-04-31", "0000-01-01",
        "10000-01-01", "2020-01", "2020/01/01", "abc", "", "2020-01-01x", "1998-9-2-1"}) {
    EXPECT_FALSE(parseDate(text).ok()) << text;
  }
  EXPECT_EQ(test::messageOf(parseDate("2020-02-30").status()), "invalid date '2020-02-30'");
}

TEST(ValueTest, DisplayAndSqlForms) {
  EXPECT_EQ(Value::decimal(12345, 7, 2).toString(), "123.45");
  EXPECT_EQ(Value::decimal(-5, 3, 2).toString(), "-0.05");
  EXPECT_EQ(formatDecimal(5, 3), "0.005");
  EXPECT_EQ(Value::varchar("it's").toSql(), "'it''s'");
  EXPECT_EQ(Value::date(10471).toSql(), "DATE '1998-09-02'");
  EXPECT_EQ(Value::null(DataType::integer()).toString(), "null");
  EXPECT_EQ(Value::null(DataType::integer()).toSql(), "NULL");
  EXPECT_EQ(Value::float64(2).toString(), "2.0");
  EXPECT_EQ(Value::boolean(true).toSql(), "true");
}

// value.h: toSql() is the "SQL literal form that parses back to the same value". A double
// always carries an exponent, since 1000.0 reads as a DECIMAL; the digits are the shortest that
// round-trip, laid out as Spark (Java's Double.toString) prints them.
TEST(ValueTest, DoubleSqlFormParsesBackToTheSameValue) {
  for (double d : {1.0 / 3.0, 0.1, 123456.789, 9223372036854775808.0, 1e-300, -2.5e-5, 1000.0, 0.0,
                   5e-324, 1.7976931348623157e308}) {
    Value value = Value::float64(d);
    auto parsed = parseNumber(value.toSql());
    ASSERT_TRUE(parsed.ok()) << value.toSql();
    EXPECT_EQ(*parsed, value) << "toSql() gave " << value.toSql() << " for " << d;
  }
  EXPECT_EQ(Value::float64(1000).toSql(), "1000.0E0");
  EXPECT_EQ(Value::float64(0.1).toSql(), "0.1E0");
  EXPECT_EQ(Value::float64(1.0 / 3.0).toSql(), "0.3333333333333333E0");
  EXPECT_EQ(Value::float64(0.001).toSql(), "0.001E0");
  EXPECT_EQ(Value::float64(1e-4).toSql(), "1.0E-4");
  EXPECT_EQ(Value::float64(1e7).toSql(), "1.0E7");
  EXPECT_EQ(Value::float64(-1.5e-7).toSql(), "-1.5E-7");
  EXPECT_EQ(Value::float64(9223372036854775808.0).toSql(), "9.223372036854776E18");
  EXPECT_EQ(Value::float64(-0.0).toSql(), "-0.0E0");
  EXPECT_EQ(Value::float64(std::nan("")).toSql(), "CAST('NaN' AS DOUBLE)");
  EXPECT_EQ(Value::float64(-HUGE_VAL).toSql(), "CAST('-Infinity' AS DOUBLE)");
}

TEST(CastValueTest, StringsToOtherTypes) {
  EXPECT_EQ(castValue(Value::varchar("12"), DataType::integer()).value(), Value::integer(12));
  EXPECT_EQ(castValue(Value::varchar(" 12 "), DataType::bigint()).value(), Value::bigint(12));
  EXPECT_EQ(castValue(Value::varchar("1.25"), dec(5, 2)).value(), Value::decimal(125, 5, 2));
  EXPECT_EQ(castValue(Value::varchar("1998-09-02"), DataType::date()).value(), Value::date(10471));
  EXPECT_EQ(castValue(Value::varchar(" true "), DataType::boolean()).value(), Value::boolean(true));
  EXPECT_EQ(castValue(Value::varchar("0"), DataType::boolean()).value(), Value::boolean(false));
  EXPECT_EQ(castValue(Value::varchar("2.5"), DataType::float64()).value(), Value::float64(2.5));

  auto bad = castValue(Value::varchar("abc"), DataType::integer());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(test::messageOf(bad.status()), "cannot cast VARCHAR 'abc' to INTEGER");
  EXPECT_FALSE(castValue(Value::varchar("2020-02-30"), DataType::date()).ok());
  EXPECT_FALSE(castValue(Value::varchar("maybe"), DataType::boolean()).ok());
  EXPECT_FALSE(castValue(Value::varchar("1.5"), DataType::integer()).ok());
}

TEST(CastValueTest, NumericConversions) {
  // Decimal and double to integral truncate, as Spark's cast.
  EXPECT_EQ(castValue(Value::decimal(199, 3, 2), DataType::integer()).value(), Value::integer(1));
  EXPECT_EQ(castValue(Value::decimal(-199, 3, 2), DataType::integer()).value(), Value::integer(-1));
  EXPECT_EQ(castValue(Value::float64(3.7), DataType::bigint()).value(), Value::bigint(3));
  // Rescaling rounds half away from zero.
  EXPECT_EQ(castValue(Value::decimal(12345, 5, 2), dec(4, 1)).value(), Value::decimal(1235, 4, 1));
  EXPECT_EQ(castValue(Value::decimal(-125, 3, 2), dec(2, 1)).value(), Value::decimal(-13, 2, 1));
  EXPECT_EQ(castValue(Value::integer(7), dec(5, 2)).value(), Value::decimal(700, 5, 2));
  EXPECT_EQ(castValue(Value::float64(1.005), dec(6, 1)).value(), Value::decimal(10, 6, 1));
  EXPECT_EQ(castValue(Value::decimal(150, 3, 2), DataType::float64()).value(), Value::float64(1.5));
  EXPECT_EQ(castValue(Value::integer(5), DataType::float64()).value(), Value::float64(5));
  EXPECT_EQ(castValue(Value::boolean(true), DataType::integer()).value(), Value::integer(1));
  EXPECT_EQ(castValue(Value::bigint(0), DataType::boolean()).value(), Value::boolean(false));
  // Values that do not fit are errors.
  EXPECT_FALSE(castValue(Value::bigint(3000000000LL), DataType::integer()).ok());
  EXPECT_FALSE(castValue(Value::decimal(99999, 5, 2), dec(4, 1)).ok());
  EXPECT_FALSE(castValue(Value::integer(1000), dec(3, 0)).ok());
  EXPECT_FALSE(castValue(Value::float64(1e300), DataType::bigint()).ok());
  EXPECT_FALSE(castValue(Value::float64(std::nan("")), DataType::integer()).ok());
}

TEST(CastValueTest, NullsDatesAndStrings) {
  Value null_int = castValue(Value(), DataType::integer()).value();
  EXPECT_TRUE(null_int.isNull());
  EXPECT_EQ(null_int.type(), DataType::integer());
  EXPECT_EQ(castValue(Value::date(10471), DataType::varchar()).value(),
            Value::varchar("1998-09-02"));
  EXPECT_EQ(castValue(Value::decimal(6, 2, 2), DataType::varchar()).value(),
            Value::varchar("0.06"));
  EXPECT_EQ(castValue(Value::integer(3), DataType::integer()).value(), Value::integer(3));
  EXPECT_FALSE(castValue(Value::integer(3), DataType::date()).ok());
  EXPECT_FALSE(castValue(Value::date(1), DataType::integer()).ok());
  EXPECT_FALSE(castValue(Value::integer(1), DataType::interval()).ok());
}

TEST(CommonTypeTest, NumericWideningOrder) {
  EXPECT_EQ(commonType(DataType::integer(), DataType::integer()), DataType::integer());
  EXPECT_EQ(commonType(DataType::integer(), DataType::bigint()), DataType::bigint());
  EXPECT_EQ(commonType(DataType::bigint(), DataType::integer()), DataType::bigint());
  // INTEGER is DECIMAL(10,0): 10 integral digits and scale 2.
  EXPECT_EQ(commonType(DataType::integer(), dec(5, 2)), dec(12, 2));
  EXPECT_EQ(commonType(dec(15, 2), dec(5, 4)), dec(17, 4));
  EXPECT_EQ(commonType(dec(15, 2), DataType::float64()), DataType::float64());
  EXPECT_EQ(commonType(DataType::bigint(), DataType::float64()), DataType::float64());
  EXPECT_EQ(commonType(DataType::integer(), DataType::float64()), DataType::float64());
}

TEST(CommonTypeTest, StringsNullsDatesAndIncompatibleTypes) {
  EXPECT_EQ(commonType(DataType::date(), DataType::varchar()), DataType::date());
  EXPECT_EQ(commonType(DataType::varchar(), DataType::date()), DataType::date());
  EXPECT_EQ(commonType(DataType::varchar(), DataType::integer()), DataType::integer());
  EXPECT_EQ(commonType(DataType::varchar(), DataType::varchar()), DataType::varchar());
  EXPECT_EQ(commonType(DataType::null(), DataType::date()), DataType::date());
  EXPECT_EQ(commonType(dec(7, 2), DataType::null()), dec(7, 2));
  EXPECT_EQ(commonType(DataType::date(), DataType::boolean()), std::nullopt);
  EXPECT_EQ(commonType(DataType::date(), DataType::integer()), std::nullopt);
  EXPECT_EQ(commonType(DataType::boolean(), DataType::integer()), std::nullopt);
  EXPECT_EQ(commonType(DataType::varchar(), DataType::boolean()), std::nullopt);
}

TEST(CommonTypeTest, BinaryMeetsStringsAsBytesAndNumbersOnlyInComparisons) {
  const DataType bin = DataType::binary();
  EXPECT_EQ(commonType(bin, DataType::varchar()), bin);
  EXPECT_EQ(commonType(DataType::varchar(), bin), bin);
  EXPECT_EQ(commonType(bin, DataType::null()), bin);
  EXPECT_EQ(commonType(bin, DataType::integer()), std::nullopt);
  EXPECT_EQ(commonType(bin, DataType::date()), std::nullopt);
  EXPECT_EQ(comparisonType(bin, DataType::integer()), bin);
  EXPECT_EQ(comparisonType(DataType::bigint(), bin), bin);
  EXPECT_EQ(comparisonType(bin, DataType::float64()), std::nullopt);
  EXPECT_EQ(comparisonType(bin, dec(5, 0)), std::nullopt);
  EXPECT_EQ(comparisonType(DataType::integer(), DataType::bigint()), DataType::bigint());
}

TEST(DataTypeTest, BinaryCastsFollowSpark) {
  const DataType bin = DataType::binary();
  EXPECT_TRUE(canCast(DataType::varchar(), bin));
  EXPECT_TRUE(canCast(DataType::integer(), bin));
  EXPECT_TRUE(canCast(DataType::bigint(), bin));
  EXPECT_TRUE(canCast(bin, DataType::varchar()));
  EXPECT_TRUE(canCast(DataType::null(), bin));
  EXPECT_FALSE(canCast(DataType::float64(), bin));
  EXPECT_FALSE(canCast(dec(5, 2), bin));
  EXPECT_FALSE(canCast(DataType::date(), bin));
  EXPECT_FALSE(canCast(bin, DataType::integer()));
  EXPECT_FALSE(canCast(bin, DataType::boolean()));
  EXPECT_TRUE(DataType::binary().storedAsBytes());
  EXPECT_FALSE(DataType::binary().isString());
}

TEST(DataTypeTest, NamesAndCasts) {
  EXPECT_EQ(dec(15, 2).toString(), "decimal(15,2)");
  EXPECT_EQ(dec(15, 2).sqlName(), "DECIMAL(15,2)");
  EXPECT_EQ(DataType::varchar().toString(), "string");
  EXPECT_EQ(DataType::integer().sqlName(), "INTEGER");
  EXPECT_EQ(DataType::null().toString(), "void");
  EXPECT_EQ(DataType::integer().asDecimal(), dec(10, 0));
  EXPECT_EQ(DataType::bigint().asDecimal(), dec(18, 0));
  EXPECT_TRUE(canCast(DataType::varchar(), DataType::date()));
  EXPECT_TRUE(canCast(DataType::date(), DataType::varchar()));
  EXPECT_TRUE(canCast(DataType::null(), DataType::date()));
  EXPECT_FALSE(canCast(DataType::date(), DataType::integer()));
  EXPECT_FALSE(canCast(DataType::interval(), DataType::varchar()));
}

TEST(DecimalTest, BoundedDecimalKeepsIntegralDigits) {
  EXPECT_EQ(DataType::boundedDecimal(10, 2), dec(10, 2));
  EXPECT_EQ(DataType::boundedDecimal(18, 4), dec(18, 4));
  // 31 digits with scale 4: 27 integral digits do not fit, the scale stays at its minimum 4.
  EXPECT_EQ(DataType::boundedDecimal(31, 4), dec(18, 4));
  // 20 digits with scale 10: keep 10 integral digits, scale shrinks to 8.
  EXPECT_EQ(DataType::boundedDecimal(20, 10), dec(18, 8));
  // The scale never drops below min(scale, 6).
  EXPECT_EQ(DataType::boundedDecimal(33, 18), dec(18, 6));
}

TEST(DecimalTest, ArithmeticResultTypesFollowSparkBoundedAt18) {
  const DataType money = dec(15, 2);
  // + and -: max(p1-s1, p2-s2) + max(s1, s2) + 1.
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kAdd, money, money), dec(16, 2));
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kSubtract, dec(5, 2), dec(7, 4)), dec(8, 4));
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kAdd, DataType::integer(), money), dec(16, 2));
  // *: p1 + p2 + 1, s1 + s2; 31 digits are bounded to DECIMAL(18,4).
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kMultiply, dec(5, 2), dec(4, 1)), dec(10, 3));
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kMultiply, money, money), dec(18, 4));
  // /: DOUBLE, where Spark has a decimal (the TPC-H reference answers were computed so).
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kDivide, dec(5, 2), dec(3, 1)), DataType::float64());
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kDivide, money, DataType::integer()),
            DataType::float64());
  // %: min(p1 - s1, p2 - s2) + max(s1, s2).
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kRemainder, money, dec(5, 1)), dec(6, 2));
  // Any DOUBLE operand makes the result DOUBLE.
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kMultiply, money, DataType::float64()),
            DataType::float64());
  // Integers stay integral (INTEGER / INTEGER truncates, planck's documented rule).
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kAdd, DataType::integer(), DataType::integer()),
            DataType::integer());
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kDivide, DataType::integer(), DataType::integer()),
            DataType::integer());
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kMultiply, DataType::integer(), DataType::bigint()),
            DataType::bigint());
  // Dates.
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kAdd, DataType::date(), DataType::interval()),
            DataType::date());
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kSubtract, DataType::date(), DataType::date()),
            DataType::integer());
  EXPECT_EQ(arithmeticResultType(ArithmeticOp::kAdd, DataType::date(), DataType::integer()),
            DataType::date());
}

TEST(DecimalTest, AnalyzedTpchQ1ExpressionTypes) {
  auto session = Session::withTpchSchema();
  auto plan =
      test::analyzeSql(*session,
                       "SELECT l_extendedprice * (1 - l_discount) AS disc, sum(l_quantity) AS sq, "
                       "avg(l_quantity) AS aq, l_extendedprice / l_quantity AS ratio, 0.06 AS lit "
                       "FROM lineitem GROUP BY l_extendedprice, l_discount, l_quantity");
  ASSERT_TRUE(plan.ok()) << plan.status();
  Attributes output = (*plan)->output();
  ASSERT_EQ(output.size(), 5u);
  // (1 - l_discount): 1 is cast to DECIMAL(15,2), the difference is DECIMAL(16,2); the product
  // has 32 digits, bounded to DECIMAL(18,4).
  EXPECT_EQ(output[0]->dataType(), dec(18, 4));
  EXPECT_EQ(output[1]->dataType(), dec(18, 2));  // sum(decimal(15,2)) = decimal(25,2), bounded
  EXPECT_EQ(output[2]->dataType(), DataType::float64());  // avg: DOUBLE (Spark: a decimal)
  EXPECT_EQ(output[3]->dataType(), DataType::float64());  // decimal / decimal: DOUBLE
  EXPECT_EQ(output[4]->dataType(), dec(2, 2));
}

}  // namespace
}  // namespace planck
