#include "runtime/exec/shuffle.h"

#include <algorithm>

#include "absl/hash/hash.h"
#include "common/status.h"
#include "runtime/exec/basic_operators.h"
#include "runtime/exec/batch_ops.h"
#include "runtime/exec/picked_rows.h"
#include "runtime/exec/row_keys.h"
#include "runtime/exec/sort.h"

namespace planck {
namespace {

// Range partitioning: all rows sorted by the orders, then cut into `n` consecutive ranges of
// (nearly) equal size, so partition i holds no row that sorts after a row of partition i + 1.
absl::StatusOr<std::vector<std::vector<BatchPtr>>> rangeShuffle(
    const Partitioning& partitioning, const Attributes& input, const std::vector<DataType>& types,
    std::vector<std::vector<BatchPtr>> outputs, int n, const CompileOptions& compile) {
  Batch rows = concatenate(flatten(std::move(outputs)), types);
  std::vector<VectorPtr> values;
  std::vector<SortKey> keys;
  for (const ExprPtr& expr : partitioning.expressions) {
    const auto* order = expr->as<SortOrder>();
    if (order == nullptr) return absl::InternalError("range partitioning without a SortOrder");
    PLANCK_ASSIGN_OR_RETURN(auto key, compileExpression(order->child(0), input, compile));
    PLANCK_ASSIGN_OR_RETURN(VectorPtr value, key->evaluate(rows));
    keys.push_back({value.get(), order->ascending(), order->nullsFirst()});
    values.push_back(std::move(value));
  }
  std::vector<uint32_t> order = sortedRows(keys, rows.rows);
  std::vector<std::vector<BatchPtr>> buckets(static_cast<size_t>(n));
  size_t per = (rows.rows + static_cast<size_t>(n) - 1) / static_cast<size_t>(n);
  for (size_t b = 0; b < static_cast<size_t>(n) && b * per < rows.rows; ++b) {
    size_t start = b * per, end = std::min(rows.rows, start + per);
    for (size_t at = start; at < end; at += kBatchRows) {
      size_t count = std::min(kBatchRows, end - at);
      buckets[b].push_back(std::make_shared<const Batch>(gather(rows, order.data() + at, count)));
    }
  }
  return buckets;
}

}  // namespace

absl::StatusOr<std::vector<std::vector<BatchPtr>>> shuffle(
    const Partitioning& partitioning, const Attributes& input, const std::vector<DataType>& types,
    std::vector<std::vector<BatchPtr>> outputs, ThreadPool& pool, const CompileOptions& compile,
    const Cancellation* cancellation) {
  int n = std::max(1, partitioning.num_partitions);
  if (partitioning.kind == Partitioning::Kind::kSingle) n = 1;
  std::vector<std::vector<BatchPtr>> buckets(static_cast<size_t>(n));
  if (n == 1) {
    buckets[0] = flatten(std::move(outputs));
    return buckets;
  }
  if (partitioning.kind == Partitioning::Kind::kRange) {
    return rangeShuffle(partitioning, input, types, std::move(outputs), n, compile);
  }
  // Hash (or round-robin): each map task deals its rows into buckets; buckets keep map-task
  // order. A bucket's rows are gathered into full batches (from several input batches), so
  // many partitions do not mean many tiny batches downstream.
  std::vector<std::unique_ptr<CompiledExpression>> keys;
  for (const ExprPtr& key : partitioning.expressions) {
    PLANCK_ASSIGN_OR_RETURN(auto compiled, compileExpression(key, input, compile));
    keys.push_back(std::move(compiled));
  }
  bool hashed = partitioning.kind == Partitioning::Kind::kHash;
  std::vector<std::vector<std::vector<BatchPtr>>> per_task(outputs.size());
  PLANCK_RETURN_IF_ERROR(pool.parallelFor(
      outputs.size(),
      [&](size_t task) -> absl::Status {
        const std::vector<BatchPtr>& batches = outputs[task];
        auto& mine = per_task[task];
        mine.resize(static_cast<size_t>(n));
        // Each bucket's rows not gathered yet: (input batch, row).
        std::vector<std::vector<std::pair<uint32_t, uint32_t>>> waiting(static_cast<size_t>(n));
        std::vector<PickedRow> picks;
        auto flush = [&](size_t bucket) {
          auto& rows = waiting[bucket];
          if (rows.empty()) return;
          Batch out;
          out.rows = rows.size();
          picks.resize(rows.size());
          for (size_t c = 0; c < types.size(); ++c) {
            for (size_t i = 0; i < rows.size(); ++i)
              picks[i] = {batches[rows[i].first]->columns[c].get(), rows[i].second};
            out.columns.push_back(pickRows(types[c], picks.data(), picks.size()));
          }
          mine[bucket].push_back(std::make_shared<const Batch>(std::move(out)));
          rows.clear();
        };
        auto deal = [&](size_t bucket, uint32_t batch, size_t row) {
          waiting[bucket].emplace_back(batch, static_cast<uint32_t>(row));
          if (waiting[bucket].size() == kBatchRows) flush(bucket);
        };
        size_t dealt = task;  // round-robin starts at a different partition per task
        RowKeys encoded;
        for (uint32_t index = 0; index < batches.size(); ++index) {
          const Batch& batch = *batches[index];
          if (hashed) {
            PLANCK_ASSIGN_OR_RETURN(EvaluatedColumns values, evaluateColumns(keys, batch));
            encoded.encode(values.columns, batch.rows);
            for (size_t row = 0; row < batch.rows; ++row)
              deal(absl::HashOf(encoded.key(row)) % static_cast<size_t>(n), index, row);
          } else {
            for (size_t row = 0; row < batch.rows; ++row)
              deal(dealt++ % static_cast<size_t>(n), index, row);
          }
        }
        for (size_t bucket = 0; bucket < waiting.size(); ++bucket) flush(bucket);
        return absl::OkStatus();
      },
      cancellation));
  for (auto& task : per_task) {
    for (size_t b = 0; b < task.size(); ++b) {
      for (BatchPtr& batch : task[b]) buckets[b].push_back(std::move(batch));
    }
  }
  return buckets;
}

}  // namespace planck
