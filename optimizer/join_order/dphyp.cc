// DPhyp: Moerkotte & Neumann, "Dynamic Programming Strikes Back", SIGMOD 2008.
//
// DP over connected subgraphs (csg) of the join hypergraph. For each relation v from the highest
// down, it enumerates every connected set whose lowest relation is v (EnumerateCsgRec, growing a
// set through its neighborhood while excluding what earlier branches covered), and for each such
// set S1 every connected complement S2 that lies above min(S1) and is joined to S1 by an edge
// (EmitCsg, EnumerateCmpRec). Each unordered csg-cmp pair is emitted exactly once, and both sides
// have their final plans by then, so the work is proportional to the number of pairs: the lower
// bound for any DP that considers every cross-product-free bushy tree.
//
// The neighborhood of S excluding X is every simple neighbor of S outside S u X, plus for each
// hyperedge (u, w) with u in S and w disjoint from S u X the lowest relation of w, w's
// representative (the paper's E-down; we skip its subsumption pruning, which only saves work).
// A set reached through a representative need not be connected (w's other relations are not in
// it yet), hence the DP-table lookups before emitting: a set has an entry iff it has a plan.
//
// Departures from the paper: the DP table is an array indexed by the set when the graph's
// connected subgraphs fill a good part of the 2^n slots (cliques, stars; n <= 20), a hash table
// otherwise; rows of a set are computed once, when the set first gets a plan; and the plan of a
// graph DPhyp cannot join whole is finished greedily (greedy.h) from its largest planned parts.
#include <algorithm>
#include <bit>
#include <cassert>
#include <limits>
#include <utility>
#include <vector>

#include "optimizer/join_order/greedy.h"
#include "optimizer/join_order/join_order.h"

namespace planck::join_order {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// A DP entry's `left` for "no plan yet": never a proper subset of a set.
constexpr RelationSet kNoPlan = ~RelationSet{0};

struct DpEntry {
  double rows = 0;
  double cost = kInfinity;
  RelationSet left = kNoPlan;  // the left input of the best plan; 0 for a relation
};

// The DP table as an array indexed by the set: for graphs whose csgs are a large share of 2^n.
class DenseTable {
 public:
  explicit DenseTable(int relations) : entries_(size_t{1} << relations) {}
  DpEntry* find(RelationSet set) {
    DpEntry& entry = entries_[set];
    return entry.left == kNoPlan ? nullptr : &entry;
  }
  // The entry of `set` and whether it had no plan before.
  std::pair<DpEntry*, bool> findOrAdd(RelationSet set) {
    DpEntry& entry = entries_[set];
    return {&entry, entry.left == kNoPlan};
  }
  template <class F>
  void forEach(F&& f) const {
    for (size_t set = 0; set < entries_.size(); ++set) {
      if (entries_[set].left != kNoPlan) f(static_cast<RelationSet>(set), entries_[set]);
    }
  }

 private:
  std::vector<DpEntry> entries_;
};

// The DP table as a hash table, for sparse graphs (chains, cycles, large n): open addressing with
// linear probing and a multiplicative hash, at most half full. The empty set is never a key, so
// it marks a free slot. Smaller and faster than a general map for the few thousand sets these
// graphs have; sized from the count of connected subgraphs made before the enumeration.
class SparseTable {
 public:
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

struct BitsetHyperedge {
  RelationSet left = 0, right = 0;
  double selectivity = 1;
};

// The graph in bitset form: simple edges as adjacency masks and a selectivity matrix (parallel
// edges multiplied), the others as a list.
struct BitsetGraph {
  int size = 0;
  std::vector<RelationSet> adjacency;
  std::vector<double> selectivity;  // size x size, 1 where there is no edge
  std::vector<BitsetHyperedge> hyperedges;

