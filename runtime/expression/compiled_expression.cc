#include "runtime/expression/compiled_expression.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "common/status.h"
#include "fmt/format.h"
#include "logical/evaluator.h"
#include "logical/value_cast.h"
#include "runtime/expression/expression_node.h"

namespace planck {

ExprNode::ExprNode(ExprPtr expr, std::vector<NodePtr> children)
    : expr_(std::move(expr)), type_(expr_->dataType()), children_(std::move(children)) {
  for (const NodePtr& child : children_) {
    for (uint32_t column : child->columns()) addColumn(column);
    may_fail_ = may_fail_ || child->mayFail();
  }
}

void ExprNode::addColumn(uint32_t column) {
  auto at = std::lower_bound(columns_.begin(), columns_.end(), column);
  if (at == columns_.end() || *at != column) columns_.insert(at, column);
}

absl::StatusOr<SelectedOperand> evaluateRows(const ExprNode& node, const Batch& input,
                                             const uint32_t* selection, size_t count) {
  if (count == input.rows) {
    PLANCK_ASSIGN_OR_RETURN(Operand value, node.eval(input));
    return SelectedOperand{std::move(value), nullptr};
  }
  if (!node.mayFail() && 2 * count >= input.rows) {
    PLANCK_ASSIGN_OR_RETURN(Operand value, node.eval(input));
    return SelectedOperand{std::move(value), selection};
  }
  Batch rows;
  rows.rows = count;
  rows.columns.resize(input.columns.size());
  for (uint32_t column : node.columns())
    rows.columns[column] = gather(*input.columns[column], selection, count);
  PLANCK_ASSIGN_OR_RETURN(Operand value, node.eval(rows));
  return SelectedOperand{std::move(value), nullptr};
}

bool allConstant(std::initializer_list<const Operand*> operands) {
  return std::all_of(operands.begin(), operands.end(),
                     [](const Operand* operand) { return operand->constant; });
}

size_t resultRows(const Batch& input, std::initializer_list<const Operand*> operands) {
  return input.rows > 0 && allConstant(operands) ? 1 : input.rows;
}

Operand newResult(DataType type, size_t rows, bool constant) {
  return {Vector::make(type, rows), constant};
}

Operand nullConstant(DataType type) { return {Vector::constant(Value::null(type), type, 1), true}; }

Operand constantOf(const Value& value, DataType type) {
  return {Vector::constant(value, type, 1), true};
}

bool propagateNulls(Vector& out, std::initializer_list<const Operand*> operands) {
  bool any = false;
  size_t rows = out.size();
  for (const Operand* operand : operands) {
    if (!operand->hasNulls()) continue;
    if (operand->allNull()) {
      if (rows > 0) std::fill_n(out.mutableNullMask(), rows, uint8_t{1});
      return rows > 0;
    }
    const uint8_t* in = operand->vector->nullMask();
    uint8_t* mask = out.mutableNullMask();
    if (operand->constant) {
      if (in[0] != 0) std::fill_n(mask, rows, uint8_t{1});
    } else {
      for (size_t i = 0; i < rows; ++i) mask[i] |= in[i];
    }
    any = true;
  }
  return any;
}

void zeroNullSlots(Vector& out) {
  const uint8_t* mask = out.nullMask();
  if (mask == nullptr || out.type().storedAsBytes()) return;
  size_t rows = out.size();
  switch (storageWidth(out.type())) {
    case 1: {
      uint8_t* values = out.values<uint8_t>();
      for (size_t i = 0; i < rows; ++i) values[i] = mask[i] ? 0 : values[i];
      break;
    }
    case 4: {
      int32_t* values = out.values<int32_t>();
      for (size_t i = 0; i < rows; ++i) values[i] = mask[i] ? 0 : values[i];
      break;
    }
    case 8: {
      int64_t* values = out.values<int64_t>();
      for (size_t i = 0; i < rows; ++i) values[i] = mask[i] ? 0 : values[i];
      break;
    }
    default:
      break;
  }
}

VectorPtr materialize(const Operand& operand, size_t rows) {
  if (!operand.constant) return operand.vector;
  return Vector::constant(operand.vector->valueAt(0), operand.vector->type(), rows);
}

const int64_t* valuesAsInt64(const Operand& operand, std::vector<int64_t>& scratch) {
  const Vector& vector = *operand.vector;
  if (storageWidth(vector.type()) == 8 && vector.type().id() != TypeId::kDouble)
    return vector.values<int64_t>();
  scratch.resize(vector.size());
  if (storageWidth(vector.type()) == 4) {
    std::copy_n(vector.values<int32_t>(), vector.size(), scratch.data());
  } else if (vector.type().id() == TypeId::kBoolean) {
    std::copy_n(vector.values<uint8_t>(), vector.size(), scratch.data());
  } else {
    std::fill(scratch.begin(), scratch.end(), 0);
  }
  return scratch.data();
}

const double* valuesAsDouble(const Operand& operand, std::vector<double>& scratch) {
  const Vector& vector = *operand.vector;
  if (vector.type().id() == TypeId::kDouble) return vector.values<double>();
  std::vector<int64_t> integers;
  const int64_t* values = valuesAsInt64(operand, integers);
  scratch.resize(vector.size());
  // As the constant evaluator converts: unscaled / 10^scale.
  double divisor =
      vector.type().isDecimal() ? static_cast<double>(powerOfTen(vector.type().scale())) : 1.0;
  for (size_t i = 0; i < vector.size(); ++i) scratch[i] = static_cast<double>(values[i]) / divisor;
  return scratch.data();
}

namespace {

// A constant, computed at compile time.
class LiteralNode final : public ExprNode {
 public:
  LiteralNode(ExprPtr expr, const Value& value)
      : ExprNode(std::move(expr), {}), value_(Vector::constant(value, type(), 1)) {}
  absl::StatusOr<Operand> eval(const Batch&) const override { return Operand{value_, true}; }

