// OptimizeSkewedJoin (Spark's rule of the same name, a query-stage preparation rule): when both
// sides of a sort-merge or shuffled hash join have run their shuffles, a partition much bigger
// than the others (skewed) is split by map tasks, and the other side's partition of the same key
// range is read once per split, so its rows still meet every row they join with.
//
//   SortMergeJoin [k#1], [k#2], Inner           SortMergeJoin(skew=true) [k#1], [k#2], Inner
//   :- Sort [k#1 ASC NULLS FIRST]               :- Sort [k#1 ASC NULLS FIRST]
//   :  +- ShuffleQueryStage 0          =>       :  +- AQEShuffleRead coalesced and skewed
//   +- Sort [k#2 ASC NULLS FIRST]               :     +- ShuffleQueryStage 0
//      +- ShuffleQueryStage 1                   +- Sort [k#2 ASC NULLS FIRST]
//                                                  +- AQEShuffleRead coalesced and skewed
//                                                     +- ShuffleQueryStage 1
//
// A partition is skewed when it is above spark.sql.adaptive.skewJoin.skewedPartitionFactor times
// the median partition size and above ...skewedPartitionThresholdInBytes. Its map tasks' blocks
// are cut into runs of about the target size: the advisory partition size, or the average of the
// partitions that are not skewed when that is bigger. Which side may be split depends on the join
// type: the left of inner, left outer, semi and anti joins, the right of inner and right outer
// joins (an outer side's unmatched rows must be seen by one task). The partitions between skewed
// ones are coalesced as CoalesceShufflePartitions would.
//
// The splits change the join's output partitioning (its rows are no longer clustered by key):
// when an operator above needed that clustering, the rule leaves the plan as it was (Spark does
// the same unless spark.sql.adaptive.forceOptimizeSkewedJoin adds shuffles, which planck does not
// do yet).
#include <algorithm>

#include "adaptive/adaptive_rules.h"
#include "physical/join_operators.h"
#include "physical/operators.h"

namespace planck {

std::vector<int> splitSizeListByTargetSize(const std::vector<int64_t>& sizes, int64_t target) {
  constexpr double kSmallPartitionFactor = 0.2;
  constexpr double kMergedPartitionFactor = 1.2;
  std::vector<int> starts{0};
  int64_t current = 0;
  int64_t last = -1;
  auto tryMerge = [&] {
    bool merge = last > -1 &&
                 (static_cast<double>(current + last) < static_cast<double>(target) * kMergedPartitionFactor ||
                  static_cast<double>(current) < static_cast<double>(target) * kSmallPartitionFactor ||
                  static_cast<double>(last) < static_cast<double>(target) * kSmallPartitionFactor);
    if (merge) {
      starts.pop_back();
      last += current;
    } else {
      last = current;
    }
  };
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (i > 0 && current + sizes[i] > target) {
      tryMerge();
      starts.push_back(static_cast<int>(i));
      current = sizes[i];
    } else {
      current += sizes[i];
    }
  }
  tryMerge();
  return starts;
}

bool requirementsHold(const PhysicalPtr& plan) {
  bool skew_join = isSkewJoin(*plan);
  std::vector<Distribution> required = plan->requiredChildDistribution();
  for (size_t i = 0; i < plan->children().size(); ++i) {
    const PhysicalPtr& child = plan->child(i);
    if (!skew_join && !satisfies(child->outputPartitioning(), required[i])) return false;
    if (!requirementsHold(child)) return false;
  }
  return true;
}

