// mimalloc's options for planck's executables, set before main() (compiled into each executable
// that links planck_allocator, and only when that is mimalloc).
//
// Queries allocate and free large column vectors all the time: every batch, shuffle bucket,
// hash table and sort buffer. mimalloc gives freed memory back to the OS (decommits it) after
// mi_option_decommit_delay, 25 ms by default; the next allocation then faults its pages in
// again, and on the VMs planck runs on a page fault costs 10-20 µs. Keeping freed memory for
// 2 s made the SF1 TPC-H queries that shuffle most 20-45% faster (q03, q05, q07, q21; A/B in
// bench/RESULTS.md) at the same peak memory: the memory is reused, not added.
#include <mimalloc.h>

#include <cstdlib>

namespace {

struct AllocatorOptions {
  AllocatorOptions() {
    // MIMALLOC_DECOMMIT_DELAY (or its old name MIMALLOC_RESET_DELAY) in the environment wins.
    // mimalloc has read its options when the process started, so this sets the value itself.
    if (std::getenv("MIMALLOC_DECOMMIT_DELAY") == nullptr &&
        std::getenv("MIMALLOC_RESET_DELAY") == nullptr) {
      mi_option_set(mi_option_decommit_delay, 2000);
    }
  }
};

const AllocatorOptions options;

}  // namespace
