#include "optimizer/estimation/join_estimation.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "logical/expressions.h"
#include "logical/expressions_operators.h"
#include "logical/predicates.h"

namespace planck {
namespace {

struct KeyPair {
  ExprId left, right;
};

// The `left = right` conjuncts of `condition` between a column of each side.
std::vector<KeyPair> keyPairs(const ExprPtr& condition, const AttributeSet& left_side,
                              const AttributeSet& right_side) {
  std::vector<KeyPair> pairs;
  if (condition == nullptr) return pairs;
  for (const ExprPtr& conjunct : splitConjuncts(condition)) {
    const auto* cmp = conjunct->as<BinaryComparison>();
    if (cmp == nullptr || cmp->op() != ComparisonOp::kEqual) continue;
    const auto* a = cmp->left()->as<AttributeReference>();
    const auto* b = cmp->right()->as<AttributeReference>();
    if (a == nullptr || b == nullptr) continue;
    if (left_side.contains(a->exprId()) && right_side.contains(b->exprId())) {
      pairs.push_back({a->exprId(), b->exprId()});
    } else if (left_side.contains(b->exprId()) && right_side.contains(a->exprId())) {
      pairs.push_back({b->exprId(), a->exprId()});
    }
  }
  return pairs;
}

// What one key pair says of the join: its rows, were it the only condition, and the distinct
// count and histogram both keys get in an inner join's output.
struct KeyEstimate {
  double rows = 0;
  double distinct_count = 0;
  std::optional<Histogram> histogram;
};

void sortedUnique(std::vector<double>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

// A side's rows and distinct key values in a stretch of key values.
struct Share {
  double rows = 0;
  double ndv = 0;
};

// A join side's key histogram, scaled to the rows the side has now. The histogram counts the
// column's non-NULL values when ANALYZE ran; a filter or join below keeps it but changes the
// rows (Spark keeps it too, and its computeByHistogram then counts the table's rows). So every
// share is scaled by f = (side rows - NULLs) / (the histogram's rows within the side's
// [min, max]), and a share's distinct values to those expected among the rows kept when f < 1
// (keptDistinct: Cardenas, as updateNdv, planck's form of Spark's updateCountStats, scales a
// whole column's). f = 1 on a relation, where this is Spark's computation.
class ScaledHistogram {
 public:
  // The histogram of `stat` over a side of `rows` rows; nullopt when there is none, or it is
  // not well formed (bins sorted, lo <= hi, finite), or it holds no rows within [min, max].
  static std::optional<ScaledHistogram> of(const ColumnStat& stat, double rows) {
    if (!stat.histogram || !stat.min || !stat.max || *stat.min > *stat.max) return std::nullopt;
    const Histogram& histogram = *stat.histogram;
    if (histogram.bins.empty() || !(histogram.height > 0) || !std::isfinite(histogram.height)) {
      return std::nullopt;
    }
    for (size_t i = 0; i < histogram.bins.size(); ++i) {
      const HistogramBin& bin = histogram.bins[i];
      if (!std::isfinite(bin.lo) || !std::isfinite(bin.hi) || bin.lo > bin.hi) return std::nullopt;
      if (i > 0 && (bin.lo < histogram.bins[i - 1].lo || bin.hi < histogram.bins[i - 1].hi)) {
        return std::nullopt;
      }
    }
    ScaledHistogram side(histogram);
    double lo = *stat.min, hi = *stat.max;
    double described = lo == hi ? side.rawAt(lo).rows
                                : side.rawBetween(lo, hi).rows + side.singleValueRows(lo, hi);
    if (!(described > 0)) return std::nullopt;
    side.scale_ = std::max(0.0, rows - stat.null_count) / described;
    return side;
  }

  // The rows and distinct values in the open range (lo, hi), lo < hi: each bin of a range
  // spreads its height and distinct count evenly over it (single-value bins hold none of it).
  Share between(double lo, double hi) const { return scaled(rawBetween(lo, hi)); }

  // The rows and distinct values equal to `value`: a single-value bin's height, and 1 / ndv of
  // every range bin holding it, as Spark's overlap of a point with a bin (and planck's filter
  // estimate of `col = value`).
  Share at(double value) const { return scaled(rawAt(value)); }

  // Adds the bin bounds strictly inside (lower, upper) to `bounds`, the single-value bins in
  // [lower, upper] to `points`.
  void collect(double lower, double upper, std::vector<double>& bounds,
               std::vector<double>& points) const {
    for (const HistogramBin& bin : histogram_->bins) {
      for (double bound : {bin.lo, bin.hi}) {
        if (lower < bound && bound < upper) bounds.push_back(bound);
      }
      if (bin.lo == bin.hi && lower <= bin.lo && bin.lo <= upper) points.push_back(bin.lo);
    }
  }

  size_t binCount() const { return histogram_->bins.size(); }

 private:
  // The distinct values of each range bin, in proportion to its rows. Each bin starts where
  // the previous one ended, so a value whose rows straddle a cut is counted in both bins, with
  // part of its rows in each: with ten rows a value and 31 a bin, a bin counts 4 values that
  // hold 3.1 values' rows, so a value looks like 7.8 rows, and the estimate against a side of
  // one row a value falls by a fifth (Spark's does). Here a bin counts a value at either end as
  // half when it straddles the cut: always next to a single-value bin, else with probability
  // 1 - ndv / height that a cut falls inside a value's rows rather than between two values.
  // At least 1. A single value's rows in a bin stay height / ndv (at()), as in Spark.
  explicit ScaledHistogram(const Histogram& histogram) : histogram_(&histogram) {
    const std::vector<HistogramBin>& bins = histogram.bins;
    range_ndv_.reserve(bins.size());
    for (size_t i = 0; i < bins.size(); ++i) {
      double ndv = std::max(1.0, static_cast<double>(bins[i].ndv));
      double straddles = std::max(0.0, 1.0 - ndv / histogram.height);
      double halves = 0;
      if (i > 0 && bins[i - 1].hi == bins[i].lo) {
        halves += bins[i - 1].lo == bins[i - 1].hi ? 1.0 : straddles;
      }
      if (i + 1 < bins.size() && bins[i + 1].lo == bins[i].hi) {
        halves += bins[i + 1].lo == bins[i + 1].hi ? 1.0 : straddles;
      }
      range_ndv_.push_back(std::max(1.0, ndv - halves / 2));
    }
  }

  // The distinct count the bin at `bin` has (ANALYZE never writes 0; a bin holds its hi).
  static double ndvOf(std::vector<HistogramBin>::const_iterator bin) {
    return std::max(1.0, static_cast<double>(bin->ndv));
  }

  // The values the range bin at `bin` holds in proportion to its rows.
  double rangeNdvOf(std::vector<HistogramBin>::const_iterator bin) const {
    return range_ndv_[static_cast<size_t>(bin - histogram_->bins.begin())];
  }

  // The first bin whose hi is at least `value` (or above it, when `strictly`): bins are sorted.
  std::vector<HistogramBin>::const_iterator firstEndingAfter(double value, bool strictly) const {
    return std::partition_point(
        histogram_->bins.begin(), histogram_->bins.end(),
        [&](const HistogramBin& bin) { return strictly ? bin.hi <= value : bin.hi < value; });
  }

  Share rawBetween(double lo, double hi) const {
    Share share;
    for (auto bin = firstEndingAfter(lo, true); bin != histogram_->bins.end() && bin->lo < hi;
         ++bin) {
      if (bin->lo == bin->hi) continue;
      double part = (std::min(hi, bin->hi) - std::max(lo, bin->lo)) / (bin->hi - bin->lo);
      share.rows += histogram_->height * part;
      share.ndv += rangeNdvOf(bin) * part;
    }
    return share;
  }

  Share rawAt(double value) const {
    Share share;
    for (auto bin = firstEndingAfter(value, false);
         bin != histogram_->bins.end() && bin->lo <= value; ++bin) {
      share.rows += histogram_->height / ndvOf(bin);
    }
    if (share.rows > 0) share.ndv = 1;
    return share;
  }

  // The rows of the single-value bins in [lo, hi].
  double singleValueRows(double lo, double hi) const {
    double rows = 0;
    for (auto bin = firstEndingAfter(lo, false); bin != histogram_->bins.end() && bin->lo <= hi;
         ++bin) {
      if (bin->lo == bin->hi) rows += histogram_->height;
    }
    return rows;
  }

  Share scaled(const Share& share) const {
    double rows = share.rows * scale_;
    return {rows, keptDistinct(share.rows, rows, share.ndv)};
  }

  const Histogram* histogram_;
  std::vector<double> range_ndv_;  // per bin: rangeNdvOf
  double scale_ = 1;               // f: the side's rows over the histogram's
};

// A stretch of the joined key's values: the open range (lo, hi) when lo < hi, else the single
// value lo; with the join's rows and distinct key values there.
struct Piece {
  double lo, hi;
  Share joined;
};

// An equi-height histogram of `count` bins over `pieces` (sorted; rows spread evenly over a
// range, all at a single value), built the way ANALYZE builds one over sorted values: each bin
// starts where the previous one ended. Nullopt when the pieces hold no rows.
std::optional<Histogram> equiHeightOver(const std::vector<Piece>& pieces, size_t count) {
  double total = 0;
  for (const Piece& piece : pieces) total += piece.joined.rows;
  if (!(total > 0)) return std::nullopt;
  // A bin of at least one row.
  if (total < static_cast<double>(count)) count = std::max<size_t>(1, static_cast<size_t>(total));
  Histogram histogram;
  histogram.height = total / static_cast<double>(count);
  HistogramBin bin{pieces.front().lo, pieces.front().lo, 0};
  double filled = 0, ndv = 0;  // the open bin's rows and distinct values
  for (const Piece& piece : pieces) {
    double placed = 0;  // the share of the piece in closed bins or the open one
    while (placed < 1) {
      bool last = histogram.bins.size() + 1 == count;
      double room = histogram.height - filled;
      double rest = 1 - placed;
      bool fits = last || piece.joined.rows * rest <= room;
      double take = fits ? rest : room / piece.joined.rows;
      placed = fits ? 1 : placed + take;
      filled += piece.joined.rows * take;
      ndv += piece.joined.ndv * take;
      bin.hi = piece.lo + (piece.hi - piece.lo) * placed;
      if (!last && filled >= histogram.height * (1 - 1e-9)) {
        bin.ndv = std::max<int64_t>(1, std::llround(ndv));
        histogram.bins.push_back(bin);
        bin = {bin.hi, bin.hi, 0};
        filled = ndv = 0;
      }
    }
  }
  if (filled > 0 || histogram.bins.empty()) {
    bin.ndv = std::max<int64_t>(1, std::llround(ndv));
    histogram.bins.push_back(bin);
  }
  histogram.height = total / static_cast<double>(histogram.bins.size());
  return histogram;
}

// Spark's JoinEstimation.computeByHistogram over EstimationUtils.getOverlappedRanges, on the
// keys' common range [lower, upper]. Both histograms' bins are cut at each other's bounds; in
// each range left between the cuts, and at each value a single-value bin holds, the join has
// leftRows * rightRows / max(leftNdv, rightNdv) rows and min(leftNdv, rightNdv) distinct keys.
// Where Spark pairs every left bin with every right bin (O(n * m)), and so also counts a value
// where a bin of one side ends and one of the other starts, this sweeps the cuts once
// (O((n + m) log(n + m))) and counts a value on its own only where a single-value bin holds it.
// The joined rows of the ranges and values become the output keys' histogram.
KeyEstimate byHistogram(const ScaledHistogram& left, const ScaledHistogram& right, double lower,
                        double upper) {
  std::vector<double> bounds{lower, upper}, points;
  if (lower == upper) points.push_back(lower);
  left.collect(lower, upper, bounds, points);
  right.collect(lower, upper, bounds, points);
  sortedUnique(bounds);
  sortedUnique(points);
  std::vector<Piece> pieces;
  auto join = [&](double lo, double hi, const Share& l, const Share& r) {
    double ndv = std::max(l.ndv, r.ndv);
    if (l.rows > 0 && r.rows > 0 && ndv > 0) {
      pieces.push_back({lo, hi, {l.rows * r.rows / ndv, std::min(l.ndv, r.ndv)}});
    }
  };
  for (size_t i = 1; i < bounds.size(); ++i) {
    join(bounds[i - 1], bounds[i], left.between(bounds[i - 1], bounds[i]),
         right.between(bounds[i - 1], bounds[i]));
  }
  for (double value : points) join(value, value, left.at(value), right.at(value));
  std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
    return a.lo != b.lo ? a.lo < b.lo : a.hi < b.hi;
  });
  KeyEstimate estimate;
  for (const Piece& piece : pieces) {
    estimate.rows += piece.joined.rows;
    estimate.distinct_count += piece.joined.ndv;
  }
  estimate.rows = std::ceil(estimate.rows);
  estimate.distinct_count = std::ceil(estimate.distinct_count);
  estimate.histogram = equiHeightOver(pieces, std::max(left.binCount(), right.binCount()));
  return estimate;
}

// The estimate of the key pair `x` = `y` over sides of `left_rows` / `right_rows` rows:
// computeByHistogram when both keys have a histogram that describes them, else Spark's
// computeByNdv.
KeyEstimate estimateKeys(const ColumnStat& x, const ColumnStat& y, double left_rows,
                         double right_rows) {
  KeyEstimate estimate;
  // A key without values (all NULL, or no rows) or ranges apart: nothing is equal.
  if (*x.distinct_count <= 0 || *y.distinct_count <= 0) return estimate;
  if (x.min && x.max && y.min && y.max && (*x.max < *y.min || *y.max < *x.min)) return estimate;
  if (x.min && x.max && y.min && y.max) {
    std::optional<ScaledHistogram> left = ScaledHistogram::of(x, left_rows);
    std::optional<ScaledHistogram> right = ScaledHistogram::of(y, right_rows);
    if (left && right) {
      estimate = byHistogram(*left, *right, std::max(*x.min, *y.min), std::min(*x.max, *y.max));
      estimate.rows = std::min(estimate.rows, left_rows * right_rows);
      estimate.distinct_count =
          std::min({estimate.distinct_count, *x.distinct_count, *y.distinct_count});
      return estimate;
    }
  }
  double ndv = std::max({*x.distinct_count, *y.distinct_count, 1.0});
  estimate.rows = std::ceil(left_rows * right_rows / ndv);
  estimate.distinct_count = std::min(*x.distinct_count, *y.distinct_count);
  // Under computeByNdv's uniform view of a key without one, the joined key's values are spread
  // like the one histogram's.
  estimate.histogram = x.histogram ? x.histogram : y.histogram;
  return estimate;
}

// Whether the key columns `ids` of a side of `rows` rows look like a key of it: their distinct
// counts multiply to at least its rows (less HyperLogLog's 5% error).
bool looksUnique(const AttributeStats& side, const std::vector<ExprId>& ids, double rows) {
  double product = 1;
  for (ExprId id : ids) {
    auto found = side.find(id);
    if (found == side.end() || !found->second.distinct_count) return false;
    product *= *found->second.distinct_count;
  }
  return product >= 0.95 * rows;
}

// The conjuncts of `condition` other than the equi-join key pairs.
std::vector<ExprPtr> residualConjuncts(const ExprPtr& condition, const AttributeSet& left_side,
                                       const AttributeSet& right_side) {
  std::vector<ExprPtr> rest;
  for (const ExprPtr& conjunct : splitConjuncts(condition)) {
    if (keyPairs(conjunct, left_side, right_side).empty()) rest.push_back(conjunct);
  }
  return rest;
}

// A left semi or anti join: the share of the left side's key values the right side has, by the
// most selective key pair (each key's distinct values inside the other's range, over the
// left's). Spark keeps every left row for both; planck departs from it here.
std::optional<FilterEstimate> estimateSemiOrAnti(JoinType type, const std::vector<KeyPair>& pairs,
                                                 bool has_residual, double left_rows,
                                                 const AttributeStats& left,
                                                 const AttributeStats& right) {
  FilterEstimate out;
  out.stats = left;
  std::optional<double> matched;  // the share of left rows with a match
  for (const KeyPair& pair : pairs) {
    auto l = left.find(pair.left);
    auto r = right.find(pair.right);
    if (l == left.end() || r == right.end() || !l->second.distinct_count ||
        !r->second.distinct_count) {
      continue;
    }
    const ColumnStat& x = l->second;
    const ColumnStat& y = r->second;
    double share;
    if (*x.distinct_count <= 0 || *y.distinct_count <= 0 ||
        (x.min && x.max && y.min && y.max && (*x.max < *y.min || *y.max < *x.min))) {
      share = 0;
    } else {
      share = std::min(1.0, *y.distinct_count / *x.distinct_count);
    }
    matched = matched ? std::min(*matched, share) : share;
  }
  if (!matched) {
    out.rows = left_rows;
  } else if (type == JoinType::kLeftSemi) {
    out.rows = std::ceil(left_rows * *matched);
  } else {
    // A condition beyond the keys may reject the matches it cannot estimate: then, as Spark,
    // every row may stay.
    out.rows = has_residual ? left_rows : std::ceil(left_rows * (1.0 - *matched));
  }
  for (auto& [id, stat] : out.stats) {
    if (left_rows > 0) stat.null_count = stat.null_count * out.rows / left_rows;
    if (stat.distinct_count) {
      stat.distinct_count =
          std::min(*stat.distinct_count, updateNdv(left_rows, out.rows, *stat.distinct_count));
    }
  }
  return out;
}

}  // namespace

