#include "runtime/exec/executor.h"

#include <chrono>
#include <map>
#include <mutex>

#include "common/status.h"
#include "fmt/format.h"
#include "logical/predicates.h"
#include "physical/adaptive_operators.h"
#include "physical/exchange_operators.h"
#include "physical/join_operators.h"
#include "physical/operators.h"
#include "runtime/columnar_table.h"
#include "runtime/exec/aggregate_operator.h"
#include "runtime/exec/basic_operators.h"
#include "runtime/exec/batch_ops.h"
#include "runtime/exec/join_operator.h"
#include "runtime/exec/merge_join_operator.h"
#include "runtime/exec/plan_metrics.h"
#include "runtime/exec/shuffle.h"
#include "runtime/exec/sort_operator.h"
#include "runtime/exec/subquery_runner.h"
#include "runtime/exec/window_operator.h"

namespace planck {

int64_t QueryResult::rowCount() const {
  int64_t rows = 0;
  for (const BatchPtr& batch : batches) rows += static_cast<int64_t>(batch->rows);
  return rows;
}

std::vector<std::vector<Value>> QueryResult::rows() const {
  std::vector<std::vector<Value>> out;
  for (const BatchPtr& batch : batches) {
    for (size_t row = 0; row < batch->rows; ++row) {
      std::vector<Value> values;
      for (const VectorPtr& column : batch->columns) values.push_back(column->valueAt(row));
      out.push_back(std::move(values));
    }
  }
  return out;
}

namespace {

std::vector<DataType> typesOf(const Attributes& attributes) {
  std::vector<DataType> types;
  for (const AttributePtr& attribute : attributes) types.push_back(attribute->dataType());
  return types;
}

// A batch of constant rows (LocalTableScan).
Batch batchOfValues(const Attributes& output, const std::vector<std::vector<Value>>& rows) {
  Batch batch;
  batch.rows = rows.size();
  for (size_t c = 0; c < output.size(); ++c) {
    DataType type = output[c]->dataType();
    auto column = Vector::make(type, 0);
    for (const auto& row : rows) {
      const Value& value = row[c];
      if (value.isNull() || type.isNull()) {
        column->appendNull();
        continue;
      }
      switch (type.id()) {
        case TypeId::kBoolean:
          column->append<uint8_t>(value.asBool() ? 1 : 0);
          break;
        case TypeId::kInteger:
        case TypeId::kDate:
          column->append(static_cast<int32_t>(value.asInt()));
          break;
        case TypeId::kBigInt:
        case TypeId::kDecimal:
          column->append(value.asInt());
          break;
        case TypeId::kDouble:
          column->append(value.asDouble());
          break;
        case TypeId::kVarchar:
        case TypeId::kBinary:
          column->appendString(value.asString());
          break;
        default:
          column->appendNull();
      }
    }
    batch.columns.push_back(std::move(column));
  }
  return batch;
}

}  // namespace

// The output of one exchange, materialized: what the stage above reads, and what a query stage of
// adaptive execution holds (its StageOutput).
struct Exchanged final : StageOutput {
  // The rows, dropped by release() (a query stage's output is shared as const once it has run).
  mutable ShuffleBlocks blocks;  // [reducer][map task]; a broadcast's rows as one block
  mutable Batch broadcast;       // a broadcast's rows as one batch
  ExchangeStatistics statistics;
  mutable int64_t held = 0;  // counted on `budget` while kept
  mutable MemoryBudget* budget = nullptr;

  ~Exchanged() override { release(); }
  void release() const override {
    blocks.clear();
    broadcast = Batch();
    if (budget != nullptr) budget->release(held);
    held = 0;
  }
  // Every map task's blocks of one output partition, in map-task order.
  std::vector<BatchPtr> partition(size_t reducer) const {
    std::vector<BatchPtr> batches;
    for (const auto& block : blocks[reducer]) batches.insert(batches.end(), block.begin(), block.end());
    return batches;
  }
  // What one task of an AQEShuffleRead reads.
  std::vector<BatchPtr> read(const ShufflePartitionSpec& spec) const {
    std::vector<BatchPtr> batches;
    for (int reducer = spec.start_reducer; reducer < spec.end_reducer; ++reducer) {
      const auto& maps = blocks[static_cast<size_t>(reducer)];
      int first = 0, last = static_cast<int>(maps.size());
      if (spec.kind != ShufflePartitionSpec::Kind::kCoalesced) {
        first = spec.start_map;
        last = std::min(last, spec.end_map);
      }
      for (int map = first; map < last; ++map) {
        const auto& block = maps[static_cast<size_t>(map)];
        batches.insert(batches.end(), block.begin(), block.end());
      }
    }
    return batches;
  }
};

namespace {

class QueryRun {
 public:
  QueryRun(const Catalog& catalog, const ExecutionOptions& options)
      : catalog_(catalog),
        options_(options),
        own_budget_(options.memory_limit),
        budget_(options.budget != nullptr ? *options.budget : own_budget_),
        subqueries_(catalog, withBudget(options, &budget_)),
        compile_(subqueries_.compileOptions()) {}

