// DPhyp with its DP table chosen by the caller, for tests that run one graph through each table
// (dphyp.cc, dp_table.h). Internal to join_order/: everyone else calls solveDphyp().
#pragma once

#include "optimizer/join_order/cost_model.h"
#include "optimizer/join_order/join_graph.h"
#include "optimizer/join_order/join_order.h"

namespace planck::join_order {

// The DP tables of dp_table.h.
enum class DphypTable {
  kChosen,  // what solveDphyp() picks for the graph
  kDense,   // the array indexed by the set; at most 20 relations
  kHash,    // the open-addressing hash table
};

// solveDphyp() on the given table.
JoinOrderResult solveDphypWithTable(const JoinGraph& graph, const CostModel& model,
                                    DphypTable table);

}  // namespace planck::join_order
