// Transparent huge pages for the memory CALL dbgen fills.
//
// Generating a table is mostly writing fresh memory: sf 0.1 writes about 115 MB of columns, and
// every 4 KiB page is zeroed by the kernel on its first write. On the VMs planck is measured on a
// page fault costs 10-20 µs, so the 29,000 faults of sf 0.1 took longer than generating the
// values (docs/loading-data.md, "Where the time went"). Backed by 2 MiB pages, the same memory
// takes about 60 faults per 115 MB.
//
// The columns are std::vector / std::string buffers inside Vector, allocated by whatever
// malloc the executable links. When that is mimalloc (planck's executables link it, see the
// top-level CMakeLists.txt), mimalloc is asked to map its new segments as transparent huge
// pages (madvise MADV_HUGEPAGE; its option `large_os_pages`) while the guard lives. Without
// mimalloc (the sanitizer builds) the guard does nothing. The setting only changes where memory
// comes from, never what is generated.
#pragma once

namespace planck::tpch {

// While alive, new allocator segments are backed by transparent huge pages (when the allocator
// is mimalloc). Guards may nest and overlap across threads: the setting is restored when the
// last one ends.
class ScopedHugePages {
 public:
  ScopedHugePages();
  ~ScopedHugePages();
  ScopedHugePages(const ScopedHugePages&) = delete;
  ScopedHugePages& operator=(const ScopedHugePages&) = delete;

  // Whether the allocator honours the request (mimalloc is linked).
  static bool available();
};

}  // namespace planck::tpch
