// Vectorized evaluation of resolved scalar expressions over column batches.
//
// An operator compiles each of its expressions once, against the attributes of its input, and
// then evaluates it per batch:
//
//   PLANCK_ASSIGN_OR_RETURN(auto condition, compileExpression(filter.condition(), child_output));
//   for each batch:
//     PLANCK_ASSIGN_OR_RETURN(size_t kept, condition->select(batch, selection.data()));
//     Batch out = gather(batch, selection.data(), kept);
//
// Compilation binds every AttributeReference to its input column by ExprId, folds constant
// subtrees (through the constant evaluator, so both agree) and builds a tree of nodes that each
// run one tight loop over typed arrays per batch. SQL semantics (docs/sql-semantics.md): three-
// valued logic; integer overflow, division by zero, decimal overflow and failed casts are
// errors naming the expression; only the rows that reach an expression can make it fail
// (the untaken branch of a CASE, the right side of AND after FALSE, a later COALESCE argument).
//
// An aggregation operator compiles the arguments (and FILTER condition) of each aggregate call
// the same way and evaluates them per batch, feeding the vectors to its aggregate functions;
// the aggregate calls themselves are not row expressions (compiling one is an error). An
// uncorrelated scalar subquery takes the value the executor computed first (CompileOptions).
//
// A compiled expression is immutable: tasks on several threads may share one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "logical/expressions.h"
#include "runtime/vector.h"

namespace planck {

class ExprNode;

// How compilation treats what is not a plain row expression.
struct CompileOptions {
  // The value of an uncorrelated scalar subquery or EXISTS, which the executor computes before
  // the operator runs (Spark's SubqueryExec); unset: such an expression is an error.
  std::function<absl::StatusOr<Value>(const SubqueryExpression&)> subquery_value;
};

// One compiled expression.
class CompiledExpression {
 public:
  explicit CompiledExpression(ExprPtr expr, std::unique_ptr<const ExprNode> root);
  ~CompiledExpression();

  // The expression this was compiled from, and its result type.
  const ExprPtr& expression() const { return expr_; }
  DataType dataType() const { return expr_->dataType(); }

  // The value of every row of `batch`: a vector of batch.rows rows of exactly dataType(). The
  // vector may be one of the batch's own columns (a bare column reference): do not modify it.
  absl::StatusOr<VectorPtr> evaluate(const Batch& batch) const;

  // For a BOOLEAN expression: writes the positions of the rows where it is TRUE (NULL and
  // FALSE drop) into `selection`, which has room for batch.rows entries, in ascending order,
  // and returns how many there are.
  absl::StatusOr<size_t> select(const Batch& batch, uint32_t* selection) const;

 private:
  ExprPtr expr_;
  std::unique_ptr<const ExprNode> root_;
};

// Compiles `expr` (resolved) to read the columns of `input`: the column of attribute input[i]
// is batch.columns[i]. An attribute not in `input`, an aggregate, a window function or an
// unresolved node is an error naming it.
absl::StatusOr<std::unique_ptr<CompiledExpression>> compileExpression(
    const ExprPtr& expr, const Attributes& input, const CompileOptions& options = {});

// Evaluates `exprs` over `batch` into a new batch (a projection), compiled once by the caller.
absl::StatusOr<Batch> evaluateAll(const std::vector<std::unique_ptr<CompiledExpression>>& exprs,
                                  const Batch& batch);

}  // namespace planck
