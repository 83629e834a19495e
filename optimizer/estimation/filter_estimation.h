// Spark's FilterEstimation: how many of a filter's input rows pass its condition, from the
// input's column statistics, and the statistics of what passes.
//
//   a AND b            sel(a) * sel(b), the conjuncts narrowing the statistics in turn
//   a OR b             sel(a) + sel(b) - sel(a) * sel(b)
//   NOT a              1 - sel(a)
//   col IS [NOT] NULL  the column's NULL fraction (or the rest)
//   col = v            0 outside [min, max], else the histogram's share of v or 1 / ndv
//   col < v, <=, >, >= the share of [min, max] below or above v: the histogram's bins, or a
//                      uniform spread without one
//   col IN (v, ...)    the distinct values inside [min, max], over ndv
//   LIKE, startswith,  0.05: planck's default (Spark has none: it keeps every row)
//   endswith, contains
//   anything else      1 (comparisons of two columns, functions): Spark's "unknown"
//
// The passing rows are ceil(input rows * selectivity). A column the condition bounds gets the
// new bounds and distinct count (`col IS NULL`: none, all its rows NULL); the others' distinct
// counts shrink with the rows (updateNdv) and their NULL counts in proportion, as Spark's
// updateCountStats. A histogram is kept as it is: it describes the values ANALYZE saw, and the
// join estimate scales it to the rows that pass (join_estimation.h).
#pragma once

#include "logical/expression.h"
#include "optimizer/estimation/column_stat.h"

namespace planck {

struct FilterEstimate {
  double rows = 0;
  AttributeStats stats;
};

// The estimate of a filter on `condition` over `rows` input rows with column statistics
// `stats`.
FilterEstimate estimateFilter(const ExprPtr& condition, double rows, const AttributeStats& stats);

}  // namespace planck
