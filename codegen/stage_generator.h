// StageGenerator: the state of generating one stage (internal to codegen/; stage_codegen.h is
// the interface). Operators are split over files by family: stage_codegen.cc (the stage's
// input, Filter, Project, limits, the output), aggregate_codegen.cc, join_codegen.cc.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "codegen/code_writer.h"
#include "codegen/expression_codegen.h"
#include "codegen/stage_codegen.h"
#include "physical/operators.h"

namespace planck {

// One generated function: declarations hoisted out of its loops, then its body.
struct FunctionCode {
  CodeWriter preamble;
  CodeWriter body;
};

// What an operator does with each row its child produces: writes code for it.
using RowConsumer = std::function<absl::Status(const CodeRow&)>;

class StageGenerator {
 public:
  StageGenerator(const PhysicalPtr& stage, StageSink sink);
  absl::StatusOr<GeneratedStage> generate();

  // produce(node): the code that drives `node`'s rows, each handed to `parent`.
  absl::Status produce(const PhysicalPtr& node, const RowConsumer& parent);

  // Operators, by family.
  absl::Status produceInput(const PhysicalPtr& node, const PhysicalPtr& input,
                            const RowConsumer& parent);
  // Makes `node` (a scan or an InputAdapter) the stage's input without a loop over its rows: the
  // operator over it takes each batch whole.
  absl::Status useInput(const PhysicalPtr& node);
  absl::Status produceAggregate(const PhysicalPtr& node, const RowConsumer& parent);
  // BroadcastHashJoin and ShuffledHashJoin: the build side's table made by a generated build
  // function (once per query for a broadcast, once per task for a shuffled join), the probe in
  // the streamed side's pipeline.
  absl::Status produceHashJoin(const PhysicalPtr& node, const RowConsumer& parent);
  void writeProbePrefetch(const std::string& prefix, const std::string& table,
                          const std::vector<ExprPtr>& keys);
  // What a join passes on for the streamed row `row` (the probe of a hash join, the merge of a
  // sort-merge join), by join type: `next_candidate` opens a loop that finds the next row of the
  // other side with equal keys (`continue` skips a row) and returns its values; the join's
  // condition is checked on the pair.
  absl::Status writeJoinOutput(const PhysicalPtr& node, const std::string& prefix, JoinType type,
                               const ExprPtr& condition, const CodeRow& row,
                               const Attributes& other_output,
                               const std::function<absl::StatusOr<CodeRow>()>& next_candidate,
                               const RowConsumer& parent);
  // Sort (and a top-k): the pipeline's rows buffered by the runtime (PlanckApi::sort_buffer),
  // sorted when the pipeline ends, then a new pipeline over them in order.
  // `input`: what the sort reads (the sort's child, or the stage's root for a top-k sink); the
  // rows it passes on are counted as `node`'s unless `count` is false.
  absl::Status produceSort(const PhysicalPtr& node, const PhysicalPtr& input,
                           const std::vector<ExprPtr>& order, int64_t limit, bool count,
                           const RowConsumer& parent);
  // SortMergeJoin: the left side streams; the right side, sorted, is the task's partition of it
  // in one batch (a build function per task), merged by a cursor kept in the stage's state.
  absl::Status produceSortMergeJoin(const PhysicalPtr& node, const RowConsumer& parent);