  absl::StatusOr<QueryResult> run(const PhysicalPtr& root) {
    countReaders(root);
    PLANCK_RETURN_IF_ERROR(prepare(root));
    PLANCK_ASSIGN_OR_RETURN(std::vector<std::vector<BatchPtr>> outputs, runStage(root));
    QueryResult result;
    result.columns = root->output();
    result.batches = flatten(std::move(outputs));
    for (const auto& [node, exchanged] : exchanges_) {
      result.exchanges.push_back(exchanged->statistics);
    }
    result.peak_memory = budget_.peak();
    result.metrics = metrics_.collect();
    return result;
  }

  // How many tasks the stage of `node` runs.
  absl::StatusOr<int> taskCount(const PhysicalPtr& node) { return partitions(node); }

  // Runs the map stage of `exchange` (a query stage of adaptive execution) and hands its output
  // over, counted on the query's budget from now on.
  absl::StatusOr<StageRun> runExchange(const PhysicalPtr& exchange) {
    countReaders(exchange->child(0));
    PLANCK_RETURN_IF_ERROR(materialize(exchange).status());
    auto found = exchanges_.find(exchange.get());
    std::shared_ptr<Exchanged> output = std::move(found->second);
    exchanges_.erase(found);
    int64_t held = output->held;
    output->budget->release(held);
    output->held = 0;
    output->budget = &budget_;
    PLANCK_RETURN_IF_ERROR(budget_.reserve(held, exchange->simpleString()));
    output->held = held;
    StageRun run;
    run.statistics = output->statistics;
    run.output = std::move(output);
    run.metrics = metrics_.collect();
    return run;
  }

 private:
  // How many stages read each exchange: the one above it, and one per ReusedExchange of it.
  void countReaders(const PhysicalPtr& node) {
    if (isExchange(*node)) ++readers_[exchangeOf(node).get()];
    for (const PhysicalPtr& child : node->children()) countReaders(child);
  }

  // After the stage of `node` has run: the exchanges it read that no later stage reads are
  // dropped, and so are the broadcast hash tables of its joins, so a query holds only the
  // stage outputs still to be read (not every exchange until its end).
  void releaseStageInputs(const PhysicalPtr& node) {
    if (isExchange(*node)) {
      auto found = exchanges_.find(exchangeOf(node).get());
      if (found == exchanges_.end()) return;
      if (--readers_[found->first] > 0) return;
      found->second->release();
      return;
    }
    builds_.erase(node.get());
    compiled_tables_.erase(node.get());
    for (const PhysicalPtr& child : node->children()) releaseStageInputs(child);
  }

  // Runs every partition of `node` to its end, in parallel; each task's operators through
  // `per_partition` first when given (a local limit or top-k).
  absl::StatusOr<std::vector<std::vector<BatchPtr>>> runStage(
      const PhysicalPtr& node,
      const std::function<absl::StatusOr<OperatorPtr>(OperatorPtr)>& per_partition = nullptr) {
    PLANCK_ASSIGN_OR_RETURN(int count, partitions(node));
    std::vector<std::vector<BatchPtr>> outputs(static_cast<size_t>(count));
    PLANCK_RETURN_IF_ERROR(options_.pool->parallelFor(
        outputs.size(),
        [&](size_t partition) -> absl::Status {
          PLANCK_ASSIGN_OR_RETURN(OperatorPtr task, build(node, static_cast<int>(partition)));
          if (per_partition) {
            PLANCK_ASSIGN_OR_RETURN(task, per_partition(std::move(task)));
          }
          PLANCK_ASSIGN_OR_RETURN(outputs[partition], drain(*task, options_.cancellation));
          return absl::OkStatus();
        },
        options_.cancellation));
    return outputs;
  }

