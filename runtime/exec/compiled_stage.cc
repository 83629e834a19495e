#include "runtime/exec/compiled_stage.h"

#include <cstdlib>
#include <deque>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "common/status.h"
#include "fmt/format.h"
#include "logical/evaluator.h"
#include "logical/subquery_expressions.h"
#include "runtime/exec/batch_ops.h"
#include "runtime/exec/sort.h"

namespace planck {
namespace {

// Rows generated code writes through a PlanckOutput (the stage's output, or a sort's buffer), a
// batch of kBatchRows at a time: fixed-width columns in place, strings appended.
class OutputBuilder {
 public:
  static constexpr size_t kReservedStringBytes = 32;

  OutputBuilder(std::vector<DataType> types, std::string name)
      : types_(std::move(types)), name_(std::move(name)) {
    start();
  }
  OutputBuilder(const OutputBuilder&) = delete;
  OutputBuilder& operator=(const OutputBuilder&) = delete;

  static OutputBuilder& of(PlanckOutput* out) { return *static_cast<OutputBuilder*>(out->builder); }

  PlanckOutput* out() { return &out_; }
  const std::vector<DataType>& types() const { return types_; }
  // The finished batches, oldest first.
  std::deque<Batch>& batches() { return batches_; }

  // Moves the rows written so far into batches() and starts a new batch.
  absl::Status flush() {
    if (out_.rows == 0) return absl::OkStatus();
    Batch batch;
    batch.rows = static_cast<size_t>(out_.rows);
    for (VectorPtr& column : building_) {
      if (!column->type().storedAsBytes()) column->truncate(batch.rows);
      if (!column->type().isNull()) column->compactNullMask();
      if (column->size() != batch.rows) {
        return absl::InternalError(fmt::format("{} wrote {} rows into a column of {} rows", name_,
                                               column->size(), batch.rows));
      }
      batch.columns.push_back(std::move(column));
    }
    bytes_ += static_cast<int64_t>(batch.bytes());
    batches_.push_back(std::move(batch));
    start();
    return absl::OkStatus();
  }

  // Every finished batch replaced by `batch` (a top-k's kept rows).
  void replace(Batch batch) {
    batches_.clear();
    bytes_ = 0;
    keep(std::move(batch));
  }

  // A finished batch of these columns, taken as it is (after the rows written so far: flush()
  // first).
  void keep(Batch batch) {
    bytes_ += static_cast<int64_t>(batch.bytes());
    batches_.push_back(std::move(batch));
  }

  void appendString(int column, const char* data, uint32_t size) {
    Vector& vector = *building_[static_cast<size_t>(column)];
    if (data == nullptr) {
      vector.appendNull();
    } else {
      vector.appendString(std::string_view(data, size));
    }
  }

  // The bytes of the batches flushed so far.
  int64_t bytes() const { return bytes_; }

 private:
  void start() {
    building_.assign(types_.size(), nullptr);
    columns_.assign(types_.size(), PlanckOutColumn{nullptr, nullptr});
    for (size_t i = 0; i < types_.size(); ++i) {
      DataType type = types_[i];
      if (type.storedAsBytes()) {
        // Room for a batch of short strings up front: growing by doubling from nothing would
        // copy each batch's bytes several times.
        building_[i] = Vector::make(type, 0);
        building_[i]->reserve(kBatchRows, kBatchRows * kReservedStringBytes);
        continue;
      }
      building_[i] = Vector::make(type, kBatchRows);
      columns_[i] = PlanckOutColumn{type.isNull() ? nullptr : building_[i]->values<uint8_t>(),
                                    building_[i]->mutableNullMask()};
    }
    out_ = PlanckOutput{columns_.data(), 0, static_cast<int64_t>(kBatchRows), this};
  }

