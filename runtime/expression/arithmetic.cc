// + - * / % and unary minus over INTEGER, BIGINT, DECIMAL, DOUBLE and DATE columns.
//
// Integers: checked as PostgreSQL does (overflow and division by zero are errors), INTEGER /
// INTEGER truncates toward zero. DECIMAL + - * % are exact in 128-bit intermediates, rounded
// half away from zero to the analyzer's result scale, an error when the result exceeds the
// type's precision. DOUBLE is IEEE, except that dividing by zero is an error (PostgreSQL and
// Spark's ANSI mode). Each kernel flags a possible error in its loop without branching; only
// then a second pass looks for a non-NULL row that really fails (NULL rows hold zeros, which
// can trip a check such as 0 - INT_MIN).
#include <cmath>
#include <limits>

#include "common/status.h"
#include "logical/evaluator.h"
#include "logical/value_cast.h"
#include "runtime/expression/expression_node.h"

namespace planck {
namespace {

using int128 = __int128;

// Runs `fn(x, y, out) -> bool (may fail)` over `rows` rows; whether any row flagged.
template <bool kLeftConstant, bool kRightConstant, class A, class B, class O, class Fn>
bool runBinary(const A* a, const B* b, O* out, size_t rows, Fn fn) {
  bool flagged = false;
  for (size_t i = 0; i < rows; ++i)
    flagged |= fn(a[kLeftConstant ? 0 : i], b[kRightConstant ? 0 : i], out[i]);
  return flagged;
}

// Whether a non-NULL row of `out` really fails `fn` (the confirmation pass).
template <class A, class B, class O, class Fn>
bool anyValidRowFails(const Operand& left, const Operand& right, const A* a, const B* b,
                      const Vector& out, Fn fn) {
  const uint8_t* nulls = out.nullMask();
  O scratch;
  for (size_t i = 0; i < out.size(); ++i) {
    if (nulls != nullptr && nulls[i] != 0) continue;
    if (fn(a[left.at(i)], b[right.at(i)], scratch)) return true;
  }
  return false;
}

// Whether a non-NULL row has a zero divisor.
template <class B>
bool zeroDivisor(const Operand& right, const B* b, const Vector& out) {
  const uint8_t* nulls = out.nullMask();
  for (size_t i = 0; i < out.size(); ++i) {
    if ((nulls == nullptr || nulls[i] == 0) && b[right.at(i)] == 0) return true;
  }
  return false;
}

// The kernel of one integral operator: result of type O from int64 inputs; true on overflow.
template <ArithmeticOp kOp, class O>
bool integral(int64_t x, int64_t y, O& out) {
  switch (kOp) {
    case ArithmeticOp::kAdd:
      return __builtin_add_overflow(x, y, &out);
    case ArithmeticOp::kSubtract:
      return __builtin_sub_overflow(x, y, &out);
    case ArithmeticOp::kMultiply:
      return __builtin_mul_overflow(x, y, &out);
    case ArithmeticOp::kDivide:
      // y == 0 was rejected before (NULL rows divide by 1); MIN / -1 overflows.
      if (y == 0) y = 1;
      if (y == -1) return __builtin_sub_overflow(int64_t{0}, x, &out);
      return __builtin_add_overflow(x / y, int64_t{0}, &out);
    case ArithmeticOp::kRemainder:
      if (y == 0 || y == -1) y = 1;
      out = static_cast<O>(x % y);
      return false;
  }
  return false;
}

template <class Fn>
auto dispatchOp(ArithmeticOp op, Fn&& fn) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return fn.template operator()<ArithmeticOp::kAdd>();
    case ArithmeticOp::kSubtract:
      return fn.template operator()<ArithmeticOp::kSubtract>();
    case ArithmeticOp::kMultiply:
      return fn.template operator()<ArithmeticOp::kMultiply>();
    case ArithmeticOp::kDivide:
      return fn.template operator()<ArithmeticOp::kDivide>();
    case ArithmeticOp::kRemainder:
      break;
  }
  return fn.template operator()<ArithmeticOp::kRemainder>();
}