  // Materializes every exchange below `node` that its stage reads, and the broadcast build
  // sides of its joins, before any of its tasks runs.
  absl::Status prepare(const PhysicalPtr& node) {
    switch (node->kind()) {
      case PhysicalKind::kShuffleExchange:
      case PhysicalKind::kBroadcastExchange:
        return materialize(node).status();
      case PhysicalKind::kReusedExchange:
        return materialize(node->as<ReusedExchangeExec>()->exchange()).status();
      case PhysicalKind::kWholeStageCodegen:
        if (const CompiledStage* stage = compiledStageOf(*node)) {
          return prepareCompiledStage(node, *stage);
        }
        break;
      default:
        break;
    }
    for (const PhysicalPtr& child : node->children()) PLANCK_RETURN_IF_ERROR(prepare(child));
    if (const auto* join = node->as<BroadcastHashJoinExec>()) {
      bool left = join->buildSide() == planck::BuildSide::kLeft;
      return prepareBroadcast(*node, left ? join->left() : join->right(),
                              left ? join->leftKeys() : join->rightKeys());
    }
    if (const auto* join = node->as<BroadcastNestedLoopJoinExec>()) {
      bool left = join->buildSide() == planck::BuildSide::kLeft;
      return prepareBroadcast(*node, left ? join->left() : join->right(), {});
    }
    return absl::OkStatus();
  }

  // The compiled code of a WholeStageCodegenExec, or null when it runs interpreted.
  const CompiledStage* compiledStageOf(const PhysicalPlan& node) const {
    if (options_.compiled_stages == nullptr) return nullptr;
    auto found = options_.compiled_stages->find(&node);
    return found != options_.compiled_stages->end() ? found->second.get() : nullptr;
  }

  // A compiled stage reads its InputAdapters' children (prepared as usual) and probes the
  // tables its generated build functions make of its broadcast joins' sides, once per query.
  absl::Status prepareCompiledStage(const PhysicalPtr& node, const CompiledStage& stage) {
    PLANCK_RETURN_IF_ERROR(prepareStageInputs(node->child(0)));
    std::vector<std::shared_ptr<CompiledJoinTable>> tables;
    MemoryBudget* budget = metrics_.budgetFor(node.get(), &budget_);
    for (const CompiledStage::HashJoinBuild& build : stage.builds) {
      if (build.per_task) {  // made by each task (buildCompiledStage)
        tables.push_back(nullptr);
        continue;
      }
      PLANCK_ASSIGN_OR_RETURN(const Exchanged* exchanged, materialize(exchangeOf(build.side)));
      PLANCK_ASSIGN_OR_RETURN(
          auto table, CompiledJoinTable::make(stage, build.build, exchanged->broadcast,
                                              /*rows_are_new=*/false, budget));
      tables.push_back(std::move(table));
    }
    compiled_tables_[node.get()] = std::move(tables);
    return absl::OkStatus();
  }

  absl::Status prepareStageInputs(const PhysicalPtr& node) {
    if (node->is<InputAdapterExec>()) return prepare(node->child(0));
    for (const PhysicalPtr& child : node->children()) {
      PLANCK_RETURN_IF_ERROR(prepareStageInputs(child));
    }
    return absl::OkStatus();
  }

  // One task of a compiled stage: its input's operators, then the generated code.
  absl::StatusOr<OperatorPtr> buildCompiledStage(const PhysicalPtr& node,
                                                 const CompiledStage& stage, int partition) {
    // A shuffled join's table of this task's partition of its build side, then the input.
    std::vector<std::shared_ptr<CompiledJoinTable>> tables = compiled_tables_.at(node.get());
    MemoryBudget* budget = metrics_.budgetFor(node.get(), &budget_);
    for (size_t j = 0; j < stage.builds.size(); ++j) {
      const CompiledStage::HashJoinBuild& side = stage.builds[j];
      if (!side.per_task) continue;
      PLANCK_ASSIGN_OR_RETURN(OperatorPtr rows, build(side.side, partition));
      PLANCK_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, drain(*rows, options_.cancellation));
      PLANCK_ASSIGN_OR_RETURN(
          tables[j], CompiledJoinTable::make(
                         stage, side.build, concatenate(batches, typesOf(side.side->output())),
                         /*rows_are_new=*/true, budget));
    }
    PLANCK_ASSIGN_OR_RETURN(OperatorPtr input, build(stage.input, partition));
    std::shared_ptr<const CompiledStage> shared = options_.compiled_stages->at(node.get());
    auto report = [this, shared](const std::vector<int64_t>& counters) {
      for (size_t i = 0; i < counters.size(); ++i) {
        metrics_.add(shared->counted[i],
                     OperatorMetrics{.rows = counters[i], .generated = true});
      }
    };
    return makeCompiledStageOperator(shared, std::move(input), std::move(tables), budget, report,
                                     options_.cancellation, options_.partial_aggregation,
                                     &compile_);
  }

  // An exchange, or a query stage of adaptive execution (an exchange that has run).
  static bool isExchange(const PhysicalPlan& node) {
    return node.is<ShuffleExchangeExec>() || node.is<BroadcastExchangeExec>() ||
           node.is<ReusedExchangeExec>() || asQueryStage(node) != nullptr;
  }

