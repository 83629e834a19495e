// The executor's shared parts (runtime/exec): the join hash table, sorting, batch
// concatenation and the thread pool.
#include <algorithm>
#include <atomic>
#include <numeric>
#include <optional>
#include <random>

#include "gtest/gtest.h"
#include "runtime/exec/batch_ops.h"
#include "runtime/exec/join_table.h"
#include "runtime/exec/sort.h"
#include "runtime/exec/thread_pool.h"

namespace planck {
namespace {

VectorPtr bigints(std::vector<std::optional<int64_t>> values) {
  auto vector = Vector::make(DataType::bigint(), 0);
  for (const auto& value : values) {
    if (value) {
      vector->append(*value);
    } else {
      vector->appendNull();
    }
  }
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

TEST(JoinHashTableTest, ProbeFindsEveryMatchInBuildOrderAndSkipsNullKeys) {
  auto build_keys = bigints({1, 2, 1, std::nullopt, 3});
  Batch build{{build_keys, strings({"a", "b", "c", "d", "e"})}, 5};
  JoinHashTable table(build, {build_keys.get()});
  EXPECT_TRUE(table.hasNullKey());
  auto probe_keys = bigints({1, 4, std::nullopt, 3});
  RowKeys keys;
  keys.encode({probe_keys.get()}, 4);
  std::vector<uint32_t> probe_rows, build_rows;
  uint32_t resume = 0;
  EXPECT_EQ(table.probe(keys, 0, 4, 100, probe_rows, build_rows, resume), 4u);
  EXPECT_EQ(probe_rows, (std::vector<uint32_t>{0, 0, 3}));
  EXPECT_EQ(build_rows, (std::vector<uint32_t>{0, 2, 4}));
  table.markMatched(build_rows);
  EXPECT_EQ(table.unmatched(), (std::vector<uint32_t>{1, 3}));
}

TEST(JoinHashTableTest, ALimitSplitsMatchesAcrossCallsWithoutLosingAny) {
  auto build_keys = bigints({7, 7, 7, 8});
  JoinHashTable table(Batch{{build_keys}, 4}, {build_keys.get()});
  auto probe_keys = bigints({7, 8, 7});
  RowKeys keys;
  keys.encode({probe_keys.get()}, 3);
  std::vector<uint32_t> all_probe, all_build;
  uint32_t resume = 0;
  size_t at = 0;
  int calls = 0;
  while (at < 3) {
    std::vector<uint32_t> p, b;
    at = table.probe(keys, at, 3, 2, p, b, resume);
    EXPECT_LE(p.size(), 2u);
    all_probe.insert(all_probe.end(), p.begin(), p.end());
    all_build.insert(all_build.end(), b.begin(), b.end());
    ASSERT_LT(++calls, 10);
  }
  EXPECT_EQ(all_probe, (std::vector<uint32_t>{0, 0, 0, 1, 2, 2, 2}));
  EXPECT_EQ(all_build, (std::vector<uint32_t>{0, 1, 2, 3, 0, 1, 2}));
}

TEST(SortTest, SeveralKeysDirectionsAndNullPlacement) {
  auto group = strings({"b", "a", "b", std::nullopt, "a"});
  auto value = bigints({1, 5, std::nullopt, 2, 3});
  // ORDER BY group ASC NULLS FIRST, value DESC NULLS LAST.
  std::vector<SortKey> keys = {{group.get(), true, true}, {value.get(), false, false}};
  EXPECT_EQ(sortedRows(keys, 5), (std::vector<uint32_t>{3, 1, 4, 0, 2}));
  // NULLS LAST for the first key moves row 3 to the end.
  keys[0].nulls_first = false;
  EXPECT_EQ(sortedRows(keys, 5), (std::vector<uint32_t>{1, 4, 0, 2, 3}));
  EXPECT_EQ(topRows(keys, 5, 2), (std::vector<uint32_t>{1, 4}));
  EXPECT_EQ(topRows(keys, 5, 9).size(), 5u);
}

TEST(SortTest, EqualKeysKeepInputOrderAndNanIsLargest) {
  auto doubles = Vector::make(DataType::float64(), 0);
  for (double d : {2.0, std::nan(""), -0.0, 0.0, 1.0}) doubles->append(d);
  std::vector<SortKey> keys = {{doubles.get(), true, true}};
  EXPECT_EQ(sortedRows(keys, 5), (std::vector<uint32_t>{2, 3, 4, 0, 1}));
}

// One integral key without NULLs takes the radix sort: it must give a stable sort's order for
// every direction and key range (narrow, wider than 32 bits, negative, all equal).
TEST(SortTest, OneIntegralKeyMatchesAStableSortInEveryRange) {
  std::mt19937_64 random(7);
  struct Range {
    int64_t low, high;
  };
  // Key ranges of 0 to 64 bits: the packed 32-bit radix sort's one, two and three passes
  // (digits of up to 12 bits) at their edges, and the 64-bit one.
  for (Range range : {Range{0, 9}, Range{0, 4095}, Range{0, 4096}, Range{0, (1 << 24) - 1},
                      Range{0, 1 << 24}, Range{0, 0xFFFFFFFFLL}, Range{-3000000, 3000000},
                      Range{INT64_MIN / 2, INT64_MAX / 2}, Range{INT64_MIN, INT64_MAX},
                      Range{42, 42}}) {
    std::uniform_int_distribution<int64_t> draw(range.low, range.high);
    auto wide = Vector::make(DataType::bigint(), 0);
    auto narrow = Vector::make(DataType::integer(), 0);
    for (int i = 0; i < 5000; ++i) {
      int64_t value = draw(random);
      wide->append(value);
      narrow->append(static_cast<int32_t>(value));
    }
    for (const Vector* column : {wide.get(), narrow.get()}) {
      for (bool ascending : {true, false}) {
        SCOPED_TRACE(::testing::Message() << range.low << ".." << range.high << " "
                                          << column->type().toString() << " " << ascending);
        std::vector<uint32_t> expected(5000);
        std::iota(expected.begin(), expected.end(), 0);
        std::stable_sort(expected.begin(), expected.end(), [&](uint32_t a, uint32_t b) {
          Value x = column->valueAt(a), y = column->valueAt(b);
          int64_t p = x.asInt(), q = y.asInt();
          return ascending ? p < q : p > q;
        });
        std::vector<SortKey> keys = {{column, ascending, true}};
        EXPECT_EQ(sortedRows(keys, 5000), expected);
      }
    }
  }
}

TEST(BatchOpsTest, ConcatenateKeepsRowsNullsAndStrings) {
  auto first =
      std::make_shared<Batch>(Batch{{bigints({1, std::nullopt}), strings({"x", "yy"})}, 2});
  auto second = std::make_shared<Batch>(Batch{{bigints({3}), strings({std::nullopt})}, 1});
  Batch all = concatenate({first, second}, {DataType::bigint(), DataType::varchar()});
  ASSERT_EQ(all.rows, 3u);
  EXPECT_TRUE(all.columns[0]->isNull(1));
  EXPECT_EQ(all.columns[0]->valueAt(2), Value::bigint(3));
  EXPECT_EQ(all.columns[1]->string(1), "yy");
  EXPECT_TRUE(all.columns[1]->isNull(2));
  EXPECT_EQ(concatenate({}, {DataType::bigint()}).rows, 0u);
}

TEST(ThreadPoolTest, RunsEveryTaskOnceAndReportsTheFirstFailure) {
  ThreadPool pool(3);
  EXPECT_EQ(pool.threads(), 3u);
  std::vector<std::atomic<int>> runs(100);
  ASSERT_TRUE(pool.parallelFor(100,
                               [&](size_t i) {
                                 runs[i].fetch_add(1);
                                 return absl::OkStatus();
                               })
                  .ok());
  for (const auto& count : runs) EXPECT_EQ(count.load(), 1);
  absl::Status failed = pool.parallelFor(50, [](size_t i) {
    return i == 7 || i == 30 ? absl::InternalError("task " + std::to_string(i)) : absl::OkStatus();
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(failed.message(), "task 7");
}

TEST(ThreadPoolTest, NestedRunsDoNotDeadlockAndCancellationStops) {
  ThreadPool pool(2);
  std::atomic<int> inner{0};
  ASSERT_TRUE(pool.parallelFor(4,
                               [&](size_t) {
                                 return pool.parallelFor(4, [&](size_t) {
                                   inner.fetch_add(1);
                                   return absl::OkStatus();
                                 });
                               })
                  .ok());
  EXPECT_EQ(inner.load(), 16);
  Cancellation cancellation;
  std::atomic<int> started{0};
  absl::Status status = pool.parallelFor(
      1000,
      [&](size_t) {
        if (started.fetch_add(1) == 3) cancellation.cancel();
        return absl::OkStatus();
      },
      &cancellation);
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
  EXPECT_LT(started.load(), 1000);
}

}  // namespace
}  // namespace planck