// Shared shape: evaluate both children, NULL propagation, a result of the right size.
class BinaryNode : public ExprNode {
 public:
  BinaryNode(ExprPtr expr, std::vector<NodePtr> children, ArithmeticOp op)
      : ExprNode(std::move(expr), std::move(children)), op_(op) {
    if (type().id() != TypeId::kDouble || dividing()) markMayFail();
  }

  absl::StatusOr<Operand> eval(const Batch& input) const final {
    PLANCK_ASSIGN_OR_RETURN(Operand left, child(0).eval(input));
    PLANCK_ASSIGN_OR_RETURN(Operand right, child(1).eval(input));
    if (left.allNull() || right.allNull()) return nullConstant(type());
    Operand result =
        newResult(type(), resultRows(input, {&left, &right}), allConstant({&left, &right}));
    propagateNulls(*result.vector, {&left, &right});
    PLANCK_RETURN_IF_ERROR(compute(left, right, *result.vector));
    zeroNullSlots(*result.vector);
    return result;
  }

 protected:
  bool dividing() const { return op_ == ArithmeticOp::kDivide || op_ == ArithmeticOp::kRemainder; }
  virtual absl::Status compute(const Operand& left, const Operand& right, Vector& out) const = 0;
  ArithmeticOp op_;
};

template <class O>
class IntegralNode final : public BinaryNode {
 public:
  using BinaryNode::BinaryNode;

 protected:
  absl::Status compute(const Operand& left, const Operand& right, Vector& out) const override {
    std::vector<int64_t> left_scratch, right_scratch;
    const int64_t* a = valuesAsInt64(left, left_scratch);
    const int64_t* b = valuesAsInt64(right, right_scratch);
    if (dividing() && zeroDivisor(right, b, out)) return divisionByZeroError(expr());
    O* values = out.values<O>();
    bool failed = dispatchOp(op_, [&]<ArithmeticOp kOp>() {
      auto fn = integral<kOp, O>;
      bool flagged = dispatchConstness(left, right, [&]<bool kL, bool kR>() {
        return runBinary<kL, kR>(a, b, values, out.size(), fn);
      });
      return flagged && anyValidRowFails<int64_t, int64_t, O>(left, right, a, b, out, fn);
    });
    if (failed) return overflowError(expr());
    return absl::OkStatus();
  }
};

class DoubleNode final : public BinaryNode {
 public:
  using BinaryNode::BinaryNode;

 protected:
  absl::Status compute(const Operand& left, const Operand& right, Vector& out) const override {
    std::vector<double> left_scratch, right_scratch;
    const double* a = valuesAsDouble(left, left_scratch);
    const double* b = valuesAsDouble(right, right_scratch);
    if (dividing() && zeroDivisor(right, b, out)) return divisionByZeroError(expr());
    double* values = out.values<double>();
    dispatchConstness(left, right, [&]<bool kL, bool kR>() {
      size_t rows = out.size();
      switch (op_) {
        case ArithmeticOp::kAdd:
          for (size_t i = 0; i < rows; ++i) values[i] = a[kL ? 0 : i] + b[kR ? 0 : i];
          break;
        case ArithmeticOp::kSubtract:
          for (size_t i = 0; i < rows; ++i) values[i] = a[kL ? 0 : i] - b[kR ? 0 : i];
          break;
        case ArithmeticOp::kMultiply:
          for (size_t i = 0; i < rows; ++i) values[i] = a[kL ? 0 : i] * b[kR ? 0 : i];
          break;
        case ArithmeticOp::kDivide:
          for (size_t i = 0; i < rows; ++i) values[i] = a[kL ? 0 : i] / b[kR ? 0 : i];
          break;
        case ArithmeticOp::kRemainder:
          for (size_t i = 0; i < rows; ++i) values[i] = std::fmod(a[kL ? 0 : i], b[kR ? 0 : i]);
          break;
      }
      return 0;
    });
    return absl::OkStatus();
  }
};

