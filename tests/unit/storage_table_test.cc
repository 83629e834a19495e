// Table storage: ColumnarTable partitions and versions, CatalogTable's data slot.
#include <thread>

#include "catalog/catalog.h"
#include "gtest/gtest.h"
#include "runtime/columnar_table.h"

namespace planck {
namespace {

// A batch of `rows` rows: an INTEGER column counting from `first` and a VARCHAR column.
BatchPtr numbers(int32_t first, size_t rows) {
  auto batch = std::make_shared<Batch>();
  batch->rows = rows;
  auto ints = Vector::make(DataType::integer(), rows);
  auto texts = Vector::make(DataType::varchar(), 0);
  for (size_t i = 0; i < rows; ++i) {
    ints->values<int32_t>()[i] = first + static_cast<int32_t>(i);
    texts->appendString("row" + std::to_string(first + static_cast<int32_t>(i)));
  }
  batch->columns = {ints, texts};
  return batch;
}

const std::vector<DataType> kTypes = {DataType::integer(), DataType::varchar()};

std::vector<int32_t> column0(const ColumnarTable& table) {
  std::vector<int32_t> values;
  for (const BatchPtr& batch : table.batches()) {
    for (size_t i = 0; i < batch->rows; ++i)
      values.push_back(batch->columns[0]->values<int32_t>()[i]);
  }
  return values;
}

TEST(StorageTableTest, CountsRowsAndBytes) {
  auto table = ColumnarTable::make(kTypes, {numbers(0, 100), numbers(100, 50)}, {});
  EXPECT_EQ(table->rowCount(), 150);
  EXPECT_EQ(table->sizeInBytes(),
            static_cast<int64_t>(numbers(0, 100)->bytes() + numbers(100, 50)->bytes()));
  EXPECT_EQ(table->batches().size(), 2u);
}

TEST(StorageTableTest, SmallTableGetsOnePartitionPerThread) {
  std::vector<BatchPtr> batches;
  for (int i = 0; i < 8; ++i) batches.push_back(numbers(i * 2048, 2048));
  PartitionLayout layout;
  layout.threads = 4;
  auto table = ColumnarTable::make(kTypes, batches, layout);
  ASSERT_EQ(table->partitions().size(), 4u);
  for (const TablePartition& partition : table->partitions()) EXPECT_EQ(partition.rows, 4096);
  // Rows keep their order across partitions.
  std::vector<int32_t> values = column0(*table);
  ASSERT_EQ(values.size(), 8u * 2048);
  for (size_t i = 0; i < values.size(); ++i) ASSERT_EQ(values[i], static_cast<int32_t>(i));
}

TEST(StorageTableTest, LargeTableIsCutAtMaxPartitionBytes) {
  std::vector<BatchPtr> batches;
  for (int i = 0; i < 10; ++i) batches.push_back(numbers(i * 2048, 2048));
  PartitionLayout layout;
  layout.threads = 1;
  layout.max_partition_bytes = static_cast<int64_t>(batches[0]->bytes()) * 2;
  auto table = ColumnarTable::make(kTypes, batches, layout);
  int64_t total = table->sizeInBytes(), largest_batch = 0;
  for (const BatchPtr& batch : batches)
    largest_batch = std::max(largest_batch, static_cast<int64_t>(batch->bytes()));
  EXPECT_EQ(static_cast<int64_t>(table->partitions().size()),
            (total + layout.max_partition_bytes - 1) / layout.max_partition_bytes);
  for (const TablePartition& partition : table->partitions()) {
    // A batch is never cut, so a partition may exceed the target by less than one batch.
    EXPECT_LE(partition.bytes, layout.max_partition_bytes + largest_batch);
    EXPECT_GE(partition.batches.size(), 1u);
  }
}

TEST(StorageTableTest, FewerBatchesThanThreadsGiveOnePartitionPerBatch) {
  PartitionLayout layout;
  layout.threads = 16;
  auto table = ColumnarTable::make(kTypes, {numbers(0, 10), numbers(10, 10)}, layout);
  EXPECT_EQ(table->partitions().size(), 2u);
  auto empty = ColumnarTable::make(kTypes, {}, layout);
  EXPECT_EQ(empty->partitions().size(), 0u);
  EXPECT_EQ(empty->rowCount(), 0);
}

TEST(StorageTableTest, PartitionLayoutFollowsSettings) {
  Config config;
  ASSERT_TRUE(config.set("planck.executor.threads", "3").ok());
  ASSERT_TRUE(config.set("spark.sql.files.maxPartitionBytes", "1m").ok());
  PartitionLayout layout = partitionLayout(config);
  EXPECT_EQ(layout.threads, 3u);
  EXPECT_EQ(layout.max_partition_bytes, 1 << 20);
  ASSERT_TRUE(config.set("planck.executor.threads", "0").ok());
  EXPECT_GE(partitionLayout(config).threads, 1u);
}

TEST(StorageTableTest, AppendMakesANewVersionAndKeepsTheOld) {
  auto first = ColumnarTable::make(kTypes, {numbers(0, 3)}, {});
  auto second = first->appended({numbers(3, 2)}, {});
  EXPECT_EQ(first->rowCount(), 3);
  EXPECT_EQ(second->rowCount(), 5);
  EXPECT_EQ(column0(*first), (std::vector<int32_t>{0, 1, 2}));
  EXPECT_EQ(column0(*second), (std::vector<int32_t>{0, 1, 2, 3, 4}));
  // Small inserts are merged into one batch rather than piling up.
  EXPECT_EQ(second->batches().size(), 1u);
  EXPECT_EQ(second->batches()[0]->columns[1]->string(4), "row4");
}

TEST(StorageTableTest, AppendSharesFullBatches) {
  BatchPtr full = numbers(0, kBatchRows);
  auto first = ColumnarTable::make(kTypes, {full}, {});
  auto second = first->appended({numbers(2048, 10)}, {});
  ASSERT_EQ(second->batches().size(), 2u);
  EXPECT_EQ(second->batches()[0].get(), full.get());
}

TEST(StorageTableTest, RechunkFillsBatchesAndKeepsNulls) {
  auto batch = std::make_shared<Batch>();
  batch->rows = 2000;
  auto ints = Vector::make(DataType::integer(), 2000);
  ints->setNull(1999);
  auto texts = Vector::make(DataType::varchar(), 0);
  for (int i = 0; i < 2000; ++i) {
    if (i == 5) {
      texts->appendNull();
    } else {
      texts->appendString("x");
    }
  }
  batch->columns = {ints, texts};
  std::vector<BatchPtr> chunks = rechunkBatches(kTypes, {batch, batch});
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0]->rows, kBatchRows);
  EXPECT_EQ(chunks[1]->rows, 4000 - kBatchRows);
  EXPECT_TRUE(chunks[0]->columns[0]->isNull(1999));
  EXPECT_FALSE(chunks[0]->columns[0]->isNull(2000));
  EXPECT_TRUE(chunks[0]->columns[1]->isNull(5));
  EXPECT_TRUE(chunks[0]->columns[1]->isNull(2005));
  EXPECT_TRUE(chunks[1]->columns[0]->isNull(1999 + 2000 - kBatchRows));
}

