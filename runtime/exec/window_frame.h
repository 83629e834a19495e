// The shape of a WindowExec's buffered input: where each row's window partition and peer group
// (rows with equal ORDER BY keys) begin and end, and each row's frame. Rows arrive sorted by the
// partition keys, then the order keys (EnsureRequirements puts a SortExec below the window).
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "logical/expressions.h"
#include "runtime/exec/sort.h"

namespace planck {

// Partitions and peer groups of rows [0, rows), as half-open row ranges per row.
struct WindowLayout {
  size_t rows = 0;
  std::vector<uint32_t> partition_begin, partition_end;
  std::vector<uint32_t> peer_begin, peer_end;
  std::vector<uint32_t> partition_index;  // 0, 1, ... in input order
  size_t partitions = 0;
};

// The layout of `rows` sorted rows: a new partition where a partition key changes, a new peer
// group where an order key changes (NULL equals NULL in both). `order_keys` may be empty (every
// row of a partition is then a peer of the others).
WindowLayout layoutOf(size_t rows, const std::vector<SortKey>& partition_keys,
                      const std::vector<SortKey>& order_keys);

// Each row's frame as rows [begin[i], end[i]) (empty when begin >= end).
struct FrameBounds {
  std::vector<uint32_t> begin, end;
  bool whole_partition = false;  // every frame is its partition
};

// The frame `frame` for every row. Spark's default when the query gave none: RANGE BETWEEN
// UNBOUNDED PRECEDING AND CURRENT ROW with an ORDER BY, the whole partition without one. A RANGE
// frame with an offset needs exactly one numeric or date order key (`order_key`, its column in
// sort order; ascending or not as `order_key->ascending`); rows whose key is NULL then frame their
// NULL peers, as in Spark.
absl::StatusOr<FrameBounds> frameBoundsOf(const WindowFrame& frame, bool has_order,
                                          const WindowLayout& layout, const SortKey* order_key);

}  // namespace planck