  std::vector<DataType> types_;
  std::string name_;
  PlanckOutput out_{};
  std::vector<PlanckOutColumn> columns_;
  std::vector<VectorPtr> building_;
  std::deque<Batch> batches_;
  int64_t bytes_ = 0;
};

// A view of `batch` in the ABI's layout; a column without NULLs gets `zeros` (as many as the
// batch has rows) as its mask, so generated code tests a row with one load.
void viewOf(const Batch& batch, std::vector<PlanckColumn>& columns, PlanckBatch& view,
            std::vector<uint8_t>& zeros) {
  if (zeros.size() < batch.rows) zeros.assign(batch.rows, 0);
  columns.resize(batch.columns.size());
  for (size_t i = 0; i < batch.columns.size(); ++i) {
    Vector& column = *batch.columns[i];
    bool bytes = column.type().storedAsBytes();
    const uint8_t* nulls = column.nullMask();
    columns[i] = PlanckColumn{bytes ? nullptr : column.values<uint8_t>(),
                              nulls != nullptr ? nulls : zeros.data(),
                              bytes ? column.offsets() : nullptr, bytes ? column.chars() : nullptr};
  }
  view.columns = columns.data();
  view.rows = static_cast<int64_t>(batch.rows);
}

// A sort of the stage (CompiledStage::SortSpec) in one task: the rows written to its buffer, then
// all of them in one batch with their order.
struct SortRun {
  SortRun(const CompiledStage::SortSpec& spec, std::string name)
      : spec(spec), buffer(spec.types, std::move(name)) {}

  // A top-k cuts what it has buffered back to its first `limit` rows as it reads, so ORDER BY
  // ... LIMIT holds O(limit) rows, not its input (sort.h's topRowsCutPoint).
  void keepTop() {
    if (spec.limit < 0) return;
    size_t buffered = 0;
    for (const Batch& batch : buffer.batches()) buffered += batch.rows;
    auto limit = static_cast<size_t>(spec.limit);
    if (buffered <= topRowsCutPoint(limit)) return;
    Batch all = takeBuffered();
    buffer.replace(firstRows(all, keysOf(all), limit));
  }

  // Every row buffered so far, in one batch; the buffer is left empty.
  Batch takeBuffered() {
    std::vector<BatchPtr> batches;
    for (Batch& batch : buffer.batches()) {
      batches.push_back(std::make_shared<const Batch>(std::move(batch)));
    }
    buffer.batches().clear();
    return concatenate(batches, spec.types);
  }

  // The sort's keys over `batch` (columns of spec.types).
  std::vector<SortKey> keysOf(const Batch& batch) const {
    std::vector<SortKey> keys;
    for (const CompiledStage::SortSpec::Key& key : spec.keys) {
      keys.push_back({batch.columns[key.column].get(), key.ascending, key.nulls_first});
    }
    return keys;
  }

  const CompiledStage::SortSpec& spec;
  OutputBuilder buffer;
  Batch rows;
  std::vector<PlanckColumn> columns;
  std::vector<uint8_t> zeros;
  PlanckBatch view{};
  std::vector<uint32_t> order;
};

// What the runtime functions of PlanckApi reach through ctx->host: the memory a task (or a
// build) holds, its first error, and its sorts.
class Host {
 public:
  Host(const CompiledStage& stage, MemoryBudget* budget, const CompileOptions* compile = nullptr)
      : stage_(stage), budget_(budget), compile_(compile) {
    for (size_t i = 0; i < stage.sorts.size(); ++i) {
      sorts_.push_back(std::make_unique<SortRun>(
          stage.sorts[i], fmt::format("WholeStageCodegen ({}) sort {}", stage.stage_id, i)));
    }
  }
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;
  virtual ~Host() {
    for (const auto& [memory, bytes] : allocations_) std::free(memory);
    if (budget_ != nullptr) budget_->release(held_);
  }

  static Host& of(PlanckCtx* ctx) { return *static_cast<Host*>(ctx->host); }

