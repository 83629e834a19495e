#include "physical/join_operators.h"

#include "fmt/format.h"

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

Partitioning BroadcastHashJoinExec::outputPartitioning() const {
  return (build_side_ == BuildSide::kLeft ? right() : left())->outputPartitioning();
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
  return fmt::format("ShuffledHashJoin {}, {}{}", keysText(), buildSideName(build_side_),
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
  return fmt::format("SortMergeJoin {}{}", keysText(), conditionText(spec_.condition));
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