 private:
  VectorPtr value_;
};

// A column of the input, shared without a copy.
class ColumnNode final : public ExprNode {
 public:
  ColumnNode(ExprPtr expr, uint32_t column) : ExprNode(std::move(expr), {}), column_(column) {
    addColumn(column);
  }
  absl::StatusOr<Operand> eval(const Batch& input) const override {
    // A batch that does not match the compiled input is an operator's bug: an error, not
    // garbage read through the wrong type.
    if (column_ >= input.columns.size() || input.columns[column_] == nullptr ||
        input.columns[column_]->type() != type() || input.columns[column_]->size() != input.rows) {
      return absl::InternalError(
          toAbsl(fmt::format("the batch does not hold column {} ({}) at position {}",
                             expr().toString(), type().sqlName(), column_)));
    }
    return Operand{input.columns[column_], false};
  }

 private:
  uint32_t column_;
};

absl::Status cannotCompile(const Expression& expr, std::string_view why) {
  return absl::InvalidArgumentError(
      toAbsl(fmt::format("cannot evaluate {} per row: {}", expr.sql(), why)));
}

class Compiler {
 public:
  Compiler(const Attributes& input, const CompileOptions& options)
      : input_(input), options_(options) {
    for (size_t i = 0; i < input.size(); ++i)
      positions_.emplace(input[i]->exprId(), static_cast<uint32_t>(i));
  }

