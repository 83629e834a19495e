#include "runtime/exec/window_operator.h"

#include "common/status.h"
#include "fmt/format.h"
#include "logical/predicates.h"
#include "runtime/exec/batch_ops.h"
#include "runtime/exec/window_functions.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {
namespace {

struct KeySource {
  std::unique_ptr<CompiledExpression> expr;
  bool ascending = true;
  bool nulls_first = true;
};

class WindowOperator final : public Operator {
 public:
  WindowOperator(const WindowExec& node, OperatorPtr child, std::vector<KeySource> partition_keys,
                 std::vector<KeySource> order_keys, MemoryBudget* budget, CompileOptions compile,
                 const Cancellation* cancellation)
      : windows_(node.windowExpressions()),
        input_(node.child(0)->output()),
        child_(std::move(child)),
        partition_keys_(std::move(partition_keys)),
        order_keys_(std::move(order_keys)),
        budget_(budget),
        compile_(std::move(compile)),
        cancellation_(cancellation) {}
  ~WindowOperator() override {
    if (budget_ != nullptr) budget_->release(reserved_);
  }

  absl::StatusOr<std::optional<Batch>> next() override {
    if (!computed_) {
      PLANCK_RETURN_IF_ERROR(compute());
      computed_ = true;
    }
    if (emitted_ >= rows_.rows) return std::nullopt;
    if (cancellation_ != nullptr && cancellation_->cancelled()) {
      return absl::CancelledError("query cancelled");
    }
    size_t count = std::min(kBatchRows, rows_.rows - emitted_);
    std::vector<uint32_t> selection(count);
    for (size_t i = 0; i < count; ++i) selection[i] = static_cast<uint32_t>(emitted_ + i);
    emitted_ += count;
    return gather(rows_, selection.data(), count);
  }

 private:
  absl::Status reserve(int64_t bytes) {
    if (budget_ == nullptr) return absl::OkStatus();
    reserved_ += bytes;
    return budget_->reserve(bytes, "Window");
  }

  absl::StatusOr<std::vector<SortKey>> keysOf(const std::vector<KeySource>& sources,
                                              std::vector<VectorPtr>& values) {
    std::vector<SortKey> keys;
    for (const KeySource& source : sources) {
      PLANCK_ASSIGN_OR_RETURN(VectorPtr value, source.expr->evaluate(rows_));
      keys.push_back({value.get(), source.ascending, source.nulls_first});
      values.push_back(std::move(value));
    }
    return keys;
  }

  absl::Status compute() {
    const Attributes& input = input_;
    std::vector<DataType> types;
    for (const AttributePtr& attribute : input) types.push_back(attribute->dataType());
    PLANCK_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, drain(*child_, cancellation_));
    rows_ = concatenate(batches, types);
    batches.clear();
    PLANCK_RETURN_IF_ERROR(reserve(static_cast<int64_t>(rows_.bytes())));
    std::vector<VectorPtr> key_values;
    PLANCK_ASSIGN_OR_RETURN(std::vector<SortKey> partition_keys,
                            keysOf(partition_keys_, key_values));
    PLANCK_ASSIGN_OR_RETURN(std::vector<SortKey> order_keys, keysOf(order_keys_, key_values));
    WindowLayout layout = layoutOf(rows_.rows, partition_keys, order_keys);
    WindowInput in{&rows_,
                   &input,
                   &layout,
                   !order_keys.empty(),
                   order_keys.size() == 1 ? &order_keys[0] : nullptr,
                   budget_,
                   &compile_};
    for (const ExprPtr& expr : windows_) {
      if (cancellation_ != nullptr && cancellation_->cancelled()) {
        return absl::CancelledError("query cancelled");
      }
      const auto* window = stripAlias(expr)->as<WindowExpression>();
      if (window == nullptr) {
        return absl::InternalError(fmt::format("Window: not a window expression: {}", expr->sql()));
      }
      PLANCK_ASSIGN_OR_RETURN(VectorPtr values, evaluateWindowFunction(*window, in));
      PLANCK_RETURN_IF_ERROR(reserve(static_cast<int64_t>(values->bytes())));
      rows_.columns.push_back(std::move(values));
    }
    return absl::OkStatus();
  }

  std::vector<ExprPtr> windows_;
  Attributes input_;  // the child's columns
  OperatorPtr child_;
  std::vector<KeySource> partition_keys_;
  std::vector<KeySource> order_keys_;
  MemoryBudget* budget_;
  CompileOptions compile_;
  const Cancellation* cancellation_;
  int64_t reserved_ = 0;
  bool computed_ = false;
  Batch rows_;
  size_t emitted_ = 0;
};

}  // namespace

absl::StatusOr<OperatorPtr> makeWindow(const WindowExec& node, OperatorPtr child,
                                       MemoryBudget* budget, const CompileOptions& compile,
                                       const Cancellation* cancellation) {
  const Attributes& input = node.child(0)->output();
  std::vector<KeySource> partition_keys, order_keys;
  for (const ExprPtr& expr : node.partitionSpec()) {
    PLANCK_ASSIGN_OR_RETURN(auto compiled, compileExpression(expr, input, compile));
    partition_keys.push_back({std::move(compiled)});
  }
  for (const ExprPtr& expr : node.orderSpec()) {
    const auto* order = expr->as<SortOrder>();
    if (order == nullptr) {
      return absl::InternalError(fmt::format("Window: order {} is not a SortOrder", expr->sql()));
    }
    PLANCK_ASSIGN_OR_RETURN(auto compiled, compileExpression(order->child(0), input, compile));
    order_keys.push_back({std::move(compiled), order->ascending(), order->nullsFirst()});
  }
  return OperatorPtr(
      std::make_unique<WindowOperator>(node, std::move(child), std::move(partition_keys),
                                       std::move(order_keys), budget, compile, cancellation));
}

}  // namespace planck
