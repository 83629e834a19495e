#include "codegen/stage_codegen.h"

#include <algorithm>
#include <cctype>

#include "codegen/aggregate_codegen.h"
#include "codegen/stage_generator.h"
#include "common/status.h"
#include "fmt/format.h"
#include "logical/predicates.h"

namespace planck {
namespace {

bool allGenerate(const std::vector<ExprPtr>& exprs) {
  return std::all_of(exprs.begin(), exprs.end(),
                     [](const ExprPtr& expr) { return canGenerateExpression(expr); });
}

// A hash join (broadcast or shuffled) whose probe generated code can run.
template <class Join>
bool hashJoinSupported(const Join& join, bool null_aware) {
  if (null_aware) return false;
  bool build_right = join.buildSide() == BuildSide::kRight;
  switch (join.joinType()) {
    case JoinType::kInner:
    case JoinType::kCross:
      break;
    case JoinType::kLeftOuter:
    case JoinType::kLeftSemi:
    case JoinType::kLeftAnti:
      if (!build_right) return false;
      break;
    case JoinType::kRightOuter:
      if (build_right) return false;
      break;
    case JoinType::kFullOuter:
      return false;
  }
  if (join.condition() != nullptr && !canGenerateExpression(join.condition())) return false;
  // Both sides' keys hash alike only when they are held alike: the same type, or integers of
  // either width (and dates), or decimals of one scale.
  for (size_t i = 0; i < join.leftKeys().size(); ++i) {
    DataType left = join.leftKeys()[i]->dataType(), right = join.rightKeys()[i]->dataType();
    auto integral = [](DataType type) { return type.isIntegral() || type.id() == TypeId::kDate; };
    bool alike = left == right || (integral(left) && integral(right)) ||
                 (left.isDecimal() && right.isDecimal() && left.scale() == right.scale());
    if (!alike) return false;
  }
  return allGenerate(join.leftKeys()) && allGenerate(join.rightKeys());
}

// Whether the sort's buffered columns can be written by generated code (not INTERVALs).
bool bufferable(const Attributes& columns) {
  return std::none_of(columns.begin(), columns.end(), [](const AttributePtr& attribute) {
    return attribute->dataType().id() == TypeId::kInterval;
  });
}

bool sortSupported(const PhysicalPlan& node, const std::vector<ExprPtr>& order) {
  if (!bufferable(node.child(0)->output())) return false;
  for (const ExprPtr& expr : order) {
    const auto* sort_order = expr->as<SortOrder>();
    if (sort_order == nullptr || !canGenerateExpression(sort_order->child(0))) return false;
    if (sort_order->dataType().id() == TypeId::kInterval) return false;
  }
  return true;
}

// A sort-merge join generated code can run (merge_join_codegen.cc): the joins that pass on left
// rows as they stream, with keys generated code compares.
bool sortMergeJoinSupported(const SortMergeJoinExec& join) {
  switch (join.joinType()) {
    case JoinType::kInner:
    case JoinType::kLeftOuter:
    case JoinType::kLeftSemi:
    case JoinType::kLeftAnti:
      break;
    default:
      return false;
  }
  if (join.leftKeys().empty() || join.leftKeys().size() != join.rightKeys().size()) return false;
  for (size_t i = 0; i < join.leftKeys().size(); ++i) {
    DataType left = join.leftKeys()[i]->dataType(), right = join.rightKeys()[i]->dataType();
    if (left != right) return false;
    CodeValue a{"a", "0", left}, b{"b", "0", right};
    if (compareCode(a, b).empty()) return false;
  }
  if (join.condition() != nullptr && !canGenerateExpression(join.condition())) return false;
  return allGenerate(join.leftKeys()) && allGenerate(join.rightKeys());
}

}  // namespace

bool supportsCodegen(const PhysicalPlan& node, int max_fields) {
  if (max_fields > 0) {
    if (static_cast<int>(node.output().size()) > max_fields) return false;
    for (const PhysicalPtr& child : node.children()) {
      if (static_cast<int>(child->output().size()) > max_fields) return false;
    }
  }
  switch (node.kind()) {
    case PhysicalKind::kScan:
    case PhysicalKind::kUnion:
    case PhysicalKind::kLocalLimit:
    case PhysicalKind::kGlobalLimit:
      return true;
    case PhysicalKind::kFilter:
      return canGenerateExpression(node.as<FilterExec>()->condition());
    case PhysicalKind::kProject:
      return allGenerate(node.as<ProjectExec>()->projectList());
    case PhysicalKind::kHashAggregate:
      return aggregateSupported(*node.as<HashAggregateExec>());
    case PhysicalKind::kBroadcastHashJoin: {
      const auto* join = node.as<BroadcastHashJoinExec>();
      return hashJoinSupported(*join, join->isNullAwareAntiJoin());
    }
    case PhysicalKind::kShuffledHashJoin:
      return hashJoinSupported(*node.as<ShuffledHashJoinExec>(), false);
    case PhysicalKind::kSort:
      return sortSupported(node, node.as<SortExec>()->order());
    case PhysicalKind::kSortMergeJoin:
      return sortMergeJoinSupported(*node.as<SortMergeJoinExec>());
    default:
      return false;
  }
}

StageGenerator::StageGenerator(const PhysicalPtr& stage, StageSink sink)
    : stage_(stage), exchange_(sink.exchange), take_(sink.take) {
  stage_id_ = stage->as<WholeStageCodegenExec>()->stageId();
  stage_mark_ = fmt::format("*({})", stage_id_);
  state_type_ = fmt::format("Stage{}State", stage_id_);
  // Error 0: a hash table that cannot grow (planck_groups_grow).
  errors_.push_back("a hash aggregate of a generated stage has more than 2^31 groups");
  // Number the operators of the stage in post-order, as FORMATTED numbers a plan.
  std::function<void(const PhysicalPtr&)> number = [&](const PhysicalPtr& node) {
    if (node->is<InputAdapterExec>()) return;
    for (const PhysicalPtr& child : node->children()) number(child);
    numbered_.push_back(node.get());
  };
  number(stage->child(0));
}

std::string StageGenerator::operatorComment(const PhysicalPtr& node) const {
  auto at = std::find(numbered_.begin(), numbered_.end(), node.get());
  size_t number = static_cast<size_t>(at - numbered_.begin()) + 1;
  std::string line = node->simpleString();
  if (line.size() > 200) line = line.substr(0, 197) + "...";
  // A comment must not end early or continue onto the next line.
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return fmt::format("{} {} (node {})", stage_mark_, line, number);
}

std::string StageGenerator::beginOperator(const PhysicalPtr& node) {
  auto at = std::find(numbered_.begin(), numbered_.end(), node.get());
  size_t number = static_cast<size_t>(at - numbered_.begin()) + 1;
  std::string prefix;
  for (char c : node->nodeName()) {
    prefix += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (node->is<BroadcastHashJoinExec>()) prefix = "bhj";
  if (node->is<ShuffledHashJoinExec>()) prefix = "shj";
  if (node->is<HashAggregateExec>()) prefix = "agg";
  if (node->is<SortMergeJoinExec>()) prefix = "smj";
  if (node->is<TakeOrderedAndProjectExec>()) prefix = "top";
  if (node->is<LocalLimitExec>() || node->is<GlobalLimitExec>()) prefix = "limit";
  body().line("// " + operatorComment(node));
  return prefix + std::to_string(number);
}

int StageGenerator::counterOf(const PhysicalPtr& node) {
  auto found = std::find(counted_.begin(), counted_.end(), node.get());
  auto index = static_cast<int>(found - counted_.begin());
  if (found == counted_.end()) counted_.push_back(node.get());
  return index;
}

void StageGenerator::countRow(const PhysicalPtr& node) {
  body().line(fmt::format("++ctx->counters[{}];", counterOf(node)));
}

int StageGenerator::errorNumber(std::string message) {
  errors_.push_back(std::move(message));
  return static_cast<int>(errors_.size()) - 1;
}

int StageGenerator::addBuild(const PhysicalPtr& side, bool per_task, FunctionCode code) {
  build_sides_.push_back(side);
  build_per_task_.push_back(per_task);
  builds_.push_back(std::move(code));
  return static_cast<int>(builds_.size()) - 1;
}

std::optional<StageGenerator::SourceColumn> StageGenerator::sourceColumn(ExprId id) const {
  if (current_ != &consume_) return std::nullopt;
  auto found = source_columns_.find(id);
  if (found == source_columns_.end()) return std::nullopt;
  return found->second;
}

CodeRow StageGenerator::loadRow(const Attributes& attributes, const std::string& columns_var,
                                const std::string& row_var, const std::string& prefix,
                                CodeWriter& hoist, bool trust_not_null) {
  CodeRow row;
  for (size_t i = 0; i < attributes.size(); ++i) {
    DataType type = attributes[i]->dataType();
    std::string value = names_.fresh(prefix, "col"), nulls = names_.fresh(prefix, "nulls");
    if (type.isNull()) {
      row[attributes[i]->exprId()] = CodeValue{zeroOf(type), "1", type};
      continue;
    }
    hoist.line(fmt::format("const uint8_t* {} = {}[{}].nulls;", nulls, columns_var, i));
    std::string is_null = value + "_null";
    if (type.storedAsBytes()) {
      body().line(fmt::format("PlanckString {} = planck_string_at(&{}[{}], {});", value,
                              columns_var, i, row_var));
    } else {
      std::string values = names_.fresh(prefix, "values");
      hoist.line(fmt::format("const {0}* {1} = (const {0}*){2}[{3}].values;", cTypeOf(type),
                             values, columns_var, i));
      body().line(fmt::format("{} {} = {}[{}];", cTypeOf(type), value, values, row_var));
    }
    if (trust_not_null && !attributes[i]->nullable()) {
      // A NOT NULL column of a table (loads and INSERT reject NULLs there): no test at all.
      row[attributes[i]->exprId()] = CodeValue{value, "0", type};
      continue;
    }
    body().line(fmt::format("uint8_t {} = {}[{}];", is_null, nulls, row_var));
    row[attributes[i]->exprId()] = CodeValue{value, is_null, type};
  }
  return row;
}

std::string StageGenerator::hashCode(const std::vector<CodeValue>& keys,
                                     const std::vector<std::string>& prefixes) {
  // One statement per key, into a variable: a nested expression would repeat the running hash
  // in both arms of each key's NULL test and double in size with every key.
  std::string hash = names_.fresh("key", "hash");
  body().line(fmt::format("uint64_t {} = 0x2545f4914f6cdd1dULL;", hash));
  for (size_t i = 0; i < keys.size(); ++i) {
    const CodeValue& key = keys[i];
    std::string step;
    if (key.type.storedAsBytes()) {
      std::string prefix = i < prefixes.size() && !prefixes[i].empty()
                               ? prefixes[i]
                               : fmt::format("planck_string_prefix({})", key.value);
      step = fmt::format("planck_hash_string_step({}, {}, {})", hash, key.value, prefix);
    } else if (key.type.id() == TypeId::kDouble) {
      step = fmt::format("planck_hash_step({}, planck_hash_double({}))", hash, key.value);
    } else {
      step = fmt::format("planck_hash_step({}, (uint64_t)(int64_t){})", hash, key.value);
    }
    if (key.is_null == "0") {
      body().line(fmt::format("{} = {};", hash, step));
    } else {
      // A NULL key hashes as a constant of its own.
      body().line(fmt::format("{0} = {1} ? planck_hash_step({0}, 0x9ae16a3b2f90404fULL) : {2};",
                              hash, key.is_null, step));
    }
  }
  return fmt::format("planck_hash_finish({})", hash);
}

absl::Status StageGenerator::produce(const PhysicalPtr& node, const RowConsumer& parent) {
  switch (node->kind()) {
    case PhysicalKind::kInputAdapter:
      return produceInput(node, node->child(0), parent);
    case PhysicalKind::kScan:
    case PhysicalKind::kUnion:
      return produceInput(node, node, parent);
    case PhysicalKind::kFilter:
      return produceFilter(node, parent);
    case PhysicalKind::kProject:
      return produceProject(node, parent);
    case PhysicalKind::kHashAggregate:
      return produceAggregate(node, parent);
    case PhysicalKind::kBroadcastHashJoin:
    case PhysicalKind::kShuffledHashJoin:
      return produceHashJoin(node, parent);
    case PhysicalKind::kSort:
      return produceSort(node, node->child(0), node->as<SortExec>()->order(), -1, true, parent);
    case PhysicalKind::kSortMergeJoin:
      return produceSortMergeJoin(node, parent);
    case PhysicalKind::kLocalLimit:
      return produceLimit(node, node->as<LocalLimitExec>()->limit(), 0, parent);
    case PhysicalKind::kGlobalLimit: {
      const auto* limit = node->as<GlobalLimitExec>();
      return produceLimit(node, limit->limit(), limit->offset(), parent);
    }
    default:
      return absl::InternalError(
          fmt::format("whole-stage codegen cannot generate {}", node->nodeName()));
  }
}

absl::Status StageGenerator::useInput(const PhysicalPtr& node) {
  if (input_ != nullptr) {
    return absl::InternalError(fmt::format("stage {} has two streamed inputs", stage_id_));
  }
  input_ = node->is<InputAdapterExec>() ? node->child(0) : node;
  setCurrent(&consume_);
  if (node->is<InputAdapterExec>()) body().line(fmt::format("// {} InputAdapter", stage_mark_));
  return absl::OkStatus();
}

// The stage's input (a scan, a union of stages, an InputAdapter's child): every row of each
// batch consume() gets.
absl::Status StageGenerator::produceInput(const PhysicalPtr& node, const PhysicalPtr& input,
                                          const RowConsumer& parent) {
  if (input_ != nullptr) {
    return absl::InternalError(fmt::format("stage {} has two streamed inputs", stage_id_));
  }
  input_ = input;
  setCurrent(&consume_);
  bool adapter = node->is<InputAdapterExec>();
  std::string prefix = adapter ? "input" : beginOperator(node);
  if (adapter) body().line(fmt::format("// {} InputAdapter", stage_mark_));
  std::string row = prefix + "_row";
  source_row_ = row;
  for (size_t i = 0; i < input->output().size(); ++i) {
    const AttributePtr& attribute = input->output()[i];
    source_columns_[attribute->exprId()] = SourceColumn{i, attribute->dataType()};
  }
  body().open(fmt::format("for (int64_t {0} = 0; {0} < batch->rows; ++{0})", row));
  CodeRow values = loadRow(input->output(), "batch->columns", row, prefix, consume_.preamble,
                           /*trust_not_null=*/node->is<ScanExec>());
  PLANCK_RETURN_IF_ERROR(parent(values));
  body().close();
  return absl::OkStatus();
}

absl::Status StageGenerator::produceFilter(const PhysicalPtr& node, const RowConsumer& parent) {
  return produce(node->child(0), [&](const CodeRow& row) -> absl::Status {
    std::string prefix = beginOperator(node);
    ExpressionCodegen codegen = expressions(prefix);
    PLANCK_ASSIGN_OR_RETURN(CodeValue passed,
                            codegen.generate(node->as<FilterExec>()->condition(), row));
    body().open(fmt::format("if (!{} && {})", passed.is_null, passed.value));
    countRow(node);
    PLANCK_RETURN_IF_ERROR(parent(row));
    body().close();
    return absl::OkStatus();
  });
}

absl::Status StageGenerator::produceProject(const PhysicalPtr& node, const RowConsumer& parent) {
  return produce(node->child(0), [&](const CodeRow& row) -> absl::Status {
    std::string prefix = beginOperator(node);
    ExpressionCodegen codegen = expressions(prefix);
    CodeRow projected;
    for (const ExprPtr& expr : node->as<ProjectExec>()->projectList()) {
      PLANCK_ASSIGN_OR_RETURN(CodeValue value, codegen.generate(expr, row));
      projected[toAttribute(expr)->exprId()] = value;
    }
    countRow(node);
    return parent(projected);
  });
}

// LocalLimit and GlobalLimit: a task's first `limit` rows after `offset` (limit -1: all). Once
// reached in the input pipeline, the stage asks for no more input (PLANCK_STOP).
absl::Status StageGenerator::produceLimit(const PhysicalPtr& node, int64_t limit, int64_t offset,
                                          const RowConsumer& parent) {
  return produce(node->child(0), [&](const CodeRow& row) -> absl::Status {
    std::string prefix = beginOperator(node);
    std::string seen = prefix + "_seen";
    state_fields_.line(fmt::format("int64_t {};", seen));
    int64_t end = limit < 0 ? -1 : offset + limit;
    if (end >= 0) {
      body().line(fmt::format("if (state->{} >= {}LL) return PLANCK_STOP;", seen, end));
    }
    body().open(fmt::format("if (state->{}++ >= {}LL)", seen, offset));
    countRow(node);
    PLANCK_RETURN_IF_ERROR(parent(row));
    body().close();
    return absl::OkStatus();
  });
}

// The root's consume: the row appended to the output batch.
absl::Status StageGenerator::writeOutput(const CodeRow& row) {
  PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> values, columnValues(stage_->output(), row));
  if (exchange_ != nullptr) {
    PLANCK_ASSIGN_OR_RETURN(CodeValue partition, partitionOf(row));
    values.push_back(partition);
  }
  body().line(fmt::format("// {} output", stage_mark_));
  writeRow("ctx->out", values);
  return absl::OkStatus();
}

// The exchange's partition of an output row, as the shuffle computes it (planck_abi.h's shuffle
// hash over the partitioning's keys).
absl::StatusOr<CodeValue> StageGenerator::partitionOf(const CodeRow& row) {
  body().line(fmt::format("// {} the partition of {}", stage_mark_, exchange_->toString()));
  ExpressionCodegen codegen = expressions("exchange");
  std::string hash = names_.fresh("exchange", "hash");
  body().line(fmt::format("uint64_t {} = PLANCK_SHUFFLE_SEED;", hash));
  for (const ExprPtr& expr : exchange_->expressions) {
    PLANCK_ASSIGN_OR_RETURN(CodeValue key, codegen.generate(expr, row));
    std::string bits;
    switch (expr->dataType().id()) {
      case TypeId::kBoolean:
      case TypeId::kInteger:
      case TypeId::kDate:
      case TypeId::kBigInt:
      case TypeId::kDecimal:
        bits = fmt::format("(uint64_t)(int64_t){}", key.value);
        break;
      case TypeId::kDouble:
        bits = fmt::format("planck_shuffle_double_bits({})", key.value);
        break;
      case TypeId::kVarchar:
      case TypeId::kBinary:
        bits = fmt::format("planck_hash_string({})", key.value);
        break;
      case TypeId::kNull:
      case TypeId::kInterval:
        bits = "0";
        break;
    }
    body().line(fmt::format("{0} = planck_shuffle_step({0}, {1} ? PLANCK_SHUFFLE_NULL : {2});",
                            hash, key.is_null, bits));
  }
  std::string partition = names_.fresh("exchange", "partition");
  body().line(fmt::format("int32_t {} = (int32_t)planck_shuffle_partition({}, {});", partition,
                          hash, exchange_->num_partitions));
  return CodeValue{partition, "0", DataType::integer()};
}

absl::StatusOr<std::vector<CodeValue>> StageGenerator::columnValues(const Attributes& columns,
                                                                    const CodeRow& row) const {
  std::vector<CodeValue> values;
  for (const AttributePtr& attribute : columns) {
    auto found = row.find(attribute->exprId());
    if (found == row.end()) {
      return absl::InternalError(fmt::format("stage {}: column {} is not computed", stage_id_,
                                             attribute->toString()));
    }
    values.push_back(found->second);
    values.back().type = attribute->dataType();
  }
  return values;
}

void StageGenerator::writeRow(const std::string& out_var, const std::vector<CodeValue>& values) {
  body().open("");
  body().line(fmt::format("PlanckOutput* out = {};", out_var));
  body().line("int64_t at = out->rows;");
  for (size_t i = 0; i < values.size(); ++i) {
    const CodeValue& value = values[i];
    DataType type = value.type;
    if (type.isNull()) continue;
    if (type.storedAsBytes()) {
      body().line(fmt::format(
          "ctx->api->append_string(ctx, out, {0}, {1} ? 0 : ({2}.data ? {2}.data : \"\"), {1} ? "
          "0 : {2}.size);",
          i, value.is_null, value.value));
      continue;
    }
    body().line(fmt::format("(({0}*)out->columns[{1}].values)[at] = {2} ? ({0})0 : ({0}){3};",
                            cTypeOf(type), i, value.is_null, value.value));
    body().line(fmt::format("out->columns[{}].nulls[at] = {};", i, value.is_null));
  }
  body().line(
      "if (++out->rows == out->capacity && ctx->api->flush(ctx, out) != PLANCK_OK) return "
      "PLANCK_ERROR;");
  body().close();
}

absl::StatusOr<GeneratedStage> StageGenerator::generate() {
  setCurrent(&consume_);
  RowConsumer output = [&](const CodeRow& row) { return writeOutput(row); };
  if (take_ != nullptr) {
    // Each task's first rows by the TakeOrderedAndProject's order, then the output.
    PLANCK_RETURN_IF_ERROR(produceSort(take_->shared_from_this(), stage_->child(0),
                                       take_->order(), take_->limit(), false, output));
  } else {
    PLANCK_RETURN_IF_ERROR(produce(stage_->child(0), output));
  }
  if (input_ == nullptr) {
    return absl::InternalError(fmt::format("stage {} reads no input", stage_id_));
  }
  GeneratedStage stage;
  stage.stage_id = stage_id_;
  stage.symbol_prefix = fmt::format("planck_stage_{}", stage_id_);
  stage.source = assemble();
  stage.input = input_;
  stage.build_sides = build_sides_;
  stage.build_per_task = build_per_task_;
  stage.counted = counted_;
  stage.errors = errors_;
  stage.fallbacks = fallbacks_;
  stage.sorts = sorts_;
  stage.writes_partition = exchange_ != nullptr;
  stage.top_rows = take_ != nullptr ? take_->limit() : -1;
  for (const AttributePtr& attribute : stage_->output()) {
    stage.output_types.push_back(attribute->dataType());
  }
  if (exchange_ != nullptr) stage.output_types.push_back(DataType::integer());
  return stage;
}

std::string StageGenerator::assemble() const {
  std::string prefix = fmt::format("planck_stage_{}", stage_id_);
  CodeWriter out;
  out.line(fmt::format("// WholeStageCodegen ({}): generated by planck", stage_id_));
  out.line("#include \"planck_abi.h\"");
  out.line("");
  if (!types_.empty()) out.append(types_);
  out.open(fmt::format("struct {}", state_type_));
  out.line("int unused;");
  out.append(state_fields_);
  out.close("};");
  out.line("");
  out.open(fmt::format("extern \"C\" int {}_init(PlanckCtx* ctx)", prefix));
  out.line(fmt::format("{0}* state = ({0}*)ctx->api->alloc(ctx, sizeof({0}));", state_type_));
  out.line("if (state == 0) return PLANCK_ERROR;");
  out.line("ctx->state = state;");
  out.append(init_);
  out.line("return PLANCK_OK;");
  out.close();
  out.line("");
  auto function = [&](const std::string& signature, const FunctionCode& code) {
    out.open(signature);
    out.line(fmt::format("{0}* state = ({0}*)ctx->state;", state_type_));
    out.line("(void)state;");
    out.append(code.preamble);
    out.append(code.body);
    out.line("return PLANCK_OK;");
    out.close();
    out.line("");
  };
  function(fmt::format("extern \"C\" int {}_consume(PlanckCtx* ctx, const PlanckBatch* batch)",
                       prefix),
           consume_);
  function(fmt::format("extern \"C\" int {}_finish(PlanckCtx* ctx)", prefix), finish_);
  for (size_t j = 0; j < builds_.size(); ++j) {
    out.open(fmt::format(
        "extern \"C\" int {}_build_{}(PlanckCtx* ctx, const PlanckBatch* batch, "
        "PlanckJoinTable* table)",
        prefix, j));
    out.append(builds_[j].preamble);
    out.append(builds_[j].body);
    out.line("return PLANCK_OK;");
    out.close();
    out.line("");
  }
  return out.text();
}

absl::StatusOr<GeneratedStage> generateStage(const PhysicalPtr& stage, StageSink sink) {
  if (!stage->is<WholeStageCodegenExec>()) {
    return absl::InvalidArgumentError("generateStage needs a WholeStageCodegenExec");
  }
  StageGenerator generator(stage, sink);
  return generator.generate();
}

std::map<const PhysicalPlan*, StageSink> stageSinks(const PhysicalPtr& plan) {
  std::map<const PhysicalPlan*, StageSink> sinks;
  std::function<void(const PhysicalPtr&)> visit = [&](const PhysicalPtr& node) {
    const PhysicalPtr* child = node->children().size() == 1 ? &node->child(0) : nullptr;
    if (child != nullptr && (*child)->is<WholeStageCodegenExec>()) {
      if (const auto* exchange = node->as<ShuffleExchangeExec>()) {
        const Partitioning& partitioning = exchange->partitioning();
        if (partitioning.kind == Partitioning::Kind::kHash && partitioning.num_partitions > 1) {
          sinks[child->get()].exchange = &partitioning;
        }
      }
      if (const auto* take = node->as<TakeOrderedAndProjectExec>()) {
        if (take->limit() >= 0 && sortSupported(*node, take->order())) {
          sinks[child->get()].take = take;
        }
      }
    }
    for (const PhysicalPtr& next : node->children()) visit(next);
  };
  visit(plan);
  return sinks;
}

}  // namespace planck
