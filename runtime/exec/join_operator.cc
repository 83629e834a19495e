#include "runtime/exec/join_operator.h"

#include <deque>

#include "common/status.h"
#include "runtime/exec/basic_operators.h"

namespace planck {

absl::StatusOr<std::shared_ptr<JoinBuild>> JoinBuild::make(
    Batch rows, const std::vector<std::unique_ptr<CompiledExpression>>& keys, int tasks) {
  auto build = std::make_shared<JoinBuild>();
  build->matched = std::make_unique<std::atomic<uint8_t>[]>(rows.rows);
  for (size_t i = 0; i < rows.rows; ++i) build->matched[i].store(0, std::memory_order_relaxed);
  build->open_tasks.store(tasks, std::memory_order_relaxed);
  if (!keys.empty()) {
    PLANCK_ASSIGN_OR_RETURN(EvaluatedColumns values, evaluateColumns(keys, rows));
    build->table = std::make_unique<JoinHashTable>(rows, values.columns);
  }
  build->rows = std::move(rows);
  return build;
}

namespace {

bool isOuterOn(JoinType type, bool left) {
  return type == JoinType::kFullOuter ||
         (left ? type == JoinType::kLeftOuter : type == JoinType::kRightOuter);
}

bool isSemiOrAnti(JoinType type) {
  return type == JoinType::kLeftSemi || type == JoinType::kLeftAnti;
}

// Rows of `columns` NULL-padded: `count` rows of each type.
void appendNulls(std::vector<VectorPtr>& columns, const std::vector<DataType>& types,
                 size_t count) {
  for (const DataType& type : types) {
    columns.push_back(Vector::constant(Value::null(type), type, count));
  }
}

std::vector<VectorPtr> gatherColumns(const Batch& batch, const std::vector<uint32_t>& rows) {
  std::vector<VectorPtr> columns;
  for (const VectorPtr& column : batch.columns) {
    columns.push_back(gather(*column, rows.data(), rows.size()));
  }
  return columns;
}

class JoinOperator final : public Operator {
 public:
  JoinOperator(OperatorPtr streamed, JoinSetup setup)
      : streamed_(std::move(streamed)), s_(std::move(setup)) {
    streamed_preserved_ = isOuterOn(s_.type, s_.streamed_is_left);
    build_preserved_ = isOuterOn(s_.type, !s_.streamed_is_left);
    // A semi or anti join keeps rows of its left side: the streamed one, or the build one.
    semi_on_streamed_ = isSemiOrAnti(s_.type) && s_.streamed_is_left;
    semi_on_build_ = isSemiOrAnti(s_.type) && !s_.streamed_is_left;
  }

  // One chunk of candidate pairs per step, so a streamed batch with many matches (a nested loop
  // over a large build side) produces its output as it goes, and a cancellation stops it.
  absl::StatusOr<std::optional<Batch>> next() override {
    while (pending_.empty()) {
      if (finished_) return std::nullopt;
      if (s_.cancellation != nullptr && s_.cancellation->cancelled())
        return absl::CancelledError("the query was cancelled");
      if (!current_) {
        PLANCK_ASSIGN_OR_RETURN(current_, streamed_->next());
        if (!current_) {
          finished_ = true;
          PLANCK_RETURN_IF_ERROR(finishBuildSide());
          continue;
        }
        PLANCK_RETURN_IF_ERROR(startBatch(*current_));
      }
      PLANCK_ASSIGN_OR_RETURN(bool more, joinChunk(*current_));
      if (!more) {
        finishBatch(*current_);
        current_.reset();
      }
    }
    Batch out = std::move(pending_.front());
    pending_.pop_front();
    return out;
  }

 private:
  const Batch& buildRows() const { return s_.build->rows; }