  // The exchange a (possibly reused) exchange node reads.
  static const PhysicalPtr& exchangeOf(const PhysicalPtr& node) {
    if (node->is<InputAdapterExec>()) return exchangeOf(node->child(0));
    if (const auto* reused = node->as<ReusedExchangeExec>()) return reused->exchange();
    return node;
  }

  absl::Status prepareBroadcast(const PhysicalPlan& join, const PhysicalPtr& side,
                                const std::vector<ExprPtr>& keys) {
    PLANCK_ASSIGN_OR_RETURN(const Exchanged* exchanged, materialize(exchangeOf(side)));
    std::vector<std::unique_ptr<CompiledExpression>> compiled;
    for (const ExprPtr& key : keys) {
      PLANCK_ASSIGN_OR_RETURN(auto k, compileExpression(key, side->output(), compile_));
      compiled.push_back(std::move(k));
    }
    PLANCK_ASSIGN_OR_RETURN(int tasks, partitions(join.shared_from_this()));
    PLANCK_ASSIGN_OR_RETURN(auto build, JoinBuild::make(exchanged->broadcast, compiled, tasks));
    builds_[&join] = std::move(build);
    return absl::OkStatus();
  }

  // Runs the stage below `exchange` (once) and keeps its output; a query stage's output is the
  // one adaptive execution materialized.
  absl::StatusOr<const Exchanged*> materialize(const PhysicalPtr& exchange) {
    if (const QueryStageExec* stage = asQueryStage(*exchange)) return stageData(*stage);
    auto found = exchanges_.find(exchange.get());
    if (found != exchanges_.end()) return found->second.get();
    const PhysicalPtr& child = exchange->child(0);
    PLANCK_RETURN_IF_ERROR(prepare(child));
    PLANCK_ASSIGN_OR_RETURN(std::vector<std::vector<BatchPtr>> outputs, runStage(child));
    releaseStageInputs(child);
    auto started = std::chrono::steady_clock::now();
    auto exchanged = std::make_shared<Exchanged>();
    exchanged->statistics.exchange = exchange->simpleString();
    std::vector<DataType> types = typesOf(child->output());
    if (exchange->is<BroadcastExchangeExec>()) {
      exchanged->broadcast = concatenate(flatten(std::move(outputs)), types);
      exchanged->blocks = {{{std::make_shared<const Batch>(exchanged->broadcast)}}};
    } else {
      const Partitioning& partitioning = exchange->as<ShuffleExchangeExec>()->partitioning();
      const CompiledStage* map_stage = compiledStageOf(*child);
      bool computed = map_stage != nullptr && map_stage->writes_partition;
      PLANCK_ASSIGN_OR_RETURN(exchanged->blocks,
                              shuffle(partitioning, child->output(), types, std::move(outputs),
                                      *options_.pool, compile_, options_.cancellation, computed));
    }
    int64_t total = 0;
    for (const auto& maps : exchanged->blocks) {
      int64_t rows = 0, bytes = 0;
      std::vector<int64_t> block_bytes;
      for (const auto& block : maps) {
        int64_t in_block = 0;
        for (const BatchPtr& batch : block) {
          rows += static_cast<int64_t>(batch->rows);
          in_block += static_cast<int64_t>(batch->bytes());
        }
        block_bytes.push_back(in_block);
        bytes += in_block;
      }
      exchanged->statistics.rows.push_back(rows);
      exchanged->statistics.bytes.push_back(bytes);
      exchanged->partition_rows.push_back(rows);
      exchanged->partition_bytes.push_back(bytes);
      exchanged->block_bytes.push_back(std::move(block_bytes));
      total += bytes;
    }
    // The exchange's own work: the rows of each output partition, and the time to partition
    // or collect them (on the first).
    int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    for (int64_t rows : exchanged->statistics.rows) {
      metrics_.add(exchange.get(), OperatorMetrics{.rows = rows, .nanos = nanos});
      nanos = 0;
    }
    MemoryBudget* budget = metrics_.budgetFor(exchange.get(), &budget_);
    PLANCK_RETURN_IF_ERROR(budget->reserve(total, exchange->simpleString()));
    exchanged->budget = budget;
    exchanged->held = total;
    Exchanged* raw = exchanged.get();
    exchanges_[exchange.get()] = std::move(exchanged);
    return raw;
  }

  // The output of a query stage adaptive execution has run.
  static absl::StatusOr<const Exchanged*> stageData(const QueryStageExec& stage) {
    const auto* data = dynamic_cast<const Exchanged*>(stage.result().get());
    if (data == nullptr) {
      return absl::InternalError(fmt::format("{} has not run", stage.simpleString()));
    }
    return data;
  }

