// Join ordering (optimizer/join_order): DPhyp against the exhaustive DPsub and the closed forms
// of its csg-cmp pairs, hyperedges, disconnected graphs, the fallbacks (linearized DP, GOO,
// GOO-DP) and the adaptive choice between them.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "optimizer/join_order/dphyp.h"
#include "optimizer/join_order/graph_shapes.h"
#include "optimizer/join_order/join_order.h"

namespace planck::join_order {
namespace {

constexpr GraphShape kShapes[] = {GraphShape::kChain, GraphShape::kCycle, GraphShape::kStar,
                                  GraphShape::kClique};

double relativeDifference(double a, double b) {
  return a == b ? 0 : std::abs(a - b) / std::max(std::abs(a), std::abs(b));
}

// The relations under each node of `tree`, as bitsets (graphs of at most 64 relations).
std::vector<RelationSet> subtreeSets(const JoinTree& tree) {
  std::vector<RelationSet> sets(tree.nodes().size(), 0);
  for (size_t i = 0; i < tree.nodes().size(); ++i) {
    const JoinTreeNode& node = tree.node(static_cast<int>(i));
    sets[i] = node.isLeaf() ? singleton(node.relation) : sets[node.left] | sets[node.right];
  }
  return sets;
}

// The tree with each join's inputs ordered by their lowest relation: "((0 1) 2)".
std::string canonical(const JoinTree& tree) {
  std::vector<RelationSet> sets = subtreeSets(tree);
  auto render = [&](auto& self, int index) -> std::string {
    const JoinTreeNode& node = tree.node(index);
    if (node.isLeaf()) return fmt::format("{}", node.relation);
    int first = node.left, second = node.right;
    if (lowestRelation(sets[second]) < lowestRelation(sets[first])) std::swap(first, second);
    return fmt::format("({}{}{})", self(self, first), node.cross_product ? " x " : " ",
                       self(self, second));
  };
  return render(render, tree.rootIndex());
}

// No cross product lies below a join across an edge: cross products are the top joins.
bool crossProductsOnTop(const JoinTree& tree) {
  std::vector<bool> has_cross_below(tree.nodes().size(), false);
  for (size_t i = 0; i < tree.nodes().size(); ++i) {
    const JoinTreeNode& node = tree.node(static_cast<int>(i));
    if (node.isLeaf()) continue;
    bool below = has_cross_below[node.left] || has_cross_below[node.right];
    if (below && !node.cross_product) return false;
    has_cross_below[i] = below || node.cross_product;
  }
  return true;
}

TEST(JoinOrderTest, DphypMatchesTheExhaustiveOptimumAndTheClosedFormsOnEveryShape) {
  COutCostModel model;
  int graphs = 0;
  for (GraphShape shape : kShapes) {
    for (int n = 3; n <= 10; ++n) {
      for (uint64_t seed = 1; seed <= 4; ++seed) {
        SCOPED_TRACE(fmt::format("{}-{} seed {}", shapeName(shape), n, seed));
        std::mt19937_64 random(seed * 1000 + n);
        JoinGraph graph = shapeGraph(shape, n, random, /*shuffle=*/seed % 2 == 0);
        JoinOrderResult exact = solveDphyp(graph, model);
        JoinOrderResult reference = solveDpSub(graph, model);
        ASSERT_FALSE(reference.tree.empty());
        EXPECT_LE(relativeDifference(exact.tree.cost(), reference.tree.cost()), 1e-9)
            << canonical(exact.tree) << " vs " << canonical(reference.tree);
        EXPECT_EQ(exact.csg_cmp_pairs, csgCmpPairs(shape, n));
        EXPECT_EQ(reference.csg_cmp_pairs, csgCmpPairs(shape, n));
        EXPECT_EQ(exact.algorithm, JoinOrderAlgorithm::kDphyp);
        EXPECT_EQ(exact.tree.crossProducts(), 0);
        EXPECT_TRUE(validateJoinTree(graph, exact.tree, model).ok())
            << validateJoinTree(graph, exact.tree, model);
        EXPECT_TRUE(validateJoinTree(graph, reference.tree, model).ok());
        ++graphs;
      }
    }
  }
  EXPECT_EQ(graphs, 4 * 8 * 4);
}

TEST(JoinOrderTest, ClosedFormsHoldBeyondTheExhaustiveRange) {
  // Clique-14 and star-16 as the benchmark runs them (the dense DP table), chain-40 and cycle-40
  // with the hash table.
  std::mt19937_64 random(7);
  EXPECT_EQ(solveDphyp(shapeGraph(GraphShape::kClique, 14, random)).csg_cmp_pairs, 2375101);
  EXPECT_EQ(solveDphyp(shapeGraph(GraphShape::kStar, 16, random)).csg_cmp_pairs, 15 << 14);
  EXPECT_EQ(solveDphyp(shapeGraph(GraphShape::kChain, 40, random)).csg_cmp_pairs, 10660);
  EXPECT_EQ(solveDphyp(shapeGraph(GraphShape::kCycle, 40, random)).csg_cmp_pairs, 30420);
  // Star-21: over 20 relations the table is hashed, sized for at most 65,536 sets at first and
  // grown to the star's 2^20 + 20.
  JoinGraph star = shapeGraph(GraphShape::kStar, 21, random);
  JoinOrderResult star_result = solveDphyp(star);
  EXPECT_EQ(star_result.csg_cmp_pairs, 20 << 19);
  EXPECT_TRUE(validateJoinTree(star, star_result.tree, COutCostModel()).ok());
  EXPECT_EQ(csgCmpPairs(GraphShape::kChain, 40), 10660);
  EXPECT_EQ(csgCmpPairs(GraphShape::kCycle, 40), 30420);
}

TEST(JoinOrderTest, ASmallChainGetsTheTreeWorkedOutByHand) {
  // 0 (10 rows) - 1 (1000 rows) - 2 (100 rows). (0 1) has 10 rows, (1 2) 1000, and all three 10:
  // C_out is 20 joining 0 and 1 first, 1010 joining 1 and 2 first.
  JoinGraph graph;
  graph.addRelation(10);
  graph.addRelation(1000);
  graph.addRelation(100);
  graph.addEdge(0, 1, 0.001);
  graph.addEdge(1, 2, 0.01);
  for (const JoinOrderResult& result :
       {solveDphyp(graph), solveDpSub(graph), solveLinearizedDp(graph), solveGoo(graph),
        solveGooDp(graph), orderJoins(graph)}) {
    SCOPED_TRACE(algorithmName(result.algorithm));
    EXPECT_EQ(canonical(result.tree), "((0 1) 2)");
    EXPECT_DOUBLE_EQ(result.tree.cost(), 20);
    EXPECT_DOUBLE_EQ(result.tree.rows(), 10);
  }
  // Unchanged input, unchanged answer: one relation is a leaf and nothing else.
  JoinGraph single;
  single.addRelation(5);
  JoinOrderResult result = orderJoins(single);
  EXPECT_EQ(result.algorithm, JoinOrderAlgorithm::kNone);
  EXPECT_EQ(canonical(result.tree), "0");
  EXPECT_EQ(result.tree.cost(), 0);
}

TEST(JoinOrderTest, TheExampleOfTheDocsHolds) {
  // docs/join-ordering.md: orders, lineitem, customer.
  JoinGraph graph;
  int orders = graph.addRelation(1.5e6), lineitem = graph.addRelation(6e6),
      customer = graph.addRelation(1.5e5);
  graph.addEdge(orders, lineitem, 1 / 1.5e6);
  graph.addEdge(orders, customer, 1 / 1.5e5);
  JoinOrderResult result = orderJoins(graph);
  EXPECT_EQ(result.tree.toString(), "((0 2) 1)");
  EXPECT_EQ(algorithmName(result.algorithm), "DPhyp");
  EXPECT_EQ(result.reason, "3 relations <= spark.sql.cbo.joinReorder.dp.threshold (12)");
  EXPECT_DOUBLE_EQ(result.tree.cost(), 1.5e6 + 6e6);
}

// A hash-join-like model that is not symmetric: building on the right costs twice its rows.
class BuildSideCostModel final : public CostModel {
 public:
  std::string_view name() const override { return "build side"; }
  double relationCost(double rows) const override { return rows; }
  double joinCost(double left_rows, double left_cost, double right_rows, double right_cost,
                  double rows) const override {
    return left_cost + right_cost + left_rows + 2 * right_rows + rows;
  }
  bool symmetric() const override { return false; }
};

TEST(JoinOrderTest, ASwappedCostModelIsOptimizedAsExactly) {
  BuildSideCostModel model;
  for (GraphShape shape : kShapes) {
    for (int n : {4, 7, 9}) {
      SCOPED_TRACE(fmt::format("{}-{}", shapeName(shape), n));
      std::mt19937_64 random(n);
      JoinGraph graph = shapeGraph(shape, n, random);
      JoinOrderResult exact = solveDphyp(graph, model);
      JoinOrderResult reference = solveDpSub(graph, model);
      EXPECT_LE(relativeDifference(exact.tree.cost(), reference.tree.cost()), 1e-9);
      // The build side matters, so the model changes the answer's cost against C_out's.
      EXPECT_NE(exact.tree.cost(), solveDphyp(graph).tree.cost());
      for (const JoinOrderResult& result : {exact, solveLinearizedDp(graph, model),
                                            solveGoo(graph, model), solveGooDp(graph, model)}) {
        EXPECT_TRUE(validateJoinTree(graph, result.tree, model).ok())
            << validateJoinTree(graph, result.tree, model);
        EXPECT_GE(result.tree.cost(), reference.tree.cost() * (1 - 1e-9));
      }
    }
  }
}

TEST(JoinOrderTest, AHyperedgeJoinsOnlyOnceBothItsSidesAreWhole) {
  // a=0 - b=1 (simple), c=2 - d=3 (simple), {a, b} - {c} (a predicate over three relations).
  // c is tiny, so joining it to a or b alone would look cheap; the predicate forbids that.
  JoinGraph graph;
  graph.addRelation(1000);
  graph.addRelation(1000);
  graph.addRelation(1);
  graph.addRelation(1000);
  graph.addEdge(0, 1, 0.001);
  graph.addEdge(2, 3, 0.001);
  graph.addHyperedge({0, 1}, {2}, 0.001);
  ASSERT_TRUE(graph.hasHyperedges());
  JoinOrderResult reference = solveDpSub(graph);
  for (const JoinOrderResult& result : {solveDphyp(graph), solveLinearizedDp(graph),
                                        solveGoo(graph), solveGooDp(graph), orderJoins(graph)}) {
    SCOPED_TRACE(algorithmName(result.algorithm));
    EXPECT_TRUE(validateJoinTree(graph, result.tree, COutCostModel()).ok())
        << validateJoinTree(graph, result.tree, COutCostModel());
    EXPECT_EQ(result.tree.crossProducts(), 0) << canonical(result.tree);
    // The join that first holds c with a or b has a and b together on one side.
    std::vector<RelationSet> sets = subtreeSets(result.tree);
    for (const JoinTreeNode& node : result.tree.nodes()) {
      if (node.isLeaf()) continue;
      for (auto [mine, other] : {std::pair(node.left, node.right), {node.right, node.left}}) {
        if ((sets[mine] & singleton(2)) && (sets[other] & 0b11) != 0) {
          EXPECT_EQ(sets[other] & 0b11, 0b11u) << canonical(result.tree);
        }
      }
    }
  }
  EXPECT_LE(relativeDifference(solveDphyp(graph).tree.cost(), reference.tree.cost()), 1e-9);
  EXPECT_EQ(solveDphyp(graph).csg_cmp_pairs, reference.csg_cmp_pairs);
}

TEST(JoinOrderTest, DphypMatchesTheExhaustiveOptimumOnRandomHypergraphs) {
  int compared = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    std::mt19937_64 random(seed);
    int n = 4 + static_cast<int>(seed % 5);
    JoinGraph graph = shapeGraph(seed % 3 == 0 ? GraphShape::kCycle : GraphShape::kChain, n, random,
                                 /*shuffle=*/true);
    // Two or three hyperedges between random disjoint sets.
    for (int h = 0; h < 2 + static_cast<int>(seed % 2); ++h) {
      std::vector<int> relations(n);
      std::iota(relations.begin(), relations.end(), 0);
      std::shuffle(relations.begin(), relations.end(), random);
      int left = 1 + static_cast<int>(random() % 2), right = 1 + static_cast<int>(random() % 2);
      graph.addHyperedge({relations.begin(), relations.begin() + left},
                         {relations.begin() + left, relations.begin() + left + right},
                         0.01 + 0.5 * (random() % 100) / 100.0);
    }
    SCOPED_TRACE(fmt::format("seed {}", seed));
    JoinOrderResult exact = solveDphyp(graph);
    JoinOrderResult reference = solveDpSub(graph);
    ASSERT_FALSE(reference.tree.empty());
    EXPECT_LE(relativeDifference(exact.tree.cost(), reference.tree.cost()), 1e-9)
        << canonical(exact.tree) << " vs " << canonical(reference.tree);
    EXPECT_EQ(exact.csg_cmp_pairs, reference.csg_cmp_pairs);
    EXPECT_TRUE(validateJoinTree(graph, exact.tree, COutCostModel()).ok());
    for (const JoinOrderResult& result :
         {solveLinearizedDp(graph), solveGoo(graph), solveGooDp(graph)}) {
      EXPECT_TRUE(validateJoinTree(graph, result.tree, COutCostModel()).ok())
          << algorithmName(result.algorithm) << ": "
          << validateJoinTree(graph, result.tree, COutCostModel());
      EXPECT_GE(result.tree.cost(), reference.tree.cost() * (1 - 1e-9));
    }
    ++compared;
  }
  EXPECT_EQ(compared, 60);
}

// Runs `graph` through DPhyp's array and hash tables and the one solveDphyp() picks; all three
// must find the same tree, with bit-identical rows and costs (same enumeration, same arithmetic).
void expectTablesAgree(const JoinGraph& graph, const CostModel& model = COutCostModel()) {
  JoinOrderResult hash = solveDphypWithTable(graph, model, DphypTable::kHash);
  ASSERT_TRUE(validateJoinTree(graph, hash.tree, model).ok())
      << validateJoinTree(graph, hash.tree, model);
  for (DphypTable table : {DphypTable::kDense, DphypTable::kChosen}) {
    SCOPED_TRACE(table == DphypTable::kDense ? "dense" : "chosen");
    JoinOrderResult other = solveDphypWithTable(graph, model, table);
    EXPECT_EQ(other.tree.toString(), hash.tree.toString());
    EXPECT_EQ(other.tree.cost(), hash.tree.cost());
    EXPECT_EQ(other.tree.rows(), hash.tree.rows());
    EXPECT_EQ(other.csg_cmp_pairs, hash.csg_cmp_pairs);
  }
}

TEST(JoinOrderTest, DphypTablesAgreeAroundTheirSwitchPoints) {
  // Up to 16 relations solveDphyp() uses the array kept from run to run, at 17-20 a fresh array
  // (stars, cliques) or the hash table (chains, cycles).
  for (GraphShape shape : kShapes) {
    for (int n : {3, 4, 9, 15, 16, 17, 18}) {
      if (shape == GraphShape::kClique && n > 12) continue;  // 3^n pairs
      for (uint64_t seed = 1; seed <= 2; ++seed) {
        SCOPED_TRACE(fmt::format("{}-{} seed {}", shapeName(shape), n, seed));
        std::mt19937_64 random(seed * 1000 + n);
        JoinGraph graph = shapeGraph(shape, n, random, /*shuffle=*/seed == 2);
        expectTablesAgree(graph);
        EXPECT_EQ(solveDphyp(graph).csg_cmp_pairs, csgCmpPairs(shape, n));
      }
    }
  }
  // Hypergraphs, also above the kept array's 16 relations, and an asymmetric model.
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    std::mt19937_64 random(seed);
    int n = seed % 2 == 0 ? 17 : 6 + static_cast<int>(seed % 5);
    JoinGraph graph = shapeGraph(seed % 3 == 0 ? GraphShape::kCycle : GraphShape::kChain, n, random,
                                 /*shuffle=*/true);
    for (int h = 0; h < 3; ++h) {
      std::vector<int> relations(n);
      std::iota(relations.begin(), relations.end(), 0);
      std::shuffle(relations.begin(), relations.end(), random);
      graph.addHyperedge({relations[0], relations[1]}, {relations[2]}, 0.05 * (1 + h));
    }
    SCOPED_TRACE(fmt::format("hypergraph seed {}", seed));
    expectTablesAgree(graph);
  }
  std::mt19937_64 random(5);
  expectTablesAgree(shapeGraph(GraphShape::kCycle, 9, random), BuildSideCostModel());
}

