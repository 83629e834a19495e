#include "runtime/tpch/huge_pages.h"

#include <mutex>

// mimalloc's option API (mimalloc.h), declared weak so that the runtime links without mimalloc:
// the sanitizer builds use their own allocator, and then these are null. The option is an enum
// in mimalloc.h, passed as an int.
extern "C" {
long mi_option_get(int option) __attribute__((weak));
void mi_option_set(int option, long value) __attribute__((weak));
}

namespace planck::tpch {
namespace {

// Positions in mimalloc's mi_option_t, the same in mimalloc 1.x and 2.x (mimalloc keeps the
// numbering for binary compatibility).
// mi_option_large_os_pages: map new segments with MADV_HUGEPAGE ("use large (2MiB) OS pages").
constexpr int kLargeOsPages = 6;
// mi_option_eager_commit_delay: a thread's first segments are committed lazily, in 4 KiB pages;
// the worker threads of dbgen are new, so their first segment would not get huge pages.
constexpr int kEagerCommitDelay = 14;

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
