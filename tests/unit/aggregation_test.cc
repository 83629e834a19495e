// Hash aggregation's parts (runtime/exec): row keys, the group table, and every aggregate
// function through update, partial buffers, merge and result.
#include <cmath>

#include "gtest/gtest.h"
#include "runtime/exec/aggregate_function.h"
#include "runtime/exec/group_table.h"

namespace planck {
namespace {

VectorPtr ints(std::vector<std::optional<int64_t>> values, DataType type = DataType::bigint()) {
  auto vector = Vector::make(type, 0);
  for (const auto& value : values) {
    if (!value) {
      vector->appendNull();
    } else if (storageWidth(type) == 4) {
      vector->append(static_cast<int32_t>(*value));
    } else {
      vector->append(*value);
    }
  }
  return vector;
}

VectorPtr doubles(std::vector<double> values) {
  auto vector = Vector::make(DataType::float64(), 0);
  for (double value : values) vector->append(value);
  return vector;
}

VectorPtr strings(std::vector<std::optional<std::string>> values) {
  auto vector = Vector::make(DataType::varchar(), 0);
  for (const auto& value : values) {
    if (value) {
      vector->appendString(*value);
    } else {
      vector->appendNull();
    }
  }
  return vector;
}

std::string text(const Vector& vector) {
  std::string out;
  for (size_t i = 0; i < vector.size(); ++i) out += (i ? "," : "") + vector.valueAt(i).toString();
  return out;
}

TEST(GroupTableTest, DenseIdsInOrderOfFirstAppearanceNullIsAGroup) {
  GroupTable table({DataType::varchar(), DataType::integer()});
  auto names = strings({"a", "b", "a", std::nullopt, std::nullopt, "b"});
  auto numbers = ints({1, 1, 1, 2, 2, 2}, DataType::integer());
  uint32_t ids[6];
  table.findOrInsert({names.get(), numbers.get()}, 6, ids);
  EXPECT_EQ(std::vector<uint32_t>(ids, ids + 6), (std::vector<uint32_t>{0, 1, 0, 2, 2, 3}));
  EXPECT_EQ(table.groups(), 4u);
  std::vector<VectorPtr> keys = table.keyColumns(0, 4);
  EXPECT_EQ(text(*keys[0]), "a,b,null,b");
  EXPECT_EQ(text(*keys[1]), "1,1,2,2");
  // A second batch finds the same groups.
  auto more_names = strings({"b"});
  auto more_numbers = ints({2}, DataType::integer());
  table.findOrInsert({more_names.get(), more_numbers.get()}, 1, ids);
  EXPECT_EQ(ids[0], 3u);
}

TEST(GroupTableTest, WithoutKeysThereIsOneGroupFromTheStart) {
  GroupTable table({});
  EXPECT_EQ(table.groups(), 1u);
  uint32_t ids[3] = {9, 9, 9};
  table.findOrInsert({}, 3, ids);
  EXPECT_EQ(ids[2], 0u);
}

// Runs `spec` over `args` in groups `groups`, once completely and once split into two partial
// aggregates merged into a final one; both results must agree, and are returned as text.
std::string aggregate(const AggregateSpec& spec, const std::vector<VectorPtr>& args,
                      const std::vector<uint32_t>& groups, size_t group_count) {
  std::vector<const Vector*> raw;
  for (const VectorPtr& arg : args) raw.push_back(arg.get());
  size_t rows = groups.size();
  auto complete = makeAggregateFunction(spec);
  EXPECT_TRUE(complete.ok()) << complete.status();
  (*complete)->resize(group_count);
  EXPECT_TRUE((*complete)->update(groups.data(), raw, nullptr, rows).ok());
  auto result = (*complete)->result(0, group_count);
  if (!result.ok()) return std::string(result.status().message());
  if (spec.distinct) return text(**result);
  // Partial: rows [0, half) and [half, rows) in two states, merged into a third.
  size_t half = rows / 2;
  std::vector<uint8_t> first(rows, 0), second(rows, 0);
  for (size_t i = 0; i < rows; ++i) (i < half ? first : second)[i] = 1;
  auto final_state = *makeAggregateFunction(spec);
  final_state->resize(group_count);
  for (const auto* keep : {&first, &second}) {
    auto partial = *makeAggregateFunction(spec);
    partial->resize(group_count);
    EXPECT_TRUE(partial->update(groups.data(), raw, keep->data(), rows).ok());
    auto buffers = partial->buffers(0, group_count);
    EXPECT_TRUE(buffers.ok()) << buffers.status();
    EXPECT_EQ(buffers->size(), partial->bufferTypes().size());
    std::vector<const Vector*> columns;
    for (const VectorPtr& buffer : *buffers) columns.push_back(buffer.get());
    std::vector<uint32_t> ids(group_count);
    for (size_t g = 0; g < group_count; ++g) ids[g] = static_cast<uint32_t>(g);
    EXPECT_TRUE(final_state->merge(ids.data(), columns, group_count).ok());
  }
  auto merged = final_state->result(0, group_count);
  EXPECT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(text(**merged), text(**result)) << spec.sql;
  return text(**result);
}

AggregateSpec spec(std::string name, std::vector<DataType> args, DataType result,
                   bool distinct = false) {
  return AggregateSpec{name, std::move(args), result, distinct, name + "(x)"};
}

TEST(AggregateFunctionTest, CountSumAvgIgnoreNulls) {
  auto x = ints({1, std::nullopt, 3, 4, 10, std::nullopt});
  std::vector<uint32_t> g = {0, 0, 1, 1, 1, 2};
  EXPECT_EQ(aggregate(spec("count", {DataType::bigint()}, DataType::bigint()), {x}, g, 3), "1,3,0");
  EXPECT_EQ(aggregate(spec("count", {}, DataType::bigint()), {}, g, 3), "2,3,1");
  EXPECT_EQ(aggregate(spec("sum", {DataType::bigint()}, DataType::bigint()), {x}, g, 3),
            "1,17,null");
  EXPECT_EQ(aggregate(spec("avg", {DataType::float64()}, DataType::float64()),
                      {doubles({1, 2, 3, 4, 5, 6})}, g, 3),
            "1.5,4.0,6.0");
}

TEST(AggregateFunctionTest, DecimalSumsAreExactAndAveragesAreDouble) {
  DataType money = DataType::decimal(15, 2);
  auto prices = ints({1005, 250, 1}, money);  // 10.05, 2.50, 0.01
  std::vector<uint32_t> g = {0, 0, 0};
  EXPECT_EQ(aggregate(spec("sum", {money}, DataType::decimal(18, 2)), {prices}, g, 1), "12.56");
  EXPECT_EQ(aggregate(spec("avg", {money}, DataType::float64()), {prices}, g, 1),
            Value::float64(12.56 / 3).toString());
}

TEST(AggregateFunctionTest, IntegerOverflowIsAnErrorNamingTheCall) {
  auto x = ints({INT64_MAX, 1});
  AggregateSpec sum = spec("sum", {DataType::bigint()}, DataType::bigint());
  sum.sql = "sum(l_orderkey)";
  EXPECT_EQ(aggregate(sum, {x}, {0, 0}, 1), "integer overflow in sum(l_orderkey)");
  // Back in range by the end: no error.
  EXPECT_EQ(aggregate(sum, {ints({INT64_MAX, 1, -5})}, {0, 0, 0}, 1),
            std::to_string(INT64_MAX - 4));
}

TEST(AggregateFunctionTest, MinMaxOfEveryType) {
  std::vector<uint32_t> g = {0, 1, 0, 1};
  EXPECT_EQ(aggregate(spec("min", {DataType::varchar()}, DataType::varchar()),
                      {strings({"pear", std::nullopt, "apple", "fig"})}, g, 2),
            "apple,fig");
  EXPECT_EQ(aggregate(spec("max", {DataType::date()}, DataType::date()),
                      {ints({10, 20, 30, std::nullopt}, DataType::date())}, g, 2),
            "1970-01-31,1970-01-21");
  EXPECT_EQ(aggregate(spec("max", {DataType::float64()}, DataType::float64()),
                      {doubles({1, std::nan(""), 2, -1})}, g, 2),
            "2.0,nan");
}

TEST(AggregateFunctionTest, FirstKeepsANullFirstValue) {
  std::vector<uint32_t> g = {0, 0, 1};
  EXPECT_EQ(aggregate(spec("first", {DataType::bigint()}, DataType::bigint()),
                      {ints({std::nullopt, 5, 7})}, g, 2),
            "null,7");
  EXPECT_EQ(aggregate(spec("last", {DataType::bigint()}, DataType::bigint()),
                      {ints({std::nullopt, 5, 7})}, g, 2),
            "5,7");
}

TEST(AggregateFunctionTest, VarianceAndStandardDeviation) {
  std::vector<uint32_t> g = {0, 0, 0, 0, 1};
  auto x = doubles({2, 4, 4, 6, 9});
  EXPECT_EQ(aggregate(spec("var_pop", {DataType::float64()}, DataType::float64()), {x}, g, 2),
            "2.0,0.0");
  EXPECT_EQ(aggregate(spec("var_samp", {DataType::float64()}, DataType::float64()), {x}, g, 2),
            Value::float64(8.0 / 3).toString() + ",null");
  EXPECT_EQ(aggregate(spec("stddev_pop", {DataType::float64()}, DataType::float64()), {x}, g, 2),
            Value::float64(std::sqrt(2.0)).toString() + ",0.0");
}

TEST(AggregateFunctionTest, DistinctCountsEachValueOncePerGroup) {
  std::vector<uint32_t> g = {0, 0, 0, 1, 1};
  auto x = ints({1, 1, 2, 1, std::nullopt});
  EXPECT_EQ(aggregate(spec("count", {DataType::bigint()}, DataType::bigint(), true), {x}, g, 2),
            "2,1");
  EXPECT_EQ(aggregate(spec("sum", {DataType::bigint()}, DataType::bigint(), true), {x}, g, 2),
            "3,1");
  auto distinct =
      *makeAggregateFunction(spec("count", {DataType::bigint()}, DataType::bigint(), true));
  EXPECT_FALSE(distinct->buffers(0, 0).ok());
}

TEST(AggregateFunctionTest, BooleanAggregatesAndCountIf) {
  auto flags = Vector::make(DataType::boolean(), 0);
  for (int v : {1, 0, 1, 1}) flags->append<uint8_t>(static_cast<uint8_t>(v));
  flags->appendNull();
  std::vector<uint32_t> g = {0, 0, 1, 1, 1};
  EXPECT_EQ(aggregate(spec("bool_and", {DataType::boolean()}, DataType::boolean()), {flags}, g, 2),
            "false,true");
  EXPECT_EQ(aggregate(spec("bool_or", {DataType::boolean()}, DataType::boolean()), {flags}, g, 2),
            "true,true");
  EXPECT_EQ(aggregate(spec("count_if", {DataType::boolean()}, DataType::bigint()), {flags}, g, 2),
            "1,2");
}

TEST(AggregateFunctionTest, UnknownFunctionsAreErrors) {
  auto unknown = makeAggregateFunction(spec("median", {DataType::bigint()}, DataType::bigint()));
  EXPECT_FALSE(unknown.ok());
}

}  // namespace
}  // namespace planck