TEST(JoinOrderTest, TheKeptDpTableHoldsNoPlanOfAnEarlierGraph) {
  // A clique of 10 plans every subset of its relations; the graph after it has two components,
  // {0, 1} and {2, 3}, so no plan of {0, 1, 2, 3} may be found, and DPhyp must join its two
  // parts by a cross product. Then a smaller clique again, and a graph larger than both.
  std::mt19937_64 random(3);
  JoinGraph clique = shapeGraph(GraphShape::kClique, 10, random);
  JoinGraph split;
  for (double rows : {10.0, 20.0, 30.0, 40.0}) split.addRelation(rows);
  split.addEdge(0, 1, 0.1);
  split.addEdge(2, 3, 0.1);
  JoinGraph chain = shapeGraph(GraphShape::kChain, 14, random);
  for (const JoinGraph* graph : {&clique, &split, &chain, &split, &clique}) {
    JoinOrderResult kept = solveDphyp(*graph);
    JoinOrderResult hash = solveDphypWithTable(*graph, COutCostModel(), DphypTable::kHash);
    EXPECT_EQ(kept.tree.toString(), hash.tree.toString());
    EXPECT_EQ(kept.tree.cost(), hash.tree.cost());
    EXPECT_TRUE(validateJoinTree(*graph, kept.tree, COutCostModel()).ok());
  }
  EXPECT_EQ(canonical(solveDphyp(split).tree), "((0 1) x (2 3))");
}

