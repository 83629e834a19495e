// JoinGraph: the input of join ordering. Relations are numbered 0..n-1, one per leaf of a block
// of inner joins, each with an estimated row count; join predicates are (hyper)edges between two
// disjoint sets of relations, each with a selectivity. A simple predicate (a.x = b.y) is the
// 1-to-1 case; a predicate over three relations (a.x + b.y = c.z) is a hyperedge {a, b} - {c}
// and may only be evaluated once a and b are joined (Moerkotte & Neumann, "Dynamic Programming
// Strikes Back", SIGMOD 2008, section 2).
//
// The estimated row count of a set S of relations is a function of the set alone:
//
//   rows(S) = product of rows(r) for r in S * product of selectivity(e) for edges e inside S
//
// so every join tree over S has the same root cardinality, and the rows of a join L x R are
// rows(L) * rows(R) * the selectivities of the edges that lie in L u R but in neither side.
// That is what makes a dynamic programming table keyed by relation set sound.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

namespace planck::join_order {

// A set of at most 64 relations as a bitset: the exact algorithms (DPhyp, DPsub) use these.
using RelationSet = uint64_t;

// The largest graph the bitset algorithms take.
inline constexpr int kMaxBitsetRelations = 64;

inline RelationSet singleton(int relation) { return RelationSet{1} << relation; }
inline int lowestRelation(RelationSet set) { return std::countr_zero(set); }
// Without a popcount instruction in the target (-mpopcnt), std::popcount is a library call; the
// bit-parallel count inlines instead.
inline int setSize(RelationSet set) {
#ifdef __POPCNT__
  return std::popcount(set);
#else
  set -= (set >> 1) & 0x5555555555555555ull;
  set = (set & 0x3333333333333333ull) + ((set >> 2) & 0x3333333333333333ull);
  set = (set + (set >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<int>((set * 0x0101010101010101ull) >> 56);
#endif
}
inline bool isSubset(RelationSet set, RelationSet of) { return (set & ~of) == 0; }
// {0, .., relation}: DPhyp's B_v, the relations a search from `relation` must not add.
inline RelationSet upTo(int relation) {
  return relation >= 63 ? ~RelationSet{0} : (RelationSet{1} << (relation + 1)) - 1;
}
// The set of the first `n` relations.
inline RelationSet firstN(int n) { return n >= 64 ? ~RelationSet{0} : (RelationSet{1} << n) - 1; }
// "{0, 3, 5}".
std::string setToString(RelationSet set);

// A join predicate between two disjoint, non-empty sets of relations.
struct JoinEdge {
  std::vector<int> left;  // sorted, no duplicates
  std::vector<int> right;
  double selectivity = 1;

  bool isSimple() const { return left.size() == 1 && right.size() == 1; }
};

class JoinGraph {
 public:
  // Adds a relation with its estimated row count; returns its index.
  int addRelation(double rows);
  // A predicate between relations a and b.
  void addEdge(int a, int b, double selectivity);
  // A predicate between the relation sets `left` and `right` (disjoint, non-empty). One-element
  // sides make a simple edge.
  void addHyperedge(std::vector<int> left, std::vector<int> right, double selectivity);

  int size() const { return static_cast<int>(rows_.size()); }
  double rows(int relation) const { return rows_[relation]; }
  const std::vector<double>& relationRows() const { return rows_; }
  const std::vector<JoinEdge>& edges() const { return edges_; }
  bool hasHyperedges() const { return has_hyperedges_; }

  // The connected components, each a sorted list of relations, ordered by their lowest
  // relation. A hyperedge puts all its relations into one component.
  std::vector<std::vector<int>> components() const;

  // rows(S) for a set given as a membership vector (size() entries): the definition above,
  // computed directly. For tests and for checking trees; the algorithms compute it incrementally.
  double rowsOf(const std::vector<bool>& members) const;

 private:
  std::vector<double> rows_;
  std::vector<JoinEdge> edges_;
  bool has_hyperedges_ = false;
};

}  // namespace planck::join_order
