// Join estimates from equi-height histograms (Spark's JoinEstimation.computeByHistogram,
// optimizer/estimation/join_estimation.h) against the NDV formula they replace and the true
// counts the joins produce: skewed keys, ranges dense on one side and sparse on the other, DATE
// and DECIMAL keys, NULLs, filters and joins below, and the fallbacks.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "optimizer/statistics.h"
#include "session/session.h"

namespace planck {
namespace {

// The key values of a table: `count` rows of `value`, then `value`s from a generator.
std::vector<std::string> repeated(const std::string& value, int count) {
  return std::vector<std::string>(static_cast<size_t>(count), value);
}

std::vector<std::string> sequence(int from, int to, int step = 1, int copies = 1) {
  std::vector<std::string> values;
  for (int v = from; v <= to; v += step) {
    for (int c = 0; c < copies; ++c) values.push_back(std::to_string(v));
  }
  return values;
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The estimates of one join: with histograms, with the NDV formula alone, and what it yields.
struct Measured {
  double histogram, ndv, truth;
};

// The factor between an estimate and the truth, either way (Moerkotte et al.'s q-error).
double qError(double estimate, double truth) {
  estimate = std::max(estimate, 1.0);
  truth = std::max(truth, 1.0);
  return std::max(estimate / truth, truth / estimate);
}

// `cents` / 100 as a DECIMAL literal.
std::string decimal(int cents) {
  char text[32];
  std::snprintf(text, sizeof text, "%d.%02d", cents / 100, cents % 100);
  return text;
}

class JoinHistogramEstimationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Both sides hot on 7: hot_l 500 rows of 7 and 1..500 once (v = row % 10); hot_r 400 of 7
    // and 1..600 once; third 10 of 7 and 1..10 once.
    std::vector<std::string> hot_l = repeated("7", 500) + sequence(1, 500);
    std::string v;
    for (size_t i = 0; i < hot_l.size(); ++i) {
      v += (i == 0 ? "(" : ", (") + hot_l[i] + ", " + std::to_string(i % 10) + ")";
    }
    run("CREATE TABLE hot_l (k INT, v INT); INSERT INTO hot_l VALUES " + v);
    tables_.push_back("hot_l");
    table("hot_r", "k INT", repeated("7", 400) + sequence(1, 600));
    table("third", "k INT", repeated("7", 10) + sequence(1, 10));
    // Ten rows of each v of hot_l.
    table("tenfold", "v INT", sequence(0, 9, 1, 10));
    // Partial overlap, sparse against dense: sparse 1,800 rows on 1..9 and one row every 5 on
    // 10..1005; dense five rows of each of 800..1199.
    table("sparse", "k INT", sequence(1, 9, 1, 200) + sequence(10, 1005, 5));
    table("dense", "k INT", sequence(800, 1199, 1, 5));
    // Uniform both: one and two rows of each of 1..1000.
    table("once", "k INT", sequence(1, 1000));
    table("twice", "k INT", sequence(1, 1000, 1, 2));
    // One value only; no rows; NULLs: 900 of 1,000 rows, the rest 1..100 once (w = row % 10),
    // against ten of each of 1..100.
    table("single", "k INT", repeated("7", 50));
    table("empty", "k INT", {});
    std::vector<std::string> nulls = repeated("NULL", 900) + sequence(1, 100);
    for (size_t i = 0; i < nulls.size(); ++i) nulls[i] += ", " + std::to_string(i % 10);
    table("nulls", "k INT, w INT", nulls);
    table("tens", "k INT", sequence(1, 100, 1, 10));
    // DATE and DECIMAL keys, skewed on one value on both sides.
    table("day_ints", "k INT", repeated("0", 300) + sequence(0, 299));
    table("cal_ints", "k INT", repeated("0", 200) + sequence(0, 365));
    run("CREATE TABLE events (d DATE); CREATE TABLE calendar (d DATE);"
        "INSERT INTO events SELECT date_add(DATE '2024-01-01', k) FROM day_ints;"
        "INSERT INTO calendar SELECT date_add(DATE '2024-01-01', k) FROM cal_ints");
    tables_.insert(tables_.end(), {"events", "calendar"});
    // A dimension with fewer rows than bins (bins [1, 1], [1, 2], [2, 3], ...: each holds one
    // value, its hi), in four groups of five keys, the groups named; a fact table of 100 rows a
    // key (single-value bins).
    std::vector<std::string> dim;
    for (int k = 1; k <= 20; ++k) dim.push_back(std::to_string(k) + ", " + std::to_string(k % 4));
    table("dim", "k INT, grp INT", dim);
    table("grps", "g INT, name VARCHAR", {"0, 'zero'", "1, 'one'", "2, 'two'", "3, 'three'"});
    table("fact", "k INT", sequence(1, 20, 1, 100));
    std::vector<std::string> cents = repeated("9.99", 300), prices = repeated("9.99", 150);
    for (int c = 100; c < 400; ++c) cents.push_back(decimal(c));
    for (int c = 100; c < 2000; c += 2) prices.push_back(decimal(c));
    table("orders_p", "p DECIMAL(10,2)", cents);
    table("items_p", "p DECIMAL(10,2)", prices);
    analyze(true);
    run("SET spark.sql.cbo.enabled = true");
  }

