// ThreadPool: the executor's worker threads (planck.executor.threads). A stage's tasks run with
// parallelFor, which the calling thread joins in, so a task may itself call parallelFor without
// deadlocking the pool.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/status.h"

namespace planck {

// Set to stop a running query (Ctrl-C in the shell); operators check it between batches.
class Cancellation {
 public:
  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  void reset() { cancelled_.store(false, std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

class ThreadPool {
 public:
  // `threads` workers; 0 means one per hardware core.
  explicit ThreadPool(size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  size_t threads() const { return workers_.size() + 1; }

  // Runs task(i) for every i in [0, tasks), on the workers and the calling thread, and returns
  // when all have finished: OK, or the error of the lowest-numbered task that failed. After a
  // failure or a cancellation no new task starts; a cancelled run returns CANCELLED.
  absl::Status parallelFor(size_t tasks, const std::function<absl::Status(size_t)>& task,
                           const Cancellation* cancellation = nullptr);

 private:
  void work();

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
};

// The process's pool of `threads` workers (0: one per core), made on first use and kept: the
// sessions share it, as Spark's executors share their cores among queries.
ThreadPool& sharedThreadPool(size_t threads);

}  // namespace planck
