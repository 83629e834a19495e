// planck's TPC-H data generator: the eight tables of the TPC-H specification (revision 3.0.1,
// clause 4.2) at any scale factor, generated straight into column batches.
//
// What follows the specification: the schema, the row counts (SF × the base counts; nation
// and region fixed; fractional SF scales as dbgen does), the keys (sparse order keys: 8 used
// of every 32, clause 4.2.3; customers with a key divisible by 3 place no orders; partsupp's
// four suppliers per part by the spec's formula), the value domains and distributions of
// clause 4.2.3 (dates, prices, discounts, quantities, statuses derived from dates), the text
// pools of clause 4.2.2.13 (types, containers, segments, priorities, ship modes and
// instructions, part-name colours) and comments of the right lengths.
//
// Where it departs: the random streams are planck's own (a counter-based generator keyed by
// table, column and row), so the rows are not the rows TPC's dbgen writes, and comments are
// drawn from a word list rather than the spec's grammar. Answers to the 22 queries therefore
// differ from the reference answers, which are for TPC's data.
//
// Generation is deterministic for a scale factor and skew: each row's values depend only on
// (table, column, row number), so parts of a table can be generated in parallel and in any order.
//
// Skewed data (DbgenOptions::skew, for adaptive execution's skew-join tests and benchmarks, as
// Spark's OptimizeSkewedJoin handles): l_partkey and o_custkey follow a Zipf distribution
// (runtime/tpch/zipf.h) instead of a uniform one, key 1 the most frequent. l_suppkey is still
// derived from l_partkey by the spec's formula, so every (l_partkey, l_suppkey) is a partsupp
// row, and customers with a key divisible by 3 still place no orders. The skewed keys draw from
// streams of their own, so every other column keeps the values of the uniform data except those
// computed from the keys (l_suppkey, l_extendedprice, o_totalprice).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog.h"
#include "runtime/partition_layout.h"

namespace planck {

// Rows of each table at scale factor `sf` (nation 25 and region 5 at every scale factor).
struct TpchRowCounts {
  int64_t part, supplier, partsupp, customer, orders, nation, region;
  // lineitem's count is not fixed: 1 to 7 lines per order (about 4 × orders).
};
TpchRowCounts tpchRowCounts(double sf);

// Called as generation proceeds: rows done and rows expected (over all tables).
using DbgenProgress = std::function<void(int64_t done, int64_t total)>;

// Largest Zipf exponent accepted: at 4, key 1 already holds over 92% of the rows.
inline constexpr double kMaxDbgenSkew = 4;

// What CALL dbgen generates and how.
struct DbgenOptions {
  double scale_factor = 1;
  // Zipf exponent s of l_partkey and o_custkey, P(key k) ∝ 1 / k^s, in [0, kMaxDbgenSkew];
  // 0 is the uniform TPC-H data.
  double skew = 0;
  size_t threads = 1;  // generation tasks run at once
  DbgenProgress progress;
};

// CALL dbgen(sf = N, skew = S): generates the tables (runtime/tpch/tpch_tables.h), then creates or
// replaces the eight TPC-H tables in `catalog` with the generated rows. Returns the total number of
// rows.
absl::StatusOr<int64_t> runDbgen(Catalog& catalog, const DbgenOptions& options,
                                 const PartitionLayout& layout);

}  // namespace planck