  explicit BitsetGraph(const JoinGraph& graph)
      : size(graph.size()),
        adjacency(graph.size(), 0),
        selectivity(static_cast<size_t>(graph.size()) * graph.size(), 1.0) {
    assert(size <= kMaxBitsetRelations);
    for (const JoinEdge& edge : graph.edges()) {
      if (edge.isSimple()) {
        int a = edge.left[0], b = edge.right[0];
        adjacency[a] |= singleton(b);
        adjacency[b] |= singleton(a);
        selectivity[a * size + b] *= edge.selectivity;
        selectivity[b * size + a] *= edge.selectivity;
        continue;
      }
      BitsetHyperedge hyperedge{0, 0, edge.selectivity};
      for (int r : edge.left) hyperedge.left |= singleton(r);
      for (int r : edge.right) hyperedge.right |= singleton(r);
      assert((hyperedge.left & hyperedge.right) == 0);
      hyperedges.push_back(hyperedge);
    }
  }

  RelationSet simpleNeighbors(RelationSet set) const {
    RelationSet neighbors = 0;
    for (RelationSet rest = set; rest != 0; rest &= rest - 1) {
      neighbors |= adjacency[lowestRelation(rest)];
    }
    return neighbors;
  }

  // DPhyp's N(S, X), given S's simple neighbors (simpleNeighbors(S), which the recursion
  // extends set by set instead of recomputing).
  RelationSet neighborhood(RelationSet set, RelationSet set_neighbors, RelationSet excluded) const {
    RelationSet blocked = set | excluded;
    RelationSet neighbors = set_neighbors & ~blocked;
    for (const BitsetHyperedge& edge : hyperedges) {
      if (isSubset(edge.left, set) && (edge.right & blocked) == 0) {
        neighbors |= edge.right & (0 - edge.right);
      } else if (isSubset(edge.right, set) && (edge.left & blocked) == 0) {
        neighbors |= edge.left & (0 - edge.left);
      }
    }
    return neighbors;
  }

  // Whether an edge joins `a` to `b`; `a_neighbors` is simpleNeighbors(a).
  bool connects(RelationSet a, RelationSet a_neighbors, RelationSet b) const {
    if ((a_neighbors & b) != 0) return true;
    for (const BitsetHyperedge& edge : hyperedges) {
      if ((isSubset(edge.left, a) && isSubset(edge.right, b)) ||
          (isSubset(edge.left, b) && isSubset(edge.right, a))) {
        return true;
      }
    }
    return false;
  }

  // The product of the selectivities of the edges inside a u b but in neither alone.
  double selectivityBetween(RelationSet a, RelationSet b) const {
    if (setSize(a) > setSize(b)) std::swap(a, b);
    double product = 1;
    for (RelationSet rest = a; rest != 0; rest &= rest - 1) {
      int v = lowestRelation(rest);
      const double* row = &selectivity[v * size];
      for (RelationSet across = adjacency[v] & b; across != 0; across &= across - 1) {
        product *= row[lowestRelation(across)];
      }
    }
    RelationSet both = a | b;
    for (const BitsetHyperedge& edge : hyperedges) {
      RelationSet all = edge.left | edge.right;
      if (isSubset(all, both) && !isSubset(all, a) && !isSubset(all, b)) {
        product *= edge.selectivity;
      }
    }
    return product;
  }
};

// Visits every non-empty subset of `set`, in increasing numeric order (so each subset before its
// supersets).
template <class F>
void forEachSubset(RelationSet set, F&& f) {
  for (RelationSet subset = (0 - set) & set; subset != 0; subset = (subset - set) & set) {
    f(subset);
  }
}

// The enumeration, on a table type and a cost model type: COutCostModel is final, so its
// joinCost inlines into EmitCsgCmp.
template <class Table, class Model>
class Dphyp {
 public:
  Dphyp(const BitsetGraph& graph, const JoinGraph& input, const Model& model, Table& table)
      : graph_(graph), input_(input), model_(model), table_(table) {}

  void run() {
    for (int v = 0; v < graph_.size; ++v) {
      auto [entry, added] = table_.findOrAdd(singleton(v));
      entry->rows = input_.rows(v);
      entry->cost = model_.relationCost(entry->rows);
      entry->left = 0;
    }
    for (int v = graph_.size - 1; v >= 0; --v) {
      emitCsg(singleton(v), graph_.adjacency[v]);
      enumerateCsgRec(singleton(v), graph_.adjacency[v], upTo(v));
    }
  }

  int64_t pairs() const { return pairs_; }

