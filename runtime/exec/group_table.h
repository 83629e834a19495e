// GroupTable: the distinct grouping keys seen so far, each with a dense group id (0, 1, ...) in
// order of first appearance: the hash table of a hash aggregation. Aggregate states are kept by
// the caller in arrays indexed by group id.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "runtime/exec/row_keys.h"
#include "runtime/vector.h"

namespace planck {

class GroupTable {
 public:
  // A table for keys of `key_types`. Without keys (a global aggregate) there is exactly one
  // group, id 0, from the start: a global aggregate of no rows still outputs one row.
  explicit GroupTable(std::vector<DataType> key_types);

  // The group id of each of `rows` rows of `keys` (one vector per key column), adding the new
  // keys as new groups.
  void findOrInsert(const std::vector<const Vector*>& keys, size_t rows, uint32_t* group_ids);

  size_t groups() const { return keys_.size(); }
  // The key columns of groups [first, first + count).
  std::vector<VectorPtr> keyColumns(size_t first, size_t count) const;
  // Memory held by the keys and the table, in bytes.
  size_t bytes() const;

 private:
  // Copies `key` into the arena; the copy never moves.
  std::string_view store(std::string_view key);

  std::vector<DataType> key_types_;
  RowKeys encoded_;
  absl::flat_hash_map<std::string_view, uint32_t> ids_;
  std::vector<std::string_view> keys_;  // by group id, pointing into the arena
  std::vector<std::unique_ptr<char[]>> arena_;
  size_t arena_used_ = 0;   // bytes used in the last arena block
  size_t arena_block_ = 0;  // size of the last arena block
  size_t arena_bytes_ = 0;
};

}  // namespace planck