// C_out, but every join cost first plans a small chain with DPhyp: a run inside a run, which must
// not share the outer run's buffers.
class ReplanningCostModel final : public CostModel {
 public:
  std::string_view name() const override { return "replanning C_out"; }
  double relationCost(double) const override { return 0; }
  double joinCost(double, double left_cost, double, double right_cost, double rows) const override {
    std::mt19937_64 random(1);
    inner_pairs += solveDphyp(shapeGraph(GraphShape::kChain, 5, random)).csg_cmp_pairs;
    return left_cost + right_cost + rows;
  }
  bool symmetric() const override { return true; }

  mutable int64_t inner_pairs = 0;
};

TEST(JoinOrderTest, ACostModelThatRunsDphypGetsTheSameAnswer) {
  std::mt19937_64 random(8);
  JoinGraph graph = shapeGraph(GraphShape::kCycle, 8, random);
  ReplanningCostModel replanning;
  JoinOrderResult outer = solveDphyp(graph, replanning);
  JoinOrderResult plain = solveDphyp(graph);
  EXPECT_EQ(outer.tree.toString(), plain.tree.toString());
  EXPECT_EQ(outer.tree.cost(), plain.tree.cost());
  EXPECT_EQ(replanning.inner_pairs, outer.csg_cmp_pairs * csgCmpPairs(GraphShape::kChain, 5));
}

