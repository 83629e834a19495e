// Three-valued logic (AND, OR, NOT, IS [NOT] NULL) and the lazy conditionals (CASE WHEN, if,
// coalesce).
//
// AND evaluates its right side only on the rows where the left is not FALSE, OR where it is
// not TRUE; CASE evaluates each condition on the rows no earlier branch took and each result
// on the rows that take it; coalesce evaluates an argument on the rows still NULL. So an error
// (a division by zero, an overflow) happens only on a row that reaches the expression, as in
// Spark's ANSI mode and PostgreSQL's CASE.
#include <algorithm>

#include "common/status.h"
#include "runtime/expression/expression_node.h"

namespace planck {
namespace {

// The rows of `operand` (over `rows` rows) that are TRUE (want_true) or FALSE, non-NULL.
size_t rowsWhere(const Operand& operand, size_t rows, bool want_true, bool want_null,
                 uint32_t* selection) {
  size_t count = 0;
  const uint8_t* values = operand.values<uint8_t>();
  for (size_t i = 0; i < rows; ++i) {
    bool null = operand.isNull(i);
    bool take = null ? want_null : (values[operand.at(i)] != 0) == want_true;
    selection[count] = static_cast<uint32_t>(i);
    count += take;
  }
  return count;
}

// AND / OR with Kleene's three-valued logic; the right side only where it can matter.
class BinaryLogicNode final : public ExprNode {
 public:
  BinaryLogicNode(ExprPtr expr, std::vector<NodePtr> children, bool is_and)
      : ExprNode(std::move(expr), std::move(children)), is_and_(is_and) {}

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    // The deciding value: FALSE for AND, TRUE for OR.
    const bool decides = !is_and_;
    PLANCK_ASSIGN_OR_RETURN(Operand left, child(0).eval(input));
    if (left.allNull()) left = nullConstant(type());
    if (left.constant && !left.allNull() && (left.values<uint8_t>()[0] != 0) == decides)
      return left;
    // The rows the left side does not decide.
    std::vector<uint32_t> open(input.rows);
    size_t count = input.rows;
    if (!left.constant) {
      count = rowsWhere(left, input.rows, !decides, true, open.data());
      if (count == 0) return left;
    } else {
      for (size_t i = 0; i < input.rows; ++i) open[i] = static_cast<uint32_t>(i);
    }
    PLANCK_ASSIGN_OR_RETURN(SelectedOperand right,
                            evaluateRows(child(1), input, open.data(), count));
    // TRUE AND x = x, FALSE OR x = x (every row was selected: right covers them all).
    if (left.constant && !left.allNull()) return right.value;
    if (left.constant && right.value.constant) {
      // NULL AND/OR a constant: the constant decides, or the result is NULL.
      if (!right.value.allNull() && (right.value.values<uint8_t>()[0] != 0) == decides)
        return right.value;
      return nullConstant(type());
    }
    // Row open[k] of the result is decided by right row k; the others keep the left's value.
    VectorPtr out = left.constant ? materialize(left, input.rows) : copyOf(*left.vector);
    uint8_t* values = out->values<uint8_t>();
    for (size_t k = 0; k < count; ++k) {
      uint32_t row = open[k];
      bool right_null = right.isNull(k);
      bool right_value = right.isTrue(k);
      if (!right_null && right_value == decides) {
        values[row] = decides;
        if (out->hasNulls()) out->mutableNullMask()[row] = 0;
      } else if (right_null) {
        out->setNull(row);
        values[row] = 0;
      }  // else the left's value (TRUE for AND, FALSE for OR, or NULL) stands
    }
    return Operand{out, false};
  }

