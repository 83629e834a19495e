#include "runtime/exec/shuffle.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "common/status.h"
#include "runtime/exec/basic_operators.h"
#include "runtime/exec/batch_ops.h"
#include "runtime/exec/sort.h"
#include "runtime/codegen/planck_abi.h"

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

// Mixes a fixed-width key column into the rows' hashes (planck_abi.h's shuffle hash, which
// generated code computes alike).
template <class T>
void mixFixed(const Vector& column, size_t rows, uint64_t* hashes) {
  const T* values = column.values<T>();
  const uint8_t* nulls = column.nullMask();
  for (size_t row = 0; row < rows; ++row) {
    uint64_t bits;
    if constexpr (std::is_same_v<T, double>) {
      bits = planck_shuffle_double_bits(values[row]);
    } else {
      bits = static_cast<uint64_t>(static_cast<int64_t>(values[row]));
    }
    if (nulls != nullptr && nulls[row] != 0) bits = PLANCK_SHUFFLE_NULL;
    hashes[row] = planck_shuffle_step(hashes[row], bits);
  }
}

// The bucket in [0, n) of each of `rows` rows by the hash of its key values: one pass per key
// column (no per-row type switch).
void hashBuckets(const std::vector<const Vector*>& keys, size_t rows, size_t n,
                 std::vector<uint64_t>& hashes, uint32_t* buckets) {
  hashes.assign(rows, PLANCK_SHUFFLE_SEED);
  uint64_t* h = hashes.data();
  for (const Vector* column : keys) {
    switch (column->type().id()) {
      case TypeId::kBoolean:
        mixFixed<uint8_t>(*column, rows, h);
        break;
      case TypeId::kInteger:
      case TypeId::kDate:
        mixFixed<int32_t>(*column, rows, h);
        break;
      case TypeId::kBigInt:
      case TypeId::kDecimal:
        mixFixed<int64_t>(*column, rows, h);
        break;
      case TypeId::kDouble:
        mixFixed<double>(*column, rows, h);
        break;
      case TypeId::kVarchar:
      case TypeId::kBinary:
        for (size_t row = 0; row < rows; ++row) {
          uint64_t bits = PLANCK_SHUFFLE_NULL;
          if (!column->isNull(row)) {
            std::string_view text = column->string(row);
            bits = planck_hash_string(PlanckString{text.data(), static_cast<uint32_t>(text.size())});
          }
          h[row] = planck_shuffle_step(h[row], bits);
        }
        break;
      case TypeId::kNull:
      case TypeId::kInterval:
        // No value to hash (an INTERVAL key is not a shuffle key in practice): NULL or not.
        for (size_t row = 0; row < rows; ++row) {
          h[row] = planck_shuffle_step(h[row], column->isNull(row) ? PLANCK_SHUFFLE_NULL : 0);
        }
        break;
    }
  }
  for (size_t row = 0; row < rows; ++row) {
    buckets[row] = planck_shuffle_partition(h[row], n);
  }
}

// Where a row goes: row `row` of output chunk `chunk`.
struct Destination {
  uint32_t chunk;
  uint32_t row;
};

// Writes column `column` of `input` to its rows' destinations in the fixed-width columns
// `targets` (one per chunk).
template <class T>
void scatterFixed(const Vector& input, const Destination* to, const std::vector<Vector*>& targets,
                  const std::vector<void*>& target_values) {
  const T* values = input.values<T>();
  size_t rows = input.size();
  for (size_t row = 0; row < rows; ++row) {
    static_cast<T*>(target_values[to[row].chunk])[to[row].row] = values[row];
  }
  if (const uint8_t* nulls = input.nullMask()) {
    for (size_t row = 0; row < rows; ++row) {
      if (nulls[row] != 0) targets[to[row].chunk]->setNull(to[row].row);
    }
  }
}