  const CompiledStage& stage() const { return stage_; }
  const absl::Status& error() const { return error_; }
  int fail(absl::Status status) {
    if (error_.ok()) error_ = std::move(status);
    return PLANCK_ERROR;
  }
  int failNumbered(int error) {
    if (error < 0 || static_cast<size_t>(error) >= stage_.errors.size()) {
      return fail(absl::InternalError(fmt::format("stage {}: no error {}", stage_.stage_id, error)));
    }
    return fail(stage_.errors[static_cast<size_t>(error)]);
  }

  // Counts `bytes` the task holds otherwise (a build side's rows) on the budget until it ends;
  // false (the error recorded) when over it.
  bool hold(int64_t bytes, const std::string& what) { return reserve(bytes, what); }

  void* alloc(uint64_t bytes) {
    if (!reserve(static_cast<int64_t>(bytes),
                 fmt::format("WholeStageCodegen ({})", stage_.stage_id))) {
      return nullptr;
    }
    void* memory = std::calloc(1, bytes == 0 ? 1 : bytes);
    if (memory == nullptr) {
      unreserve(static_cast<int64_t>(bytes));
      fail(absl::ResourceExhaustedError(fmt::format("out of memory: {} bytes", bytes)));
      return nullptr;
    }
    allocations_[memory] = bytes;
    return memory;
  }
  void release(void* memory) {
    auto found = allocations_.find(memory);
    if (found == allocations_.end()) return;
    unreserve(static_cast<int64_t>(found->second));
    std::free(memory);
    allocations_.erase(found);
  }
  const char* copyString(const char* data, uint32_t size) {
    if (arena_.empty() || arena_used_ + size > kArenaBlock) {
      size_t block = std::max<size_t>(kArenaBlock, size);
      char* memory = static_cast<char*>(alloc(block));
      if (memory == nullptr) return nullptr;
      arena_.push_back(memory);
      arena_used_ = 0;
      if (block > kArenaBlock) {  // a long string gets a block of its own
        std::memcpy(memory, data, size);
        arena_used_ = kArenaBlock;
        return memory;
      }
    }
    char* at = arena_.back() + arena_used_;
    if (size > 0) std::memcpy(at, data, size);
    arena_used_ += size;
    return at;
  }

  int flush(PlanckOutput* out) {
    absl::Status flushed = OutputBuilder::of(out).flush();
    if (!flushed.ok()) return fail(std::move(flushed));
    for (const std::unique_ptr<SortRun>& run : sorts_) {
      if (run->buffer.out() == out) run->keepTop();
    }
    return PLANCK_OK;
  }
  // The batch consume() is reading, and the stage's output (a task has them, a build not).
  virtual const Batch* currentInput() const { return nullptr; }
  virtual OutputBuilder* stageOutput() { return nullptr; }

  // The value of fallback `expr`, an uncorrelated subquery (codegen's isQueryConstant): computed
  // by the interpreter's compiled expression, whose subquery runner runs it once per query, and
  // kept for the task.
  int queryConstant(int expr, PlanckValue* result);

  PlanckOutput* sortBuffer(int sort) {
    if (sort < 0 || static_cast<size_t>(sort) >= sorts_.size()) {
      fail(absl::InternalError(fmt::format("stage {}: no sort {}", stage_.stage_id, sort)));
      return nullptr;
    }
    return sorts_[static_cast<size_t>(sort)]->buffer.out();
  }

  int sortKeepInput(int number) {
    if (sortBuffer(number) == nullptr) return PLANCK_ERROR;
    const Batch* input = currentInput();
    if (input == nullptr) return fail(absl::InternalError("sort_keep_input outside consume()"));
    SortRun& run = *sorts_[static_cast<size_t>(number)];
    // Rows the code wrote before stay ahead of the batch.
    absl::Status flushed = run.buffer.flush();
    if (!flushed.ok()) return fail(std::move(flushed));
    run.buffer.keep(*input);
    run.keepTop();
    return PLANCK_OK;
  }

