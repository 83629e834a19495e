// CALL dbgen's speed: lineitem rows generated per second (all eight tables are generated and
// replace the catalog's tables, as CALL dbgen does; the rate counts lineitem rows, the figure the
// issue sets: at least 1M rows/s), on one thread and on all, and COPY's load speed on a generated
// .tbl file.
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>

#include "benchmark/benchmark.h"
#include "catalog/catalog.h"
#include "runtime/columnar_table.h"
#include "runtime/loaders/table_loader.h"
#include "runtime/tpch/tpch_tables.h"

namespace planck {
namespace {

// CPU seconds of the whole process (every thread, user and system).
double processCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The process's resident memory now, in MB (/proc/self/statm's second field, in pages).
double residentMegabytes() {
  std::ifstream statm("/proc/self/statm");
  double size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e6;
}

// The catalogs of BM_Dbgen's runs, kept until the process ends (about 135 MB per sf 0.1 run,
// 1.3 GB per sf 1 run): freed memory would be handed to the next run or benchmark already
// mapped, and it would not pay for the page faults a first CALL dbgen pays.
std::vector<std::unique_ptr<Catalog>>& keptCatalogs() {
  static auto* kept = new std::vector<std::unique_ptr<Catalog>>();
  return *kept;
}

// CALL dbgen(sf = range(0) / 100) on range(1) threads (0: every core), wall time. With
// range(2) = 1 (BM_Dbgen), each run fills a catalog of its own, kept (keptCatalogs): every run
// writes fresh memory, as a first CALL dbgen in a process does. With range(2) = 0
// (BM_DbgenWarmMemory), each run's tables are freed before the next, so the allocator hands back
// memory the kernel has already mapped: the generator's own work, without the page faults that
// are a large part of the cost on a VM (docs/loading-data.md, "Where the time went").
void runDbgenBenchmark(benchmark::State& state) {
  DbgenOptions options;
  options.scale_factor = static_cast<double>(state.range(0)) / 100;
  options.threads = state.range(1) == 0 ? std::thread::hardware_concurrency()
                                        : static_cast<size_t>(state.range(1));
  const bool fresh_memory = state.range(2) != 0;
  PartitionLayout layout;
  layout.threads = options.threads;
  int64_t rows = 0, table_bytes = 0;
  double cpu_seconds = 0;
  double resident_before = residentMegabytes();
  for (auto _ : state) {
    double cpu_before = processCpuSeconds();
    auto catalog = std::make_unique<Catalog>();
    auto generated = runDbgen(*catalog, options, layout);
    if (!generated.ok()) state.SkipWithError("dbgen failed");
    rows += catalog->find("lineitem")->data()->rowCount();
    for (const char* table :
         {"region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"})
      table_bytes += catalog->find(table)->data()->sizeInBytes();
    cpu_seconds += processCpuSeconds() - cpu_before;
    if (fresh_memory) keptCatalogs().push_back(std::move(catalog));
  }
  state.SetItemsProcessed(rows);
  state.counters["lineitem_rows/s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
  // Rows per CPU second (all threads, user and system): less sensitive to the machine's load.
  state.counters["lineitem_rows/cpu_s"] = static_cast<double>(rows) / cpu_seconds;
  // The tables' bytes, and the memory a run takes when runs are kept (resident memory then grows
  // by one run's worth each time): the difference is the allocator's slack.
  auto runs = static_cast<double>(state.iterations());
  state.counters["table_MB"] = static_cast<double>(table_bytes) / 1e6 / runs;
  if (fresh_memory) {
    state.counters["resident_MB"] = (residentMegabytes() - resident_before) / runs;
  }
}

void BM_Dbgen(benchmark::State& state) { runDbgenBenchmark(state); }
// sf 0.1 (600K lineitem rows), three runs, and sf 1 (6M lineitem rows), one run; on 1 thread
// and on every core.
BENCHMARK(BM_Dbgen)
    ->Args({10, 1, 1})
    ->Args({10, 0, 1})
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Dbgen)
    ->Args({100, 1, 1})
    ->Args({100, 0, 1})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_DbgenWarmMemory(benchmark::State& state) { runDbgenBenchmark(state); }
BENCHMARK(BM_DbgenWarmMemory)
    ->Args({10, 1, 0})
    ->Iterations(10)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

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
