// Where the values an equi-height histogram counts lie, for the estimates that read one: a
// filter's `col = v` (filter_estimation.h) and a join's keys, range by range (join_estimation.h).
//
// ANALYZE cuts the sorted non-NULL values into bins of equal height, each bin starting where the
// previous one ended, so a bin's bounds are values it holds: its hi always; its lo when it is
// the first bin, or when the lo's rows straddle the cut (always after a single-value bin, else
// with probability 1 - ndv / height that a cut falls inside a value's rows rather than between
// two values; never when the bin counts one value, its hi). A value straddling a cut has half
// its rows on each side, in expectation, so a bin's height holds ndv - (lo and hi straddling) / 2
// values' rows. A bin's bounds hold their rows as points, its other values evenly over its open
// range, less the values a caller visits inside it, which get a value's rows each.
//
// Spark spreads a bin's rows over its whole range and gives a value 1 / ndv of every bin holding
// it besides (getOverlappedRanges; FilterEstimation's equality). With bins of about one value,
// as on any table with fewer rows than spark.sql.statistics.histogram.numBins (TPC-H's nation:
// 25 rows in bins [0, 0], [0, 1], [1, 2], ...), that counts each value twice, as its bin's hi
// and the next bin's lo, and a third time over the range between two integers.
#pragma once

#include <vector>

#include "catalog/catalog.h"

namespace planck {

// Rows and distinct values in a stretch of a column's values.
struct Share {
  double rows = 0;
  double ndv = 0;
};

// A histogram's rows and distinct values by where they lie (above).
class HistogramValues {
 public:
  // `histogram` must outlive this; its bins sorted (as ANALYZE writes them).
  explicit HistogramValues(const Histogram& histogram);

  // Takes the values a caller will ask about inside range bins (sorted, unique): a range bin
  // gives each a value's rows, while it has values left, and spreads the rest over its range.
  void visit(const std::vector<double>& points);

  // The rows and distinct values in the open range (lo, hi) when lo < hi, else at the value lo
  // (at most one distinct value however many bins hold some of its rows).
  Share between(double lo, double hi) const;

  // Adds the bin bounds in [lower, upper] to `points`: the values the histogram knows are there.
  void collect(double lower, double upper, std::vector<double>& points) const;

  const Histogram& histogram() const { return *histogram_; }

 private:
  // How a range bin's rows and values lie: the chance that its lo, and its hi, is a value
  // straddling the cut to its neighbour, the rows of a value it holds whole, and its rows and
  // values at each value visited inside it and over its open range.
  struct Spread {
    double lo_share = 1;
    double hi_share = 0;
    double value_rows = 0;
    Share point, range;
  };

  std::vector<HistogramBin>::const_iterator firstEndingAfter(double value, bool strictly) const;
  const Spread& spreadOf(std::vector<HistogramBin>::const_iterator bin) const;

  const Histogram* histogram_;
  std::vector<Spread> spread_;  // per bin
};

}  // namespace planck
