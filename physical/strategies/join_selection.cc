// JoinSelection (Spark 3.x's strategy of the same name, SparkStrategies.scala, with the helpers
// of JoinSelectionHelper): picks the physical join for a logical one.
//
// A single-column NOT IN (left anti join on `(a = b) OR isnull((a = b))`) becomes a null-aware
// BroadcastHashJoin (BuildRight) whatever the sizes, as in Spark 3.x (its extractor checks only
// spark.sql.optimizeNullAwareAntiJoin, always on in planck): the alternative, a nested loop
// join, would broadcast one side too and compare every pair.
//
// An equi-join (ExtractEquiJoinKeys), with hints, tries in order
//   BROADCAST hint      -> BroadcastHashJoin, build side from the hinted sides
//   MERGE hint          -> SortMergeJoin
//   SHUFFLE_HASH hint   -> ShuffledHashJoin, build side from the hinted sides
//   SHUFFLE_REPLICATE_NL hint -> CartesianProduct (inner joins)
// and otherwise (and without hints)
//   1. BroadcastHashJoin when a buildable side is at most spark.sql.autoBroadcastJoinThreshold
//   2. ShuffledHashJoin when !spark.sql.join.preferSortMergeJoin and a buildable side is below
//      threshold x spark.sql.shuffle.partitions and 3x smaller than the other
//   3. SortMergeJoin (every planck type is orderable)
//   4. CartesianProduct for inner joins
//   5. BroadcastNestedLoopJoin, building the smaller side
// Which side can be built depends on the join type: broadcast left for inner and right outer,
// right for inner, left outer, semi and anti; shuffled hash adds full outer on both sides. When
// both sides qualify the smaller one is built (the right one on a tie).
//
// A join without equi-keys: BROADCAST hint -> BroadcastNestedLoopJoin on the hinted side;
// SHUFFLE_REPLICATE_NL hint -> CartesianProduct; otherwise BroadcastNestedLoopJoin on a side
// broadcastable by size, then CartesianProduct for inner joins, then BroadcastNestedLoopJoin
// building the smaller side.
#include "logical/operators.h"
#include "physical/join_keys.h"
#include "physical/operators.h"
#include "physical/strategies/strategies.h"

namespace planck {
namespace {

bool isInnerLike(JoinType type) { return type == JoinType::kInner || type == JoinType::kCross; }
bool canBuildBroadcastLeft(JoinType type) {
  return isInnerLike(type) || type == JoinType::kRightOuter;
}
bool canBuildBroadcastRight(JoinType type) {
  return isInnerLike(type) || type == JoinType::kLeftOuter || type == JoinType::kLeftSemi ||
         type == JoinType::kLeftAnti;
}
bool canBuildShuffledHashJoinLeft(JoinType type) {
  return canBuildBroadcastLeft(type) || type == JoinType::kFullOuter;
}
bool canBuildShuffledHashJoinRight(JoinType type) {
  return canBuildBroadcastRight(type) || type == JoinType::kFullOuter;
}

// Everything one join's decision reads.
class JoinPlanning {
 public:
  JoinPlanning(const Join& join, PlannerContext& ctx)
      : join_(join),
        ctx_(ctx),
        hint_(effectiveJoinHint(join)),
        left_size_(ctx.statisticsOf(join.left()).size_in_bytes),
        right_size_(ctx.statisticsOf(join.right()).size_in_bytes),
        threshold_(
            static_cast<double>(ctx.config().getInt("spark.sql.autoBroadcastJoinThreshold"))),
        left_threshold_(thresholdFor(ctx.statisticsOf(join.left()), ctx.config())),
        right_threshold_(thresholdFor(ctx.statisticsOf(join.right()), ctx.config())) {}

  absl::StatusOr<PhysicalPtr> plan() {
    if (auto keys = extractNullAwareAntiJoinKeys(join_)) {
      return broadcastHashJoin(*keys, BuildSide::kRight, /*null_aware=*/true);
    }
    if (auto keys = extractEquiJoinKeys(join_)) return planEquiJoin(*keys);
    return planNonEquiJoin();
  }

