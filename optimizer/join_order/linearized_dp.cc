// Linearized DP: Neumann & Radke, "Adaptive Optimization of Very Large Join Queries", SIGMOD
// 2018, section 4.
//
// 1. Linearize: IKKBZ (Ibaraki & Kameda, TODS 1984; Krishnamurthy, Boral & Zaniolo, VLDB 1986)
//    finds the optimal left-deep order of an acyclic graph under an ASI cost function in
//    polynomial time. C_out is ASI: a sequence S has T(S) = product of rows(r) * sel(r, parent)
//    and C(S1 S2) = C(S1) + T(S1) * C(S2); ordering by rank (T - 1) / C, with a node merged into
//    a compound with the following ones while its rank is higher (normalization), is optimal for
//    a fixed root, and every root is tried. Cyclic graphs use their minimum-selectivity spanning
//    tree (Kruskal), as the paper does; a hyperedge counts as an edge between the lowest
//    relations of its sides for this step only.
// 2. DP over the order: the best bushy tree whose every subtree is a contiguous range [i, j] of
//    the order, O(n^3). IKKBZ's order puts relations that should be joined early next to each
//    other, so the best tree over ranges is close to the best tree overall.
//
// Ranges are joined only across an edge (an edge crosses split m of [i, j] when one side lies in
// [i, m] and the other in [m+1, j]) while both halves are themselves joined without cross
// products; only a range with no such split takes a cross product, the cheapest. IKKBZ's order
// of a connected graph without hyperedges makes every prefix connected, so its result has none.
// With hyperedges it may (the spanning tree saw one relation of each side); GOO's tree is taken
// then if it has fewer cross products. A disconnected graph is solved per component.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "optimizer/join_order/greedy.h"
#include "optimizer/join_order/join_order.h"

namespace planck::join_order {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// IKKBZ's unit: a sequence of relations that stay together, with its T and C.
struct Module {
  double t = 1;
  double c = 0;
  std::vector<int> relations;

  double rank() const { return c > 0 ? (t - 1) / c : -kInfinity; }
};

// Appends `next` to `module`: the ASI composition.
void append(Module& module, Module&& next) {
  module.c += module.t * next.c;
  module.t *= next.t;
  module.relations.insert(module.relations.end(), next.relations.begin(), next.relations.end());
}

struct TreeEdge {
  int to;
  double selectivity;
};

// The minimum-selectivity spanning forest, as adjacency lists.
std::vector<std::vector<TreeEdge>> spanningForest(const JoinGraph& graph) {
  absl::flat_hash_map<std::pair<int, int>, double> pairs;
  for (const JoinEdge& edge : graph.edges()) {
    int a = edge.left.front(), b = edge.right.front();
    auto key = std::minmax(a, b);
    auto [it, added] = pairs.try_emplace(key, 1.0);
    it->second *= edge.selectivity;
  }
  struct Candidate {
    int a, b;
    double selectivity;
  };
  std::vector<Candidate> candidates;
  for (const auto& [key, selectivity] : pairs) {
    candidates.push_back({key.first, key.second, selectivity});
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
    if (x.selectivity != y.selectivity) return x.selectivity < y.selectivity;
    return std::pair(x.a, x.b) < std::pair(y.a, y.b);
  });
  std::vector<int> parent(graph.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<std::vector<TreeEdge>> forest(graph.size());
  for (const Candidate& edge : candidates) {
    int a = find(edge.a), b = find(edge.b);
    if (a == b) continue;
    parent[a] = b;
    forest[edge.a].push_back({edge.b, edge.selectivity});
    forest[edge.b].push_back({edge.a, edge.selectivity});
  }
  return forest;
}

// IKKBZ for one root of a tree: the relations of the root's tree in their optimal left-deep
// order, and that order's C_out.
std::pair<std::vector<int>, double> ikkbz(const JoinGraph& graph,
                                          const std::vector<std::vector<TreeEdge>>& forest,
                                          int root) {
  // Preorder by an explicit stack, so children are processed before parents in reverse.
  std::vector<int> preorder;
  std::vector<int> parent(graph.size(), -1);
  std::vector<double> selectivity(graph.size(), 1.0);
  std::vector<int> stack = {root};
  parent[root] = root;
  while (!stack.empty()) {
    int v = stack.back();
    stack.pop_back();
    preorder.push_back(v);
    for (const TreeEdge& edge : forest[v]) {
      if (parent[edge.to] != -1) continue;
      parent[edge.to] = v;
      selectivity[edge.to] = edge.selectivity;
      stack.push_back(edge.to);
    }
  }
  // Each node's chain of modules, stored reversed: the sequence's first module is back(), so
  // taking the first is pop_back() and putting one first is push_back(). Ranks ascend along the
  // sequence, so they descend along the vector.
  std::vector<std::vector<Module>> chains(graph.size());
  for (auto it = preorder.rbegin(); it != preorder.rend(); ++it) {
    int v = *it;
    std::vector<Module> merged;
    int children = 0;
    for (const TreeEdge& edge : forest[v]) {
      if (edge.to == parent[v]) continue;
      std::vector<Module>& child = chains[edge.to];
      if (children++ == 0) {
        merged = std::move(child);
      } else {
        merged.insert(merged.end(), std::make_move_iterator(child.begin()),
                      std::make_move_iterator(child.end()));
      }
      child = {};
    }
    if (children > 1) {
      // Reversed storage: the sequence ascends by rank, so the vector descends. Stability keeps
      // each chain's own order among equal ranks.
      std::stable_sort(merged.begin(), merged.end(),
                       [](const Module& a, const Module& b) { return a.rank() > b.rank(); });
    }
    if (v == root) {
      chains[v] = std::move(merged);
      continue;
    }
    double t = selectivity[v] * graph.rows(v);
    Module module{t, t, {v}};
    while (!merged.empty() && module.rank() > merged.back().rank()) {
      append(module, std::move(merged.back()));
      merged.pop_back();
    }
    merged.push_back(std::move(module));
    chains[v] = std::move(merged);
  }
  std::vector<int> order = {root};
  Module sequence;
  std::vector<Module>& chain = chains[root];
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    order.insert(order.end(), it->relations.begin(), it->relations.end());
    sequence.c += sequence.t * it->c;
    sequence.t *= it->t;
  }
  return {std::move(order), graph.rows(root) * sequence.c};
}