 private:
  static VectorPtr copyOf(const Vector& vector) {
    auto copy = Vector::make(vector.type(), vector.size());
    std::copy_n(vector.values<uint8_t>(), vector.size(), copy->values<uint8_t>());
    if (vector.hasNulls()) std::copy_n(vector.nullMask(), vector.size(), copy->mutableNullMask());
    return copy;
  }
  bool is_and_;
};

class NotNode final : public ExprNode {
 public:
  using ExprNode::ExprNode;
  absl::StatusOr<Operand> eval(const Batch& input) const override {
    PLANCK_ASSIGN_OR_RETURN(Operand value, child(0).eval(input));
    if (value.allNull()) return nullConstant(type());
    Operand result = newResult(type(), resultRows(input, {&value}), value.constant);
    const uint8_t* in = value.values<uint8_t>();
    uint8_t* out = result.vector->values<uint8_t>();
    for (size_t i = 0; i < result.vector->size(); ++i) out[i] = in[i] ^ 1;
    if (propagateNulls(*result.vector, {&value})) zeroNullSlots(*result.vector);
    return result;
  }
};

class IsNullNode final : public ExprNode {
 public:
  IsNullNode(ExprPtr expr, std::vector<NodePtr> children, bool is_null)
      : ExprNode(std::move(expr), std::move(children)), is_null_(is_null) {}
  absl::StatusOr<Operand> eval(const Batch& input) const override {
    PLANCK_ASSIGN_OR_RETURN(Operand value, child(0).eval(input));
    Operand result = newResult(type(), resultRows(input, {&value}), value.constant);
    uint8_t* out = result.vector->values<uint8_t>();
    size_t rows = result.vector->size();
    if (value.allNull()) {
      std::fill_n(out, rows, static_cast<uint8_t>(is_null_));
    } else if (!value.hasNulls()) {
      std::fill_n(out, rows, static_cast<uint8_t>(!is_null_));
    } else {
      const uint8_t* nulls = value.vector->nullMask();
      for (size_t i = 0; i < rows; ++i) out[i] = (nulls[i] != 0) == is_null_;
    }
    return result;
  }

 private:
  bool is_null_;
};

// Builds the result of a lazy conditional: row i comes from row position[i] of
// sources[source[i]], or is NULL when source[i] is kNone.
constexpr uint16_t kNone = 0xFFFF;

VectorPtr mergeRows(DataType type, size_t rows, const std::vector<Operand>& sources,
                    const std::vector<uint16_t>& source, const std::vector<uint32_t>& position) {
  if (type.storedAsBytes()) {
    auto out = Vector::make(type, 0);
    out->reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      const Operand* from = source[i] == kNone ? nullptr : &sources[source[i]];
      if (from == nullptr || from->isNull(position[i])) {
        out->appendNull();
      } else {
        out->appendString(from->vector->string(from->at(position[i])));
      }
    }
    return out;
  }
  auto out = Vector::make(type, rows);
  size_t width = storageWidth(type);
  auto* bytes = out->values<uint8_t>();
  for (size_t i = 0; i < rows; ++i) {
    const Operand* from = source[i] == kNone ? nullptr : &sources[source[i]];
    if (from == nullptr || from->isNull(position[i])) {
      out->setNull(i);
      continue;
    }
    if (width == 0) continue;
    const auto* in = from->vector->values<uint8_t>();
    std::memcpy(bytes + i * width, in + from->at(position[i]) * width, width);
  }
  return out;
}

// CASE WHEN c1 THEN v1 ... ELSE e END, and if(c, a, b).
class CaseWhenNode final : public ExprNode {
 public:
  // A branch's NULL literal of type void, as the CASE's type.
  Operand typed(Operand value) const {
    return value.vector->type().isNull() ? nullConstant(type()) : value;
  }

  CaseWhenNode(ExprPtr expr, std::vector<NodePtr> children, size_t branches, bool has_else)
      : ExprNode(std::move(expr), std::move(children)), branches_(branches), has_else_(has_else) {}

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    size_t rows = input.rows;
    std::vector<uint16_t> source(rows, kNone);
    std::vector<uint32_t> position(rows, 0);
    std::vector<Operand> sources;
    std::vector<uint32_t> open(rows), still_open(rows), taken(rows);
    for (size_t i = 0; i < rows; ++i) open[i] = static_cast<uint32_t>(i);
    size_t open_count = rows;
    for (size_t b = 0; b < branches_ && open_count > 0; ++b) {
      PLANCK_ASSIGN_OR_RETURN(SelectedOperand condition,
                              evaluateRows(child(2 * b), input, open.data(), open_count));
      size_t taken_count = 0, still_count = 0;
      for (size_t k = 0; k < open_count; ++k) {
        bool take = condition.isTrue(k);
        taken[taken_count] = open[k];
        still_open[still_count] = open[k];
        taken_count += take;
        still_count += !take;
      }
      if (taken_count > 0) {
        PLANCK_ASSIGN_OR_RETURN(SelectedOperand value,
                                evaluateRows(child(2 * b + 1), input, taken.data(), taken_count));
        if (taken_count == rows) return typed(std::move(value.value));  // every row takes it
        record(value, taken.data(), taken_count, sources, source, position);
      }
      open.swap(still_open);
      open_count = still_count;
    }
    if (has_else_ && open_count > 0) {
      PLANCK_ASSIGN_OR_RETURN(SelectedOperand value,
                              evaluateRows(child(2 * branches_), input, open.data(), open_count));
      if (open_count == rows) return typed(std::move(value.value));
      record(value, open.data(), open_count, sources, source, position);
    }
    if (sources.empty()) return nullConstant(type());
    return Operand{mergeRows(type(), rows, sources, source, position), false};
  }

 private:
  static void record(const SelectedOperand& value, const uint32_t* rows, size_t count,
                     std::vector<Operand>& sources, std::vector<uint16_t>& source,
                     std::vector<uint32_t>& position) {
    auto index = static_cast<uint16_t>(sources.size());
    sources.push_back(value.value);
    for (size_t k = 0; k < count; ++k) {
      source[rows[k]] = index;
      position[rows[k]] = static_cast<uint32_t>(value.row(k));
    }
  }

  size_t branches_;
  bool has_else_;
};