  int sortOutput(int number) {
    if (sortBuffer(number) == nullptr) return PLANCK_ERROR;
    OutputBuilder* output = stageOutput();
    if (output == nullptr) return fail(absl::InternalError("sort_output without a stage output"));
    absl::Status flushed = output->flush();
    if (!flushed.ok()) return fail(std::move(flushed));
    SortRun& run = *sorts_[static_cast<size_t>(number)];
    // The sort's columns are the output's; the keys computed after them are not.
    Batch columns;
    columns.rows = run.rows.rows;
    columns.columns.assign(run.rows.columns.begin(),
                           run.rows.columns.begin() +
                               static_cast<std::ptrdiff_t>(output->types().size()));
    for (size_t at = 0; at < run.order.size(); at += kBatchRows) {
      size_t count = std::min(kBatchRows, run.order.size() - at);
      output->keep(gather(columns, run.order.data() + at, count));
    }
    return PLANCK_OK;
  }

  // All the rows of the sort's buffer in one batch, and their order by its keys.
  int sort(int number, PlanckSorted* sorted) {
    if (sortBuffer(number) == nullptr) return PLANCK_ERROR;
    SortRun& run = *sorts_[static_cast<size_t>(number)];
    absl::Status flushed = run.buffer.flush();
    if (!flushed.ok()) return fail(std::move(flushed));
    // The batches and their concatenation are held at once for a moment.
    int64_t bytes = 2 * run.buffer.bytes();
    if (!reserve(bytes, fmt::format("Sort in WholeStageCodegen ({})", stage_.stage_id))) {
      return PLANCK_ERROR;
    }
    run.rows = run.takeBuffered();
    unreserve(bytes / 2);
    std::vector<SortKey> keys = run.keysOf(run.rows);
    run.order = run.spec.limit >= 0
                    ? topRows(keys, run.rows.rows, static_cast<size_t>(run.spec.limit))
                    : sortedRows(keys, run.rows.rows);
    viewOf(run.rows, run.columns, run.view, run.zeros);
    *sorted = PlanckSorted{run.view, run.order.data(), static_cast<int64_t>(run.order.size())};
    return PLANCK_OK;
  }

 private:
  bool reserve(int64_t bytes, const std::string& what) {
    if (budget_ != nullptr) {
      absl::Status reserved = budget_->reserve(bytes, what);
      if (!reserved.ok()) {
        fail(std::move(reserved));
        return false;
      }
    }
    held_ += bytes;
    return true;
  }
  void unreserve(int64_t bytes) {
    if (budget_ != nullptr) budget_->release(bytes);
    held_ -= bytes;
  }

