// The interpreted, vectorized operators: each task of a stage runs a tree of Operators that
// pull batches from their children (Volcano over column batches). Operators that need all of
// their input (aggregation, sort, a join's build side) consume it on the first call.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "runtime/exec/thread_pool.h"
#include "runtime/vector.h"

namespace planck {

// Counts the memory a query holds in operators against planck.executor.memoryLimit; shared by
// the query's tasks.
class MemoryBudget {
 public:
  explicit MemoryBudget(int64_t limit) : limit_(limit) {}
  // Records `bytes` more held by `what`; an error naming it when the limit is exceeded.
  absl::Status reserve(int64_t bytes, std::string_view what);
  void release(int64_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }
  int64_t peak() const { return peak_.load(std::memory_order_relaxed); }

 private:
  int64_t limit_;  // 0: no limit
  std::atomic<int64_t> used_{0};
  std::atomic<int64_t> peak_{0};
};

// What one operator of one task did (EXPLAIN ANALYZE adds them up per plan node).
struct OperatorMetrics {
  int64_t rows = 0;
  int64_t batches = 0;
  int64_t nanos = 0;  // time in next(), children included
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