  // The columns `columns` (positions in left ++ right) of the pairs: what the condition reads.
  Batch conditionColumns(const Batch& streamed, const std::vector<uint32_t>& streamed_rows,
                         const std::vector<uint32_t>& build_rows) const {
    Batch out;
    out.rows = streamed_rows.size();
    size_t left_width = s_.left_types.size();
    for (size_t column : s_.condition_columns) {
      bool left = column < left_width;
      size_t index = left ? column : column - left_width;
      bool from_streamed = left == s_.streamed_is_left;
      const Batch& source = from_streamed ? streamed : buildRows();
      const std::vector<uint32_t>& rows = from_streamed ? streamed_rows : build_rows;
      out.columns.push_back(gather(*source.columns[index], rows.data(), rows.size()));
    }
    return out;
  }

  // The joined batch of pairs (streamed row, build row), columns left then right.
  Batch joined(const Batch& streamed, const std::vector<uint32_t>& streamed_rows,
               const std::vector<uint32_t>& build_rows) const {
    std::vector<VectorPtr> probe = gatherColumns(streamed, streamed_rows);
    std::vector<VectorPtr> build = gatherColumns(buildRows(), build_rows);
    Batch out;
    out.rows = streamed_rows.size();
    auto& first = s_.streamed_is_left ? probe : build;
    auto& second = s_.streamed_is_left ? build : probe;
    out.columns = std::move(first);
    for (VectorPtr& column : second) out.columns.push_back(std::move(column));
    return out;
  }

  // The next chunk of candidate pairs of `batch`; false when there are no more.
  bool nextPairs(const Batch& batch, const RowKeys& keys, std::vector<uint32_t>& probe_rows,
                 std::vector<uint32_t>& build_rows) {
    probe_rows.clear();
    build_rows.clear();
    if (s_.build->table != nullptr) {
      if (cursor_ >= batch.rows) return false;
      cursor_ = s_.build->table->probe(keys, cursor_, batch.rows, kBatchRows, probe_rows,
                                       build_rows, resume_);
      return !probe_rows.empty() || cursor_ < batch.rows;
    }
    // Nested loop: streamed row by build row, in chunks.
    size_t build_count = buildRows().rows;
    if (build_count == 0) return false;
    while (cursor_ < batch.rows && probe_rows.size() < kBatchRows) {
      probe_rows.push_back(static_cast<uint32_t>(cursor_));
      build_rows.push_back(inner_);
      if (++inner_ == build_count) {
        inner_ = 0;
        ++cursor_;
      }
    }
    return !probe_rows.empty();
  }

  absl::Status startBatch(const Batch& batch) {
    keys_ = RowKeys();
    if (s_.build->table != nullptr) {
      PLANCK_ASSIGN_OR_RETURN(EvaluatedColumns values, evaluateColumns(s_.streamed_keys, batch));
      keys_.encode(values.columns, batch.rows);
    }
    matched_.assign(batch.rows, 0);
    cursor_ = 0;
    inner_ = 0;
    resume_ = 0;
    return absl::OkStatus();
  }

  // The next chunk of pairs of `batch`: checked against the condition, the matches marked, the
  // joined rows queued. False when the batch has no more pairs.
  absl::StatusOr<bool> joinChunk(const Batch& batch) {
    if (!nextPairs(batch, keys_, probe_rows_, build_rows_)) return false;
    if (probe_rows_.empty()) return true;
    if (s_.condition != nullptr) {
      Batch checked = conditionColumns(batch, probe_rows_, build_rows_);
      selection_.resize(checked.rows);
      PLANCK_ASSIGN_OR_RETURN(size_t kept, s_.condition->select(checked, selection_.data()));
      if (kept < checked.rows) {
        for (size_t i = 0; i < kept; ++i) {
          probe_rows_[i] = probe_rows_[selection_[i]];
          build_rows_[i] = build_rows_[selection_[i]];
        }
        probe_rows_.resize(kept);
        build_rows_.resize(kept);
      }
    }
    if (probe_rows_.empty()) return true;
    for (uint32_t row : probe_rows_) matched_[row] = 1;
    if (build_preserved_ || semi_on_build_) {
      for (uint32_t row : build_rows_) s_.build->matched[row].store(1, std::memory_order_relaxed);
    }
    if (!isSemiOrAnti(s_.type)) pending_.push_back(joined(batch, probe_rows_, build_rows_));
    return true;
  }

