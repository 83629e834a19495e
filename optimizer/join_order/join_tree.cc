#include "optimizer/join_order/join_tree.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "fmt/format.h"

namespace planck::join_order {

int JoinTree::graft(const JoinTree& other, const std::vector<int>& leaf_nodes) {
  std::vector<int> mapped(other.nodes_.size());
  for (size_t i = 0; i < other.nodes_.size(); ++i) {
    const JoinTreeNode& node = other.nodes_[i];
    mapped[i] = node.isLeaf() ? leaf_nodes[node.relation]
                              : addJoin(mapped[node.left], mapped[node.right], node.rows, node.cost,
                                        node.cross_product);
  }
  return mapped.back();
}

int JoinTree::crossProducts() const {
  return static_cast<int>(std::count_if(nodes_.begin(), nodes_.end(),
                                        [](const JoinTreeNode& n) { return n.cross_product; }));
}

int JoinTree::height() const {
  std::vector<int> height(nodes_.size(), 0);
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (!nodes_[i].isLeaf()) {
      height[i] = 1 + std::max(height[nodes_[i].left], height[nodes_[i].right]);
    }
  }
  return nodes_.empty() ? 0 : height.back();
}

namespace {

void appendNode(const std::vector<JoinTreeNode>& nodes, int index, std::string& out) {
  const JoinTreeNode& node = nodes[index];
  if (node.isLeaf()) {
    out += fmt::format("{}", node.relation);
    return;
  }
  out += '(';
  appendNode(nodes, node.left, out);
  out += node.cross_product ? " x " : " ";
  appendNode(nodes, node.right, out);
  out += ')';
}

// The structure recomputed() walks: each node's parent and depth, and each relation's position
// in a depth-first order of the leaves, with the range of positions under each node.
struct TreeShape {
  std::vector<int> parent, depth, first, last;  // per node
  std::vector<int> leaf_of, position;           // per relation

  TreeShape(const JoinTree& tree, int relations)
      : parent(tree.nodes().size(), -1),
        depth(tree.nodes().size(), 0),
        first(tree.nodes().size(), 0),
        last(tree.nodes().size(), 0),
        leaf_of(relations, -1),
        position(relations, -1) {
    const auto& nodes = tree.nodes();
    for (int i = tree.rootIndex(); i >= 0; --i) {
      if (nodes[i].isLeaf()) continue;
      for (int child : {nodes[i].left, nodes[i].right}) {
        parent[child] = i;
        depth[child] = depth[i] + 1;
      }
    }
    // Leaves numbered left to right by an explicit stack (trees may be 1000 deep).
    int next = 0;
    std::vector<int> stack = {tree.rootIndex()};
    while (!stack.empty()) {
      int i = stack.back();
      stack.pop_back();
      if (nodes[i].isLeaf()) {
        leaf_of[nodes[i].relation] = i;
        position[nodes[i].relation] = next;
        first[i] = last[i] = next++;
      } else {
        stack.push_back(nodes[i].right);
        stack.push_back(nodes[i].left);
      }
    }
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (!nodes[i].isLeaf()) {
        first[i] = first[nodes[i].left];
        last[i] = last[nodes[i].right];
      }
    }
  }

  int lowestCommonAncestor(int a, int b) const {
    while (depth[a] > depth[b]) a = parent[a];
    while (depth[b] > depth[a]) b = parent[b];
    while (a != b) a = parent[a], b = parent[b];
    return a;
  }

  bool inside(int relation, int node) const {
    return first[node] <= position[relation] && position[relation] <= last[node];
  }
  bool sideInside(const std::vector<int>& side, int node) const {
    return std::all_of(side.begin(), side.end(), [&](int r) { return inside(r, node); });
  }
};

bool relativelyEqual(double a, double b, double tolerance) {
  if (a == b) return true;
  return std::abs(a - b) <= tolerance * std::max(std::abs(a), std::abs(b));
}

}  // namespace