// One map task's batches dealt into `n` buckets by `bucket_of` (per batch, per row), each
// bucket's rows in input order and gathered into batches of kBatchRows rows (the last one
// smaller). Radix partitioning's two passes: the rows are counted per bucket, so every output
// vector is allocated once at its final size, then each column is written straight to its rows'
// places: one typed loop per column and input batch, no per-row pointer chasing.
std::vector<std::vector<BatchPtr>> scatter(const std::vector<BatchPtr>& batches,
                                           const std::vector<std::vector<uint32_t>>& bucket_of,
                                           const std::vector<DataType>& types, size_t n) {
  std::vector<size_t> counts(n, 0);
  size_t total = 0;
  for (const auto& ids : bucket_of) {
    for (uint32_t bucket : ids) ++counts[bucket];
    total += ids.size();
  }
  // Average bytes per row of each string column: the reservation of its output vectors.
  std::vector<size_t> string_bytes(types.size(), 0);
  for (const BatchPtr& batch : batches) {
    for (size_t c = 0; c < types.size(); ++c) {
      if (types[c].storedAsBytes() && batch->rows > 0) {
        string_bytes[c] += batch->columns[c]->offsets()[batch->rows];
      }
    }
  }
  std::vector<Batch> chunks;
  std::vector<uint32_t> first_chunk(n), filled(n, 0);
  for (size_t bucket = 0; bucket < n; ++bucket) {
    first_chunk[bucket] = static_cast<uint32_t>(chunks.size());
    for (size_t left = counts[bucket]; left > 0;) {
      size_t rows = std::min(kBatchRows, left);
      left -= rows;
      Batch chunk;
      chunk.rows = rows;
      for (size_t c = 0; c < types.size(); ++c) {
        if (types[c].storedAsBytes()) {
          auto column = Vector::make(types[c], 0);
          column->reserve(rows, total == 0 ? 0 : rows * string_bytes[c] / total + 1);
          chunk.columns.push_back(std::move(column));
        } else {
          chunk.columns.push_back(Vector::make(types[c], rows));
        }
      }
      chunks.push_back(std::move(chunk));
    }
  }
  // Per column, each chunk's vector and (fixed width) its values.
  std::vector<std::vector<Vector*>> targets(types.size(), std::vector<Vector*>(chunks.size()));
  std::vector<std::vector<void*>> target_values(types.size(),
                                                std::vector<void*>(chunks.size(), nullptr));
  for (size_t c = 0; c < types.size(); ++c) {
    for (size_t k = 0; k < chunks.size(); ++k) {
      targets[c][k] = chunks[k].columns[c].get();
      if (!types[c].storedAsBytes()) target_values[c][k] = targets[c][k]->values<uint8_t>();
    }
  }
  std::vector<Destination> to;
  for (size_t index = 0; index < batches.size(); ++index) {
    const Batch& batch = *batches[index];
    const std::vector<uint32_t>& ids = bucket_of[index];
    to.resize(batch.rows);
    for (size_t row = 0; row < batch.rows; ++row) {
      uint32_t at = filled[ids[row]]++;
      to[row] = {first_chunk[ids[row]] + at / static_cast<uint32_t>(kBatchRows),
                 at % static_cast<uint32_t>(kBatchRows)};
    }
    for (size_t c = 0; c < types.size(); ++c) {
      const Vector& input = *batch.columns[c];
      if (types[c].storedAsBytes()) {
        for (size_t row = 0; row < batch.rows; ++row) {
          Vector& target = *targets[c][to[row].chunk];
          if (input.isNull(row)) {
            target.appendNull();
          } else {
            target.appendString(input.string(row));
          }
        }
        continue;
      }
      switch (storageWidth(types[c])) {
        case 0:
          break;  // a NULL-typed column: every row is NULL already
        case 1:
          scatterFixed<uint8_t>(input, to.data(), targets[c], target_values[c]);
          break;
        case 4:
          scatterFixed<int32_t>(input, to.data(), targets[c], target_values[c]);
          break;
        default:
          scatterFixed<int64_t>(input, to.data(), targets[c], target_values[c]);
          break;
      }
    }
  }
  std::vector<std::vector<BatchPtr>> buckets(n);
  for (size_t bucket = 0; bucket < n; ++bucket) {
    uint32_t end = bucket + 1 < n ? first_chunk[bucket + 1] : static_cast<uint32_t>(chunks.size());
    for (uint32_t k = first_chunk[bucket]; k < end; ++k) {
      buckets[bucket].push_back(std::make_shared<const Batch>(std::move(chunks[k])));
    }
  }
  return buckets;
}

}  // namespace

