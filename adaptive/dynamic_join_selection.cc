// DynamicJoinSelection (Spark's rule of the same name, in the re-optimizer's "Dynamic Join
// Selection" batch): hints for the planner from what a join side's shuffle showed.
//
// - A side whose shuffle left most partitions empty (fewer non-empty ones than
//   spark.sql.adaptive.nonEmptyPartitionRatioForBroadcastJoin) is not broadcast
//   (no_broadcast_hash): a sort-merge join skips the tasks where it is empty, while a broadcast
//   join would read every partition of the other side. Only for inner, semi and anti joins: an
//   outer join keeps its other side's rows whatever this side holds.
// - A side whose every shuffle partition is at most
//   spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold (with the advisory partition size
//   not above it) is built into a shuffled hash join (prefer_shuffle_hash): each task's hash
//   table fits, and no sort is needed.
// - Both: shuffle_hash.
//
//   Join Inner, (a#1 = b#2)                      Join Inner, (a#1 = b#2), rightHint=(strategy=
//   :- ...                                 =>    no_broadcast_hash)
//   +- LogicalQueryStage ..., ShuffleQueryStage 1
//
// A side with a hint of the query's own is left alone.
#include "adaptive/adaptive_rules.h"
#include "logical/operators.h"

namespace planck {
namespace {

// The shuffle stage a LogicalQueryStage stands for, when it is one that has run.
const QueryStageExec* shuffleStageOf(const PlanPtr& plan) {
  const auto* stage = plan->as<LogicalQueryStage>();
  if (stage == nullptr) return nullptr;
  const auto* physical = static_cast<const PhysicalPlan*>(stage->physical().get());
  const QueryStageExec* query_stage = asQueryStage(*physical);
  if (query_stage == nullptr || !physical->is<ShuffleQueryStageExec>() ||
      query_stage->result() == nullptr) {
    return nullptr;
  }
  return query_stage;
}

std::optional<JoinStrategyHint> strategyFor(const PlanPtr& side, JoinType type,
                                            const Config& config) {
  const QueryStageExec* stage = shuffleStageOf(side);
  if (stage == nullptr) return std::nullopt;
  const std::vector<int64_t>& bytes = stage->result()->partition_bytes;
  int64_t non_empty = 0;
  for (int64_t b : bytes) non_empty += b > 0 ? 1 : 0;
  bool many_empty =
      !bytes.empty() && non_empty > 0 &&
      static_cast<double>(non_empty) / static_cast<double>(bytes.size()) <
          config.getDouble("spark.sql.adaptive.nonEmptyPartitionRatioForBroadcastJoin");
  bool demote = many_empty && (type == JoinType::kInner || type == JoinType::kLeftSemi ||
                               type == JoinType::kLeftAnti);
  int64_t local_map = config.getInt("spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold");
  bool prefer_hash =
      config.getInt("spark.sql.adaptive.advisoryPartitionSizeInBytes") <= local_map &&
      std::all_of(bytes.begin(), bytes.end(), [&](int64_t b) { return b <= local_map; });
  if (demote && prefer_hash) return JoinStrategyHint::kShuffleHash;
  if (demote) return JoinStrategyHint::kNoBroadcastHash;
  if (prefer_hash) return JoinStrategyHint::kPreferShuffleHash;
  return std::nullopt;
}

class DynamicJoinSelection final : public Rule {
 public:
  std::string_view name() const override { return "DynamicJoinSelection"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformDown(plan, [&](const PlanPtr& node) -> PlanPtr {
      const auto* join = node->as<Join>();
      if (join == nullptr) return node;
      JoinHint hint = join->hint();
      if (hint.left == JoinStrategyHint::kNone) {
        if (auto strategy = strategyFor(join->left(), join->joinType(), ctx.config())) {
          hint.left = *strategy;
        }
      }
      if (hint.right == JoinStrategyHint::kNone) {
        if (auto strategy = strategyFor(join->right(), join->joinType(), ctx.config())) {
          hint.right = *strategy;
        }
      }
      if (hint.left == join->hint().left && hint.right == join->hint().right) return node;
      return join->withHint(hint);
    });
  }
};

}  // namespace

RulePtr makeDynamicJoinSelection() { return std::make_shared<DynamicJoinSelection>(); }

}  // namespace planck
