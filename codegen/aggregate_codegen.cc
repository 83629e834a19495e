#include "codegen/aggregate_codegen.h"

#include <algorithm>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "codegen/stage_generator.h"
#include "common/status.h"
#include "fmt/format.h"
#include "logical/predicates.h"
#include "logical/value_cast.h"

namespace planck {
namespace {

enum class Function : uint8_t { kCount, kCountIf, kSum, kAvg, kMin, kMax };

// One aggregate call as the generated entry holds it.
struct Slot {
  Function function;
  AggregateMode mode;
  const AggregateExpression* call;
  const AggregateCall* plan;
  DataType input;      // the argument's type (rows) or the value type (min/max)
  bool wide = false;   // sum/avg accumulate exactly in planck_int128 (else double)
  DataType sum_type;   // the buffer's sum column
  std::string field;   // the entry's fields: <field>_sum, _count, _has, _value
  // The fields this call's sum (with its _has) and count are in: its own, or those of an earlier
  // call that folds the same values (AggregateWriter::shareFields).
  std::string sum_field, count_field;
  int overflow_error = -1;

  bool readsRows() const { return mode == AggregateMode::kPartial || mode == AggregateMode::kComplete; }
  bool writesBuffers() const {
    return mode == AggregateMode::kPartial || mode == AggregateMode::kPartialMerge;
  }
  size_t bufferColumns() const {
    return function == Function::kAvg ? 2 : 1;
  }
};

std::optional<Function> functionOf(const std::string& name) {
  if (name == "count") return Function::kCount;
  if (name == "count_if") return Function::kCountIf;
  if (name == "sum") return Function::kSum;
  if (name == "avg" || name == "mean") return Function::kAvg;
  if (name == "min") return Function::kMin;
  if (name == "max") return Function::kMax;
  return std::nullopt;
}

bool allGenerate(const std::vector<ExprPtr>& exprs) {
  for (const ExprPtr& expr : exprs) {
    if (!canGenerateExpression(stripAlias(expr))) return false;
  }
  return true;
}

std::optional<Slot> slotOf(const AggregateCall& call) {
  const auto* function = call.function->as<AggregateExpression>();
  if (function == nullptr) return std::nullopt;
  std::optional<Function> kind = functionOf(function->name());
  if (!kind) return std::nullopt;
  if (function->isDistinct() && call.mode == AggregateMode::kComplete) return std::nullopt;
  std::vector<ExprPtr> arguments = function->arguments();
  Slot slot{*kind, call.mode, function, &call, DataType::bigint(), false, DataType::bigint(),
            "",    "",        "",       -1};
  if (*kind == Function::kCount || *kind == Function::kCountIf) {
    if (*kind == Function::kCountIf && arguments.size() != 1) return std::nullopt;
  } else {
    if (arguments.size() != 1) return std::nullopt;
    slot.input = arguments[0]->dataType();
    if (slot.input.isNull()) return std::nullopt;
  }
  switch (*kind) {
    case Function::kSum:
    case Function::kAvg: {
      if (!slot.input.isNumeric()) return std::nullopt;
      bool average = *kind == Function::kAvg;
      slot.wide = slot.input.isDecimal() || (!average && slot.input.id() != TypeId::kDouble);
      slot.sum_type = !average ? function->dataType()
                      : slot.wide ? DataType::decimal(DataType::kMaxDecimalPrecision,
                                                      slot.input.scale())
                                  : DataType::float64();
      if (average && function->dataType().id() != TypeId::kDouble) return std::nullopt;
      if (!slot.wide && slot.sum_type.id() != TypeId::kDouble) return std::nullopt;
      break;
    }
    case Function::kMin:
    case Function::kMax:
      if (slot.input != function->dataType() || slot.input.id() == TypeId::kInterval) {
        return std::nullopt;
      }
      break;
    default:
      break;
  }
  if (call.buffer.size() != slot.bufferColumns()) return std::nullopt;
  return slot;
}

}  // namespace

bool aggregateSupported(const HashAggregateExec& aggregate) {
  if (!allGenerate(aggregate.grouping()) || !allGenerate(aggregate.results())) return false;
  for (const AggregateCall& call : aggregate.aggregates()) {
    if (!slotOf(call)) return false;
    const auto* function = call.function->as<AggregateExpression>();
    if (!allGenerate(function->arguments())) return false;
    if (function->filter() != nullptr && !canGenerateExpression(function->filter())) return false;
  }
  return true;
}

namespace {

// Writes one aggregate's code for a StageGenerator.
class AggregateWriter {
 public:
  AggregateWriter(StageGenerator& generator, const PhysicalPtr& node)
      : generator_(generator), node_(node), plan_(*node->as<HashAggregateExec>()) {}

