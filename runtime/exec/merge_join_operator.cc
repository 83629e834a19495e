#include "runtime/exec/merge_join_operator.h"
#include "runtime/exec/integral_key.h"

#include <algorithm>
#include <deque>
#include <functional>

#include "common/status.h"
#include "fmt/format.h"
#include "logical/predicates.h"
#include "runtime/exec/picked_rows.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {
namespace {

using Compiled = std::unique_ptr<CompiledExpression>;

// An input batch with its join key values; a single INTEGER, DATE, BIGINT or DECIMAL key is
// also kept widened to int64, so comparing two rows' keys is one integer compare.
struct KeyedBatch {
  Batch rows;
  std::vector<VectorPtr> keys;
  std::vector<int64_t> integral_key;
};
using KeyedPtr = std::shared_ptr<const KeyedBatch>;

// How many input batches the output rows waiting for a flush may keep alive.
constexpr size_t kMaxPinnedBatches = 32;

// A row of a keyed batch.
struct RowAt {
  const KeyedBatch* batch = nullptr;  // null: a NULL-padded side
  uint32_t row = 0;
};

// Whether `keys` is one key compared as a 64-bit integer (KeyedBatch::integral_key).
bool integralKey(const std::vector<Compiled>& keys) {
  return keys.size() == 1 && isIntegralKey(keys[0]->dataType());
}

// -1, 0 or 1: how the keys of row `a` order against row `b`'s, NULLs first and equal.
int compareKeys(const RowAt& a, const RowAt& b) {
  if (!a.batch->integral_key.empty()) {
    const Vector& left = *a.batch->keys[0];
    const Vector& right = *b.batch->keys[0];
    bool a_null = left.isNull(a.row), b_null = right.isNull(b.row);
    if (a_null || b_null) return a_null == b_null ? 0 : (a_null ? -1 : 1);
    int64_t x = a.batch->integral_key[a.row], y = b.batch->integral_key[b.row];
    return x < y ? -1 : (y < x ? 1 : 0);
  }
  for (size_t k = 0; k < a.batch->keys.size(); ++k) {
    if (int c = compareAcross(*a.batch->keys[k], a.row, *b.batch->keys[k], b.row); c != 0) {
      return c;
    }
  }
  return 0;
}

bool hasNullKey(const RowAt& at) {
  for (const VectorPtr& key : at.batch->keys) {
    if (key->isNull(at.row)) return true;
  }
  return false;
}

// One input read a row at a time, batch by batch. A batch it leaves goes to `retire` (output
// rows may still point into it).
class Cursor {
 public:
  Cursor(OperatorPtr input, std::vector<Compiled> keys, const Cancellation* cancellation)
      : input_(std::move(input)),
        keys_(std::move(keys)),
        integral_key_(integralKey(keys_)),
        cancellation_(cancellation) {}

  void onRetire(std::function<void(KeyedPtr)> retire) { retire_ = std::move(retire); }

  // Whether there is a current row; loads the next batch when the current one is used up.
  absl::StatusOr<bool> valid() {
    while (current_ == nullptr || row_ >= current_->rows.rows) {
      if (done_) return false;
      PLANCK_ASSIGN_OR_RETURN(KeyedPtr next, nextBatch());
      if (current_ != nullptr) retire_(std::move(current_));
      current_ = std::move(next);
      row_ = 0;
    }
    return true;
  }
  RowAt at() const { return {current_.get(), static_cast<uint32_t>(row_)}; }
  const KeyedPtr& batch() const { return current_; }
  void advance(size_t rows = 1) { row_ += rows; }
  // How many rows from the current one on, in the current batch, have the key of `first` (which
  // the current row has).
  size_t equalRun(const RowAt& first) const {
    const KeyedBatch& batch = *current_;
    size_t end = row_ + 1;
    if (!batch.integral_key.empty()) {
      const Vector& key = *batch.keys[0];
      if (first.batch->keys[0]->isNull(first.row)) {
        while (end < batch.rows.rows && key.isNull(end)) ++end;
      } else {
        int64_t value = first.batch->integral_key[first.row];
        const int64_t* values = batch.integral_key.data();
        const uint8_t* nulls = key.nullMask();
        while (end < batch.rows.rows && values[end] == value &&
               (nulls == nullptr || nulls[end] == 0)) {
          ++end;
        }
      }
    } else {
      while (end < batch.rows.rows &&
             compareKeys(RowAt{&batch, static_cast<uint32_t>(end)}, first) == 0) {
        ++end;
      }
    }
    return end - row_;
  }
  void skipBatch() { row_ = current_ == nullptr ? 0 : current_->rows.rows; }