TEST(JoinOrderTest, ADisconnectedGraphGetsOneCrossProductPerExtraComponent) {
  // Four components: a chain of 3, a star of 4, a lone relation, a clique of 3.
  std::mt19937_64 random(11);
  JoinGraph graph;
  auto add = [&](const JoinGraph& part) {
    int base = graph.size();
    for (int r = 0; r < part.size(); ++r) graph.addRelation(part.rows(r));
    for (const JoinEdge& edge : part.edges()) {
      graph.addEdge(base + edge.left[0], base + edge.right[0], edge.selectivity);
    }
  };
  add(shapeGraph(GraphShape::kChain, 3, random));
  add(shapeGraph(GraphShape::kStar, 4, random));
  add(shapeGraph(GraphShape::kChain, 1, random));
  add(shapeGraph(GraphShape::kClique, 3, random));
  ASSERT_EQ(graph.components().size(), 4u);
  for (const JoinOrderResult& result : {solveDphyp(graph), solveLinearizedDp(graph),
                                        solveGoo(graph), solveGooDp(graph), orderJoins(graph)}) {
    SCOPED_TRACE(algorithmName(result.algorithm));
    EXPECT_TRUE(validateJoinTree(graph, result.tree, COutCostModel()).ok())
        << validateJoinTree(graph, result.tree, COutCostModel());
    EXPECT_EQ(result.tree.crossProducts(), 3) << canonical(result.tree);
    EXPECT_TRUE(crossProductsOnTop(result.tree)) << canonical(result.tree);
  }
  // Components solved exactly on their own: the same cost as DPhyp over the whole graph.
  JoinOrderResult adaptive = orderJoins(graph);
  EXPECT_EQ(adaptive.algorithm, JoinOrderAlgorithm::kDphyp);
  EXPECT_LE(relativeDifference(adaptive.tree.cost(), solveDphyp(graph).tree.cost()), 1e-9);
  EXPECT_NE(adaptive.reason.find("4 components"), std::string::npos) << adaptive.reason;

  // The cross products join the cheapest first: three lone relations of 1, 10 and 1000 rows.
  JoinGraph lone;
  lone.addRelation(1000);
  lone.addRelation(1);
  lone.addRelation(10);
  EXPECT_EQ(canonical(orderJoins(lone).tree), "(0 x (1 x 2))");
  EXPECT_DOUBLE_EQ(orderJoins(lone).tree.cost(), 10 + 10000);
}

