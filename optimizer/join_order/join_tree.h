// JoinTree: the result of join ordering, a binary tree over relation indices whose every node
// carries its estimated rows and the cost of its subtree. The CostBasedJoinReorder rule turns it
// back into a plan, leaf i being the plan of relation i.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "optimizer/join_order/cost_model.h"
#include "optimizer/join_order/join_graph.h"

namespace planck::join_order {

// A relation (leaf) or the join of two subtrees.
struct JoinTreeNode {
  int relation = -1;  // a leaf's relation; -1 for a join
  int left = -1;      // a join's children, indices into JoinTree::nodes()
  int right = -1;
  double rows = 0;
  double cost = 0;             // of the whole subtree
  bool cross_product = false;  // a join that no edge connects

  bool isLeaf() const { return relation >= 0; }
};

// Nodes are stored children first; the root is the last node.
class JoinTree {
 public:
  // The nodes are built in place (a copied temporary costs a stalled load per node).
  int addLeaf(int relation, double rows, double cost) {
    nodes_.emplace_back(relation, -1, -1, rows, cost, false);
    return rootIndex();
  }
  int addJoin(int left, int right, double rows, double cost, bool cross_product) {
    nodes_.emplace_back(-1, left, right, rows, cost, cross_product);
    return rootIndex();
  }
  // Makes room for `nodes` nodes in all: a tree over n relations has 2n - 1.
  void reserve(int nodes) { nodes_.reserve(nodes); }
  // Appends the joins of `other`, whose leaf of relation r becomes node leaf_nodes[r] of this
  // tree; returns the node of other's root. For assembling trees from the trees of parts.
  int graft(const JoinTree& other, const std::vector<int>& leaf_nodes);

  bool empty() const { return nodes_.empty(); }
  const std::vector<JoinTreeNode>& nodes() const { return nodes_; }
  const JoinTreeNode& node(int index) const { return nodes_[index]; }
  JoinTreeNode& mutableNode(int index) { return nodes_[index]; }
  int rootIndex() const { return static_cast<int>(nodes_.size()) - 1; }
  const JoinTreeNode& root() const { return nodes_.back(); }
  double rows() const { return root().rows; }
  double cost() const { return root().cost; }
  int crossProducts() const;
  // The largest number of joins on a path from the root to a leaf (0 for one relation).
  int height() const;

  // "((0 1) (2 3))"; a cross product is written "(0 x 1)".
  std::string toString() const;

 private:
  std::vector<JoinTreeNode> nodes_;
};

// `tree` with every node's rows, cost and cross-product flag computed again from scratch: rows by
// the definition in join_graph.h (each edge applied at the lowest node that holds all its
// relations), costs by `model`. `tree` must be well formed (validateJoinTree's first checks).
JoinTree recomputed(const JoinGraph& graph, const JoinTree& tree, const CostModel& model);

// OK when `tree` joins every relation of `graph` exactly once, children come before parents, and
// every node's rows, cost (relative `tolerance`) and cross-product flag are what recomputed()
// gives. The message names the first node that differs.
absl::Status validateJoinTree(const JoinGraph& graph, const JoinTree& tree, const CostModel& model,
                              double tolerance = 1e-9);

}  // namespace planck::join_order