  // The next input batch with its keys, or null at the end.
  absl::StatusOr<KeyedPtr> nextBatch() {
    if (cancellation_ != nullptr && cancellation_->cancelled()) {
      return absl::CancelledError("query cancelled");
    }
    PLANCK_ASSIGN_OR_RETURN(std::optional<Batch> batch, input_->next());
    if (!batch) {
      done_ = true;
      return KeyedPtr();
    }
    auto keyed = std::make_shared<KeyedBatch>();
    keyed->rows = std::move(*batch);
    for (const Compiled& key : keys_) {
      PLANCK_ASSIGN_OR_RETURN(VectorPtr value, key->evaluate(keyed->rows));
      keyed->keys.push_back(std::move(value));
    }
    if (integral_key_) {
      const Vector& key = *keyed->keys[0];
      keyed->integral_key.resize(keyed->rows.rows);
      if (storageWidth(key.type()) == sizeof(int32_t)) {
        std::copy_n(key.values<int32_t>(), keyed->rows.rows, keyed->integral_key.begin());
      } else {
        std::copy_n(key.values<int64_t>(), keyed->rows.rows, keyed->integral_key.begin());
      }
    }
    return KeyedPtr(std::move(keyed));
  }

 private:
  OperatorPtr input_;
  std::vector<Compiled> keys_;
  bool integral_key_;
  const Cancellation* cancellation_;
  std::function<void(KeyedPtr)> retire_;
  KeyedPtr current_;
  size_t row_ = 0;
  bool done_ = false;
};

struct MergeJoinSetup {
  JoinType type;
  std::vector<Compiled> left_keys, right_keys;
  // The condition, or null; it reads the columns `condition_columns` (positions in left columns
  // ++ right columns) in that order.
  Compiled condition;
  std::vector<size_t> condition_columns;
  std::vector<DataType> left_types, right_types;
};

class SortMergeJoin final : public Operator {
 public:
  SortMergeJoin(OperatorPtr left, OperatorPtr right, MergeJoinSetup setup, MemoryBudget* budget,
                const Cancellation* cancellation)
      : left_(std::move(left), std::move(setup.left_keys), cancellation),
        right_(std::move(right), std::move(setup.right_keys), cancellation),
        type_(setup.type),
        condition_(std::move(setup.condition)),
        condition_columns_(std::move(setup.condition_columns)),
        left_types_(std::move(setup.left_types)),
        right_types_(std::move(setup.right_types)),
        budget_(budget) {
    left_.onRetire([this](KeyedPtr batch) { retire(std::move(batch)); });
    right_.onRetire([this](KeyedPtr batch) { retire(std::move(batch)); });
  }
  ~SortMergeJoin() override {
    if (budget_ != nullptr) budget_->release(reserved_);
  }

  absl::StatusOr<std::optional<Batch>> next() override {
    while (ready_.empty() && !finished_) PLANCK_RETURN_IF_ERROR(step());
    if (ready_.empty()) return std::nullopt;
    Batch out = std::move(ready_.front());
    ready_.pop_front();
    return out;
  }

 private:
  bool outerLeft() const { return type_ == JoinType::kLeftOuter || type_ == JoinType::kFullOuter; }
  bool outerRight() const {
    return type_ == JoinType::kRightOuter || type_ == JoinType::kFullOuter;
  }