absl::StatusOr<ShuffleBlocks> shuffle(
    const Partitioning& partitioning, const Attributes& input, const std::vector<DataType>& types,
    std::vector<std::vector<BatchPtr>> outputs, ThreadPool& pool, const CompileOptions& compile,
    const Cancellation* cancellation, bool partition_column) {
  int n = std::max(1, partitioning.num_partitions);
  if (partitioning.kind == Partitioning::Kind::kSingle) n = 1;
  if (partition_column && (n == 1 || partitioning.kind != Partitioning::Kind::kHash)) {
    return absl::InternalError("shuffle: computed partitions only come with a hash partitioning");
  }
  // One map task's blocks per reducer, for the partitionings that deal all rows at once.
  auto oneMap = [](std::vector<std::vector<BatchPtr>> buckets) {
    ShuffleBlocks blocks(buckets.size());
    for (size_t b = 0; b < buckets.size(); ++b) blocks[b].push_back(std::move(buckets[b]));
    return blocks;
  };
  if (n == 1) {
    std::vector<std::vector<BatchPtr>> all(1);
    all[0] = flatten(std::move(outputs));
    return oneMap(std::move(all));
  }
  if (partitioning.kind == Partitioning::Kind::kRange) {
    PLANCK_ASSIGN_OR_RETURN(auto buckets,
                            rangeShuffle(partitioning, input, types, std::move(outputs), n, compile));
    return oneMap(std::move(buckets));
  }
  // Hash (or round-robin): each map task deals its rows into buckets, in input order.
  std::vector<std::unique_ptr<CompiledExpression>> keys;
  for (const ExprPtr& key : partitioning.expressions) {
    PLANCK_ASSIGN_OR_RETURN(auto compiled, compileExpression(key, input, compile));
    keys.push_back(std::move(compiled));
  }
  bool hashed = partitioning.kind == Partitioning::Kind::kHash;
  auto buckets_count = static_cast<size_t>(n);
  std::vector<std::vector<std::vector<BatchPtr>>> per_task(outputs.size());
  PLANCK_RETURN_IF_ERROR(pool.parallelFor(
      outputs.size(),
      [&](size_t task) -> absl::Status {
        const std::vector<BatchPtr>& batches = outputs[task];
        std::vector<std::vector<uint32_t>> bucket_of(batches.size());
        std::vector<uint64_t> hashes;
        size_t dealt = task;  // round-robin starts at a different partition per task
        for (size_t index = 0; index < batches.size(); ++index) {
          const Batch& batch = *batches[index];
          std::vector<uint32_t>& ids = bucket_of[index];
          ids.resize(batch.rows);
          if (hashed && partition_column) {
            // The map stage's generated code computed each row's partition (its last column).
            const int32_t* partitions = batch.columns.back()->values<int32_t>();
            std::copy_n(partitions, batch.rows, ids.begin());
          } else if (hashed) {
            PLANCK_ASSIGN_OR_RETURN(EvaluatedColumns values, evaluateColumns(keys, batch));
            hashBuckets(values.columns, batch.rows, buckets_count, hashes, ids.data());
          } else {
            for (size_t row = 0; row < batch.rows; ++row) ids[row] = dealt++ % buckets_count;
          }
        }
        per_task[task] = scatter(batches, bucket_of, types, buckets_count);
        return absl::OkStatus();
      },
      cancellation));
  ShuffleBlocks blocks(buckets_count, std::vector<std::vector<BatchPtr>>(per_task.size()));
  for (size_t task = 0; task < per_task.size(); ++task) {
    for (size_t b = 0; b < per_task[task].size(); ++b) blocks[b][task] = std::move(per_task[task][b]);
  }
  return blocks;
}

}  // namespace planck