  absl::Status produce(const RowConsumer& parent) {
    for (const AggregateCall& call : plan_.aggregates()) {
      std::optional<Slot> slot = slotOf(call);
      if (!slot) return absl::InternalError("generated aggregate: unsupported call");
      slot->field = fmt::format("a{}", slots_.size());
      if (slot->wide) {
        slot->overflow_error = generator_.errorNumber(
            fmt::format("integer overflow in {}", slot->call->sql()));
      }
      slots_.push_back(*slot);
    }
    shareFields();
    bool grouped = !plan_.grouping().empty();
    // A grouped aggregate of partial calls only, writing the stage's output, may pass rows
    // through (adaptive partial aggregation, as the interpreter's; docs/execution.md).
    adaptive_ = grouped && !slots_.empty() && generator_.isStageRoot(node_);
    for (const Slot& slot : slots_) adaptive_ = adaptive_ && slot.mode == AggregateMode::kPartial;
    // The input pipeline: fold each row into its group.
    PLANCK_RETURN_IF_ERROR(generator_.produce(node_->child(0), [&](const CodeRow& row) {
      return consume(row, grouped, parent);
    }));
    declareEntry(grouped);
    // The output pipeline: in finish, one row per group.
    generator_.setCurrent(&generator_.finishFunction());
    CodeWriter& out = generator_.body();
    out.line(fmt::format("// {} output of the groups", generator_.operatorComment(node_)));
    if (grouped) {
      out.open(fmt::format("for (uint32_t {0}_group = 0; {0}_group < state->{0}.size; ++{0}_group)",
                           prefix_));
      out.line(fmt::format("{0}* {1}_entry = &state->{1}.entries[{1}_group];", entry_type_,
                           prefix_));
    } else {
      out.open("");
      out.line(fmt::format("{0}* {1}_entry = &state->{1}_global;", entry_type_, prefix_));
    }
    PLANCK_RETURN_IF_ERROR(emitGroup(parent));
    out.close();
    return absl::OkStatus();
  }

 private:
  // Calls that fold the same values into their groups share the entry's fields, so each is
  // updated once per row: TPC-H Q1's sum(l_quantity) and avg(l_quantity) one sum, count(*) and
  // the counts of avg over NOT NULL columns one count. A sum is shared by calls adding the same
  // argument the same way (exact or double) under the same FILTER; a count by calls counting the
  // same rows (the same FILTER, the same nullable arguments).
  void shareFields() {
    absl::flat_hash_map<std::string, std::string> sums, counts;
    for (Slot& slot : slots_) {
      slot.sum_field = slot.count_field = slot.field;
      if (!slot.readsRows()) continue;
      std::string filter = slot.call->filter() != nullptr ? slot.call->filter()->toString() : "";
      if (slot.function == Function::kSum || slot.function == Function::kAvg) {
        std::string key = fmt::format("{}|{}|{}", slot.wide, slot.call->arguments()[0]->toString(),
                                      filter);
        slot.sum_field = sums.emplace(key, slot.field).first->second;
      }
      if (slot.function == Function::kCount || slot.function == Function::kAvg) {
        std::vector<std::string> nullable;
        for (const ExprPtr& argument : slot.call->arguments()) {
          if (argument->nullable()) nullable.push_back(argument->toString());
        }
        std::sort(nullable.begin(), nullable.end());
        std::string key = fmt::format("{}|{}", filter, fmt::join(nullable, ","));
        slot.count_field = counts.emplace(key, slot.field).first->second;
      }
    }
  }

  // The rows of the group in `<prefix>_entry` handed to `parent`.
  absl::Status emitGroup(const RowConsumer& parent) {
    PLANCK_ASSIGN_OR_RETURN(CodeRow values, entryRow());
    ExpressionCodegen codegen = generator_.expressions(prefix_);
    CodeRow results;
    for (const ExprPtr& result : plan_.results()) {
      PLANCK_ASSIGN_OR_RETURN(CodeValue value, codegen.generate(result, values));
      results[toAttribute(result)->exprId()] = value;
    }
    generator_.countRow(node_);
    return parent(results);
  }

