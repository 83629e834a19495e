// Join-ordering benchmarks (optimizer/join_order, docs/join-ordering.md): how long each algorithm
// takes per graph shape and size, on graphs from shapeGraph() with fixed seeds.
//
//   BM_Dphyp/<shape>/<n>          exact DPhyp, n = 4..20 (cliques to 16: clique-17 alone has 64
//                                 million csg-cmp pairs). Counters: pairs (csg-cmp pairs emitted)
//                                 and ns_per_pair (the time per pair, printed in seconds with an
//                                 SI prefix: "12.3n" is 12.3 ns).
//   BM_<algorithm>/<shape>/<n>    the fallbacks on 50, 100, 200 and 1000 relations: LinearizedDp,
//                                 Goo, GooDp, and Adaptive (orderJoins, what the optimizer runs).
//                                 Cliques stop at 200 relations (19,900 edges).
//
// `join_order_bench --cost_ratios` prints, instead of benchmarking, the C_out of linearized DP,
// GOO and GOO-DP relative to DPhyp's optimum for 12-20 relations (mean and max over 8 seeds), and
// for 50-200 relations each fallback's cost relative to the best of them.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "fmt/format.h"
#include "optimizer/join_order/graph_shapes.h"
#include "optimizer/join_order/join_order.h"

