// Join ordering: orderJoins() picks an algorithm by the size of the graph (Neumann & Radke,
// "Adaptive Optimization of Very Large Join Queries", SIGMOD 2018) and says which one ran. The
// algorithms are also callable on their own: exact DPhyp, the exhaustive DPsub reference,
// linearized DP, GOO and GOO-DP. docs/join-ordering.md describes them.
//
// Every algorithm returns a tree that joins each relation exactly once, with rows and costs
// computed by the given CostModel. None adds a cross product while the graph offers a join:
// disconnected parts (components, or parts a hyperedge cannot join yet) are joined by cross
// products at the end, the pair with the cheapest result first, so the largest come last.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "optimizer/join_order/cost_model.h"
#include "optimizer/join_order/join_graph.h"
#include "optimizer/join_order/join_tree.h"

namespace planck::join_order {

// Which algorithm produced a JoinOrderResult.
enum class JoinOrderAlgorithm {
  kNone,          // one relation: nothing to order
  kDphyp,         // exact, bushy, over connected subgraphs
  kDpSub,         // exact, bushy, over all subsets: the test reference
  kLinearizedDp,  // IKKBZ's order, then DP over its contiguous ranges
  kGoo,           // greedy operator ordering
  kGooDp,         // GOO's tree improved block by block with DP
};

// "DPhyp", "linearized DP", ...: the names EXPLAIN VERBOSE and the benchmarks print.
std::string_view algorithmName(JoinOrderAlgorithm algorithm);

// A join tree and how it was found.
struct JoinOrderResult {
  JoinTree tree;
  JoinOrderAlgorithm algorithm = JoinOrderAlgorithm::kNone;
  // Pairs (S1, S2) of disjoint connected subgraphs joined by an edge that DP costed, each
  // unordered pair once: DPhyp's EmitCsgCmp calls (all DP runs of the result together).
  int64_t csg_cmp_pairs = 0;
  // Connected subgraphs the adaptive chooser counted before deciding, capped at its budget + 1;
  // -1 when it did not count.
  int64_t connected_subgraphs = -1;
  // Why the chooser took this algorithm, for EXPLAIN VERBOSE.
  std::string reason;
};

// DPhyp (Moerkotte & Neumann, "Dynamic Programming Strikes Back", SIGMOD 2008): the optimal bushy
// tree without cross products. At most kMaxBitsetRelations relations.
JoinOrderResult solveDphyp(const JoinGraph& graph, const CostModel& model = defaultCostModel());

// The connected subgraphs of `graph` (DPhyp's csg enumeration without the DP), counted up to
// `cap` + 1: the adaptive chooser's measure of DPhyp's work (Neumann & Radke, SIGMOD 2018).
// Hypergraphs count the candidate sets DPhyp visits, an upper bound. Graphs of more than
// kMaxBitsetRelations relations return cap + 1.
int64_t countConnectedSubgraphs(const JoinGraph& graph, int64_t cap);

// DPsub: DP over every subset, in increasing numeric order, trying every split. O(3^n); for
// tests of the other algorithms on small graphs (at most 20 relations). The tree is empty when
// the graph cannot be joined without a cross product.
JoinOrderResult solveDpSub(const JoinGraph& graph, const CostModel& model = defaultCostModel());

// Linearized DP (Neumann & Radke, "Adaptive Optimization of Very Large Join Queries", SIGMOD
// 2018): IKKBZ's optimal left-deep order of a minimum-selectivity spanning tree, then the optimal
// bushy tree whose every subtree is a contiguous range of that order. O(n^3); any size. When
// hyperedges make that tree need a cross product and GOO's needs fewer, GOO's is returned (and
// the result says kGoo).
JoinOrderResult solveLinearizedDp(const JoinGraph& graph,
                                  const CostModel& model = defaultCostModel());

// GOO (Fegaras, "A New Heuristic for Optimizing Large Queries", DEXA 1998): repeatedly joins the
// two connected subtrees whose join has the fewest rows. Any size.
JoinOrderResult solveGoo(const JoinGraph& graph, const CostModel& model = defaultCostModel());

// When orderJoins() runs which algorithm.
struct JoinOrderOptions {
  // DPhyp for at most this many relations, whatever their graph
  // (spark.sql.cbo.joinReorder.dp.threshold).
  int dp_threshold = 12;
  // DPhyp also for larger graphs (up to kMaxBitsetRelations) with at most this many connected
  // subgraphs; Neumann & Radke's budget.
  int64_t connected_subgraph_budget = 10000;
  // Linearized DP up to this many relations, GOO-DP beyond.
  int linearized_dp_limit = 100;
  // The largest block GOO-DP re-orders at once.
  int goo_dp_block_size = 100;
};

// GOO-DP (Neumann & Radke, SIGMOD 2018): GOO's tree, then bottom up every largest subtree of at
// most options.goo_dp_block_size inputs is re-ordered by DPhyp or linearized DP (chosen as
// orderJoins() does) and becomes one input of the next round, until the root's block is
// re-ordered. A block keeps GOO's tree when that is cheaper, so under C_out GOO-DP never costs
// more than GOO.
JoinOrderResult solveGooDp(const JoinGraph& graph, const CostModel& model = defaultCostModel(),
                           const JoinOrderOptions& options = {});

// The adaptive choice, per connected component: DPhyp while the component has at most
// options.dp_threshold relations or at most options.connected_subgraph_budget connected
// subgraphs, linearized DP up to options.linearized_dp_limit relations (keeping GOO's tree when
// that is cheaper), GOO-DP beyond. Components are then joined by cross products, cheapest first.
// The result names the least exact algorithm that ran and why.
JoinOrderResult orderJoins(const JoinGraph& graph, const CostModel& model = defaultCostModel(),
                           const JoinOrderOptions& options = {});

}  // namespace planck::join_order