// The linearization: per tree of the spanning forest, IKKBZ's best order over all roots; the
// trees one after another.
std::vector<int> linearize(const JoinGraph& graph) {
  std::vector<std::vector<TreeEdge>> forest = spanningForest(graph);
  std::vector<int> order;
  std::vector<bool> placed(graph.size(), false);
  for (const std::vector<int>& component : graph.components()) {
    std::vector<int> best;
    double best_cost = kInfinity;
    for (int root : component) {
      auto [candidate, cost] = ikkbz(graph, forest, root);
      if (best.empty() || cost < best_cost) best = std::move(candidate), best_cost = cost;
    }
    // A hyperedge joins its component, but the spanning tree (lowest relations only) may not
    // reach every relation of it: those follow in index order.
    for (int r : best) placed[r] = true;
    order.insert(order.end(), best.begin(), best.end());
    for (int r : component) {
      if (!placed[r]) order.push_back(r), placed[r] = true;
    }
  }
  return order;
}

// An edge in positions of the order: sides [left_min, left_max], [right_min, right_max], oriented
// so the left side comes first when the sides do not interleave.
struct RangeEdge {
  int min_position, left_max, right_min;
  bool separable;  // some split puts the sides on opposite halves
  double selectivity;
};

struct RangeEntry {
  double rows = 0;
  double cost = kInfinity;
  int split = -1;  // the last position of the left input; -1 for a relation
  bool swapped = false;
  bool connected = false;  // planned without a cross product
  bool crossing = false;   // an edge crosses the chosen split
};

