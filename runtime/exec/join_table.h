// JoinHashTable: the build side of a hash join (broadcast or shuffled) as one batch, with its
// rows chained by join key; probing finds, for each probe row, the build rows with equal keys.
// Rows whose key has a NULL never match (SQL's `=`); they stay in the batch, so an outer join
// can still output them unmatched.
//
// A single INTEGER, DATE, BIGINT or DECIMAL join key (most joins: TPC-H's are all on integer
// keys) is chained in a map of integers; probing reads the value back from the probe row's
// encoded key, so no bytes are hashed or compared.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "runtime/exec/row_keys.h"
#include "runtime/vector.h"

namespace planck {

class JoinHashTable {
 public:
  // The build side's rows (`build`) and their key columns (`keys`, same row count).
  JoinHashTable(Batch build, const std::vector<const Vector*>& keys);

  const Batch& rows() const { return build_; }
  size_t size() const { return build_.rows; }
  // Whether some build row has a NULL key (a null-aware anti join then returns nothing).
  bool hasNullKey() const { return has_null_key_; }

  // Matches of probe rows [start, rows) with keys `keys`, at most `limit` pairs: appends the
  // probe row and build row of each match to `probe_rows` / `build_rows` and returns the
  // probe row to continue from (== rows when done). When the limit falls inside a row's
  // matches, `resume` (0 at first) carries the position in its chain to the next call.
  size_t probe(const RowKeys& keys, size_t start, size_t rows, size_t limit,
               std::vector<uint32_t>& probe_rows, std::vector<uint32_t>& build_rows,
               uint32_t& resume) const;

  // Marks build rows as matched (for right and full outer joins, which output the others);
  // safe from several threads probing one broadcast table.
  void markMatched(const std::vector<uint32_t>& build_rows);
  // The build rows never marked, in order.
  std::vector<uint32_t> unmatched() const;

  size_t bytes() const;

  // In integral_heads_, the flag of a head whose key has more build rows (chained in next_).
  static constexpr uint32_t kChained = 0x80000000u;

 private:
  static constexpr uint32_t kEnd = UINT32_MAX;

  Batch build_;
  bool has_null_key_ = false;
  RowKeys keys_;
  // The first build row with the integral key encoded in `encoded_key`, or kEnd.
  uint32_t integralHead(std::string_view encoded_key) const;

  absl::flat_hash_map<std::string_view, uint32_t> heads_;  // key -> first build row
  bool integral_key_ = false;
  // value -> first build row, with kChained when the key has more rows
  absl::flat_hash_map<int64_t, uint32_t> integral_heads_;
  std::vector<uint32_t> next_;  // build row -> next with its key
  std::unique_ptr<std::atomic<uint8_t>[]> matched_;
};

}  // namespace planck
