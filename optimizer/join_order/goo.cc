// GOO and GOO-DP.
//
// GOO: Fegaras, "A New Heuristic for Optimizing Large Queries", DEXA 1998. Starting from the
// relations as parts, repeatedly join the two parts connected by an edge whose join result is
// smallest. Bushy by construction, O(n * m) here: each step scans the parts' neighbor maps (part
// -> product of the selectivities of the simple edges between them) and the pending hyperedges.
//
// GOO-DP: Neumann & Radke, "Adaptive Optimization of Very Large Join Queries", SIGMOD 2018,
// section 5: GOO's tree is improved with DP. Our reading, in the manner of iterative DP (Kossmann
// & Stocker, TODS 2000): every largest subtree of GOO's tree with at most k inputs (k = 100) is
// re-ordered by the algorithm orderJoins() picks for it (DPhyp when its connected subgraphs are
// few, linearized DP otherwise) and becomes a single input; the next round does the same over the
// contracted tree, until the root's block has been re-ordered. GOO decides which relations end up
// together; DP decides how each block is joined. A block keeps GOO's tree when that is cheaper
// (linearized DP on a block is not exact), so GOO-DP is never worse than GOO.
#include <algorithm>
#include <cassert>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "optimizer/join_order/greedy.h"
#include "optimizer/join_order/join_order.h"

namespace planck::join_order {
namespace {

struct Part {
  double rows = 0;
  double cost = 0;
  int node = -1;
  std::vector<int> relations;
  absl::flat_hash_map<int, double> neighbors;  // part -> selectivity of the simple edges between
};

// The hyperedges that still span two parts: their selectivity and whether one joins the parts.
struct HyperPair {
  double selectivity = 1;
  bool connects = false;
};

struct Choice {
  int a = -1, b = -1;
  double rows = std::numeric_limits<double>::infinity();
  double cost = std::numeric_limits<double>::infinity();
  bool a_left = true;

