#include "physical/partitioning.h"

#include <algorithm>

#include "fmt/format.h"
#include "logical/expressions.h"

namespace planck {
namespace {

bool containsExpr(const std::vector<ExprPtr>& list, const ExprPtr& expr) {
  return std::any_of(list.begin(), list.end(),
                     [&](const ExprPtr& each) { return exprEquals(each, expr); });
}

// The partitioning's own test (Spark's satisfies0), after the cases every kind shares.
bool satisfiesOwn(const Partitioning& partitioning, const Distribution& required) {
  using PK = Partitioning::Kind;
  using DK = Distribution::Kind;
  switch (partitioning.kind) {
    case PK::kSingle:
      return required.kind != DK::kBroadcast;
    case PK::kHash:
      // Equal rows on the required keys agree on every hash key when the hash keys are a
      // subset of them.
      return required.kind == DK::kClustered &&
             std::all_of(
                 partitioning.expressions.begin(), partitioning.expressions.end(),
                 [&](const ExprPtr& key) { return containsExpr(required.expressions, key); });
    case PK::kRange:
      if (required.kind == DK::kOrdered) {
        size_t common = std::min(required.expressions.size(), partitioning.expressions.size());
        for (size_t i = 0; i < common; ++i) {
          if (!exprEquals(required.expressions[i], partitioning.expressions[i])) return false;
        }
        return true;
      }
      return required.kind == DK::kClustered &&
             std::all_of(partitioning.expressions.begin(), partitioning.expressions.end(),
                         [&](const ExprPtr& order) {
                           return containsExpr(required.expressions, order->child(0));
                         });
    case PK::kBroadcast:
      return required.kind == DK::kBroadcast && partitioning.mode.equals(required.mode);
    case PK::kCollection:
      return std::any_of(partitioning.alternatives.begin(), partitioning.alternatives.end(),
                         [&](const Partitioning& each) { return satisfies(each, required); });
    case PK::kUnknown:
    case PK::kRoundRobin:
      return false;
  }
  return false;
}

}  // namespace

std::string BroadcastMode::toString() const {
  if (!hashed) return "IdentityBroadcastMode";
  std::string keys_text;
  for (size_t i = 0; i < keys.size(); ++i) keys_text += (i > 0 ? ", " : "") + keys[i]->toString();
  return fmt::format("HashedRelationBroadcastMode(List({}),{})", keys_text,
                     null_aware ? "true" : "false");
}

bool BroadcastMode::equals(const BroadcastMode& other) const {
  return hashed == other.hashed && null_aware == other.null_aware &&
         exprListEquals(keys, other.keys);
}

Partitioning Partitioning::collection(std::vector<Partitioning> alternatives) {
  Partitioning result;
  result.kind = Kind::kCollection;
  result.num_partitions = alternatives.empty() ? 0 : alternatives.front().num_partitions;
  result.alternatives = std::move(alternatives);
  return result;
}

std::string Partitioning::toString() const {
  switch (kind) {
    case Kind::kUnknown:
      return fmt::format("UnknownPartitioning({})", num_partitions);
    case Kind::kRoundRobin:
      return fmt::format("RoundRobinPartitioning({})", num_partitions);
    case Kind::kSingle:
      return "SinglePartition";
    case Kind::kHash:
      return fmt::format("hashpartitioning({}, {})", joinExprs(expressions), num_partitions);
    case Kind::kRange:
      return fmt::format("rangepartitioning({}, {})", joinExprs(expressions), num_partitions);
    case Kind::kBroadcast:
      return fmt::format("BroadcastPartitioning({})", mode.toString());
    case Kind::kCollection: {
      std::string text = "PartitioningCollection(";
      for (size_t i = 0; i < alternatives.size(); ++i) {
        text += (i > 0 ? ", " : "") + alternatives[i].toString();
      }
      return text + ")";
    }
  }
  return "";
}

bool Partitioning::equals(const Partitioning& other) const {
  if (kind != other.kind || num_partitions != other.num_partitions ||
      !exprListEquals(expressions, other.expressions) || !mode.equals(other.mode) ||
      alternatives.size() != other.alternatives.size()) {
    return false;
  }
  for (size_t i = 0; i < alternatives.size(); ++i) {
    if (!alternatives[i].equals(other.alternatives[i])) return false;
  }
  return true;
}

std::optional<int> Distribution::requiredNumPartitions() const {
  if (kind == Kind::kAllTuples || kind == Kind::kBroadcast) return 1;
  return std::nullopt;
}

Partitioning Distribution::createPartitioning(int num_partitions) const {
  switch (kind) {
    case Kind::kAllTuples:
      return Partitioning::single();
    case Kind::kClustered:
      return Partitioning::hash(expressions, num_partitions);
    case Kind::kOrdered:
      return Partitioning::range(expressions, num_partitions);
    case Kind::kBroadcast:
      return Partitioning::broadcast(mode);
    case Kind::kUnspecified:
      break;
  }
  return Partitioning::unknown(num_partitions);
}

std::string Distribution::toString() const {
  switch (kind) {
    case Kind::kUnspecified:
      return "UnspecifiedDistribution";
    case Kind::kAllTuples:
      return "AllTuples";
    case Kind::kClustered:
      return fmt::format("ClusteredDistribution({})", joinExprs(expressions));
    case Kind::kOrdered:
      return fmt::format("OrderedDistribution({})", joinExprs(expressions));
    case Kind::kBroadcast:
      return fmt::format("BroadcastDistribution({})", mode.toString());
  }
  return "";
}

bool satisfies(const Partitioning& partitioning, const Distribution& required) {
  switch (required.kind) {
    case Distribution::Kind::kUnspecified:
      return true;
    case Distribution::Kind::kAllTuples:
      if (partitioning.num_partitions == 1 && partitioning.kind != Partitioning::Kind::kBroadcast) {
        return true;
      }
      break;
    default:
      break;
  }
  return satisfiesOwn(partitioning, required);
}

bool orderingSatisfies(const std::vector<ExprPtr>& provided, const std::vector<ExprPtr>& required) {
  if (required.size() > provided.size()) return false;
  for (size_t i = 0; i < required.size(); ++i) {
    if (!exprEquals(required[i], provided[i])) return false;
  }
  return true;
}

std::vector<ExprPtr> ascendingOrders(const std::vector<ExprPtr>& exprs) {
  std::vector<ExprPtr> orders;
  orders.reserve(exprs.size());
  for (const ExprPtr& expr : exprs) orders.push_back(std::make_shared<SortOrder>(expr, true, true));
  return orders;
}

}  // namespace planck
