#include "runtime/exec/join_table.h"
#include "runtime/exec/integral_key.h"

#include <cstring>
#include <optional>

namespace planck {
namespace {

bool integralKey(const std::vector<const Vector*>& keys) {
  return keys.size() == 1 && isIntegralKey(keys[0]->type());
}

template <class T>
void chainIntegral(const Vector& keys, size_t rows, absl::flat_hash_map<int64_t, uint32_t>& heads,
                   std::vector<uint32_t>& next, bool& has_null_key) {
  const T* values = keys.values<T>();
  const uint8_t* nulls = keys.nullMask();
  heads.reserve(rows);
  for (size_t i = rows; i-- > 0;) {
    if (nulls != nullptr && nulls[i] != 0) {
      has_null_key = true;
      continue;
    }
    auto [it, inserted] =
        heads.try_emplace(static_cast<int64_t>(values[i]), static_cast<uint32_t>(i));
    if (!inserted) {
      next[i] = it->second & ~JoinHashTable::kChained;
      it->second = static_cast<uint32_t>(i) | JoinHashTable::kChained;
    }
  }
}

}  // namespace

JoinHashTable::JoinHashTable(Batch build, const std::vector<const Vector*>& keys)
    : build_(std::move(build)),
      next_(build_.rows, kEnd),
      matched_(std::make_unique<std::atomic<uint8_t>[]>(build_.rows)) {
  for (size_t i = 0; i < build_.rows; ++i) matched_[i].store(0, std::memory_order_relaxed);
  if (integralKey(keys)) {
    integral_key_ = true;
    if (storageWidth(keys[0]->type()) == sizeof(int32_t)) {
      chainIntegral<int32_t>(*keys[0], build_.rows, integral_heads_, next_, has_null_key_);
    } else {
      chainIntegral<int64_t>(*keys[0], build_.rows, integral_heads_, next_, has_null_key_);
    }
    return;
  }
  keys_.encode(keys, build_.rows);
  heads_.reserve(build_.rows);
  // Chained in reverse so that each key's chain lists its rows in build order.
  for (size_t i = build_.rows; i-- > 0;) {
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

namespace {

// The value of a valid integral key's encoding: a flag byte, then the value's 4 or 8 bytes
// (runtime/exec/row_keys.h); nullopt for any other encoding.
std::optional<int64_t> integralValue(std::string_view encoded_key) {
  if (encoded_key.size() == 1 + sizeof(int32_t)) {
    int32_t narrow;
    std::memcpy(&narrow, encoded_key.data() + 1, sizeof(narrow));
    return narrow;
  }
  if (encoded_key.size() == 1 + sizeof(int64_t)) {
    int64_t value;
    std::memcpy(&value, encoded_key.data() + 1, sizeof(value));
    return value;
  }
  return std::nullopt;
}

}  // namespace

uint32_t JoinHashTable::integralHead(std::string_view encoded_key) const {
  std::optional<int64_t> value = integralValue(encoded_key);
  if (!value) return kEnd;
  auto it = integral_heads_.find(*value);
  return it == integral_heads_.end() ? kEnd : it->second;
}

size_t JoinHashTable::probe(const RowKeys& keys, size_t start, size_t rows, size_t limit,
                            std::vector<uint32_t>& probe_rows, std::vector<uint32_t>& build_rows,
                            uint32_t& resume) const {
  size_t emitted = 0;
  // A build side larger than the caches costs a cache miss or two per probe: the table's slot
  // for a row some rows ahead is fetched while this row's is read.
  constexpr size_t kPrefetchAhead = 8;
  for (size_t row = start; row < rows; ++row) {
    if (integral_key_ && row + kPrefetchAhead < rows) {
      if (std::optional<int64_t> ahead = integralValue(keys.key(row + kPrefetchAhead))) {
        integral_heads_.prefetch(*ahead);
      }
    }
    if (keys.hasNull(row)) continue;
    uint32_t at;
    // Whether rows after `at` may have its key: a key of one build row (most) reads no next_.
    bool chained = true;
    if (resume != 0) {
      at = resume - 1;
      resume = 0;
    } else if (integral_key_) {
      at = integralHead(keys.key(row));
      if (at == kEnd) continue;
      chained = (at & kChained) != 0;
      at &= ~kChained;
    } else {
      auto it = heads_.find(keys.key(row));
      if (it == heads_.end()) continue;
      at = it->second;
    }
    for (; at != kEnd; at = chained ? next_[at] : kEnd) {
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
         heads_.capacity() * (sizeof(std::string_view) + sizeof(uint32_t) + 1) +
         integral_heads_.capacity() * (sizeof(int64_t) + sizeof(uint32_t) + 1);
}

}  // namespace planck