  bool better(const Choice& other) const {
    return std::tie(rows, cost, a, b) < std::tie(other.rows, other.cost, other.a, other.b);
  }
};

}  // namespace

void joinGreedily(const JoinGraph& graph, const CostModel& model, std::vector<PlannedPart> planned,
                  JoinTree& tree) {
  std::vector<Part> parts(planned.size());
  std::vector<int> part_of(graph.size(), -1);
  for (size_t p = 0; p < planned.size(); ++p) {
    Part& part = parts[p];
    part.node = planned[p].node;
    part.rows = tree.node(part.node).rows;
    part.cost = tree.node(part.node).cost;
    part.relations = std::move(planned[p].relations);
    for (int r : part.relations) part_of[r] = static_cast<int>(p);
  }
  std::vector<int> pending_hyperedges;
  for (size_t e = 0; e < graph.edges().size(); ++e) {
    const JoinEdge& edge = graph.edges()[e];
    if (!edge.isSimple()) {
      pending_hyperedges.push_back(static_cast<int>(e));
      continue;
    }
    int a = part_of[edge.left[0]], b = part_of[edge.right[0]];
    if (a == b) continue;
    parts[a].neighbors.try_emplace(b, 1.0).first->second *= edge.selectivity;
    parts[b].neighbors.try_emplace(a, 1.0).first->second *= edge.selectivity;
  }
  std::vector<int> alive(parts.size());
  for (size_t p = 0; p < parts.size(); ++p) alive[p] = static_cast<int>(p);

  auto consider = [&](Choice& best, int a, int b, double selectivity) {
    const Part& x = parts[a];
    const Part& y = parts[b];
    Choice choice{std::min(a, b), std::max(a, b), x.rows * y.rows * selectivity};
    choice.cost = model.joinCost(x.rows, x.cost, y.rows, y.cost, choice.rows);
    choice.a_left = choice.a == a;
    if (!model.symmetric()) {
      double swapped = model.joinCost(y.rows, y.cost, x.rows, x.cost, choice.rows);
      if (swapped < choice.cost) choice.cost = swapped, choice.a_left = !choice.a_left;
    }
    if (choice.better(best)) best = choice;
  };

  std::vector<int> spanned;
  while (alive.size() > 1) {
    // Hyperedges: drop the ones inside a part; note the ones spanning exactly two parts.
    absl::flat_hash_map<std::pair<int, int>, HyperPair> hyper_pairs;
    for (size_t h = 0; h < pending_hyperedges.size();) {
      const JoinEdge& edge = graph.edges()[pending_hyperedges[h]];
      spanned.clear();
      for (const auto* side : {&edge.left, &edge.right}) {
        for (int r : *side) spanned.push_back(part_of[r]);
      }
      std::sort(spanned.begin(), spanned.end());
      spanned.erase(std::unique(spanned.begin(), spanned.end()), spanned.end());
      if (spanned.size() == 1) {
        pending_hyperedges[h] = pending_hyperedges.back();
        pending_hyperedges.pop_back();
        continue;
      }
      if (spanned.size() == 2) {
        HyperPair& pair = hyper_pairs[{spanned[0], spanned[1]}];
        pair.selectivity *= edge.selectivity;
        auto within = [&](const std::vector<int>& side, int p) {
          return std::all_of(side.begin(), side.end(), [&](int r) { return part_of[r] == p; });
        };
        if ((within(edge.left, spanned[0]) && within(edge.right, spanned[1])) ||
            (within(edge.left, spanned[1]) && within(edge.right, spanned[0]))) {
          pair.connects = true;
        }
      }
      ++h;
    }
    auto hyperSelectivity = [&](int a, int b) {
      auto it = hyper_pairs.find(std::minmax(a, b));
      return it == hyper_pairs.end() ? 1.0 : it->second.selectivity;
    };

    Choice best;
    for (int a : alive) {
      for (const auto& [b, selectivity] : parts[a].neighbors) {
        if (a < b) consider(best, a, b, selectivity * hyperSelectivity(a, b));
      }
    }
    for (const auto& [pair, hyper] : hyper_pairs) {
      if (hyper.connects && !parts[pair.first].neighbors.contains(pair.second)) {
        consider(best, pair.first, pair.second, hyper.selectivity);
      }
    }
    bool cross_product = best.a < 0;
    if (cross_product) {
      // Nothing joins the parts: the cross product of the two smallest.
      std::vector<int> smallest(alive);
      std::partial_sort(smallest.begin(), smallest.begin() + 2, smallest.end(), [&](int x, int y) {
        return std::pair(parts[x].rows, x) < std::pair(parts[y].rows, y);
      });
      consider(best, smallest[0], smallest[1], hyperSelectivity(smallest[0], smallest[1]));
    }

    // Merge the smaller part into the larger, which keeps its number.
    int keep = best.a, gone = best.b;
    if (parts[keep].relations.size() < parts[gone].relations.size()) std::swap(keep, gone);
    Part& kept = parts[keep];
    Part& merged = parts[gone];
    int left = best.a_left ? parts[best.a].node : parts[best.b].node;
    int right = best.a_left ? parts[best.b].node : parts[best.a].node;
    kept.node = tree.addJoin(left, right, best.rows, best.cost, cross_product);
    kept.rows = best.rows;
    kept.cost = best.cost;
    for (int r : merged.relations) part_of[r] = keep;
    kept.relations.insert(kept.relations.end(), merged.relations.begin(), merged.relations.end());
    merged.relations = {};
    kept.neighbors.erase(gone);
    for (const auto& [other, selectivity] : merged.neighbors) {
      if (other == keep) continue;
      kept.neighbors.try_emplace(other, 1.0).first->second *= selectivity;
      auto& theirs = parts[other].neighbors;
      theirs.erase(gone);
      theirs.try_emplace(keep, 1.0).first->second *= selectivity;
    }
    merged.neighbors = {};
    alive.erase(std::find(alive.begin(), alive.end(), gone));
  }
}

JoinOrderResult solveGoo(const JoinGraph& graph, const CostModel& model) {
  assert(graph.size() >= 1);
  JoinOrderResult result;
  result.algorithm = JoinOrderAlgorithm::kGoo;
  std::vector<PlannedPart> parts;
  for (int r = 0; r < graph.size(); ++r) {
    double rows = graph.rows(r);
    parts.push_back({{r}, result.tree.addLeaf(r, rows, model.relationCost(rows))});
  }
  joinGreedily(graph, model, std::move(parts), result.tree);
  return result;
}

namespace {

// GOO-DP's state: the final tree as it grows, the current inputs ("units": single relations at
// first, then re-ordered blocks) and the tree over units still to be re-ordered.
class GooDp {
 public:
  GooDp(const JoinGraph& graph, const CostModel& model, const JoinOrderOptions& options)
      : graph_(graph), model_(model), options_(options), unit_of_(graph.size()) {
    edges_of_.resize(graph.size());
    for (size_t e = 0; e < graph.edges().size(); ++e) {
      const JoinEdge& edge = graph.edges()[e];
      for (const auto* side : {&edge.left, &edge.right}) {
        for (int r : *side) edges_of_[r].push_back(static_cast<int>(e));
      }
    }
    edge_stamp_.assign(graph.edges().size(), -1);
  }

