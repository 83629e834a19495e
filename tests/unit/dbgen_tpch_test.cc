// planck's TPC-H generator: deterministic, the spec's row counts, keys that join, value domains;
// with skew, Zipf-distributed l_partkey and o_custkey.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "catalog/catalog.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "logical/value.h"
#include "runtime/columnar_table.h"
#include "runtime/tpch/tpch_tables.h"
#include "runtime/tpch/zipf.h"

namespace planck {
namespace {

std::map<std::string, std::vector<BatchPtr>> generate(double sf, size_t threads, double skew = 0) {
  DbgenOptions options;
  options.scale_factor = sf;
  options.skew = skew;
  options.threads = threads;
  auto tables = generateTpch(options);
  EXPECT_TRUE(tables.ok()) << tables.status();
  std::map<std::string, std::vector<BatchPtr>> byName;
  for (GeneratedTable& table : *tables) byName[table.name] = std::move(table.batches);
  return byName;
}

int64_t rows(const std::vector<BatchPtr>& batches) {
  int64_t count = 0;
  for (const BatchPtr& batch : batches) count += static_cast<int64_t>(batch->rows);
  return count;
}

// Every value of column `c` as int64 (INTEGER, DATE, DECIMAL unscaled).
std::vector<int64_t> ints(const std::vector<BatchPtr>& batches, size_t c) {
  std::vector<int64_t> values;
  for (const BatchPtr& batch : batches) {
    const Vector& column = *batch->columns[c];
    for (size_t i = 0; i < batch->rows; ++i) {
      values.push_back(storageWidth(column.type()) == 4 ? column.values<int32_t>()[i]
                                                        : column.values<int64_t>()[i]);
    }
  }
  return values;
}

std::set<std::string> strings(const std::vector<BatchPtr>& batches, size_t c) {
  std::set<std::string> values;
  for (const BatchPtr& batch : batches) {
    for (size_t i = 0; i < batch->rows; ++i)
      values.insert(std::string(batch->columns[c]->string(i)));
  }
  return values;
}

class DbgenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { tables_ = new auto(generate(0.01, 2)); }
  static void TearDownTestSuite() { delete tables_; }
  const std::vector<BatchPtr>& table(const std::string& name) { return (*tables_)[name]; }
  static std::map<std::string, std::vector<BatchPtr>>* tables_;
};
std::map<std::string, std::vector<BatchPtr>>* DbgenTest::tables_ = nullptr;

TEST_F(DbgenTest, RowCountsFollowTheScaleFactor) {
  EXPECT_EQ(rows(table("region")), 5);
  EXPECT_EQ(rows(table("nation")), 25);
  EXPECT_EQ(rows(table("part")), 2000);
  EXPECT_EQ(rows(table("supplier")), 100);
  EXPECT_EQ(rows(table("partsupp")), 8000);
  EXPECT_EQ(rows(table("customer")), 1500);
  EXPECT_EQ(rows(table("orders")), 15000);
  int64_t lines = rows(table("lineitem"));
  EXPECT_GT(lines, 15000 * 3.8);
  EXPECT_LT(lines, 15000 * 4.2);
  TpchRowCounts one = tpchRowCounts(1);
  EXPECT_EQ(one.orders, 1500000);
  EXPECT_EQ(one.partsupp, 800000);
  EXPECT_EQ(tpchRowCounts(0.1).customer, 15000);
  EXPECT_EQ(tpchRowCounts(0.57).customer, 85500);  // 0.57 × 150000 is 85499.99999999999
}

TEST_F(DbgenTest, SameScaleFactorGivesTheSameRowsWhateverTheThreads) {
  auto again = generate(0.01, 1);
  for (const auto& [name, batches] : again) {
    ASSERT_EQ(rows(batches), rows(table(name))) << name;
    EXPECT_EQ(ints(batches, 0), ints(table(name), 0)) << name;
  }
  EXPECT_EQ(strings(again["lineitem"], 15), strings(table("lineitem"), 15));
  EXPECT_EQ(ints(again["lineitem"], 5), ints(table("lineitem"), 5));
}

TEST_F(DbgenTest, KeysAreSparseAndJoin) {
  std::vector<int64_t> order_keys = ints(table("orders"), 0);
  std::set<int64_t> orders(order_keys.begin(), order_keys.end());
  EXPECT_EQ(orders.size(), order_keys.size());
  for (int64_t key : order_keys) EXPECT_LT((key - 1) % 32, 8) << key;  // 8 of every 32
  for (int64_t key : ints(table("lineitem"), 0)) ASSERT_TRUE(orders.count(key)) << key;
  for (int64_t key : ints(table("lineitem"), 1)) ASSERT_TRUE(key >= 1 && key <= 2000);
  // Every (l_partkey, l_suppkey) is a partsupp row.
  std::set<std::pair<int64_t, int64_t>> partsupp;
  auto ps_part = ints(table("partsupp"), 0), ps_supp = ints(table("partsupp"), 1);
  for (size_t i = 0; i < ps_part.size(); ++i) partsupp.insert({ps_part[i], ps_supp[i]});
  EXPECT_EQ(partsupp.size(), ps_part.size());
  auto l_part = ints(table("lineitem"), 1), l_supp = ints(table("lineitem"), 2);
  for (size_t i = 0; i < l_part.size(); ++i)
    ASSERT_TRUE(partsupp.count({l_part[i], l_supp[i]})) << l_part[i] << "," << l_supp[i];
  // Customers with a key divisible by 3 place no orders; the others are all valid.
  for (int64_t key : ints(table("orders"), 1)) {
    ASSERT_NE(key % 3, 0);
    ASSERT_TRUE(key >= 1 && key <= 1500);
  }
  for (int64_t key : ints(table("customer"), 3)) ASSERT_TRUE(key >= 0 && key <= 24);
}

TEST_F(DbgenTest, ValuesStayInTheSpecDomains) {
  const auto& lineitem = table("lineitem");
  for (int64_t q : ints(lineitem, 4)) ASSERT_TRUE(q >= 100 && q <= 5000 && q % 100 == 0);
  for (int64_t d : ints(lineitem, 6)) ASSERT_TRUE(d >= 0 && d <= 10);
  for (int64_t t : ints(lineitem, 7)) ASSERT_TRUE(t >= 0 && t <= 8);
  auto ship = ints(lineitem, 10), commit = ints(lineitem, 11), receipt = ints(lineitem, 12);
  auto keys = ints(lineitem, 0);
  std::map<int64_t, int64_t> order_date;
  auto o_keys = ints(table("orders"), 0), o_dates = ints(table("orders"), 4);
  for (size_t i = 0; i < o_keys.size(); ++i) order_date[o_keys[i]] = o_dates[i];
  for (size_t i = 0; i < ship.size(); ++i) {
    int64_t ordered = order_date[keys[i]];
    ASSERT_TRUE(ship[i] - ordered >= 1 && ship[i] - ordered <= 121);
    ASSERT_TRUE(commit[i] - ordered >= 30 && commit[i] - ordered <= 90);
    ASSERT_TRUE(receipt[i] - ship[i] >= 1 && receipt[i] - ship[i] <= 30);
  }
  for (int64_t date : o_dates) {
    ASSERT_GE(date, daysFromCivil(1992, 1, 1));
    ASSERT_LE(date, daysFromCivil(1998, 8, 2));
  }
  // l_extendedprice = l_quantity × p_retailprice.
  std::map<int64_t, int64_t> price;
  auto p_keys = ints(table("part"), 0), p_prices = ints(table("part"), 7);
  for (size_t i = 0; i < p_keys.size(); ++i) price[p_keys[i]] = p_prices[i];
  auto quantity = ints(lineitem, 4), extended = ints(lineitem, 5), part = ints(lineitem, 1);
  for (size_t i = 0; i < quantity.size(); ++i)
    ASSERT_EQ(extended[i], quantity[i] / 100 * price[part[i]]);
  EXPECT_EQ(strings(lineitem, 14),
            (std::set<std::string>{"AIR", "FOB", "MAIL", "RAIL", "REG AIR", "SHIP", "TRUCK"}));
  EXPECT_EQ(strings(lineitem, 8), (std::set<std::string>{"A", "N", "R"}));
  EXPECT_EQ(strings(table("orders"), 2), (std::set<std::string>{"F", "O", "P"}));
  EXPECT_EQ(strings(table("customer"), 6).size(), 5u);
  EXPECT_EQ(strings(table("orders"), 5).size(), 5u);
  for (const std::string& comment : strings(lineitem, 15))
    ASSERT_TRUE(comment.size() >= 10 && comment.size() <= 43);
  EXPECT_TRUE(strings(table("part"), 4).count("PROMO BURNISHED COPPER") ||
              strings(table("part"), 4).size() == 150);
}

// Every value of string column `c`, in row order.
std::vector<std::string> texts(const std::vector<BatchPtr>& batches, size_t c) {
  std::vector<std::string> values;
  for (const BatchPtr& batch : batches) {
    for (size_t i = 0; i < batch->rows; ++i) values.emplace_back(batch->columns[c]->string(i));
  }
  return values;
}

TEST_F(DbgenTest, NamesPhonesAndClerksHaveTheSpecFormats) {
  // c_name / s_name: "Customer#" and the key in nine digits (clause 4.2.3).
  auto c_keys = ints(table("customer"), 0);
  auto c_names = texts(table("customer"), 1);
  for (size_t i = 0; i < c_names.size(); ++i)
    ASSERT_EQ(c_names[i], fmt::format("Customer#{:09d}", c_keys[i]));
  auto s_keys = ints(table("supplier"), 0);
  auto s_names = texts(table("supplier"), 1);
  for (size_t i = 0; i < s_names.size(); ++i)
    ASSERT_EQ(s_names[i], fmt::format("Supplier#{:09d}", s_keys[i]));
  // Phones: "CC-ddd-ddd-dddd", CC = nation key + 10 (clause 4.2.2.9).
  auto c_nations = ints(table("customer"), 3);
  auto c_phones = texts(table("customer"), 4);
  std::set<std::string> exchanges;
  for (size_t i = 0; i < c_phones.size(); ++i) {
    const std::string& phone = c_phones[i];
    ASSERT_EQ(phone.size(), 15u) << phone;
    ASSERT_EQ(phone.substr(0, 3), fmt::format("{}-", c_nations[i] + 10)) << phone;
    ASSERT_TRUE(phone[6] == '-' && phone[10] == '-') << phone;
    ASSERT_GE(phone[3], '1') << phone;   // 100..999
    ASSERT_GE(phone[11], '1') << phone;  // 1000..9999
    exchanges.insert(phone.substr(3, 3));
  }
  EXPECT_GT(exchanges.size(), 500u);  // 900 possible, 1500 draws
  // o_clerk: "Clerk#" and one of SF × 1000 clerks in nine digits (10 at sf 0.01).
  std::set<std::string> clerks;
  for (const std::string& clerk : texts(table("orders"), 6)) clerks.insert(clerk);
  std::set<std::string> expected;
  for (int i = 1; i <= 10; ++i) expected.insert(fmt::format("Clerk#{:09d}", i));
  EXPECT_EQ(clerks, expected);
  // p_mfgr "Manufacturer#M", p_brand "Brand#MN", M and N in 1..5 (clause 4.2.3).
  auto mfgrs = texts(table("part"), 2), brands = texts(table("part"), 3);
  std::set<std::string> all_brands;
  for (size_t i = 0; i < mfgrs.size(); ++i) {
    ASSERT_EQ(mfgrs[i].substr(0, 13), "Manufacturer#");
    char m = mfgrs[i].back();
    ASSERT_TRUE(mfgrs[i].size() == 14 && m >= '1' && m <= '5') << mfgrs[i];
    ASSERT_EQ(brands[i].substr(0, 7), std::string("Brand#") + m) << brands[i];
    ASSERT_TRUE(brands[i].size() == 8 && brands[i][7] >= '1' && brands[i][7] <= '5');
    all_brands.insert(brands[i]);
  }
  EXPECT_EQ(all_brands.size(), 25u);
}

size_t columnCount(const std::vector<BatchPtr>& batches) {
  return batches.empty() ? 0 : batches.front()->columns.size();
}

// Every value of column `c` as text, in row order.
std::vector<std::string> cells(const std::vector<BatchPtr>& batches, size_t c) {
  if (batches.empty() || !batches.front()->columns[c]->type().storedAsBytes()) {
    std::vector<std::string> values;
    for (int64_t value : ints(batches, c)) values.push_back(std::to_string(value));
    return values;
  }
  return texts(batches, c);
}

// The exact Zipf probabilities of keys 1..n: k^-s / Σ j^-s.
std::vector<double> zipfProbabilities(int64_t n, double s) {
  std::vector<double> p(n + 1, 0);
  double total = 0;
  for (int64_t k = 1; k <= n; ++k) total += p[k] = std::pow(static_cast<double>(k), -s);
  for (double& value : p) value /= total;
  return p;
}

TEST(ZipfSamplerTest, DrawsFollowTheZipfProbabilities) {
  // Keys 1..8 one by one and the rest as one bucket, against the exact probabilities: each
  // count within 5 standard deviations (the draws are deterministic, so this cannot flake).
  constexpr int64_t kDraws = 200000;
  for (int64_t n : {1, 2, 1000, 100000}) {
    for (double s : {0.01, 0.5, 1.0, 1.2, 2.0, 4.0}) {
      tpch::ZipfSampler zipf(n, s);
      tpch::RowRandom random(42, static_cast<uint64_t>(n));
      std::vector<int64_t> counts(10, 0);
      for (int64_t i = 0; i < kDraws; ++i) {
        int64_t k = zipf.draw(random);
        ASSERT_TRUE(k >= 1 && k <= n) << k << " of " << n << ", s " << s;
        ++counts[std::min<int64_t>(k, 9)];
      }
      std::vector<double> p = zipfProbabilities(n, s);
      for (int64_t k = 1; k <= 9; ++k) {
        double expected = 0;
        for (int64_t j = k; j <= (k == 9 ? n : std::min(k, n)); ++j) expected += p[j];
        double mean = expected * kDraws;
        double deviation = std::sqrt(mean * (1 - expected));
        EXPECT_NEAR(static_cast<double>(counts[k]), mean, 5 * deviation + 1)
            << "key " << k << (k == 9 ? "+" : "") << ", n " << n << ", s " << s;
      }
    }
  }
}

TEST(ZipfSamplerTest, HeavyTailsReachTheLastKeys) {
  // s = 0.5 over 10 keys: the last key still has 6.3% of the draws (key 1 has 19.9%).
  tpch::ZipfSampler zipf(10, 0.5);
  tpch::RowRandom random(7, 0);
  std::vector<int64_t> counts(11, 0);
  for (int i = 0; i < 100000; ++i) ++counts[zipf.draw(random)];
  std::vector<double> p = zipfProbabilities(10, 0.5);
  for (int64_t k = 1; k <= 10; ++k) EXPECT_NEAR(counts[k] / 100000.0, p[k], 0.004) << k;
}

class SkewedDbgenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    uniform_ = new auto(generate(0.01, 2));
    skewed_ = new auto(generate(0.01, 2, 1.0));
  }
  static void TearDownTestSuite() {
    delete uniform_;
    delete skewed_;
  }
  const std::vector<BatchPtr>& uniform(const std::string& name) { return (*uniform_)[name]; }
  const std::vector<BatchPtr>& skewed(const std::string& name) { return (*skewed_)[name]; }
  static std::map<std::string, std::vector<BatchPtr>>* uniform_;
  static std::map<std::string, std::vector<BatchPtr>>* skewed_;
};
std::map<std::string, std::vector<BatchPtr>>* SkewedDbgenTest::uniform_ = nullptr;
std::map<std::string, std::vector<BatchPtr>>* SkewedDbgenTest::skewed_ = nullptr;