// DECIMAL (and integers mixed into it, at scale 0): exact in int128.
class DecimalNode final : public BinaryNode {
 public:
  DecimalNode(ExprPtr expr, std::vector<NodePtr> children, ArithmeticOp op)
      : BinaryNode(std::move(expr), std::move(children), op) {
    int s1 = scaleOf(child(0).type()), s2 = scaleOf(child(1).type());
    int aligned = std::max(s1, s2);
    natural_scale_ = op == ArithmeticOp::kMultiply ? s1 + s2 : aligned;
    left_factor_ = op == ArithmeticOp::kMultiply ? 1 : powerOfTen(aligned - s1);
    right_factor_ = op == ArithmeticOp::kMultiply ? 1 : powerOfTen(aligned - s2);
    limit_ = powerOfTen(type().precision());
    rescale_up_ =
        type().scale() >= natural_scale_ ? powerOfTen(type().scale() - natural_scale_) : 1;
    rescale_down_ = type().scale() < natural_scale_
                        ? static_cast<int128>(powerOfTen(natural_scale_ - type().scale()))
                        : 1;
  }

 protected:
  static int scaleOf(DataType type) { return type.isDecimal() ? type.scale() : 0; }

  absl::Status compute(const Operand& left, const Operand& right, Vector& out) const override {
    std::vector<int64_t> left_scratch, right_scratch;
    const int64_t* a = valuesAsInt64(left, left_scratch);
    const int64_t* b = valuesAsInt64(right, right_scratch);
    if (dividing() && zeroDivisor(right, b, out)) return divisionByZeroError(expr());
    int64_t* values = out.values<int64_t>();
    auto fn = [this](int64_t x, int64_t y, int64_t& result) { return one(x, y, result); };
    bool flagged = dispatchConstness(left, right, [&]<bool kL, bool kR>() {
      // The common case (no rescaling of the result: Q1's charge) as a loop per operator.
      if (rescale_down_ == 1 && rescale_up_ == 1 && op_ != ArithmeticOp::kRemainder) {
        return dispatchOp(op_, [&]<ArithmeticOp kOp>() {
          return exactLoop<kOp, kL, kR>(a, b, values, out.size());
        });
      }
      return runBinary<kL, kR>(a, b, values, out.size(), fn);
    });
    if (flagged && anyValidRowFails<int64_t, int64_t, int64_t>(left, right, a, b, out, fn))
      return overflowError(expr());
    return absl::OkStatus();
  }

  template <ArithmeticOp kOp, bool kL, bool kR>
  bool exactLoop(const int64_t* a, const int64_t* b, int64_t* out, size_t rows) const {
    bool flagged = false;
    if (left_factor_ == 1 && right_factor_ == 1) {
      // Both sides at the result's scale: 64-bit arithmetic with the overflow flag is enough
      // (the precision limit is below 2^63).
      const int64_t limit = limit_;
      for (size_t i = 0; i < rows; ++i) {
        int64_t x = a[kL ? 0 : i], y = b[kR ? 0 : i], value;
        bool overflow;
        if constexpr (kOp == ArithmeticOp::kMultiply) {
          overflow = __builtin_mul_overflow(x, y, &value);
        } else if constexpr (kOp == ArithmeticOp::kAdd) {
          overflow = __builtin_add_overflow(x, y, &value);
        } else {
          overflow = __builtin_sub_overflow(x, y, &value);
        }
        out[i] = value;
        flagged |= overflow | (value >= limit) | (value <= -limit);
      }
      return flagged;
    }
    const int128 limit = limit_, lf = left_factor_, rf = right_factor_;
    for (size_t i = 0; i < rows; ++i) {
      int128 x = a[kL ? 0 : i], y = b[kR ? 0 : i], value;
      if constexpr (kOp == ArithmeticOp::kMultiply) {
        value = x * y;
      } else if constexpr (kOp == ArithmeticOp::kAdd) {
        value = x * lf + y * rf;
      } else {
        value = x * lf - y * rf;
      }
      out[i] = static_cast<int64_t>(value);
      flagged |= (value >= limit) | (value <= -limit);
    }
    return flagged;
  }