  // Joins one batch of left rows, or, at the end of the left side, emits what is left.
  absl::Status step() {
    PLANCK_ASSIGN_OR_RETURN(bool more, left_.valid());
    if (!more) {
      PLANCK_RETURN_IF_ERROR(finishGroup());
      while (outerRight()) {
        PLANCK_ASSIGN_OR_RETURN(bool loaded, loadGroup());
        if (!loaded) break;
        PLANCK_RETURN_IF_ERROR(finishGroup());
      }
      flush();
      finished_ = true;
      return absl::OkStatus();
    }
    KeyedPtr batch = left_.batch();
    for (uint32_t row = 0; row < batch->rows.rows; ++row) {
      PLANCK_RETURN_IF_ERROR(joinRow(RowAt{batch.get(), row}));
    }
    PLANCK_RETURN_IF_ERROR(resolveDeferred());
    left_.skipBatch();
    return absl::OkStatus();
  }

  // Finds the left row's candidate pairs; what they give is decided by resolveDeferred(), for
  // many left rows at once (one evaluation of the condition).
  absl::Status joinRow(const RowAt& left) {
    uint32_t first = static_cast<uint32_t>(candidates_.size());
    if (hasNullKey(left)) {
      if (condition_ == nullptr) return emit(left, false);
      deferred_.push_back({left, first, first});
      return absl::OkStatus();
    }
    // Passes the right groups whose keys are below the left row's.
    while (true) {
      if (!group_.empty()) {
        if (compareKeys(left, group_.front()) <= 0) break;
        // The group's rows that never matched are known once the pending pairs are checked.
        if (outerRight()) PLANCK_RETURN_IF_ERROR(resolveDeferred());
        PLANCK_RETURN_IF_ERROR(finishGroup());
      }
      PLANCK_ASSIGN_OR_RETURN(bool loaded, loadGroup());
      if (!loaded) break;
    }
    bool equal = !group_.empty() && compareKeys(left, group_.front()) == 0;
    if (condition_ == nullptr) return emit(left, equal);
    first = static_cast<uint32_t>(candidates_.size());
    if (equal) {
      for (uint32_t i = 0; i < group_.size(); ++i) {
        candidates_.push_back(group_[i]);
        candidate_in_group_.push_back(i);
      }
    }
    deferred_.push_back({left, first, static_cast<uint32_t>(candidates_.size())});
    if (candidates_.size() >= kBatchRows) return resolveDeferred();
    return absl::OkStatus();
  }

  // The output for `left` when the join has no condition beyond the keys: every row of the
  // current group matches when `matched`, none otherwise.
  absl::Status emit(const RowAt& left, bool matched) {
    if (type_ == JoinType::kLeftSemi || type_ == JoinType::kLeftAnti) {
      if (matched == (type_ == JoinType::kLeftSemi)) pending_.push_back({left, RowAt{}});
    } else if (matched) {
      for (const RowAt& right : group_) pending_.push_back({left, right});
      if (outerRight()) std::fill(group_matched_.begin(), group_matched_.end(), 1);
    } else if (outerLeft()) {
      pending_.push_back({left, RowAt{}});
    }
    if (pending_.size() >= kBatchRows) flush();
    return absl::OkStatus();
  }

  // Decides the deferred left rows, in order: checks the condition on all their candidate pairs
  // at once, then emits by join type.
  absl::Status resolveDeferred() {
    size_t count = candidates_.size();
    passes_.assign(count, condition_ == nullptr ? 1 : 0);
    if (condition_ != nullptr && count > 0) {
      Batch pairs;
      pairs.rows = count;
      std::vector<RowAt> lefts(count);
      for (const Deferred& entry : deferred_) {
        for (uint32_t c = entry.first; c < entry.end; ++c) lefts[c] = entry.left;
      }
      std::vector<PickedRow> picks(count);
      for (size_t column : condition_columns_) {
        bool from_left = column < left_types_.size();
        size_t index = from_left ? column : column - left_types_.size();
        for (size_t i = 0; i < count; ++i) {
          const RowAt& at = from_left ? lefts[i] : candidates_[i];
          picks[i] = {at.batch->rows.columns[index].get(), at.row};
        }
        pairs.columns.push_back(
            pickRows(from_left ? left_types_[index] : right_types_[index], picks.data(), count));
      }
      std::vector<uint32_t> selection(count);
      PLANCK_ASSIGN_OR_RETURN(size_t kept, condition_->select(pairs, selection.data()));
      for (size_t i = 0; i < kept; ++i) passes_[selection[i]] = 1;
    }
    bool semi_or_anti = type_ == JoinType::kLeftSemi || type_ == JoinType::kLeftAnti;
    for (const Deferred& entry : deferred_) {
      bool matched = false;
      for (uint32_t c = entry.first; c < entry.end; ++c) {
        if (passes_[c] == 0) continue;
        matched = true;
        if (semi_or_anti) break;
        pending_.push_back({entry.left, candidates_[c]});
        // Right and full outer joins resolve before the group changes: the index is current.
        if (outerRight()) group_matched_[candidate_in_group_[c]] = 1;
      }
      bool keep_left = (type_ == JoinType::kLeftSemi && matched) ||
                       (type_ == JoinType::kLeftAnti && !matched) || (outerLeft() && !matched);
      if (keep_left) pending_.push_back({entry.left, RowAt{}});
    }
    deferred_.clear();
    candidates_.clear();
    candidate_in_group_.clear();
    if (pending_.size() >= kBatchRows) flush();
    return absl::OkStatus();
  }

