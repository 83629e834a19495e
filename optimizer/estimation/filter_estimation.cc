#include "optimizer/estimation/filter_estimation.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "logical/expressions.h"
#include "logical/expressions_operators.h"
#include "optimizer/estimation/histogram_values.h"

namespace planck {
namespace {

// The share of rows a LIKE pattern (or the startswith / endswith / contains it simplifies to)
// keeps: planck's default, where Spark has none (and keeps every row). On TPC-H's patterns the
// truth ranges from 0.8% (p_name LIKE 'forest%') to 20% (p_type LIKE '%BRASS'); 5% keeps the
// q-error of each within 4x.
constexpr double kPatternSelectivity = 0.05;

// The fraction of a histogram's values at or below `value` (or below it, when `inclusive` is
// false), spreading each bin's values evenly over its range.
double histogramShareBelow(const Histogram& histogram, double value, bool inclusive) {
  if (histogram.bins.empty()) return 0;
  double bins = 0;
  for (const HistogramBin& bin : histogram.bins) {
    if (bin.hi < value || (inclusive && bin.hi == value)) {
      bins += 1;
    } else if (bin.lo < value) {
      bins += bin.hi > bin.lo ? (value - bin.lo) / (bin.hi - bin.lo) : 0;
    }
  }
  return bins / static_cast<double>(histogram.bins.size());
}

// The fraction of a histogram's values equal to `value`: the rows HistogramValues places there.
// Spark's FilterEstimation gives it 1 / ndv of each bin holding it, which counts a value twice
// where one bin ends and the next starts.
double histogramShareEqual(const Histogram& histogram, double value) {
  if (histogram.bins.empty() || !(histogram.height > 0)) return 0;
  double rows = HistogramValues(histogram).between(value, value).rows;
  return std::min(1.0, rows / (histogram.height * static_cast<double>(histogram.bins.size())));
}

// The share of the histogram inside the column's current [low, high]: what the rows left after
// earlier conjuncts narrowed the range span (all of it on a fresh column).
double histogramShareWithin(const Histogram& histogram, double low, double high) {
  return histogramShareBelow(histogram, high, true) - histogramShareBelow(histogram, low, false);
}

class FilterEstimator {
 public:
  FilterEstimator(double rows, AttributeStats stats) : rows_(rows), stats_(std::move(stats)) {}

  FilterEstimate estimate(const ExprPtr& condition) {
    double selectivity = std::clamp(select(condition, true).value_or(1.0), 0.0, 1.0);
    FilterEstimate out;
    out.rows = std::ceil(rows_ * selectivity);
    for (auto& [id, stat] : stats_) {
      if (all_null_.contains(id)) {
        stat.null_count = out.rows;
      } else if (!bounded_.contains(id)) {
        if (stat.distinct_count) {
          stat.distinct_count = updateNdv(rows_, out.rows, *stat.distinct_count);
        }
        // The column keeps its share of NULLs (Spark's updateCountStats): the join's histogram
        // estimate counts the rows that are not NULL.
        if (rows_ > 0) stat.null_count *= out.rows / rows_;
      }
      if (stat.distinct_count) stat.distinct_count = std::min(*stat.distinct_count, out.rows);
    }
    out.stats = std::move(stats_);
    return out;
  }

 private:
  // The selectivity of `condition`, nullopt when unknown; `update`: narrow the statistics
  // (only for conditions that must all hold: the top level and its conjuncts).
  std::optional<double> select(const ExprPtr& condition, bool update) {
    switch (condition->kind()) {
      case ExprKind::kAnd: {
        double left = select(condition->child(0), update).value_or(1.0);
        double right = select(condition->child(1), update).value_or(1.0);
        return left * right;
      }
      case ExprKind::kOr: {
        double left = select(condition->child(0), false).value_or(1.0);
        double right = select(condition->child(1), false).value_or(1.0);
        return left + right - left * right;
      }
      case ExprKind::kNot: {
        std::optional<double> inner = select(condition->child(0), false);
        if (!inner) return std::nullopt;
        return 1.0 - *inner;
      }
      case ExprKind::kIsNull:
      case ExprKind::kIsNotNull: {
        ColumnStat* stat = statOf(condition->child(0));
        if (stat == nullptr || rows_ <= 0) return std::nullopt;
        double nulls = std::min(1.0, stat->null_count / rows_);
        if (condition->kind() == ExprKind::kIsNull) {
          // Only NULLs pass, as in Spark's evaluateNullCheck: no values, no range, no histogram.
          if (update) {
            stat->distinct_count = 0;
            stat->min.reset();
            stat->max.reset();
            stat->histogram.reset();
            all_null_.insert(condition->child(0)->as<AttributeReference>()->exprId());
          }
          return nulls;
        }
        if (update) stat->null_count = 0;
        return 1.0 - nulls;
      }
      case ExprKind::kBinaryComparison:
        return comparison(*condition->as<BinaryComparison>(), update);
      case ExprKind::kIn:
        return in(*condition->as<In>(), update);
      case ExprKind::kLike:
        return kPatternSelectivity;
      case ExprKind::kScalarFunction: {
        // What LikeSimplification makes of LIKE patterns.
        const std::string& name = condition->as<ScalarFunction>()->name();
        if (name == "startswith" || name == "starts_with" || name == "endswith" ||
            name == "ends_with" || name == "contains") {
          return kPatternSelectivity;
        }
        return std::nullopt;
      }
      default:
        return std::nullopt;
    }
  }

