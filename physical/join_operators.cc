#include "physical/join_operators.h"

#include "fmt/format.h"
#include "physical/adaptive_operators.h"
#include "physical/codegen_operators.h"
#include "physical/operators.h"

namespace planck {
namespace {

// `, (cond)` when there is a condition: how Spark prints an Option argument.
std::string conditionText(const ExprPtr& condition) {
  return condition ? ", " + condition->toString() : "";
}

std::vector<NodeParam> joinParams(JoinType type, const ExprPtr& condition) {
  return {{"Join type", std::string(joinTypeName(type))},
          {"Join condition", condition ? condition->toString() : std::string("None")}};
}

// The partitioning of a join whose inputs are both shuffled on the keys (Spark's ShuffledJoin).
Partitioning shuffledJoinPartitioning(JoinType type, const PhysicalPlan& left,
                                      const PhysicalPlan& right) {
  switch (type) {
    case JoinType::kInner:
    case JoinType::kCross:
      return Partitioning::collection({left.outputPartitioning(), right.outputPartitioning()});
    case JoinType::kRightOuter:
      return right.outputPartitioning();
    case JoinType::kFullOuter:
      return Partitioning::unknown(left.outputPartitioning().num_partitions);
    default:
      return left.outputPartitioning();
  }
}

}  // namespace

bool isSkewJoin(const PhysicalPlan& node) {
  if (!node.is<SortMergeJoinExec>() && !node.is<ShuffledHashJoinExec>()) return false;
  for (PhysicalPtr side : node.children()) {
    // Through the Sort, and the codegen stages' wrappers once collapsed.
    while (side->is<SortExec>() || side->is<InputAdapterExec>() ||
           side->is<WholeStageCodegenExec>()) {
      side = side->child(0);
    }
    const auto* read = side->as<AQEShuffleReadExec>();
    if (read != nullptr && read->hasSkewedPartition()) return true;
  }
  return false;
}

std::string_view buildSideName(BuildSide side) {
  return side == BuildSide::kLeft ? "BuildLeft" : "BuildRight";
}

template <class Derived, PhysicalKind K>
std::vector<NodeParam> EquiJoinExec<Derived, K>::params() const {
  std::vector<NodeParam> params = {{"Left keys", left_keys_}, {"Right keys", right_keys_}};
  for (NodeParam& param : joinParams(this->spec_.type, this->spec_.condition)) {
    params.push_back(std::move(param));
  }
  return params;
}

template <class Derived, PhysicalKind K>
std::vector<ExprPtr> EquiJoinExec<Derived, K>::expressions() const {
  std::vector<ExprPtr> all = left_keys_;
  all.insert(all.end(), right_keys_.begin(), right_keys_.end());
  if (this->spec_.condition) all.push_back(this->spec_.condition);
  return all;
}

template <class Derived, PhysicalKind K>
std::string EquiJoinExec<Derived, K>::keysText() const {
  return fmt::format("{}, {}, {}", bracketed(left_keys_), bracketed(right_keys_),
                     joinTypeName(this->spec_.type));
}

template class EquiJoinExec<BroadcastHashJoinExec, PhysicalKind::kBroadcastHashJoin>;
template class EquiJoinExec<ShuffledHashJoinExec, PhysicalKind::kShuffledHashJoin>;
template class EquiJoinExec<SortMergeJoinExec, PhysicalKind::kSortMergeJoin>;

namespace {

// Spark's BroadcastHashJoinExec.expandOutputPartitioning: after an inner join, a row's streamed
// key equals its build key, so a partitioning on streamed keys also partitions by the matching
// build keys. Each combination of substitutions is an alternative, up to Spark's default limit
// (spark.sql.execution.broadcastHashJoin.outputPartitioningExpandLimit = 8).
Partitioning expandThroughKeys(const Partitioning& partitioning,
                               const std::vector<ExprPtr>& streamed_keys,
                               const std::vector<ExprPtr>& build_keys) {
  constexpr size_t kExpandLimit = 8;
  if (partitioning.kind == Partitioning::Kind::kCollection) {
    std::vector<Partitioning> all;
    for (const Partitioning& each : partitioning.alternatives) {
      Partitioning expanded = expandThroughKeys(each, streamed_keys, build_keys);
      if (expanded.kind == Partitioning::Kind::kCollection) {
        all.insert(all.end(), expanded.alternatives.begin(), expanded.alternatives.end());
      } else {
        all.push_back(std::move(expanded));
      }
    }
    return Partitioning::collection(std::move(all));
  }
  if (partitioning.kind != Partitioning::Kind::kHash) return partitioning;
  std::vector<std::vector<ExprPtr>> combinations = {{}};
  for (const ExprPtr& expr : partitioning.expressions) {
    std::vector<ExprPtr> choices = {expr};
    for (size_t i = 0; i < streamed_keys.size(); ++i) {
      if (exprEquals(streamed_keys[i], expr)) choices.push_back(build_keys[i]);
    }
    std::vector<std::vector<ExprPtr>> next;
    for (const auto& prefix : combinations) {
      for (const ExprPtr& choice : choices) {
        if (next.size() == kExpandLimit) break;
        next.push_back(prefix);
        next.back().push_back(choice);
      }
    }
    combinations = std::move(next);
  }
  if (combinations.size() == 1) return partitioning;
  std::vector<Partitioning> alternatives;
  for (auto& exprs : combinations) {
    alternatives.push_back(Partitioning::hash(std::move(exprs), partitioning.num_partitions));
  }
  return Partitioning::collection(std::move(alternatives));
}

}  // namespace

Partitioning BroadcastHashJoinExec::outputPartitioning() const {
  bool build_left = build_side_ == BuildSide::kLeft;
  Partitioning streamed = (build_left ? right() : left())->outputPartitioning();
  if (spec_.type != JoinType::kInner && spec_.type != JoinType::kCross) return streamed;
  return expandThroughKeys(streamed, build_left ? right_keys_ : left_keys_,
                           build_left ? left_keys_ : right_keys_);
}

std::vector<ExprPtr> BroadcastHashJoinExec::outputOrdering() const {
  return (build_side_ == BuildSide::kLeft ? right() : left())->outputOrdering();
}

std::vector<Distribution> BroadcastHashJoinExec::requiredChildDistribution() const {
  BroadcastMode mode{true, build_side_ == BuildSide::kLeft ? left_keys_ : right_keys_, null_aware_};
  if (build_side_ == BuildSide::kLeft) {
    return {Distribution::broadcast(mode), Distribution::unspecified()};
  }
  return {Distribution::unspecified(), Distribution::broadcast(mode)};
}

std::string BroadcastHashJoinExec::simpleString() const {
  return fmt::format("BroadcastHashJoin {}, {}{}, {}", keysText(), buildSideName(build_side_),
                     conditionText(spec_.condition), null_aware_ ? "true" : "false");
}

Partitioning ShuffledHashJoinExec::outputPartitioning() const {
  return shuffledJoinPartitioning(spec_.type, *left(), *right());
}

std::vector<ExprPtr> ShuffledHashJoinExec::outputOrdering() const {
  if (spec_.type == JoinType::kFullOuter) return {};
  return (build_side_ == BuildSide::kLeft ? right() : left())->outputOrdering();
}

std::vector<Distribution> ShuffledHashJoinExec::requiredChildDistribution() const {
  return {Distribution::clustered(left_keys_), Distribution::clustered(right_keys_)};
}

std::string ShuffledHashJoinExec::simpleString() const {
  return fmt::format("ShuffledHashJoin{} {}, {}{}", isSkewJoin(*this) ? "(skew=true)" : "",
                     keysText(), buildSideName(build_side_),
                     conditionText(spec_.condition));
}

Partitioning SortMergeJoinExec::outputPartitioning() const {
  return shuffledJoinPartitioning(spec_.type, *left(), *right());
}

std::vector<ExprPtr> SortMergeJoinExec::outputOrdering() const {
  switch (spec_.type) {
    case JoinType::kFullOuter:
      return {};  // the unmatched rows of both sides are not in key order together
    case JoinType::kRightOuter:
      return ascendingOrders(right_keys_);
    default:
      return ascendingOrders(left_keys_);
  }
}

std::vector<Distribution> SortMergeJoinExec::requiredChildDistribution() const {
  return {Distribution::clustered(left_keys_), Distribution::clustered(right_keys_)};
}

std::vector<std::vector<ExprPtr>> SortMergeJoinExec::requiredChildOrdering() const {
  return {ascendingOrders(left_keys_), ascendingOrders(right_keys_)};
}

std::string SortMergeJoinExec::simpleString() const {
  return fmt::format("SortMergeJoin{} {}{}", isSkewJoin(*this) ? "(skew=true)" : "", keysText(),
                     conditionText(spec_.condition));
}

Partitioning BroadcastNestedLoopJoinExec::outputPartitioning() const {
  const PhysicalPtr& streamed = build_side_ == BuildSide::kLeft ? right() : left();
  JoinType type = spec_.type;
  bool keeps_streamed = type == JoinType::kInner || type == JoinType::kCross ||
                        (type == JoinType::kRightOuter && build_side_ == BuildSide::kLeft) ||
                        (type != JoinType::kFullOuter && type != JoinType::kRightOuter &&
                         build_side_ == BuildSide::kRight);
  if (keeps_streamed) return streamed->outputPartitioning();
  return Partitioning::unknown(streamed->outputPartitioning().num_partitions);
}

std::vector<Distribution> BroadcastNestedLoopJoinExec::requiredChildDistribution() const {
  if (build_side_ == BuildSide::kLeft) {
    return {Distribution::broadcast({}), Distribution::unspecified()};
  }
  return {Distribution::unspecified(), Distribution::broadcast({})};
}

std::vector<NodeParam> BroadcastNestedLoopJoinExec::params() const {
  std::vector<NodeParam> params = {{"Build side", std::string(buildSideName(build_side_))}};
  for (NodeParam& param : joinParams(spec_.type, spec_.condition)) params.push_back(param);
  return params;
}

std::string BroadcastNestedLoopJoinExec::simpleString() const {
  return fmt::format("BroadcastNestedLoopJoin {}, {}{}", buildSideName(build_side_),
                     joinTypeName(spec_.type), conditionText(spec_.condition));
}

std::vector<ExprPtr> BroadcastNestedLoopJoinExec::expressions() const {
  if (spec_.condition) return {spec_.condition};
  return {};
}

Partitioning CartesianProductExec::outputPartitioning() const {
  return Partitioning::unknown(left()->outputPartitioning().num_partitions *
                               right()->outputPartitioning().num_partitions);
}

std::vector<NodeParam> CartesianProductExec::params() const {
  return joinParams(spec_.type, spec_.condition);
}

std::string CartesianProductExec::simpleString() const {
  return spec_.condition ? "CartesianProduct " + spec_.condition->toString() : "CartesianProduct";
}

std::vector<ExprPtr> CartesianProductExec::expressions() const {
  if (spec_.condition) return {spec_.condition};
  return {};
}

}  // namespace planck
