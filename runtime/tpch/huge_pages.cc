#include "runtime/tpch/huge_pages.h"

#include <mutex>

#include <mimalloc.h>

// mimalloc's option functions, referenced weakly so that the runtime links without mimalloc (the
// sanitizer builds and the unit tests use another allocator): then they are null.
#pragma weak mi_option_get
#pragma weak mi_option_set

namespace planck::tpch {
namespace {

// mi_option_large_os_pages maps new segments with MADV_HUGEPAGE ("use large (2MiB) OS pages").
// mi_option_eager_commit_delay: a thread's first segments are committed lazily, in 4 KiB pages;
// the worker threads of dbgen are new, so their first segment would not get huge pages.
constexpr mi_option_t kLargeOsPages = mi_option_large_os_pages;
constexpr mi_option_t kEagerCommitDelay = mi_option_eager_commit_delay;

std::mutex guard_mutex;
int active_guards = 0;
long large_os_pages_before = 0, eager_commit_delay_before = 0;

}  // namespace

bool ScopedHugePages::available() { return mi_option_get != nullptr && mi_option_set != nullptr; }

ScopedHugePages::ScopedHugePages() {
  if (!available()) return;
  std::lock_guard lock(guard_mutex);
  if (active_guards++ > 0) return;
  large_os_pages_before = mi_option_get(kLargeOsPages);
  eager_commit_delay_before = mi_option_get(kEagerCommitDelay);
  mi_option_set(kLargeOsPages, 1);
  mi_option_set(kEagerCommitDelay, 0);
}

ScopedHugePages::~ScopedHugePages() {
  if (!available()) return;
  std::lock_guard lock(guard_mutex);
  if (--active_guards > 0) return;
  mi_option_set(kLargeOsPages, large_os_pages_before);
  mi_option_set(kEagerCommitDelay, eager_commit_delay_before);
}

}  // namespace planck::tpch
