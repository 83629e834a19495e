// CostBasedJoinReorder (Spark's rule of the same name; spark.sql.cbo.enabled and
// spark.sql.cbo.joinReorder.enabled): each block of inner joins is re-ordered into the join tree
// of least estimated C_out, the sum of its intermediate results' rows.
//
//   Join Inner, (o_custkey = c_custkey)                   Project [l_*, o_*, c_*]
//   :- Join Inner, (l_orderkey = o_orderkey)              +- Join Inner, (l_orderkey = o_orderkey)
//   :  :- lineitem          6.0M rows           =>          :- lineitem
//   :  +- orders            1.5M rows                       +- Join Inner, (o_custkey = c_custkey)
//   +- Filter (c_mktsegment = 'BUILDING')                      :- orders
//      +- customer          30K rows                           +- Filter ... customer
//
// A block is what Spark's extractInnerJoins collects: inner and cross joins without hints, through
// projections that only pass columns on; its inputs (scans, filters, aggregates, outer joins, ...)
// are fixed boundaries. The block becomes a join graph (optimizer/join_order/join_graph.h): one
// relation per input with its estimated rows (optimizer/statistics.h), one edge per pair of
// inputs its conditions connect, whose selectivity is the estimator's own for the join of the two
// (so ordering and EXPLAIN COST agree), one hyperedge per condition over three or more inputs.
// orderJoins() picks DPhyp, linearized DP or GOO-DP by the graph's size (Neumann & Radke, SIGMOD
// 2018); each condition then goes to the lowest join that has all its inputs, and a Project
// restores the block's column order.
//
// The rule leaves a block alone when an input has no row count (a table without ANALYZE), when a
// condition is non-deterministic or holds a subquery (moving it could change what it sees), and
// when the written order is estimated to be as cheap. Its notes (EXPLAIN VERBOSE) say for each
// block which algorithm ran, why, and the estimated C_out of the chosen and the written order.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "fmt/format.h"
#include "logical/expressions_operators.h"
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/join_order/join_order.h"
#include "optimizer/rules.h"
#include "optimizer/statistics.h"

