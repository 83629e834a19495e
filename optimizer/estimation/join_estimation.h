// Spark's JoinEstimation: a join's output rows from its sides' rows and the statistics of its
// equi-join keys (`a.x = b.y` conjuncts of two columns, one from each side).
//
//   per key pair       0 when the keys' [min, max] ranges do not overlap or a key has no
//                      values (all NULL); else, when both keys have histograms, Spark's
//                      computeByHistogram (below); else Spark's
//                      computeByNdv, |L| * |R| / max(ndv(x), ndv(y)) (each key value of the
//                      side with fewer matches the other side's rows of that value); the join
//                      takes the smallest over its key pairs
//   no equi-join keys  |L| * |R| for inner and cross joins; unknown otherwise
//   inner              that count;  left outer  at least |L|;  right outer  at least |R|;
//   full outer         left outer + right outer - inner
//   key uniqueness     when a side's key columns' distinct counts multiply to its rows, each
//                      row of the other side matches at most one: inner <= the other's rows
//                      (both: <= the larger side); Spark has no such bound
//   other conditions   an inner join's conjuncts beyond the key pairs filter its output, as a
//                      Filter would (filter_estimation.h); Spark leaves them out
//   left semi          |L| * the share of the left key's distinct values the right key has
//                      (the most selective pair);  left anti  the rest of |L|, or |L| when
//                      other conditions may reject matches. Spark: |L| for both
//
// computeByHistogram (with EstimationUtils.getOverlappedRanges): within the keys' common range
// [newMin, newMax], both equi-height histograms' bins are cut at each other's bounds, into open
// ranges between the cuts and the cuts themselves (bounds are values a bin holds). A side's rows
// and distinct values in each piece are where HistogramValues places them (histogram_values.h:
// a bin's hi, and its lo when it straddles the cut, as points; its other values evenly over its
// range), so each value is counted once where Spark counts one at a cut in both bins:
//
//   rows = sum over pieces  leftRows * rightRows / max(leftNdv, rightNdv)
//   ndv  = sum over pieces  min(leftNdv, rightNdv)
//
// The formula of computeByNdv, piece by piece: a skewed key, or ranges dense on one side and
// sparse on the other, no longer average out over the whole domain. A histogram describes the
// rows ANALYZE saw: a filter or join below keeps it with fewer (or more) rows, so the histogram
// gives each side's shape and its rows now the total: each piece scaled to the side's non-NULL
// rows, its distinct values to those kept (join_estimation.cc, ScaledHistogram); Spark counts
// the table's rows there. A histogram that is empty or malformed, or a key without one, takes
// computeByNdv.
//
// The output's key columns get the narrower range and the smaller distinct count (the summed
// ndv above, with histograms); every column's distinct count is at most the output rows, and
// its NULL count keeps its share of the rows. Histograms: Spark keeps each key's own, unchanged,
// though the output has leftRows(v) * rightRows(v) rows of a value v, which neither describes;
// planck gives both keys of an inner join an equi-height histogram of the ranges' joined rows
// (with computeByNdv, the one key histogram there is: the other key is uniform in that view).
// Other columns keep theirs, the rows they count scaled at the next join.
#pragma once

#include <optional>

#include "logical/operators_relational.h"
#include "optimizer/estimation/filter_estimation.h"

namespace planck {

// The estimate of `join` over sides of `left_rows` / `right_rows` rows with column statistics
// `left` / `right`; nullopt when the join's rows cannot be estimated.
std::optional<FilterEstimate> estimateJoin(const Join& join, double left_rows,
                                           const AttributeStats& left, double right_rows,
                                           const AttributeStats& right);

}  // namespace planck
