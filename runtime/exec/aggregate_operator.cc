#include "runtime/exec/aggregate_operator.h"

#include "common/status.h"
#include "fmt/format.h"
#include "logical/predicates.h"
#include "runtime/exec/aggregate_function.h"
#include "runtime/exec/basic_operators.h"
#include "runtime/exec/group_table.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {
namespace {

using Compiled = std::unique_ptr<CompiledExpression>;

// One aggregate call, ready to run.
struct Call {
  AggregateMode mode;
  AggregateSpec spec;
  std::unique_ptr<AggregateFunction> function;
  std::vector<Compiled> inputs;  // arguments (Partial, Complete) or buffers (PartialMerge, Final)
  Compiled filter;               // the FILTER clause (Partial, Complete), or null
  bool writesBuffers() const {
    return mode == AggregateMode::kPartial || mode == AggregateMode::kPartialMerge;
  }
  bool readsRows() const {
    return mode == AggregateMode::kPartial || mode == AggregateMode::kComplete;
  }
};

class HashAggregate final : public Operator {
 public:
  HashAggregate(OperatorPtr child, std::vector<Compiled> keys, std::vector<DataType> key_types,
                std::vector<Call> calls, std::vector<Compiled> results, MemoryBudget* budget,
                std::string name, const PartialAggregationOptions& partial)
      : child_(std::move(child)),
        keys_(std::move(keys)),
        table_(std::move(key_types)),
        calls_(std::move(calls)),
        results_(std::move(results)),
        budget_(budget),
        name_(std::move(name)),
        partial_(partial) {
    // Only a grouped aggregate whose every call is partial may pass rows through.
    adaptive_ = partial_.adaptive && !keys_.empty() && !calls_.empty();
    for (const Call& call : calls_) {
      if (call.mode != AggregateMode::kPartial) adaptive_ = false;
    }
  }

  ~HashAggregate() override {
    if (budget_ != nullptr) budget_->release(reserved_);
  }

  absl::StatusOr<std::optional<Batch>> next() override {
    if (!consumed_) {
      PLANCK_RETURN_IF_ERROR(consume());
      consumed_ = true;
    }
    size_t groups = table_.groups();
    if (emitted_ >= groups) {
      if (!passing_through_) return std::nullopt;
      PLANCK_ASSIGN_OR_RETURN(std::optional<Batch> batch, child_->next());
      if (!batch) return std::nullopt;
      return passThrough(*batch);
    }
    size_t count = std::min(kBatchRows, groups - emitted_);
    Batch values;
    values.rows = count;
    values.columns = table_.keyColumns(emitted_, count);
    for (Call& call : calls_) {
      if (call.writesBuffers()) {
        PLANCK_ASSIGN_OR_RETURN(std::vector<VectorPtr> buffers,
                                call.function->buffers(emitted_, count));
        for (VectorPtr& buffer : buffers) values.columns.push_back(std::move(buffer));
      } else {
        PLANCK_ASSIGN_OR_RETURN(VectorPtr result, call.function->result(emitted_, count));
        values.columns.push_back(std::move(result));
      }
    }
    emitted_ += count;
    PLANCK_ASSIGN_OR_RETURN(Batch out, evaluateAll(results_, values));
    return out;
  }

 private:
  // Folds the rows of `in` (groups[i]: row i's group) into `function`, the states of `call`.
  absl::Status fold(const Call& call, AggregateFunction& function, const Batch& in,
                    const uint32_t* groups) {
    PLANCK_ASSIGN_OR_RETURN(EvaluatedColumns inputs, evaluateColumns(call.inputs, in));
    const std::vector<const Vector*>& columns = inputs.columns;
    if (!call.readsRows()) return function.merge(groups, columns, in.rows);
    const uint8_t* mask = nullptr;
    if (call.filter != nullptr) {
      PLANCK_ASSIGN_OR_RETURN(VectorPtr passed, call.filter->evaluate(in));
      keep_.assign(in.rows, 0);
      for (size_t i = 0; i < in.rows; ++i) {
        keep_[i] = !passed->isNull(i) && passed->values<uint8_t>()[i] != 0;
      }
      mask = keep_.data();
    }
    return function.update(groups, columns, mask, in.rows);
  }

  absl::Status consume() {
    std::vector<uint32_t> groups;
    int64_t rows_seen = 0;
    for (;;) {
      PLANCK_ASSIGN_OR_RETURN(std::optional<Batch> batch, child_->next());
      if (!batch) break;
      const Batch& in = *batch;
      PLANCK_ASSIGN_OR_RETURN(EvaluatedColumns keys, evaluateColumns(keys_, in));
      groups.resize(in.rows);
      table_.findOrInsert(keys.columns, in.rows, groups.data());
      for (Call& call : calls_) {
        call.function->resize(table_.groups());
        PLANCK_RETURN_IF_ERROR(fold(call, *call.function, in, groups.data()));
      }
      rows_seen += static_cast<int64_t>(in.rows);
      if (adaptive_ && rows_seen >= partial_.sample_rows) {
        adaptive_ = false;  // decided once
        if (static_cast<double>(table_.groups()) >
            partial_.max_group_ratio * static_cast<double>(rows_seen)) {
          passing_through_ = true;
          break;
        }
      }
    }
    for (Call& call : calls_) call.function->resize(table_.groups());
    if (budget_ != nullptr) {
      int64_t bytes = static_cast<int64_t>(table_.bytes());
      for (const Call& call : calls_) bytes += static_cast<int64_t>(call.function->bytes());
      reserved_ = bytes;
      PLANCK_RETURN_IF_ERROR(budget_->reserve(bytes, name_));
    }
    return absl::OkStatus();
  }