namespace {

int64_t median(std::vector<int64_t> sizes) {
  if (sizes.empty()) return 1;
  std::sort(sizes.begin(), sizes.end());
  size_t n = sizes.size();
  int64_t middle = n % 2 == 0 ? (sizes[n / 2 - 1] + sizes[n / 2]) / 2 : sizes[n / 2];
  return std::max<int64_t>(1, middle);
}

bool canSplitLeft(JoinType type) {
  return type == JoinType::kInner || type == JoinType::kCross || type == JoinType::kLeftSemi ||
         type == JoinType::kLeftAnti || type == JoinType::kLeftOuter;
}
bool canSplitRight(JoinType type) {
  return type == JoinType::kInner || type == JoinType::kCross || type == JoinType::kRightOuter;
}

// The shuffle stage a join side reads directly (through its Sort for a sort-merge join), when
// it has run and is not read in another way already.
const ShuffleQueryStageExec* stageOf(const PhysicalPtr& side) {
  const PhysicalPtr& input = side->is<SortExec>() ? side->child(0) : side;
  const auto* stage = input->as<ShuffleQueryStageExec>();
  return stage != nullptr && stage->result() != nullptr ? stage : nullptr;
}

// One side's skew facts.
struct Side {
  const StageOutput* output;
  bool can_split;
  int64_t threshold;  // above it a partition is skewed
  int64_t target;     // the size of a split
};

Side sideOf(const ShuffleQueryStageExec& stage, bool can_split, const Config& config) {
  const StageOutput& output = *stage.result();
  int64_t med = median(output.partition_bytes);
  auto threshold = std::max<int64_t>(
      config.getInt("spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes"),
      static_cast<int64_t>(static_cast<double>(med) *
                           config.getDouble("spark.sql.adaptive.skewJoin.skewedPartitionFactor")));
  int64_t advisory = config.getInt("spark.sql.adaptive.advisoryPartitionSizeInBytes");
  int64_t sum = 0, count = 0;
  for (int64_t bytes : output.partition_bytes) {
    if (bytes <= threshold) {
      sum += bytes;
      ++count;
    }
  }
  int64_t target = count == 0 ? advisory : std::max(advisory, sum / count);
  return {&output, can_split, threshold, target};
}

// The specs that read reducer `reducer` of `side`: split by map tasks when it is skewed (and
// there is more than one run), else whole.
std::vector<ShufflePartitionSpec> specsOf(const Side& side, int reducer, bool& split) {
  int64_t bytes = side.output->partition_bytes[static_cast<size_t>(reducer)];
  if (side.can_split && bytes > side.threshold) {
    const std::vector<int64_t>& maps = side.output->block_bytes[static_cast<size_t>(reducer)];
    std::vector<int> starts = splitSizeListByTargetSize(maps, side.target);
    if (starts.size() > 1) {
      split = true;
      std::vector<ShufflePartitionSpec> specs;
      for (size_t i = 0; i < starts.size(); ++i) {
        int end = i + 1 < starts.size() ? starts[i + 1] : static_cast<int>(maps.size());
        int64_t run = 0;
        for (int m = starts[i]; m < end; ++m) run += maps[static_cast<size_t>(m)];
        specs.push_back(ShufflePartitionSpec::partialReducer(reducer, starts[i], end, run));
      }
      return specs;
    }
  }
  return {ShufflePartitionSpec::coalesced(reducer, reducer + 1, bytes)};
}

// Both sides' specs, aligned task by task, or nothing when no partition is skewed.
struct SkewSpecs {
  std::vector<ShufflePartitionSpec> left, right;
};

std::optional<SkewSpecs> skewSpecs(const ShuffleQueryStageExec& left_stage,
                                   const ShuffleQueryStageExec& right_stage, JoinType type,
                                   const Config& config) {
  if (!canSplitLeft(type) && !canSplitRight(type)) return std::nullopt;
  Side left = sideOf(left_stage, canSplitLeft(type), config);
  Side right = sideOf(right_stage, canSplitRight(type), config);
  size_t n = left.output->partition_bytes.size();
  if (n != right.output->partition_bytes.size()) return std::nullopt;
  bool coalesce = config.getBool("spark.sql.adaptive.coalescePartitions.enabled");
  int64_t target = coalesceTargetSize(config, left.output->bytes() + right.output->bytes(), 1.0);
  int64_t min_size = config.getInt("spark.sql.adaptive.coalescePartitions.minPartitionSize");
  SkewSpecs specs;
  bool any_split = false;
  size_t run_start = 0;  // the partitions since the last skewed one, coalesced together
  auto flushRun = [&](size_t end) {
    if (run_start == end) return;
    std::vector<std::vector<int64_t>> bytes(2);
    for (size_t r = run_start; r < end; ++r) {
      bytes[0].push_back(left.output->partition_bytes[r]);
      bytes[1].push_back(right.output->partition_bytes[r]);
    }
    std::vector<ShufflePartitionSpec> runs =
        coalesce ? coalescePartitions(bytes, target, min_size) : std::vector<ShufflePartitionSpec>{};
    if (runs.empty()) {
      for (size_t r = run_start; r < end; ++r) {
        int reducer = static_cast<int>(r);
        specs.left.push_back(ShufflePartitionSpec::coalesced(reducer, reducer + 1, bytes[0][r - run_start]));
        specs.right.push_back(ShufflePartitionSpec::coalesced(reducer, reducer + 1, bytes[1][r - run_start]));
      }
    } else {
      for (ShufflePartitionSpec run : runs) {
        run.start_reducer += static_cast<int>(run_start);
        run.end_reducer += static_cast<int>(run_start);
        specs.left.push_back(run);
        specs.right.push_back(run);
      }
    }
    run_start = end;
  };
  for (size_t r = 0; r < n; ++r) {
    bool left_split = false, right_split = false;
    std::vector<ShufflePartitionSpec> lefts = specsOf(left, static_cast<int>(r), left_split);
    std::vector<ShufflePartitionSpec> rights = specsOf(right, static_cast<int>(r), right_split);
    if (!left_split && !right_split) continue;
    any_split = true;
    flushRun(r);
    // Every split of one side meets every split of the other.
    for (const ShufflePartitionSpec& l : lefts) {
      for (const ShufflePartitionSpec& rr : rights) {
        specs.left.push_back(l);
        specs.right.push_back(rr);
      }
    }
    run_start = r + 1;
  }
  if (!any_split) return std::nullopt;
  flushRun(n);
  return specs;
}

PhysicalPtr withRead(const PhysicalPtr& side, std::vector<ShufflePartitionSpec> specs) {
  if (side->is<SortExec>()) {
    auto read = std::make_shared<AQEShuffleReadExec>(side->child(0), std::move(specs));
    return side->withNewChildren({read});
  }
  return std::make_shared<AQEShuffleReadExec>(side, std::move(specs));
}

class OptimizeSkewedJoin final : public PhysicalRule {
 public:
  std::string_view name() const override { return "OptimizeSkewedJoin"; }