// The share of `values` equal to `value`.
double share(const std::vector<int64_t>& values, int64_t value) {
  return static_cast<double>(std::count(values.begin(), values.end(), value)) /
         static_cast<double>(values.size());
}

TEST_F(SkewedDbgenTest, PartKeysFollowZipf) {
  // s = 1 over 2000 parts: key k has 1 / (k × H(2000)) of the lines, H(2000) ≈ 8.18, so key 1
  // about 12.2% and key 2 about 6.1% (uniform: 0.05% each).
  std::vector<int64_t> partkeys = ints(skewed("lineitem"), 1);
  EXPECT_GT(share(partkeys, 1), 0.11);
  EXPECT_LT(share(partkeys, 1), 0.135);
  EXPECT_GT(share(partkeys, 2), 0.055);
  EXPECT_LT(share(partkeys, 2), 0.068);
  EXPECT_LT(share(ints(uniform("lineitem"), 1), 1), 0.002);
  std::set<int64_t> distinct(partkeys.begin(), partkeys.end());
  EXPECT_GT(distinct.size(), 1000u);  // the tail is still drawn
  for (int64_t key : partkeys) ASSERT_TRUE(key >= 1 && key <= 2000) << key;
}

TEST_F(SkewedDbgenTest, CustomerKeysFollowZipfOverTheOrderingCustomers) {
  // 1000 of the 1500 customers place orders (not those with a key divisible by 3): key 1 has
  // 1 / H(1000) ≈ 13.4% of the orders, key 2 half that, key 4 a third.
  std::vector<int64_t> custkeys = ints(skewed("orders"), 1);
  for (int64_t key : custkeys) {
    ASSERT_NE(key % 3, 0) << key;
    ASSERT_TRUE(key >= 1 && key <= 1500) << key;
  }
  EXPECT_GT(share(custkeys, 1), 0.12);
  EXPECT_LT(share(custkeys, 1), 0.15);
  EXPECT_GT(share(custkeys, 2), 0.058);
  EXPECT_LT(share(custkeys, 2), 0.077);
  EXPECT_GT(share(custkeys, 4), 0.037);
  EXPECT_LT(share(custkeys, 4), 0.053);
  EXPECT_LT(share(ints(uniform("orders"), 1), 1), 0.005);
}

