// Operations on whole batches that several operators share.
#pragma once

#include <vector>

#include "runtime/vector.h"

namespace planck {

// The rows of `batches`, in order, as one batch (columns of the first batch's types). An empty
// list gives an empty batch of `types`.
Batch concatenate(const std::vector<BatchPtr>& batches, const std::vector<DataType>& types);

// The batches of every partition of `partitions`, in partition order, as one list.
std::vector<BatchPtr> flatten(std::vector<std::vector<BatchPtr>> partitions);

// `source`'s vector appended to `target` (same type), row after row.
void appendVector(Vector& target, const Vector& source);

}  // namespace planck
