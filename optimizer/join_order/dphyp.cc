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
// Departures from the paper: the DP table is an array indexed by the set or a hash table
// (dp_table.h), picked by the graph's size and density; rows of a set are computed once, when
// the set first gets a plan; the default C_out model is dispatched statically so that its cost
// inlines; a graph of at most 16 relations is planned in buffers kept from the thread's previous
// run, without heap allocation but for the result; and the plan of a graph DPhyp cannot join
// whole is finished greedily (greedy.h) from its largest planned parts.
#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdint>
#include <typeinfo>
#include <utility>
#include <vector>

#include "optimizer/join_order/bitset_graph.h"
#include "optimizer/join_order/dp_table.h"
#include "optimizer/join_order/dphyp.h"
#include "optimizer/join_order/greedy.h"
#include "optimizer/join_order/join_order.h"

namespace planck::join_order {
namespace {

// Visits every non-empty subset of `set`, in increasing numeric order (so each subset before its
// supersets).
template <class F>
void forEachSubset(RelationSet set, F&& f) {
  for (RelationSet subset = (0 - set) & set; subset != 0; subset = (subset - set) & set) {
    f(subset);
  }
}

// The enumeration, on a table type, a cost model type (COutCostModel is final, so its joinCost
// inlines into EmitCsgCmp) and whether the graph has hyperedges (without, a neighborhood is a
// mask and every set the enumeration reaches is connected).
template <class Table, class Model, bool kHyperedges>
class Dphyp {
  using Entry = typename Table::Entry;

 public:
  Dphyp(const BitsetGraph& graph, const JoinGraph& input, const Model& model, Table& table)
      : graph_(graph), input_(input), model_(model), table_(table) {}

  // Solve(): every relation gets its plan, then from the highest relation down, each connected
  // set whose lowest relation is v is emitted, as {v} and by growing {v} above v.
  void run() {
    for (int v = 0; v < graph_.size(); ++v) {
      auto [entry, added] = table_.findOrAdd(singleton(v));
      entry->rows = input_.rows(v);
      entry->cost = model_.relationCost(entry->rows);
      entry->left = 0;
    }
    for (int v = graph_.size() - 1; v >= 0; --v) {
      RelationSet s1 = singleton(v), s1_neighbors = graph_.adjacency(v), excluded = upTo(v);
      emitCsg(s1, s1_neighbors);
      RelationSet neighbors = neighborhood(s1, s1_neighbors, excluded);
      if (neighbors != 0) enumerateCsgRec(s1, s1_neighbors, excluded, neighbors);
    }
  }

  int64_t pairs() const { return pairs_; }

 private:
  // Whether a set reached by the enumeration is connected: a set reached through a hyperedge's
  // representative is only once some pair has joined it.
  bool hasPlan(RelationSet set) { return !kHyperedges || table_.find(set) != nullptr; }

  RelationSet neighborhood(RelationSet set, RelationSet set_neighbors, RelationSet excluded) const {
    if constexpr (kHyperedges) return graph_.neighborhood(set, set_neighbors, excluded);
    return set_neighbors & ~(set | excluded);
  }

  bool connects(RelationSet a, RelationSet a_neighbors, RelationSet b) const {
    if constexpr (kHyperedges) return graph_.connects(a, a_neighbors, b);
    return (a_neighbors & b) != 0;
  }

  // In the functions below, `*_neighbors` is the simple neighbors of the set before it, and
  // `neighbors` the set's neighborhood N(S, X), computed by the caller so that a set with nothing
  // to add costs no call.

  // EnumerateCsgRec(S1, X): emits S1 grown by each subset of its neighborhood, then grows further
  // from each, excluding the neighborhood (which the subsets cover).
  void enumerateCsgRec(RelationSet s1, RelationSet s1_neighbors, RelationSet excluded,
                       RelationSet neighbors) {
    forEachSubset(neighbors, [&](RelationSet subset) {
      if (hasPlan(s1 | subset)) emitCsg(s1 | subset, s1_neighbors | graph_.simpleNeighbors(subset));
    });
    RelationSet next_excluded = excluded | neighbors;
    forEachSubset(neighbors, [&](RelationSet subset) {
      RelationSet grown = s1 | subset;
      RelationSet grown_neighbors = s1_neighbors | graph_.simpleNeighbors(subset);
      RelationSet next = neighborhood(grown, grown_neighbors, next_excluded);
      if (next != 0) enumerateCsgRec(grown, grown_neighbors, next_excluded, next);
    });
  }

