#include "runtime/exec/operator.h"

#include "common/status.h"
#include "fmt/format.h"

namespace planck {

absl::Status MemoryBudget::reserve(int64_t bytes, std::string_view what) {
  if (bytes == 0) return absl::OkStatus();
  if (parent_ != nullptr) PLANCK_RETURN_IF_ERROR(parent_->reserve(bytes, what));
  int64_t used = used_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  int64_t peak = peak_.load(std::memory_order_relaxed);
  while (used > peak && !peak_.compare_exchange_weak(peak, used, std::memory_order_relaxed)) {
  }
  if (limit_ > 0 && used > limit_) {
    return absl::ResourceExhaustedError(fmt::format(
        "the query needs more memory than planck.executor.memoryLimit ({} bytes) allows: {} "
        "held {} bytes when the query had {} bytes in use",
        limit_, what, bytes, used));
  }
  return absl::OkStatus();
}

int64_t NodeMetrics::rows() const {
  int64_t total = 0;
  for (const OperatorMetrics& task : tasks) total += task.rows;
  return total;
}

int64_t NodeMetrics::nanos() const {
  int64_t total = 0;
  for (const OperatorMetrics& task : tasks) total += task.nanos;
  return total;
}

int64_t NodeMetrics::selfNanos() const {
  int64_t total = 0;
  for (const OperatorMetrics& task : tasks) total += task.nanos - task.child_nanos;
  return total;
}

absl::StatusOr<std::vector<BatchPtr>> drain(Operator& child, const Cancellation* cancellation) {
  std::vector<BatchPtr> batches;
  for (;;) {
    if (cancellation != nullptr && cancellation->cancelled()) {
      return absl::CancelledError("the query was cancelled");
    }
    absl::StatusOr<std::optional<Batch>> batch = child.next();
    if (!batch.ok()) return batch.status();
    if (!batch->has_value()) return batches;
    batches.push_back(std::make_shared<const Batch>(std::move(**batch)));
  }
}

}  // namespace planck