  // After the last pair of `batch`: its streamed rows decided by whether they matched.
  void finishBatch(const Batch& batch) {
    std::vector<uint32_t> rows;
    if (streamed_preserved_ || s_.type == JoinType::kLeftAnti) {
      for (size_t i = 0; i < batch.rows; ++i) {
        if (matched_[i] == 0 && keepUnmatched(keys_, i)) rows.push_back(static_cast<uint32_t>(i));
      }
    } else if (semi_on_streamed_) {
      for (size_t i = 0; i < batch.rows; ++i) {
        if (matched_[i] != 0) rows.push_back(static_cast<uint32_t>(i));
      }
    }
    if (!rows.empty() && (semi_on_streamed_ || streamed_preserved_)) {
      Batch out;
      out.rows = rows.size();
      std::vector<VectorPtr> kept = gatherColumns(batch, rows);
      if (semi_on_streamed_) {
        out.columns = std::move(kept);
      } else if (s_.streamed_is_left) {
        out.columns = std::move(kept);
        appendNulls(out.columns, s_.right_types, rows.size());
      } else {
        appendNulls(out.columns, s_.left_types, rows.size());
        for (VectorPtr& column : kept) out.columns.push_back(std::move(column));
      }
      pending_.push_back(std::move(out));
    }
  }

  // Whether an unmatched streamed row is output by an anti join (always by an outer join).
  bool keepUnmatched(const RowKeys& keys, size_t row) const {
    if (!s_.null_aware) return true;
    // NOT IN: nothing passes a build side with a NULL; a NULL key passes only an empty one.
    if (buildRows().rows == 0) return true;
    if (s_.build->table != nullptr && s_.build->table->hasNullKey()) return false;
    return !(s_.build->table != nullptr && keys.hasNull(row));
  }

  // After the last task's streamed rows: the build rows the join preserves.
  absl::Status finishBuildSide() {
    if (!build_preserved_ && !semi_on_build_) return absl::OkStatus();
    if (s_.build->open_tasks.fetch_sub(1, std::memory_order_acq_rel) != 1) {
      return absl::OkStatus();
    }
    bool want_matched = s_.type == JoinType::kLeftSemi;
    std::vector<uint32_t> rows;
    for (size_t i = 0; i < buildRows().rows; ++i) {
      bool matched = s_.build->matched[i].load(std::memory_order_relaxed) != 0;
      if (build_preserved_ ? !matched : matched == want_matched) {
        rows.push_back(static_cast<uint32_t>(i));
      }
    }
    for (size_t start = 0; start < rows.size(); start += kBatchRows) {
      std::vector<uint32_t> chunk(
          rows.begin() + static_cast<std::ptrdiff_t>(start),
          rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), start + kBatchRows)));
      Batch out;
      out.rows = chunk.size();
      std::vector<VectorPtr> kept = gatherColumns(buildRows(), chunk);
      if (semi_on_build_) {
        out.columns = std::move(kept);
      } else if (s_.streamed_is_left) {
        appendNulls(out.columns, s_.left_types, chunk.size());
        for (VectorPtr& column : kept) out.columns.push_back(std::move(column));
      } else {
        out.columns = std::move(kept);
        appendNulls(out.columns, s_.right_types, chunk.size());
      }
      pending_.push_back(std::move(out));
    }
    return absl::OkStatus();
  }

  OperatorPtr streamed_;
  JoinSetup s_;
  bool streamed_preserved_ = false;
  bool build_preserved_ = false;
  bool semi_on_streamed_ = false;
  bool semi_on_build_ = false;
  bool finished_ = false;
  std::deque<Batch> pending_;
  // The streamed batch being joined, its keys, which of its rows matched, and the chunk.
  std::optional<Batch> current_;
  RowKeys keys_;
  std::vector<uint8_t> matched_;
  std::vector<uint32_t> probe_rows_, build_rows_;
  std::vector<uint32_t> selection_;
  size_t cursor_ = 0;
  uint32_t inner_ = 0;
  uint32_t resume_ = 0;
};

}  // namespace

OperatorPtr makeJoin(OperatorPtr streamed, JoinSetup setup) {
  return std::make_unique<JoinOperator>(std::move(streamed), std::move(setup));
}

}  // namespace planck
