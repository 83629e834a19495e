// How a physical operator's output rows are spread over partitions (Partitioning), and what an
// operator needs of its inputs (Distribution), after Spark's physical/partitioning.scala.
//
// EnsureRequirements compares the two: a child whose partitioning satisfies the distribution
// its parent requires is left alone; any other child gets an exchange that creates a
// partitioning from the distribution (createPartitioning).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "logical/expression.h"

namespace planck {

// How a broadcast copy is built: a hash table on keys (HashedRelationBroadcastMode) for a
// broadcast hash join, or the rows as they are (IdentityBroadcastMode) for a nested loop join.
struct BroadcastMode {
  bool hashed = false;
  std::vector<ExprPtr> keys;  // when hashed
  bool null_aware = false;    // a null-aware anti join's table also records NULL keys

  // Spark's text: HashedRelationBroadcastMode(List(k#1),false) or IdentityBroadcastMode.
  std::string toString() const;
  bool equals(const BroadcastMode& other) const;
};

// The partitioning of an operator's output.
struct Partitioning {
  enum class Kind : uint8_t {
    kUnknown,     // rows are somewhere (scans, unions)
    kRoundRobin,  // rows dealt out in turn
    kSingle,      // one partition holds every row
    kHash,        // rows with equal `expressions` share a partition
    kRange,       // partitions hold consecutive ranges of the sort `expressions` (SortOrders)
    kBroadcast,   // every partition holds every row (the output of a broadcast exchange)
    kCollection,  // several partitionings hold at once (an inner join's two sides' keys)
  };
  Kind kind = Kind::kUnknown;
  int num_partitions = 0;
  std::vector<ExprPtr> expressions;
  BroadcastMode mode;                      // kBroadcast
  std::vector<Partitioning> alternatives;  // kCollection

  static Partitioning unknown(int n) { return {Kind::kUnknown, n, {}, {}, {}}; }
  static Partitioning roundRobin(int n) { return {Kind::kRoundRobin, n, {}, {}, {}}; }
  static Partitioning single() { return {Kind::kSingle, 1, {}, {}, {}}; }
  static Partitioning hash(std::vector<ExprPtr> exprs, int n) {
    return {Kind::kHash, n, std::move(exprs), {}, {}};
  }
  static Partitioning range(std::vector<ExprPtr> orders, int n) {
    return {Kind::kRange, n, std::move(orders), {}, {}};
  }
  static Partitioning broadcast(BroadcastMode mode) { return {Kind::kBroadcast, 1, {}, mode, {}}; }
  static Partitioning collection(std::vector<Partitioning> alternatives);

  // Spark's text: hashpartitioning(a#1, 200), rangepartitioning(a#1 ASC NULLS FIRST, 200),
  // SinglePartition, RoundRobinPartitioning(4), UnknownPartitioning(0).
  std::string toString() const;
  bool equals(const Partitioning& other) const;
};

// What an operator requires of one child's partitioning.
struct Distribution {
  enum class Kind : uint8_t {
    kUnspecified,  // anything
    kAllTuples,    // every row in one partition (global aggregate, global limit)
    kClustered,    // rows with equal `expressions` in the same partition (grouping, join keys)
    kOrdered,      // ranges of the sort `expressions` (SortOrders) by partition (global sort)
    kBroadcast,    // every row in every partition (the build side of a broadcast join)
  };
  Kind kind = Kind::kUnspecified;
  std::vector<ExprPtr> expressions;
  BroadcastMode mode;  // kBroadcast

  static Distribution unspecified() { return {}; }
  static Distribution allTuples() { return {Kind::kAllTuples, {}, {}}; }
  static Distribution clustered(std::vector<ExprPtr> exprs) {
    return {Kind::kClustered, std::move(exprs), {}};
  }
  static Distribution ordered(std::vector<ExprPtr> orders) {
    return {Kind::kOrdered, std::move(orders), {}};
  }
  static Distribution broadcast(BroadcastMode mode) { return {Kind::kBroadcast, {}, mode}; }

  // The number of partitions this distribution fixes (1 for all tuples and broadcast), if any.
  std::optional<int> requiredNumPartitions() const;
  // A partitioning that satisfies this distribution with `num_partitions` partitions.
  Partitioning createPartitioning(int num_partitions) const;
  std::string toString() const;
};

// Whether rows partitioned as `partitioning` meet `required` (Spark's Partitioning.satisfies).
bool satisfies(const Partitioning& partitioning, const Distribution& required);

// Whether rows sorted by `provided` are also sorted by `required` (both SortOrders): `required`
// is a prefix of `provided` (Spark's SortOrder.orderingSatisfies).
bool orderingSatisfies(const std::vector<ExprPtr>& provided, const std::vector<ExprPtr>& required);

// Ascending, nulls-first sort orders on `exprs` (what a sort-merge join needs of its inputs).
std::vector<ExprPtr> ascendingOrders(const std::vector<ExprPtr>& exprs);

}  // namespace planck