  absl::StatusOr<NodePtr> compile(const ExprPtr& expr) {
    if (!expr->resolved()) return cannotCompile(*expr, "it is not resolved");
    // Constant folding: the constant evaluator has the same semantics, and an expression it
    // cannot fold (an error such as 1 / 0) is compiled, to fail only if a row reaches it.
    if (!expr->is<Literal>() && expr->foldable() && expr->deterministic()) {
      absl::StatusOr<Value> value = evaluateConstant(*expr);
      if (value.ok() && value->type() == expr->dataType()) return makeLiteralNode(expr, *value);
    }
    switch (expr->kind()) {
      case ExprKind::kLiteral:
        return makeLiteralNode(expr, expr->as<Literal>()->value());
      case ExprKind::kAttributeReference:
        return column(expr);
      case ExprKind::kAlias:
        return compile(expr->child(0));
      case ExprKind::kScalarSubquery:
      case ExprKind::kExists:
      case ExprKind::kInSubquery:
        return subquery(expr);
      case ExprKind::kOuterReference:
        return outerReference(expr);
      case ExprKind::kBinaryArithmetic:
        return arithmetic(expr);
      default:
        break;
    }
    std::vector<NodePtr> children;
    if (isRowExpression(expr->kind())) {
      for (const ExprPtr& child : expr->children()) {
        PLANCK_ASSIGN_OR_RETURN(NodePtr node, compile(child));
        children.push_back(std::move(node));
      }
    }
    switch (expr->kind()) {
      case ExprKind::kUnaryMinus:
        return makeNegateNode(expr, std::move(children));
      case ExprKind::kBinaryComparison:
        return makeComparisonNode(expr, std::move(children));
      case ExprKind::kIn:
        return makeInNode(expr, std::move(children));
      case ExprKind::kAnd:
      case ExprKind::kOr:
      case ExprKind::kNot:
      case ExprKind::kIsNull:
      case ExprKind::kIsNotNull:
        return makeLogicNode(expr, std::move(children));
      case ExprKind::kCaseWhen: {
        const auto* case_when = expr->as<CaseWhen>();
        return makeCaseWhenNode(expr, std::move(children), case_when->branchCount(),
                                case_when->elseValue() != nullptr);
      }
      case ExprKind::kCast:
        return makeCastNode(expr, std::move(children));
      case ExprKind::kLike:
        return makeLikeNode(expr, std::move(children));
      case ExprKind::kScalarFunction:
        return makeFunctionNode(expr, std::move(children));
      case ExprKind::kAggregateExpression:
        return cannotCompile(*expr, "an aggregate is computed by the aggregation operator");
      case ExprKind::kWindowExpression:
        return cannotCompile(*expr, "a window function is computed by the window operator");
      default:
        return cannotCompile(*expr, "not a scalar expression");
    }
  }

 private:
  static bool isRowExpression(ExprKind kind) {
    switch (kind) {
      case ExprKind::kUnaryMinus:
      case ExprKind::kBinaryComparison:
      case ExprKind::kIn:
      case ExprKind::kAnd:
      case ExprKind::kOr:
      case ExprKind::kNot:
      case ExprKind::kIsNull:
      case ExprKind::kIsNotNull:
      case ExprKind::kCaseWhen:
      case ExprKind::kCast:
      case ExprKind::kLike:
      case ExprKind::kScalarFunction:
        return true;
      default:
        return false;
    }
  }

  // A subquery's outer attributes are read from the input, or take the values bound to them
  // when this is (part of) the plan of an enclosing correlated subquery.
  absl::StatusOr<NodePtr> subquery(const ExprPtr& expr) {
    if (!options_.subquery_result)
      return cannotCompile(*expr, "the executor did not provide a way to run subqueries");
    std::vector<NodePtr> outer;
    for (const AttributePtr& attribute : outerAttributes(*expr->asSubquery())) {
      PLANCK_ASSIGN_OR_RETURN(NodePtr value,
                              outerReference(std::make_shared<OuterReference>(attribute)));
      outer.push_back(std::move(value));
    }
    NodePtr in_value;
    if (expr->is<InSubquery>()) {
      PLANCK_ASSIGN_OR_RETURN(in_value, compile(expr->child(0)));
    }
    return makeSubqueryNode(expr, std::move(outer), std::move(in_value), options_);
  }

  absl::StatusOr<NodePtr> outerReference(const ExprPtr& expr) {
    const AttributePtr& attribute = expr->as<OuterReference>()->attribute();
    if (options_.outer_values != nullptr) {
      auto bound = options_.outer_values->find(attribute->exprId());
      if (bound != options_.outer_values->end()) {
        PLANCK_ASSIGN_OR_RETURN(Value value, castValue(bound->second, expr->dataType()));
        return makeLiteralNode(expr, value);
      }
    }
    if (positions_.contains(attribute->exprId())) return column(attribute);
    return cannotCompile(*expr, "no value is bound to this correlated reference");
  }

  absl::StatusOr<NodePtr> column(const ExprPtr& expr) {
    const auto* attribute = expr->as<AttributeReference>();
    auto found = positions_.find(attribute->exprId());
    if (found == positions_.end()) {
      std::vector<ExprPtr> names(input_.begin(), input_.end());
      return absl::InvalidArgumentError(toAbsl(fmt::format(
          "column {} is not among the input columns [{}]", expr->toString(), joinExprs(names))));
    }
    return NodePtr(std::make_unique<ColumnNode>(expr, found->second));
  }

