#include "runtime/tpch/tpch_tables.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <optional>
#include <thread>

#include "fmt/format.h"
#include "logical/value.h"
#include "runtime/columnar_table.h"
#include "runtime/tpch/huge_pages.h"
#include "runtime/tpch/text_pools.h"
#include "runtime/tpch/zipf.h"

namespace planck {
namespace {

using tpch::RowRandom;
using tpch::TextPool;
using tpch::ZipfSampler;

// One stream per table: a row's values depend only on (table, row). The skewed keys have streams
// of their own (a Zipf draw takes a varying number of values), keyed by (table, column, row).
enum Seed : uint64_t {
  kRegionSeed = 0x5245,
  kNationSeed = 0x4e41,
  kPartSeed = 0x5041,
  kSupplierSeed = 0x5355,
  kPartSuppSeed = 0x5053,
  kCustomerSeed = 0x4355,
  kOrdersSeed = 0x4f52,
  kOrderCustomerSeed = 0x4f43,
  kLinePartSeed = 0x4c50,
};

// Clause 4.2.3's dates.
const int32_t kStartDate = daysFromCivil(1992, 1, 1);
const int32_t kCurrentDate = daysFromCivil(1995, 6, 17);
const int32_t kEndDate = daysFromCivil(1998, 12, 31);

// Orders and parts are generated in tasks of this many rows (a multiple of kBatchRows).
constexpr int64_t kTaskRows = 8 * static_cast<int64_t>(kBatchRows);

std::vector<DataType> schemaTypes(const std::string& table) {
  static const Catalog catalog = [] {
    Catalog tpch;
    addTpchSchema(tpch);
    return tpch;
  }();
  std::vector<DataType> types;
  for (const Column& column : catalog.find(table)->columns()) types.push_back(column.type);
  return types;
}

// What a string column's values take, in bytes: on average and at most.
struct TextWidth {
  double mean = 0;
  size_t longest = 0;
};

// The columns of one batch being written, row by row.
class BatchWriter {
 public:
  // `widths[c]`: the width of string column c (fixed-width columns: {}), from which its bytes
  // are reserved once per batch. A batch's bytes are a sum of `rows` independent lengths: about
  // rows × mean, with a standard deviation of sqrt(rows) × σ, where σ ≤ (longest − mean) / √3 for
  // the uniform lengths and picks used here. Four standard deviations above the mean are
  // exceeded by about 1 batch in 30,000, which then grows its buffer (a copy, still correct).
  // Reserving the longest instead would leave a third of the reserved bytes unused: memory the
  // table keeps, and that the kernel zeroes when it is backed by huge pages
  // (runtime/tpch/huge_pages.h).
  BatchWriter(const std::vector<DataType>& types, std::vector<TextWidth> widths)
      : types_(types), widths_(std::move(widths)) {
    start();
  }

  bool full() const { return rows_ == kBatchRows; }
  size_t row() const { return rows_; }
  template <class T>
  void set(size_t column, T value) {
    vectors_[column]->values<T>()[rows_] = value;
  }
  void text(size_t column, std::string_view value) { vectors_[column]->appendString(value); }
  // Ends the row; a full batch moves to `out`.
  void endRow(std::vector<BatchPtr>& out) {
    if (++rows_ == kBatchRows) flush(out);
  }
  // Moves a partial batch to `out`, cut to its rows.
  void flush(std::vector<BatchPtr>& out) {
    if (rows_ == 0) return;
    auto batch = std::make_shared<Batch>();
    batch->rows = rows_;
    std::vector<uint32_t> prefix;
    for (size_t c = 0; c < types_.size(); ++c) {
      VectorPtr vector = vectors_[c];
      if (!types_[c].storedAsBytes() && rows_ < kBatchRows) {
        if (prefix.empty()) {
          prefix.resize(rows_);
          for (uint32_t i = 0; i < rows_; ++i) prefix[i] = i;
        }
        vector = gather(*vector, prefix.data(), rows_);
      }
      batch->columns.push_back(std::move(vector));
    }
    out.push_back(std::move(batch));
    start();
  }

