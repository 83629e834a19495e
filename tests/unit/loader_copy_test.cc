// COPY: delimited files into tables. Every error names file, line, column and what was
// expected, and leaves the table exactly as before; the shared TPC-H sf0.01 files all load.
#include <chrono>
#include <fstream>
#include <iostream>

#include "catalog/catalog.h"
#include "gtest/gtest.h"
#include "runtime/columnar_table.h"
#include "runtime/loaders/field_parsers.h"
#include "runtime/loaders/table_loader.h"

namespace planck {
namespace {

std::string writeFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

class LoaderCopyTest : public ::testing::Test {
 protected:
  LoaderCopyTest()
      : table_("items", {{"id", DataType::integer(), false},
                         {"name", DataType::varchar(), true},
                         {"price", DataType::decimal(15, 2), true},
                         {"day", DataType::date(), true}}) {}

  absl::StatusOr<LoadSummary> copy(const std::string& name, const std::string& text,
                                   std::vector<std::pair<std::string, std::string>> options = {},
                                   std::vector<std::string> columns = {}) {
    return copyFromFile(table_, columns, writeFile(name, text), options, {});
  }

  // Row `row` of the table, as text.
  std::vector<std::string> row(size_t row) const {
    std::vector<std::string> cells;
    auto data = columnarData(table_);
    for (const BatchPtr& batch : data->batches()) {
      if (row >= batch->rows) {
        row -= batch->rows;
        continue;
      }
      for (const VectorPtr& column : batch->columns)
        cells.push_back(column->valueAt(row).toString());
      break;
    }
    return cells;
  }

  // A failing load must name `expected` and leave the table's version untouched.
  void expectError(const std::string& name, const std::string& text, const std::string& expected,
                   std::vector<std::pair<std::string, std::string>> options = {}) {
    ASSERT_TRUE(copy("good.csv", "1,a,1.00,2020-01-01\n").ok());
    TableDataPtr before = table_.data();
    int64_t rows_before = *table_.statistics().row_count;
    auto result = copy(name, text, options);
    ASSERT_FALSE(result.ok()) << name;
    EXPECT_NE(std::string(result.status().message()).find(expected), std::string::npos)
        << result.status().message();
    EXPECT_EQ(table_.data(), before);
    EXPECT_EQ(*table_.statistics().row_count, rows_before);
  }

  CatalogTable table_;
};

TEST_F(LoaderCopyTest, ReadsCsvWithQuotesNullsAndHeader) {
  auto loaded = copy("items.csv",
                     "id,name,price,day\n"
                     "1,plain,12.50,1998-09-02\n"
                     "2,\"with, comma\",-0.5,\n"
                     "3,\"say \"\"hi\"\"\",7,2000-02-29\r\n"
                     "4,,,1970-01-01\n"
                     "5,\"two\nlines\",1.005,1999-12-31",
                     {{"header", "true"}});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->rows, 5);
  EXPECT_EQ(row(0), (std::vector<std::string>{"1", "plain", "12.50", "1998-09-02"}));
  EXPECT_EQ(row(1), (std::vector<std::string>{"2", "with, comma", "-0.50", "null"}));
  EXPECT_EQ(row(2), (std::vector<std::string>{"3", "say \"hi\"", "7.00", "2000-02-29"}));
  EXPECT_EQ(row(3), (std::vector<std::string>{"4", "null", "null", "1970-01-01"}));
  EXPECT_EQ(row(4), (std::vector<std::string>{"5", "two\nlines", "1.01", "1999-12-31"}));
  EXPECT_EQ(*table_.statistics().row_count, 5);
}

TEST_F(LoaderCopyTest, ReadsTpchTblWithTrailingDelimiter) {
  auto loaded = copy("items.tbl", "1|a|1.10|1992-01-01|\n2|b \"x\"|2.20|1992-01-02|\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(row(1), (std::vector<std::string>{"2", "b \"x\"", "2.20", "1992-01-02"}));
}

TEST_F(LoaderCopyTest, OptionsChooseDelimiterNullTextAndColumns) {
  auto loaded =
      copy("items.txt", "7;NA\n8;x\n", {{"delimiter", ";"}, {"null", "NA"}}, {"id", "name"});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(row(0), (std::vector<std::string>{"7", "null", "null", "null"}));
  EXPECT_EQ(row(1), (std::vector<std::string>{"8", "x", "null", "null"}));
}

