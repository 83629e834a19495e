#include "runtime/exec/group_table.h"

#include <algorithm>
#include <cstring>

namespace planck {

GroupTable::GroupTable(std::vector<DataType> key_types) : key_types_(std::move(key_types)) {
  if (key_types_.empty()) {
    ids_.emplace(std::string_view(), 0);
    keys_.emplace_back();
  }
}

std::string_view GroupTable::store(std::string_view key) {
  if (arena_used_ + key.size() > arena_block_) {
    arena_block_ = std::max<size_t>(64 * 1024, key.size());
    arena_.push_back(std::make_unique<char[]>(arena_block_));
    arena_used_ = 0;
    arena_bytes_ += arena_block_;
  }
  char* at = arena_.back().get() + arena_used_;
  std::memcpy(at, key.data(), key.size());
  arena_used_ += key.size();
  return std::string_view(at, key.size());
}

void GroupTable::findOrInsert(const std::vector<const Vector*>& keys, size_t rows,
                              uint32_t* group_ids) {
  if (key_types_.empty()) {
    std::fill_n(group_ids, rows, 0);
    return;
  }
  encoded_.encode(keys, rows);
  for (size_t row = 0; row < rows; ++row) {
    std::string_view key = encoded_.key(row);
    auto it = ids_.find(key);
    if (it == ids_.end()) {
      auto id = static_cast<uint32_t>(keys_.size());
      std::string_view stored = store(key);
      keys_.push_back(stored);
      it = ids_.emplace(stored, id).first;
    }
    group_ids[row] = it->second;
  }
}

std::vector<VectorPtr> GroupTable::keyColumns(size_t first, size_t count) const {
  std::vector<VectorPtr> columns;
  std::vector<Vector*> targets;
  for (const DataType& type : key_types_) {
    columns.push_back(Vector::make(type, 0));
    columns.back()->reserve(count);
    targets.push_back(columns.back().get());
  }
  for (size_t group = first; group < first + count; ++group) {
    decodeRowKey(keys_[group], key_types_, targets);
  }
  return columns;
}

size_t GroupTable::bytes() const {
  return arena_bytes_ + ids_.capacity() * (sizeof(std::string_view) + sizeof(uint32_t) + 1) +
         keys_.capacity() * sizeof(std::string_view);
}

}  // namespace planck