 private:
  JoinType type() const { return join_.joinType(); }
  bool hinted(bool left, JoinStrategyHint wanted) const {
    return (left ? hint_.left : hint_.right) == wanted;
  }
  bool hintedEither(JoinStrategyHint wanted) const {
    return hint_.left == wanted || hint_.right == wanted;
  }
  // Spark's canBroadcastBySize: a side adaptive execution has measured (a LogicalQueryStage)
  // is compared with spark.sql.adaptive.autoBroadcastJoinThreshold when that is set.
  static double thresholdFor(const PlanStatistics& stats, const Config& config) {
    const char* key = "spark.sql.adaptive.autoBroadcastJoinThreshold";
    if (!stats.is_runtime || !config.overrides().contains(key)) {
      key = "spark.sql.autoBroadcastJoinThreshold";
    }
    return static_cast<double>(config.getInt(key));
  }
  bool canBroadcastBySize(bool left) const {
    double size = left ? left_size_ : right_size_;
    return size >= 0 && size <= (left ? left_threshold_ : right_threshold_);
  }
  // Spark's getSmallerSide: the right side on a tie.
  BuildSide smallerSide() const {
    return right_size_ <= left_size_ ? BuildSide::kRight : BuildSide::kLeft;
  }
  std::optional<BuildSide> buildSide(bool can_left, bool can_right) const {
    if (can_left && can_right) return smallerSide();
    if (can_left) return BuildSide::kLeft;
    if (can_right) return BuildSide::kRight;
    return std::nullopt;
  }

  // A side adaptive execution's DynamicJoinSelection marked no_broadcast_hash is not broadcast
  // by size (Spark's hintToNotBroadcastLeft/Right).
  std::optional<BuildSide> broadcastBuildSide(bool hint_only) const {
    bool left = hint_only ? hinted(true, JoinStrategyHint::kBroadcast)
                          : canBroadcastBySize(true) &&
                                !hinted(true, JoinStrategyHint::kNoBroadcastHash);
    bool right = hint_only ? hinted(false, JoinStrategyHint::kBroadcast)
                           : canBroadcastBySize(false) &&
                                 !hinted(false, JoinStrategyHint::kNoBroadcastHash);
    return buildSide(canBuildBroadcastLeft(type()) && left,
                     canBuildBroadcastRight(type()) && right);
  }

  std::optional<BuildSide> shuffleHashBuildSide(bool hint_only) const {
    auto side_qualifies = [&](bool left) {
      if (hint_only) return hinted(left, JoinStrategyHint::kShuffleHash);
      double mine = left ? left_size_ : right_size_;
      double other = left ? right_size_ : left_size_;
      const double partitions =
          static_cast<double>(ctx_.config().getInt("spark.sql.shuffle.partitions"));
      // Spark's canBuildLocalHashMapBySize and muchSmaller (factor 3); a side marked
      // prefer_shuffle_hash (DynamicJoinSelection) qualifies whatever its size.
      bool small_enough = mine < threshold_ * partitions && mine * 3 <= other;
      return hinted(left, JoinStrategyHint::kPreferShuffleHash) ||
             (!ctx_.config().getBool("spark.sql.join.preferSortMergeJoin") && small_enough);
    };
    return buildSide(canBuildShuffledHashJoinLeft(type()) && side_qualifies(true),
                     canBuildShuffledHashJoinRight(type()) && side_qualifies(false));
  }

  JoinSpec spec(ExprPtr condition) const { return {type(), std::move(condition), join_.output()}; }

  // Plans both inputs.
  absl::Status planChildren() {
    if (left_) return absl::OkStatus();
    absl::StatusOr<PhysicalPtr> left = ctx_.planLater(join_.left());
    if (!left.ok()) return left.status();
    absl::StatusOr<PhysicalPtr> right = ctx_.planLater(join_.right());
    if (!right.ok()) return right.status();
    left_ = *std::move(left);
    right_ = *std::move(right);
    return absl::OkStatus();
  }