TEST(StorageTableTest, CatalogSlotSwapsWholeVersionsAndRefreshesStatistics) {
  CatalogTable table("t", {{"a", DataType::integer(), true}, {"b", DataType::varchar(), true}});
  EXPECT_EQ(table.data(), nullptr);
  EXPECT_FALSE(table.statistics().row_count.has_value());
  auto first = ColumnarTable::make(kTypes, {numbers(0, 3)}, {});
  table.setData(first);
  TableDataPtr reader = table.data();  // a query that started on the first version
  EXPECT_EQ(*table.statistics().row_count, 3);
  EXPECT_EQ(*table.statistics().size_in_bytes, first->sizeInBytes());
  EXPECT_FALSE(table.statistics().stale);
  table.statistics().columns["a"].distinct_count = 3;
  table.setData(first->appended({numbers(3, 4)}, {}));
  EXPECT_EQ(reader->rowCount(), 3);
  EXPECT_EQ(table.data()->rowCount(), 7);
  EXPECT_EQ(*table.statistics().row_count, 7);
  EXPECT_TRUE(table.statistics().stale);  // the column statistics describe the old rows
}

TEST(StorageTableTest, ReadersOnOtherThreadsSeeWholeVersions) {
  CatalogTable table("t", {{"a", DataType::integer(), true}, {"b", DataType::varchar(), true}});
  table.setData(ColumnarTable::make(kTypes, {numbers(0, 1)}, {}));
  std::atomic<bool> done = false;
  std::atomic<int> bad = 0;
  std::thread reader([&] {
    while (!done) {
      TableDataPtr data = table.data();
      const auto& columnar = static_cast<const ColumnarTable&>(*data);
      if (static_cast<int64_t>(column0(columnar).size()) != data->rowCount()) ++bad;
    }
  });
  auto current = ColumnarTable::make(kTypes, {numbers(0, 1)}, {});
  for (int i = 1; i < 200; ++i) {
    current = current->appended({numbers(i, 1)}, {});
    table.setData(current);
  }
  done = true;
  reader.join();
  EXPECT_EQ(bad, 0);
  EXPECT_EQ(table.data()->rowCount(), 200);
}

}  // namespace
}  // namespace planck