std::optional<FilterEstimate> estimateJoin(const Join& join, double left_rows,
                                           const AttributeStats& left, double right_rows,
                                           const AttributeStats& right) {
  JoinType type = join.joinType();
  FilterEstimate out;
  AttributeSet left_side(join.left()->output()), right_side(join.right()->output());
  std::vector<KeyPair> pairs = keyPairs(join.condition(), left_side, right_side);
  std::vector<ExprPtr> residual = residualConjuncts(join.condition(), left_side, right_side);
  if (type == JoinType::kLeftSemi || type == JoinType::kLeftAnti) {
    return estimateSemiOrAnti(type, pairs, !residual.empty(), left_rows, left, right);
  }
  std::vector<std::optional<KeyEstimate>> keys(pairs.size());
  double inner;
  if (pairs.empty()) {
    if (join.condition() != nullptr && type != JoinType::kInner && type != JoinType::kCross) {
      return std::nullopt;
    }
    inner = left_rows * right_rows;
  } else {
    std::optional<double> smallest;
    for (size_t i = 0; i < pairs.size(); ++i) {
      auto l = left.find(pairs[i].left);
      auto r = right.find(pairs[i].right);
      if (l == left.end() || r == right.end() || !l->second.distinct_count ||
          !r->second.distinct_count) {
        continue;
      }
      keys[i] = estimateKeys(l->second, r->second, left_rows, right_rows);
      smallest = smallest ? std::min(*smallest, keys[i]->rows) : keys[i]->rows;
    }
    if (!smallest) return std::nullopt;
    inner = *smallest;
    // Key-uniqueness bounds: when a side's keys look like a key of it, each row of the other
    // side matches at most one of its rows; when both do, the join is taken to be one side's
    // foreign key into the other's key. They matter for several key pairs, where the smallest
    // single pair's count would let each row match many (TPC-H's lineitem with partsupp on
    // (partkey, suppkey)).
    // With one key pair, the pair's own count already respects them (and a filtered skewed key
    // can look unique by its distinct count alone).
    std::vector<ExprId> left_keys, right_keys;
    for (const KeyPair& pair : pairs) {
      left_keys.push_back(pair.left);
      right_keys.push_back(pair.right);
    }
    bool several = pairs.size() > 1;
    bool left_unique = several && looksUnique(left, left_keys, left_rows);
    bool right_unique = several && looksUnique(right, right_keys, right_rows);
    if (left_unique && right_unique) {
      inner = std::min(inner, std::max(left_rows, right_rows));
    } else if (right_unique) {
      inner = std::min(inner, left_rows);
    } else if (left_unique) {
      inner = std::min(inner, right_rows);
    }
  }
  switch (type) {
    case JoinType::kLeftOuter:
      out.rows = std::max(inner, left_rows);
      break;
    case JoinType::kRightOuter:
      out.rows = std::max(inner, right_rows);
      break;
    case JoinType::kFullOuter:
      out.rows = std::max(inner, left_rows) + std::max(inner, right_rows) - inner;
      break;
    default:
      out.rows = inner;
      break;
  }
  // Both sides' statistics, the keys narrowed (inner joins) and every distinct count capped.
  // A column keeps its share of NULLs: its NULL count scales with the rows, as Spark's
  // updateCountStats scales it (Spark only down) — the histogram path counts non-NULL rows.
  auto carry = [&](const AttributeStats& side, double side_rows) {
    for (const auto& [id, stat] : side) {
      ColumnStat& carried = out.stats[id] = stat;
      if (side_rows > 0) carried.null_count = stat.null_count * out.rows / side_rows;
    }
  };
  carry(left, left_rows);
  carry(right, right_rows);
  if (type == JoinType::kInner || type == JoinType::kCross) {
    for (size_t i = 0; i < pairs.size(); ++i) {
      auto l = out.stats.find(pairs[i].left);
      auto r = out.stats.find(pairs[i].right);
      if (l == out.stats.end() || r == out.stats.end()) continue;
      ColumnStat both = l->second;
      if (keys[i]) {
        both.distinct_count = keys[i]->distinct_count;
        both.histogram = keys[i]->histogram;
      }
      if (both.min && r->second.min) both.min = std::max(*both.min, *r->second.min);
      if (both.max && r->second.max) both.max = std::min(*both.max, *r->second.max);
      both.null_count = 0;
      l->second = both;
      r->second = both;
    }
  }
  for (auto& [id, stat] : out.stats) {
    if (stat.distinct_count) stat.distinct_count = std::min(*stat.distinct_count, out.rows);
  }
  // An inner join's other conditions filter its matches: estimated as a filter over the output
  // (Spark leaves them out).
  if ((type == JoinType::kInner || type == JoinType::kCross) && !residual.empty()) {
    return estimateFilter(conjunction(residual), out.rows, out.stats);
  }
  return out;
}

}  // namespace planck