  // One row; true when the result does not fit the type.
  bool one(int64_t x, int64_t y, int64_t& result) const {
    int128 value;
    switch (op_) {
      case ArithmeticOp::kAdd:
        value = int128{x} * left_factor_ + int128{y} * right_factor_;
        break;
      case ArithmeticOp::kSubtract:
        value = int128{x} * left_factor_ - int128{y} * right_factor_;
        break;
      case ArithmeticOp::kMultiply:
        value = int128{x} * y;
        break;
      default: {
        int128 divisor = int128{y} * right_factor_;
        value = int128{x} * left_factor_ % (divisor == 0 ? 1 : divisor);
        break;
      }
    }
    if (rescale_down_ != 1) {
      // Half away from zero, as the constant evaluator (and Spark's HALF_UP) rounds.
      int128 quotient = value / rescale_down_, remainder = value % rescale_down_;
      if (2 * (remainder < 0 ? -remainder : remainder) >= rescale_down_)
        quotient += value < 0 ? -1 : 1;
      value = quotient;
    } else if (rescale_up_ != 1) {
      value *= rescale_up_;
    }
    result = static_cast<int64_t>(value);
    return value >= limit_ || value <= -limit_;
  }

 private:
  int natural_scale_;
  int64_t left_factor_, right_factor_, limit_, rescale_up_;
  int128 rescale_down_;
};

// DATE - DATE (INTEGER days) and DATE +/- INTEGER days (DATE): int64 sums checked to int32.
class DateNode final : public BinaryNode {
 public:
  using BinaryNode::BinaryNode;

 protected:
  absl::Status compute(const Operand& left, const Operand& right, Vector& out) const override {
    std::vector<int64_t> left_scratch, right_scratch;
    const int64_t* a = valuesAsInt64(left, left_scratch);
    const int64_t* b = valuesAsInt64(right, right_scratch);
    int32_t* values = out.values<int32_t>();
    auto add = integral<ArithmeticOp::kAdd, int32_t>;
    auto subtract = integral<ArithmeticOp::kSubtract, int32_t>;
    bool failed = dispatchConstness(left, right, [&]<bool kL, bool kR>() {
      if (op_ == ArithmeticOp::kAdd) {
        return runBinary<kL, kR>(a, b, values, out.size(), add) &&
               anyValidRowFails<int64_t, int64_t, int32_t>(left, right, a, b, out, add);
      }
      return runBinary<kL, kR>(a, b, values, out.size(), subtract) &&
             anyValidRowFails<int64_t, int64_t, int32_t>(left, right, a, b, out, subtract);
    });
    if (failed) return overflowError(expr());
    return absl::OkStatus();
  }
};

// DATE +/- a constant INTERVAL: calendar months (clamped to the month's end), then days.
class DateIntervalNode final : public ExprNode {
 public:
  DateIntervalNode(ExprPtr expr, NodePtr date, Interval interval, int sign)
      : ExprNode(std::move(expr),
                 [&] {
                   std::vector<NodePtr> children;
                   children.push_back(std::move(date));
                   return children;
                 }()),
        months_(int64_t{sign} * interval.months),
        days_(int64_t{sign} * interval.days) {
    markMayFail();
  }

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    PLANCK_ASSIGN_OR_RETURN(Operand date, child(0).eval(input));
    if (date.allNull()) return nullConstant(type());
    Operand result = newResult(type(), resultRows(input, {&date}), date.constant);
    propagateNulls(*result.vector, {&date});
    const int32_t* in = date.values<int32_t>();
    int32_t* out = result.vector->values<int32_t>();
    const uint8_t* nulls = result.vector->nullMask();
    for (size_t i = 0; i < result.vector->size(); ++i) {
      if (nulls != nullptr && nulls[i] != 0) continue;
      int64_t days = (months_ != 0 ? addMonthsToDate(in[i], months_) : int64_t{in[i]}) + days_;
      if (days < std::numeric_limits<int32_t>::min() || days > std::numeric_limits<int32_t>::max())
        return overflowError(expr());
      out[i] = static_cast<int32_t>(days);
    }
    return result;
  }

 private:
  int64_t months_, days_;
};

