// SortMergeJoin in generated code: inner, left outer, left semi and left anti joins (the others
// stay interpreted). As Spark's SortMergeJoinExec.doProduce, the left side streams through the
// pipeline and the right side is the buffered one; both arrive sorted ascending, NULLs first, on
// the join keys (the Sorts EnsureRequirements put below them).
//
// The right side is the task's partition of it in one batch: a build function (run per task,
// like a shuffled hash join's) only keeps the batch, already in key order. The stage's state
// holds the current right group of equal keys, [start, end). For each left row:
//
//   key has a NULL          no match (NULL equals nothing); the group stays
//   group's keys smaller    passed: the next group is found, until one is not smaller
//   group's keys equal      its rows are the candidates, checked against the condition
//
// then, by join type, the same output loop as the hash joins (writeJoinOutput). This is the
// interpreter's SortMergeJoinScanner order (runtime/exec/merge_join_operator.h), so the rows come
// out in the same order. The interpreted join buffers one group at a time; here the whole right
// partition is held, which the Sort below it held anyway.
#include "codegen/stage_generator.h"
#include "common/status.h"
#include "fmt/format.h"

namespace planck {
namespace {

// A C++ expression: -1, 0 or 1 as the keys `a` order against `b` (NULLs first and equal to each
// other, as the interpreter's merge compares them).
std::string compareKeysCode(const std::vector<CodeValue>& a, const std::vector<CodeValue>& b) {
  std::string code = "0";
  for (size_t k = a.size(); k-- > 0;) {
    std::string one = fmt::format(
        "(({0} || {1}) ? ({0} == {1} ? 0 : ({0} ? -1 : 1)) : {2})", a[k].is_null, b[k].is_null,
        compareCode(a[k], b[k]));
    code = k + 1 == a.size() ? one : fmt::format("({0} != 0 ? {0} : {1})", one, code);
  }
  return code;
}

}  // namespace

absl::Status StageGenerator::produceSortMergeJoin(const PhysicalPtr& node,
                                                  const RowConsumer& parent) {
  const auto* join = node->as<SortMergeJoinExec>();
  const PhysicalPtr& right = node->child(1);
  // The right side itself: below the InputAdapter the stage put over it.
  PhysicalPtr side = right->is<InputAdapterExec>() ? right->child(0) : right;

  return produce(node->child(0), [&](const CodeRow& row) -> absl::Status {
    std::string prefix = beginOperator(node);
    // The build function: the task's partition of the right side, kept as it is.
    FunctionCode code;
    code.body.line("table->build = batch;");
    code.body.line("(void)ctx;");
    int number = addBuild(side, /*per_task=*/true, std::move(code));

    std::string rows = prefix + "_right";
    current_->preamble.line(fmt::format(
        "const PlanckBatch* {} = ((const PlanckJoinTable*)ctx->shared[{}])->build;", rows,
        number));
    std::string start = prefix + "_start", end = prefix + "_end";
    state_fields_.line(fmt::format("int64_t {};  // the current right group: [start, end)", start));
    state_fields_.line(fmt::format("int64_t {};", end));
    // The right keys of row `at` (a C++ expression).
    auto right_keys = [&](const std::string& at, const std::string& what)
        -> absl::StatusOr<std::vector<CodeValue>> {
      CodeRow values = loadRow(right->output(), rows + "->columns", at, prefix + "_" + what,
                               current_->preamble);
      ExpressionCodegen codegen = expressions(prefix + "_" + what);
      std::vector<CodeValue> keys;
      for (const ExprPtr& key : join->rightKeys()) {
        PLANCK_ASSIGN_OR_RETURN(CodeValue value, codegen.generate(key, values));
        keys.push_back(value);
      }
      return keys;
    };

    ExpressionCodegen codegen = expressions(prefix);
    std::vector<CodeValue> left_keys;
    std::string no_null = "1";
    for (const ExprPtr& key : join->leftKeys()) {
      PLANCK_ASSIGN_OR_RETURN(CodeValue value, codegen.generate(key, row));
      left_keys.push_back(value);
      no_null += " && !" + value.is_null;
    }
    // Advance to the first group whose keys are not below the left row's.
    std::string equal = prefix + "_equal";
    body().line(fmt::format("uint8_t {} = 0;", equal));
    body().open(fmt::format("if ({})", no_null));
    body().open("for (;;)");
    body().open(fmt::format("if (state->{} < state->{})", start, end));
    {
      std::string first = "state->" + start;
      PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> group, right_keys(first, "group"));
      body().line(fmt::format("int {}_order = {};", prefix, compareKeysCode(left_keys, group)));
      body().open(fmt::format("if ({}_order <= 0)", prefix));
      body().line(fmt::format("{} = {}_order == 0;", equal, prefix));
      body().line("break;");
      body().close();
    }
    body().close();
    // The next group: the rows from `end` on with the keys of row `end`.
    body().line(fmt::format("state->{0} = state->{1};", start, end));
    body().line(fmt::format("if (state->{} >= {}->rows) break;", start, rows));
    body().line(fmt::format("state->{0} = state->{1} + 1;", end, start));
    body().open(fmt::format("while (state->{} < {}->rows)", end, rows));
    {
      PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> first, right_keys("state->" + start, "first"));
      PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> next, right_keys("state->" + end, "next"));
      body().line(fmt::format("if ({} != 0) break;", compareKeysCode(next, first)));
      body().line(fmt::format("++state->{};", end));
    }
    body().close();
    body().close();
    body().close();

    // The candidates: the group's rows when its keys are equal, else none.
    std::string next = prefix + "_next", last = prefix + "_last", at = prefix + "_at";
    body().line(fmt::format("int64_t {} = {} ? state->{} : 0;", next, equal, start));
    body().line(fmt::format("int64_t {} = {} ? state->{} : 0;", last, equal, end));
    auto next_candidate = [&]() -> absl::StatusOr<CodeRow> {
      body().open(fmt::format("while ({} < {})", next, last));
      body().line(fmt::format("int64_t {} = {}++;", at, next));
      return loadRow(right->output(), rows + "->columns", at, prefix + "_match",
                     current_->preamble);
    };
    return writeJoinOutput(node, prefix, join->joinType(), join->condition(), row,
                           right->output(), next_candidate, parent);
  });
}

}  // namespace planck