 private:
  bool hasPlan(RelationSet set) { return !has_hyperedges_ || table_.find(set) != nullptr; }

  // `*_neighbors` arguments are the simple neighbors of the set before them.
  void enumerateCsgRec(RelationSet s1, RelationSet s1_neighbors, RelationSet excluded) {
    RelationSet neighbors = graph_.neighborhood(s1, s1_neighbors, excluded);
    if (neighbors == 0) return;
    forEachSubset(neighbors, [&](RelationSet subset) {
      if (hasPlan(s1 | subset)) emitCsg(s1 | subset, s1_neighbors | graph_.simpleNeighbors(subset));
    });
    RelationSet next_excluded = excluded | neighbors;
    forEachSubset(neighbors, [&](RelationSet subset) {
      enumerateCsgRec(s1 | subset, s1_neighbors | graph_.simpleNeighbors(subset), next_excluded);
    });
  }

  void emitCsg(RelationSet s1, RelationSet s1_neighbors) {
    RelationSet excluded = s1 | upTo(lowestRelation(s1));
    RelationSet neighbors = graph_.neighborhood(s1, s1_neighbors, excluded);
    if (neighbors == 0) return;
    // S1's plan is final and stays put while its complements are emitted (a copy: adding entries
    // may move the hash map's).
    const DpEntry s1_plan = *table_.find(s1);
    for (RelationSet rest = neighbors; rest != 0;) {
      int v = 63 - std::countl_zero(rest);  // descending
      rest &= ~singleton(v);
      RelationSet s2 = singleton(v);
      if (graph_.connects(s1, s1_neighbors, s2)) emitCsgCmp(s1, s1_plan, s2);
      enumerateCmpRec(s1, s1_neighbors, s1_plan, s2, graph_.adjacency[v],
                      excluded | (neighbors & upTo(v)));
    }
  }

  void enumerateCmpRec(RelationSet s1, RelationSet s1_neighbors, const DpEntry& s1_plan,
                       RelationSet s2, RelationSet s2_neighbors, RelationSet excluded) {
    RelationSet neighbors = graph_.neighborhood(s2, s2_neighbors, excluded);
    if (neighbors == 0) return;
    forEachSubset(neighbors, [&](RelationSet subset) {
      RelationSet candidate = s2 | subset;
      if (hasPlan(candidate) && graph_.connects(s1, s1_neighbors, candidate)) {
        emitCsgCmp(s1, s1_plan, candidate);
      }
    });
    RelationSet next_excluded = excluded | neighbors;
    forEachSubset(neighbors, [&](RelationSet subset) {
      enumerateCmpRec(s1, s1_neighbors, s1_plan, s2 | subset,
                      s2_neighbors | graph_.simpleNeighbors(subset), next_excluded);
    });
  }

  void emitCsgCmp(RelationSet s1, const DpEntry& left, RelationSet s2) {
    ++pairs_;
    const DpEntry right = *table_.find(s2);
    RelationSet both = s1 | s2;
    auto [entry, added] = table_.findOrAdd(both);
    if (added) entry->rows = left.rows * right.rows * graph_.selectivityBetween(s1, s2);
    double cost = model_.joinCost(left.rows, left.cost, right.rows, right.cost, entry->rows);
    if (cost < entry->cost) {
      entry->cost = cost;
      entry->left = s1;
    }
    if (!model_.symmetric()) {
      cost = model_.joinCost(right.rows, right.cost, left.rows, left.cost, entry->rows);
      if (cost < entry->cost) {
        entry->cost = cost;
        entry->left = s2;
      }
    }
  }