  absl::Status consume(const CodeRow& row, bool grouped, const RowConsumer& parent) {
    prefix_ = generator_.beginOperator(node_);
    entry_type_ = fmt::format("{}Entry", prefix_);
    CodeWriter& out = generator_.body();
    ExpressionCodegen codegen = generator_.expressions(prefix_);
    std::string entry = prefix_ + "_entry";
    if (!grouped) {
      out.line(fmt::format("{}* {} = &state->{}_global;", entry_type_, entry, prefix_));
      for (const Slot& slot : slots_) PLANCK_RETURN_IF_ERROR(update(slot, row, entry, codegen));
      return absl::OkStatus();
    }
    std::vector<CodeValue> keys;
    for (const ExprPtr& key : plan_.grouping()) {
      PLANCK_ASSIGN_OR_RETURN(CodeValue value, codegen.generate(stripAlias(key), row));
      keys.push_back(value);
    }
    key_types_.clear();
    for (const CodeValue& key : keys) key_types_.push_back(key.type);
    out.line(fmt::format("{}* {} = 0;", entry_type_, entry));
    std::string single = prefix_ + "_single";
    if (adaptive_) {
      // Passing through: the row is a group of its own, its keys read where they lie.
      generator_.stateFields().line(
          fmt::format("int64_t {0}_seen; uint8_t {0}_decided; uint8_t {0}_passing;", prefix_));
      out.line(fmt::format("{} {};", entry_type_, single));
      out.open(fmt::format("if (state->{}_passing)", prefix_));
      out.line(fmt::format("{} = {}{{}};", single, entry_type_));
      out.line(fmt::format("{} = &{};", entry, single));
      for (size_t i = 0; i < keys.size(); ++i) {
        out.line(fmt::format("{0}->k{1}_null = {2}; {0}->k{1} = {3};", entry, i, keys[i].is_null,
                             keys[i].value));
      }
      out.next("} else {");
    }
    // String keys: their first 8 bytes, for the hash and for a comparison without memcmp.
    std::vector<std::string> prefixes(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      if (!keys[i].type.storedAsBytes()) continue;
      prefixes[i] = fmt::format("{}_prefix{}", prefix_, i);
      out.line(fmt::format("uint64_t {} = planck_string_prefix({});", prefixes[i], keys[i].value));
    }
    std::string hash = prefix_ + "_hash", inserted = prefix_ + "_inserted";
    std::string hashed = generator_.hashCode(keys, prefixes);
    out.line(fmt::format("uint64_t {} = {};", hash, hashed));
    out.line(fmt::format("int {} = 0;", inserted));
    std::string equals;
    for (size_t i = 0; i < keys.size(); ++i) {
      std::string field = fmt::format("e->k{}", i);
      std::string same = keys[i].type.storedAsBytes()
                             ? fmt::format("{0}_prefix == {1} && {0}.size == {2}.size && "
                                           "planck_string_rest_equals({0}, {2})",
                                           field, prefixes[i], keys[i].value)
                         : keys[i].type.id() == TypeId::kDouble
                             ? fmt::format("planck_double_compare({}, {}) == 0", field,
                                           keys[i].value)
                             : fmt::format("{} == {}", field, keys[i].value);
      equals += fmt::format("{}{}_null == {} && ({} || {})", i > 0 ? " && " : "", field,
                            keys[i].is_null, keys[i].is_null, same);
    }
    out.line(fmt::format(
        "{1} = planck_groups_find(ctx, &state->{2}, {3}, [&](const {0}* e) {{ return {4}; }}, "
        "&{5});",
        entry_type_, entry, prefix_, hash, equals, inserted));
    out.line(fmt::format("if ({} == 0) return PLANCK_ERROR;", entry));
    out.open(fmt::format("if ({})", inserted));
    for (size_t i = 0; i < keys.size(); ++i) {
      const CodeValue& key = keys[i];
      std::string field = fmt::format("{}->k{}", entry, i);
      out.line(fmt::format("{}_null = {};", field, key.is_null));
      if (key.type.isNull()) continue;
      if (key.type.storedAsBytes()) {
        out.open(fmt::format("if (!{})", key.is_null));
        out.line(fmt::format("{0}.data = ctx->api->copy_string(ctx, {1}.data, {1}.size);", field,
                             key.value));
        out.line(fmt::format("if ({}.data == 0) return PLANCK_ERROR;", field));
        out.line(fmt::format("{}.size = {}.size;", field, key.value));
        out.line(fmt::format("{}_prefix = {};", field, prefixes[i]));
        out.close();
      } else if (key.type.id() == TypeId::kDouble) {
        // As the interpreter's keys: -0.0 groups (and shows) as 0.0, every NaN as one NaN.
        out.line(fmt::format(
            "if (!{1}) {0} = {2} == 0.0 ? 0.0 : ({2} != {2} ? __builtin_nan(\"\") : {2});",
            field, key.is_null, key.value));
      } else {
        out.line(fmt::format("if (!{}) {} = {};", key.is_null, field, key.value));
      }
    }
    out.close();
    if (adaptive_) out.close();
    for (const Slot& slot : slots_) PLANCK_RETURN_IF_ERROR(update(slot, row, entry, codegen));
    if (adaptive_) {
      out.open(fmt::format("if (state->{}_passing)", prefix_));
      PLANCK_RETURN_IF_ERROR(emitGroup(parent));
      out.next("} else {");
      out.line(fmt::format(
          "if (!state->{0}_decided && ctx->options->partial_adaptive && ++state->{0}_seen >= "
          "ctx->options->partial_sample_rows) {{",
          prefix_));
      out.line(fmt::format(
          "  state->{0}_decided = 1;", prefix_));
      out.line(fmt::format(
          "  state->{0}_passing = (double)state->{0}.size > "
          "ctx->options->partial_max_group_ratio * (double)state->{0}_seen;",
          prefix_));
      out.line("}");
      out.close();
    }
    return absl::OkStatus();
  }