  absl::StatusOr<int> partitions(const PhysicalPtr& node) {
    switch (node->kind()) {
      case PhysicalKind::kScan: {
        PLANCK_ASSIGN_OR_RETURN(ColumnarTablePtr table, tableOf(*node->as<ScanExec>()));
        return static_cast<int>(table->partitions().size());
      }
      case PhysicalKind::kLocalTableScan:
      case PhysicalKind::kTakeOrderedAndProject:
      case PhysicalKind::kCollectLimit:
      case PhysicalKind::kBroadcastExchange:
        return 1;
      case PhysicalKind::kShuffleExchange: {
        const Partitioning& p = node->as<ShuffleExchangeExec>()->partitioning();
        return p.kind == Partitioning::Kind::kSingle ? 1 : std::max(1, p.num_partitions);
      }
      case PhysicalKind::kReusedExchange:
        return partitions(node->as<ReusedExchangeExec>()->exchange());
      case PhysicalKind::kShuffleQueryStage:
      case PhysicalKind::kBroadcastQueryStage:
        return partitions(asQueryStage(*node)->exchange());
      case PhysicalKind::kAQEShuffleRead:
        return static_cast<int>(node->as<AQEShuffleReadExec>()->specs().size());
      case PhysicalKind::kUnion: {
        int total = 0;
        for (const PhysicalPtr& child : node->children()) {
          PLANCK_ASSIGN_OR_RETURN(int count, partitions(child));
          total += count;
        }
        return total;
      }
      case PhysicalKind::kBroadcastHashJoin: {
        const auto* join = node->as<BroadcastHashJoinExec>();
        return partitions(join->buildSide() == planck::BuildSide::kLeft ? join->right()
                                                                        : join->left());
      }
      case PhysicalKind::kBroadcastNestedLoopJoin: {
        const auto* join = node->as<BroadcastNestedLoopJoinExec>();
        return partitions(join->buildSide() == planck::BuildSide::kLeft ? join->right()
                                                                        : join->left());
      }
      case PhysicalKind::kCartesianProduct: {
        PLANCK_ASSIGN_OR_RETURN(int left, partitions(node->child(0)));
        PLANCK_ASSIGN_OR_RETURN(int right, partitions(node->child(1)));
        return left * right;
      }
      case PhysicalKind::kShuffledHashJoin:
      case PhysicalKind::kSortMergeJoin: {
        PLANCK_ASSIGN_OR_RETURN(int left, partitions(node->child(0)));
        PLANCK_ASSIGN_OR_RETURN(int right, partitions(node->child(1)));
        if (left != right) {
          return absl::InternalError(
              fmt::format("{}: its inputs have {} and {} partitions; they must be co-partitioned",
                          node->nodeName(), left, right));
        }
        return left;
      }
      default:
        if (node->children().empty()) {
          return absl::UnimplementedError(fmt::format("{} cannot run yet", node->nodeName()));
        }
        return partitions(node->child(0));
    }
  }

  absl::StatusOr<ColumnarTablePtr> tableOf(const ScanExec& scan) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = tables_.find(scan.tableName());
    if (it != tables_.end()) return it->second;
    PLANCK_ASSIGN_OR_RETURN(std::shared_ptr<CatalogTable> table, catalog_.lookup(scan.tableName()));
    ColumnarTablePtr data = columnarData(*table);
    // The version read is fixed for the whole query.
    tables_[scan.tableName()] = data;
    return data;
  }

  absl::StatusOr<OperatorPtr> buildScan(const ScanExec& scan, int partition) {
    PLANCK_ASSIGN_OR_RETURN(ColumnarTablePtr data, tableOf(scan));
    PLANCK_ASSIGN_OR_RETURN(std::shared_ptr<CatalogTable> table, catalog_.lookup(scan.tableName()));
    std::vector<size_t> columns;
    for (const AttributePtr& attribute : scan.output()) {
      std::optional<size_t> index = table->columnIndex(attribute->name());
      if (!index) {
        return absl::InternalError(
            fmt::format("Scan {}: no column {}", scan.tableName(), attribute->name()));
      }
      columns.push_back(*index);
    }
    return makeBatchSource(data->partitions()[static_cast<size_t>(partition)].batches,
                           std::move(columns));
  }

  // All partitions of `child`, each run through `per_partition` (a local limit or top-k), as
  // one input: what TakeOrderedAndProject and CollectLimit read (Spark collects them likewise).
  absl::StatusOr<OperatorPtr> gatherAll(
      const PhysicalPtr& child,
      const std::function<absl::StatusOr<OperatorPtr>(OperatorPtr)>& per_partition) {
    PLANCK_ASSIGN_OR_RETURN(auto outputs, runStage(child, per_partition));
    return makeBatchSource(flatten(std::move(outputs)));
  }

