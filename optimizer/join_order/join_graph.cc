#include "optimizer/join_order/join_graph.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <utility>

#include "fmt/format.h"

namespace planck::join_order {

std::string setToString(RelationSet set) {
  std::string out = "{";
  for (RelationSet rest = set; rest != 0; rest &= rest - 1) {
    if (out.size() > 1) out += ", ";
    out += fmt::format("{}", lowestRelation(rest));
  }
  return out + "}";
}

int JoinGraph::addRelation(double rows) {
  rows_.push_back(rows);
  return size() - 1;
}

void JoinGraph::addEdge(int a, int b, double selectivity) {
  assert(a != b && a >= 0 && b >= 0 && a < size() && b < size());
  edges_.push_back({{a}, {b}, selectivity});
}

void JoinGraph::addHyperedge(std::vector<int> left, std::vector<int> right, double selectivity) {
  std::sort(left.begin(), left.end());
  left.erase(std::unique(left.begin(), left.end()), left.end());
  std::sort(right.begin(), right.end());
  right.erase(std::unique(right.begin(), right.end()), right.end());
  assert(!left.empty() && !right.empty());
  if (left.size() > 1 || right.size() > 1) has_hyperedges_ = true;
  edges_.push_back({std::move(left), std::move(right), selectivity});
}

namespace {

int findRoot(std::vector<int>& parent, int x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

}  // namespace

std::vector<std::vector<int>> JoinGraph::components() const {
  std::vector<int> parent(size());
  std::iota(parent.begin(), parent.end(), 0);
  for (const JoinEdge& edge : edges_) {
    int first = edge.left.front();
    auto unite = [&](int other) {
      int a = findRoot(parent, first), b = findRoot(parent, other);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    };
    for (int r : edge.left) unite(r);
    for (int r : edge.right) unite(r);
  }
  std::vector<int> component_of(size(), -1);
  std::vector<std::vector<int>> components;
  for (int r = 0; r < size(); ++r) {
    int root = findRoot(parent, r);
    if (component_of[root] < 0) {
      component_of[root] = static_cast<int>(components.size());
      components.emplace_back();
    }
    components[component_of[root]].push_back(r);
  }
  return components;
}

double JoinGraph::rowsOf(const std::vector<bool>& members) const {
  double rows = 1;
  for (int r = 0; r < size(); ++r) {
    if (members[r]) rows *= rows_[r];
  }
  for (const JoinEdge& edge : edges_) {
    auto inside = [&](const std::vector<int>& side) {
      return std::all_of(side.begin(), side.end(), [&](int r) { return members[r]; });
    };
    if (inside(edge.left) && inside(edge.right)) rows *= edge.selectivity;
  }
  return rows;
}

}  // namespace planck::join_order