class NegateNode final : public ExprNode {
 public:
  NegateNode(ExprPtr expr, std::vector<NodePtr> children)
      : ExprNode(std::move(expr), std::move(children)) {
    if (type().isIntegral()) markMayFail();  // -INT_MIN
  }

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    PLANCK_ASSIGN_OR_RETURN(Operand value, child(0).eval(input));
    if (value.allNull()) return nullConstant(type());
    Operand result = newResult(type(), resultRows(input, {&value}), value.constant);
    propagateNulls(*result.vector, {&value});
    size_t rows = result.vector->size();
    switch (type().id()) {
      case TypeId::kInteger:
        if (negate(value.values<int32_t>(), result.vector->values<int32_t>(), rows,
                   result.vector->nullMask()))
          return overflowError(expr());
        break;
      case TypeId::kBigInt:
        if (negate(value.values<int64_t>(), result.vector->values<int64_t>(), rows,
                   result.vector->nullMask()))
          return overflowError(expr());
        break;
      case TypeId::kDecimal: {
        const int64_t* in = value.values<int64_t>();
        int64_t* out = result.vector->values<int64_t>();
        for (size_t i = 0; i < rows; ++i) out[i] = -in[i];
        break;
      }
      case TypeId::kDouble: {
        const double* in = value.values<double>();
        double* out = result.vector->values<double>();
        for (size_t i = 0; i < rows; ++i) out[i] = -in[i];
        break;
      }
      default:
        return absl::InvalidArgumentError(
            toAbsl("cannot negate " + type().sqlName() + " in " + expr().sql()));
    }
    return result;
  }

 private:
  // Whether a non-NULL row is the type's minimum (which has no negation).
  template <class T>
  static bool negate(const T* in, T* out, size_t rows, const uint8_t* nulls) {
    bool flagged = false;
    for (size_t i = 0; i < rows; ++i) flagged |= __builtin_sub_overflow(T{0}, in[i], &out[i]);
    if (!flagged) return false;
    for (size_t i = 0; i < rows; ++i) {
      if ((nulls == nullptr || nulls[i] == 0) && in[i] == std::numeric_limits<T>::min())
        return true;
    }
    return false;
  }
};

}  // namespace

absl::StatusOr<NodePtr> makeArithmeticNode(const ExprPtr& expr, std::vector<NodePtr> children) {
  ArithmeticOp op = expr->as<BinaryArithmetic>()->op();
  DataType type = expr->dataType();
  DataType left = children[0]->type(), right = children[1]->type();
  if (left.id() == TypeId::kDate || right.id() == TypeId::kDate) {
    bool valid =
        left.id() == TypeId::kDate &&
        ((right.id() == TypeId::kDate && op == ArithmeticOp::kSubtract) ||
         (right.isIntegral() && (op == ArithmeticOp::kAdd || op == ArithmeticOp::kSubtract)));
    if (!valid) {
      return absl::InvalidArgumentError(toAbsl("cannot evaluate " + expr->sql() + ": " +
                                               left.sqlName() + " and " + right.sqlName()));
    }
    return NodePtr(std::make_unique<DateNode>(expr, std::move(children), op));
  }
  auto numeric = [](DataType t) { return t.isNumeric() || t.isNull(); };
  if (!numeric(left) || !numeric(right)) {
    return absl::InvalidArgumentError(toAbsl("cannot evaluate " + expr->sql() + ": " +
                                             left.sqlName() + " and " + right.sqlName()));
  }
  switch (type.id()) {
    case TypeId::kInteger:
      return NodePtr(std::make_unique<IntegralNode<int32_t>>(expr, std::move(children), op));
    case TypeId::kBigInt:
      return NodePtr(std::make_unique<IntegralNode<int64_t>>(expr, std::move(children), op));
    case TypeId::kDouble:
      return NodePtr(std::make_unique<DoubleNode>(expr, std::move(children), op));
    case TypeId::kDecimal:
      if (left.id() == TypeId::kDouble || right.id() == TypeId::kDouble) break;
      return NodePtr(std::make_unique<DecimalNode>(expr, std::move(children), op));
    default:
      break;
  }
  return absl::InvalidArgumentError(
      toAbsl("cannot evaluate " + expr->sql() + " with result type " + type.sqlName()));
}

absl::StatusOr<NodePtr> makeDateIntervalNode(const ExprPtr& expr, NodePtr date, Interval interval,
                                             int sign) {
  if (date->type().id() != TypeId::kDate && !date->type().isNull())
    return absl::InvalidArgumentError(toAbsl("cannot evaluate " + expr->sql()));
  return NodePtr(std::make_unique<DateIntervalNode>(expr, std::move(date), interval, sign));
}

absl::StatusOr<NodePtr> makeNegateNode(const ExprPtr& expr, std::vector<NodePtr> children) {
  return NodePtr(std::make_unique<NegateNode>(expr, std::move(children)));
}

}  // namespace planck