  absl::StatusOr<std::vector<std::unique_ptr<CompiledExpression>>> compileAll(
      const std::vector<ExprPtr>& exprs, const Attributes& input) {
    std::vector<std::unique_ptr<CompiledExpression>> compiled;
    for (const ExprPtr& expr : exprs) {
      PLANCK_ASSIGN_OR_RETURN(auto c, compileExpression(stripAlias(expr), input, compile_));
      compiled.push_back(std::move(c));
    }
    return compiled;
  }

  // A join task: `streamed` against `build`, keys and condition compiled for the plan `join`.
  absl::StatusOr<OperatorPtr> buildJoin(const PhysicalPlan& join, JoinType type,
                                        const ExprPtr& condition, bool streamed_is_left,
                                        OperatorPtr streamed, std::shared_ptr<JoinBuild> build,
                                        const std::vector<ExprPtr>& streamed_keys,
                                        bool null_aware) {
    JoinSetup setup;
    setup.type = type;
    setup.streamed_is_left = streamed_is_left;
    setup.null_aware = null_aware;
    setup.build = std::move(build);
    const Attributes& left = join.child(0)->output();
    const Attributes& right = join.child(1)->output();
    PLANCK_ASSIGN_OR_RETURN(setup.streamed_keys,
                            compileAll(streamed_keys, streamed_is_left ? left : right));
    if (condition != nullptr) {
      Attributes both = left;
      both.insert(both.end(), right.begin(), right.end());
      AttributeSet read = referencesOf(condition);
      Attributes columns;
      for (size_t i = 0; i < both.size(); ++i) {
        if (read.contains(both[i]->exprId())) {
          setup.condition_columns.push_back(i);
          columns.push_back(both[i]);
        }
      }
      PLANCK_ASSIGN_OR_RETURN(setup.condition, compileExpression(condition, columns, compile_));
    }
    setup.left_types = typesOf(left);
    setup.right_types = typesOf(right);
    setup.cancellation = options_.cancellation;
    return makeJoin(std::move(streamed), std::move(setup));
  }

  // A shuffled join's task: the build side's partition drained into a table of its own.
  template <class EquiJoin>
  absl::StatusOr<OperatorPtr> buildShuffledJoin(const EquiJoin& join, bool build_left,
                                                int partition) {
    const PhysicalPtr& build_child = build_left ? join.left() : join.right();
    PLANCK_ASSIGN_OR_RETURN(OperatorPtr build_input, build(build_child, partition));
    PLANCK_ASSIGN_OR_RETURN(std::vector<BatchPtr> build_rows,
                            drain(*build_input, options_.cancellation));
    PLANCK_ASSIGN_OR_RETURN(auto keys, compileAll(build_left ? join.leftKeys() : join.rightKeys(),
                                                  build_child->output()));
    PLANCK_ASSIGN_OR_RETURN(
        auto table,
        JoinBuild::make(concatenate(build_rows, typesOf(build_child->output())), keys, 1));
    PLANCK_ASSIGN_OR_RETURN(OperatorPtr streamed,
                            build(build_left ? join.right() : join.left(), partition));
    return buildJoin(join, join.joinType(), join.condition(), !build_left, std::move(streamed),
                     std::move(table), build_left ? join.rightKeys() : join.leftKeys(), false);
  }

  // The operators of one task for `node` and its children down to the stage's inputs, each
  // metered for EXPLAIN ANALYZE.
  absl::StatusOr<OperatorPtr> build(const PhysicalPtr& node, int partition) {
    PLANCK_ASSIGN_OR_RETURN(OperatorPtr op, buildOperator(node, partition));
    // An exchange's metrics are those of its materialization (one entry per partition).
    if (isExchange(*node)) return op;
    return metrics_.meter(node.get(), std::move(op));
  }

