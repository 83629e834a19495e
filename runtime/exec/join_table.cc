#include "runtime/exec/join_table.h"

namespace planck {

JoinHashTable::JoinHashTable(Batch build, const std::vector<const Vector*>& keys)
    : build_(std::move(build)),
      next_(build_.rows, kEnd),
      matched_(std::make_unique<std::atomic<uint8_t>[]>(build_.rows)) {
  keys_.encode(keys, build_.rows);
  heads_.reserve(build_.rows);
  // Chained in reverse so that each key's chain lists its rows in build order.
  for (size_t i = build_.rows; i-- > 0;) {
    matched_[i].store(0, std::memory_order_relaxed);
    if (keys_.hasNull(i)) {
      has_null_key_ = true;
      continue;
    }
    auto [it, inserted] = heads_.try_emplace(keys_.key(i), static_cast<uint32_t>(i));
    if (!inserted) {
      next_[i] = it->second;
      it->second = static_cast<uint32_t>(i);
    }
  }
}

size_t JoinHashTable::probe(const RowKeys& keys, size_t start, size_t rows, size_t limit,
                            std::vector<uint32_t>& probe_rows, std::vector<uint32_t>& build_rows,
                            uint32_t& resume) const {
  size_t emitted = 0;
  for (size_t row = start; row < rows; ++row) {
    if (keys.hasNull(row)) continue;
    uint32_t at;
    if (resume != 0) {
      at = resume - 1;
      resume = 0;
    } else {
      auto it = heads_.find(keys.key(row));
      if (it == heads_.end()) continue;
      at = it->second;
    }
    for (; at != kEnd; at = next_[at]) {
      if (emitted == limit) {
        // Stop here; the next call continues this row's chain at `at`.
        resume = at + 1;
        return row;
      }
      probe_rows.push_back(static_cast<uint32_t>(row));
      build_rows.push_back(at);
      ++emitted;
    }
  }
  return rows;
}

void JoinHashTable::markMatched(const std::vector<uint32_t>& build_rows) {
  for (uint32_t row : build_rows) matched_[row].store(1, std::memory_order_relaxed);
}

std::vector<uint32_t> JoinHashTable::unmatched() const {
  std::vector<uint32_t> rows;
  for (size_t i = 0; i < build_.rows; ++i) {
    if (matched_[i].load(std::memory_order_relaxed) == 0) rows.push_back(static_cast<uint32_t>(i));
  }
  return rows;
}

size_t JoinHashTable::bytes() const {
  return build_.bytes() + next_.capacity() * sizeof(uint32_t) + build_.rows +
         heads_.capacity() * (sizeof(std::string_view) + sizeof(uint32_t) + 1);
}

}  // namespace planck