  // Folds one row (or one row of buffers) into the entry.
  absl::Status update(const Slot& slot, const CodeRow& row, const std::string& entry,
                      ExpressionCodegen& codegen) {
    CodeWriter& out = generator_.body();
    std::string f = fmt::format("{}->{}", entry, slot.field);
    std::string fs = fmt::format("{}->{}", entry, slot.sum_field);
    std::string fc = fmt::format("{}->{}", entry, slot.count_field);
    if (!slot.readsRows()) {
      out.open("");
      std::vector<CodeValue> buffers;
      for (const AttributePtr& buffer : slot.plan->buffer) {
        auto found = row.find(buffer->exprId());
        if (found == row.end()) return absl::InternalError("generated aggregate: missing buffer");
        buffers.push_back(found->second);
      }
      const CodeValue& b = buffers[0];
      switch (slot.function) {
        case Function::kCount:
        case Function::kCountIf:
          out.line(fmt::format("{}_count += {};", f, b.value));
          break;
        case Function::kSum:
        case Function::kAvg:
          if (slot.function == Function::kAvg) {
            out.line(fmt::format("{}_count += {};", f, buffers[1].value));
          }
          out.line(fmt::format("if (!{0}) {{ {1}_has = 1; {2}; }}", b.is_null, f,
                               addToSum(slot, f, b.value)));
          break;
        case Function::kMin:
        case Function::kMax:
          writeMinMax(slot, b, f);
          break;
      }
      out.close();
      return absl::OkStatus();
    }
    // As the interpreter: every row's arguments are computed (and may fail), the FILTER clause
    // then picks the rows that count.
    std::vector<CodeValue> args;
    for (const ExprPtr& argument : slot.call->arguments()) {
      PLANCK_ASSIGN_OR_RETURN(CodeValue value, codegen.generate(argument, row));
      args.push_back(value);
    }
    std::optional<CodeValue> keep;
    if (ExprPtr filter = slot.call->filter()) {
      PLANCK_ASSIGN_OR_RETURN(keep, codegen.generate(filter, row));
    }
    out.open("");
    if (keep) out.open(fmt::format("if (!{} && {})", keep->is_null, keep->value));
    bool own_sum = slot.sum_field == slot.field, own_count = slot.count_field == slot.field;
    switch (slot.function) {
      case Function::kCount: {
        if (!own_count) break;
        std::string counted = "1";
        for (const CodeValue& arg : args) counted += fmt::format(" && !{}", arg.is_null);
        out.line(fmt::format("if ({}) ++{}_count;", counted, f));
        break;
      }
      case Function::kCountIf:
        out.line(fmt::format("if (!{} && {}) ++{}_count;", args[0].is_null, args[0].value, f));
        break;
      case Function::kSum:
      case Function::kAvg: {
        std::string value = args[0].value;
        if (!slot.wide && args[0].type.id() != TypeId::kDouble) value = "(double)" + value;
        // Only avg reads the count.
        bool count = slot.function == Function::kAvg && own_count;
        if (!own_sum && !count) break;
        out.line(fmt::format("if (!{0}) {{ {1}{2} }}", args[0].is_null,
                             own_sum ? fmt::format("{}; {}_has = 1;", addToSum(slot, f, value), f)
                                     : std::string(),
                             count ? fmt::format(" ++{}_count;", f) : std::string()));
        break;
      }
      case Function::kMin:
      case Function::kMax:
        writeMinMax(slot, args[0], f);
        break;
    }
    if (keep) out.close();
    out.close();
    return absl::OkStatus();
  }

