// The inline helpers of the runtime ABI that generated code calls (runtime/codegen/planck_abi.h),
// against plain reference computations and the evaluator's own date arithmetic.
#include <string>

#include "gtest/gtest.h"
#include "logical/evaluator.h"
#include "logical/expressions.h"
#include "runtime/codegen/planck_abi.h"

namespace planck {
namespace {

TEST(PlanckAbiTest, StringPrefixIsTheFirstEightBytesZeroPadded) {
  const std::string text = "\x01\xff" "cdefghijklmnop";
  for (uint32_t size = 0; size <= text.size(); ++size) {
    uint64_t expected = 0;
    for (uint32_t i = 0; i < size && i < 8; ++i) {
      expected |= static_cast<uint64_t>(static_cast<uint8_t>(text[i])) << (8 * i);
    }
    EXPECT_EQ(planck_string_prefix(PlanckString{text.data(), size}), expected) << size;
  }
}

TEST(PlanckAbiTest, FindStartsWithEndsWith) {
  std::string text = "the quick brown fox";
  PlanckString s{text.data(), static_cast<uint32_t>(text.size())};
  EXPECT_EQ(planck_find(s, 0, s.size, "quick", 5), 4);
  EXPECT_EQ(planck_find(s, 5, s.size, "quick", 5), -1);
  EXPECT_EQ(planck_find(s, 0, 8, "quick", 5), -1);  // must end before `end`
  EXPECT_EQ(planck_find(s, 0, s.size, "o", 1), 12);
  EXPECT_EQ(planck_find(s, 13, s.size, "o", 1), 17);
  EXPECT_TRUE(planck_starts_with(s, "the", 3));
  EXPECT_FALSE(planck_starts_with(s, "fox", 3));
  EXPECT_TRUE(planck_ends_with(s, "fox", 3));
  EXPECT_FALSE(planck_ends_with(PlanckString{"ox", 2}, "fox", 3));
}

TEST(PlanckAbiTest, SubstringAgreesWithTheEvaluator) {
  for (std::string text : {"", "a", "hello world", "h\xc3\xa9llo w\xc3\xb6rld \xe2\x82\xac",
                           "\xff\x80" "bad\xe2"}) {
    for (int64_t pos = -14; pos <= 14; ++pos) {
      for (int64_t length : {-1, 0, 1, 2, 5, 100}) {
        PlanckString s{text.data(), static_cast<uint32_t>(text.size())};
        PlanckString got = planck_substring(s, pos, length);
        auto expected = evaluateWithChildValues(
            *std::make_shared<ScalarFunction>(
                "substring",
                std::vector<ExprPtr>{std::make_shared<Literal>(Value::varchar(text)),
                                     std::make_shared<Literal>(Value::bigint(pos)),
                                     std::make_shared<Literal>(Value::bigint(length))},
                DataType::varchar(), NullPolicy::kAnyArgument),
            {Value::varchar(text), Value::bigint(pos), Value::bigint(length)});
        ASSERT_TRUE(expected.ok()) << expected.status();
        EXPECT_EQ(std::string(got.data, got.size), expected->asString())
            << text << " " << pos << " " << length;
      }
    }
  }
}

TEST(PlanckAbiTest, CivilFromDaysAgreesWithTheEvaluator) {
  for (int64_t days = -800000; days <= 800000; days += 997) {
    int64_t year;
    int32_t month, day;
    planck_civil_from_days(days, &year, &month, &day);
    CivilDate expected = civilFromDays(days);
    ASSERT_EQ(year, expected.year) << days;
    ASSERT_EQ(static_cast<unsigned>(month), expected.month) << days;
    ASSERT_EQ(static_cast<unsigned>(day), expected.day) << days;
  }
}

TEST(PlanckAbiTest, RoundingIsHalfAwayFromZero) {
  EXPECT_EQ(static_cast<int64_t>(planck_round_div(125, 10)), 13);
  EXPECT_EQ(static_cast<int64_t>(planck_round_div(-125, 10)), -13);
  EXPECT_EQ(static_cast<int64_t>(planck_round_div(124, 10)), 12);
  EXPECT_EQ(static_cast<int64_t>(planck_round_div(-124, 10)), -12);
}

TEST(PlanckAbiTest, DoubleOrderPutsNanAboveEverything) {
  double nan = __builtin_nan("");
  EXPECT_EQ(planck_double_compare(nan, nan), 0);
  EXPECT_EQ(planck_double_compare(nan, 1e300), 1);
  EXPECT_EQ(planck_double_compare(-1.0, nan), -1);
  EXPECT_EQ(planck_double_compare(-0.0, 0.0), 0);
  EXPECT_EQ(planck_hash_double(-0.0), planck_hash_double(0.0));
}

}  // namespace
}  // namespace planck
