// The window functions of WindowExec, each computed over the whole buffered input at once (rows
// sorted by partition keys, then order keys; see window_frame.h):
//
//   row_number, rank, dense_rank, percent_rank, cume_dist, ntile   from the partition and peer
//                                                                  layout alone
//   lag, lead                                                      a row a fixed offset away in
//                                                                  the partition, or the default
//   first_value, last_value, nth_value                             a row of the frame
//   aggregates (sum, count, avg, min, max, first, stddev, ...)     over the frame, by the
//                                                                  runtime's AggregateFunctions
//
// Aggregates over frames are not quadratic: a frame of the whole partition is one aggregate
// per partition; a running frame (UNBOUNDED PRECEDING to a non-decreasing end) is incremental,
// each distinct frame end a step merged into the next; any other frame (sliding, ROWS or RANGE)
// is answered by a segment tree over the rows (Leis, Kundhikanchana, Kemper, Neumann:
// "Efficient Processing of Window Functions in Analytical SQL Queries", VLDB 2015, section 5.2):
// the leaves are the rows' aggregate states, each inner node the merge of its children, and a
// frame the merge of the O(log n) nodes that cover it, in row order (first and last depend on
// it, so they take the tree for running frames too). The tree's nodes and every row's frame
// state are groups of one AggregateFunction, so building and querying it are a few vectorized
// update and merge calls.
#pragma once

#include "absl/status/statusor.h"
#include "logical/expressions.h"
#include "runtime/exec/operator.h"
#include "runtime/exec/window_frame.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {

// What every window function of one WindowExec reads.
struct WindowInput {
  const Batch* rows;              // the buffered input
  const Attributes* input;        // its columns
  const WindowLayout* layout;     // its partitions and peers
  bool has_order = false;         // whether the window has an ORDER BY
  const SortKey* order_key;       // the single ORDER BY key, or null (RANGE offsets need it)
  MemoryBudget* budget;           // may be null
  const CompileOptions* compile;  // how argument expressions compile
};

// The values of `window` (function OVER spec) for every row of the input, of its data type.
absl::StatusOr<VectorPtr> evaluateWindowFunction(const WindowExpression& window,
                                                 const WindowInput& input);

}  // namespace planck
