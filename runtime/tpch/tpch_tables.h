// The generated TPC-H tables as column batches (runtime/tpch/dbgen.h describes the data).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/tpch/dbgen.h"
#include "runtime/vector.h"

namespace planck {

// One generated table.
struct GeneratedTable {
  std::string name;
  std::vector<BatchPtr> batches;
};

// Generates the eight tables (columns in the order of addTpchSchema's schema). An invalid
// scale factor (not positive, or so large that keys overflow INTEGER) or skew (negative, NaN or
// above kMaxDbgenSkew) is an error.
absl::StatusOr<std::vector<GeneratedTable>> generateTpch(const DbgenOptions& options);

}  // namespace planck