  // Reads the next group of right rows with equal keys; false at the end of the right side.
  absl::StatusOr<bool> loadGroup() {
    PLANCK_ASSIGN_OR_RETURN(bool more, right_.valid());
    if (!more) return false;
    const RowAt first = right_.at();
    group_batches_.push_back(first.batch);
    while (true) {
      // The rows of this batch with the group's key, at once.
      RowAt at = right_.at();
      size_t run = right_.equalRun(first);
      for (uint32_t i = 0; i < run; ++i) group_.push_back({at.batch, at.row + i});
      right_.advance(run);
      if (at.row + run < at.batch->rows.rows) break;  // the group ends inside the batch
      PLANCK_ASSIGN_OR_RETURN(bool next, right_.valid());
      if (!next || compareKeys(right_.at(), first) != 0) break;
      // The group spans batches: the earlier ones stay buffered (retire() pinned them).
      group_batches_.push_back(right_.batch().get());
      if (budget_ != nullptr) {
        int64_t bytes = static_cast<int64_t>(right_.batch()->rows.bytes());
        reserved_ += bytes;
        group_reserved_ += bytes;
        PLANCK_RETURN_IF_ERROR(budget_->reserve(bytes, "SortMergeJoin"));
      }
    }
    group_matched_.assign(group_.size(), 0);
    return true;
  }

  // Drops the current group, emitting its never-matched rows for right and full outer joins.
  absl::Status finishGroup() {
    if (outerRight()) {
      for (size_t i = 0; i < group_.size(); ++i) {
        if (group_matched_[i] == 0) {
          pending_.push_back({RowAt{}, group_[i]});
          if (pending_.size() >= kBatchRows) flush();
        }
      }
    }
    // Rows waiting in pending_ may still point into the group's earlier batches: pinned_ keeps
    // them until the flush.
    group_batches_.clear();
    group_.clear();
    group_matched_.clear();
    if (budget_ != nullptr) {
      budget_->release(group_reserved_);
      reserved_ -= group_reserved_;
      group_reserved_ = 0;
    }
    return absl::OkStatus();
  }

  // A batch a cursor left: kept while output rows wait in it or the current group reaches
  // into it. A selective join could otherwise hold every batch it passes: past a few dozen, the
  // waiting rows go out as a smaller batch.
  void retire(KeyedPtr batch) {
    if (pending_.empty() && deferred_.empty() && group_.empty()) return;
    pinned_.push_back(std::move(batch));
    if (pinned_.size() > kMaxPinnedBatches && deferred_.empty()) flush();
  }

  // Turns the pending output rows into batches.
  void flush() {
    bool with_right = outputsRight(type_);
    std::vector<PickedRow> picks;
    for (size_t first = 0; first < pending_.size(); first += kBatchRows) {
      size_t count = std::min(kBatchRows, pending_.size() - first);
      picks.resize(count);
      Batch out;
      out.rows = count;
      auto side = [&](bool left, const std::vector<DataType>& types) {
        for (size_t column = 0; column < types.size(); ++column) {
          for (size_t i = 0; i < count; ++i) {
            const RowAt& at = left ? pending_[first + i].left : pending_[first + i].right;
            picks[i] = {at.batch == nullptr ? nullptr : at.batch->rows.columns[column].get(),
                        at.row};
          }
          out.columns.push_back(pickRows(types[column], picks.data(), count));
        }
      };
      side(true, left_types_);
      if (with_right) side(false, right_types_);
      ready_.push_back(std::move(out));
    }
    pending_.clear();
    // What still points into a pinned batch now is the current group alone.
    std::erase_if(pinned_, [&](const KeyedPtr& batch) {
      return std::find(group_batches_.begin(), group_batches_.end(), batch.get()) ==
             group_batches_.end();
    });
  }

