// The greedy join of planned parts, shared by GOO (whose parts are single relations) and by the
// other algorithms, which finish with it when the graph leaves parts they could not join without
// a cross product (components; parts a hyperedge cannot join yet); and the split of a graph into
// its components. Internal to join_order/.
#pragma once

#include <functional>
#include <vector>

#include "optimizer/join_order/cost_model.h"
#include "optimizer/join_order/join_graph.h"
#include "optimizer/join_order/join_order.h"
#include "optimizer/join_order/join_tree.h"

namespace planck::join_order {

// A set of relations already joined: the subtree rooted at `node` of the tree being built.
struct PlannedPart {
  std::vector<int> relations;
  int node = -1;
};

// Fegaras's GOO over `parts` (disjoint, covering every relation of `graph`, their subtrees
// already in `tree`): while more than one part is left, joins the pair connected by an edge whose
// join has the fewest rows (ties: the lower cost); when no pair is connected, the pair with the
// fewest rows, a cross product. Appends the joins to `tree`, so its root is last.
void joinGreedily(const JoinGraph& graph, const CostModel& model, std::vector<PlannedPart> parts,
                  JoinTree& tree);

// Solves every connected component of `graph` with `solve` (its relations renumbered from 0, in
// index order) and joins the components' trees by joinGreedily's cross products. The result
// names the least exact algorithm that ran.
JoinOrderResult solveComponents(const JoinGraph& graph, const CostModel& model,
                                const std::function<JoinOrderResult(const JoinGraph&)>& solve);

}  // namespace planck::join_order