  absl::StatusOr<PhysicalPtr> broadcastHashJoin(const EquiJoinKeys& keys, BuildSide side,
                                                bool null_aware) {
    if (absl::Status planned = planChildren(); !planned.ok()) return planned;
    return PhysicalPtr(std::make_shared<BroadcastHashJoinExec>(keys.left_keys, keys.right_keys,
                                                               spec(keys.other_condition), side,
                                                               null_aware, left_, right_));
  }
  absl::StatusOr<PhysicalPtr> shuffledHashJoin(const EquiJoinKeys& keys, BuildSide side) {
    if (absl::Status planned = planChildren(); !planned.ok()) return planned;
    return PhysicalPtr(std::make_shared<ShuffledHashJoinExec>(
        keys.left_keys, keys.right_keys, spec(keys.other_condition), side, left_, right_));
  }
  absl::StatusOr<PhysicalPtr> sortMergeJoin(const EquiJoinKeys& keys) {
    if (absl::Status planned = planChildren(); !planned.ok()) return planned;
    return PhysicalPtr(std::make_shared<SortMergeJoinExec>(
        keys.left_keys, keys.right_keys, spec(keys.other_condition), left_, right_));
  }
  absl::StatusOr<PhysicalPtr> cartesianProduct() {
    if (absl::Status planned = planChildren(); !planned.ok()) return planned;
    return PhysicalPtr(
        std::make_shared<CartesianProductExec>(spec(join_.condition()), left_, right_));
  }
  absl::StatusOr<PhysicalPtr> nestedLoopJoin(BuildSide side) {
    if (absl::Status planned = planChildren(); !planned.ok()) return planned;
    return PhysicalPtr(std::make_shared<BroadcastNestedLoopJoinExec>(spec(join_.condition()), side,
                                                                     left_, right_));
  }

  absl::StatusOr<PhysicalPtr> equiJoinWithoutHint(const EquiJoinKeys& keys) {
    if (auto side = broadcastBuildSide(false)) return broadcastHashJoin(keys, *side, false);
    if (auto side = shuffleHashBuildSide(false)) return shuffledHashJoin(keys, *side);
    // Every planck type is orderable, so a sort-merge join always applies here (Spark checks
    // RowOrdering.isOrderable; its later cartesian / nested loop cases serve unorderable keys).
    return sortMergeJoin(keys);
  }

  absl::StatusOr<PhysicalPtr> planEquiJoin(const EquiJoinKeys& keys) {
    if (hint_.empty()) return equiJoinWithoutHint(keys);
    if (auto side = broadcastBuildSide(true)) return broadcastHashJoin(keys, *side, false);
    if (hintedEither(JoinStrategyHint::kShuffleMerge)) return sortMergeJoin(keys);
    if (auto side = shuffleHashBuildSide(true)) return shuffledHashJoin(keys, *side);
    if (hintedEither(JoinStrategyHint::kShuffleReplicateNl) && isInnerLike(type())) {
      return cartesianProduct();
    }
    return equiJoinWithoutHint(keys);
  }

  std::optional<BuildSide> nestedLoopBuildSide(bool hint_only) const {
    bool left =
        hint_only ? hinted(true, JoinStrategyHint::kBroadcast) : canBroadcastBySize(true);
    bool right =
        hint_only ? hinted(false, JoinStrategyHint::kBroadcast) : canBroadcastBySize(false);
    std::optional<BuildSide> side = buildSide(left, right);
    if (side == BuildSide::kLeft && !canBuildBroadcastLeft(type())) return std::nullopt;
    if (side == BuildSide::kRight && !canBuildBroadcastRight(type())) return std::nullopt;
    return side;
  }

  absl::StatusOr<PhysicalPtr> nonEquiJoinWithoutHint() {
    if (auto side = nestedLoopBuildSide(false)) return nestedLoopJoin(*side);
    if (isInnerLike(type())) return cartesianProduct();
    // Could be very slow: every pair of rows, the smaller side broadcast.
    return nestedLoopJoin(smallerSide());
  }

  absl::StatusOr<PhysicalPtr> planNonEquiJoin() {
    if (hint_.empty()) return nonEquiJoinWithoutHint();
    if (auto side = nestedLoopBuildSide(true)) return nestedLoopJoin(*side);
    if (hintedEither(JoinStrategyHint::kShuffleReplicateNl) && isInnerLike(type())) {
      return cartesianProduct();
    }
    return nonEquiJoinWithoutHint();
  }

  const Join& join_;
  PlannerContext& ctx_;
  JoinHint hint_;
  double left_size_;
  double right_size_;
  double threshold_;
  double left_threshold_;
  double right_threshold_;
  PhysicalPtr left_;
  PhysicalPtr right_;
};

class JoinSelection final : public Strategy {
 public:
  std::string_view name() const override { return "JoinSelection"; }
  absl::StatusOr<PhysicalPtr> apply(const PlanPtr& plan, PlannerContext& ctx) const override {
    const auto* join = plan->as<Join>();
    if (join == nullptr) return nullptr;
    return JoinPlanning(*join, ctx).plan();
  }
};

}  // namespace

StrategyPtr makeJoinSelection() { return std::make_shared<JoinSelection>(); }

}  // namespace planck
