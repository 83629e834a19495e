// The query-graph shapes of the join-ordering literature, with random estimates: chains, cycles,
// stars and cliques (Moerkotte & Neumann's test shapes). For tests, benchmarks and examples; the
// optimizer itself never builds these.
#pragma once

#include <random>
#include <string_view>

#include "optimizer/join_order/join_graph.h"

namespace planck::join_order {

enum class GraphShape { kChain, kCycle, kStar, kClique };

// "chain", "cycle", "star", "clique".
std::string_view shapeName(GraphShape shape);

// The number of csg-cmp pairs DPhyp emits on the shape (Moerkotte & Neumann's closed forms):
// chain (n^3 - n) / 6, cycle (n^3 - 2n^2 + n) / 2, star (n - 1) * 2^(n-2), clique
// (3^n - 2^(n+1) + 1) / 2.
int64_t csgCmpPairs(GraphShape shape, int n);

// A graph of the shape over n relations (a cycle needs n >= 3). Rows are log-uniform in
// [10, 10^6]; an edge's selectivity is log-uniform in [0.1, 10] divided by the larger row count of
// its ends (capped at 1), so joins behave like key/foreign-key joins, some growing, most not, and
// estimates stay finite on a thousand relations. The chain, cycle and star centre run through
// the relations in index order unless `shuffle` renumbers them randomly.
JoinGraph shapeGraph(GraphShape shape, int n, std::mt19937_64& random, bool shuffle = false);

}  // namespace planck::join_order