namespace planck {
namespace {

using join_order::JoinGraph;
using join_order::JoinTree;
using join_order::JoinTreeNode;

bool isReorderableJoin(const LogicalPlan& plan) {
  const auto* join = plan.as<Join>();
  return join && (join->joinType() == JoinType::kInner || join->joinType() == JoinType::kCross) &&
         join->hint().empty();
}

// A Project that only passes columns on, over a reorderable join: part of the block.
bool isColumnsOverJoin(const LogicalPlan& plan) {
  const auto* project = plan.as<Project>();
  if (project == nullptr || !isReorderableJoin(*project->child(0))) return false;
  return std::all_of(project->projectList().begin(), project->projectList().end(),
                     [](const ExprPtr& item) { return item->is<AttributeReference>(); });
}

// A block of inner joins flattened: its inputs, its conditions' conjuncts, and the order the
// query wrote it in, as a join tree over the inputs' indices; then (locateConditions) which input
// each column comes from and which inputs each condition reads.
struct Block {
  std::vector<PlanPtr> inputs;
  std::vector<ExprPtr> conditions;
  JoinTree written;
  absl::flat_hash_map<ExprId, int> input_of;
  std::vector<std::vector<int>> condition_inputs;
};

// Spark's extractInnerJoins; returns the node of `plan` in block.written.
int extract(const PlanPtr& plan, Block& block) {
  if (isColumnsOverJoin(*plan)) return extract(plan->child(0), block);
  if (isReorderableJoin(*plan)) {
    const auto& join = *plan->as<Join>();
    int left = extract(join.left(), block);
    int right = extract(join.right(), block);
    for (ExprPtr& conjunct : splitConjuncts(join.condition())) {
      block.conditions.push_back(std::move(conjunct));
    }
    return block.written.addJoin(left, right, 0, 0, false);
  }
  int relation = static_cast<int>(block.inputs.size());
  block.inputs.push_back(plan);
  return block.written.addLeaf(relation, 0, 0);
}

// What EXPLAIN VERBOSE calls an input: the table under it, else its operator.
std::string inputName(const LogicalPlan& input) {
  const LogicalPlan* node = &input;
  while (node->children().size() == 1 && !node->is<Relation>()) node = node->child(0).get();
  if (const auto* relation = node->as<Relation>()) return relation->tableName();
  return std::string(input.nodeName());
}

// A condition's inputs, sorted.
std::vector<int> inputsOf(const ExprPtr& condition,
                          const absl::flat_hash_map<ExprId, int>& input_of) {
  std::vector<int> inputs;
  for (ExprId id : referencesOf(condition)) {
    auto found = input_of.find(id);
    if (found != input_of.end()) inputs.push_back(found->second);
  }
  std::sort(inputs.begin(), inputs.end());
  inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
  return inputs;
}

void locateConditions(Block& block) {
  for (size_t i = 0; i < block.inputs.size(); ++i) {
    for (const AttributePtr& column : block.inputs[i]->output()) {
      block.input_of[column->exprId()] = static_cast<int>(i);
    }
  }
  for (const ExprPtr& condition : block.conditions) {
    block.condition_inputs.push_back(inputsOf(condition, block.input_of));
  }
}

// The two sides of a hyperedge for `condition` over `inputs` (three or more): a comparison's
// operands when they read disjoint inputs, else the first input against the rest.
void hyperedgeSides(const ExprPtr& condition, const std::vector<int>& inputs,
                    const absl::flat_hash_map<ExprId, int>& input_of, std::vector<int>& left,
                    std::vector<int>& right) {
  if (const auto* comparison = condition->as<BinaryComparison>()) {
    left = inputsOf(comparison->left(), input_of);
    right = inputsOf(comparison->right(), input_of);
    std::vector<int> both;
    std::set_intersection(left.begin(), left.end(), right.begin(), right.end(),
                          std::back_inserter(both));
    if (!left.empty() && !right.empty() && both.empty() && left.size() + right.size() == inputs.size()) {
      return;
    }
  }
  left = {inputs.front()};
  right.assign(inputs.begin() + 1, inputs.end());
}

// The join graph of `block`, its relations' rows and edges' selectivities from `estimator`.
// Joins the estimator is asked about are kept in `probes`: its cache is keyed by node address.
JoinGraph buildGraph(const Block& block, const std::vector<double>& rows, SizeEstimator& estimator,
                     std::vector<PlanPtr>& probes) {
  JoinGraph graph;
  for (double r : rows) graph.addRelation(r);
  // Conditions between two inputs, grouped by the pair: one edge each.
  absl::flat_hash_map<std::pair<int, int>, std::vector<ExprPtr>> pairs;
  std::vector<std::pair<int, int>> pair_order;
  for (size_t c = 0; c < block.conditions.size(); ++c) {
    const std::vector<int>& inputs = block.condition_inputs[c];
    if (inputs.size() == 2) {
      auto [it, inserted] = pairs.try_emplace({inputs[0], inputs[1]});
      if (inserted) pair_order.push_back(it->first);
      it->second.push_back(block.conditions[c]);
    } else if (inputs.size() > 2) {
      std::vector<int> left, right;
      hyperedgeSides(block.conditions[c], inputs, block.input_of, left, right);
      graph.addHyperedge(std::move(left), std::move(right), 1.0);
    }
  }
  for (const auto& [a, b] : pair_order) {
    // The estimator's rows for the join of the two inputs alone, as a fraction of their product.
    probes.push_back(std::make_shared<Join>(block.inputs[a], block.inputs[b], JoinType::kInner,
                                            conjunction(pairs[{a, b}])));
    const PlanStatistics& joined = estimator.statisticsOf(probes.back());
    double product = rows[a] * rows[b];
    double selectivity = 1;
    if (joined.row_count && product > 0) {
      selectivity = std::min(1.0, std::max(*joined.row_count, 1.0) / product);
    }
    graph.addEdge(a, b, selectivity);
  }
  return graph;
}

// The plan of `tree` over the block's inputs, each condition at the lowest join that has all its
// inputs. As Spark's JoinReorderDP, a join keeps only the columns of `output` and of the
// conditions above it: a Project drops the rest.
PlanPtr buildPlan(const JoinTree& tree, const Block& block, const Attributes& output) {
  const std::vector<PlanPtr>& inputs = block.inputs;
  const std::vector<ExprPtr>& conditions = block.conditions;
  const std::vector<JoinTreeNode>& nodes = tree.nodes();
  std::vector<int> parent(nodes.size(), -1), depth(nodes.size(), 0), leaf_of(inputs.size(), -1);
  for (int i = static_cast<int>(nodes.size()) - 1; i >= 0; --i) {
    const JoinTreeNode& node = nodes[i];
    if (node.isLeaf()) {
      leaf_of[node.relation] = i;
      continue;
    }
    for (int child : {node.left, node.right}) {
      parent[child] = i;
      depth[child] = depth[i] + 1;
    }
  }
  auto lowestCommon = [&](int a, int b) {
    while (a != b) {
      if (depth[a] < depth[b]) std::swap(a, b);
      a = parent[a];
    }
    return a;
  };
  std::vector<std::vector<ExprPtr>> at(nodes.size());
  for (size_t c = 0; c < conditions.size(); ++c) {
    const std::vector<int>& of = block.condition_inputs[c];
    int node = tree.rootIndex();
    if (!of.empty()) {
      node = leaf_of[of.front()];
      for (int input : of) node = lowestCommon(node, leaf_of[input]);
      // A condition on one input stays on the join above it, where it was (pushdown is not
      // this rule's business).
      if (nodes[node].isLeaf()) node = parent[node];
    }
    at[node].push_back(conditions[c]);
  }
  // The columns needed above each node: the block's output and its ancestors' conditions.
  std::vector<AttributeSet> needed(nodes.size());
  needed.back() = AttributeSet(output);
  for (int i = static_cast<int>(nodes.size()) - 1; i >= 0; --i) {
    if (nodes[i].isLeaf()) continue;
    AttributeSet below = needed[i];
    for (const ExprPtr& condition : at[i]) below.insertAll(referencesOf(condition));
    needed[nodes[i].left] = below;
    needed[nodes[i].right] = std::move(below);
  }
  std::vector<PlanPtr> plans(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    const JoinTreeNode& node = nodes[i];
    if (node.isLeaf()) {
      plans[i] = inputs[node.relation];
      continue;
    }
    ExprPtr condition = conjunction(at[i]);
    PlanPtr join = std::make_shared<Join>(plans[node.left], plans[node.right],
                                          condition ? JoinType::kInner : JoinType::kCross,
                                          condition);
    Attributes kept;
    for (const AttributePtr& column : join->output()) {
      if (needed[i].contains(column->exprId())) kept.push_back(column);
    }
    plans[i] = kept.size() < join->output().size() && i + 1 < nodes.size()
                   ? std::make_shared<Project>(std::vector<ExprPtr>(kept.begin(), kept.end()), join)
                   : join;
  }
  return plans.back();
}

join_order::JoinOrderOptions optionsFrom(const Config& config) {
  join_order::JoinOrderOptions options;
  options.dp_threshold = static_cast<int>(config.getInt("spark.sql.cbo.joinReorder.dp.threshold"));
  options.connected_subgraph_budget =
      config.getInt("planck.cbo.joinReorder.connectedSubgraphBudget");
  options.linearized_dp_limit =
      static_cast<int>(config.getInt("planck.cbo.joinReorder.linearizedDpLimit"));
  options.goo_dp_block_size =
      static_cast<int>(config.getInt("planck.cbo.joinReorder.gooDpBlockSize"));
  return options;
}

class Reorderer {
 public:
  explicit Reorderer(RuleContext& ctx)
      : ctx_(ctx), estimator_(ctx.catalog(), ctx.config()), options_(optionsFrom(ctx.config())) {}