TEST_F(LoaderCopyTest, AppendsToEarlierRows) {
  ASSERT_TRUE(copy("a.csv", "1,a,,\n").ok());
  ASSERT_TRUE(copy("b.csv", "2,b,,\n3,c,,\n").ok());
  EXPECT_EQ(table_.data()->rowCount(), 3);
  EXPECT_EQ(row(2)[1], "c");
}

TEST_F(LoaderCopyTest, BadValueNamesFileLineColumnAndType) {
  expectError("bad.csv", "1,a,1.00,2020-01-01\n2,b,abc,2020-01-01\n",
              "bad.csv, line 2, column 3 (price): expected DECIMAL(15,2), got 'abc'");
}

TEST_F(LoaderCopyTest, EveryErrorKindLeavesTheTableUnchanged) {
  expectError("date.csv", "1,a,1,2020-02-30\n",
              "line 1, column 4 (day): expected DATE, got '2020-02-30'");
  expectError("int.csv", "1,a,1,2020-01-01\n99999999999,a,1,2020-01-01\n",
              "line 2, column 1 (id): expected INTEGER, got '99999999999'");
  expectError("few.csv", "1,a\n", "line 1, column 3 (price): missing; the line has 2 fields");
  expectError("many.csv", "1,a,1,2020-01-01,zz,yy\n",
              "line 1, column 5: extra field 'zz'; the table takes 4 fields");
  expectError("null.csv", "1,a,1,2020-01-01\n,a,1,2020-01-01\n",
              "line 2, column 1 (id): NULL in a NOT NULL column");
  expectError("quote.csv", "1,\"open,1,2020-01-01\n", "line 1: a quoted field is not closed");
  expectError("after.csv", "1,\"a\"b,1,2020-01-01\n", "line 1, column 2 (name): expected ','");
  expectError("precision.csv", "1,a,12345678901234.5,2020-01-01\n",
              "expected DECIMAL(15,2), got '12345678901234.5'");
  expectError("option.csv", "1,a,1,2020-01-01\n", "unknown COPY option BOGUS", {{"bogus", "1"}});
  expectError("delim.csv", "1,a,1,2020-01-01\n", "DELIMITER must be a single character",
              {{"delimiter", "ab"}});
  // The error is found after a full batch was already parsed: nothing of it is kept.
  std::string many;
  for (int i = 0; i < 5000; ++i) many += std::to_string(i) + ",x,1,2020-01-01\n";
  expectError("late.csv", many + "5000,x,oops,2020-01-01\n", "line 5001, column 3 (price)");
}

