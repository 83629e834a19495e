// The scalar functions of the registry (catalog/function_registry.cc).
//
// The ones queries use per row in bulk are vectorized: the conditionals (coalesce, if, nullif,
// in logic.cc and comparison.cc), startswith / endswith / contains (like.cc), substring,
// upper, lower, length, trim, concat, year / month / day / quarter, abs, date_add, date_sub,
// datediff. Every other function (round, floor, power, lpad, week, ...) evaluates row by row
// through the constant evaluator, which defines its semantics: the two cannot disagree.
#include <cmath>
#include <limits>
#include <random>

#include "common/status.h"
#include "logical/evaluator.h"
#include "runtime/expression/expression_node.h"

namespace planck {
namespace {

// Evaluates all children of `node` over `input`.
absl::StatusOr<std::vector<Operand>> evalChildren(const ExprNode& node, const Batch& input) {
  std::vector<Operand> values;
  for (const NodePtr& child : node.children()) {
    PLANCK_ASSIGN_OR_RETURN(Operand value, child->eval(input));
    values.push_back(std::move(value));
  }
  return values;
}

size_t rowsOf(const Batch& input, const std::vector<Operand>& operands) {
  bool constant = std::all_of(operands.begin(), operands.end(),
                              [](const Operand& operand) { return operand.constant; });
  return input.rows > 0 && constant ? 1 : input.rows;
}

bool constantRows(const std::vector<Operand>& operands) {
  return std::all_of(operands.begin(), operands.end(),
                     [](const Operand& operand) { return operand.constant; });
}

// Row by row through the constant evaluator.
absl::StatusOr<Operand> evaluateRowByRow(const ExprNode& node, const std::vector<Operand>& args,
                                         size_t rows) {
  bool constant = constantRows(args);
  DataType type = node.type();
  VectorPtr out = type.storedAsBytes() ? Vector::make(type, 0) : Vector::make(type, rows);
  std::vector<Value> values(args.size());
  for (size_t i = 0; i < rows; ++i) {
    for (size_t a = 0; a < args.size(); ++a) values[a] = args[a].vector->valueAt(args[a].at(i));
    PLANCK_ASSIGN_OR_RETURN(Value value, evaluateWithChildValues(node.expr(), values));
    storeValue(*out, i, value);
  }
  return Operand{out, constant};
}

class RowByRowNode final : public ExprNode {
 public:
  RowByRowNode(ExprPtr expr, std::vector<NodePtr> children)
      : ExprNode(std::move(expr), std::move(children)) {
    markMayFail();
  }
  absl::StatusOr<Operand> eval(const Batch& input) const override {
    PLANCK_ASSIGN_OR_RETURN(std::vector<Operand> args, evalChildren(*this, input));
    return evaluateRowByRow(*this, args, rowsOf(input, args));
  }
};

// The byte width of the UTF-8 character starting with `lead`, as the constant evaluator counts
// (an invalid byte is a character of its own).
inline size_t characterWidth(unsigned char lead) {
  return lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

// Byte offset of character `index` in `text` (text.size() past the end).
size_t byteOffsetOf(std::string_view text, int64_t index) {
  size_t at = 0;
  for (int64_t i = 0; i < index && at < text.size(); ++i)
    at += std::min(characterWidth(static_cast<unsigned char>(text[at])), text.size() - at);
  return std::min(at, text.size());
}

size_t characterCount(std::string_view text) {
  size_t count = 0;
  for (size_t at = 0; at < text.size(); ++count)
    at += std::min(characterWidth(static_cast<unsigned char>(text[at])), text.size() - at);
  return count;
}

bool isAscii(std::string_view text) {
  for (char c : text) {
    if ((c & 0x80) != 0) return false;
  }
  return true;
}

enum class Function : uint8_t {
  kSubstring,
  kUpper,
  kLower,
  kLength,
  kOctetLength,
  kTrim,
  kLtrim,
  kRtrim,
  kConcat,
  kYear,
  kMonth,
  kDay,
  kQuarter,
  kAbs,
  kDateAdd,
  kDateSub,
  kDateDiff,
};

// A string result built row by row in order; a NULL argument gives NULL.
template <class Fn>
absl::StatusOr<Operand> stringRows(DataType type, const std::vector<Operand>& args, size_t rows,
                                   Fn fn) {
  auto out = Vector::make(type, 0);
  out->reserve(rows,
               args[0].vector->size() > 0 ? args[0].vector->offsets()[args[0].vector->size()] : 0);
  std::string scratch;
  for (size_t i = 0; i < rows; ++i) {
    bool null = false;
    for (const Operand& arg : args) null = null || arg.isNull(i);
    if (null) {
      out->appendNull();
      continue;
    }
    out->appendString(fn(i, scratch));
  }
  return Operand{out, constantRows(args)};
}

// A fixed-width result of T computed per row from int64 views; NULL in, NULL out.
template <class T, class Fn>
absl::StatusOr<Operand> numericRows(DataType type, const std::vector<Operand>& args, size_t rows,
                                    Fn fn) {
  Operand result = newResult(type, rows, constantRows(args));
  bool any_null = false;
  for (const Operand& arg : args) any_null |= arg.hasNulls();
  if (any_null) {
    uint8_t* mask = result.vector->mutableNullMask();
    for (size_t i = 0; i < rows; ++i) {
      for (const Operand& arg : args) mask[i] |= static_cast<uint8_t>(arg.isNull(i));
    }
  }
  T* out = result.vector->values<T>();
  const uint8_t* nulls = result.vector->nullMask();
  for (size_t i = 0; i < rows; ++i) {
    if (nulls != nullptr && nulls[i] != 0) continue;
    if (!fn(i, out[i])) return absl::OutOfRangeError("");  // replaced by the caller
  }
  result.vector->compactNullMask();
  return result;
}

class FunctionNode final : public ExprNode {
 public:
  FunctionNode(ExprPtr expr, std::vector<NodePtr> children, Function function)
      : ExprNode(std::move(expr), std::move(children)), function_(function) {
    bool can_fail = function == Function::kAbs || function == Function::kDateAdd ||
                    function == Function::kDateSub || function == Function::kUpper ||
                    function == Function::kLower;
    if (can_fail) markMayFail();
  }

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    PLANCK_ASSIGN_OR_RETURN(std::vector<Operand> args, evalChildren(*this, input));
    for (const Operand& arg : args) {
      if (arg.allNull()) return nullConstant(type());
    }
    size_t rows = rowsOf(input, args);
    auto text = [&](size_t a, size_t i) { return args[a].vector->string(args[a].at(i)); };
    auto integer = [&](size_t a, size_t i) -> int64_t {
      const Vector& v = *args[a].vector;
      size_t at = args[a].at(i);
      return storageWidth(v.type()) == 4 ? v.values<int32_t>()[at] : v.values<int64_t>()[at];
    };
    switch (function_) {
      case Function::kSubstring:
        return stringRows(type(), args, rows, [&](size_t i, std::string&) {
          std::string_view s = text(0, i);
          int64_t pos = integer(1, i);
          int64_t length = args.size() > 2 ? integer(2, i) : std::numeric_limits<int32_t>::max();
          bool ascii = isAscii(s);
          int64_t count = static_cast<int64_t>(ascii ? s.size() : characterCount(s));
          int64_t start = pos > 0 ? pos - 1 : (pos < 0 ? count + pos : 0);
          int64_t end = std::min(start + length, count);
          start = std::max<int64_t>(start, 0);
          if (start >= end) return std::string_view();
          size_t from = ascii ? static_cast<size_t>(start) : byteOffsetOf(s, start);
          size_t to = ascii ? static_cast<size_t>(end) : byteOffsetOf(s, end);
          return s.substr(from, to - from);
        });
      case Function::kUpper:
      case Function::kLower: {
        for (size_t i = 0; i < rows; ++i) {
          // Non-ASCII text: the constant evaluator's answer (an error) for the same rows.
          if (!args[0].isNull(i) && !isAscii(text(0, i)))
            return evaluateRowByRow(*this, args, rows);
        }
        bool upper = function_ == Function::kUpper;
        return stringRows(type(), args, rows, [&](size_t i, std::string& scratch) {
          std::string_view s = text(0, i);
          scratch.assign(s);
          for (char& c : scratch) {
            if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
          }
          return std::string_view(scratch);
        });
      }
      case Function::kTrim:
      case Function::kLtrim:
      case Function::kRtrim:
        return stringRows(type(), args, rows, [&](size_t i, std::string&) {
          std::string_view s = text(0, i);
          size_t begin = function_ == Function::kRtrim ? 0 : s.find_first_not_of(' ');
          if (begin == std::string_view::npos) return std::string_view();
          size_t end = function_ == Function::kLtrim ? s.size() : s.find_last_not_of(' ') + 1;
          return s.substr(begin, end - begin);
        });
      case Function::kConcat:
        return stringRows(type(), args, rows, [&](size_t i, std::string& scratch) {
          scratch.clear();
          for (size_t a = 0; a < args.size(); ++a) scratch += text(a, i);
          return std::string_view(scratch);
        });
      case Function::kLength:
      case Function::kOctetLength:
        return numericRows<int32_t>(type(), args, rows, [&](size_t i, int32_t& out) {
          std::string_view s = text(0, i);
          out = static_cast<int32_t>(function_ == Function::kOctetLength ? s.size()
                                                                         : characterCount(s));
          return true;
        });
      case Function::kYear:
      case Function::kMonth:
      case Function::kDay:
      case Function::kQuarter:
        return numericRows<int32_t>(type(), args, rows, [&](size_t i, int32_t& out) {
          CivilDate date = civilFromDays(integer(0, i));
          out = function_ == Function::kYear    ? static_cast<int32_t>(date.year)
                : function_ == Function::kMonth ? static_cast<int32_t>(date.month)
                : function_ == Function::kDay   ? static_cast<int32_t>(date.day)
                                                : static_cast<int32_t>((date.month - 1) / 3 + 1);
          return true;
        });
      case Function::kDateAdd:
      case Function::kDateSub:
      case Function::kDateDiff:
        return named(numericRows<int32_t>(type(), args, rows, [&](size_t i, int32_t& out) {
          int64_t days = integer(0, i), other = integer(1, i);
          if (function_ == Function::kDateDiff) {
            out = static_cast<int32_t>(days - other);
            return true;
          }
          int64_t result = function_ == Function::kDateAdd ? days + other : days - other;
          out = static_cast<int32_t>(result);
          return result >= std::numeric_limits<int32_t>::min() &&
                 result <= std::numeric_limits<int32_t>::max();
        }));
      case Function::kAbs:
        return abs(args, rows);
    }
    return evaluateRowByRow(*this, args, rows);
  }

 private:
  absl::StatusOr<Operand> named(absl::StatusOr<Operand> result) const {
    if (!result.ok()) return overflowError(expr());
    return result;
  }

  absl::StatusOr<Operand> abs(const std::vector<Operand>& args, size_t rows) const {
    switch (type().id()) {
      case TypeId::kDouble:
        return numericRows<double>(type(), args, rows, [&](size_t i, double& out) {
          out = std::fabs(args[0].values<double>()[args[0].at(i)]);
          return true;
        });
      case TypeId::kInteger:
        return named(numericRows<int32_t>(type(), args, rows, [&](size_t i, int32_t& out) {
          int32_t x = args[0].values<int32_t>()[args[0].at(i)];
          out = x < 0 ? static_cast<int32_t>(-static_cast<int64_t>(x)) : x;
          return x != std::numeric_limits<int32_t>::min();
        }));
      case TypeId::kBigInt:
      case TypeId::kDecimal:
        return named(numericRows<int64_t>(type(), args, rows, [&](size_t i, int64_t& out) {
          int64_t x = args[0].values<int64_t>()[args[0].at(i)];
          if (x == std::numeric_limits<int64_t>::min()) return false;
          out = x < 0 ? -x : x;
          return true;
        }));
      default:
        return evaluateRowByRow(*this, args, rows);
    }
  }

  Function function_;
};

// rand() / random(): uniform in [0, 1), one generator per thread. A seed argument is accepted
// and ignored (Spark seeds per partition; a query seeing the same numbers twice is not a goal).
class RandomNode final : public ExprNode {
 public:
  using ExprNode::ExprNode;
  absl::StatusOr<Operand> eval(const Batch& input) const override {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    Operand result = newResult(type(), input.rows, false);
    double* out = result.vector->values<double>();
    for (size_t i = 0; i < input.rows; ++i) out[i] = uniform(engine);
    return result;
  }
};

std::optional<Function> vectorizedFunction(std::string_view name) {
  static const std::pair<std::string_view, Function> kFunctions[] = {
      {"substring", Function::kSubstring},
      {"substr", Function::kSubstring},
      {"upper", Function::kUpper},
      {"lower", Function::kLower},
      {"length", Function::kLength},
      {"char_length", Function::kLength},
      {"character_length", Function::kLength},
      {"octet_length", Function::kOctetLength},
      {"trim", Function::kTrim},
      {"ltrim", Function::kLtrim},
      {"rtrim", Function::kRtrim},
      {"concat", Function::kConcat},
      {"year", Function::kYear},
      {"month", Function::kMonth},
      {"day", Function::kDay},
      {"dayofmonth", Function::kDay},
      {"quarter", Function::kQuarter},
      {"abs", Function::kAbs},
      {"date_add", Function::kDateAdd},
      {"date_sub", Function::kDateSub},
      {"datediff", Function::kDateDiff},
  };
  for (const auto& [known, function] : kFunctions) {
    if (known == name) return function;
  }
  return std::nullopt;
}

// Whether the arguments have the types the vectorized kernel reads (the analyzer's casts make
// them so; anything else takes the row-by-row path).
bool argumentsFit(Function function, const std::vector<NodePtr>& children) {
  auto is = [&](size_t i, auto predicate) {
    return i < children.size() && predicate(children[i]->type());
  };
  auto string = [](DataType t) { return t.isString(); };
  auto integral = [](DataType t) { return t.isIntegral(); };
  auto date = [](DataType t) { return t.id() == TypeId::kDate; };
  switch (function) {
    case Function::kSubstring:
      return is(0, string) && is(1, integral) && (children.size() < 3 || is(2, integral));
    case Function::kConcat:
      return std::all_of(children.begin(), children.end(),
                         [](const NodePtr& child) { return child->type().isString(); });
    case Function::kYear:
    case Function::kMonth:
    case Function::kDay:
    case Function::kQuarter:
      return is(0, date);
    case Function::kDateAdd:
    case Function::kDateSub:
      return is(0, date) && is(1, integral);
    case Function::kDateDiff:
      return is(0, date) && is(1, date);
    case Function::kAbs:
      return is(0, [](DataType t) { return t.isNumeric(); });
    default:
      return is(0, string);
  }
}

}  // namespace

NodePtr makeRowByRowNode(const ExprPtr& expr, std::vector<NodePtr> children) {
  return std::make_unique<RowByRowNode>(expr, std::move(children));
}

absl::StatusOr<NodePtr> makeFunctionNode(const ExprPtr& expr, std::vector<NodePtr> children) {
  const auto* function = expr->as<ScalarFunction>();
  const std::string& name = function->name();
  if (name == "coalesce" || name == "ifnull" || name == "nvl")
    return makeCoalesceNode(expr, std::move(children));
  if (name == "if" && children.size() == 3)
    return makeCaseWhenNode(expr, std::move(children), 1, true);
  if (name == "nullif" && children.size() == 2) return makeNullIfNode(expr, std::move(children));
  if (name == "startswith" || name == "starts_with" || name == "endswith" || name == "contains")
    return makeStringMatchNode(expr, std::move(children));
  if (name == "rand" || name == "random")
    return NodePtr(std::make_unique<RandomNode>(expr, std::move(children)));
  if (std::optional<Function> vectorized = vectorizedFunction(name)) {
    if (argumentsFit(*vectorized, children))
      return NodePtr(std::make_unique<FunctionNode>(expr, std::move(children), *vectorized));
  }
  return makeRowByRowNode(expr, std::move(children));
}

}  // namespace planck