  static constexpr size_t kArenaBlock = 64 * 1024;
  const CompiledStage& stage_;
  MemoryBudget* budget_;
  absl::Status error_;
  absl::flat_hash_map<void*, uint64_t> allocations_;
  int64_t held_ = 0;
  std::vector<char*> arena_;
  size_t arena_used_ = 0;
  std::vector<std::unique_ptr<SortRun>> sorts_;
  const CompileOptions* compile_;
  absl::flat_hash_map<int, PlanckValue> query_constants_;
};

Value toValue(const PlanckValue& value, DataType type) {
  if (value.is_null != 0 || type.isNull()) return Value::null(type);
  switch (type.id()) {
    case TypeId::kBoolean:
      return Value::boolean(value.i != 0);
    case TypeId::kInteger:
      return Value::integer(static_cast<int32_t>(value.i));
    case TypeId::kDate:
      return Value::date(static_cast<int32_t>(value.i));
    case TypeId::kBigInt:
      return Value::bigint(value.i);
    case TypeId::kDecimal:
      return Value::decimal(value.i, type.precision(), type.scale());
    case TypeId::kDouble:
      return Value::float64(value.d);
    case TypeId::kVarchar:
      return Value::varchar(std::string(value.s.data, value.s.size));
    case TypeId::kBinary:
      return Value::binary(std::string(value.s.data, value.s.size));
    default:
      return Value::null(type);
  }
}

// `value` (of `type`) for generated code; strings copied to the task's arena.
int fromValue(Host& host, const Value& value, DataType type, PlanckValue* out) {
  *out = PlanckValue{0, 0.0, {"", 0}, 0};
  if (value.isNull()) {
    out->is_null = 1;
    return PLANCK_OK;
  }
  switch (type.id()) {
    case TypeId::kBoolean:
      out->i = value.asBool() ? 1 : 0;
      break;
    case TypeId::kInteger:
    case TypeId::kDate:
    case TypeId::kBigInt:
    case TypeId::kDecimal:
      out->i = value.asInt();
      break;
    case TypeId::kDouble:
      out->d = value.asDouble();
      break;
    case TypeId::kVarchar:
    case TypeId::kBinary: {
      const std::string& text = value.asString();
      const char* copy = host.copyString(text.data(), static_cast<uint32_t>(text.size()));
      if (copy == nullptr) return PLANCK_ERROR;
      out->s = PlanckString{copy, static_cast<uint32_t>(text.size())};
      break;
    }
    default:
      out->is_null = 1;
  }
  return PLANCK_OK;
}

int apiFlush(PlanckCtx* ctx, PlanckOutput* out) { return Host::of(ctx).flush(out); }
void apiAppendString(PlanckCtx*, PlanckOutput* out, int column, const char* data,
                     uint32_t size) {
  OutputBuilder::of(out).appendString(column, data, size);
}
int apiFail(PlanckCtx* ctx, int error) { return Host::of(ctx).failNumbered(error); }
void* apiAlloc(PlanckCtx* ctx, uint64_t bytes) { return Host::of(ctx).alloc(bytes); }
void apiRelease(PlanckCtx* ctx, void* memory, uint64_t) { Host::of(ctx).release(memory); }
const char* apiCopyString(PlanckCtx* ctx, const char* data, uint32_t size) {
  return Host::of(ctx).copyString(data, size);
}
int Host::queryConstant(int expr, PlanckValue* result) {
  auto found = query_constants_.find(expr);
  if (found != query_constants_.end()) {
    *result = found->second;
    return PLANCK_OK;
  }
  const ExprPtr& node = stage_.fallbacks[static_cast<size_t>(expr)];
  if (compile_ == nullptr) {
    return fail(absl::InternalError(
        fmt::format("stage {}: no subquery runner for {}", stage_.stage_id, node->sql())));
  }
  absl::StatusOr<std::unique_ptr<CompiledExpression>> compiled =
      compileExpression(node, {}, *compile_);
  if (!compiled.ok()) return fail(compiled.status());
  Batch one;
  one.rows = 1;
  absl::StatusOr<VectorPtr> value = (*compiled)->evaluate(one);
  if (!value.ok()) return fail(value.status());
  if (fromValue(*this, (*value)->valueAt(0), node->dataType(), result) != PLANCK_OK) {
    return PLANCK_ERROR;
  }
  query_constants_[expr] = *result;
  return PLANCK_OK;
}

int apiEvaluate(PlanckCtx* ctx, int expr, const PlanckValue* children, PlanckValue* result) {
  Host& host = Host::of(ctx);
  const auto& fallbacks = host.stage().fallbacks;
  if (expr < 0 || static_cast<size_t>(expr) >= fallbacks.size()) {
    return host.fail(absl::InternalError(fmt::format("no fallback expression {}", expr)));
  }
  const Expression& node = *fallbacks[static_cast<size_t>(expr)];
  if (node.is<ScalarSubquery>() || node.is<Exists>()) return host.queryConstant(expr, result);
  std::vector<Value> values;
  values.reserve(node.children().size());
  for (size_t i = 0; i < node.children().size(); ++i) {
    // Constants (an interval next to a date) are taken from the plan, not the code.
    if (const auto* literal = node.child(i)->as<Literal>()) {
      values.push_back(literal->value());
    } else {
      values.push_back(toValue(children[i], node.child(i)->dataType()));
    }
  }
  absl::StatusOr<Value> value = evaluateWithChildValues(node, values);
  if (!value.ok()) return host.fail(value.status());
  return fromValue(host, *value, node.dataType(), result);
}

PlanckOutput* apiSortBuffer(PlanckCtx* ctx, int sort) { return Host::of(ctx).sortBuffer(sort); }
int apiSortKeepInput(PlanckCtx* ctx, int sort) { return Host::of(ctx).sortKeepInput(sort); }
int apiSortOutput(PlanckCtx* ctx, int sort) { return Host::of(ctx).sortOutput(sort); }
int apiSort(PlanckCtx* ctx, int sort, PlanckSorted* sorted) {
  return Host::of(ctx).sort(sort, sorted);
}

const PlanckApi kApi = {apiFlush,      apiAppendString,  apiFail,      apiAlloc,
                        apiRelease,    apiCopyString,    apiEvaluate,  apiSortBuffer,
                        apiSort,       apiSortKeepInput, apiSortOutput};

// One task of a compiled stage.
class CompiledStageOperator final : public Operator, private Host {
 public:
  CompiledStageOperator(CompiledStagePtr stage, OperatorPtr input,
                        std::vector<std::shared_ptr<CompiledJoinTable>> tables,
                        MemoryBudget* budget,
                        std::function<void(const std::vector<int64_t>&)> on_done,
                        const Cancellation* cancellation, const PartialAggregationOptions& partial,
                        const CompileOptions* compile)
      : Host(*stage, budget, compile),
        stage_(std::move(stage)),
        input_(std::move(input)),
        tables_(std::move(tables)),
        on_done_(std::move(on_done)),
        cancellation_(cancellation),
        counters_(stage_->counted.size(), 0),
        output_(stage_->output_types, fmt::format("WholeStageCodegen ({})", stage_->stage_id)) {
    for (const auto& table : tables_) shared_.push_back(table->table());
    options_ = PlanckOptions{static_cast<uint8_t>(partial.adaptive ? 1 : 0), partial.sample_rows,
                             partial.max_group_ratio};
    ctx_.api = &kApi;
    ctx_.options = &options_;
    ctx_.out = output_.out();
    ctx_.counters = counters_.data();
    ctx_.state = nullptr;
    ctx_.shared = shared_.data();
    ctx_.host = static_cast<Host*>(this);
  }
  ~CompiledStageOperator() override {
    if (!reported_ && on_done_) on_done_(counters_);
  }

