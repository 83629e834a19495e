// The row-at-a-time-free basic operators: reading batches (a table partition, constant rows, an
// exchange's output), filter, project, limits, Expand.
#pragma once

#include <memory>
#include <vector>

#include "runtime/exec/operator.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {

using Compiled = std::unique_ptr<CompiledExpression>;

// The values of `exprs` over `batch`, one vector each, with plain pointers to them (what the
// hash tables and aggregate functions take); `values` keeps the vectors alive.
struct EvaluatedColumns {
  std::vector<VectorPtr> values;
  std::vector<const Vector*> columns;
};
absl::StatusOr<EvaluatedColumns> evaluateColumns(const std::vector<Compiled>& exprs,
                                                 const Batch& batch);

// Returns `batches` in order (a table partition, a shuffle partition, a broadcast copy), keeping
// only the columns `columns` (by index) when given.
OperatorPtr makeBatchSource(std::vector<BatchPtr> batches, std::vector<size_t> columns = {});
// Keeps the rows where `condition` is TRUE.
OperatorPtr makeFilter(OperatorPtr child, Compiled condition);
// Evaluates `exprs` per batch.
OperatorPtr makeProject(OperatorPtr child, std::vector<Compiled> exprs);
// Skips `offset` rows, then passes at most `limit` (-1: all).
OperatorPtr makeLimit(OperatorPtr child, int64_t limit, int64_t offset = 0);
// Every input batch once per projection.
OperatorPtr makeExpand(OperatorPtr child, std::vector<std::vector<Compiled>> projections);
// The outputs of `children` one after the other.
OperatorPtr makeConcat(std::vector<OperatorPtr> children);

}  // namespace planck
