// DPhyp's DP tables: the best plan found so far per relation set, as an array indexed by the set
// (small or dense graphs) or a hash table (large sparse ones). Both have the same interface
// (find, findOrAdd, prefetch, forEach), so the enumeration is one template. Internal to
// join_order/ (dphyp.cc).
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "optimizer/join_order/join_graph.h"

namespace planck::join_order {

// The best plan of a set: its rows, its cost and how it splits.
struct DpEntry {
  double rows = 0;
  double cost = 0;
  RelationSet left = 0;  // the left input of the best plan; 0 for a relation
};

// An array indexed by the set, for at most 20 relations: one load per lookup. An entry holds a
// plan when its stamp is the table's, so reset() empties the table by taking a new stamp, without
// touching the 2^n entries: a table kept from run to run (up to kMaxKeptRelations relations)
// costs nothing to start, and a run allocates nothing once it has grown to the run's size.
class DenseTable {
 public:
  static constexpr int kMaxRelations = 20;
  static constexpr int kMaxKeptRelations = 16;

  // A DpEntry whose `left` takes 32 bits, leaving room for the stamp in the same 24 bytes.
  struct Entry {
    double rows;
    double cost;
    uint32_t left;   // a RelationSet of at most 20 relations
    uint32_t stamp;  // the plan is current when this is the table's stamp_
  };

  DenseTable() = default;
  explicit DenseTable(int relations) { reset(relations); }

  // Empties the table for a graph of `relations` relations.
  void reset(int relations) {
    slots_ = size_t{1} << relations;
    if (++stamp_ == 0) {  // wrapped: entries of 2^32 runs ago would look current
      std::fill(entries_.begin(), entries_.end(), Entry{});
      stamp_ = 1;
    }
    if (entries_.size() < slots_) entries_.resize(slots_);
  }

  Entry* find(RelationSet set) {
    Entry& entry = entries_[set];
    return entry.stamp == stamp_ ? &entry : nullptr;
  }
  // The entry of `set` and whether it had no plan before; the caller sets all of an added entry.
  std::pair<Entry*, bool> findOrAdd(RelationSet set) {
    Entry& entry = entries_[set];
    uint32_t stamp = stamp_;
    if (entry.stamp == stamp) return {&entry, false};
    entry.stamp = stamp;
    return {&entry, true};
  }
  // Whether the array is larger than the caches (more than kMaxKeptRelations relations), so
  // that prefetch() pays.
  bool outgrowsCaches() const { return slots_ > (size_t{1} << kMaxKeptRelations); }
  // A hint that `set` is looked up soon.
  void prefetch(RelationSet set) const { __builtin_prefetch(&entries_[set]); }
  template <class F>
  void forEach(F&& f) const {
    for (size_t set = 0; set < slots_; ++set) {
      if (entries_[set].stamp == stamp_) f(static_cast<RelationSet>(set), entries_[set]);
    }
  }

 private:
  std::vector<Entry> entries_;  // at least slots_
  size_t slots_ = 0;            // 2^n for the current graph
  uint32_t stamp_ = 0;
};

// A hash table, for larger sparse graphs (chains and cycles of more than 16 relations): open
// addressing with linear probing and a multiplicative hash, at most half full. The empty set is
// never a key, so it marks a free slot. Smaller and faster than a general map for the few
// thousand sets these graphs have; sized from the count of connected subgraphs made before the
// enumeration.
class SparseTable {
 public:
  using Entry = DpEntry;

  explicit SparseTable(int64_t expected) { resize(expected); }
  DpEntry* find(RelationSet set) {
    for (size_t i = slot(set);; i = (i + 1) & mask_) {
      if (keys_[i] == set) return &entries_[i];
      if (keys_[i] == 0) return nullptr;
    }
  }
  std::pair<DpEntry*, bool> findOrAdd(RelationSet set) {
    for (size_t i = slot(set);; i = (i + 1) & mask_) {
      if (keys_[i] == set) return {&entries_[i], false};
      if (keys_[i] != 0) continue;
      if (2 * (size_ + 1) > keys_.size()) {
        resize(2 * size_ + 2);
        return findOrAdd(set);
      }
      ++size_;
      keys_[i] = set;
      return {&entries_[i], true};
    }
  }
  bool outgrowsCaches() const { return false; }
  void prefetch(RelationSet) const {}
  template <class F>
  void forEach(F&& f) const {
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != 0) f(keys_[i], entries_[i]);
    }
  }

 private:
  size_t slot(RelationSet set) const { return (set * 0x9E3779B97F4A7C15ull) >> shift_; }

  void resize(int64_t expected) {
    int bits = 4;
    while ((int64_t{1} << bits) < 2 * expected) ++bits;
    std::vector<RelationSet> keys = std::move(keys_);
    std::vector<DpEntry> entries = std::move(entries_);
    keys_.assign(size_t{1} << bits, 0);
    entries_.assign(size_t{1} << bits, DpEntry{});
    mask_ = keys_.size() - 1;
    shift_ = 64 - bits;
    size_ = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] != 0) *findOrAdd(keys[i]).first = entries[i];
    }
  }

  std::vector<RelationSet> keys_;
  std::vector<DpEntry> entries_;
  size_t mask_ = 0;
  int shift_ = 64;
  size_t size_ = 0;
};

}  // namespace planck::join_order
