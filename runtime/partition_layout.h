// How tables are cut into partitions, from the session's settings. Kept apart from
// columnar_table.h so that code above the runtime (the session) can pass a layout without
// including the vector types.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/config.h"

namespace planck {

// How to cut a table into partitions (runtime/columnar_table.h describes the rule).
struct PartitionLayout {
  int64_t max_partition_bytes = 128LL << 20;  // spark.sql.files.maxPartitionBytes
  size_t threads = 1;                         // planck.executor.threads, 0 resolved to cores
};

// The layout the session's settings ask for.
PartitionLayout partitionLayout(const Config& config);

// The executor's thread count: planck.executor.threads, or the hardware's cores for 0.
size_t executorThreads(const Config& config);

}  // namespace planck