// The best left-deep tree without cross products, by trying every order (n <= 8).
double bestLeftDeepCost(const JoinGraph& graph) {
  std::vector<int> order(graph.size());
  std::iota(order.begin(), order.end(), 0);
  double best = std::numeric_limits<double>::infinity();
  do {
    std::vector<bool> members(graph.size(), false);
    members[order[0]] = true;
    double cost = 0;
    bool connected = true;
    for (int k = 1; k < graph.size() && connected; ++k) {
      connected = false;
      for (const JoinEdge& edge : graph.edges()) {
        int a = edge.left[0], b = edge.right[0];
        if ((a == order[k] && members[b]) || (b == order[k] && members[a])) connected = true;
      }
      members[order[k]] = true;
      cost += graph.rowsOf(members);
    }
    if (connected) best = std::min(best, cost);
  } while (std::next_permutation(order.begin(), order.end()));
  return best;
}

TEST(JoinOrderTest, LinearizedDpIsAtLeastAsGoodAsTheBestLeftDeepTreeOnAcyclicGraphs) {
  // IKKBZ's order is the optimal left-deep tree of an acyclic graph under C_out, and the DP over
  // its ranges includes that tree.
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 random(seed);
    int n = 3 + static_cast<int>(seed % 6);
    JoinGraph graph;
    std::uniform_real_distribution<double> unit(0, 1);
    for (int r = 0; r < n; ++r) graph.addRelation(std::round(std::pow(10, 1 + 4 * unit(random))));
    for (int r = 1; r < n; ++r) {
      int parent = static_cast<int>(random() % r);  // a random tree
      graph.addEdge(parent, r, std::pow(10, -4 * unit(random)));
    }
    SCOPED_TRACE(fmt::format("seed {}, {} relations", seed, n));
    JoinOrderResult linearized = solveLinearizedDp(graph);
    EXPECT_TRUE(validateJoinTree(graph, linearized.tree, COutCostModel()).ok());
    EXPECT_EQ(linearized.tree.crossProducts(), 0);
    EXPECT_LE(linearized.tree.cost(), bestLeftDeepCost(graph) * (1 + 1e-9));
    EXPECT_GE(linearized.tree.cost(), solveDphyp(graph).tree.cost() * (1 - 1e-9));
  }
}

