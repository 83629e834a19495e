#include "runtime/exec/basic_operators.h"

#include <deque>

namespace planck {
namespace {

class BatchSource final : public Operator {
 public:
  BatchSource(std::vector<BatchPtr> batches, std::vector<size_t> columns)
      : batches_(std::move(batches)), columns_(std::move(columns)) {}
  absl::StatusOr<std::optional<Batch>> next() override {
    while (at_ < batches_.size()) {
      const Batch& batch = *batches_[at_++];
      if (batch.rows == 0) continue;
      if (columns_.empty()) return batch;
      Batch out;
      out.rows = batch.rows;
      for (size_t column : columns_) out.columns.push_back(batch.columns[column]);
      return out;
    }
    return std::nullopt;
  }

 private:
  std::vector<BatchPtr> batches_;
  std::vector<size_t> columns_;
  size_t at_ = 0;
};

class Filter final : public Operator {
 public:
  Filter(OperatorPtr child, Compiled condition)
      : child_(std::move(child)), condition_(std::move(condition)) {}
  absl::StatusOr<std::optional<Batch>> next() override {
    for (;;) {
      absl::StatusOr<std::optional<Batch>> batch = child_->next();
      if (!batch.ok() || !batch->has_value()) return batch;
      Batch& in = **batch;
      selection_.resize(in.rows);
      absl::StatusOr<size_t> kept = condition_->select(in, selection_.data());
      if (!kept.ok()) return kept.status();
      if (*kept == 0) continue;
      if (*kept == in.rows) return std::move(in);
      return gather(in, selection_.data(), *kept);
    }
  }

 private:
  OperatorPtr child_;
  Compiled condition_;
  std::vector<uint32_t> selection_;
};

class Project final : public Operator {
 public:
  Project(OperatorPtr child, std::vector<Compiled> exprs)
      : child_(std::move(child)), exprs_(std::move(exprs)) {}
  absl::StatusOr<std::optional<Batch>> next() override {
    absl::StatusOr<std::optional<Batch>> batch = child_->next();
    if (!batch.ok() || !batch->has_value()) return batch;
    absl::StatusOr<Batch> out = evaluateAll(exprs_, **batch);
    if (!out.ok()) return out.status();
    return std::move(*out);
  }

 private:
  OperatorPtr child_;
  std::vector<Compiled> exprs_;
};

class Limit final : public Operator {
 public:
  Limit(OperatorPtr child, int64_t limit, int64_t offset)
      : child_(std::move(child)), remaining_(limit), skip_(offset) {}
  absl::StatusOr<std::optional<Batch>> next() override {
    while (remaining_ != 0) {
      absl::StatusOr<std::optional<Batch>> batch = child_->next();
      if (!batch.ok() || !batch->has_value()) return batch;
      Batch in = std::move(**batch);
      size_t start = 0;
      if (skip_ > 0) {
        start = static_cast<size_t>(std::min<int64_t>(skip_, static_cast<int64_t>(in.rows)));
        skip_ -= static_cast<int64_t>(start);
      }
      size_t take = in.rows - start;
      if (remaining_ > 0) take = std::min<size_t>(take, static_cast<size_t>(remaining_));
      if (take == 0) continue;
      if (remaining_ > 0) remaining_ -= static_cast<int64_t>(take);
      if (start == 0 && take == in.rows) return in;
      selection_.resize(take);
      for (size_t i = 0; i < take; ++i) selection_[i] = static_cast<uint32_t>(start + i);
      return gather(in, selection_.data(), take);
    }
    return std::nullopt;
  }

 private:
  OperatorPtr child_;
  int64_t remaining_;  // -1: no limit
  int64_t skip_;
  std::vector<uint32_t> selection_;
};

class Expand final : public Operator {
 public:
  Expand(OperatorPtr child, std::vector<std::vector<Compiled>> projections)
      : child_(std::move(child)), projections_(std::move(projections)) {}
  absl::StatusOr<std::optional<Batch>> next() override {
    if (pending_.empty()) {
      absl::StatusOr<std::optional<Batch>> batch = child_->next();
      if (!batch.ok() || !batch->has_value()) return batch;
      for (const auto& projection : projections_) {
        absl::StatusOr<Batch> out = evaluateAll(projection, **batch);
        if (!out.ok()) return out.status();
        pending_.push_back(std::move(*out));
      }
    }
    Batch out = std::move(pending_.front());
    pending_.pop_front();
    return out;
  }

 private:
  OperatorPtr child_;
  std::vector<std::vector<Compiled>> projections_;
  std::deque<Batch> pending_;
};

class Concat final : public Operator {
 public:
  explicit Concat(std::vector<OperatorPtr> children) : children_(std::move(children)) {}
  absl::StatusOr<std::optional<Batch>> next() override {
    while (at_ < children_.size()) {
      absl::StatusOr<std::optional<Batch>> batch = children_[at_]->next();
      if (!batch.ok() || batch->has_value()) return batch;
      ++at_;
    }
    return std::nullopt;
  }

 private:
  std::vector<OperatorPtr> children_;
  size_t at_ = 0;
};

}  // namespace

absl::StatusOr<EvaluatedColumns> evaluateColumns(const std::vector<Compiled>& exprs,
                                                 const Batch& batch) {
  EvaluatedColumns out;
  for (const Compiled& expr : exprs) {
    absl::StatusOr<VectorPtr> value = expr->evaluate(batch);
    if (!value.ok()) return value.status();
    out.columns.push_back(value->get());
    out.values.push_back(*std::move(value));
  }
  return out;
}

OperatorPtr makeBatchSource(std::vector<BatchPtr> batches, std::vector<size_t> columns) {
  return std::make_unique<BatchSource>(std::move(batches), std::move(columns));
}
OperatorPtr makeFilter(OperatorPtr child, Compiled condition) {
  return std::make_unique<Filter>(std::move(child), std::move(condition));
}
OperatorPtr makeProject(OperatorPtr child, std::vector<Compiled> exprs) {
  return std::make_unique<Project>(std::move(child), std::move(exprs));
}
OperatorPtr makeLimit(OperatorPtr child, int64_t limit, int64_t offset) {
  return std::make_unique<Limit>(std::move(child), limit, offset);
}
OperatorPtr makeExpand(OperatorPtr child, std::vector<std::vector<Compiled>> projections) {
  return std::make_unique<Expand>(std::move(child), std::move(projections));
}
OperatorPtr makeConcat(std::vector<OperatorPtr> children) {
  return std::make_unique<Concat>(std::move(children));
}

}  // namespace planck