// coalesce(a, b, ...): the first non-NULL argument, each evaluated only where still needed.
class CoalesceNode final : public ExprNode {
 public:
  using ExprNode::ExprNode;
  Operand typed(Operand value) const {
    return value.vector->type().isNull() ? nullConstant(type()) : value;
  }

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    size_t rows = input.rows;
    std::vector<uint16_t> source(rows, kNone);
    std::vector<uint32_t> position(rows, 0);
    std::vector<Operand> sources;
    std::vector<uint32_t> open(rows), still_open(rows);
    for (size_t i = 0; i < rows; ++i) open[i] = static_cast<uint32_t>(i);
    size_t open_count = rows;
    for (size_t a = 0; a < children().size() && open_count > 0; ++a) {
      PLANCK_ASSIGN_OR_RETURN(SelectedOperand value,
                              evaluateRows(child(a), input, open.data(), open_count));
      if (value.value.allNull()) continue;
      if (open_count == rows && !value.value.hasNulls()) return typed(std::move(value.value));
      size_t still_count = 0;
      auto index = static_cast<uint16_t>(sources.size());
      for (size_t k = 0; k < open_count; ++k) {
        if (value.isNull(k)) {
          still_open[still_count++] = open[k];
        } else {
          source[open[k]] = index;
          position[open[k]] = static_cast<uint32_t>(value.row(k));
        }
      }
      sources.push_back(std::move(value.value));
      open.swap(still_open);
      open_count = still_count;
    }
    if (sources.empty()) return nullConstant(type());
    return Operand{mergeRows(type(), rows, sources, source, position), false};
  }
};

absl::Status typeMismatch(const Expression& expr, const ExprNode& child) {
  return absl::InvalidArgumentError(toAbsl("cannot evaluate " + expr.sql() + ": a branch of type " +
                                           child.type().sqlName() + " where " +
                                           expr.dataType().sqlName() + " is expected"));
}

}  // namespace

absl::StatusOr<NodePtr> makeLogicNode(const ExprPtr& expr, std::vector<NodePtr> children) {
  ExprKind kind = expr->kind();
  if (kind == ExprKind::kIsNull || kind == ExprKind::kIsNotNull) {
    return NodePtr(
        std::make_unique<IsNullNode>(expr, std::move(children), kind == ExprKind::kIsNull));
  }
  for (const NodePtr& child : children) {
    if (child->type().id() != TypeId::kBoolean && !child->type().isNull())
      return typeMismatch(*expr, *child);
  }
  if (kind == ExprKind::kNot) return NodePtr(std::make_unique<NotNode>(expr, std::move(children)));
  return NodePtr(
      std::make_unique<BinaryLogicNode>(expr, std::move(children), kind == ExprKind::kAnd));
}

absl::StatusOr<NodePtr> makeCaseWhenNode(const ExprPtr& expr, std::vector<NodePtr> children,
                                         size_t branches, bool has_else) {
  DataType type = expr->dataType();
  for (size_t i = 0; i < children.size(); ++i) {
    bool is_condition = i < 2 * branches && i % 2 == 0;
    DataType want = is_condition ? DataType::boolean() : type;
    if (children[i]->type() != want && !children[i]->type().isNull())
      return typeMismatch(*expr, *children[i]);
  }
  return NodePtr(std::make_unique<CaseWhenNode>(expr, std::move(children), branches, has_else));
}

absl::StatusOr<NodePtr> makeCoalesceNode(const ExprPtr& expr, std::vector<NodePtr> children) {
  for (const NodePtr& child : children) {
    if (child->type() != expr->dataType() && !child->type().isNull())
      return typeMismatch(*expr, *child);
  }
  return NodePtr(std::make_unique<CoalesceNode>(expr, std::move(children)));
}

}  // namespace planck