TEST_F(SkewedDbgenTest, LineSuppliersStillComeFromPartsupp) {
  std::set<std::pair<int64_t, int64_t>> partsupp;
  auto ps_part = ints(skewed("partsupp"), 0), ps_supp = ints(skewed("partsupp"), 1);
  for (size_t i = 0; i < ps_part.size(); ++i) partsupp.insert({ps_part[i], ps_supp[i]});
  auto l_part = ints(skewed("lineitem"), 1), l_supp = ints(skewed("lineitem"), 2);
  std::set<int64_t> suppliers_of_part_1;
  for (size_t i = 0; i < l_part.size(); ++i) {
    ASSERT_TRUE(partsupp.count({l_part[i], l_supp[i]})) << l_part[i] << "," << l_supp[i];
    if (l_part[i] == 1) suppliers_of_part_1.insert(l_supp[i]);
  }
  EXPECT_EQ(suppliers_of_part_1.size(), 4u);  // the hot part's lines spread over its suppliers
}

TEST_F(SkewedDbgenTest, OtherColumnsAreThoseOfTheUniformData) {
  for (const char* name : {"region", "nation", "supplier", "customer", "part", "partsupp"}) {
    for (size_t c = 0; c < columnCount(uniform(name)); ++c)
      EXPECT_EQ(cells(skewed(name), c), cells(uniform(name), c)) << name << " column " << c;
  }
  // lineitem and orders: only the keys and what is computed from them differ (l_suppkey,
  // l_extendedprice, o_totalprice).
  const std::set<std::pair<std::string, size_t>> derived = {
      {"lineitem", 1}, {"lineitem", 2}, {"lineitem", 5}, {"orders", 1}, {"orders", 3}};
  for (const char* name : {"lineitem", "orders"}) {
    ASSERT_EQ(rows(skewed(name)), rows(uniform(name))) << name;
    for (size_t c = 0; c < columnCount(uniform(name)); ++c) {
      if (derived.count({name, c})) {
        EXPECT_NE(cells(skewed(name), c), cells(uniform(name), c)) << name << " column " << c;
      } else {
        EXPECT_EQ(cells(skewed(name), c), cells(uniform(name), c)) << name << " column " << c;
      }
    }
  }
}

