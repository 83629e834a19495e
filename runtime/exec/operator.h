// The interpreted, vectorized operators: each task of a stage runs a tree of Operators that
// pull batches from their children (Volcano over column batches). Operators that need all of
// their input (aggregation, sort, a join's build side) consume it on the first call.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/exec/thread_pool.h"
#include "runtime/vector.h"

namespace planck {

// Counts the memory a query holds in operators against planck.executor.memoryLimit; shared by
// the query's tasks. A plan node's own budget (its peak for EXPLAIN ANALYZE) forwards what it
// counts to the query's, which enforces the limit.
class MemoryBudget {
 public:
  explicit MemoryBudget(int64_t limit, MemoryBudget* parent = nullptr)
      : limit_(limit), parent_(parent) {}
  // Records `bytes` more held by `what`; an error naming it when the limit is exceeded.
  absl::Status reserve(int64_t bytes, std::string_view what);
  void release(int64_t bytes) {
    if (bytes == 0) return;  // no atomic write (the counter is shared by the query's tasks)
    used_.fetch_sub(bytes, std::memory_order_relaxed);
    if (parent_ != nullptr) parent_->release(bytes);
  }
  int64_t peak() const { return peak_.load(std::memory_order_relaxed); }

 private:
  int64_t limit_;  // 0: no limit
  MemoryBudget* parent_;
  std::atomic<int64_t> used_{0};
  std::atomic<int64_t> peak_{0};
};

// What one operator of one task did (EXPLAIN ANALYZE adds them up per plan node).
struct OperatorMetrics {
  int64_t rows = 0;
  int64_t batches = 0;
  int64_t nanos = 0;        // time in next(), children included
  int64_t child_nanos = 0;  // of which in the children's next()
  // Counted by a compiled stage's code: rows only (the stage's operator has the time).
  bool generated = false;
};

// What the operators of one plan node did over a query: one entry per operator instance (a
// task's, or a build side's), and the node's peak memory (all its tasks together).
struct NodeMetrics {
  std::vector<OperatorMetrics> tasks;
  int64_t peak_memory = 0;

  int64_t rows() const;
  int64_t nanos() const;
  int64_t selfNanos() const;  // without the time spent in the children's operators
};

class Operator {
 public:
  virtual ~Operator() = default;
  // The next batch of output (never empty), or nullopt when there is no more.
  virtual absl::StatusOr<std::optional<Batch>> next() = 0;
};
using OperatorPtr = std::unique_ptr<Operator>;

// Runs `child` to its end and returns all its batches.
absl::StatusOr<std::vector<BatchPtr>> drain(Operator& child, const Cancellation* cancellation);

}  // namespace planck