  absl::StatusOr<std::optional<Batch>> next() override {
    if (!initialized_) {
      initialized_ = true;
      PLANCK_RETURN_IF_ERROR(check(stage_->init(&ctx_)));
    }
    std::deque<Batch>& ready = output_.batches();
    while (ready.empty()) {
      if (phase_ == Phase::kDone) return std::nullopt;
      if (cancellation_ != nullptr && cancellation_->cancelled()) {
        return absl::CancelledError("the query was cancelled");
      }
      if (phase_ == Phase::kInput) {
        PLANCK_ASSIGN_OR_RETURN(std::optional<Batch> batch, input_->next());
        if (!batch) {
          phase_ = Phase::kFinish;
          continue;
        }
        viewOf(*batch, input_columns_, input_view_, zeros_);
        current_input_ = &*batch;
        int code = stage_->consume(&ctx_, &input_view_);
        current_input_ = nullptr;
        PLANCK_RETURN_IF_ERROR(check(code));
        if (code == PLANCK_STOP) phase_ = Phase::kFinish;
        // Small outputs wait for more rows; a quarter of a batch is worth passing on.
        const PlanckOutput& out = *output_.out();
        if (out.rows >= out.capacity / 4) PLANCK_RETURN_IF_ERROR(output_.flush());
      } else {
        PLANCK_RETURN_IF_ERROR(check(stage_->finish(&ctx_)));
        PLANCK_RETURN_IF_ERROR(output_.flush());
        phase_ = Phase::kDone;
        reported_ = true;
        if (on_done_) on_done_(counters_);
      }
    }
    Batch batch = std::move(ready.front());
    ready.pop_front();
    return batch;
  }

