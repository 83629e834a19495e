// The nodes a compiled expression is made of (internal to runtime/expression/).
//
// A node evaluates its whole subtree over the rows of a batch and returns an Operand: a vector
// with one value per row, or a one-row vector standing for every row (a constant), so that
// `x * (1 - 0.05)` never materializes the constant. Kernels are templated on which operands
// are constant, so each combination is one tight loop.
//
// Lazy parts of SQL (CASE branches, the right side of AND/OR, later COALESCE arguments) run
// their child on a sub-batch: the rows that reach the child, gathered from only the columns the
// child reads (evaluateRows). Errors of rows that never reach an expression never happen.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "logical/expressions.h"
#include "runtime/expression/compiled_expression.h"
#include "runtime/vector.h"

namespace planck {

// A node's result: `vector` has one row per input row, or one row for all when `constant`.
struct Operand {
  VectorPtr vector;
  bool constant = false;

  size_t at(size_t row) const { return constant ? 0 : row; }
  bool isNull(size_t row) const { return vector->isNull(at(row)); }
  // Whether every row is NULL for certain (a NULL constant or a void column).
  bool allNull() const {
    return vector->type().isNull() || (constant && vector->size() > 0 && vector->isNull(0));
  }
  bool hasNulls() const { return vector->hasNulls() || vector->type().isNull(); }
  template <class T>
  const T* values() const {
    return vector->values<T>();
  }
};

class ExprNode;
using NodePtr = std::unique_ptr<const ExprNode>;

// One node: an expression and its compiled children.
class ExprNode {
 public:
  ExprNode(ExprPtr expr, std::vector<NodePtr> children);
  virtual ~ExprNode() = default;

  // The expression compiled here: its type, and its sql() for error messages.
  const Expression& expr() const { return *expr_; }
  DataType type() const { return type_; }
  const std::vector<NodePtr>& children() const { return children_; }
  const ExprNode& child(size_t i) const { return *children_[i]; }
  // The input columns the subtree reads, ascending.
  const std::vector<uint32_t>& columns() const { return columns_; }
  // Whether evaluating the subtree can fail on some row (overflow, division by zero, a cast):
  // a subtree that cannot may run on rows that do not need it, which saves gathering them.
  bool mayFail() const { return may_fail_; }

  // The value of every row of `input` (input.rows rows).
  virtual absl::StatusOr<Operand> eval(const Batch& input) const = 0;

 protected:
  void addColumn(uint32_t column);
  void markMayFail() { may_fail_ = true; }

 private:
  ExprPtr expr_;
  DataType type_;
  std::vector<NodePtr> children_;
  std::vector<uint32_t> columns_;
  bool may_fail_ = false;
};

// A child's value on selected rows: selected row k is row row(k) of `value`.
struct SelectedOperand {
  Operand value;
  const uint32_t* selection = nullptr;  // set when `value` covers every input row