  const BitsetGraph& graph_;
  const JoinGraph& input_;
  const Model& model_;
  Table& table_;
  bool has_hyperedges_ = !graph_.hyperedges.empty();
  int64_t pairs_ = 0;
};

// Appends the best plan of `set` to `tree`; returns its node.
template <class Table>
int extractPlan(Table& table, RelationSet set, JoinTree& tree) {
  const DpEntry entry = *table.find(set);
  if (entry.left == 0) return tree.addLeaf(lowestRelation(set), entry.rows, entry.cost);
  int left = extractPlan(table, entry.left, tree);
  int right = extractPlan(table, set & ~entry.left, tree);
  return tree.addJoin(left, right, entry.rows, entry.cost, false);
}

template <class Table, class Model>
JoinOrderResult runDphyp(const BitsetGraph& graph, const JoinGraph& input, const Model& model,
                         Table& table) {
  Dphyp<Table, Model> dphyp(graph, input, model, table);
  dphyp.run();
  JoinOrderResult result;
  result.algorithm = JoinOrderAlgorithm::kDphyp;
  result.csg_cmp_pairs = dphyp.pairs();
  RelationSet all = firstN(graph.size);
  if (table.find(all) != nullptr) {
    extractPlan(table, all, result.tree);
    return result;
  }
  // No plan joins everything without a cross product: take the largest planned sets, disjoint,
  // and join them greedily.
  std::vector<RelationSet> planned;
  table.forEach([&](RelationSet set, const DpEntry&) { planned.push_back(set); });
  std::sort(planned.begin(), planned.end(), [](RelationSet a, RelationSet b) {
    return setSize(a) != setSize(b) ? setSize(a) > setSize(b) : a < b;
  });
  std::vector<PlannedPart> parts;
  RelationSet covered = 0;
  for (RelationSet set : planned) {
    if ((set & covered) != 0) continue;
    covered |= set;
    PlannedPart part;
    for (RelationSet rest = set; rest != 0; rest &= rest - 1) {
      part.relations.push_back(lowestRelation(rest));
    }
    part.node = extractPlan(table, set, result.tree);
    parts.push_back(std::move(part));
  }
  joinGreedily(input, model, std::move(parts), result.tree);
  return result;
}

void countCsgRec(const BitsetGraph& graph, RelationSet set, RelationSet excluded, int64_t cap,
                 int64_t& count) {
  RelationSet neighbors = graph.neighborhood(set, graph.simpleNeighbors(set), excluded);
  if (neighbors == 0) return;
  int64_t subsets = (int64_t{1} << std::min(setSize(neighbors), 62)) - 1;
  count += subsets;
  if (count > cap) return;
  RelationSet next_excluded = excluded | neighbors;
  forEachSubset(neighbors, [&](RelationSet subset) {
    if (count <= cap) countCsgRec(graph, set | subset, next_excluded, cap, count);
  });
}

int64_t countCsgs(const BitsetGraph& graph, int64_t cap) {
  int64_t count = 0;
  for (int v = graph.size - 1; v >= 0 && count <= cap; --v) {
    ++count;
    countCsgRec(graph, singleton(v), upTo(v), cap, count);
  }
  return std::min(count, cap + 1);
}

template <class Model>
JoinOrderResult dispatchTable(const BitsetGraph& graph, const JoinGraph& input,
                              const Model& model) {
  // An array of 2^n entries pays off when the connected subgraphs fill 1/16 of it.
  constexpr int kMaxDenseRelations = 20;
  int64_t dense_share = graph.size <= kMaxDenseRelations ? (int64_t{1} << graph.size) / 16 : 0;
  int64_t csgs = countCsgs(graph, std::max<int64_t>(dense_share, 1 << 16));
  if (graph.size <= kMaxDenseRelations && csgs >= dense_share) {
    DenseTable table(graph.size);
    return runDphyp(graph, input, model, table);
  }
  SparseTable table(csgs + graph.size);
  return runDphyp(graph, input, model, table);
}

}  // namespace

int64_t countConnectedSubgraphs(const JoinGraph& graph, int64_t cap) {
  if (graph.size() > kMaxBitsetRelations) return cap + 1;
  return countCsgs(BitsetGraph(graph), cap);
}

JoinOrderResult solveDphyp(const JoinGraph& graph, const CostModel& model) {
  assert(graph.size() >= 1 && graph.size() <= kMaxBitsetRelations);
  BitsetGraph bitset(graph);
  if (const auto* c_out = dynamic_cast<const COutCostModel*>(&model)) {
    return dispatchTable(bitset, graph, *c_out);
  }
  return dispatchTable(bitset, graph, model);
}

}  // namespace planck::join_order