  // The statistics of `expr` when it is a column that has them.
  ColumnStat* statOf(const ExprPtr& expr) {
    const auto* column = expr->as<AttributeReference>();
    if (column == nullptr) return nullptr;
    auto found = stats_.find(column->exprId());
    return found == stats_.end() ? nullptr : &found->second;
  }

  std::optional<double> comparison(const BinaryComparison& cmp, bool update) {
    ComparisonOp op = cmp.op();
    ExprPtr column = cmp.left(), other = cmp.right();
    if (column->as<Literal>() != nullptr) {
      std::swap(column, other);
      op = flipped(op);
    }
    const auto* literal = other->as<Literal>();
    ColumnStat* stat = statOf(column);
    if (literal == nullptr || stat == nullptr) return std::nullopt;
    if (literal->value().isNull()) {
      // col <=> NULL keeps the NULL rows; any other comparison with NULL keeps none.
      if (op != ComparisonOp::kNullSafeEqual || rows_ <= 0) return 0.0;
      return std::min(1.0, stat->null_count / rows_);
    }
    ExprId id = column->as<AttributeReference>()->exprId();
    std::optional<double> value = estimationValue(literal->value());
    bool equality = op == ComparisonOp::kEqual || op == ComparisonOp::kNullSafeEqual;
    if (equality) {
      if (!stat->distinct_count || *stat->distinct_count <= 0) return std::nullopt;
      double selectivity = 1.0 / *stat->distinct_count;
      if (value && stat->min && stat->max) {
        if (*value < *stat->min || *value > *stat->max) return 0.0;
        if (stat->histogram) {
          double within = histogramShareWithin(*stat->histogram, *stat->min, *stat->max);
          if (within > 0) {
            selectivity = std::min(1.0, histogramShareEqual(*stat->histogram, *value) / within);
          }
        }
      }
      if (update) {
        stat->distinct_count = 1;
        if (value) stat->min = stat->max = *value;
        stat->null_count = 0;
        bounded_.insert(id);
      }
      return selectivity;
    }
    if (!value || !stat->min || !stat->max) return std::nullopt;
    double low = *stat->min, high = *stat->max;
    bool below = op == ComparisonOp::kLessThan || op == ComparisonOp::kLessThanOrEqual;
    bool inclusive =
        op == ComparisonOp::kLessThanOrEqual || op == ComparisonOp::kGreaterThanOrEqual;
    // The share of values below v (or at most v).
    double share;
    double within = stat->histogram ? histogramShareWithin(*stat->histogram, low, high) : 0;
    if (within > 0) {
      // Relative to the rows still in [low, high]: `a >= x AND a < y` counts the bins between
      // x and y, not the share below y of the whole histogram again.
      double below_value =
          histogramShareBelow(*stat->histogram, *value, below ? inclusive : !inclusive);
      double below_low = histogramShareBelow(*stat->histogram, low, false);
      share = std::clamp((below_value - below_low) / within, 0.0, 1.0);
    } else if (*value < low || (*value == low && !(below && inclusive))) {
      share = 0;
    } else if (*value > high || (*value == high && below && inclusive)) {
      share = 1;
    } else {
      share = high > low ? (*value - low) / (high - low) : 1.0;
    }
    double selectivity = below ? share : 1.0 - share;
    if (update && stat->distinct_count) {
      stat->distinct_count = std::max(1.0, std::ceil(*stat->distinct_count * selectivity));
      if (below) {
        stat->max = std::min(high, *value);
      } else {
        stat->min = std::max(low, *value);
      }
      stat->null_count = 0;
      bounded_.insert(id);
    }
    return selectivity;
  }

  std::optional<double> in(const In& in, bool update) {
    ColumnStat* stat = statOf(in.value());
    if (stat == nullptr || !stat->distinct_count || *stat->distinct_count <= 0) {
      return std::nullopt;
    }
    std::set<double> numbers;
    std::set<std::string> others;
    for (const ExprPtr& item : in.list()) {
      const auto* literal = item->as<Literal>();
      if (literal == nullptr) return std::nullopt;
      if (literal->value().isNull()) continue;
      if (std::optional<double> value = estimationValue(literal->value())) {
        if (stat->min && stat->max && (*value < *stat->min || *value > *stat->max)) continue;
        numbers.insert(*value);
      } else {
        others.insert(literal->value().toString());
      }
    }
    double found = static_cast<double>(numbers.size() + others.size());
    double selectivity = std::min(1.0, found / *stat->distinct_count);
    if (update) {
      stat->distinct_count = std::min(*stat->distinct_count, found);
      if (!numbers.empty()) {
        stat->min = *numbers.begin();
        stat->max = *numbers.rbegin();
      }
      stat->null_count = 0;
      bounded_.insert(in.value()->as<AttributeReference>()->exprId());
    }
    return selectivity;
  }

  double rows_;
  AttributeStats stats_;
  std::set<ExprId> bounded_;   // the columns a conjunct narrowed
  std::set<ExprId> all_null_;  // the columns a conjunct keeps only the NULLs of
};

}  // namespace

FilterEstimate estimateFilter(const ExprPtr& condition, double rows, const AttributeStats& stats) {
  return FilterEstimator(rows, stats).estimate(condition);
}

}  // namespace planck
