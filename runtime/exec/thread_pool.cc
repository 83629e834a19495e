#include "runtime/exec/thread_pool.h"

#include <map>
#include <memory>

namespace planck {

ThreadPool& sharedThreadPool(size_t threads) {
  static std::mutex mutex;
  static std::map<size_t, std::unique_ptr<ThreadPool>> pools;
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<ThreadPool>& pool = pools[threads];
  if (pool == nullptr) pool = std::make_unique<ThreadPool>(threads);
  return *pool;
}

ThreadPool::ThreadPool(size_t threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // The calling thread of parallelFor is one of the `threads`.
  for (size_t i = 1; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void ThreadPool::work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();
  }
}

absl::Status ThreadPool::parallelFor(size_t tasks, const std::function<absl::Status(size_t)>& task,
                                     const Cancellation* cancellation) {
  if (tasks == 0) return absl::OkStatus();
  // Shared by the threads that take part; lives until the last of them is done. A helper job
  // that starts only after the caller has run out of tasks does nothing: waiting for queued
  // jobs could deadlock when every worker is itself waiting inside a nested parallelFor.
  struct Run {
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex mutex;
    std::condition_variable done;
    size_t running = 0;   // helper jobs inside the loop
    bool closed = false;  // the caller is done taking tasks: late helpers do nothing
    size_t first_error = SIZE_MAX;
    absl::Status error;
  };
  auto run = std::make_shared<Run>();
  auto loop = [run, tasks, &task, cancellation] {
    for (;;) {
      if (run->failed.load(std::memory_order_relaxed)) return;
      if (cancellation != nullptr && cancellation->cancelled()) return;
      size_t i = run->next.fetch_add(1, std::memory_order_relaxed);
      if (i >= tasks) return;
      absl::Status status = task(i);
      if (!status.ok()) {
        std::lock_guard<std::mutex> lock(run->mutex);
        if (i < run->first_error) {
          run->first_error = i;
          run->error = std::move(status);
        }
        run->failed.store(true, std::memory_order_relaxed);
      }
    }
  };
  size_t helpers = std::min(workers_.size(), tasks - 1);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t i = 0; i < helpers; ++i) {
      queue_.emplace_back([run, loop] {
        {
          std::lock_guard<std::mutex> lock(run->mutex);
          if (run->closed) return;
          ++run->running;
        }
        loop();
        std::lock_guard<std::mutex> lock(run->mutex);
        if (--run->running == 0) run->done.notify_all();
      });
    }
  }
  wake_.notify_all();
  loop();
  {
    std::unique_lock<std::mutex> lock(run->mutex);
    run->closed = true;
    run->done.wait(lock, [&] { return run->running == 0; });
  }
  if (run->failed.load()) return run->error;
  if (cancellation != nullptr && cancellation->cancelled()) {
    return absl::CancelledError("the query was cancelled");
  }
  return absl::OkStatus();
}

}  // namespace planck