std::string JoinTree::toString() const {
  std::string out;
  if (!nodes_.empty()) appendNode(nodes_, rootIndex(), out);
  return out;
}

JoinTree recomputed(const JoinGraph& graph, const JoinTree& tree, const CostModel& model) {
  TreeShape shape(tree, graph.size());
  std::vector<double> selectivity(tree.nodes().size(), 1.0);
  std::vector<bool> connected(tree.nodes().size(), false);
  for (const JoinEdge& edge : graph.edges()) {
    int at = shape.leaf_of[edge.left.front()];
    for (const auto* side : {&edge.left, &edge.right}) {
      for (int r : *side) at = shape.lowestCommonAncestor(at, shape.leaf_of[r]);
    }
    selectivity[at] *= edge.selectivity;
    const JoinTreeNode& node = tree.node(at);
    if (node.isLeaf()) continue;
    if ((shape.sideInside(edge.left, node.left) && shape.sideInside(edge.right, node.right)) ||
        (shape.sideInside(edge.left, node.right) && shape.sideInside(edge.right, node.left))) {
      connected[at] = true;
    }
  }
  JoinTree out;
  for (size_t i = 0; i < tree.nodes().size(); ++i) {
    const JoinTreeNode& node = tree.node(static_cast<int>(i));
    if (node.isLeaf()) {
      double rows = graph.rows(node.relation);
      out.addLeaf(node.relation, rows, model.relationCost(rows));
      continue;
    }
    const JoinTreeNode& left = out.node(node.left);
    const JoinTreeNode& right = out.node(node.right);
    double rows = left.rows * right.rows * selectivity[i];
    double cost = model.joinCost(left.rows, left.cost, right.rows, right.cost, rows);
    out.addJoin(node.left, node.right, rows, cost, !connected[i]);
  }
  return out;
}

absl::Status validateJoinTree(const JoinGraph& graph, const JoinTree& tree, const CostModel& model,
                              double tolerance) {
  if (tree.empty()) return absl::InvalidArgumentError("empty join tree");
  const auto& nodes = tree.nodes();
  std::vector<int> uses(nodes.size(), 0);
  std::vector<int> leaves(graph.size(), 0);
  for (size_t i = 0; i < nodes.size(); ++i) {
    const JoinTreeNode& node = nodes[i];
    if (node.isLeaf()) {
      if (node.relation >= graph.size()) {
        return absl::InvalidArgumentError(fmt::format("node {}: no relation {}", i, node.relation));
      }
      ++leaves[node.relation];
      continue;
    }
    for (int child : {node.left, node.right}) {
      if (child < 0 || child >= static_cast<int>(i)) {
        return absl::InvalidArgumentError(
            fmt::format("node {}: child {} does not come before it", i, child));
      }
      ++uses[child];
    }
  }
  for (size_t i = 0; i + 1 < nodes.size(); ++i) {
    if (uses[i] != 1) {
      return absl::InvalidArgumentError(fmt::format("node {} is used {} times", i, uses[i]));
    }
  }
  for (int r = 0; r < graph.size(); ++r) {
    if (leaves[r] != 1) {
      return absl::InvalidArgumentError(
          fmt::format("relation {} appears {} times in {}", r, leaves[r], tree.toString()));
    }
  }
  JoinTree expected = recomputed(graph, tree, model);
  for (size_t i = 0; i < nodes.size(); ++i) {
    const JoinTreeNode& got = nodes[i];
    const JoinTreeNode& want = expected.node(static_cast<int>(i));
    if (!relativelyEqual(got.rows, want.rows, tolerance) ||
        !relativelyEqual(got.cost, want.cost, tolerance) ||
        got.cross_product != want.cross_product) {
      return absl::InvalidArgumentError(fmt::format(
          "node {} of {}: rows {} cost {} cross product {}, recomputed rows {} cost {} cross "
          "product {}",
          i, tree.toString(), got.rows, got.cost, got.cross_product, want.rows, want.cost,
          want.cross_product));
    }
  }
  return absl::OkStatus();
}

}  // namespace planck::join_order