TEST(JoinOrderTest, EveryFallbackReturnsAValidTreeOverEveryRelation) {
  JoinOrderOptions small_blocks;
  small_blocks.goo_dp_block_size = 8;  // several rounds of GOO-DP even on 30 relations
  for (GraphShape shape : kShapes) {
    for (int n : {5, 12, 30, 64, 100, 250}) {
      if (shape == GraphShape::kClique && n > 100) continue;
      SCOPED_TRACE(fmt::format("{}-{}", shapeName(shape), n));
      std::mt19937_64 random(n * 31 + static_cast<int>(shape));
      JoinGraph graph = shapeGraph(shape, n, random, /*shuffle=*/true);
      double exact = n <= 12 ? solveDphyp(graph).tree.cost() : 0;
      for (const JoinOrderResult& result :
           {solveLinearizedDp(graph), solveGoo(graph), solveGooDp(graph),
            solveGooDp(graph, COutCostModel(), small_blocks), orderJoins(graph)}) {
        EXPECT_TRUE(validateJoinTree(graph, result.tree, COutCostModel()).ok())
            << algorithmName(result.algorithm) << ": "
            << validateJoinTree(graph, result.tree, COutCostModel());
        EXPECT_EQ(result.tree.crossProducts(), 0) << algorithmName(result.algorithm);
        EXPECT_GE(result.tree.cost(), exact * (1 - 1e-9)) << algorithmName(result.algorithm);
      }
      // GOO-DP keeps GOO's block trees when they are cheaper; the adaptive choice keeps GOO's
      // tree when it beats linearized DP.
      double greedy = solveGoo(graph).tree.cost();
      EXPECT_LE(solveGooDp(graph).tree.cost(), greedy * (1 + 1e-9));
      EXPECT_LE(solveGooDp(graph, COutCostModel(), small_blocks).tree.cost(), greedy * (1 + 1e-9));
      EXPECT_LE(orderJoins(graph).tree.cost(), greedy * (1 + 1e-9));
    }
  }
  std::mt19937_64 random(1000);
  JoinGraph large = shapeGraph(GraphShape::kChain, 1000, random, /*shuffle=*/true);
  JoinOrderResult result = orderJoins(large);
  EXPECT_EQ(result.algorithm, JoinOrderAlgorithm::kGooDp);
  EXPECT_TRUE(validateJoinTree(large, result.tree, COutCostModel()).ok());
  EXPECT_EQ(result.tree.crossProducts(), 0);
  EXPECT_LE(result.tree.cost(), solveGoo(large).tree.cost() * (1 + 1e-9));
}

