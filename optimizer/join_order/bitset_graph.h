// BitsetGraph: a JoinGraph of at most 64 relations in the form DPhyp's enumeration reads, simple
// edges as adjacency masks with a selectivity matrix, hyperedges as pairs of masks. Internal to
// join_order/ (dphyp.cc).
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <vector>

#include "optimizer/join_order/join_graph.h"

namespace planck::join_order {

// A hyperedge {left} - {right}, sides as bitsets.
struct BitsetHyperedge {
  RelationSet left = 0, right = 0;
  double selectivity = 1;
};

class BitsetGraph {
 public:
  BitsetGraph() = default;
  explicit BitsetGraph(const JoinGraph& graph) { assign(graph); }

  // Makes this the bitset form of `graph`. Reuses the buffers of the graph it held before, so a
  // graph kept from run to run is rebuilt without heap allocation.
  void assign(const JoinGraph& graph) {
    size_ = graph.size();
    assert(size_ <= kMaxBitsetRelations);
    std::fill_n(adjacency_.begin(), size_, RelationSet{0});
    // Only the entries of adjacent pairs are ever read, so the matrix is not cleared.
    if (selectivity_.size() < static_cast<size_t>(size_) * size_) {
      selectivity_.resize(static_cast<size_t>(size_) * size_);
    }
    hyperedges_.clear();
    for (const JoinEdge& edge : graph.edges()) {
      if (edge.isSimple()) {
        int a = edge.left[0], b = edge.right[0];
        double& ab = selectivity_[a * size_ + b];
        ab = (adjacency_[a] & singleton(b)) != 0 ? ab * edge.selectivity : edge.selectivity;
        selectivity_[b * size_ + a] = ab;  // parallel edges multiply
        adjacency_[a] |= singleton(b);
        adjacency_[b] |= singleton(a);
        continue;
      }
      BitsetHyperedge hyperedge{0, 0, edge.selectivity};
      for (int r : edge.left) hyperedge.left |= singleton(r);
      for (int r : edge.right) hyperedge.right |= singleton(r);
      assert((hyperedge.left & hyperedge.right) == 0);
      hyperedges_.push_back(hyperedge);
    }
  }

  int size() const { return size_; }
  bool hasHyperedges() const { return !hyperedges_.empty(); }
  // The relations a simple edge joins to `relation`.
  RelationSet adjacency(int relation) const { return adjacency_[relation]; }

  // The simple neighbors of `set` (they may lie inside it).
  RelationSet simpleNeighbors(RelationSet set) const {
    RelationSet neighbors = 0;
    for (RelationSet rest = set; rest != 0; rest &= rest - 1) {
      neighbors |= adjacency_[lowestRelation(rest)];
    }
    return neighbors;
  }

  // DPhyp's neighborhood N(S, X), given S's simple neighbors (simpleNeighbors(S),
  // which the enumeration extends set by set instead of recomputing): every simple neighbor of S
  // outside S u X, plus for each hyperedge (u, w) with u in S and w disjoint from S u X the lowest
  // relation of w, w's representative. The paper also drops hyperedges whose w contains another's
  // (its E-down); that only saves work, and we skip it.
  RelationSet neighborhood(RelationSet set, RelationSet set_neighbors, RelationSet excluded) const {
    RelationSet blocked = set | excluded;
    RelationSet neighbors = set_neighbors & ~blocked;
    for (const BitsetHyperedge& edge : hyperedges_) {
      if (isSubset(edge.left, set) && (edge.right & blocked) == 0) {
        neighbors |= edge.right & (0 - edge.right);
      } else if (isSubset(edge.right, set) && (edge.left & blocked) == 0) {
        neighbors |= edge.left & (0 - edge.left);
      }
    }
    return neighbors;
  }

  // Whether an edge joins `a` to `b` (disjoint); `a_neighbors` is simpleNeighbors(a).
  bool connects(RelationSet a, RelationSet a_neighbors, RelationSet b) const {
    if ((a_neighbors & b) != 0) return true;
    for (const BitsetHyperedge& edge : hyperedges_) {
      if ((isSubset(edge.left, a) && isSubset(edge.right, b)) ||
          (isSubset(edge.left, b) && isSubset(edge.right, a))) {
        return true;
      }
    }
    return false;
  }

  // The product of the selectivities of the edges inside a u b but in neither alone (a and b
  // disjoint); `a_neighbors` is simpleNeighbors(a).
  double selectivityBetween(RelationSet a, RelationSet a_neighbors, RelationSet b) const {
    double product = simpleSelectivityBetween(a, a_neighbors, b);
    RelationSet both = a | b;
    for (const BitsetHyperedge& edge : hyperedges_) {
      RelationSet all = edge.left | edge.right;
      if (isSubset(all, both) && !isSubset(all, a) && !isSubset(all, b)) {
        product *= edge.selectivity;
      }
    }
    return product;
  }

  // The same for the simple edges alone. They are multiplied in increasing order of their end in
  // the smaller side, then of the other end, so that the rows of a set do not depend on the code
  // path that computed them; a single edge across (the common case) needs no order.
  double simpleSelectivityBetween(RelationSet a, RelationSet a_neighbors, RelationSet b) const {
    RelationSet b_across = a_neighbors & b;  // b's relations with a simple edge into a
    if (b_across != 0 && (b_across & (b_across - 1)) == 0) {
      int u = lowestRelation(b_across);
      RelationSet a_across = adjacency_[u] & a;
      if ((a_across & (a_across - 1)) == 0)
        return selectivity_[u * size_ + lowestRelation(a_across)];
    }
    return setSize(a) > setSize(b) ? productOfEdges(b_across, a) : productOfEdges(a, b);
  }

 private:
  // The product of the selectivities of the simple edges from `from` to `to`.
  double productOfEdges(RelationSet from, RelationSet to) const {
    double product = 1;
    for (RelationSet rest = from; rest != 0; rest &= rest - 1) {
      int v = lowestRelation(rest);
      const double* row = &selectivity_[v * size_];
      for (RelationSet across = adjacency_[v] & to; across != 0; across &= across - 1) {
        product *= row[lowestRelation(across)];
      }
    }
    return product;
  }

  int size_ = 0;
  std::array<RelationSet, kMaxBitsetRelations> adjacency_{};
  std::vector<double> selectivity_;  // size x size; set where `adjacency_` has the pair
  std::vector<BitsetHyperedge> hyperedges_;
};

}  // namespace planck::join_order
