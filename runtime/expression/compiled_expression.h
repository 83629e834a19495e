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
// the aggregate calls themselves are not row expressions (compiling one is an error). Subquery
// expressions (scalar, EXISTS, IN) take what the executor's subquery runner returns for each
// row's outer values (CompileOptions; runtime/expression/subquery.cc).
//
// A compiled expression is immutable: tasks on several threads may share one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "logical/expressions.h"
#include "runtime/vector.h"

namespace planck {

class ExprNode;

// What a subquery expression's plan returned, for one set of outer values: the first column of
// its rows (a scalar subquery's value, EXISTS's rows, IN's candidates); for IN (subquery) also
// its non-NULL values as a set, and whether a NULL was among them.
struct SubqueryResult {
  struct Hash {
    size_t operator()(const Value& value) const { return value.hash(); }
  };
  std::vector<Value> first_column;
  absl::flat_hash_set<Value, Hash> in_set;
  bool has_null = false;
};

// The values of the outer references bound while a correlated subquery's plan runs for one row
// of its enclosing query, by the ExprId of the attribute each refers to.
using OuterValues = absl::flat_hash_map<ExprId, Value>;

// How compilation treats what is not a plain row expression.
struct CompileOptions {
  // Runs a subquery expression's plan for the values of outerAttributes(subquery) (none when it
  // is uncorrelated) and returns what it produced: the executor's subquery runner (Spark's
  // SubqueryExec; a correlated one is re-run per distinct outer row, as PostgreSQL's SubPlan).
  // Unset: a subquery expression is an error.
  std::function<absl::StatusOr<std::shared_ptr<const SubqueryResult>>(
      const SubqueryExpression&, const std::vector<Value>& outer)>
      subquery_result;
  // Set while compiling the plan of a correlated subquery for one outer row: each
  // OuterReference compiles to its bound value.
  std::shared_ptr<const OuterValues> outer_values;
};

// The distinct attributes of enclosing queries a subquery expression reads (its outer
// references, nested subqueries' included), in order of first appearance: the order of the
// `outer` values passed to CompileOptions::subquery_result.
std::vector<AttributePtr> outerAttributes(const SubqueryExpression& subquery);

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
