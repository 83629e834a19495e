#include "optimizer/estimation/join_estimation.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "logical/expressions.h"
#include "logical/expressions_operators.h"
#include "logical/predicates.h"
#include "optimizer/estimation/histogram_values.h"

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

// Calls `visit(lo, hi)` on each stretch `points` (sorted, unique, within [lower, upper]) cut
// [lower, upper] into: the open ranges between neighbouring cuts (lower and upper the outer
// ones), then each point as (point, point).
template <typename Visit>
void forEachStretch(double lower, double upper, const std::vector<double>& points, Visit visit) {
  double from = lower;
  for (double point : points) {
    if (from < point) visit(from, point);
    from = std::max(from, point);
  }
  if (from < upper) visit(from, upper);
  for (double point : points) visit(point, point);
}

// A join side's key histogram as shares of the side's rows and distinct values now. The
// histogram gives their shape (HistogramValues: where the values lie). It counts the rows
// ANALYZE saw; a filter or join below keeps it but changes the rows (Spark keeps it too, and its
// computeByHistogram counts the table's rows). So each share's rows are scaled by
// f = (side rows - NULLs) / (the histogram's rows within the side's [min, max]), and its
// distinct values to those expected among the rows kept when f < 1 (keptDistinct: Cardenas per
// share, so a hot value stays one value while the rare ones thin out). Not to the side's
// distinct count: a range filter on a skewed key scales that by its share of the rows, which the
// hot value dominates. f = 1 on a relation.
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
    std::vector<double> points;
    side.values_.collect(lo, hi, points);
    if (lo == hi) points.push_back(lo);
    sortedUnique(points);
    side.values_.visit(points);
    double described = 0;
    forEachStretch(lo, hi, points,
                   [&](double a, double b) { described += side.values_.between(a, b).rows; });
    if (!(described > 0)) return std::nullopt;
    side.scale_ = std::max(0.0, rows - stat.null_count) / described;
    return side;
  }

  // Adds the bin bounds in [lower, upper] to `points`.
  void collect(double lower, double upper, std::vector<double>& points) const {
    values_.collect(lower, upper, points);
  }

  // Takes the values a sweep visits (HistogramValues::visit).
  void visit(const std::vector<double>& points) { values_.visit(points); }

  // The share of the open range (lo, hi) when lo < hi, else of the value lo.
  Share share(double lo, double hi) const {
    Share share = values_.between(lo, hi);
    double rows = share.rows * scale_;
    return {rows, keptDistinct(share.rows, rows, share.ndv)};
  }

  size_t binCount() const { return values_.histogram().bins.size(); }

 private:
  explicit ScaledHistogram(const Histogram& histogram) : values_(histogram) {}

  HistogramValues values_;
  double scale_ = 1;  // f
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
// each range left between the cuts, and at each cut (a value a bin bound says is there), the
// join has leftRows * rightRows / max(leftNdv, rightNdv) rows and min(leftNdv, rightNdv)
// distinct keys, each side's shares as ScaledHistogram places them. Where Spark pairs every
// left bin with every right bin (O(n * m)), this sweeps the cuts once (O((n + m) log(n + m))).
// The joined rows of the ranges and values become the output keys' histogram.
KeyEstimate byHistogram(ScaledHistogram& left, ScaledHistogram& right, double lower, double upper) {
  std::vector<double> points;
  if (lower == upper) points.push_back(lower);
  left.collect(lower, upper, points);
  right.collect(lower, upper, points);
  sortedUnique(points);
  left.visit(points);
  right.visit(points);
  std::vector<Piece> pieces;
  forEachStretch(lower, upper, points, [&](double lo, double hi) {
    Share l = left.share(lo, hi), r = right.share(lo, hi);
    double ndv = std::max(l.ndv, r.ndv);
    if (l.rows > 0 && r.rows > 0 && ndv > 0) {
      pieces.push_back({lo, hi, {l.rows * r.rows / ndv, std::min(l.ndv, r.ndv)}});
    }
  });
  std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
    return a.lo != b.lo ? a.lo < b.lo : a.hi < b.hi;
  });
  KeyEstimate estimate;
  for (const Piece& piece : pieces) {
    estimate.rows += piece.joined.rows;
    estimate.distinct_count += piece.joined.ndv;
  }
  // Rounded up, but not past a whole number the sum of the pieces only misses by rounding.
  auto up = [](double sum) { return std::ceil(sum * (1 - 1e-9)); };
  estimate.rows = up(estimate.rows);
  estimate.distinct_count = up(estimate.distinct_count);
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