  struct OutputRow {
    RowAt left, right;
  };

  Cursor left_, right_;
  JoinType type_;
  Compiled condition_;
  std::vector<size_t> condition_columns_;
  std::vector<DataType> left_types_, right_types_;
  MemoryBudget* budget_;
  int64_t reserved_ = 0, group_reserved_ = 0;

  std::vector<RowAt> group_;                      // the buffered right rows of equal keys
  std::vector<const KeyedBatch*> group_batches_;  // the batches group_ points into
  std::vector<uint8_t> group_matched_;
  // Left rows whose output waits for the condition: candidates_[first, end) are their pairs'
  // right rows (candidate_in_group_ their positions in the group), passes_ the outcome.
  struct Deferred {
    RowAt left;
    uint32_t first, end;
  };
  std::vector<Deferred> deferred_;
  std::vector<RowAt> candidates_;
  std::vector<uint32_t> candidate_in_group_;
  std::vector<uint8_t> passes_;
  std::vector<OutputRow> pending_;
  std::vector<KeyedPtr> pinned_;  // batches the cursors left that output rows point into
  std::deque<Batch> ready_;
  bool finished_ = false;
};

std::vector<DataType> typesOf(const Attributes& attributes) {
  std::vector<DataType> types;
  for (const AttributePtr& attribute : attributes) types.push_back(attribute->dataType());
  return types;
}

}  // namespace

absl::StatusOr<OperatorPtr> makeSortMergeJoin(const SortMergeJoinExec& join, OperatorPtr left,
                                              OperatorPtr right, MemoryBudget* budget,
                                              const CompileOptions& compile,
                                              const Cancellation* cancellation) {
  if (join.leftKeys().size() != join.rightKeys().size() || join.leftKeys().empty()) {
    return absl::InternalError("SortMergeJoin: the two sides need the same number of keys");
  }
  const Attributes& left_input = join.left()->output();
  const Attributes& right_input = join.right()->output();
  MergeJoinSetup setup;
  setup.type = join.joinType();
  for (size_t k = 0; k < join.leftKeys().size(); ++k) {
    PLANCK_ASSIGN_OR_RETURN(auto left_key,
                            compileExpression(join.leftKeys()[k], left_input, compile));
    PLANCK_ASSIGN_OR_RETURN(auto right_key,
                            compileExpression(join.rightKeys()[k], right_input, compile));
    if (left_key->dataType() != right_key->dataType()) {
      return absl::InternalError(fmt::format("SortMergeJoin: keys {} and {} differ in type",
                                             join.leftKeys()[k]->sql(),
                                             join.rightKeys()[k]->sql()));
    }
    setup.left_keys.push_back(std::move(left_key));
    setup.right_keys.push_back(std::move(right_key));
  }
  if (join.condition() != nullptr) {
    Attributes both = left_input;
    both.insert(both.end(), right_input.begin(), right_input.end());
    AttributeSet read = referencesOf(join.condition());
    Attributes columns;
    for (size_t i = 0; i < both.size(); ++i) {
      if (read.contains(both[i]->exprId())) {
        setup.condition_columns.push_back(i);
        columns.push_back(both[i]);
      }
    }
    PLANCK_ASSIGN_OR_RETURN(setup.condition, compileExpression(join.condition(), columns, compile));
  }
  setup.left_types = typesOf(left_input);
  setup.right_types = typesOf(right_input);
  return OperatorPtr(std::make_unique<SortMergeJoin>(std::move(left), std::move(right),
                                                     std::move(setup), budget, cancellation));
}

}  // namespace planck
