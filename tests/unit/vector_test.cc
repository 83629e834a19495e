// runtime/vector.h: typed columns with NULL masks, strings in Arrow's layout, gathers.
#include "runtime/vector.h"

#include "gtest/gtest.h"

namespace planck {
namespace {

TEST(VectorTest, FixedWidthValuesStartAtZeroWithoutAMask) {
  Vector ints(DataType::integer(), 3);
  EXPECT_EQ(ints.size(), 3u);
  EXPECT_FALSE(ints.hasNulls());
  EXPECT_EQ(ints.nullMask(), nullptr);
  ints.values<int32_t>()[1] = 7;
  EXPECT_EQ(ints.valueAt(1), Value::integer(7));
  ints.setNull(2);
  EXPECT_TRUE(ints.isNull(2));
  EXPECT_FALSE(ints.isNull(0));
  EXPECT_TRUE(ints.valueAt(2).isNull());
  EXPECT_EQ(ints.valueAt(2).type(), DataType::integer());
}

TEST(VectorTest, DecimalsAndDatesKeepTheirTypes) {
  Vector prices(DataType::decimal(15, 2), 1);
  prices.values<int64_t>()[0] = 12345;
  EXPECT_EQ(prices.valueAt(0).toString(), "123.45");
  Vector days(DataType::date(), 1);
  days.values<int32_t>()[0] = 10471;
  EXPECT_EQ(days.valueAt(0).toString(), "1998-09-02");
}

TEST(VectorTest, StringsAreAppendedInRowOrder) {
  Vector names(DataType::varchar(), 0);
  names.appendString("BRASS");
  names.appendNull();
  names.appendString("");
  names.appendString("STEEL");
  ASSERT_EQ(names.size(), 4u);
  EXPECT_EQ(names.string(0), "BRASS");
  EXPECT_TRUE(names.isNull(1));
  EXPECT_EQ(names.string(1), "");
  EXPECT_FALSE(names.isNull(2));
  EXPECT_EQ(names.string(3), "STEEL");
  EXPECT_EQ(names.bytes(), 10u + 4u + 5u * sizeof(uint32_t));
}

TEST(VectorTest, ConstantsFillEveryRow) {
  auto text = Vector::constant(Value::varchar("x"), DataType::varchar(), 3);
  EXPECT_EQ(text->string(2), "x");
  auto nulls = Vector::constant(Value::null(DataType::bigint()), DataType::bigint(), 2);
  EXPECT_TRUE(nulls->isNull(0) && nulls->isNull(1));
  auto flags = Vector::constant(Value::boolean(true), DataType::boolean(), 2);
  EXPECT_EQ(flags->valueAt(1), Value::boolean(true));
}

TEST(VectorTest, GatherPicksRowsInSelectionOrderWithTheirNulls) {
  Batch batch;
  auto ids = Vector::make(DataType::bigint(), 4);
  for (int64_t i = 0; i < 4; ++i) ids->values<int64_t>()[i] = i * 10;
  ids->setNull(1);
  auto names = Vector::make(DataType::varchar(), 0);
  for (const char* name : {"a", "bb", "ccc", "dddd"}) names->appendString(name);
  batch.columns = {ids, names};
  batch.rows = 4;
  const uint32_t selection[] = {3, 1, 0};
  Batch picked = gather(batch, selection, 3);
  ASSERT_EQ(picked.rows, 3u);
  EXPECT_EQ(picked.columns[0]->valueAt(0), Value::bigint(30));
  EXPECT_TRUE(picked.columns[0]->isNull(1));
  EXPECT_EQ(picked.columns[1]->string(0), "dddd");
  EXPECT_EQ(picked.columns[1]->string(2), "a");
  // No NULL picked: no mask.
  const uint32_t valid[] = {0, 2};
  EXPECT_FALSE(gather(*ids, valid, 2)->hasNulls());
}

}  // namespace
}  // namespace planck
