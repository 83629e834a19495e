#include "runtime/exec/group_table.h"
#include "runtime/exec/integral_key.h"

#include <algorithm>
#include <cstring>

namespace planck {

GroupTable::GroupTable(std::vector<DataType> key_types) : key_types_(std::move(key_types)) {
  if (key_types_.empty()) {
    ids_.emplace(std::string_view(), 0);
    keys_.emplace_back();
  }
  if (key_types_.size() == 1) {
    integral_key_ = isIntegralKey(key_types_[0]);
  }
}

uint32_t GroupTable::addGroup(std::string_view key) {
  auto id = static_cast<uint32_t>(keys_.size());
  keys_.push_back(store(key));
  return id;
}

template <class T>
void GroupTable::findOrInsertIntegral(const Vector& keys, size_t rows, uint32_t* group_ids) {
  const T* values = keys.values<T>();
  const uint8_t* nulls = keys.nullMask();
  for (size_t row = 0; row < rows; ++row) {
    if (nulls != nullptr && nulls[row] != 0) {
      // The encoding of a NULL key: its flag byte alone.
      if (null_group_ < 0) null_group_ = addGroup(std::string_view("\1", 1));
      group_ids[row] = static_cast<uint32_t>(null_group_);
      continue;
    }
    T value = values[row];
    auto [it, inserted] = integral_ids_.try_emplace(static_cast<int64_t>(value), 0);
    if (inserted) {
      // The encoding of a valid key: flag 0, then the value's bytes (as RowKeys writes them).
      char key[1 + sizeof(T)];
      key[0] = 0;
      std::memcpy(key + 1, &value, sizeof(T));
      it->second = addGroup(std::string_view(key, sizeof(key)));
    }
    group_ids[row] = it->second;
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
  if (integral_key_) {
    if (storageWidth(key_types_[0]) == sizeof(int32_t)) {
      findOrInsertIntegral<int32_t>(*keys[0], rows, group_ids);
    } else {
      findOrInsertIntegral<int64_t>(*keys[0], rows, group_ids);
    }
    return;
  }
  encoded_.encode(keys, rows);
  for (size_t row = 0; row < rows; ++row) {
    std::string_view key = encoded_.key(row);
    auto it = ids_.find(key);
    if (it == ids_.end()) {
      uint32_t id = addGroup(key);
      it = ids_.emplace(keys_[id], id).first;
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
         integral_ids_.capacity() * (sizeof(int64_t) + sizeof(uint32_t) + 1) +
         keys_.capacity() * sizeof(std::string_view);
}

}  // namespace planck