TEST_F(SkewedDbgenTest, SameSkewGivesTheSameRowsWhateverTheThreads) {
  auto again = generate(0.01, 1, 1.0);
  ASSERT_EQ(again.size(), 8u);
  for (const auto& [name, batches] : again) {
    ASSERT_EQ(rows(batches), rows(skewed(name))) << name;
    for (size_t c = 0; c < columnCount(batches); ++c)
      EXPECT_EQ(cells(batches, c), cells(skewed(name), c)) << name << " column " << c;
  }
  // Another exponent gives other keys.
  auto steeper = generate(0.01, 2, 2.0);
  EXPECT_NE(ints(steeper["lineitem"], 1), ints(skewed("lineitem"), 1));
  EXPECT_GT(share(ints(steeper["lineitem"], 1), 1), 0.5);  // 1 / ζ(2) ≈ 61%
}

TEST(DbgenSkewTest, SkewOutOfRangeIsAnError) {
  for (double skew : {-0.5, 4.5, std::nan(""), HUGE_VAL}) {
    DbgenOptions options;
    options.scale_factor = 0.001;
    options.skew = skew;
    auto tables = generateTpch(options);
    ASSERT_FALSE(tables.ok()) << skew;
    EXPECT_NE(std::string(tables.status().message()).find("dbgen: skew"), std::string::npos)
        << tables.status();
  }
  DbgenOptions options;
  options.scale_factor = 0.001;
  options.skew = kMaxDbgenSkew;
  EXPECT_TRUE(generateTpch(options).ok());
}

TEST(DbgenCatalogTest, CallReplacesTheTablesAndSetsStatistics) {
  Catalog catalog;
  addTpchSchema(catalog);
  DbgenOptions options;
  options.scale_factor = 0.001;
  int64_t last_done = -1, last_total = 0;
  options.progress = [&](int64_t done, int64_t total) {
    EXPECT_GE(done, last_done);
    last_done = done;
    last_total = total;
  };
  auto total = runDbgen(catalog, options, {});
  ASSERT_TRUE(total.ok()) << total.status();
  EXPECT_EQ(last_done, last_total);
  EXPECT_EQ(catalog.find("orders")->data()->rowCount(), 1500);
  EXPECT_EQ(*catalog.find("nation")->statistics().row_count, 25);
  EXPECT_GT(*catalog.find("lineitem")->statistics().size_in_bytes, 0);
  options.scale_factor = -1;
  auto bad = runDbgen(catalog, options, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.status().message()).find("scale factor"), std::string::npos);
  EXPECT_EQ(catalog.find("orders")->data()->rowCount(), 1500);  // unchanged
}

}  // namespace
}  // namespace planck