  void run(const std::string& sql) {
    auto done = session_.run(sql);
    ASSERT_TRUE(done.ok()) << done.status() << "\n" << sql.substr(0, 300);
  }

  void table(const std::string& name, const std::string& columns,
             const std::vector<std::string>& values) {
    tables_.push_back(name);
    std::string sql = "CREATE TABLE " + name + " (" + columns + ")";
    if (!values.empty()) {
      sql += "; INSERT INTO " + name + " VALUES ";
      for (size_t i = 0; i < values.size(); ++i) sql += (i == 0 ? "(" : ", (") + values[i] + ")";
    }
    run(sql);
  }

  // ANALYZE every table, with histograms (of 32 bins) or without.
  void analyze(bool histograms) {
    std::string sql = std::string("SET spark.sql.statistics.histogram.enabled = ") +
                      (histograms ? "true" : "false") +
                      "; SET spark.sql.statistics.histogram.numBins = 32";
    for (const std::string& name : tables_) {
      sql += "; ANALYZE TABLE " + name + " COMPUTE STATISTICS FOR ALL COLUMNS";
    }
    run(sql);
  }

  // The estimated rows of `sql`'s optimized plan (its root), or -1 when it has none.
  double estimate(const std::string& sql) {
    auto execution = session_.query(sql);
    EXPECT_TRUE(execution.ok()) << execution.status();
    if (!execution.ok()) return -1;
    const auto& plan = (*execution)->optimized();
    EXPECT_TRUE(plan.ok()) << plan.status();
    if (!plan.ok()) return -1;
    SizeEstimator estimator(&session_.catalog(), session_.config());
    const PlanStatistics& stats = estimator.statisticsOf(*plan);
    return stats.row_count ? *stats.row_count : -1;
  }

  // The rows `sql` returns, counted by running it.
  double truth(const std::string& sql) {
    auto counted = session_.run("SELECT count(*) FROM (" + sql + ") AS q");
    EXPECT_TRUE(counted.ok()) << counted.status();
    if (!counted.ok() || !counted->back().table) return -1;
    return std::stod(counted->back().table->rows.at(0).at(0));
  }

  // `sql`'s estimate with histograms, then without (the tables analyzed again), and its truth.
  Measured measure(const std::string& sql) {
    Measured measured{estimate(sql), 0, truth(sql)};
    analyze(false);
    measured.ndv = estimate(sql);
    analyze(true);
    std::printf(
        "[ measured ] %s\n             true %.0f, histogram %.0f (q %.2f), ndv %.0f (q %.2f)\n",
        sql.c_str(), measured.truth, measured.histogram, qError(measured.histogram, measured.truth),
        measured.ndv, qError(measured.ndv, measured.truth));
    return measured;
  }