  // DATE +/- INTERVAL needs the interval as a constant (no column holds intervals).
  absl::StatusOr<NodePtr> arithmetic(const ExprPtr& expr) {
    const auto* op = expr->as<BinaryArithmetic>();
    bool left_interval = op->left()->dataType().id() == TypeId::kInterval;
    bool right_interval = op->right()->dataType().id() == TypeId::kInterval;
    if (left_interval || right_interval) {
      const ExprPtr& interval = left_interval ? op->left() : op->right();
      const ExprPtr& date = left_interval ? op->right() : op->left();
      absl::StatusOr<Value> value =
          interval->foldable() ? evaluateConstant(*interval) : absl::StatusOr<Value>(Value());
      if (!value.ok() || value->isNull() || value->type().id() != TypeId::kInterval)
        return cannotCompile(*expr, "the interval must be a constant");
      PLANCK_ASSIGN_OR_RETURN(NodePtr date_node, compile(date));
      int sign = op->op() == ArithmeticOp::kSubtract ? -1 : 1;
      return makeDateIntervalNode(expr, std::move(date_node), value->asInterval(), sign);
    }
    std::vector<NodePtr> children;
    for (const ExprPtr& child : expr->children()) {
      PLANCK_ASSIGN_OR_RETURN(NodePtr node, compile(child));
      children.push_back(std::move(node));
    }
    return makeArithmeticNode(expr, std::move(children));
  }

  const Attributes& input_;
  const CompileOptions& options_;
  absl::flat_hash_map<ExprId, uint32_t> positions_;
};

}  // namespace

NodePtr makeLiteralNode(const ExprPtr& expr, const Value& value) {
  return std::make_unique<LiteralNode>(expr, value);
}

CompiledExpression::CompiledExpression(ExprPtr expr, std::unique_ptr<const ExprNode> root)
    : expr_(std::move(expr)), root_(std::move(root)) {}

CompiledExpression::~CompiledExpression() = default;

absl::StatusOr<VectorPtr> CompiledExpression::evaluate(const Batch& batch) const {
  // No row, no error: an expression only fails on the rows that reach it.
  if (batch.rows == 0) return Vector::make(dataType(), 0);
  PLANCK_ASSIGN_OR_RETURN(Operand result, root_->eval(batch));
  return materialize(result, batch.rows);
}

absl::StatusOr<size_t> CompiledExpression::select(const Batch& batch, uint32_t* selection) const {
  if (dataType().id() != TypeId::kBoolean && !dataType().isNull()) {
    return absl::InvalidArgumentError(toAbsl(
        fmt::format("a filter must be BOOLEAN, got {} `{}`", dataType().sqlName(), expr_->sql())));
  }
  if (batch.rows == 0) return size_t{0};
  PLANCK_ASSIGN_OR_RETURN(Operand result, root_->eval(batch));
  if (result.allNull()) return size_t{0};
  const uint8_t* values = result.values<uint8_t>();
  if (result.constant) {
    if (values[0] == 0) return size_t{0};
    for (size_t i = 0; i < batch.rows; ++i) selection[i] = static_cast<uint32_t>(i);
    return batch.rows;
  }
  // Branch-free: write every position, advance past the TRUE ones (NULL slots hold zero).
  size_t count = 0;
  const uint8_t* nulls = result.vector->nullMask();
  if (nulls == nullptr) {
    for (size_t i = 0; i < batch.rows; ++i) {
      selection[count] = static_cast<uint32_t>(i);
      count += values[i];
    }
  } else {
    for (size_t i = 0; i < batch.rows; ++i) {
      selection[count] = static_cast<uint32_t>(i);
      count += values[i] & (nulls[i] ^ 1);
    }
  }
  return count;
}

absl::StatusOr<std::unique_ptr<CompiledExpression>> compileExpression(
    const ExprPtr& expr, const Attributes& input, const CompileOptions& options) {
  Compiler compiler(input, options);
  PLANCK_ASSIGN_OR_RETURN(NodePtr root, compiler.compile(expr));
  return std::make_unique<CompiledExpression>(expr, std::move(root));
}

absl::StatusOr<Batch> evaluateAll(const std::vector<std::unique_ptr<CompiledExpression>>& exprs,
                                  const Batch& batch) {
  Batch out;
  out.rows = batch.rows;
  out.columns.reserve(exprs.size());
  for (const auto& expr : exprs) {
    PLANCK_ASSIGN_OR_RETURN(VectorPtr column, expr->evaluate(batch));
    out.columns.push_back(std::move(column));
  }
  return out;
}

}  // namespace planck
