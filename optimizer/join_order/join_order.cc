// The adaptive choice (Neumann & Radke, "Adaptive Optimization of Very Large Join Queries",
// SIGMOD 2018, section 6): the cost of exact DP is set by the number of connected subgraphs,
// not by the number of relations, so a chain of 60 relations is still solved exactly while a
// clique of 16 is not. Counting them (with a cap) costs far less than the DP it saves.
#include <algorithm>
#include <cassert>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "optimizer/join_order/greedy.h"
#include "optimizer/join_order/join_order.h"

namespace planck::join_order {

std::string_view algorithmName(JoinOrderAlgorithm algorithm) {
  switch (algorithm) {
    case JoinOrderAlgorithm::kNone:
      return "none";
    case JoinOrderAlgorithm::kDphyp:
      return "DPhyp";
    case JoinOrderAlgorithm::kDpSub:
      return "DPsub";
    case JoinOrderAlgorithm::kLinearizedDp:
      return "linearized DP";
    case JoinOrderAlgorithm::kGoo:
      return "GOO";
    case JoinOrderAlgorithm::kGooDp:
      return "GOO-DP";
  }
  return "?";
}

namespace {

// How far an algorithm is from exact, for naming the least exact one of several components.
int inexactness(JoinOrderAlgorithm algorithm) {
  switch (algorithm) {
    case JoinOrderAlgorithm::kNone:
      return 0;
    case JoinOrderAlgorithm::kDphyp:
    case JoinOrderAlgorithm::kDpSub:
      return 1;
    case JoinOrderAlgorithm::kLinearizedDp:
      return 2;
    case JoinOrderAlgorithm::kGooDp:
      return 3;
    case JoinOrderAlgorithm::kGoo:
      return 4;
  }
  return 4;
}

// One connected component.
JoinOrderResult orderComponent(const JoinGraph& graph, const CostModel& model,
                               const JoinOrderOptions& options) {
  int n = graph.size();
  if (n == 1) {
    JoinOrderResult result;
    result.tree.addLeaf(0, graph.rows(0), model.relationCost(graph.rows(0)));
    result.reason = "1 relation";
    return result;
  }
  int64_t csgs = -1;
  if (n <= kMaxBitsetRelations) {
    if (n <= options.dp_threshold) {
      JoinOrderResult result = solveDphyp(graph, model);
      result.reason = fmt::format("{} relations <= spark.sql.cbo.joinReorder.dp.threshold ({})", n,
                                  options.dp_threshold);
      return result;
    }
    csgs = countConnectedSubgraphs(graph, options.connected_subgraph_budget);
    if (csgs <= options.connected_subgraph_budget) {
      JoinOrderResult result = solveDphyp(graph, model);
      result.connected_subgraphs = csgs;
      result.reason = fmt::format("{} relations, {} connected subgraphs <= budget {}", n, csgs,
                                  options.connected_subgraph_budget);
      return result;
    }
  }
  std::string counted = csgs < 0 ? fmt::format("{} relations > {}", n, kMaxBitsetRelations)
                                 : fmt::format("{} relations, more than {} connected subgraphs", n,
                                               options.connected_subgraph_budget);
  JoinOrderResult result;
  if (n <= options.linearized_dp_limit) {
    result = solveLinearizedDp(graph, model);
    result.reason = fmt::format("{}; {} <= {}", counted, n, options.linearized_dp_limit);
    // GOO costs a fraction of linearized DP and beats it on some graphs (cliques, where the
    // spanning tree IKKBZ orders drops most edges): the cheaper tree is kept.
    JoinOrderResult greedy = solveGoo(graph, model);
    if (greedy.tree.cost() < result.tree.cost()) {
      result.tree = std::move(greedy.tree);
      result.reason += "; GOO's tree was cheaper";
    }
  } else {
    result = solveGooDp(graph, model, options);
    result.reason = fmt::format("{}; {} > {}", counted, n, options.linearized_dp_limit);
  }
  result.connected_subgraphs = csgs;
  return result;
}

}  // namespace

JoinOrderResult solveComponents(const JoinGraph& graph, const CostModel& model,
                                const std::function<JoinOrderResult(const JoinGraph&)>& solve) {
  std::vector<std::vector<int>> components = graph.components();
  // Each component on its own, relations renumbered; then cross products between them.
  JoinOrderResult result;
  std::vector<int> local_of(graph.size(), -1);
  std::vector<std::vector<int>> edges_of(components.size());
  std::vector<int> component_of(graph.size());
  for (size_t c = 0; c < components.size(); ++c) {
    for (size_t i = 0; i < components[c].size(); ++i) {
      local_of[components[c][i]] = static_cast<int>(i);
      component_of[components[c][i]] = static_cast<int>(c);
    }
  }
  for (size_t e = 0; e < graph.edges().size(); ++e) {
    edges_of[component_of[graph.edges()[e].left.front()]].push_back(static_cast<int>(e));
  }
  std::vector<PlannedPart> parts;
  std::string reasons;
  for (size_t c = 0; c < components.size(); ++c) {
    const std::vector<int>& relations = components[c];
    JoinGraph component;
    for (int r : relations) component.addRelation(graph.rows(r));
    for (int e : edges_of[c]) {
      const JoinEdge& edge = graph.edges()[e];
      std::vector<int> left, right;
      for (int r : edge.left) left.push_back(local_of[r]);
      for (int r : edge.right) right.push_back(local_of[r]);
      component.addHyperedge(std::move(left), std::move(right), edge.selectivity);
    }
    JoinOrderResult solved = solve(component);
    std::vector<int> leaf_nodes(relations.size(), -1);
    for (const JoinTreeNode& leaf : solved.tree.nodes()) {
      if (leaf.isLeaf()) {
        leaf_nodes[leaf.relation] =
            result.tree.addLeaf(relations[leaf.relation], leaf.rows, leaf.cost);
      }
    }
    int root = result.tree.graft(solved.tree, leaf_nodes);
    parts.push_back({relations, root});
    result.csg_cmp_pairs += solved.csg_cmp_pairs;
    if (inexactness(solved.algorithm) > inexactness(result.algorithm)) {
      result.algorithm = solved.algorithm;
    }
    if (relations.size() > 1 && !solved.reason.empty()) {
      reasons += fmt::format("; the {} relations from {}: {} ({})", relations.size(),
                             relations.front(), algorithmName(solved.algorithm), solved.reason);
    }
  }
  joinGreedily(graph, model, std::move(parts), result.tree);
  result.reason =
      fmt::format("{} components joined by cross products{}", components.size(), reasons);
  return result;
}

JoinOrderResult orderJoins(const JoinGraph& graph, const CostModel& model,
                           const JoinOrderOptions& options) {
  assert(graph.size() >= 1);
  auto solve = [&](const JoinGraph& component) {
    return orderComponent(component, model, options);
  };
  if (graph.components().size() == 1) return solve(graph);
  return solveComponents(graph, model, solve);
}

}  // namespace planck::join_order
