// DPsub: the textbook exhaustive DP over all subsets (Vance & Maier, SIGMOD 1996), kept as the
// reference the tests hold DPhyp to. It shares nothing with DPhyp but JoinTree: rows are computed
// from the definition in join_graph.h, and the edge test walks the edge list, so a mistake in
// DPhyp's neighborhoods or incremental rows cannot hide in both.
#include <cassert>
#include <limits>
#include <vector>

#include "optimizer/join_order/join_order.h"

namespace planck::join_order {
namespace {

struct MaskEdge {
  RelationSet left = 0, right = 0;
  double selectivity = 1;
};

struct Entry {
  double rows = 0;
  double cost = std::numeric_limits<double>::infinity();
  RelationSet left = 0;
  bool planned = false;
};

int extract(const std::vector<Entry>& table, RelationSet set, JoinTree& tree) {
  const Entry& entry = table[set];
  if (entry.left == 0) return tree.addLeaf(lowestRelation(set), entry.rows, entry.cost);
  int left = extract(table, entry.left, tree);
  int right = extract(table, set & ~entry.left, tree);
  return tree.addJoin(left, right, entry.rows, entry.cost, false);
}

}  // namespace

JoinOrderResult solveDpSub(const JoinGraph& graph, const CostModel& model) {
  int n = graph.size();
  assert(n >= 1 && n <= 20);
  std::vector<MaskEdge> edges;
  for (const JoinEdge& edge : graph.edges()) {
    MaskEdge mask{0, 0, edge.selectivity};
    for (int r : edge.left) mask.left |= singleton(r);
    for (int r : edge.right) mask.right |= singleton(r);
    edges.push_back(mask);
  }
  auto connects = [&](RelationSet a, RelationSet b) {
    for (const MaskEdge& edge : edges) {
      if ((isSubset(edge.left, a) && isSubset(edge.right, b)) ||
          (isSubset(edge.left, b) && isSubset(edge.right, a))) {
        return true;
      }
    }
    return false;
  };
  JoinOrderResult result;
  result.algorithm = JoinOrderAlgorithm::kDpSub;
  std::vector<Entry> table(size_t{1} << n);
  for (RelationSet set = 1; set < (RelationSet{1} << n); ++set) {
    Entry& entry = table[set];
    entry.rows = 1;
    for (int r = 0; r < n; ++r) {
      if (set & singleton(r)) entry.rows *= graph.rows(r);
    }
    for (const MaskEdge& edge : edges) {
      if (isSubset(edge.left | edge.right, set)) entry.rows *= edge.selectivity;
    }
    if (setSize(set) == 1) {
      entry.cost = model.relationCost(entry.rows);
      entry.planned = true;
      continue;
    }
    // Splits whose left side holds the lowest relation: each unordered pair once.
    RelationSet lowest = set & (0 - set);
    RelationSet rest = set & ~lowest;
    for (RelationSet sub = rest;; sub = (sub - 1) & rest) {
      RelationSet left = lowest | sub;
      RelationSet right = set & ~left;
      if (right != 0 && table[left].planned && table[right].planned && connects(left, right)) {
        ++result.csg_cmp_pairs;
        const Entry& l = table[left];
        const Entry& r = table[right];
        double cost = model.joinCost(l.rows, l.cost, r.rows, r.cost, entry.rows);
        if (cost < entry.cost) entry.cost = cost, entry.left = left;
        cost = model.joinCost(r.rows, r.cost, l.rows, l.cost, entry.rows);
        if (cost < entry.cost) entry.cost = cost, entry.left = right;
        entry.planned = true;
      }
      if (sub == 0) break;
    }
  }
  RelationSet all = firstN(n);
  if (table[all].planned) extract(table, all, result.tree);
  return result;
}

}  // namespace planck::join_order