  // EmitCsg(S1): S1's complements are grown from each neighbor above min(S1), the highest first,
  // each excluding the lower neighbors (which later starts cover).
  void emitCsg(RelationSet s1, RelationSet s1_neighbors) {
    RelationSet excluded = s1 | upTo(lowestRelation(s1));
    RelationSet neighbors = neighborhood(s1, s1_neighbors, excluded);
    if (neighbors == 0) return;
    s1_ = s1;
    s1_neighbors_ = s1_neighbors;
    // S1's plan is final while its complements are emitted (a copy: adding entries may move the
    // table's).
    s1_plan_ = *table_.find(s1);
    // Each S1 u {v} is looked up below: in a table larger than the caches, start the loads of
    // all of them at once.
    if (table_.outgrowsCaches()) {
      for (RelationSet rest = neighbors; rest != 0; rest &= rest - 1) {
        table_.prefetch(s1 | (rest & (0 - rest)));
      }
    }
    for (RelationSet rest = neighbors; rest != 0;) {
      int v = 63 - std::countl_zero(rest);  // descending
      rest &= ~singleton(v);
      RelationSet s2 = singleton(v), s2_neighbors = graph_.adjacency(v);
      if (connects(s1, s1_neighbors, s2)) emitCsgCmp(s2);
      RelationSet s2_excluded = excluded | (neighbors & upTo(v));
      RelationSet next = neighborhood(s2, s2_neighbors, s2_excluded);
      if (next != 0) enumerateCmpRec(s2, s2_neighbors, s2_excluded, next);
    }
  }

  // EnumerateCmpRec(S1, S2, X): as EnumerateCsgRec, for the complements S2 of the current S1;
  // a grown S2 is emitted when an edge joins it to S1.
  void enumerateCmpRec(RelationSet s2, RelationSet s2_neighbors, RelationSet excluded,
                       RelationSet neighbors) {
    forEachSubset(neighbors, [&](RelationSet subset) {
      RelationSet candidate = s2 | subset;
      if (hasPlan(candidate) && connects(s1_, s1_neighbors_, candidate)) emitCsgCmp(candidate);
    });
    RelationSet next_excluded = excluded | neighbors;
    forEachSubset(neighbors, [&](RelationSet subset) {
      RelationSet grown = s2 | subset;
      RelationSet grown_neighbors = s2_neighbors | graph_.simpleNeighbors(subset);
      RelationSet next = neighborhood(grown, grown_neighbors, next_excluded);
      if (next != 0) enumerateCmpRec(grown, grown_neighbors, next_excluded, next);
    });
  }

