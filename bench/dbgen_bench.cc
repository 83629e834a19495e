// CALL dbgen's speed: lineitem rows generated per second (all eight tables are generated; the
// rate counts lineitem rows, the figure the issue sets: at least 1M rows/s), on one thread and
// on all, and COPY's load speed on a generated .tbl file.
#include <cstdio>
#include <fstream>
#include <thread>

#include "benchmark/benchmark.h"
#include "catalog/catalog.h"
#include "runtime/loaders/table_loader.h"
#include "runtime/tpch/tpch_tables.h"

namespace planck {
namespace {

int64_t lineitemRows(const std::vector<GeneratedTable>& tables) {
  int64_t rows = 0;
  for (const GeneratedTable& table : tables) {
    if (table.name != "lineitem") continue;
    for (const BatchPtr& batch : table.batches) rows += static_cast<int64_t>(batch->rows);
  }
  return rows;
}

void BM_Dbgen(benchmark::State& state) {
  DbgenOptions options;
  options.scale_factor = static_cast<double>(state.range(0)) / 100;
  options.threads = state.range(1) == 0 ? std::thread::hardware_concurrency()
                                        : static_cast<size_t>(state.range(1));
  int64_t rows = 0;
  for (auto _ : state) {
    auto tables = generateTpch(options);
    if (!tables.ok()) state.SkipWithError("dbgen failed");
    rows += lineitemRows(*tables);
  }
  state.SetItemsProcessed(rows);
  state.counters["lineitem_rows/s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
// sf 0.1 (600K lineitem rows) on 1 thread and on every core.
BENCHMARK(BM_Dbgen)->Args({10, 1})->Args({10, 0})->Unit(benchmark::kMillisecond)->UseRealTime();

// COPY of a lineitem .tbl file written from planck's own sf 0.1 data.
void BM_CopyLineitem(benchmark::State& state) {
  std::string path = "/tmp/planck_dbgen_bench_lineitem.tbl";
  {
    DbgenOptions options;
    options.scale_factor = 0.1;
    options.threads = std::thread::hardware_concurrency();
    auto tables = generateTpch(options);
    std::ofstream out(path);
    for (const GeneratedTable& table : *tables) {
      if (table.name != "lineitem") continue;
      for (const BatchPtr& batch : table.batches) {
        for (size_t row = 0; row < batch->rows; ++row) {
          for (const VectorPtr& column : batch->columns)
            out << column->valueAt(row).toString() << '|';
          out << '\n';
        }
      }
    }
  }
  std::ifstream in(path, std::ios::ate | std::ios::binary);
  auto bytes = static_cast<int64_t>(in.tellg());
  Catalog catalog;
  addTpchSchema(catalog);
  for (auto _ : state) {
    auto table = catalog.find("lineitem");
    table->setData(nullptr);
    auto loaded = copyFromFile(*table, {}, path, {}, {});
    if (!loaded.ok()) state.SkipWithError("COPY failed");
  }
  state.SetBytesProcessed(bytes * state.iterations());
  std::remove(path.c_str());
}
BENCHMARK(BM_CopyLineitem)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace planck

BENCHMARK_MAIN();
