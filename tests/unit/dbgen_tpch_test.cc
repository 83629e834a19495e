// planck's TPC-H generator: deterministic, the spec's row counts, keys that join, value domains.
#include <map>
#include <set>

#include "catalog/catalog.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "logical/value.h"
#include "runtime/columnar_table.h"
#include "runtime/tpch/tpch_tables.h"

namespace planck {
namespace {

std::map<std::string, std::vector<BatchPtr>> generate(double sf, size_t threads) {
  DbgenOptions options;
  options.scale_factor = sf;
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