  JoinOrderResult run() {
    JoinOrderResult greedy = solveGoo(graph_, model_);
    // Units: one per relation, its leaf in out_; the work tree mirrors GOO's.
    for (int r = 0; r < graph_.size(); ++r) {
      units_.push_back({{r},
                        out_.addLeaf(r, graph_.rows(r), model_.relationCost(graph_.rows(r))),
                        graph_.rows(r)});
      unit_of_[r] = r;
    }
    for (const JoinTreeNode& node : greedy.tree.nodes()) {
      work_.push_back(node.isLeaf() ? WorkNode{-1, -1, node.relation}
                                    : WorkNode{node.left, node.right, -1});
    }
    int block_size = std::max(options_.goo_dp_block_size, 3);
    JoinOrderOptions block_options = options_;
    block_options.linearized_dp_limit = std::numeric_limits<int>::max();
    for (;;) {
      std::vector<int> count(work_.size(), 1);
      for (size_t i = 0; i < work_.size(); ++i) {
        if (work_[i].unit < 0) count[i] = count[work_[i].left] + count[work_[i].right];
      }
      int root = static_cast<int>(work_.size()) - 1;
      if (count[root] <= block_size) {
        reorder(root, block_options);
        break;
      }
      // The largest subtrees within the block size: their parents exceed it.
      std::vector<int> contracted(work_.size(), -1);
      for (int i = root; i >= 0; --i) {
        const WorkNode& node = work_[i];
        if (node.unit >= 0 || count[i] <= block_size) continue;
        for (int child : {node.left, node.right}) {
          if (count[child] <= block_size && count[child] >= 2) {
            contracted[child] = reorder(child, block_options);
          }
        }
      }
      rebuildWork(contracted);
    }
    JoinOrderResult result;
    result.algorithm = JoinOrderAlgorithm::kGooDp;
    result.csg_cmp_pairs = pairs_;
    // Block trees costed their inputs as base relations: cost the assembled tree once more.
    result.tree = recomputed(graph_, out_, model_);
    return result;
  }

 private:
  struct Unit {
    std::vector<int> relations;
    int node;  // in out_
    double rows;
  };
  struct WorkNode {
    int left, right;
    int unit;  // a leaf's unit; -1 for a join
  };

  // Re-orders the units under work node `top` as one block; returns the new unit.
  int reorder(int top, const JoinOrderOptions& options) {
    std::vector<int> block_units;
    std::vector<int> stack = {top};
    while (!stack.empty()) {
      const WorkNode& node = work_[stack.back()];
      stack.pop_back();
      if (node.unit >= 0) {
        block_units.push_back(node.unit);
      } else {
        stack.push_back(node.right);
        stack.push_back(node.left);
      }
    }
    absl::flat_hash_map<int, int> local_of;  // unit -> relation of the block graph
    JoinGraph block;
    for (int unit : block_units) local_of[unit] = block.addRelation(units_[unit].rows);
    ++stamp_;
    for (int unit : block_units) {
      for (int r : units_[unit].relations) {
        for (int e : edges_of_[r]) {
          if (edge_stamp_[e] == stamp_) continue;
          edge_stamp_[e] = stamp_;
          addBlockEdge(graph_.edges()[e], local_of, block);
        }
      }
    }
    JoinOrderResult solved = orderJoins(block, model_, options);
    pairs_ += solved.csg_cmp_pairs;
    // The block's tree as it stands, costed the same way: re-ordering must not make it worse
    // (linearized DP can lose to GOO, on cliques in particular).
    JoinTree current = recomputed(block, blockTree(top, local_of), model_);
    const JoinTree& chosen = current.cost() < solved.tree.cost() ? current : solved.tree;
    std::vector<int> leaf_nodes;
    Unit merged{{}, 0, chosen.rows()};
    for (int unit : block_units) {
      leaf_nodes.push_back(units_[unit].node);
      merged.relations.insert(merged.relations.end(), units_[unit].relations.begin(),
                              units_[unit].relations.end());
    }
    merged.node = out_.graft(chosen, leaf_nodes);
    int id = static_cast<int>(units_.size());
    for (int r : merged.relations) unit_of_[r] = id;
    units_.push_back(std::move(merged));
    return id;
  }

