#include "optimizer/estimation/histogram_values.h"

#include <algorithm>

namespace planck {
namespace {

// The distinct count of a bin (ANALYZE never writes 0; a bin holds its hi).
double ndvOf(const HistogramBin& bin) { return std::max(1.0, static_cast<double>(bin.ndv)); }

}  // namespace

HistogramValues::HistogramValues(const Histogram& histogram)
    : histogram_(&histogram), spread_(histogram.bins.size()) {
  const std::vector<HistogramBin>& bins = histogram.bins;
  for (size_t i = 0; i < bins.size(); ++i) {
    double ndv = ndvOf(bins[i]);
    double& lo_share = spread_[i].lo_share;
    if (i > 0 && bins[i - 1].hi == bins[i].lo) {
      lo_share =
          bins[i - 1].lo == bins[i - 1].hi ? 1.0 : std::max(0.0, 1.0 - ndv / histogram.height);
    }
    lo_share = std::min(lo_share, ndv - 1);
  }
  for (size_t i = 0; i < bins.size(); ++i) {
    Spread& spread = spread_[i];
    if (i + 1 < bins.size() && bins[i + 1].lo == bins[i].hi) {
      spread.hi_share = bins[i + 1].lo == bins[i + 1].hi ? 1.0 : spread_[i + 1].lo_share;
    }
    double values = ndvOf(bins[i]) - (spread.lo_share + spread.hi_share) / 2;
    spread.value_rows = histogram.height / std::max(values, 0.5);
  }
  visit({});
}

void HistogramValues::visit(const std::vector<double>& points) {
  const std::vector<HistogramBin>& bins = histogram_->bins;
  for (size_t i = 0; i < bins.size(); ++i) {
    if (bins[i].lo == bins[i].hi) continue;
    Spread& spread = spread_[i];
    double inside = std::max(0.0, ndvOf(bins[i]) - 1 - spread.lo_share);
    auto first = std::upper_bound(points.begin(), points.end(), bins[i].lo);
    auto last = std::lower_bound(first, points.end(), bins[i].hi);
    double visited = static_cast<double>(last - first);
    double each = visited > inside ? inside / visited : 1.0;  // the values a visited point holds
    spread.point = {spread.value_rows * each, each};
    spread.range = {spread.value_rows * (inside - visited * each), inside - visited * each};
  }
}

Share HistogramValues::between(double lo, double hi) const {
  Share share;
  if (lo < hi) {
    for (auto bin = firstEndingAfter(lo, true); bin != histogram_->bins.end() && bin->lo < hi;
         ++bin) {
      if (bin->lo == bin->hi) continue;
      double part = (std::min(hi, bin->hi) - std::max(lo, bin->lo)) / (bin->hi - bin->lo);
      share.rows += spreadOf(bin).range.rows * part;
      share.ndv += spreadOf(bin).range.ndv * part;
    }
    return share;
  }
  for (auto bin = firstEndingAfter(lo, false); bin != histogram_->bins.end() && bin->lo <= lo;
       ++bin) {
    const Spread& spread = spreadOf(bin);
    if (bin->lo == bin->hi) {
      share.rows += histogram_->height;
      share.ndv += 1;
    } else if (lo == bin->hi) {
      share.rows += spread.value_rows * (1 - spread.hi_share / 2);
      share.ndv += 1;
    } else if (lo == bin->lo) {
      share.rows += spread.value_rows * spread.lo_share / 2;
      share.ndv += spread.lo_share;
    } else {
      share.rows += spread.point.rows;
      share.ndv += spread.point.ndv;
    }
  }
  share.ndv = std::min(1.0, share.ndv);
  return share;
}

void HistogramValues::collect(double lower, double upper, std::vector<double>& points) const {
  for (const HistogramBin& bin : histogram_->bins) {
    for (double bound : {bin.lo, bin.hi}) {
      if (lower <= bound && bound <= upper) points.push_back(bound);
    }
  }
}

std::vector<HistogramBin>::const_iterator HistogramValues::firstEndingAfter(double value,
                                                                            bool strictly) const {
  return std::partition_point(
      histogram_->bins.begin(), histogram_->bins.end(),
      [&](const HistogramBin& bin) { return strictly ? bin.hi <= value : bin.hi < value; });
}

const HistogramValues::Spread& HistogramValues::spreadOf(
    std::vector<HistogramBin>::const_iterator bin) const {
  return spread_[static_cast<size_t>(bin - histogram_->bins.begin())];
}

}  // namespace planck
