// OptimizeShuffleWithLocalRead (Spark's rule of the same name, a query-stage optimizer rule):
// when a join that needed both sides shuffled became a broadcast hash join at runtime, its
// streamed side's shuffle has run already but no longer needs its partitioning. Its tasks then
// read by map task (a local read: each task takes what one map task wrote, for a range of
// reducers) instead of by reducer, so the rows are read where they were written.
//
//   BroadcastHashJoin [k#1], [k#2], Inner, BuildRight      (the same join)
//   :- AQEShuffleRead coalesced                     =>     :- AQEShuffleRead local
//   :  +- ShuffleQueryStage 0                              :  +- ShuffleQueryStage 0
//   +- BroadcastQueryStage 2                               +- BroadcastQueryStage 2
//
// The number of tasks stays what it was (the coalesced reads' count, or the exchange's
// partitions): each map task's reducers are cut into equal ranges when there are more tasks than
// map tasks, and runs of map tasks are read together when there are fewer. The input of a new
// broadcast exchange that reads a shuffle stage is read locally too. On while
// spark.sql.adaptive.localShuffleReader.enabled.
#include "adaptive/adaptive_rules.h"
#include "physical/exchange_operators.h"
#include "physical/join_operators.h"

namespace planck {
namespace {

// A shuffle stage that may be read locally, directly or through a coalesced read.
const ShuffleQueryStageExec* localReadable(const PhysicalPtr& plan) {
  const PhysicalPtr& input = plan->is<AQEShuffleReadExec>() ? plan->child(0) : plan;
  if (const auto* read = plan->as<AQEShuffleReadExec>(); read && !read->isCoalescedRead()) {
    return nullptr;  // skewed or local already
  }
  const auto* stage = input->as<ShuffleQueryStageExec>();
  if (stage == nullptr || stage->result() == nullptr || stage->result()->mapTasks() == 0) {
    return nullptr;
  }
  const auto* exchange = stage->exchange()->as<ShuffleExchangeExec>();
  if (exchange == nullptr || exchange->origin() != ShuffleOrigin::kEnsureRequirements) return nullptr;
  return stage;
}

// `n` split into `parts` ranges of (nearly) equal length: their starts.
std::vector<int> equallyDivide(int n, int parts) {
  parts = std::max(1, std::min(parts, n));
  std::vector<int> starts;
  for (int i = 0; i < parts; ++i) starts.push_back(static_cast<int>(int64_t{n} * i / parts));
  return starts;
}

// Spark's getPartitionSpecs.
PhysicalPtr localRead(const PhysicalPtr& plan) {
  const ShuffleQueryStageExec* stage = localReadable(plan);
  const PhysicalPtr& input = plan->is<AQEShuffleReadExec>() ? plan->child(0) : plan;
  const StageOutput& output = *stage->result();
  int maps = output.mapTasks();
  int reducers = static_cast<int>(output.partition_bytes.size());
  int parallelism = plan->is<AQEShuffleReadExec>()
                        ? static_cast<int>(plan->as<AQEShuffleReadExec>()->specs().size())
                        : reducers;
  auto bytesOf = [&](int map_start, int map_end, int reducer_start, int reducer_end) {
    int64_t bytes = 0;
    for (int r = reducer_start; r < reducer_end; ++r) {
      for (int m = map_start; m < map_end; ++m) {
        bytes += output.block_bytes[static_cast<size_t>(r)][static_cast<size_t>(m)];
      }
    }
    return bytes;
  };
  std::vector<ShufflePartitionSpec> specs;
  if (parallelism >= maps) {
    std::vector<int> starts = equallyDivide(reducers, parallelism / maps);
    for (int map = 0; map < maps; ++map) {
      for (size_t i = 0; i < starts.size(); ++i) {
        int end = i + 1 < starts.size() ? starts[i + 1] : reducers;
        specs.push_back(ShufflePartitionSpec::partialMapper(map, starts[i], end,
                                                            bytesOf(map, map + 1, starts[i], end)));
      }
    }
  } else {
    std::vector<int> starts = equallyDivide(maps, parallelism);
    for (size_t i = 0; i < starts.size(); ++i) {
      int end = i + 1 < starts.size() ? starts[i + 1] : maps;
      ShufflePartitionSpec spec =
          ShufflePartitionSpec::partialMapper(starts[i], 0, reducers, bytesOf(starts[i], end, 0, reducers));
      spec.end_map = end;  // a run of map tasks (Spark's CoalescedMapperPartitionSpec)
      specs.push_back(spec);
    }
  }
  return std::make_shared<AQEShuffleReadExec>(input, std::move(specs));
}

class OptimizeShuffleWithLocalRead final : public PhysicalRule {
 public:
  std::string_view name() const override { return "OptimizeShuffleWithLocalRead"; }

  PhysicalPtr apply(const PhysicalPtr& plan, PhysicalRuleContext& ctx) const override {
    if (!ctx.config().getBool("spark.sql.adaptive.localShuffleReader.enabled")) return plan;
    // An exchange's input (the plan a new stage runs) that is a shuffle stage.
    if (localReadable(plan) != nullptr) return localRead(plan);
    // The streamed side of a broadcast hash join, unless an operator above needs the
    // partitioning the join passes on from it (Spark validates the same way).
    PhysicalPtr read = transformDown(plan, [](const PhysicalPtr& node) -> PhysicalPtr {
      const auto* join = node->as<BroadcastHashJoinExec>();
      if (join == nullptr) return node;
      size_t streamed = join->buildSide() == BuildSide::kRight ? 0 : 1;
      if (localReadable(node->child(streamed)) == nullptr) return node;
      std::vector<PhysicalPtr> children = node->children();
      children[streamed] = localRead(children[streamed]);
      return node->withNewChildren(std::move(children));
    });
    return read != plan && requirementsHold(read) ? read : plan;
  }
};

}  // namespace

PhysicalRulePtr makeOptimizeShuffleWithLocalRead() {
  return std::make_shared<OptimizeShuffleWithLocalRead>();
}

}  // namespace planck