TEST(JoinOrderTest, TheAdaptiveChooserPicksExactLinearizedOrGooDpBySize) {
  struct Case {
    GraphShape shape;
    int n;
    JoinOrderAlgorithm expected;
  };
  const Case cases[] = {
      {GraphShape::kClique, 12, JoinOrderAlgorithm::kDphyp},         // n <= dp.threshold
      {GraphShape::kChain, 60, JoinOrderAlgorithm::kDphyp},          // 1830 csgs <= 10000
      {GraphShape::kCycle, 30, JoinOrderAlgorithm::kDphyp},          // 871 csgs
      {GraphShape::kStar, 14, JoinOrderAlgorithm::kDphyp},           // 8205 csgs
      {GraphShape::kStar, 15, JoinOrderAlgorithm::kLinearizedDp},    // 16398 csgs
      {GraphShape::kClique, 14, JoinOrderAlgorithm::kLinearizedDp},  // 16383 csgs
      {GraphShape::kChain, 80, JoinOrderAlgorithm::kLinearizedDp},   // > 64 relations
      {GraphShape::kChain, 100, JoinOrderAlgorithm::kLinearizedDp},
      {GraphShape::kChain, 101, JoinOrderAlgorithm::kGooDp},
      {GraphShape::kStar, 1000, JoinOrderAlgorithm::kGooDp},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(fmt::format("{}-{}", shapeName(c.shape), c.n));
    std::mt19937_64 random(c.n);
    JoinGraph graph = shapeGraph(c.shape, c.n, random);
    JoinOrderResult result = orderJoins(graph);
    EXPECT_EQ(result.algorithm, c.expected)
        << algorithmName(result.algorithm) << " because " << result.reason;
    EXPECT_FALSE(result.reason.empty());
    EXPECT_TRUE(validateJoinTree(graph, result.tree, COutCostModel()).ok());
  }
  // The threshold alone: a chain of 20 with the budget at zero is exact only up to the threshold.
  std::mt19937_64 random(3);
  JoinGraph chain = shapeGraph(GraphShape::kChain, 20, random);
  JoinOrderOptions options;
  options.connected_subgraph_budget = 0;
  EXPECT_EQ(orderJoins(chain, COutCostModel(), options).algorithm,
            JoinOrderAlgorithm::kLinearizedDp);
  options.dp_threshold = 20;
  JoinOrderResult exact = orderJoins(chain, COutCostModel(), options);
  EXPECT_EQ(exact.algorithm, JoinOrderAlgorithm::kDphyp);
  EXPECT_EQ(exact.reason, "20 relations <= spark.sql.cbo.joinReorder.dp.threshold (20)");
  options.linearized_dp_limit = 10;
  options.dp_threshold = 5;
  EXPECT_EQ(orderJoins(chain, COutCostModel(), options).algorithm, JoinOrderAlgorithm::kGooDp);
}

TEST(JoinOrderTest, ValidationCatchesAWrongTree) {
  std::mt19937_64 random(5);
  JoinGraph graph = shapeGraph(GraphShape::kChain, 4, random);
  JoinTree good = solveDphyp(graph).tree;
  ASSERT_TRUE(validateJoinTree(graph, good, COutCostModel()).ok());
  JoinTree wrong_cost = good;
  wrong_cost.mutableNode(wrong_cost.rootIndex()).cost *= 1.01;
  EXPECT_FALSE(validateJoinTree(graph, wrong_cost, COutCostModel()).ok());
  JoinTree missing;
  missing.addLeaf(0, graph.rows(0), 0);
  EXPECT_FALSE(validateJoinTree(graph, missing, COutCostModel()).ok());
  JoinTree twice;
  int a = twice.addLeaf(0, graph.rows(0), 0);
  int b = twice.addLeaf(0, graph.rows(0), 0);
  twice.addJoin(a, b, 1, 1, true);
  EXPECT_FALSE(validateJoinTree(graph, twice, COutCostModel()).ok());
}

}  // namespace
}  // namespace planck::join_order
