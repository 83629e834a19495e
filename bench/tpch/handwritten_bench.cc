// handwritten_bench: TPC-H Q1 and Q6 as hand-written C++ loops over the same columns planck's
// scans read (the loaded lineitem table's batches, partitions and threads as planck's tasks), the
// floor generated code is measured against (issue 6: compiled Q1 and Q6 within 1.5x of these).
//
//   handwritten_bench --data build/bench/tpch-sf1 [--threads 2] [--runs 5] [--json out.json]
//
// The loops do what a programmer would write for these queries and nothing more clever: a tight
// loop per partition, exact decimal arithmetic on the stored integers (DECIMAL(15,2) as cents,
// sums in 128 bits), Q1's groups in a small table indexed by the two one-character keys, and the
// partitions' results merged at the end. Each result is checked against planck's own answer to
// the query text, so both compute the same thing.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "bench/tpch/tpch_tables.h"
#include "fmt/format.h"
#include "runtime/columnar_table.h"
#include "session/session.h"

namespace planck {
namespace {

using int128 = __int128;

const ColumnarTable& lineitemOf(Session& session, std::vector<size_t>& columns,
                                const std::vector<std::string>& names) {
  std::shared_ptr<CatalogTable> table = *session.catalog().lookup("lineitem");
  for (const std::string& name : names) columns.push_back(*table->columnIndex(name));
  static ColumnarTablePtr data;
  data = columnarData(*table);
  return *data;
}

// Runs `task(partition)` for every partition on `threads` threads.
template <class Task>
void forEachPartition(size_t partitions, int threads, Task&& task) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (size_t p = next++; p < partitions; p = next++) task(p);
    });
  }
  for (std::thread& worker : workers) worker.join();
}

struct Q1Group {
  int128 quantity = 0, price = 0, disc_price = 0, charge = 0, discount = 0;
  int64_t count = 0;
};

// Q1: 16 bits of (returnflag, linestatus) index the groups of each partition.
std::vector<std::string> q1(const ColumnarTable& table, const std::vector<size_t>& c, int threads) {
  int32_t cutoff = 10471;  // 1998-12-01 - 90 days
  std::vector<std::vector<Q1Group>> partials(table.partitions().size(),
                                             std::vector<Q1Group>(1 << 16));
  forEachPartition(table.partitions().size(), threads, [&](size_t p) {
    std::vector<Q1Group>& groups = partials[p];
    for (const BatchPtr& batch : table.partitions()[p].batches) {
      const int64_t* quantity = batch->columns[c[0]]->values<int64_t>();
      const int64_t* price = batch->columns[c[1]]->values<int64_t>();
      const int64_t* discount = batch->columns[c[2]]->values<int64_t>();
      const int64_t* tax = batch->columns[c[3]]->values<int64_t>();
      const Vector& flag = *batch->columns[c[4]];
      const Vector& status = *batch->columns[c[5]];
      const int32_t* shipdate = batch->columns[c[6]]->values<int32_t>();
      const uint32_t* flag_offsets = flag.offsets();
      const uint32_t* status_offsets = status.offsets();
      for (size_t i = 0; i < batch->rows; ++i) {
        if (shipdate[i] > cutoff) continue;
        auto key = static_cast<size_t>(
            static_cast<uint8_t>(flag.chars()[flag_offsets[i]]) << 8 |
            static_cast<uint8_t>(status.chars()[status_offsets[i]]));
        Q1Group& g = groups[key];
        int64_t disc_price = price[i] * (100 - discount[i]);
        g.quantity += quantity[i];
        g.price += price[i];
        g.disc_price += disc_price;
        g.charge += static_cast<int128>(disc_price) * (100 + tax[i]);
        g.discount += discount[i];
        ++g.count;
      }
    }
  });
  std::vector<std::string> rows;
  for (size_t key = 0; key < (1 << 16); ++key) {
    Q1Group total;
    for (const auto& partial : partials) {
      const Q1Group& g = partial[key];
      total.quantity += g.quantity;
      total.price += g.price;
      total.disc_price += g.disc_price;
      total.charge += g.charge;
      total.discount += g.discount;
      total.count += g.count;
    }
    if (total.count == 0) continue;
    auto n = static_cast<double>(total.count);
    rows.push_back(fmt::format("{}{}|{}|{}|{}|{}|{:.6f}|{:.6f}|{:.6f}|{}",
                               static_cast<char>(key >> 8), static_cast<char>(key & 0xff),
                               static_cast<int64_t>(total.quantity),
                               static_cast<int64_t>(total.price),
                               static_cast<int64_t>(total.disc_price),
                               static_cast<int64_t>(total.charge),
                               static_cast<double>(total.quantity) / 100 / n,
                               static_cast<double>(total.price) / 100 / n,
                               static_cast<double>(total.discount) / 100 / n, total.count));
  }
  return rows;
}