TEST_F(LoaderCopyTest, MissingFileAndBadColumnsAreErrors) {
  auto missing = copyFromFile(table_, {}, "/nonexistent/x.csv", {}, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(std::string(missing.status().message()).find("cannot open /nonexistent/x.csv"),
            std::string::npos);
  auto unknown = copy("c.csv", "1\n", {}, {"idd"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(std::string(unknown.status().message()).find("did you mean `id`"), std::string::npos);
  auto not_null = copy("c.csv", "x\n", {}, {"name"});
  ASSERT_FALSE(not_null.ok());
  EXPECT_NE(std::string(not_null.status().message()).find("`id` of `items` is NOT NULL"),
            std::string::npos);
  EXPECT_EQ(table_.data(), nullptr);
}

TEST(LoaderFieldTest, FieldParsersAcceptExactlyTheirForms) {
  int64_t decimal;
  EXPECT_TRUE(parseDecimalField("0.045", 15, 2, decimal));
  EXPECT_EQ(decimal, 5);  // rounded half away from zero
  EXPECT_TRUE(parseDecimalField("-12", 4, 2, decimal));
  EXPECT_EQ(decimal, -1200);
  EXPECT_FALSE(parseDecimalField("100", 4, 2, decimal));
  EXPECT_FALSE(parseDecimalField("1.2.3", 15, 2, decimal));
  EXPECT_FALSE(parseDecimalField("", 15, 2, decimal));
  EXPECT_FALSE(parseDecimalField(".", 15, 2, decimal));
  int32_t integer;
  EXPECT_TRUE(parseInt32Field("-2147483648", integer));
  EXPECT_FALSE(parseInt32Field("2147483648", integer));
  EXPECT_FALSE(parseInt32Field("12a", integer));
  EXPECT_FALSE(parseInt32Field("", integer));
  int32_t day;
  EXPECT_TRUE(parseDateField("1996-02-29", day));
  EXPECT_FALSE(parseDateField("1997-02-29", day));
  EXPECT_FALSE(parseDateField("1997-13-01", day));
  double real;
  EXPECT_TRUE(parseDoubleField("1e3", real));
  EXPECT_EQ(real, 1000.0);
  EXPECT_FALSE(parseDoubleField("1e", real));
}

// All eight tables of the shared sf0.01 data load with the built-in schema; row counts are the
// files' line counts.
TEST(LoaderTpchTest, SharedSf001TablesLoad) {
  std::string dir = std::string(PLANCK_SHARED_DIR) + "/tpch/sf0.01/";
  if (!std::ifstream(dir + "lineitem.tbl")) GTEST_SKIP() << "no shared TPC-H data in " << dir;
  Catalog catalog;
  addTpchSchema(catalog);
  int64_t bytes = 0;
  double seconds = 0;
  for (std::string name :
       {"nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem"}) {
    std::ifstream file(dir + name + ".tbl");
    int64_t lines = 0;
    for (std::string line; std::getline(file, line);) ++lines;
    auto table = catalog.find(name);
    ASSERT_NE(table, nullptr) << name;
    auto started = std::chrono::steady_clock::now();
    auto loaded = copyFromFile(*table, {}, dir + name + ".tbl", {}, {});
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_EQ(loaded->rows, lines) << name;
    EXPECT_EQ(table->data()->rowCount(), lines) << name;
    EXPECT_EQ(*table->statistics().row_count, lines) << name;
    EXPECT_GT(*table->statistics().size_in_bytes, 0) << name;
    bytes += loaded->bytes_read;
  }
  std::cout << "loaded " << bytes << " bytes in " << seconds << " s: " << bytes / seconds / 1e6
            << " MB/s\n";
  // Spot values: the first lineitem row of the file.
  auto lineitem = columnarData(*catalog.find("lineitem"));
  BatchPtr first = lineitem->batches()[0];
  EXPECT_EQ(first->columns[5]->valueAt(0).toString(), "24710.35");
  EXPECT_EQ(first->columns[10]->valueAt(0).toString(), "1996-03-13");
  EXPECT_EQ(first->columns[15]->string(0), "egular courts above the");
}

}  // namespace
}  // namespace planck

namespace planck {
namespace {

TEST_F(LoaderCopyTest, InsertRowsCastsStoresAndAppends) {
  std::vector<std::vector<Value>> rows = {
      {Value::integer(1), Value::varchar("a"), Value::decimal(15, 1, 1), Value::date(0)},
      {Value::bigint(2), Value::null(DataType::varchar()), Value::integer(3),
       Value::varchar("1999-12-31")}};
  auto inserted = insertRows(table_, {}, rows, {});
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  EXPECT_EQ(row(0), (std::vector<std::string>{"1", "a", "1.50", "1970-01-01"}));
  EXPECT_EQ(row(1), (std::vector<std::string>{"2", "null", "3.00", "1999-12-31"}));
  ASSERT_TRUE(
      insertRows(table_, {"name", "id"}, {{Value::varchar("z"), Value::integer(9)}}, {}).ok());
  EXPECT_EQ(row(2), (std::vector<std::string>{"9", "z", "null", "null"}));
  EXPECT_EQ(table_.data()->rowCount(), 3);
  TableDataPtr before = table_.data();
  auto bad = insertRows(table_, {},
                        {{Value::integer(1), Value::varchar("a"), Value::varchar("cheap"),
                          Value::null(DataType::date())}},
                        {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.status().message())
                .find("INSERT INTO items, row 1, column price: cannot store VARCHAR 'cheap'"),
            std::string::npos)
      << bad.status();
  EXPECT_EQ(table_.data(), before);
}

}  // namespace
}  // namespace planck
