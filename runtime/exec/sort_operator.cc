#include "runtime/exec/sort_operator.h"

#include "common/status.h"
#include "runtime/exec/batch_ops.h"
#include "runtime/exec/sort.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {
namespace {

struct Order {
  std::unique_ptr<CompiledExpression> key;
  bool ascending;
  bool nulls_first;
};

class Sort final : public Operator {
 public:
  Sort(OperatorPtr child, std::vector<Order> orders, std::vector<DataType> types, int64_t limit,
       MemoryBudget* budget, const Cancellation* cancellation)
      : child_(std::move(child)),
        orders_(std::move(orders)),
        types_(std::move(types)),
        limit_(limit),
        budget_(budget),
        cancellation_(cancellation) {}
  ~Sort() override {
    if (budget_ != nullptr) budget_->release(reserved_);
  }

  absl::StatusOr<std::optional<Batch>> next() override {
    if (!sorted_) {
      PLANCK_RETURN_IF_ERROR(sortInput());
      sorted_ = true;
    }
    if (emitted_ >= order_.size()) return std::nullopt;
    size_t count = std::min(kBatchRows, order_.size() - emitted_);
    Batch out = gather(rows_, order_.data() + emitted_, count);
    emitted_ += count;
    return out;
  }

 private:
  absl::Status sortInput() {
    std::vector<BatchPtr> batches;
    if (limit_ < 0) {
      PLANCK_ASSIGN_OR_RETURN(batches, drain(*child_, cancellation_));
    } else {
      PLANCK_RETURN_IF_ERROR(drainTop(batches));
    }
    rows_ = concatenate(batches, types_);
    batches.clear();
    if (budget_ != nullptr) {
      reserved_ = static_cast<int64_t>(rows_.bytes());
      PLANCK_RETURN_IF_ERROR(budget_->reserve(reserved_, "Sort"));
    }
    std::vector<VectorPtr> key_values;
    PLANCK_ASSIGN_OR_RETURN(std::vector<SortKey> keys, keysOf(rows_, key_values));
    order_ = limit_ >= 0 ? topRows(keys, rows_.rows, static_cast<size_t>(limit_))
                         : sortedRows(keys, rows_.rows);
    return absl::OkStatus();
  }

  // The input, cut back to its first `limit_` rows by the keys as it arrives, so a top-k holds
  // O(limit) rows, not its input (sort.h's topRowsCutPoint).
  absl::Status drainTop(std::vector<BatchPtr>& batches) {
    auto limit = static_cast<size_t>(limit_);
    size_t held = 0;
    while (true) {
      if (cancellation_ != nullptr && cancellation_->cancelled()) {
        return absl::CancelledError("the query was cancelled");
      }
      PLANCK_ASSIGN_OR_RETURN(std::optional<Batch> batch, child_->next());
      if (!batch) return absl::OkStatus();
      held += batch->rows;
      batches.push_back(std::make_shared<const Batch>(*std::move(batch)));
      if (held <= topRowsCutPoint(limit)) continue;
      Batch all = concatenate(batches, types_);
      batches.clear();
      std::vector<VectorPtr> key_values;
      PLANCK_ASSIGN_OR_RETURN(std::vector<SortKey> keys, keysOf(all, key_values));
      batches.push_back(std::make_shared<const Batch>(firstRows(all, keys, limit)));
      held = batches.back()->rows;
    }
  }

  // The sort keys of `rows`: their values evaluated into `values`, which must outlive them.
  absl::StatusOr<std::vector<SortKey>> keysOf(const Batch& rows, std::vector<VectorPtr>& values) {
    std::vector<SortKey> keys;
    for (const Order& order : orders_) {
      PLANCK_ASSIGN_OR_RETURN(VectorPtr value, order.key->evaluate(rows));
      keys.push_back({value.get(), order.ascending, order.nulls_first});
      values.push_back(std::move(value));
    }
    return keys;
  }

  OperatorPtr child_;
  std::vector<Order> orders_;
  std::vector<DataType> types_;
  int64_t limit_;
  MemoryBudget* budget_;
  const Cancellation* cancellation_;
  int64_t reserved_ = 0;
  bool sorted_ = false;
  Batch rows_;
  std::vector<uint32_t> order_;
  size_t emitted_ = 0;
};

}  // namespace

absl::StatusOr<OperatorPtr> makeSort(OperatorPtr child, const std::vector<ExprPtr>& orders,
                                     const Attributes& input, int64_t limit, MemoryBudget* budget,
                                     const CompileOptions& options,
                                     const Cancellation* cancellation) {
  std::vector<Order> compiled;
  for (const ExprPtr& expr : orders) {
    const auto* order = expr->as<SortOrder>();
    if (order == nullptr) return absl::InternalError("Sort: an order that is not a SortOrder");
    PLANCK_ASSIGN_OR_RETURN(auto key, compileExpression(order->child(0), input, options));
    compiled.push_back({std::move(key), order->ascending(), order->nullsFirst()});
  }
  std::vector<DataType> types;
  for (const AttributePtr& attribute : input) types.push_back(attribute->dataType());
  return std::make_unique<Sort>(std::move(child), std::move(compiled), std::move(types), limit,
                                budget, cancellation);
}

}  // namespace planck