  // Once passing through: the rows of `in`, each its own group.
  absl::StatusOr<Batch> passThrough(const Batch& in) {
    PLANCK_ASSIGN_OR_RETURN(EvaluatedColumns keys, evaluateColumns(keys_, in));
    Batch values;
    values.rows = in.rows;
    values.columns = std::move(keys.values);
    std::vector<uint32_t> groups(in.rows);
    for (size_t i = 0; i < in.rows; ++i) groups[i] = static_cast<uint32_t>(i);
    for (const Call& call : calls_) {
      PLANCK_ASSIGN_OR_RETURN(std::unique_ptr<AggregateFunction> function,
                              makeAggregateFunction(call.spec));
      function->resize(in.rows);
      PLANCK_RETURN_IF_ERROR(fold(call, *function, in, groups.data()));
      PLANCK_ASSIGN_OR_RETURN(std::vector<VectorPtr> buffers, function->buffers(0, in.rows));
      for (VectorPtr& buffer : buffers) values.columns.push_back(std::move(buffer));
    }
    return evaluateAll(results_, values);
  }

  OperatorPtr child_;
  std::vector<Compiled> keys_;
  GroupTable table_;
  std::vector<Call> calls_;
  std::vector<Compiled> results_;
  MemoryBudget* budget_;
  std::string name_;
  int64_t reserved_ = 0;
  bool consumed_ = false;
  size_t emitted_ = 0;
  PartialAggregationOptions partial_;
  bool adaptive_ = false;         // whether the group ratio is still to be checked
  bool passing_through_ = false;  // whether the rows after the sample pass through
  std::vector<uint8_t> keep_;     // fold's scratch: the FILTER clause's outcome per row
};

}  // namespace

absl::StatusOr<OperatorPtr> makeHashAggregate(const HashAggregateExec& plan, OperatorPtr child,
                                              MemoryBudget* budget, const CompileOptions& options,
                                              const PartialAggregationOptions& partial) {
  const Attributes& input = plan.child(0)->output();
  std::vector<Compiled> keys;
  std::vector<DataType> key_types;
  // The columns the results read: the grouping columns, then each call's buffers or value.
  Attributes values;
  for (const ExprPtr& key : plan.grouping()) {
    ExprPtr computed = stripAlias(key);
    PLANCK_ASSIGN_OR_RETURN(Compiled compiled, compileExpression(computed, input, options));
    key_types.push_back(computed->dataType());
    keys.push_back(std::move(compiled));
    values.push_back(toAttribute(key));
  }
  std::vector<Call> calls;
  for (const AggregateCall& aggregate : plan.aggregates()) {
    const auto* function = aggregate.function->as<AggregateExpression>();
    if (function == nullptr) {
      return absl::InternalError("HashAggregate: a call that is not an aggregate function");
    }
    AggregateSpec spec;
    spec.name = function->name();
    for (const ExprPtr& arg : function->arguments()) spec.argument_types.push_back(arg->dataType());
    spec.result_type = function->dataType();
    // A DISTINCT call in partial and final steps reads rows the planner already made distinct
    // (Spark's planAggregateWithOneDistinct groups on the distinct arguments first): only a
    // complete aggregate has to remove duplicates itself.
    spec.distinct = function->isDistinct() && aggregate.mode == AggregateMode::kComplete;
    spec.sql = function->sql();
    Call call;
    call.mode = aggregate.mode;
    call.spec = spec;
    PLANCK_ASSIGN_OR_RETURN(call.function, makeAggregateFunction(spec));
    if (call.readsRows()) {
      for (const ExprPtr& arg : function->arguments()) {
        PLANCK_ASSIGN_OR_RETURN(Compiled compiled, compileExpression(arg, input, options));
        call.inputs.push_back(std::move(compiled));
      }
      if (function->filter() != nullptr) {
        PLANCK_ASSIGN_OR_RETURN(call.filter, compileExpression(function->filter(), input, options));
      }
    } else {
      if (aggregate.buffer.size() != call.function->bufferTypes().size()) {
        return absl::InternalError(
            fmt::format("HashAggregate: {} has {} buffer columns in the plan and {} in the runtime",
                        spec.sql, aggregate.buffer.size(), call.function->bufferTypes().size()));
      }
      for (const AttributePtr& buffer : aggregate.buffer) {
        PLANCK_ASSIGN_OR_RETURN(Compiled compiled, compileExpression(buffer, input, options));
        call.inputs.push_back(std::move(compiled));
      }
    }
    if (call.writesBuffers()) {
      for (const AttributePtr& buffer : aggregate.buffer) values.push_back(buffer);
    } else {
      values.push_back(aggregate.result);
    }
    calls.push_back(std::move(call));
  }
  std::vector<Compiled> results;
  for (const ExprPtr& result : plan.results()) {
    PLANCK_ASSIGN_OR_RETURN(Compiled compiled,
                            compileExpression(stripAlias(result), values, options));
    results.push_back(std::move(compiled));
  }
  return std::make_unique<HashAggregate>(std::move(child), std::move(keys), std::move(key_types),
                                         std::move(calls), std::move(results), budget,
                                         plan.simpleString(), partial);
}

}  // namespace planck