namespace planck::join_order {
namespace {

constexpr GraphShape kShapes[] = {GraphShape::kChain, GraphShape::kCycle, GraphShape::kStar,
                                  GraphShape::kClique};

JoinGraph benchGraph(GraphShape shape, int n, uint64_t seed = 1) {
  std::mt19937_64 random(seed * 7919 + n);
  return shapeGraph(shape, n, random);
}

void dphyp(benchmark::State& state, GraphShape shape, int n) {
  JoinGraph graph = benchGraph(shape, n);
  int64_t pairs = 0;
  for (auto _ : state) {
    JoinOrderResult result = solveDphyp(graph);
    pairs = result.csg_cmp_pairs;
    benchmark::DoNotOptimize(result);
  }
  if (pairs != csgCmpPairs(shape, n)) state.SkipWithError("csg-cmp pairs differ from the formula");
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["ns_per_pair"] =
      benchmark::Counter(static_cast<double>(pairs), benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}

using Solver = std::function<JoinOrderResult(const JoinGraph&)>;

void fallback(benchmark::State& state, const Solver& solve, GraphShape shape, int n) {
  JoinGraph graph = benchGraph(shape, n);
  double cost = 0;
  for (auto _ : state) {
    JoinOrderResult result = solve(graph);
    cost = result.tree.cost();
    benchmark::DoNotOptimize(result);
  }
  state.counters["cost"] = cost;
}

struct Fallback {
  std::string_view name;
  Solver solve;
};

const std::vector<Fallback>& fallbacks() {
  static const std::vector<Fallback> all = {
      {"LinearizedDp", [](const JoinGraph& g) { return solveLinearizedDp(g); }},
      {"Goo", [](const JoinGraph& g) { return solveGoo(g); }},
      {"GooDp", [](const JoinGraph& g) { return solveGooDp(g); }},
      {"Adaptive", [](const JoinGraph& g) { return orderJoins(g); }},
  };
  return all;
}

void registerBenchmarks() {
  for (GraphShape shape : kShapes) {
    int largest = shape == GraphShape::kClique ? 16 : 20;
    for (int n = 4; n <= largest; ++n) {
      benchmark::RegisterBenchmark(fmt::format("BM_Dphyp/{}/{}", shapeName(shape), n).c_str(),
                                   [shape, n](benchmark::State& state) { dphyp(state, shape, n); })
          ->Unit(benchmark::kMicrosecond);
    }
  }
  for (const Fallback& algorithm : fallbacks()) {
    for (GraphShape shape : kShapes) {
      for (int n : {50, 100, 200, 1000}) {
        if (shape == GraphShape::kClique && n > 200) continue;
        const Solver& solve = algorithm.solve;
        benchmark::RegisterBenchmark(
            fmt::format("BM_{}/{}/{}", algorithm.name, shapeName(shape), n).c_str(),
            [&solve, shape, n](benchmark::State& state) { fallback(state, solve, shape, n); })
            ->Unit(benchmark::kMillisecond);
      }
    }
  }
}

// The --cost_ratios table.
int printCostRatios() {
  constexpr int kSeeds = 8;
  JoinOrderOptions small_blocks;
  small_blocks.goo_dp_block_size = 10;
  const std::vector<Fallback> inexact = {
      {"linearized DP", [](const JoinGraph& g) { return solveLinearizedDp(g); }},
      {"GOO", [](const JoinGraph& g) { return solveGoo(g); }},
      {"GOO-DP (blocks of 10)",
       [small_blocks](const JoinGraph& g) {
         return solveGooDp(g, defaultCostModel(), small_blocks);
       }},
      {"adaptive", [](const JoinGraph& g) { return orderJoins(g); }},
  };
  fmt::print("C_out relative to DPhyp's optimum, mean / max over {} seeds\n\n", kSeeds);
  fmt::print("| shape | n |");
  for (const Fallback& f : inexact) fmt::print(" {} |", f.name);
  fmt::print("\n|---|---|");
  for (size_t i = 0; i < inexact.size(); ++i) fmt::print("---|");
  fmt::print("\n");
  for (GraphShape shape : kShapes) {
    int largest = shape == GraphShape::kClique ? 16 : 20;
    for (int n = 12; n <= largest; ++n) {
      std::vector<double> sum(inexact.size(), 0), max(inexact.size(), 0);
      for (int seed = 1; seed <= kSeeds; ++seed) {
        JoinGraph graph = benchGraph(shape, n, seed);
        double optimum = solveDphyp(graph).tree.cost();
        for (size_t i = 0; i < inexact.size(); ++i) {
          double ratio = inexact[i].solve(graph).tree.cost() / optimum;
          sum[i] += ratio;
          max[i] = std::max(max[i], ratio);
        }
      }
      fmt::print("| {} | {} |", shapeName(shape), n);
      for (size_t i = 0; i < inexact.size(); ++i) {
        fmt::print(" {:.3f} / {:.3f} |", sum[i] / kSeeds, max[i]);
      }
      fmt::print("\n");
    }
  }
  fmt::print(
      "\nLarge graphs: C_out relative to the best of the three, mean / max over {} seeds\n\n",
      kSeeds);
  const std::vector<Fallback>& large = fallbacks();
  fmt::print("| shape | n | linearized DP | GOO | GOO-DP | adaptive (runs) |\n");
  fmt::print("|---|---|---|---|---|---|\n");
  for (GraphShape shape : kShapes) {
    for (int n : {50, 100, 200}) {
      std::vector<double> sum(large.size(), 0), max(large.size(), 0);
      std::string adaptive_ran;
      for (int seed = 1; seed <= kSeeds; ++seed) {
        JoinGraph graph = benchGraph(shape, n, seed);
        std::vector<double> costs;
        for (const Fallback& f : large) {
          JoinOrderResult result = f.solve(graph);
          costs.push_back(result.tree.cost());
          if (f.name == "Adaptive") adaptive_ran = algorithmName(result.algorithm);
        }
        double best = *std::min_element(costs.begin(), costs.end());
        for (size_t i = 0; i < large.size(); ++i) {
          sum[i] += costs[i] / best;
          max[i] = std::max(max[i], costs[i] / best);
        }
      }
      fmt::print("| {} | {} |", shapeName(shape), n);
      for (size_t i = 0; i < large.size(); ++i) {
        fmt::print(" {:.3f} / {:.3f}", sum[i] / kSeeds, max[i]);
        if (i + 1 == large.size()) fmt::print(" ({})", adaptive_ran);
        fmt::print(" |");
      }
      fmt::print("\n");
    }
  }
  return 0;
}

}  // namespace
}  // namespace planck::join_order

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--cost_ratios") return planck::join_order::printCostRatios();
  }
  planck::join_order::registerBenchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