  // Helpers the operators share.
  // `// *(n) <line> (node k)` and the operator's variable prefix (`filter3`).
  std::string beginOperator(const PhysicalPtr& node);
  // `*(n) <line> (node k)`: how comments name `node`.
  std::string operatorComment(const PhysicalPtr& node) const;
  // Counts one row out of `node` (EXPLAIN ANALYZE's rows).
  void countRow(const PhysicalPtr& node);
  // The ctx->counters index of `node`'s rows.
  int counterOf(const PhysicalPtr& node);
  ExpressionCodegen expressions(const std::string& prefix) {
    return ExpressionCodegen(current_->body, names_, fallbacks_, prefix);
  }
  // The values of row `row_var` of batch columns `columns_var` (a PlanckColumn array) holding
  // `attributes`: loads declared in the current body, column pointers hoisted in `hoist`.
  // `trust_not_null`: a column whose attribute is not nullable has no NULL test (a table scan's
  // NOT NULL columns, which no load or INSERT can fill with NULL).
  CodeRow loadRow(const Attributes& attributes, const std::string& columns_var,
                  const std::string& row_var, const std::string& prefix, CodeWriter& hoist,
                  bool trust_not_null = false);
  // A C++ expression hashing the values `keys` (NULLs as a constant), after the statements it
  // writes to the current body; `prefixes` names, per string key, a variable already holding its
  // planck_string_prefix (empty: computed here).
  std::string hashCode(const std::vector<CodeValue>& keys,
                       const std::vector<std::string>& prefixes = {});
  // Where the stage's input row `id` is read in consume(): its column, when the current code is
  // inside the input loop (a broadcast probe prefetches from there).
  struct SourceColumn {
    size_t column;
    DataType type;
  };
  std::optional<SourceColumn> sourceColumn(ExprId id) const;
  const std::string& sourceRow() const { return source_row_; }
  // A number for an error message (PlanckApi::fail).
  int errorNumber(std::string message);
  // The values of `columns` in `row`, typed as the columns (an error names one not computed).
  absl::StatusOr<std::vector<CodeValue>> columnValues(const Attributes& columns,
                                                      const CodeRow& row) const;
  // Appends one row of `values` (their types are the columns') to the PlanckOutput `out_var`.
  void writeRow(const std::string& out_var, const std::vector<CodeValue>& values);

  // Whether `node` is the stage's root (its rows are the stage's output).
  bool isStageRoot(const PhysicalPtr& node) const { return stage_->child(0) == node; }
  CodeWriter& body() { return current_->body; }
  FunctionCode& consumeFunction() { return consume_; }
  FunctionCode& finishFunction() { return finish_; }
  void setCurrent(FunctionCode* function) { current_ = function; }
  NameSource& names() { return names_; }
  CodeWriter& stateFields() { return state_fields_; }
  CodeWriter& initCode() { return init_; }
  CodeWriter& typeDeclarations() { return types_; }
  std::string stateType() const { return state_type_; }
  // A build function for a join's build side (`per_task`: the task's partition of it, else a
  // broadcast); returns its number j.
  int addBuild(const PhysicalPtr& side, bool per_task, FunctionCode code);
  // A sort of the stage (PlanckApi::sort_buffer); returns its number.
  int addSort(CompiledStage::SortSpec spec) {
    sorts_.push_back(std::move(spec));
    return static_cast<int>(sorts_.size()) - 1;
  }

 private:
  absl::Status produceFilter(const PhysicalPtr& node, const RowConsumer& parent);
  absl::Status produceProject(const PhysicalPtr& node, const RowConsumer& parent);
  absl::Status produceLimit(const PhysicalPtr& node, int64_t limit, int64_t offset,
                            const RowConsumer& parent);
  absl::Status writeOutput(const CodeRow& row);
  absl::StatusOr<CodeValue> partitionOf(const CodeRow& row);
  std::string assemble() const;

  PhysicalPtr stage_;
  const Partitioning* exchange_;  // StageSink::exchange
  const TakeOrderedAndProjectExec* take_;  // StageSink::take
  int stage_id_;
  std::string stage_mark_;  // `*(n)`
  std::string state_type_;
  NameSource names_;
  std::vector<ExprPtr> fallbacks_;
  std::vector<std::string> errors_;
  std::vector<const PhysicalPlan*> counted_;
  std::vector<const PhysicalPlan*> numbered_;  // node numbers in comments and prefixes
  PhysicalPtr input_;
  std::string source_row_;
  absl::flat_hash_map<ExprId, SourceColumn> source_columns_;
  std::vector<PhysicalPtr> build_sides_;
  std::vector<bool> build_per_task_;
  std::vector<FunctionCode> builds_;
  std::vector<CompiledStage::SortSpec> sorts_;
  CodeWriter types_;
  CodeWriter state_fields_;
  CodeWriter init_;
  FunctionCode consume_;
  FunctionCode finish_;
  FunctionCode* current_ = nullptr;
};

}  // namespace planck