  // The work subtree under `top` as a tree over the block's relations.
  JoinTree blockTree(int top, const absl::flat_hash_map<int, int>& local_of) const {
    JoinTree tree;
    auto build = [&](auto& self, int index) -> int {
      const WorkNode& node = work_[index];
      if (node.unit >= 0) return tree.addLeaf(local_of.at(node.unit), 0, 0);
      int left = self(self, node.left);
      int right = self(self, node.right);
      return tree.addJoin(left, right, 0, 0, false);
    };
    build(build, top);
    return tree;
  }

  // `edge` in the block's relations, when all its relations are in the block and it spans two
  // units or more.
  void addBlockEdge(const JoinEdge& edge, const absl::flat_hash_map<int, int>& local_of,
                    JoinGraph& block) {
    auto mapSide = [&](const std::vector<int>& side, std::vector<int>& out) {
      for (int r : side) {
        auto it = local_of.find(unit_of_[r]);
        if (it == local_of.end()) return false;
        out.push_back(it->second);
      }
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      return true;
    };
    std::vector<int> left, right;
    if (!mapSide(edge.left, left) || !mapSide(edge.right, right)) return;
    std::vector<int> shared;
    std::set_intersection(left.begin(), left.end(), right.begin(), right.end(),
                          std::back_inserter(shared));
    if (!shared.empty()) {
      // The sides meet in a unit: what is left to apply is a predicate over all the units
      // involved, split as the lowest against the others.
      std::vector<int> all;
      std::set_union(left.begin(), left.end(), right.begin(), right.end(), std::back_inserter(all));
      if (all.size() < 2) return;
      left = {all.front()};
      right.assign(all.begin() + 1, all.end());
    }
    block.addHyperedge(std::move(left), std::move(right), edge.selectivity);
  }

  // The work tree with every contracted subtree replaced by a leaf of its new unit.
  void rebuildWork(const std::vector<int>& contracted) {
    std::vector<WorkNode> rebuilt;
    std::vector<int> mapped(work_.size(), -1);
    std::vector<bool> inside(work_.size(), false);  // under a contracted node
    for (int i = static_cast<int>(work_.size()) - 1; i >= 0; --i) {
      if (work_[i].unit >= 0) continue;
      if (inside[i] || contracted[i] >= 0) {
        inside[work_[i].left] = inside[work_[i].right] = true;
      }
    }
    for (size_t i = 0; i < work_.size(); ++i) {
      if (inside[i]) continue;
      if (contracted[i] >= 0) {
        rebuilt.push_back({-1, -1, contracted[i]});
      } else if (work_[i].unit >= 0) {
        rebuilt.push_back(work_[i]);
      } else {
        rebuilt.push_back({mapped[work_[i].left], mapped[work_[i].right], -1});
      }
      mapped[i] = static_cast<int>(rebuilt.size()) - 1;
    }
    work_ = std::move(rebuilt);
  }

  const JoinGraph& graph_;
  const CostModel& model_;
  const JoinOrderOptions& options_;
  std::vector<std::vector<int>> edges_of_;  // relation -> edges touching it
  std::vector<int> edge_stamp_;
  int stamp_ = 0;
  std::vector<Unit> units_;
  std::vector<int> unit_of_;  // relation -> its current unit
  std::vector<WorkNode> work_;
  JoinTree out_;
  int64_t pairs_ = 0;
};

}  // namespace

JoinOrderResult solveGooDp(const JoinGraph& graph, const CostModel& model,
                           const JoinOrderOptions& options) {
  assert(graph.size() >= 1);
  return GooDp(graph, model, options).run();
}

}  // namespace planck::join_order