  // The statement adding `value` to a call's sum: exact in two words, or a double.
  static std::string addToSum(const Slot& slot, const std::string& f, const std::string& value) {
    if (slot.wide) return fmt::format("planck_wide_add(&{}_sum, (int64_t){})", f, value);
    return fmt::format("{}_sum += {}", f, value);
  }

  void writeMinMax(const Slot& slot, const CodeValue& value, const std::string& f) {
    CodeWriter& out = generator_.body();
    CodeValue current{f + "_value", "0", slot.input};
    std::string less = slot.function == Function::kMax ? compareCode(current, value) + " < 0"
                                                       : compareCode(value, current) + " < 0";
    out.open(fmt::format("if (!{} && (!{}_has || {}))", value.is_null, f, less));
    if (slot.input.storedAsBytes()) {
      out.line(fmt::format("{0}_value.data = ctx->api->copy_string(ctx, {1}.data, {1}.size);", f,
                           value.value));
      out.line(fmt::format("if ({}_value.data == 0) return PLANCK_ERROR;", f));
      out.line(fmt::format("{}_value.size = {}.size;", f, value.value));
    } else {
      out.line(fmt::format("{}_value = {};", f, value.value));
    }
    out.line(fmt::format("{}_has = 1;", f));
    out.close();
  }

  void declareEntry(bool grouped) {
    CodeWriter& types = generator_.typeDeclarations();
    types.open(fmt::format("struct {}", entry_type_));
    types.line("uint64_t hash;");
    for (size_t i = 0; i < key_types_.size(); ++i) {
      types.line(fmt::format("{} k{}; uint8_t k{}_null;{}", cTypeOf(key_types_[i]), i, i,
                             key_types_[i].storedAsBytes()
                                 ? fmt::format(" uint64_t k{}_prefix;", i)
                                 : std::string()));
    }
    for (const Slot& slot : slots_) {
      switch (slot.function) {
        case Function::kCount:
        case Function::kCountIf:
          if (slot.count_field == slot.field) {
            types.line(fmt::format("int64_t {}_count;", slot.field));
          }
          break;
        case Function::kSum:
        case Function::kAvg:
          if (slot.sum_field == slot.field) {
            types.line(fmt::format("{} {}_sum; uint8_t {}_has;",
                                   slot.wide ? "PlanckWide" : "double", slot.field, slot.field));
          }
          if (slot.function == Function::kAvg && slot.count_field == slot.field) {
            types.line(fmt::format("int64_t {}_count;", slot.field));
          }
          break;
        case Function::kMin:
        case Function::kMax:
          types.line(fmt::format("{} {}_value; uint8_t {}_has;", cTypeOf(slot.input), slot.field,
                                 slot.field));
          break;
      }
    }
    types.close("};");
    types.line("");
    if (grouped) {
      generator_.stateFields().line(fmt::format("PlanckGroups<{}> {};", entry_type_, prefix_));
      generator_.initCode().line(fmt::format(
          "if (planck_groups_init(ctx, &state->{}, 256) != PLANCK_OK) return PLANCK_ERROR;",
          prefix_));
    } else {
      generator_.stateFields().line(fmt::format("{} {}_global;", entry_type_, prefix_));
    }
  }