 private:
  enum class Phase { kInput, kFinish, kDone };

  const Batch* currentInput() const override { return current_input_; }
  OutputBuilder* stageOutput() override { return &output_; }

  absl::Status check(int code) {
    if (code == PLANCK_ERROR) {
      return error().ok() ? absl::InternalError("generated code failed without an error") : error();
    }
    return absl::OkStatus();
  }

  CompiledStagePtr stage_;
  OperatorPtr input_;
  std::vector<std::shared_ptr<CompiledJoinTable>> tables_;
  std::vector<void*> shared_;
  std::function<void(const std::vector<int64_t>&)> on_done_;
  const Cancellation* cancellation_;
  std::vector<int64_t> counters_;
  PlanckOptions options_{};
  PlanckCtx ctx_{};
  OutputBuilder output_;
  std::vector<PlanckColumn> input_columns_;
  std::vector<uint8_t> zeros_;
  PlanckBatch input_view_{};
  const Batch* current_input_ = nullptr;
  Phase phase_ = Phase::kInput;
  bool initialized_ = false;
  bool reported_ = false;
};

}  // namespace

struct CompiledJoinTable::Memory : Host {
  using Host::Host;
};

CompiledJoinTable::~CompiledJoinTable() = default;

absl::StatusOr<std::shared_ptr<CompiledJoinTable>> CompiledJoinTable::make(
    const CompiledStage& stage, CompiledStage::BuildFn build, Batch rows, bool rows_are_new,
    MemoryBudget* budget) {
  std::shared_ptr<CompiledJoinTable> table(new CompiledJoinTable());
  table->memory_ = std::make_unique<Memory>(stage, budget);
  if (rows_are_new && !table->memory_->hold(static_cast<int64_t>(rows.bytes()),
                                            fmt::format("the build side of WholeStageCodegen ({})",
                                                        stage.stage_id))) {
    return table->memory_->error();
  }
  table->rows_ = std::move(rows);
  viewOf(table->rows_, table->columns_, table->view_, table->zeros_);
  PlanckOptions options{};
  PlanckCtx ctx{};
  ctx.api = &kApi;
  ctx.options = &options;
  ctx.host = static_cast<Host*>(table->memory_.get());
  if (build(&ctx, &table->view_, &table->table_) != PLANCK_OK) {
    const absl::Status& error = table->memory_->error();
    return error.ok() ? absl::InternalError("a generated join build failed") : error;
  }
  return table;
}

absl::StatusOr<OperatorPtr> makeCompiledStageOperator(
    CompiledStagePtr stage, OperatorPtr input,
    std::vector<std::shared_ptr<CompiledJoinTable>> tables, MemoryBudget* budget,
    std::function<void(const std::vector<int64_t>&)> on_done, const Cancellation* cancellation,
    const PartialAggregationOptions& partial, const CompileOptions* compile) {
  if (stage->init == nullptr || stage->consume == nullptr || stage->finish == nullptr) {
    return absl::InternalError(fmt::format("stage {} has no code", stage->stage_id));
  }
  return OperatorPtr(std::make_unique<CompiledStageOperator>(std::move(stage), std::move(input),
                                                             std::move(tables), budget,
                                                             std::move(on_done), cancellation,
                                                             partial, compile));
}

}  // namespace planck