  size_t row(size_t k) const { return selection != nullptr ? selection[k] : k; }
  bool isNull(size_t k) const { return value.isNull(row(k)); }
  // A BOOLEAN value at selected row k: TRUE and not NULL.
  bool isTrue(size_t k) const {
    size_t at = row(k);
    return !value.isNull(at) && value.values<uint8_t>()[value.at(at)] != 0;
  }
};

// Evaluates `node` on the rows `selection[0..count)` of `input` (ascending): on a sub-batch
// gathered from the columns the node reads; or on all of `input` when that is every row, or
// when the node cannot fail and most rows are selected (cheaper than gathering).
absl::StatusOr<SelectedOperand> evaluateRows(const ExprNode& node, const Batch& input,
                                             const uint32_t* selection, size_t count);

// The number of rows a result over `input` needs: 1 when every operand is constant (the result
// is then constant too), input.rows otherwise.
size_t resultRows(const Batch& input, std::initializer_list<const Operand*> operands);
bool allConstant(std::initializer_list<const Operand*> operands);

// A new result of `type` with `rows` rows, constant when `constant`.
Operand newResult(DataType type, size_t rows, bool constant);
// A NULL constant of `type`.
Operand nullConstant(DataType type);
// A constant operand of `value` (of `type`).
Operand constantOf(const Value& value, DataType type);

// ORs the NULL masks of `operands` into `out` (rows [0, out.size())); whether any row is NULL.
bool propagateNulls(Vector& out, std::initializer_list<const Operand*> operands);
// Zeroes the value slot of every NULL row of a fixed-width vector (the layout's invariant).
void zeroNullSlots(Vector& out);
// `operand` as a full vector of `rows` rows.
VectorPtr materialize(const Operand& operand, size_t rows);

// Calls fn.template operator()<kLeftConstant, kRightConstant>() for the operands' constness:
// kernels are instantiated once per combination.
template <class Fn>
auto dispatchConstness(const Operand& left, const Operand& right, Fn&& fn) {
  if (left.constant) {
    return right.constant ? fn.template operator()<true, true>()
                          : fn.template operator()<true, false>();
  }
  return right.constant ? fn.template operator()<false, true>()
                        : fn.template operator()<false, false>();
}

// Node builders, one per family (each in its own file). `children` are compiled already.
absl::StatusOr<NodePtr> makeArithmeticNode(const ExprPtr& expr, std::vector<NodePtr> children);
absl::StatusOr<NodePtr> makeDateIntervalNode(const ExprPtr& expr, NodePtr date, Interval interval,
                                             int sign);
absl::StatusOr<NodePtr> makeNegateNode(const ExprPtr& expr, std::vector<NodePtr> children);
absl::StatusOr<NodePtr> makeComparisonNode(const ExprPtr& expr, std::vector<NodePtr> children);
absl::StatusOr<NodePtr> makeInNode(const ExprPtr& expr, std::vector<NodePtr> children);
absl::StatusOr<NodePtr> makeNullIfNode(const ExprPtr& expr, std::vector<NodePtr> children);
// coalesce(a, b, ...): each argument evaluated only on the rows still NULL.
absl::StatusOr<NodePtr> makeCoalesceNode(const ExprPtr& expr, std::vector<NodePtr> children);
absl::StatusOr<NodePtr> makeLogicNode(const ExprPtr& expr, std::vector<NodePtr> children);
// CASE WHEN (children c1, v1, ..., [else]) and if(c, a, b), which has the same layout.
absl::StatusOr<NodePtr> makeCaseWhenNode(const ExprPtr& expr, std::vector<NodePtr> children,
                                         size_t branches, bool has_else);
absl::StatusOr<NodePtr> makeCastNode(const ExprPtr& expr, std::vector<NodePtr> children);
absl::StatusOr<NodePtr> makeLikeNode(const ExprPtr& expr, std::vector<NodePtr> children);
absl::StatusOr<NodePtr> makeFunctionNode(const ExprPtr& expr, std::vector<NodePtr> children);
// startswith / starts_with, endswith, contains (what LikeSimplification makes of LIKE).
absl::StatusOr<NodePtr> makeStringMatchNode(const ExprPtr& expr, std::vector<NodePtr> children);
// A scalar subquery, EXISTS or IN (subquery) (subquery.cc): `outer_values` read the values of
// outerAttributes(subquery) from the batch, `in_value` is IN's value (nullptr otherwise).
NodePtr makeSubqueryNode(const ExprPtr& expr, std::vector<NodePtr> outer_values,
                         NodePtr in_value, const CompileOptions& options);
// Any expression that evaluates all its children, row by row through the constant evaluator
// (evaluateWithChildValues): the fallback for rare functions and non-constant LIKE patterns.
NodePtr makeRowByRowNode(const ExprPtr& expr, std::vector<NodePtr> children);
// Writes `value` (of out's type) into row `row` of a fixed-width vector (NULL: the row's
// mask), or appends it to a VARCHAR vector, which is written in row order (`row` is its size).
void storeValue(Vector& out, size_t row, const Value& value);
// A constant: `value` (of expr's type) for every row.
NodePtr makeLiteralNode(const ExprPtr& expr, const Value& value);

// The values of a numeric operand (INTEGER, BIGINT, DATE, DECIMAL's unscaled integers or
// DOUBLE) as int64_t or double: the operand's own array when it is stored so, else a widened
// copy kept in `scratch` (DECIMAL to double divides by 10^scale). One value when constant.
const int64_t* valuesAsInt64(const Operand& operand, std::vector<int64_t>& scratch);
const double* valuesAsDouble(const Operand& operand, std::vector<double>& scratch);

}  // namespace planck