  // `plan` with every block of inner joins in it ordered, inputs first.
  PlanPtr reorder(const PlanPtr& plan) {
    if (!isReorderableJoin(*plan) && !isColumnsOverJoin(*plan)) {
      return tree_internal::mapChildren(plan, [this](const PlanPtr& child) { return reorder(child); });
    }
    Block block;
    extract(plan, block);
    bool inputs_changed = false;
    for (PlanPtr& input : block.inputs) {
      PlanPtr ordered = reorder(input);
      inputs_changed = inputs_changed || ordered != input;
      input = std::move(ordered);
    }
    locateConditions(block);
    PlanPtr joined = orderBlock(block, plan->output());
    if (joined == nullptr) {
      if (!inputs_changed) return plan;
      joined = buildPlan(block.written, block, plan->output());
    }
    joined = projectedTo(joined, plan->output());
    return joined->equals(*plan) ? plan : joined;
  }

 private:
  // The block's plan in the order of least estimated cost, or nullptr to keep the written one.
  PlanPtr orderBlock(const Block& block, const Attributes& output) {
    int n = static_cast<int>(block.inputs.size());
    if (n <= 2 || block.conditions.empty()) return nullptr;
    std::string names;
    for (int i = 0; i < n && ctx_.notesWanted(); ++i) {
      names += fmt::format("{}{} {}", i == 0 ? "" : ", ", i, inputName(*block.inputs[i]));
    }
    std::string what = fmt::format("Join block of {} relations ({})", n, names);
    for (const ExprPtr& condition : block.conditions) {
      if (!condition->deterministic() || hasSubquery(condition)) {
        ctx_.note(what + ": not reordered: a condition is non-deterministic or has a subquery");
        return nullptr;
      }
    }
    std::vector<double> rows(n);
    for (int i = 0; i < n; ++i) {
      const PlanStatistics& stats = estimator_.statisticsOf(block.inputs[i]);
      if (!stats.row_count) {
        ctx_.note(fmt::format(
            "{}: not reordered: the rows of {} {} cannot be estimated (ANALYZE TABLE ... FOR "
            "COLUMNS gives estimates their column statistics)",
            what, i, inputName(*block.inputs[i])));
        return nullptr;
      }
      // At least one row: empty inputs would make every order cost the same.
      rows[i] = std::max(*stats.row_count, 1.0);
    }
    std::vector<PlanPtr> probes;
    JoinGraph graph = buildGraph(block, rows, estimator_, probes);
    const join_order::CostModel& model = join_order::defaultCostModel();
    join_order::JoinOrderResult chosen = join_order::orderJoins(graph, model, options_);
    JoinTree written = join_order::recomputed(graph, block.written, model);
    std::string decision = fmt::format(
        "{}, {} join predicates: {} ({}); {} csg-cmp pairs; estimated C_out {:.4g}, written order "
        "{:.4g}",
        what, block.conditions.size(), join_order::algorithmName(chosen.algorithm), chosen.reason,
        chosen.csg_cmp_pairs, chosen.tree.cost(), written.cost());
    if (!(chosen.tree.cost() < written.cost() * (1 - 1e-9))) {
      ctx_.note(decision + ": kept the written order " + written.toString());
      return nullptr;
    }
    ctx_.note(decision + ": " + written.toString() + " -> " + chosen.tree.toString());
    return buildPlan(chosen.tree, block, output);
  }

  RuleContext& ctx_;
  SizeEstimator estimator_;
  join_order::JoinOrderOptions options_;
};

class CostBasedJoinReorder final : public Rule {
 public:
  std::string_view name() const override { return "CostBasedJoinReorder"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    const Config& config = ctx.config();
    if (ctx.catalog() == nullptr || !config.getBool("spark.sql.cbo.enabled") ||
        !config.getBool("spark.sql.cbo.joinReorder.enabled")) {
      return plan;
    }
    return Reorderer(ctx).reorder(plan);
  }
};

}  // namespace

RulePtr makeCostBasedJoinReorder() { return std::make_shared<CostBasedJoinReorder>(); }

}  // namespace planck