  absl::StatusOr<OperatorPtr> buildOperator(const PhysicalPtr& node, int partition) {
    MemoryBudget* budget = metrics_.budgetFor(node.get(), &budget_);
    switch (node->kind()) {
      case PhysicalKind::kScan:
        return buildScan(*node->as<ScanExec>(), partition);
      case PhysicalKind::kLocalTableScan: {
        const auto* scan = node->as<LocalTableScanExec>();
        return makeBatchSource(
            {std::make_shared<const Batch>(batchOfValues(scan->output(), scan->rows()))});
      }
      case PhysicalKind::kFilter: {
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr child, build(node->child(0), partition));
        PLANCK_ASSIGN_OR_RETURN(auto condition,
                                compileExpression(node->as<FilterExec>()->condition(),
                                                  node->child(0)->output(), compile_));
        return makeFilter(std::move(child), std::move(condition));
      }
      case PhysicalKind::kProject: {
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr child, build(node->child(0), partition));
        PLANCK_ASSIGN_OR_RETURN(auto exprs, compileAll(node->as<ProjectExec>()->projectList(),
                                                       node->child(0)->output()));
        return makeProject(std::move(child), std::move(exprs));
      }
      case PhysicalKind::kHashAggregate: {
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr child, build(node->child(0), partition));
        return makeHashAggregate(*node->as<HashAggregateExec>(), std::move(child), budget,
                                 compile_, options_.partial_aggregation);
      }
      case PhysicalKind::kSort: {
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr child, build(node->child(0), partition));
        return makeSort(std::move(child), node->as<SortExec>()->order(), node->child(0)->output(),
                        -1, budget, compile_, options_.cancellation);
      }
      case PhysicalKind::kTakeOrderedAndProject: {
        const auto* take = node->as<TakeOrderedAndProjectExec>();
        const Attributes& input = node->child(0)->output();
        auto top = [&](OperatorPtr in) {
          return makeSort(std::move(in), take->order(), input, take->limit(), budget, compile_,
                          options_.cancellation);
        };
        // A compiled stage below keeps each task's top rows itself (CompiledStage::top_rows).
        const CompiledStage* below = compiledStageOf(*node->child(0));
        bool kept = below != nullptr && below->top_rows == take->limit();
        auto keep = [](OperatorPtr in) -> absl::StatusOr<OperatorPtr> { return in; };
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr gathered,
                                kept ? gatherAll(node->child(0), keep)
                                     : gatherAll(node->child(0), top));
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr sorted, top(std::move(gathered)));
        PLANCK_ASSIGN_OR_RETURN(auto exprs, compileAll(take->projectList(), input));
        return makeProject(std::move(sorted), std::move(exprs));
      }
      case PhysicalKind::kLocalLimit: {
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr child, build(node->child(0), partition));
        return makeLimit(std::move(child), node->as<LocalLimitExec>()->limit());
      }
      case PhysicalKind::kGlobalLimit: {
        const auto* limit = node->as<GlobalLimitExec>();
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr child, build(node->child(0), partition));
        return makeLimit(std::move(child), limit->limit(), limit->offset());
      }
      case PhysicalKind::kCollectLimit: {
        int64_t limit = node->as<CollectLimitExec>()->limit();
        PLANCK_ASSIGN_OR_RETURN(
            OperatorPtr gathered,
            gatherAll(node->child(0), [limit](OperatorPtr in) -> absl::StatusOr<OperatorPtr> {
              return makeLimit(std::move(in), limit);
            }));
        return makeLimit(std::move(gathered), limit);
      }
      case PhysicalKind::kUnion: {
        int at = partition;
        for (const PhysicalPtr& child : node->children()) {
          PLANCK_ASSIGN_OR_RETURN(int count, partitions(child));
          if (at < count) return build(child, at);
          at -= count;
        }
        return absl::InternalError("Union: no such partition");
      }
      case PhysicalKind::kExpand: {
        const auto* expand = node->as<ExpandExec>();
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr child, build(node->child(0), partition));
        std::vector<std::vector<std::unique_ptr<CompiledExpression>>> projections;
        for (const auto& projection : expand->projections()) {
          PLANCK_ASSIGN_OR_RETURN(auto exprs, compileAll(projection, node->child(0)->output()));
          projections.push_back(std::move(exprs));
        }
        return makeExpand(std::move(child), std::move(projections));
      }
      case PhysicalKind::kShuffleExchange:
      case PhysicalKind::kReusedExchange:
      case PhysicalKind::kBroadcastExchange:
      case PhysicalKind::kShuffleQueryStage:
      case PhysicalKind::kBroadcastQueryStage: {
        PLANCK_ASSIGN_OR_RETURN(const Exchanged* exchanged, materialize(exchangeOf(node)));
        return makeBatchSource(exchanged->partition(static_cast<size_t>(partition)));
      }
      case PhysicalKind::kAQEShuffleRead: {
        const auto& spec =
            node->as<AQEShuffleReadExec>()->specs()[static_cast<size_t>(partition)];
        PLANCK_ASSIGN_OR_RETURN(const Exchanged* exchanged, materialize(exchangeOf(node->child(0))));
        return makeBatchSource(exchanged->read(spec));
      }
      case PhysicalKind::kBroadcastHashJoin: {
        const auto* join = node->as<BroadcastHashJoinExec>();
        bool build_left = join->buildSide() == planck::BuildSide::kLeft;
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr streamed,
                                build(build_left ? join->right() : join->left(), partition));
        return buildJoin(*node, join->joinType(), join->condition(), !build_left,
                         std::move(streamed), builds_.at(node.get()),
                         build_left ? join->rightKeys() : join->leftKeys(),
                         join->isNullAwareAntiJoin());
      }
      case PhysicalKind::kBroadcastNestedLoopJoin: {
        const auto* join = node->as<BroadcastNestedLoopJoinExec>();
        bool build_left = join->buildSide() == planck::BuildSide::kLeft;
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr streamed,
                                build(build_left ? join->right() : join->left(), partition));
        return buildJoin(*node, join->joinType(), join->condition(), !build_left,
                         std::move(streamed), builds_.at(node.get()), {}, false);
      }
      case PhysicalKind::kShuffledHashJoin: {
        const auto* join = node->as<ShuffledHashJoinExec>();
        return buildShuffledJoin(*join, join->buildSide() == planck::BuildSide::kLeft, partition);
      }
      case PhysicalKind::kSortMergeJoin: {
        const auto* join = node->as<SortMergeJoinExec>();
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr left, build(join->left(), partition));
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr right, build(join->right(), partition));
        return makeSortMergeJoin(*join, std::move(left), std::move(right), budget, compile_,
                                 options_.cancellation);
      }
      case PhysicalKind::kWindow: {
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr child, build(node->child(0), partition));
        return makeWindow(*node->as<WindowExec>(), std::move(child), budget, compile_,
                          options_.cancellation);
      }
      case PhysicalKind::kWholeStageCodegen:
        if (const CompiledStage* stage = compiledStageOf(*node)) {
          return buildCompiledStage(node, *stage, partition);
        }
        return build(node->child(0), partition);
      case PhysicalKind::kInputAdapter:
        return build(node->child(0), partition);
      case PhysicalKind::kCartesianProduct: {
        PLANCK_ASSIGN_OR_RETURN(int right_count, partitions(node->child(1)));
        int left_partition = partition / right_count, right_partition = partition % right_count;
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr right, build(node->child(1), right_partition));
        PLANCK_ASSIGN_OR_RETURN(std::vector<BatchPtr> rows, drain(*right, options_.cancellation));
        PLANCK_ASSIGN_OR_RETURN(
            auto table,
            JoinBuild::make(concatenate(rows, typesOf(node->child(1)->output())), {}, 1));
        PLANCK_ASSIGN_OR_RETURN(OperatorPtr left, build(node->child(0), left_partition));
        const auto* product = node->as<CartesianProductExec>();
        return buildJoin(*node, JoinType::kInner, product->condition(), true, std::move(left),
                         std::move(table), {}, false);
      }
      default:
        return absl::UnimplementedError(fmt::format("{} cannot run yet", node->nodeName()));
    }
  }

  static ExecutionOptions withBudget(ExecutionOptions options, MemoryBudget* budget) {
    options.budget = budget;
    return options;
  }

  const Catalog& catalog_;
  ExecutionOptions options_;
  MemoryBudget own_budget_;
  MemoryBudget& budget_;  // the enclosing query's when this runs a subquery's plan
  SubqueryRunner subqueries_;
  CompileOptions compile_;
  PlanMetrics metrics_;
  std::mutex mutex_;
  std::map<std::string, ColumnarTablePtr> tables_;
  std::map<const PhysicalPlan*, std::shared_ptr<Exchanged>> exchanges_;
  std::map<const PhysicalPlan*, std::shared_ptr<JoinBuild>> builds_;
  std::map<const PhysicalPlan*, std::vector<std::shared_ptr<CompiledJoinTable>>> compiled_tables_;
  std::map<const PhysicalPlan*, int> readers_;
};

}  // namespace

absl::StatusOr<QueryResult> executePlan(const PhysicalPtr& plan, const Catalog& catalog,
                                        const ExecutionOptions& options) {
  if (options.pool == nullptr) return absl::InvalidArgumentError("executePlan needs a thread pool");
  QueryRun run(catalog, options);
  return run.run(plan);
}

absl::StatusOr<int> stageTaskCount(const PhysicalPtr& exchange, const Catalog& catalog,
                                   const ExecutionOptions& options) {
  QueryRun run(catalog, options);
  return run.taskCount(exchange->child(0));
}

absl::StatusOr<StageRun> runQueryStage(const PhysicalPtr& exchange, const Catalog& catalog,
                                       const ExecutionOptions& options) {
  if (options.pool == nullptr) return absl::InvalidArgumentError("runQueryStage needs a thread pool");
  if (options.budget == nullptr) return absl::InvalidArgumentError("runQueryStage needs a budget");
  if (!exchange->is<ShuffleExchangeExec>() && !exchange->is<BroadcastExchangeExec>()) {
    return absl::InternalError("runQueryStage: " + exchange->simpleString() + " is no exchange");
  }
  QueryRun run(catalog, options);
  return run.runExchange(exchange);
}

}  // namespace planck
