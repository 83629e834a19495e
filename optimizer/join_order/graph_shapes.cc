#include "optimizer/join_order/graph_shapes.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>
#include <vector>

namespace planck::join_order {

std::string_view shapeName(GraphShape shape) {
  switch (shape) {
    case GraphShape::kChain:
      return "chain";
    case GraphShape::kCycle:
      return "cycle";
    case GraphShape::kStar:
      return "star";
    case GraphShape::kClique:
      return "clique";
  }
  return "?";
}

int64_t csgCmpPairs(GraphShape shape, int n) {
  int64_t m = n;
  switch (shape) {
    case GraphShape::kChain:
      return (m * m * m - m) / 6;
    case GraphShape::kCycle:
      return (m * m * m - 2 * m * m + m) / 2;
    case GraphShape::kStar:
      return n < 2 ? 0 : (m - 1) * (int64_t{1} << (n - 2));
    case GraphShape::kClique: {
      int64_t three = 1;
      for (int i = 0; i < n; ++i) three *= 3;
      return (three - (int64_t{2} << n) + 1) / 2;
    }
  }
  return 0;
}

JoinGraph shapeGraph(GraphShape shape, int n, std::mt19937_64& random, bool shuffle) {
  assert(n >= 1 && (shape != GraphShape::kCycle || n >= 3));
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto logUniform = [&](double low, double high) {
    return std::exp(std::log(low) + unit(random) * (std::log(high) - std::log(low)));
  };
  JoinGraph graph;
  for (int r = 0; r < n; ++r) graph.addRelation(std::round(logUniform(10, 1e6)));
  std::vector<int> number(n);
  std::iota(number.begin(), number.end(), 0);
  if (shuffle) std::shuffle(number.begin(), number.end(), random);
  auto edge = [&](int a, int b) {
    int x = number[a], y = number[b];
    double selectivity = logUniform(0.1, 10) / std::max(graph.rows(x), graph.rows(y));
    graph.addEdge(x, y, std::min(selectivity, 1.0));
  };
  switch (shape) {
    case GraphShape::kChain:
      for (int r = 0; r + 1 < n; ++r) edge(r, r + 1);
      break;
    case GraphShape::kCycle:
      for (int r = 0; r + 1 < n; ++r) edge(r, r + 1);
      edge(n - 1, 0);
      break;
    case GraphShape::kStar:
      for (int r = 1; r < n; ++r) edge(0, r);
      break;
    case GraphShape::kClique:
      for (int a = 0; a < n; ++a) {
        for (int b = a + 1; b < n; ++b) edge(a, b);
      }
      break;
  }
  return graph;
}

}  // namespace planck::join_order