// Linearized DP on a connected graph.
JoinOrderResult linearizedDp(const JoinGraph& graph, const CostModel& model) {
  int n = graph.size();
  std::vector<int> order = linearize(graph);
  std::vector<int> position(n);
  for (int p = 0; p < n; ++p) position[order[p]] = p;
  std::vector<std::vector<RangeEdge>> ending_at(n);
  for (const JoinEdge& edge : graph.edges()) {
    auto bounds = [&](const std::vector<int>& side) {
      int low = n, high = -1;
      for (int r : side) low = std::min(low, position[r]), high = std::max(high, position[r]);
      return std::pair(low, high);
    };
    auto [left_min, left_max] = bounds(edge.left);
    auto [right_min, right_max] = bounds(edge.right);
    if (right_max < left_min) {
      std::swap(left_min, right_min);
      std::swap(left_max, right_max);
    }
    ending_at[std::max(left_max, right_max)].push_back({std::min(left_min, right_min), left_max,
                                                        right_min, left_max < right_min,
                                                        edge.selectivity});
  }

  std::vector<RangeEntry> table(static_cast<size_t>(n) * n);
  auto at = [&](int i, int j) -> RangeEntry& { return table[static_cast<size_t>(i) * n + j]; };
  std::vector<int> cover_delta(n + 1);
  for (int i = n - 1; i >= 0; --i) {
    std::fill(cover_delta.begin(), cover_delta.end(), 0);
    double rows = 1;
    for (int j = i; j < n; ++j) {
      rows *= graph.rows(order[j]);
      for (const RangeEdge& edge : ending_at[j]) {
        if (edge.min_position < i) continue;
        rows *= edge.selectivity;
        if (edge.separable) ++cover_delta[edge.left_max], --cover_delta[edge.right_min];
      }
      RangeEntry& entry = at(i, j);
      entry.rows = rows;
      if (i == j) {
        entry.cost = model.relationCost(rows);
        entry.connected = true;
        continue;
      }
      // Best split across an edge between connected halves, and best split of any kind.
      RangeEntry best, best_any;
      int covered = 0;
      for (int m = i; m < j; ++m) {
        covered += cover_delta[m];
        const RangeEntry& left = at(i, m);
        const RangeEntry& right = at(m + 1, j);
        bool joined = covered > 0 && left.connected && right.connected;
        for (bool swapped : {false, true}) {
          if (swapped && model.symmetric()) break;
          const RangeEntry& a = swapped ? right : left;
          const RangeEntry& b = swapped ? left : right;
          double cost = model.joinCost(a.rows, a.cost, b.rows, b.cost, rows);
          if (joined && cost < best.cost) {
            best.cost = cost, best.split = m, best.swapped = swapped, best.crossing = true;
          }
          if (cost < best_any.cost) {
            best_any.cost = cost, best_any.split = m, best_any.swapped = swapped;
            best_any.crossing = covered > 0;
          }
        }
      }
      const RangeEntry& chosen = best.split >= 0 ? best : best_any;
      entry.cost = chosen.cost;
      entry.split = chosen.split;
      entry.swapped = chosen.swapped;
      entry.crossing = chosen.crossing;
      entry.connected = best.split >= 0;
    }
  }

  JoinOrderResult result;
  result.algorithm = JoinOrderAlgorithm::kLinearizedDp;
  auto extract = [&](auto& self, int i, int j) -> int {
    const RangeEntry& entry = at(i, j);
    if (i == j) return result.tree.addLeaf(order[i], entry.rows, entry.cost);
    int left = self(self, i, entry.split);
    int right = self(self, entry.split + 1, j);
    if (entry.swapped) std::swap(left, right);
    return result.tree.addJoin(left, right, entry.rows, entry.cost, !entry.crossing);
  };
  extract(extract, 0, n - 1);
  return result;
}

}  // namespace

JoinOrderResult solveLinearizedDp(const JoinGraph& graph, const CostModel& model) {
  assert(graph.size() >= 1);
  if (graph.components().size() > 1) {
    return solveComponents(graph, model, [&](const JoinGraph& component) {
      return solveLinearizedDp(component, model);
    });
  }
  JoinOrderResult result = linearizedDp(graph, model);
  if (result.tree.crossProducts() == 0) return result;
  // Only hyperedges get here: the spanning tree saw one relation of each side, and the order
  // separated a side's relations. GOO joins across a hyperedge whenever its sides are whole.
  JoinOrderResult greedy = solveGoo(graph, model);
  if (greedy.tree.crossProducts() < result.tree.crossProducts()) {
    greedy.reason = "the linearization split a hyperedge's side, which needed a cross product";
    return greedy;
  }
  return result;
}

}  // namespace planck::join_order
