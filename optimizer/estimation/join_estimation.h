// Spark's JoinEstimation: a join's output rows from its sides' rows and the statistics of its
// equi-join keys (`a.x = b.y` conjuncts of two columns, one from each side).
//
//   per key pair       0 when the keys' [min, max] ranges do not overlap, else
//                      |L| * |R| / max(ndv(x), ndv(y)) (each key value of the side with fewer
//                      matches the other side's rows of that value); the join takes the
//                      smallest over its key pairs
//   no equi-join keys  |L| * |R| for inner and cross joins; unknown otherwise
//   inner              that count;  left outer  at least |L|;  right outer  at least |R|;
//   full outer         left outer + right outer - inner;  left semi / anti  |L|, as Spark
//
// The output's key columns get the narrower range and the smaller distinct count; every
// column's distinct count is at most the output rows.
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