  // measure(sql), expecting `truth` rows and the histogram estimate within a factor `within`.
  Measured expectClose(const std::string& sql, double truth, double within) {
    Measured measured = measure(sql);
    EXPECT_EQ(measured.truth, truth) << sql;
    EXPECT_LT(qError(measured.histogram, measured.truth), within) << sql;
    return measured;
  }

  Session session_;
  std::vector<std::string> tables_;
};

TEST_F(JoinHistogramEstimationTest, SkewOnBothSidesIsSeen) {
  // 501 * 401 rows for 7, one for each other value of 1..500.
  Measured hot =
      expectClose("SELECT * FROM hot_l JOIN hot_r ON hot_l.k = hot_r.k", 501 * 401 + 499, 1.25);
  // |L| * |R| / max(ndv) = 1000 * 1000 / 600: off by 100x.
  EXPECT_GT(qError(hot.ndv, hot.truth), 50);
}

TEST_F(JoinHistogramEstimationTest, DenseAgainstSparseInAPartialOverlap) {
  // Only 800..1005 overlap: 42 sparse rows, five dense rows each.
  Measured overlap =
      expectClose("SELECT * FROM sparse JOIN dense ON sparse.k = dense.k", 42 * 5, 1.5);
  EXPECT_GT(qError(overlap.ndv, overlap.truth), 20);
}

TEST_F(JoinHistogramEstimationTest, UniformKeysEstimateAsTheNdvFormulaDoes) {
  Measured uniform = expectClose("SELECT * FROM once JOIN twice ON once.k = twice.k", 2000, 1.1);
  EXPECT_LT(qError(uniform.ndv, uniform.truth), 1.1);
}

TEST_F(JoinHistogramEstimationTest, DateAndDecimalKeys) {
  Measured days = expectClose("SELECT * FROM events JOIN calendar ON events.d = calendar.d",
                              301 * 201 + 299, 1.25);
  EXPECT_GT(qError(days.ndv, days.truth), 20);
  // 9.99 is 300 + 0 rows against 150 + 0 (the cents are 1.00..3.99, the prices even cents up to
  // 19.98); 1.00..3.98 by even cents match once: 150.
  Measured prices = expectClose("SELECT * FROM orders_p JOIN items_p ON orders_p.p = items_p.p",
                                300 * 150 + 150, 1.5);
  EXPECT_GT(qError(prices.ndv, prices.truth), 20);
}

TEST_F(JoinHistogramEstimationTest, NullKeysJoinNothing) {
  // 100 non-NULL keys, ten partners each. The `k IS NOT NULL` InferFiltersFromConstraints puts
  // below the join leaves both estimates the non-NULL rows.
  Measured inferred = expectClose("SELECT * FROM nulls JOIN tens ON nulls.k = tens.k", 1000, 1.1);
  EXPECT_LT(qError(inferred.ndv, inferred.truth), 1.1);
  // Without it |L| * |R| / ndv counts the 900 NULL rows; the histogram holds the others only.
  run("SET spark.sql.optimizer.excludedRules = InferFiltersFromConstraints");
  Measured nulls = measure("SELECT * FROM nulls JOIN tens ON nulls.k = tens.k");
  EXPECT_LT(qError(nulls.histogram, nulls.truth), 1.1);
  EXPECT_GT(qError(nulls.ndv, nulls.truth), 5);
  // A filter on another column keeps the NULLs' share: of its 100 rows, 10 not NULL.
  expectClose("SELECT * FROM nulls JOIN tens ON nulls.k = tens.k WHERE nulls.w = 3", 100, 1.25);
}

TEST_F(JoinHistogramEstimationTest, SingleValueBinsAndSingleValueRanges) {
  // Every bin of `single` is [7, 7]: the common range is the one value 7.
  Measured one =
      expectClose("SELECT * FROM single JOIN hot_r ON single.k = hot_r.k", 50 * 401, 1.1);
  EXPECT_GT(qError(one.ndv, one.truth), 50);
  // Range bins narrowed to one value by a filter (inferred for `twice` too): each side has the
  // rows its filter estimate gives it (1 / ndv of a bin holding 500, twice: it is a bound),
  // all of one value.
  double point = estimate("SELECT * FROM once JOIN twice ON once.k = twice.k WHERE once.k = 500");
  EXPECT_EQ(point, estimate("SELECT * FROM once WHERE k = 500") *
                       estimate("SELECT * FROM twice WHERE k = 500"));
  EXPECT_GE(point, 2);
}

TEST_F(JoinHistogramEstimationTest, FiltersBelowScaleTheHistogramToTheirRows) {
  // v = 3 keeps a tenth of hot_l, independent of k: the histogram still has all 1,000 rows.
  expectClose("SELECT * FROM hot_l JOIN hot_r ON hot_l.k = hot_r.k WHERE hot_l.v = 3",
              50 * 401 + 50, 1.25);
  // A range on the key itself: the histogram trimmed to it, 7 gone.
  expectClose("SELECT * FROM hot_l JOIN hot_r ON hot_l.k = hot_r.k WHERE hot_l.k > 100", 400, 1.5);
  // IS NULL keeps only NULLs: nothing to join; IS NOT NULL the 100 values.
  EXPECT_EQ(estimate("SELECT * FROM nulls JOIN tens ON nulls.k = tens.k WHERE nulls.k IS NULL"), 0);
  expectClose("SELECT * FROM nulls JOIN tens ON nulls.k = tens.k WHERE nulls.k IS NOT NULL", 1000,
              1.1);
}

TEST_F(JoinHistogramEstimationTest, AJoinsKeysCarryTheJoinedDistribution) {
  // The second join meets 7's 501 * 401 rows of the first: a histogram of the joined rows sees
  // them, hot_l's own histogram (Spark keeps it) would count 501 * 11.
  Measured chain = expectClose(
      "SELECT * FROM hot_l JOIN hot_r ON hot_l.k = hot_r.k JOIN third ON hot_l.k = third.k",
      501 * 401 * 11 + 9, 1.5);
  EXPECT_GT(qError(chain.ndv, chain.truth), 100);
  // The joined keys' distinct values: 1..500.
  expectClose(
      "SELECT hot_l.k, count(*) FROM hot_l JOIN hot_r ON hot_l.k = hot_r.k GROUP BY hot_l.k", 500,
      1.25);
  // A non-key column keeps its histogram, scaled to the join's rows: hot_l.k joins `third`
  // after a join on v that repeats each hot_l row ten times.
  expectClose(
      "SELECT * FROM hot_l JOIN tenfold ON hot_l.v = tenfold.v JOIN third ON hot_l.k = third.k",
      10 * (501 * 11 + 9), 1.5);
}

TEST_F(JoinHistogramEstimationTest, AKeyFilteredOnAnotherColumnKeepsItsHistogramsShape) {
  // grp's histogram, too, has bins of one row: each value was 1 / ndv of two bins, six rows.
  expectClose("SELECT * FROM dim WHERE grp = 1", 5, 1.1);
  // dim.grp = 1 keeps five of dim's 20 keys, 100 fact rows each. Each value of dim.k's histogram
  // is a bin's hi: counted again as the next bin's lo, and once more spread over the range
  // between two integers, it made the estimate 2.6 times the truth (1,319).
  Measured filtered =
      expectClose("SELECT * FROM fact JOIN dim ON fact.k = dim.k WHERE dim.grp = 1", 500, 1.1);
  EXPECT_LT(qError(filtered.ndv, filtered.truth), 1.1);
  // Filtered by a join on grp (TPC-H's supplier by nation): both joins were counted so (2,418).
  Measured joined = expectClose(
      "SELECT * FROM grps JOIN dim ON dim.grp = grps.g JOIN fact ON fact.k = dim.k "
      "WHERE grps.name = 'one'",
      500, 1.1);
  EXPECT_LT(qError(joined.ndv, joined.truth), 1.1);
  // The dimension's own join: five rows (11).
  expectClose("SELECT * FROM grps JOIN dim ON dim.grp = grps.g WHERE grps.name = 'one'", 5, 1.1);
}

TEST_F(JoinHistogramEstimationTest, EmptyAndDisjointSidesJoinNothing) {
  EXPECT_EQ(estimate("SELECT * FROM empty JOIN hot_r ON empty.k = hot_r.k"), 0);
  EXPECT_EQ(estimate("SELECT * FROM hot_l JOIN hot_r ON hot_l.k = hot_r.k WHERE hot_l.k > 900"), 0);
  EXPECT_EQ(estimate("SELECT * FROM sparse JOIN dense ON sparse.k = dense.k WHERE dense.k > 1100"),
            0);
  // Outer joins keep their preserved side over an empty overlap.
  EXPECT_EQ(estimate("SELECT * FROM hot_l LEFT JOIN empty ON hot_l.k = empty.k"), 1000);
}

TEST_F(JoinHistogramEstimationTest, MalformedHistogramsFallBackToTheNdvFormula) {
  const std::string sql = "SELECT * FROM once JOIN twice ON once.k = twice.k";
  ColumnStatistics& stats = session_.catalog().find("once")->statistics().columns.at("k");
  stats.histogram.reset();
  double ndv = estimate(sql);
  double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<Histogram> malformed = {
      {},                                             // no bins
      {0, {{1, 500, 500}, {500, 1000, 500}}},         // no height
      {500, {{500, 1000, 500}, {1, 500, 500}}},       // bins out of order
      {500, {{1, nan, 500}, {500, 1000, 500}}},       // a bound that is not a number
      {500, {{900, 1, 500}, {1, 1000, 500}}},         // lo above hi
      {500, {{5000, 5500, 500}, {5500, 6000, 500}}},  // no rows within [min, max]
  };
  for (const Histogram& histogram : malformed) {
    stats.histogram = histogram;
    EXPECT_EQ(estimate(sql), ndv) << histogram.height << ", " << histogram.bins.size() << " bins";
  }
  // Well formed, if odd: bins that count no values, and one value, are taken as they are.
  stats.histogram = Histogram{500, {{1, 500, 0}, {500, 1000, 0}}};
  double no_values = estimate(sql);
  EXPECT_GT(no_values, 0);
  EXPECT_TRUE(std::isfinite(no_values));
  stats.histogram = Histogram{1000, {{1000, 1000, 1}}};
  // 1,000 rows of 1000 against twice's two (1 / ndv of its last bin).
  EXPECT_NEAR(estimate(sql), 2 * 1000, 100);
}

TEST_F(JoinHistogramEstimationTest, KeysWithoutHistogramsUseTheNdvFormula) {
  double both = estimate("SELECT * FROM hot_l JOIN hot_r ON hot_l.k = hot_r.k");
  // hot_r analyzed again without a histogram: the NDV formula, exactly what it gives with
  // neither side's histogram.
  run("SET spark.sql.statistics.histogram.enabled = false;"
      "ANALYZE TABLE hot_r COMPUTE STATISTICS FOR ALL COLUMNS");
  double one = estimate("SELECT * FROM hot_l JOIN hot_r ON hot_l.k = hot_r.k");
  run("ANALYZE TABLE hot_l COMPUTE STATISTICS FOR ALL COLUMNS");
  double none = estimate("SELECT * FROM hot_l JOIN hot_r ON hot_l.k = hot_r.k");
  EXPECT_EQ(one, none);
  EXPECT_GT(both, 50 * none);
  // Strings have no histograms.
  run("CREATE TABLE names_a (s VARCHAR); CREATE TABLE names_b (s VARCHAR);"
      "INSERT INTO names_a VALUES ('x'), ('x'), ('y'); INSERT INTO names_b VALUES ('x'), ('z');"
      "SET spark.sql.statistics.histogram.enabled = true;"
      "ANALYZE TABLE names_a COMPUTE STATISTICS FOR ALL COLUMNS;"
      "ANALYZE TABLE names_b COMPUTE STATISTICS FOR ALL COLUMNS");
  EXPECT_EQ(estimate("SELECT * FROM names_a JOIN names_b ON names_a.s = names_b.s"), 3);
}

}  // namespace
}  // namespace planck