 private:
  void start() {
    rows_ = 0;
    vectors_.clear();
    for (size_t c = 0; c < types_.size(); ++c) {
      const DataType& type = types_[c];
      if (type.storedAsBytes()) {
        TextWidth width = c < widths_.size() ? widths_[c] : TextWidth{16, 16};
        const auto rows = static_cast<double>(kBatchRows);
        double spread = (static_cast<double>(width.longest) - width.mean) / std::sqrt(3.0);
        double bytes = rows * width.mean + 4 * std::sqrt(rows) * spread;
        auto vector = Vector::make(type, 0);
        vector->reserve(kBatchRows, static_cast<size_t>(std::ceil(bytes)));
        vectors_.push_back(std::move(vector));
      } else {
        vectors_.push_back(Vector::make(type, kBatchRows));
      }
    }
  }

  const std::vector<DataType>& types_;
  std::vector<TextWidth> widths_;
  std::vector<VectorPtr> vectors_;
  size_t rows_ = 0;
};

struct Scale {
  double sf;
  TpchRowCounts counts;
  // With skew: l_partkey's Zipf over [1, parts], o_custkey's over the ordering customers' ranks.
  std::optional<ZipfSampler> part_zipf, customer_zipf;
};

// p_retailprice in cents (clause 4.2.3).
int64_t retailPriceCents(int64_t partkey) {
  return 90000 + ((partkey / 10) % 20001) + 100 * (partkey % 1000);
}

// The i-th (0..3) supplier of a part (clause 4.2.3, PS_SUPPKEY).
int32_t partSupplier(int64_t partkey, int64_t i, int64_t suppliers) {
  return static_cast<int32_t>(
      (partkey + i * (suppliers / 4 + (partkey - 1) / suppliers)) % suppliers + 1);
}

// Clause 4.2.3: order keys are sparse, the first 8 of every 32.
int32_t orderKey(int64_t index) { return static_cast<int32_t>((index / 8) * 32 + index % 8 + 1); }

// Writes `value` as exactly `width` decimal digits (zero-padded) at `out`; returns the end.
// Formatting by hand: fmt's format-string parsing was a tenth of the orders' time.
char* writeDigits(char* out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

// "CC-ddd-ddd-dddd", CC = nation + 10 (clause 4.2.2.9), written into `buffer` (16 bytes).
std::string_view phone(RowRandom& random, int32_t nation, char* buffer) {
  char* out = writeDigits(buffer, nation + 10, 2);
  *out++ = '-';
  out = writeDigits(out, random.uniform(100, 999), 3);
  *out++ = '-';
  out = writeDigits(out, random.uniform(100, 999), 3);
  *out++ = '-';
  out = writeDigits(out, random.uniform(1000, 9999), 4);
  return std::string_view(buffer, out - buffer);
}

// An account balance in cents, -999.99 to 9999.99.
int64_t balance(RowRandom& random) { return random.uniform(-99999, 999999); }

// "Prefix#000000042" (clause 4.2.3: the key in nine digits), written into `buffer` (32 bytes)
// rather than a new string: orders write one clerk per row.
std::string_view keyed(std::string_view prefix, int64_t key, char* buffer) {
  std::memcpy(buffer, prefix.data(), prefix.size());
  char* out = buffer + prefix.size();
  *out++ = '#';
  out = writeDigits(out, key, 9);
  return std::string_view(buffer, out - buffer);
}

void region(std::vector<BatchPtr>& out) {
  static const std::vector<DataType> types = schemaTypes("region");
  BatchWriter writer(types, {{}, {6.8, 11}, {73, 115}});
  for (int32_t key = 0; key < 5; ++key) {
    RowRandom random(kRegionSeed, static_cast<uint64_t>(key));
    writer.set<int32_t>(0, key);
    writer.text(1, tpch::kRegions[key]);
    writer.text(2, TextPool::instance().comment(random, 31, 115));
    writer.endRow(out);
  }
  writer.flush(out);
}

void nation(std::vector<BatchPtr>& out) {
  static const std::vector<DataType> types = schemaTypes("nation");
  BatchWriter writer(types, {{}, {7.1, 14}, {}, {72.5, 114}});
  for (int32_t key = 0; key < 25; ++key) {
    RowRandom random(kNationSeed, static_cast<uint64_t>(key));
    writer.set<int32_t>(0, key);
    writer.text(1, tpch::kNations[key].name);
    writer.set<int32_t>(2, tpch::kNations[key].region);
    writer.text(3, TextPool::instance().comment(random, 31, 114));
    writer.endRow(out);
  }
  writer.flush(out);
}

// Parts [first, first + count) (0-based) and their four partsupp rows each.
void parts(const Scale& scale, int64_t first, int64_t count, std::vector<BatchPtr>& part_out,
           std::vector<BatchPtr>& partsupp_out) {
  static const std::vector<DataType> part_types = schemaTypes("part");
  static const std::vector<DataType> partsupp_types = schemaTypes("partsupp");
  BatchWriter part(part_types,
                   {{}, {33.5, 55}, {14, 14}, {8, 8}, {20.6, 25}, {}, {7.6, 10}, {}, {13.5, 22}});
  BatchWriter partsupp(partsupp_types, {{}, {}, {}, {}, {123.5, 198}});
  const TextPool& pool = TextPool::instance();
  std::string text;
  for (int64_t index = first; index < first + count; ++index) {
    int64_t key = index + 1;
    RowRandom random(kPartSeed, static_cast<uint64_t>(key));
    part.set<int32_t>(0, static_cast<int32_t>(key));
    text.clear();
    for (int word = 0; word < 5; ++word) {
      if (word > 0) text += ' ';
      text += random.pick(tpch::kColors);
    }
    part.text(1, text);
    int64_t manufacturer = random.uniform(1, 5);
    char digits[2] = {static_cast<char>('0' + manufacturer)};
    text.assign("Manufacturer#").append(digits, 1);
    part.text(2, text);
    digits[1] = static_cast<char>('0' + random.uniform(1, 5));
    text.assign("Brand#").append(digits, 2);
    part.text(3, text);
    text.assign(random.pick(tpch::kTypeSyllable1)).append(" ");
    text.append(random.pick(tpch::kTypeSyllable2)).append(" ");
    text.append(random.pick(tpch::kTypeSyllable3));
    part.text(4, text);
    part.set<int32_t>(5, static_cast<int32_t>(random.uniform(1, 50)));
    text.assign(random.pick(tpch::kContainerSyllable1)).append(" ");
    text.append(random.pick(tpch::kContainerSyllable2));
    part.text(6, text);
    part.set<int64_t>(7, retailPriceCents(key));
    part.text(8, pool.comment(random, 5, 22));
    part.endRow(part_out);
    for (int64_t i = 0; i < 4; ++i) {
      RowRandom supply(kPartSuppSeed, static_cast<uint64_t>(key * 4 + i));
      partsupp.set<int32_t>(0, static_cast<int32_t>(key));
      partsupp.set<int32_t>(1, partSupplier(key, i, scale.counts.supplier));
      partsupp.set<int32_t>(2, static_cast<int32_t>(supply.uniform(1, 9999)));
      partsupp.set<int64_t>(3, supply.uniform(100, 100000));
      partsupp.text(4, pool.comment(supply, 49, 198));
      partsupp.endRow(partsupp_out);
    }
  }
  part.flush(part_out);
  partsupp.flush(partsupp_out);
}

void suppliers(const Scale& scale, std::vector<BatchPtr>& out) {
  static const std::vector<DataType> types = schemaTypes("supplier");
  BatchWriter writer(types, {{}, {18, 18}, {25, 40}, {}, {15, 15}, {}, {62.5, 119}});
  const TextPool& pool = TextPool::instance();
  std::string text;
  char buffer[32];
  for (int64_t key = 1; key <= scale.counts.supplier; ++key) {
    RowRandom random(kSupplierSeed, static_cast<uint64_t>(key));
    writer.set<int32_t>(0, static_cast<int32_t>(key));
    writer.text(1, keyed("Supplier", key, buffer));
    tpch::randomAddress(random, 10, 40, text);
    writer.text(2, text);
    auto nation_key = static_cast<int32_t>(random.uniform(0, 24));
    writer.set<int32_t>(3, nation_key);
    writer.text(4, phone(random, nation_key, buffer));
    writer.set<int64_t>(5, balance(random));
    text = std::string(pool.comment(random, 25, 100));
    // About 5 in 10,000 suppliers have complaints and 5 recommendations (clause 4.2.3),
    // which Q16 looks for.
    uint64_t remark = random.next() % 2000;
    if (remark < 2) {
      std::string_view what = remark == 0 ? "Complaints" : "Recommends";
      size_t at = random.next() % (text.size() / 2 + 1);
      text = text.substr(0, at) + "Customer " + text.substr(at, 8) + std::string(what) +
             text.substr(std::min(text.size(), at + 8));
    }
    writer.text(6, text);
    writer.endRow(out);
  }
  writer.flush(out);
}

void customers(const Scale& scale, std::vector<BatchPtr>& out) {
  static const std::vector<DataType> types = schemaTypes("customer");
  BatchWriter writer(types, {{}, {18, 18}, {25, 40}, {}, {15, 15}, {}, {9, 10}, {72.5, 116}});
  const TextPool& pool = TextPool::instance();
  std::string text;
  char buffer[32];
  for (int64_t key = 1; key <= scale.counts.customer; ++key) {
    RowRandom random(kCustomerSeed, static_cast<uint64_t>(key));
    writer.set<int32_t>(0, static_cast<int32_t>(key));
    writer.text(1, keyed("Customer", key, buffer));
    tpch::randomAddress(random, 10, 40, text);
    writer.text(2, text);
    auto nation_key = static_cast<int32_t>(random.uniform(0, 24));
    writer.set<int32_t>(3, nation_key);
    writer.text(4, phone(random, nation_key, buffer));
    writer.set<int64_t>(5, balance(random));
    writer.text(6, random.pick(tpch::kSegments));
    writer.text(7, pool.comment(random, 29, 116));
    writer.endRow(out);
  }
  writer.flush(out);
}

// Orders [first, first + count) (0-based) and their 1 to 7 lineitems each.
void orders(const Scale& scale, int64_t first, int64_t count, std::vector<BatchPtr>& orders_out,
            std::vector<BatchPtr>& lineitem_out, std::atomic<int64_t>& lines_done) {
  static const std::vector<DataType> order_types = schemaTypes("orders");
  static const std::vector<DataType> line_types = schemaTypes("lineitem");
  BatchWriter order(order_types, {{}, {}, {1, 1}, {}, {}, {8.4, 15}, {15, 15}, {}, {48.5, 78}});
  BatchWriter line(
      line_types,
      {{}, {}, {}, {}, {}, {}, {}, {}, {1, 1}, {1, 1}, {}, {}, {}, {12, 17}, {4.3, 7}, {26.5, 43}});
  const TextPool& pool = TextPool::instance();
  const int64_t customers = scale.counts.customer;
  // Customers with a key divisible by 3 place no orders (clause 4.2.3).
  const int64_t ordering_customers = customers - customers / 3;
  const int64_t clerks = std::max<int64_t>(1, static_cast<int64_t>(scale.sf * 1000));
  const int64_t parts = scale.counts.part, suppliers = scale.counts.supplier;
  int64_t lines = 0;
  char buffer[32];
  for (int64_t index = first; index < first + count; ++index) {
    RowRandom random(kOrdersSeed, static_cast<uint64_t>(index));
    int32_t key = orderKey(index);
    // `pick` ranks the ordering customers (keys 1, 2, 4, 5, 7, ...): with skew, rank 0 (key 1)
    // is the most frequent. The uniform draw is made with skew too, so that the row's later draws
    // stay those of the uniform data; the same goes for l_partkey's below.
    int64_t pick = random.uniform(0, ordering_customers - 1);
    if (scale.customer_zipf) {
      RowRandom skewed(kOrderCustomerSeed, static_cast<uint64_t>(index));
      pick = scale.customer_zipf->draw(skewed) - 1;
    }
    auto customer = static_cast<int32_t>(pick / 2 * 3 + pick % 2 + 1);
    auto order_date = static_cast<int32_t>(random.uniform(kStartDate, kEndDate - 151));
    int64_t line_count = random.uniform(1, 7);
    int64_t total_cents = 0;
    int shipped = 0;
    for (int64_t number = 1; number <= line_count; ++number) {
      int64_t partkey = random.uniform(1, parts);
      if (scale.part_zipf) {
        RowRandom skewed(kLinePartSeed, static_cast<uint64_t>(index * 8 + number));
        partkey = scale.part_zipf->draw(skewed);
      }
      int64_t quantity = random.uniform(1, 50);
      int64_t discount = random.uniform(0, 10), tax = random.uniform(0, 8);
      int64_t extended = quantity * retailPriceCents(partkey);
      auto ship = static_cast<int32_t>(order_date + random.uniform(1, 121));
      auto commit = static_cast<int32_t>(order_date + random.uniform(30, 90));
      auto receipt = static_cast<int32_t>(ship + random.uniform(1, 30));
      line.set<int32_t>(0, key);
      line.set<int32_t>(1, static_cast<int32_t>(partkey));
      line.set<int32_t>(2, partSupplier(partkey, random.uniform(0, 3), suppliers));
      line.set<int32_t>(3, static_cast<int32_t>(number));
      line.set<int64_t>(4, quantity * 100);
      line.set<int64_t>(5, extended);
      line.set<int64_t>(6, discount);
      line.set<int64_t>(7, tax);
      uint64_t bits = random.next();
      line.text(8, receipt <= kCurrentDate ? ((bits & 1) != 0 ? "R" : "A") : "N");
      bool open = ship > kCurrentDate;
      line.text(9, open ? "O" : "F");
      shipped += open ? 0 : 1;
      line.set<int32_t>(10, ship);
      line.set<int32_t>(11, commit);
      line.set<int32_t>(12, receipt);
      line.text(13, tpch::kInstructions[(bits >> 8) % std::size(tpch::kInstructions)]);
      line.text(14, tpch::kShipModes[(bits >> 16) % std::size(tpch::kShipModes)]);
      line.text(15, pool.comment(random, 10, 43));
      line.endRow(lineitem_out);
      // extendedprice × (1 + tax) × (1 − discount), rounded to cents.
      total_cents += (extended * (100 + tax) * (100 - discount) + 5000) / 10000;
    }
    lines += line_count;
    order.set<int32_t>(0, key);
    order.set<int32_t>(1, customer);
    order.text(2, shipped == line_count ? "F" : shipped == 0 ? "O" : "P");
    order.set<int64_t>(3, total_cents);
    order.set<int32_t>(4, order_date);
    order.text(5, random.pick(tpch::kPriorities));
    order.text(6, keyed("Clerk", random.uniform(1, clerks), buffer));
    order.set<int32_t>(7, 0);
    order.text(8, pool.comment(random, 19, 78));
    order.endRow(orders_out);
    if (lines >= 4096) {
      lines_done += lines;
      lines = 0;
    }
  }
  lines_done += lines;
  order.flush(orders_out);
  line.flush(lineitem_out);
}

}  // namespace

TpchRowCounts tpchRowCounts(double sf) {
  auto scaled = [&](int64_t base) {
    // The epsilon keeps 0.57 × 150000 at 85500 although the product is 85499.99999999999.
    return std::max<int64_t>(
        1, static_cast<int64_t>(std::floor(static_cast<double>(base) * sf + 1e-6)));
  };
  TpchRowCounts counts;
  counts.part = scaled(200000);
  counts.supplier = scaled(10000);
  counts.partsupp = counts.part * 4;
  counts.customer = scaled(150000);
  counts.orders = scaled(1500000);
  counts.nation = 25;
  counts.region = 5;
  return counts;
}

absl::StatusOr<std::vector<GeneratedTable>> generateTpch(const DbgenOptions& options) {
  double sf = options.scale_factor;
  // Order keys reach 4 × orders; INTEGER keys bound the scale factor.
  if (!(sf > 0) || sf > 300) {
    return absl::InvalidArgumentError(
        fmt::format("dbgen: the scale factor must be above 0 and at most 300, got {}", sf));
  }
  double skew = options.skew;
  if (std::isnan(skew)) return absl::InvalidArgumentError("dbgen: skew must be a number, got NaN");
  if (skew < 0) {
    return absl::InvalidArgumentError(fmt::format(
        "dbgen: skew (the Zipf exponent) must be 0 or more, got {}; 0 is uniform data", skew));
  }
  if (skew > kMaxDbgenSkew) {
    return absl::InvalidArgumentError(fmt::format(
        "dbgen: skew (the Zipf exponent) must be at most {}, got {}", kMaxDbgenSkew, skew));
  }
  Scale scale{sf, tpchRowCounts(sf), std::nullopt, std::nullopt};
  if (skew > 0) {
    const int64_t customers = scale.counts.customer;
    scale.part_zipf.emplace(scale.counts.part, skew);
    scale.customer_zipf.emplace(customers - customers / 3, skew);
  }
  // The columns are fresh memory; huge pages take most of the cost of first touching it.
  tpch::ScopedHugePages huge_pages;
  (void)TextPool::instance();  // built once, before the tasks share it

  // Tasks write into their own slots; slots are concatenated in order, so the result does not
  // depend on which thread ran what.
  struct Slot {
    std::vector<BatchPtr> first, second;
  };
  std::vector<std::function<void(Slot&)>> tasks;
  std::atomic<int64_t> rows_done = 0, lines_done = 0;
  tasks.push_back([&](Slot& slot) {
    region(slot.first);
    nation(slot.second);
    rows_done += 30;
  });
  tasks.push_back([&](Slot& slot) {
    suppliers(scale, slot.first);
    customers(scale, slot.second);
    rows_done += scale.counts.supplier + scale.counts.customer;
  });
  size_t part_tasks_begin = tasks.size();
  for (int64_t first = 0; first < scale.counts.part; first += kTaskRows) {
    int64_t count = std::min(kTaskRows, scale.counts.part - first);
    tasks.push_back([&, first, count](Slot& slot) {
      parts(scale, first, count, slot.first, slot.second);
      rows_done += count * 5;
    });
  }
  size_t order_tasks_begin = tasks.size();
  for (int64_t first = 0; first < scale.counts.orders; first += kTaskRows) {
    int64_t count = std::min(kTaskRows, scale.counts.orders - first);
    tasks.push_back([&, first, count](Slot& slot) {
      orders(scale, first, count, slot.first, slot.second, lines_done);
      rows_done += count;
    });
  }
  std::vector<Slot> slots(tasks.size());
  std::atomic<size_t> next_task = 0;
  size_t threads = std::clamp<size_t>(options.threads, 1, tasks.size());
  std::vector<std::thread> workers;
  std::atomic<size_t> running = threads;
  for (size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (size_t i = next_task++; i < tasks.size(); i = next_task++) tasks[i](slots[i]);
      --running;
    });
  }
  const int64_t expected = 30 + scale.counts.supplier + scale.counts.customer +
                           scale.counts.part * 5 + scale.counts.orders * 5;
  // Progress is reported from the calling thread only, so a callback that draws on a terminal
  // needs no locking.
  while (options.progress && running > 0) {
    options.progress(std::min(expected, rows_done + lines_done), expected);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (std::thread& worker : workers) worker.join();
  if (options.progress) options.progress(expected, expected);

  std::vector<GeneratedTable> tables(8);
  const char* names[] = {"region", "nation",   "supplier", "customer",
                         "part",   "partsupp", "orders",   "lineitem"};
  for (size_t t = 0; t < 8; ++t) tables[t].name = names[t];
  auto take = [](std::vector<BatchPtr>& from, GeneratedTable& to) {
    for (BatchPtr& batch : from) to.batches.push_back(std::move(batch));
  };
  take(slots[0].first, tables[0]);
  take(slots[0].second, tables[1]);
  take(slots[1].first, tables[2]);
  take(slots[1].second, tables[3]);
  for (size_t i = part_tasks_begin; i < order_tasks_begin; ++i) {
    take(slots[i].first, tables[4]);
    take(slots[i].second, tables[5]);
  }
  for (size_t i = order_tasks_begin; i < slots.size(); ++i) {
    take(slots[i].first, tables[6]);
    take(slots[i].second, tables[7]);
  }
  return tables;
}

absl::StatusOr<int64_t> runDbgen(Catalog& catalog, const DbgenOptions& options,
                                 const PartitionLayout& layout) {
  auto tables = generateTpch(options);
  if (!tables.ok()) return tables.status();
  // Only now, with every row generated, are the tables replaced.
  addTpchSchema(catalog);
  int64_t rows = 0;
  for (GeneratedTable& table : *tables) {
    auto entry = catalog.find(table.name);
    replaceRows(*entry, std::move(table.batches), layout);
    rows += entry->data()->rowCount();
  }
  return rows;
}

}  // namespace planck
