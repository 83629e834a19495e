// EnsureRequirements (Spark's rule of the same name): makes every operator's inputs meet what it
// requires, bottom-up.
//
// 1. Distribution. A child whose partitioning does not satisfy the required distribution gets an
//    exchange: a BroadcastExchange for a broadcast distribution, else a ShuffleExchange with the
//    distribution's partitioning (hash on clustered keys, range on an ordering, one partition
//    for all tuples) over spark.sql.shuffle.partitions partitions (1 for all tuples).
// 2. Co-partitioning. An operator that needs several children clustered (a sort-merge or
//    shuffled hash join) needs more than each side satisfying its own keys: row pairs that join
//    must land in the same partition number, so the sides must be hash-partitioned on
//    corresponding keys (same positions in the key lists) into the same number of partitions.
//    When they are not, the side that already had its partitioning (not shuffled here), the
//    one with the most partitions, is kept, and the others are shuffled to match it.
// 3. Ordering. A child whose ordering does not start with the required one gets a local
//    SortExec.
//
//   SortMergeJoin [a#1], [b#2], Inner                SortMergeJoin [a#1], [b#2], Inner
//   :- Scan t[a#1]                             =>    :- Sort [a#1 ASC NULLS FIRST], false, 0
//   +- Scan u[b#2]                                   :  +- Exchange hashpartitioning(a#1, 200), ...
//                                                    :     +- Scan t[a#1]
//                                                    +- Sort [b#2 ...] (the same over u)
//
// An aggregate over a join on its grouping keys gets no exchange: the join's output partitioning
// (both sides' hash partitionings) already clusters the keys.
#include <optional>

#include "physical/operators.h"
#include "physical/preparation.h"

namespace planck {
namespace {

// A child's hash partitioning relative to its required keys: the position in the key list of
// each hash expression, and the number of partitions.
struct HashSpec {
  std::vector<size_t> positions;
  int num_partitions;
  bool operator==(const HashSpec&) const = default;
};

std::optional<HashSpec> hashSpecOf(const Partitioning& partitioning,
                                   const std::vector<ExprPtr>& keys) {
  if (partitioning.kind == Partitioning::Kind::kCollection) {
    for (const Partitioning& each : partitioning.alternatives) {
      if (auto spec = hashSpecOf(each, keys)) return spec;
    }
    return std::nullopt;
  }
  if (partitioning.kind != Partitioning::Kind::kHash) return std::nullopt;
  HashSpec spec{{}, partitioning.num_partitions};
  for (const ExprPtr& expr : partitioning.expressions) {
    size_t position = keys.size();
    for (size_t i = 0; i < keys.size(); ++i) {
      if (exprEquals(keys[i], expr)) {
        position = i;
        break;
      }
    }
    if (position == keys.size()) return std::nullopt;
    spec.positions.push_back(position);
  }
  return spec;
}

// Shuffles `child` (or the input of the exchange inserted over it) hash-partitioned on `keys`
// picked by `spec`.
PhysicalPtr reshuffle(const PhysicalPtr& child, const std::vector<ExprPtr>& keys,
                      const HashSpec& spec) {
  std::vector<ExprPtr> exprs;
  for (size_t position : spec.positions) exprs.push_back(keys[position]);
  PhysicalPtr input = child->is<ShuffleExchangeExec>() ? child->child(0) : child;
  return std::make_shared<ShuffleExchangeExec>(
      Partitioning::hash(std::move(exprs), spec.num_partitions), input);
}

// Step 2 for an operator whose children are all required clustered.
void coPartition(std::vector<PhysicalPtr>& children, const std::vector<Distribution>& required,
                 const std::vector<bool>& shuffled_here, int default_partitions) {
  std::vector<std::optional<HashSpec>> specs;
  for (size_t i = 0; i < children.size(); ++i) {
    specs.push_back(hashSpecOf(children[i]->outputPartitioning(), required[i].expressions));
  }
  bool compatible = true;
  for (const auto& spec : specs) compatible = compatible && spec && spec == specs.front();
  if (compatible) return;
  // The best existing partitioning: kept children first, then the most partitions.
  std::optional<size_t> best;
  for (size_t i = 0; i < children.size(); ++i) {
    if (!specs[i]) continue;
    if (!best || (shuffled_here[*best] && !shuffled_here[i]) ||
        (shuffled_here[*best] == shuffled_here[i] &&
         specs[i]->num_partitions > specs[*best]->num_partitions)) {
      best = i;
    }
  }
  for (size_t i = 0; i < children.size(); ++i) {
    if (best && specs[i] == specs[*best]) continue;
    HashSpec target = best ? *specs[*best] : HashSpec{{}, default_partitions};
    if (!best) {
      for (size_t k = 0; k < required[i].expressions.size(); ++k) target.positions.push_back(k);
    }
    children[i] = reshuffle(children[i], required[i].expressions, target);
  }
}

PhysicalPtr ensureRequirements(const PhysicalPtr& node, int default_partitions) {
  if (node->children().empty()) return node;
  std::vector<PhysicalPtr> children = node->children();
  std::vector<Distribution> required = node->requiredChildDistribution();
  std::vector<bool> shuffled_here(children.size(), false);
  for (size_t i = 0; i < children.size(); ++i) {
    const Distribution& distribution = required[i];
    if (satisfies(children[i]->outputPartitioning(), distribution)) continue;
    if (distribution.kind == Distribution::Kind::kBroadcast) {
      children[i] = std::make_shared<BroadcastExchangeExec>(distribution.mode, children[i]);
      continue;
    }
    int partitions = distribution.requiredNumPartitions().value_or(default_partitions);
    children[i] = std::make_shared<ShuffleExchangeExec>(distribution.createPartitioning(partitions),
                                                        children[i]);
    shuffled_here[i] = true;
  }
  bool all_clustered = children.size() > 1;
  for (const Distribution& distribution : required) {
    all_clustered = all_clustered && distribution.kind == Distribution::Kind::kClustered;
  }
  if (all_clustered) coPartition(children, required, shuffled_here, default_partitions);

  std::vector<std::vector<ExprPtr>> orderings = node->requiredChildOrdering();
  for (size_t i = 0; i < children.size(); ++i) {
    if (orderings[i].empty() || orderingSatisfies(children[i]->outputOrdering(), orderings[i])) {
      continue;
    }
    children[i] = std::make_shared<SortExec>(orderings[i], false, children[i]);
  }
  return node->withNewChildren(std::move(children));
}

class EnsureRequirements final : public PhysicalRule {
 public:
  std::string_view name() const override { return "EnsureRequirements"; }
  PhysicalPtr apply(const PhysicalPtr& plan, PhysicalRuleContext& ctx) const override {
    const int partitions = static_cast<int>(ctx.config().getInt("spark.sql.shuffle.partitions"));
    return transformUp(
        plan, [&](const PhysicalPtr& node) { return ensureRequirements(node, partitions); });
  }
};

}  // namespace

PhysicalRulePtr makeEnsureRequirements() { return std::make_shared<EnsureRequirements>(); }

}  // namespace planck