  // The row the results read: the grouping attributes and each call's buffers or result.
  absl::StatusOr<CodeRow> entryRow() {
    CodeWriter& out = generator_.body();
    std::string e = prefix_ + "_entry";
    CodeRow row;
    for (size_t i = 0; i < plan_.grouping().size(); ++i) {
      row[toAttribute(plan_.grouping()[i])->exprId()] =
          CodeValue{fmt::format("{}->k{}", e, i), fmt::format("{}->k{}_null", e, i), key_types_[i]};
    }
    for (const Slot& slot : slots_) {
      std::string f = fmt::format("{}->{}", e, slot.field);
      std::string fs = fmt::format("{}->{}", e, slot.sum_field);
      std::string fc = fmt::format("{}->{}", e, slot.count_field);
      std::string var = generator_.names().fresh(prefix_, slot.field);
      if (slot.writesBuffers()) {
        const Attributes& buffer = slot.plan->buffer;
        switch (slot.function) {
          case Function::kCount:
          case Function::kCountIf:
            row[buffer[0]->exprId()] = CodeValue{fc + "_count", "0", DataType::bigint()};
            break;
          case Function::kSum:
          case Function::kAvg:
            row[buffer[0]->exprId()] = sumValue(slot, fs, var, slot.sum_type);
            if (slot.function == Function::kAvg) {
              row[buffer[1]->exprId()] = CodeValue{fc + "_count", "0", DataType::bigint()};
            }
            break;
          case Function::kMin:
          case Function::kMax:
            row[buffer[0]->exprId()] = CodeValue{f + "_value", "!" + f + "_has", slot.input};
            break;
        }
        continue;
      }
      ExprId result = slot.plan->result->exprId();
      DataType type = slot.call->dataType();
      switch (slot.function) {
        case Function::kCount:
        case Function::kCountIf:
          row[result] = CodeValue{fc + "_count", "0", DataType::bigint()};
          break;
        case Function::kSum:
          row[result] = sumValue(slot, fs, var, type);
          break;
        case Function::kAvg: {
          std::string sum = slot.wide ? fmt::format("((double)planck_wide_value({}_sum) / {})", fs,
                                                    fmt::format("{:.1f}", static_cast<double>(
                                                                              powerOfTen(slot.input.scale()))))
                                      : fs + "_sum";
          out.line(fmt::format("uint8_t {0}_null = !{1}_has || {2}_count == 0;", var, fs, fc));
          out.line(fmt::format("double {0} = {0}_null ? 0.0 : {1} / (double){2}_count;", var, sum,
                               fc));
          row[result] = CodeValue{var, var + "_null", DataType::float64()};
          break;
        }
        case Function::kMin:
        case Function::kMax:
          row[result] = CodeValue{f + "_value", "!" + f + "_has", slot.input};
          break;
      }
    }
    return row;
  }

  // A sum as a value of `type`: a double as is; an exact sum checked to fit `type` (BIGINT's
  // range or the DECIMAL's precision), else the interpreter's error.
  CodeValue sumValue(const Slot& slot, const std::string& f, const std::string& var,
                     DataType type) {
    if (!slot.wide) return CodeValue{f + "_sum", "!" + f + "_has", type};
    std::string wide = generator_.names().fresh(prefix_, "wide");
    generator_.body().line(
        fmt::format("planck_int128 {} = planck_wide_value({}_sum);", wide, f));
    CodeWriter& out = generator_.body();
    std::string fits = type.isDecimal()
                           ? fmt::format("{0} < (planck_int128){1}LL && {0} > -(planck_int128){1}LL",
                                         wide, powerOfTen(type.precision()))
                           : fmt::format("{0} >= (-9223372036854775807LL - 1) && {0} <= "
                                         "9223372036854775807LL",
                                         wide);
    out.line(fmt::format("if ({}_has && !({})) return ctx->api->fail(ctx, {});", f, fits,
                         slot.overflow_error));
    out.line(fmt::format("int64_t {} = {}_has ? (int64_t){} : 0;", var, f, wide));
    return CodeValue{var, "!" + f + "_has", type};
  }

  StageGenerator& generator_;
  PhysicalPtr node_;
  const HashAggregateExec& plan_;
  std::vector<Slot> slots_;
  std::vector<DataType> key_types_;
  std::string prefix_;
  std::string entry_type_;
  bool adaptive_ = false;
};

}  // namespace

absl::Status StageGenerator::produceAggregate(const PhysicalPtr& node, const RowConsumer& parent) {
  AggregateWriter writer(*this, node);
  return writer.produce(parent);
}

}  // namespace planck
