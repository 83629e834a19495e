// GroupTable: the distinct grouping keys seen so far, each with a dense group id (0, 1, ...) in
// order of first appearance: the hash table of a hash aggregation. Aggregate states are kept by
// the caller in arrays indexed by group id.
//
// Keys are encoded rows (runtime/exec/row_keys.h) in a map of byte strings, except the common
// case of one INTEGER, DATE, BIGINT or DECIMAL key (TPC-H groups by order, part and customer
// keys), whose values go in a map of integers: no encoding, hashing or comparing of bytes per
// row. Both keep each group's encoded key, from which keyColumns decodes the output.
#pragma once

#include <cstdint>
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
  // A new group for the encoded `key`; returns its id.
  uint32_t addGroup(std::string_view key);
  // findOrInsert for one fixed-width integral key column of storage type T.
  template <class T>
  void findOrInsertIntegral(const Vector& keys, size_t rows, uint32_t* group_ids);

  std::vector<DataType> key_types_;
  RowKeys encoded_;
  absl::flat_hash_map<std::string_view, uint32_t> ids_;
  // The single integral key's groups (see the top): value -> id, and the NULL key's id.
  bool integral_key_ = false;
  absl::flat_hash_map<int64_t, uint32_t> integral_ids_;
  int64_t null_group_ = -1;
  std::vector<std::string_view> keys_;  // by group id, pointing into the arena
  std::vector<std::unique_ptr<char[]>> arena_;
  size_t arena_used_ = 0;   // bytes used in the last arena block
  size_t arena_block_ = 0;  // size of the last arena block
  size_t arena_bytes_ = 0;
};

}  // namespace planck