  PhysicalPtr apply(const PhysicalPtr& plan, PhysicalRuleContext& ctx) const override {
    const Config& config = ctx.config();
    if (!config.getBool("spark.sql.adaptive.skewJoin.enabled")) return plan;
    PhysicalPtr optimized = transformUp(plan, [&](const PhysicalPtr& node) -> PhysicalPtr {
      if (!node->is<SortMergeJoinExec>() && !node->is<ShuffledHashJoinExec>()) return node;
      if (node->is<ShuffledHashJoinExec>() &&
          (node->child(0)->is<SortExec>() || node->child(1)->is<SortExec>())) {
        return node;
      }
      const ShuffleQueryStageExec* left = stageOf(node->child(0));
      const ShuffleQueryStageExec* right = stageOf(node->child(1));
      if (left == nullptr || right == nullptr) return node;
      JoinType type = node->is<SortMergeJoinExec>() ? node->as<SortMergeJoinExec>()->joinType()
                                                    : node->as<ShuffledHashJoinExec>()->joinType();
      std::optional<SkewSpecs> specs = skewSpecs(*left, *right, type, config);
      if (!specs) return node;
      return node->withNewChildren({withRead(node->child(0), std::move(specs->left)),
                                    withRead(node->child(1), std::move(specs->right))});
    });
    if (optimized == plan || !requirementsHold(optimized)) return plan;
    return optimized;
  }
};

}  // namespace

PhysicalRulePtr makeOptimizeSkewedJoin() { return std::make_shared<OptimizeSkewedJoin>(); }

}  // namespace planck