// Q6: one sum of price * discount over the rows in the ranges.
std::vector<std::string> q6(const ColumnarTable& table, const std::vector<size_t>& c, int threads) {
  int32_t from = 8766, to = 9131;  // 1994-01-01, 1995-01-01
  std::vector<int128> partials(table.partitions().size(), 0);
  forEachPartition(table.partitions().size(), threads, [&](size_t p) {
    int128 sum = 0;
    for (const BatchPtr& batch : table.partitions()[p].batches) {
      const int64_t* quantity = batch->columns[c[0]]->values<int64_t>();
      const int64_t* price = batch->columns[c[1]]->values<int64_t>();
      const int64_t* discount = batch->columns[c[2]]->values<int64_t>();
      const int32_t* shipdate = batch->columns[c[3]]->values<int32_t>();
      for (size_t i = 0; i < batch->rows; ++i) {
        if (shipdate[i] >= from && shipdate[i] < to && discount[i] >= 5 && discount[i] <= 7 &&
            quantity[i] < 2400) {
          sum += price[i] * discount[i];
        }
      }
    }
    partials[p] = sum;
  });
  int128 total = 0;
  for (int128 partial : partials) total += partial;
  return {fmt::format("{}", static_cast<int64_t>(total))};
}

// planck's answer to the query, in the loops' format (decimals as unscaled integers).
std::vector<std::string> planckRows(Session& session, const std::string& sql) {
  auto execution = session.query(sql);
  const auto& result = (*execution)->executed();
  std::vector<std::string> rows;
  for (const auto& row : result->rows()) {
    std::string text;
    for (size_t i = 0; i < row.size(); ++i) {
      const Value& value = row[i];
      std::string cell = value.type().id() == TypeId::kDouble ? fmt::format("{:.6f}", value.asDouble())
                         : value.type().isDecimal()           ? std::to_string(value.asInt())
                                                              : value.toString();
      text += (i == 0 || (i == 1 && row.size() == 10) ? "" : "|") + cell;
    }
    rows.push_back(text);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

double medianOf(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

int run(const std::filesystem::path& data, int threads, int runs, const std::string& json) {
  std::unique_ptr<Session> session = Session::withTpchSchema();
  if (!session->run(fmt::format("SET planck.executor.threads = {}", threads)).ok()) return 1;
  if (absl::Status loaded = loadTpchTables(*session, data); !loaded.ok()) {
    std::cerr << "handwritten_bench: " << loaded << "\n";
    return 1;
  }
  struct Query {
    int number;
    std::vector<std::string> columns;
    std::function<std::vector<std::string>(const ColumnarTable&, const std::vector<size_t>&, int)>
        loop;
  };
  std::vector<Query> queries = {
      {1,
       {"l_quantity", "l_extendedprice", "l_discount", "l_tax", "l_returnflag", "l_linestatus",
        "l_shipdate"},
       q1},
      {6, {"l_quantity", "l_extendedprice", "l_discount", "l_shipdate"}, q6}};
  std::string out = "{\"engine\": \"handwritten\", \"queries\": [\n";
  bool failed = false;
  for (const Query& query : queries) {
    std::vector<size_t> columns;
    const ColumnarTable& table = lineitemOf(*session, columns, query.columns);
    std::vector<std::string> rows = query.loop(table, columns, threads);
    std::sort(rows.begin(), rows.end());
    std::ifstream file(std::filesystem::path(PLANCK_SHARED_DIR) / "tpch" / "queries" /
                       fmt::format("q{:02d}.sql", query.number));
    std::string sql((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    std::vector<std::string> expected = planckRows(*session, sql);
    bool same = rows == expected;
    failed = failed || !same;
    std::vector<double> times;
    for (int i = 0; i < runs + 1; ++i) {
      auto started = std::chrono::steady_clock::now();
      std::vector<std::string> again = query.loop(table, columns, threads);
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                            started)
                      .count();
      if (i > 0) times.push_back(ms);  // the first is a warm-up
    }
    std::cout << fmt::format("q{:02d} hand-written: {:.1f} ms (median of {}), {}\n", query.number,
                             medianOf(times), runs,
                             same ? "same rows as planck" : "ROWS DIFFER FROM PLANCK'S");
    if (!same) {
      for (const std::string& row : rows) std::cout << "  loop:   " << row << "\n";
      for (const std::string& row : expected) std::cout << "  planck: " << row << "\n";
    }
    out += fmt::format("  {{\"query\": \"q{:02d}\", \"median_ms\": {:.3f}, \"same_rows\": {}}}{}\n",
                       query.number, medianOf(times), same ? "true" : "false",
                       query.number == 6 ? "" : ",");
  }
  out += "]}\n";
  if (!json.empty()) std::ofstream(json) << out;
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace planck

int main(int argc, char** argv) {
  std::filesystem::path data = "build/bench/tpch-sf1";
  int threads = 2, runs = 5;
  std::string json;
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    bool has_value = i + 1 < argc;
    if (argument == "--data" && has_value) {
      data = argv[++i];
    } else if (argument == "--threads" && has_value) {
      threads = std::max(1, std::atoi(argv[++i]));
    } else if (argument == "--runs" && has_value) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (argument == "--json" && has_value) {
      json = argv[++i];
    } else {
      std::cerr << "usage: handwritten_bench [--data DIR] [--threads N] [--runs N] [--json FILE]\n";
      return 2;
    }
  }
  return planck::run(data, threads, runs, json);
}