  // EmitCsgCmp(S1, S2): costs the join of the current S1 with S2. The rows of S1 u S2 are set
  // when it first gets a plan; every later pair agrees on them (join_graph.h).
  void emitCsgCmp(RelationSet s2) {
    ++pairs_;
    const Entry& left = s1_plan_;
    const Entry right = *table_.find(s2);
    auto [entry, added] = table_.findOrAdd(s1_ | s2);
    if (added) {
      double selectivity = kHyperedges ? graph_.selectivityBetween(s1_, s1_neighbors_, s2)
                                       : graph_.simpleSelectivityBetween(s1_, s1_neighbors_, s2);
      entry->rows = left.rows * right.rows * selectivity;
    }
    double cost = model_.joinCost(left.rows, left.cost, right.rows, right.cost, entry->rows);
    if (added || cost < entry->cost) {
      entry->cost = cost;
      entry->left = s1_;
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
  // The csg whose complements EmitCsg is emitting, its simple neighbors and its plan.
  RelationSet s1_ = 0, s1_neighbors_ = 0;
  Entry s1_plan_;
  int64_t pairs_ = 0;
};

// Appends the best plan of `set` to `tree`; returns its node.
template <class Table>
int extractPlan(Table& table, RelationSet set, JoinTree& tree) {
  const auto entry = *table.find(set);
  if (entry.left == 0) return tree.addLeaf(lowestRelation(set), entry.rows, entry.cost);
  int left = extractPlan(table, entry.left, tree);
  int right = extractPlan(table, set & ~entry.left, tree);
  return tree.addJoin(left, right, entry.rows, entry.cost, false);
}

template <class Table, class Model>
JoinOrderResult runDphyp(const BitsetGraph& graph, const JoinGraph& input, const Model& model,
                         Table& table) {
  JoinOrderResult result;
  result.algorithm = JoinOrderAlgorithm::kDphyp;
  if (graph.hasHyperedges()) {
    Dphyp<Table, Model, true> dphyp(graph, input, model, table);
    dphyp.run();
    result.csg_cmp_pairs = dphyp.pairs();
  } else {
    Dphyp<Table, Model, false> dphyp(graph, input, model, table);
    dphyp.run();
    result.csg_cmp_pairs = dphyp.pairs();
  }
  RelationSet all = firstN(graph.size());
  if (table.find(all) != nullptr) {
    result.tree.reserve(2 * graph.size() - 1);
    extractPlan(table, all, result.tree);
    return result;
  }
  // No plan joins everything without a cross product: take the largest planned sets, disjoint,
  // and join them greedily.
  std::vector<RelationSet> planned;
  table.forEach([&](RelationSet set, const auto&) { planned.push_back(set); });
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
  for (int v = graph.size() - 1; v >= 0 && count <= cap; --v) {
    ++count;
    countCsgRec(graph, singleton(v), upTo(v), cap, count);
  }
  return std::min(count, cap + 1);
}

// Buffers kept from the thread's previous run, so that planning a small graph allocates nothing
// but its result (the array holds 2^16 entries, 1.5 MB, once a graph of 16 relations has been
// planned). `busy` is set during a run: a run that starts inside another (a cost model that
// plans) takes buffers of its own.
struct Workspace {
  BitsetGraph graph;
  DenseTable dense;
  bool busy = false;
};

Workspace& threadWorkspace() {
  thread_local Workspace kept;
  return kept;
}

// Runs `f` on this thread's workspace, or on a fresh one when that is busy.
template <class F>
auto withWorkspace(F&& f) {
  Workspace& kept = threadWorkspace();
  if (kept.busy) {
    Workspace fresh;
    return f(fresh);
  }
  kept.busy = true;
  struct Release {
    Workspace& workspace;
    ~Release() { workspace.busy = false; }
  } release{kept};
  return f(kept);
}

// Runs DPhyp on `choice`'s table. kChosen: the array kept in the workspace up to 16 relations;
// up to 20 a fresh array when the connected subgraphs fill at least 1/16 of its 2^n slots
// (stars, cliques); else a hash table sized from the count of connected subgraphs.
template <class Model>
JoinOrderResult dispatchTable(const BitsetGraph& graph, const JoinGraph& input, const Model& model,
                              DphypTable choice, DenseTable& kept) {
  int n = graph.size();
  bool dense_fits = n <= DenseTable::kMaxRelations;
  if (choice != DphypTable::kHash && n <= DenseTable::kMaxKeptRelations) {
    kept.reset(n);
    return runDphyp(graph, input, model, kept);
  }
  if (choice == DphypTable::kDense) {
    assert(dense_fits);
    DenseTable table(n);
    return runDphyp(graph, input, model, table);
  }
  int64_t dense_share = dense_fits ? (int64_t{1} << n) / 16 : 0;
  int64_t csgs = countCsgs(graph, std::max<int64_t>(dense_share, 1 << 16));
  if (choice == DphypTable::kChosen && dense_fits && csgs >= dense_share) {
    DenseTable table(n);
    return runDphyp(graph, input, model, table);
  }
  SparseTable table(csgs + n);
  return runDphyp(graph, input, model, table);
}

}  // namespace

int64_t countConnectedSubgraphs(const JoinGraph& graph, int64_t cap) {
  if (graph.size() > kMaxBitsetRelations) return cap + 1;
  return withWorkspace([&](Workspace& workspace) {
    workspace.graph.assign(graph);
    return countCsgs(workspace.graph, cap);
  });
}

JoinOrderResult solveDphypWithTable(const JoinGraph& graph, const CostModel& model,
                                    DphypTable table) {
  assert(graph.size() >= 1 && graph.size() <= kMaxBitsetRelations);
  return withWorkspace([&](Workspace& workspace) {
    workspace.graph.assign(graph);
    // COutCostModel is final: the exact type says when its joinCost can be inlined.
    if (typeid(model) == typeid(COutCostModel)) {
      return dispatchTable(workspace.graph, graph, static_cast<const COutCostModel&>(model), table,
                           workspace.dense);
    }
    return dispatchTable(workspace.graph, graph, model, table, workspace.dense);
  });
}

JoinOrderResult solveDphyp(const JoinGraph& graph, const CostModel& model) {
  return solveDphypWithTable(graph, model, DphypTable::kChosen);
}

}  // namespace planck::join_order
