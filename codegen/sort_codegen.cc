// SortExec in generated code: a pipeline's sink, then the source of the next pipeline. The same
// code keeps each task's top rows for a TakeOrderedAndProject above the stage (a StageSink).
//
// Each row that reaches the sort is appended to a buffer the runtime keeps for it
// (PlanckApi::sort_buffer): the sort's columns, then the values of its keys that are not columns
// (`ORDER BY a + b`). When the pipeline ends (in finish), PlanckApi::sort orders all the rows by
// the keys with the interpreter's own comparison (runtime/exec/sort.h: NaN above every number,
// NULLs first or last, stable), so the order is the interpreted Sort's by construction; the rows
// then go on to the parent in that order, in a loop of their own.
//
// Two cases copy less: a sort right over the stage's input keeps the input batches whole
// (PlanckApi::sort_keep_input), and a sort that is the stage's root has the runtime gather its
// rows into the output a column at a time (PlanckApi::sort_output), as the interpreted Sort does.
#include "codegen/stage_generator.h"
#include "common/status.h"
#include "fmt/format.h"

namespace planck {

absl::Status StageGenerator::produceSort(const PhysicalPtr& node, const PhysicalPtr& input,
                                         const std::vector<ExprPtr>& order, int64_t limit,
                                         bool count, const RowConsumer& parent) {
  const Attributes& columns = input->output();
  // The buffered columns: the child's, then the keys that are not among them.
  CompiledStage::SortSpec spec;
  spec.limit = limit;
  for (const AttributePtr& attribute : columns) spec.types.push_back(attribute->dataType());
  std::vector<ExprPtr> computed_keys;
  for (const ExprPtr& expr : order) {
    const auto* sort_order = expr->as<SortOrder>();
    if (sort_order == nullptr) return absl::InternalError("Sort: an order that is not a SortOrder");
    const ExprPtr& key = sort_order->child(0);
    size_t column = columns.size();
    if (const auto* attribute = key->as<AttributeReference>()) {
      for (size_t i = 0; i < columns.size(); ++i) {
        if (columns[i]->exprId() == attribute->exprId()) column = i;
      }
    }
    if (column == columns.size()) {
      column = spec.types.size();
      spec.types.push_back(key->dataType());
      computed_keys.push_back(key);
    }
    spec.keys.push_back({column, sort_order->ascending(), sort_order->nullsFirst()});
  }
  int number = addSort(std::move(spec));

  std::string prefix;
  // Each row appended to the buffer, its computed keys after its columns.
  auto buffer_row = [&](const CodeRow& row) -> absl::Status {
    prefix = beginOperator(node);
    std::string buffer = prefix + "_buffer";
    current_->preamble.line(
        fmt::format("PlanckOutput* {} = ctx->api->sort_buffer(ctx, {});", buffer, number));
    current_->preamble.line(fmt::format("if ({} == 0) return PLANCK_ERROR;", buffer));
    PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> values, columnValues(columns, row));
    ExpressionCodegen codegen = expressions(prefix);
    for (const ExprPtr& key : computed_keys) {
      PLANCK_ASSIGN_OR_RETURN(CodeValue value, codegen.generate(key, row));
      values.push_back(value);
      values.back().type = key->dataType();
    }
    writeRow(buffer, values);
    return absl::OkStatus();
  };
  if (computed_keys.empty() && (input->is<InputAdapterExec>() || input->is<ScanExec>())) {
    // Right over the stage's input: each input batch is kept whole, nothing copied.
    PLANCK_RETURN_IF_ERROR(useInput(input));
    prefix = beginOperator(node);
    body().line(fmt::format(
        "if (ctx->api->sort_keep_input(ctx, {}) != PLANCK_OK) return PLANCK_ERROR;", number));
  } else {
    PLANCK_RETURN_IF_ERROR(produce(input, buffer_row));
  }

  // The next pipeline, at the end of finish (after any pipeline that fed the sort there): the
  // sort itself, then its rows in order. Column pointers are read once the rows are sorted.
  FunctionCode code;
  setCurrent(&code);
  std::string sorted = prefix + "_sorted", at = prefix + "_at", i = prefix + "_i";
  code.preamble.line(fmt::format("// {} output in order", operatorComment(node)));
  code.preamble.line(fmt::format("PlanckSorted {};", sorted));
  code.preamble.line(fmt::format("if (ctx->api->sort(ctx, {}, &{}) != PLANCK_OK) return PLANCK_ERROR;",
                                 number, sorted));
  if (count && isStageRoot(node) && exchange_ == nullptr && take_ == nullptr) {
    // The stage's output is the sorted rows: the runtime gathers them a column at a time.
    int counter = counterOf(node);
    code.preamble.line(fmt::format("ctx->counters[{}] += {}.count;", counter, sorted));
    code.preamble.line(fmt::format(
        "if (ctx->api->sort_output(ctx, {}) != PLANCK_OK) return PLANCK_ERROR;", number));
    finish_.body.append(code.preamble);
    setCurrent(&finish_);
    return absl::OkStatus();
  }
  body().open(fmt::format("for (int64_t {0} = 0; {0} < {1}.count; ++{0})", i, sorted));
  body().line(fmt::format("int64_t {} = {}.order[{}];", at, sorted, i));
  CodeRow row = loadRow(columns, sorted + ".rows.columns", at, prefix + "_sorted", code.preamble);
  if (count) countRow(node);
  PLANCK_RETURN_IF_ERROR(parent(row));
  body().close();
  finish_.body.append(code.preamble);
  finish_.body.append(code.body);
  setCurrent(&finish_);
  return absl::OkStatus();
}

}  // namespace planck
