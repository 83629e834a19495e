#include "codegen/expression_codegen.h"

#include <cmath>
#include <limits>
#include <optional>

#include "common/status.h"
#include "fmt/format.h"
#include "logical/evaluator.h"
#include "logical/subquery_expressions.h"
#include "logical/value_cast.h"
#include "runtime/expression/like_pattern.h"

namespace planck {
namespace {

bool isStringType(DataType type) { return type.storedAsBytes(); }

// The bytes of `text` as a C++ string literal (octal escapes for anything but plain ASCII).
std::string cStringLiteral(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte == '"' || byte == '\\') {
      out += '\\';
      out += c;
    } else if (byte >= 0x20 && byte < 0x7f && byte != '?') {
      out += c;
    } else {
      out += fmt::format("\\{:03o}", byte);
    }
  }
  return out + "\"";
}

std::string int64Literal(int64_t value) {
  if (value == std::numeric_limits<int64_t>::min()) return "(-9223372036854775807LL - 1)";
  return fmt::format("{}LL", value);
}

std::string doubleLiteral(double value) {
  if (std::isnan(value)) return "__builtin_nan(\"\")";
  if (std::isinf(value)) return value > 0 ? "__builtin_inf()" : "(-__builtin_inf())";
  return fmt::format("{:.17g}", value).find_first_of(".eEn") == std::string::npos
             ? fmt::format("{:.17g}.0", value)
             : fmt::format("{:.17g}", value);
}

// The scale a numeric value's integer representation carries (0 for integers).
int scaleOf(DataType type) { return type.isDecimal() ? type.scale() : 0; }

// `value` (exact numeric) as a double, as valuesAsDouble converts: unscaled / 10^scale.
std::string asDouble(const CodeValue& value) {
  if (value.type.id() == TypeId::kDouble) return value.value;
  if (value.type.isDecimal() && value.type.scale() > 0) {
    return fmt::format("((double){} / {})", value.value,
                       doubleLiteral(static_cast<double>(powerOfTen(value.type.scale()))));
  }
  return fmt::format("(double){}", value.value);
}

}  // namespace

std::string cTypeOf(DataType type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return "uint8_t";
    case TypeId::kInteger:
    case TypeId::kDate:
      return "int32_t";
    case TypeId::kBigInt:
    case TypeId::kDecimal:
      return "int64_t";
    case TypeId::kDouble:
      return "double";
    case TypeId::kVarchar:
    case TypeId::kBinary:
      return "PlanckString";
    default:
      return "int32_t";  // NULL: never read
  }
}

std::string zeroOf(DataType type) {
  return type.storedAsBytes() ? "PlanckString{\"\", 0}" : "0";
}

std::string compareCode(const CodeValue& left, const CodeValue& right) {
  DataType l = left.type, r = right.type;
  if (l.isNumeric() && r.isNumeric()) {
    if (l.id() == TypeId::kDouble || r.id() == TypeId::kDouble) {
      return fmt::format("planck_double_compare({}, {})", asDouble(left), asDouble(right));
    }
    int ls = scaleOf(l), rs = scaleOf(r);
    if (ls == rs) {
      return fmt::format("(({0}) < ({1}) ? -1 : (({0}) > ({1}) ? 1 : 0))", left.value,
                         right.value);
    }
    int scale = std::max(ls, rs);
    std::string a = fmt::format("((planck_int128){} * {})", left.value,
                                int64Literal(powerOfTen(scale - ls)));
    std::string b = fmt::format("((planck_int128){} * {})", right.value,
                                int64Literal(powerOfTen(scale - rs)));
    return fmt::format("({0} < {1} ? -1 : ({0} > {1} ? 1 : 0))", a, b);
  }
  if (l.id() != r.id()) return "";
  switch (l.id()) {
    case TypeId::kDate:
    case TypeId::kBoolean:
      return fmt::format("(({0}) < ({1}) ? -1 : (({0}) > ({1}) ? 1 : 0))", left.value,
                         right.value);
    case TypeId::kVarchar:
    case TypeId::kBinary:
      return fmt::format("planck_string_compare({}, {})", left.value, right.value);
    default:
      return "";
  }
}

bool isQueryConstant(const ExprPtr& expr) {
  if (!expr->is<ScalarSubquery>() && !expr->is<Exists>()) return false;
  return expr->children().empty() && !static_cast<const SubqueryExpression&>(*expr).isCorrelated();
}

bool canGenerateExpression(const ExprPtr& expr) {
  if (isQueryConstant(expr)) return true;
  switch (expr->kind()) {
    case ExprKind::kScalarSubquery:
    case ExprKind::kExists:
    case ExprKind::kInSubquery:
    case ExprKind::kOuterReference:
    case ExprKind::kAggregateExpression:
    case ExprKind::kWindowExpression:
    case ExprKind::kWindowSpec:
    case ExprKind::kSortOrder:
    case ExprKind::kUnresolvedAttribute:
    case ExprKind::kUnresolvedStar:
    case ExprKind::kUnresolvedFunction:
    case ExprKind::kUnresolvedAlias:
      return false;
    default:
      break;
  }
  if (!expr->resolved()) return false;
  // Not deterministic() itself: a query constant below (a subquery) makes every expression over
  // it "non-deterministic", though it has one value in the whole query.
  if (const auto* function = expr->as<ScalarFunction>()) {
    if (!function->isDeterministicFunction()) return false;
  }
  // Intervals exist only as constants next to a date (the row evaluator takes them from there).
  if (expr->dataType().id() == TypeId::kInterval && !expr->is<Literal>()) return false;
  if (const auto* case_when = expr->as<CaseWhen>()) {
    // Each branch's value is copied into the result as is: its type must be the result's.
    for (size_t i = 0; i < case_when->branchCount(); ++i) {
      DataType type = expr->child(2 * i + 1)->dataType();
      if (type != expr->dataType() && !type.isNull()) return false;
    }
    if (ExprPtr other = case_when->elseValue()) {
      if (other->dataType() != expr->dataType() && !other->dataType().isNull()) return false;
    }
  }
  if (const auto* function = expr->as<ScalarFunction>()) {
    const std::string& name = function->name();
    bool lazy = name == "coalesce" || name == "ifnull" || name == "nvl" || name == "if";
    if (lazy) {
      size_t first = name == "if" ? 1 : 0;
      for (size_t i = first; i < expr->children().size(); ++i) {
        DataType type = expr->child(i)->dataType();
        if (type != expr->dataType() && !type.isNull()) return false;
      }
    }
  }
  for (const ExprPtr& child : expr->children()) {
    if (!canGenerateExpression(child)) return false;
  }
  return true;
}

absl::StatusOr<CodeValue> ExpressionCodegen::generate(const ExprPtr& expr, const CodeRow& row) {
  // Constant subtrees fold through the constant evaluator, as the interpreter's compiler folds
  // them; one that fails (1 / 0) stays, to fail only if a row reaches it.
  if (!expr->is<Literal>() && expr->foldable() && expr->deterministic() &&
      expr->dataType().id() != TypeId::kInterval) {
    absl::StatusOr<Value> value = evaluateConstant(*expr);
    if (value.ok() && value->type() == expr->dataType()) return literal(*value, expr->dataType());
  }
  bool reusable = expr->deterministic() && !expr->is<Literal>() &&
                  !expr->is<AttributeReference>() && !expr->is<Alias>();
  if (reusable) {
    auto found = computed_.find(expr);
    if (found != computed_.end()) return found->second;
  }
  PLANCK_ASSIGN_OR_RETURN(CodeValue value, generateNode(expr, row));
  if (reusable && lazy_depth_ == 0) computed_.emplace(expr, value);
  return value;
}

CodeValue ExpressionCodegen::declare(DataType type, std::string_view what) {
  CodeValue result{name(std::string(what)), name(std::string(what) + "_null"), type};
  out_.line(fmt::format("{} {} = {{}}; uint8_t {} = 0;", cTypeOf(type), result.value,
                        result.is_null));
  return result;
}

CodeValue ExpressionCodegen::literal(const Value& value, DataType type) {
  if (value.isNull() || type.isNull()) return CodeValue{zeroOf(type), "1", type};
  switch (type.id()) {
    case TypeId::kBoolean:
      return CodeValue{value.asBool() ? "1" : "0", "0", type};
    case TypeId::kInteger:
    case TypeId::kDate:
      return CodeValue{fmt::format("((int32_t){})", value.asInt()), "0", type};
    case TypeId::kBigInt:
    case TypeId::kDecimal:
      return CodeValue{fmt::format("((int64_t){})", int64Literal(value.asInt())), "0", type};
    case TypeId::kDouble:
      return CodeValue{doubleLiteral(value.asDouble()), "0", type};
    case TypeId::kVarchar:
    case TypeId::kBinary: {
      const std::string& text = value.asString();
      std::string var = name("text");
      out_.line(fmt::format("const PlanckString {} = {{{}, {}u}};", var, cStringLiteral(text),
                            text.size()));
      return CodeValue{var, "0", type};
    }
    default:
      return CodeValue{zeroOf(type), "1", type};
  }
}

absl::StatusOr<std::vector<CodeValue>> ExpressionCodegen::generateChildren(const ExprPtr& expr,
                                                                           const CodeRow& row) {
  std::vector<CodeValue> children;
  for (const ExprPtr& child : expr->children()) {
    if (child->is<Literal>() && child->dataType().id() == TypeId::kInterval) {
      children.push_back(CodeValue{"0", "0", child->dataType()});  // bound by the runtime
      continue;
    }
    PLANCK_ASSIGN_OR_RETURN(CodeValue value, generate(child, row));
    children.push_back(std::move(value));
  }
  return children;
}

void ExpressionCodegen::fallbackInto(const ExprPtr& expr, const std::vector<CodeValue>& children,
                                     const CodeValue& result) {
  int number = static_cast<int>(fallbacks_.size());
  fallbacks_.push_back(expr);
  std::string args = name("args"), value = name("result");
  out_.line(fmt::format("PlanckValue {}[{}] = {{}};", args, std::max<size_t>(children.size(), 1)));
  for (size_t i = 0; i < children.size(); ++i) {
    const CodeValue& child = children[i];
    std::string slot = fmt::format("{}[{}]", args, i);
    out_.line(fmt::format("{}.is_null = {};", slot, child.is_null));
    if (child.type.isNull() || child.type.id() == TypeId::kInterval) continue;
    if (isStringType(child.type)) {
      out_.line(fmt::format("{}.s = {};", slot, child.value));
    } else if (child.type.id() == TypeId::kDouble) {
      out_.line(fmt::format("{}.d = {};", slot, child.value));
    } else {
      out_.line(fmt::format("{}.i = (int64_t){};", slot, child.value));
    }
  }
  out_.line(fmt::format("PlanckValue {} = {{}};", value));
  out_.line(fmt::format("if (ctx->api->evaluate(ctx, {}, {}, &{}) != PLANCK_OK) return PLANCK_ERROR;",
                        number, args, value));
  out_.line(fmt::format("{} = {}.is_null;", result.is_null, value));
  if (result.type.isNull()) return;
  if (isStringType(result.type)) {
    out_.line(fmt::format("{} = {}.s;", result.value, value));
  } else if (result.type.id() == TypeId::kDouble) {
    out_.line(fmt::format("{} = {}.d;", result.value, value));
  } else {
    out_.line(fmt::format("{} = ({}){}.i;", result.value, cTypeOf(result.type), value));
  }
}

CodeValue ExpressionCodegen::fallback(const ExprPtr& expr, const std::vector<CodeValue>& children) {
  CodeValue result = declare(expr->dataType(), "value");
  fallbackInto(expr, children, result);
  return result;
}

absl::StatusOr<CodeValue> ExpressionCodegen::generateNode(const ExprPtr& expr,
                                                          const CodeRow& row) {
  switch (expr->kind()) {
    case ExprKind::kLiteral:
      return literal(expr->as<Literal>()->value(), expr->dataType());
    case ExprKind::kAttributeReference: {
      auto found = row.find(expr->as<AttributeReference>()->exprId());
      if (found == row.end()) {
        return absl::InternalError(
            fmt::format("generated code: {} is not among the operator's input", expr->toString()));
      }
      return found->second;
    }
    case ExprKind::kAlias:
      return generate(expr->child(0), row);
    case ExprKind::kScalarSubquery:
    case ExprKind::kExists:
      // An uncorrelated subquery's value: the runtime runs it once per query (the subquery
      // runner) and keeps the value per task.
      if (!isQueryConstant(expr)) {
        return absl::InternalError("generated code: a correlated subquery " + expr->sql());
      }
      return fallback(expr, {});
    case ExprKind::kBinaryArithmetic:
      return arithmetic(expr, row);
    case ExprKind::kUnaryMinus:
      return negate(expr, row);
    case ExprKind::kBinaryComparison:
      return comparison(expr, row);
    case ExprKind::kIn:
      return in(expr, row);
    case ExprKind::kAnd:
      return logic(expr, row, true);
    case ExprKind::kOr:
      return logic(expr, row, false);
    case ExprKind::kNot: {
      PLANCK_ASSIGN_OR_RETURN(CodeValue value, generate(expr->child(0), row));
      CodeValue result = declare(expr->dataType(), "not");
      out_.line(fmt::format("{} = {}; {} = {} ? 0 : !{};", result.is_null, value.is_null,
                            result.value, value.is_null, value.value));
      return result;
    }
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull: {
      PLANCK_ASSIGN_OR_RETURN(CodeValue value, generate(expr->child(0), row));
      bool is_null = expr->is<IsNull>();
      return CodeValue{fmt::format("(uint8_t)({}{})", is_null ? "" : "!", value.is_null), "0",
                       expr->dataType()};
    }
    case ExprKind::kCaseWhen: {
      const auto* case_when = expr->as<CaseWhen>();
      std::vector<std::pair<ExprPtr, ExprPtr>> branches;
      for (size_t i = 0; i < case_when->branchCount(); ++i) {
        branches.emplace_back(expr->child(2 * i), expr->child(2 * i + 1));
      }
      return caseWhen(expr, row, branches, case_when->elseValue());
    }
    case ExprKind::kCast:
      return cast(expr, row);
    case ExprKind::kLike:
      return like(expr, row);
    case ExprKind::kScalarFunction: {
      const std::string& function = expr->as<ScalarFunction>()->name();
      if (function == "startswith" || function == "starts_with" || function == "endswith" ||
          function == "contains") {
        return stringMatch(expr, row);
      }
      if (function == "year" || function == "month" || function == "day" ||
          function == "dayofmonth" || function == "quarter") {
        return datePart(expr, row);
      }
      if (function == "substring" || function == "substr") return substring(expr, row);
      if (function == "coalesce" || function == "ifnull" || function == "nvl") {
        return coalesce(expr, row);
      }
      if (function == "if" && expr->children().size() == 3) {
        return caseWhen(expr, row, {{expr->child(0), expr->child(1)}}, expr->child(2));
      }
      break;
    }
    default:
      break;
  }
  if (!canGenerateExpression(expr)) {
    return absl::InternalError(
        fmt::format("generated code cannot compute {}", expr->sql()));
  }
  PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> children, generateChildren(expr, row));
  return fallback(expr, children);
}

absl::StatusOr<CodeValue> ExpressionCodegen::arithmetic(const ExprPtr& expr, const CodeRow& row) {
  const auto* op = expr->as<BinaryArithmetic>();
  PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> children, generateChildren(expr, row));
  const CodeValue& a = children[0];
  const CodeValue& b = children[1];
  DataType type = expr->dataType();
  bool numeric = (a.type.isNumeric() || a.type.id() == TypeId::kDate) &&
                 (b.type.isNumeric() || b.type.id() == TypeId::kDate);
  bool decimal_divide = type.isDecimal() && op->op() == ArithmeticOp::kDivide;
  bool decimal_double = type.isDecimal() &&
                        (a.type.id() == TypeId::kDouble || b.type.id() == TypeId::kDouble);
  if (!numeric || a.type.isNull() || b.type.isNull() || decimal_divide || decimal_double ||
      !(type.isNumeric() || type.id() == TypeId::kDate)) {
    return fallback(expr, children);
  }
  CodeValue result = declare(type, "arith");
  out_.line(fmt::format("{} = {} | {};", result.is_null, a.is_null, b.is_null));
  // The inline computation flags a row it cannot do; the row evaluator then gives its value or
  // its error (overflow, division by zero) as the interpreter reports it.
  std::string failed = name("failed");
  out_.line(fmt::format("uint8_t {} = 0;", failed));
  out_.open(fmt::format("if (!{})", result.is_null));
  ArithmeticOp kind = op->op();
  if (type.id() == TypeId::kDouble) {
    std::string x = asDouble(a), y = asDouble(b);
    switch (kind) {
      case ArithmeticOp::kAdd:
        out_.line(fmt::format("{} = {} + {};", result.value, x, y));
        break;
      case ArithmeticOp::kSubtract:
        out_.line(fmt::format("{} = {} - {};", result.value, x, y));
        break;
      case ArithmeticOp::kMultiply:
        out_.line(fmt::format("{} = {} * {};", result.value, x, y));
        break;
      case ArithmeticOp::kDivide:
        out_.line(fmt::format("if ({1} == 0) {2} = 1; else {0} = {3} / {1};", result.value, y,
                              failed, x));
        break;
      case ArithmeticOp::kRemainder:
        out_.line(fmt::format("if ({1} == 0) {2} = 1; else {0} = __builtin_fmod({3}, {1});",
                              result.value, y, failed, x));
        break;
    }
  } else if (type.isDecimal()) {
    int s1 = scaleOf(a.type), s2 = scaleOf(b.type);
    int aligned = std::max(s1, s2);
    bool multiply = kind == ArithmeticOp::kMultiply;
    int natural = multiply ? s1 + s2 : aligned;
    std::string x = fmt::format("(planck_int128){}", a.value);
    std::string y = fmt::format("(planck_int128){}", b.value);
    if (!multiply && aligned > s1) x = fmt::format("({} * {})", x, int64Literal(powerOfTen(aligned - s1)));
    if (!multiply && aligned > s2) y = fmt::format("({} * {})", y, int64Literal(powerOfTen(aligned - s2)));
    std::string wide = name("wide");
    switch (kind) {
      case ArithmeticOp::kAdd:
        out_.line(fmt::format("planck_int128 {} = {} + {};", wide, x, y));
        break;
      case ArithmeticOp::kSubtract:
        out_.line(fmt::format("planck_int128 {} = {} - {};", wide, x, y));
        break;
      case ArithmeticOp::kMultiply:
        out_.line(fmt::format("planck_int128 {} = {} * {};", wide, x, y));
        break;
      default:
        out_.line(fmt::format("planck_int128 {} = 0;", wide));
        out_.line(fmt::format("if ({1} == 0) {2} = 1; else {0} = {3} % {1};", wide, y, failed, x));
        break;
    }
    if (type.scale() < natural) {
      out_.line(fmt::format("{0} = planck_round_div({0}, (planck_int128){1});", wide,
                            int64Literal(powerOfTen(natural - type.scale()))));
    } else if (type.scale() > natural) {
      out_.line(fmt::format("{0} = {0} * {1};", wide, int64Literal(powerOfTen(type.scale() - natural))));
    }
    std::string limit = int64Literal(powerOfTen(type.precision()));
    out_.line(fmt::format("if ({0} >= {1} || {0} <= -{1}) {2} = 1;", wide, limit, failed));
    out_.line(fmt::format("{} = (int64_t){};", result.value, wide));
  } else {
    // INTEGER, BIGINT and DATE results: int64 operands, checked into the result's width.
    std::string out_type = cTypeOf(type);
    std::string x = fmt::format("(int64_t){}", a.value), y = fmt::format("(int64_t){}", b.value);
    switch (kind) {
      case ArithmeticOp::kAdd:
        out_.line(fmt::format("{} = __builtin_add_overflow({}, {}, &{});", failed, x, y,
                              result.value));
        break;
      case ArithmeticOp::kSubtract:
        out_.line(fmt::format("{} = __builtin_sub_overflow({}, {}, &{});", failed, x, y,
                              result.value));
        break;
      case ArithmeticOp::kMultiply:
        out_.line(fmt::format("{} = __builtin_mul_overflow({}, {}, &{});", failed, x, y,
                              result.value));
        break;
      case ArithmeticOp::kDivide:
        out_.line(fmt::format(
            "if ({1} == 0) {2} = 1; else if ({1} == -1) {2} = __builtin_sub_overflow((int64_t)0, "
            "{3}, &{0}); else {2} = __builtin_add_overflow({3} / {1}, (int64_t)0, &{0});",
            result.value, y, failed, x));
        break;
      case ArithmeticOp::kRemainder:
        out_.line(fmt::format("if ({1} == 0) {2} = 1; else {0} = ({4})({3} % ({1} == -1 ? 1 : {1}));",
                              result.value, y, failed, x, out_type));
        break;
    }
  }
  out_.open(fmt::format("if (__builtin_expect({}, 0))", failed));
  fallbackInto(expr, children, result);
  out_.close();
  out_.close();
  return result;
}

absl::StatusOr<CodeValue> ExpressionCodegen::negate(const ExprPtr& expr, const CodeRow& row) {
  PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> children, generateChildren(expr, row));
  const CodeValue& a = children[0];
  DataType type = expr->dataType();
  if (a.type != type || !type.isNumeric()) return fallback(expr, children);
  CodeValue result = declare(type, "negated");
  out_.line(fmt::format("{} = {};", result.is_null, a.is_null));
  out_.open(fmt::format("if (!{})", result.is_null));
  if (type.isIntegral()) {
    out_.open(fmt::format("if (__builtin_sub_overflow(({})0, {}, &{}))", cTypeOf(type), a.value,
                          result.value));
    fallbackInto(expr, children, result);
    out_.close();
  } else {
    out_.line(fmt::format("{} = -{};", result.value, a.value));
  }
  out_.close();
  return result;
}

absl::StatusOr<CodeValue> ExpressionCodegen::comparison(const ExprPtr& expr, const CodeRow& row) {
  PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> children, generateChildren(expr, row));
  const CodeValue& a = children[0];
  const CodeValue& b = children[1];
  ComparisonOp op = expr->as<BinaryComparison>()->op();
  if (a.type.isNull() || b.type.isNull()) {
    if (op == ComparisonOp::kNullSafeEqual) {
      return CodeValue{fmt::format("(uint8_t)({} && {})", a.is_null, b.is_null), "0",
                       expr->dataType()};
    }
    return CodeValue{"0", "1", expr->dataType()};
  }
  std::string three_way = compareCode(a, b);
  if (three_way.empty()) return fallback(expr, children);
  std::string test;
  switch (op) {
    case ComparisonOp::kEqual:
    case ComparisonOp::kNullSafeEqual:
      test = "== 0";
      break;
    case ComparisonOp::kLessThan:
      test = "< 0";
      break;
    case ComparisonOp::kLessThanOrEqual:
      test = "<= 0";
      break;
    case ComparisonOp::kGreaterThan:
      test = "> 0";
      break;
    case ComparisonOp::kGreaterThanOrEqual:
      test = ">= 0";
      break;
  }
  CodeValue result = declare(expr->dataType(), "cmp");
  if (op == ComparisonOp::kNullSafeEqual) {
    out_.line(fmt::format("{0} = ({1} || {2}) ? (uint8_t)({1} && {2}) : (uint8_t)({3} {4});",
                          result.value, a.is_null, b.is_null, three_way, test));
    return result;
  }
  out_.line(fmt::format("{} = {} | {};", result.is_null, a.is_null, b.is_null));
  out_.line(fmt::format("if (!{}) {} = (uint8_t)({} {});", result.is_null, result.value,
                        three_way, test));
  return result;
}

absl::StatusOr<CodeValue> ExpressionCodegen::in(const ExprPtr& expr, const CodeRow& row) {
  PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> children, generateChildren(expr, row));
  const CodeValue& value = children[0];
  for (size_t i = 1; i < children.size(); ++i) {
    if (!children[i].type.isNull() && compareCode(value, children[i]).empty()) {
      return fallback(expr, children);
    }
  }
  CodeValue result = declare(expr->dataType(), "in");
  out_.line(fmt::format("{} = {};", result.is_null, value.is_null));
  out_.open(fmt::format("if (!{})", value.is_null));
  std::string saw_null = name("saw_null");
  out_.line(fmt::format("uint8_t {} = 0;", saw_null));
  for (size_t i = 1; i < children.size(); ++i) {
    const CodeValue& item = children[i];
    if (item.type.isNull()) {
      out_.line(fmt::format("{} = 1;", saw_null));
      continue;
    }
    out_.line(fmt::format("if ({}) {} = 1; else if ({} == 0) {} = 1;", item.is_null, saw_null,
                          compareCode(value, item), result.value));
  }
  out_.line(fmt::format("if (!{} && {}) {} = 1;", result.value, saw_null, result.is_null));
  out_.close();
  return result;
}

absl::StatusOr<CodeValue> ExpressionCodegen::logic(const ExprPtr& expr, const CodeRow& row,
                                                   bool is_and) {
  // AND: FALSE if either is FALSE, else NULL if either is NULL; the right side only runs for the
  // rows the left does not decide. OR likewise with TRUE.
  PLANCK_ASSIGN_OR_RETURN(CodeValue left, generate(expr->child(0), row));
  CodeValue result = declare(expr->dataType(), is_and ? "and" : "or");
  std::string decides = is_and ? fmt::format("!{} && !{}", left.is_null, left.value)
                               : fmt::format("!{} && {}", left.is_null, left.value);
  out_.open(fmt::format("if ({})", decides));
  out_.line(fmt::format("{} = {};", result.value, is_and ? 0 : 1));
  out_.next("} else {");
  LazyBranch lazy(lazy_depth_);
  PLANCK_ASSIGN_OR_RETURN(CodeValue right, generate(expr->child(1), row));
  std::string right_decides = is_and ? fmt::format("!{} && !{}", right.is_null, right.value)
                                     : fmt::format("!{} && {}", right.is_null, right.value);
  out_.line(fmt::format("if ({}) {} = {};", right_decides, result.value, is_and ? 0 : 1));
  out_.line(fmt::format("else if ({} || {}) {} = 1;", left.is_null, right.is_null,
                        result.is_null));
  out_.line(fmt::format("else {} = {};", result.value, is_and ? 1 : 0));
  out_.close();
  return result;
}

absl::StatusOr<CodeValue> ExpressionCodegen::caseWhen(
    const ExprPtr& expr, const CodeRow& row,
    const std::vector<std::pair<ExprPtr, ExprPtr>>& branches, const ExprPtr& else_value) {
  CodeValue result = declare(expr->dataType(), "case");
  out_.line(fmt::format("{} = 1;", result.is_null));
  auto assign = [&](const CodeValue& value) {
    if (value.type.isNull()) return;
    out_.line(fmt::format("{} = {}; {} = {};", result.value, value.value, result.is_null,
                          value.is_null));
  };
  int depth = 0;
  std::optional<LazyBranch> lazy;  // every condition but the first, every value, the else
  for (const auto& [condition, value] : branches) {
    PLANCK_ASSIGN_OR_RETURN(CodeValue test, generate(condition, row));
    if (!lazy) lazy.emplace(lazy_depth_);
    out_.open(fmt::format("if (!{} && {})", test.is_null, test.value));
    PLANCK_ASSIGN_OR_RETURN(CodeValue taken, generate(value, row));
    assign(taken);
    out_.next("} else {");
    ++depth;
  }
  if (else_value != nullptr) {
    PLANCK_ASSIGN_OR_RETURN(CodeValue other, generate(else_value, row));
    assign(other);
  }
  for (int i = 0; i < depth; ++i) out_.close();
  return result;
}

absl::StatusOr<CodeValue> ExpressionCodegen::coalesce(const ExprPtr& expr, const CodeRow& row) {
  CodeValue result = declare(expr->dataType(), "coalesce");
  out_.line(fmt::format("{} = 1;", result.is_null));
  int depth = 0;
  std::optional<LazyBranch> lazy;  // every argument after the first
  for (const ExprPtr& argument : expr->children()) {
    if (depth > 0) {
      out_.open(fmt::format("if ({})", result.is_null));
      if (!lazy) lazy.emplace(lazy_depth_);
    }
    PLANCK_ASSIGN_OR_RETURN(CodeValue value, generate(argument, row));
    if (!value.type.isNull()) {
      out_.line(fmt::format("if (!{0}) {{ {1} = {2}; {3} = 0; }}", value.is_null, result.value,
                            value.value, result.is_null));
    }
    ++depth;
  }
  for (int i = 1; i < depth; ++i) out_.close();
  return result;
}

absl::StatusOr<CodeValue> ExpressionCodegen::cast(const ExprPtr& expr, const CodeRow& row) {
  PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> children, generateChildren(expr, row));
  const CodeValue& value = children[0];
  DataType from = value.type, to = expr->dataType();
  if (from == to) return value;
  if (from.isNull()) return CodeValue{zeroOf(to), "1", to};
  bool exact_from = from.isIntegral() || from.isDecimal();
  if (isStringType(from) && isStringType(to)) return CodeValue{value.value, value.is_null, to};
  if (!exact_from || !(to.id() == TypeId::kDouble || to.isIntegral() || to.isDecimal())) {
    return fallback(expr, children);
  }
  CodeValue result = declare(to, "cast");
  out_.line(fmt::format("{} = {};", result.is_null, value.is_null));
  if (to.id() == TypeId::kDouble) {
    out_.line(fmt::format("if (!{}) {} = {};", value.is_null, result.value, asDouble(value)));
    return result;
  }
  std::string failed = name("failed");
  out_.line(fmt::format("uint8_t {} = 0;", failed));
  out_.open(fmt::format("if (!{})", value.is_null));
  int from_scale = scaleOf(from);
  if (to.isIntegral()) {
    std::string truncated = fmt::format("((int64_t){} / {})", value.value,
                                        int64Literal(powerOfTen(from_scale)));
    if (to.id() == TypeId::kInteger) {
      std::string wide = name("wide");
      out_.line(fmt::format("int64_t {} = {};", wide, truncated));
      out_.line(fmt::format("{} = {} < -2147483648LL || {} > 2147483647LL;", failed, wide, wide));
      out_.line(fmt::format("{} = (int32_t){};", result.value, wide));
    } else {
      out_.line(fmt::format("{} = {};", result.value, truncated));
    }
  } else {
    int to_scale = to.scale();
    std::string limit = to.precision() >= 18 ? "((planck_int128)9223372036854775807LL + 1)"
                                             : fmt::format("((planck_int128){})",
                                                           int64Literal(powerOfTen(to.precision())));
    std::string wide = name("wide");
    if (to_scale >= from_scale) {
      out_.line(fmt::format("planck_int128 {} = (planck_int128){} * {};", wide, value.value,
                            int64Literal(powerOfTen(to_scale - from_scale))));
    } else {
      out_.line(fmt::format("planck_int128 {} = planck_round_div((planck_int128){}, {});", wide,
                            value.value, int64Literal(powerOfTen(from_scale - to_scale))));
    }
    out_.line(fmt::format("{0} = !({1} < {2} && {1} > -{2});", failed, wide, limit));
    out_.line(fmt::format("{} = (int64_t){};", result.value, wide));
  }
  out_.open(fmt::format("if (__builtin_expect({}, 0))", failed));
  fallbackInto(expr, children, result);
  out_.close();
  out_.close();
  return result;
}

namespace {

// The value of a constant string expression (a literal, or one that folds to a string).
std::optional<std::string> constantText(const ExprPtr& expr) {
  if (!expr->foldable() || !expr->dataType().isString()) return std::nullopt;
  absl::StatusOr<Value> value = evaluateConstant(*expr);
  if (!value.ok() || value->isNull()) return std::nullopt;
  return value->asString();
}

}  // namespace

CodeValue ExpressionCodegen::stringTest(const CodeValue& text, DataType type,
                                        const std::string& test) {
  CodeValue result = declare(type, "match");
  out_.line(fmt::format("{} = {};", result.is_null, text.is_null));
  out_.line(fmt::format("if (!{}) {} = (uint8_t)({});", text.is_null, result.value, test));
  return result;
}

absl::StatusOr<CodeValue> ExpressionCodegen::like(const ExprPtr& expr, const CodeRow& row) {
  const auto* like = expr->as<Like>();
  std::optional<std::string> pattern = constantText(expr->child(1));
  std::optional<PercentPatternPieces> pieces =
      pattern && !like->caseInsensitive() && expr->child(0)->dataType().isString()
          ? percentPatternPieces(*pattern, like->escape())
          : std::nullopt;
  if (!pieces) {
    PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> children, generateChildren(expr, row));
    return fallback(expr, children);
  }
  PLANCK_ASSIGN_OR_RETURN(CodeValue text, generate(expr->child(0), row));
  auto literal = [](const std::string& part) {
    return fmt::format("{}, {}u", cStringLiteral(part), part.size());
  };
  if (!pieces->has_percent) {
    return stringTest(text, expr->dataType(),
                      fmt::format("{0}.size == {1}u && memcmp({0}.data, {2}, {1}u) == 0",
                                  text.value, pieces->prefix.size(),
                                  cStringLiteral(pieces->prefix)));
  }
  // The prefix and suffix in place, then each middle part found left to right after the last
  // (the earliest occurrence of each never loses a match), as like.cc matches.
  CodeValue result = declare(expr->dataType(), "like");
  out_.line(fmt::format("{} = {};", result.is_null, text.is_null));
  out_.open(fmt::format("if (!{} && {}.size >= {}u && planck_starts_with({}, {}) && "
                        "planck_ends_with({}, {}))",
                        text.is_null, text.value, pieces->prefix.size() + pieces->suffix.size(),
                        text.value, literal(pieces->prefix), text.value,
                        literal(pieces->suffix)));
  std::string at = name("at"), end = name("end");
  out_.line(fmt::format("int64_t {} = {};", at, pieces->prefix.size()));
  out_.line(fmt::format("uint32_t {} = {}.size - {}u;", end, text.value, pieces->suffix.size()));
  for (const std::string& part : pieces->middle) {
    out_.line(fmt::format("if ({0} >= 0) {{ {0} = planck_find({1}, (uint32_t){0}, {2}, {3}); "
                          "if ({0} >= 0) {0} += {4}; }}",
                          at, text.value, end, literal(part), part.size()));
  }
  out_.line(fmt::format("{} = {} >= 0;", result.value, at));
  out_.close();
  return result;
}

absl::StatusOr<CodeValue> ExpressionCodegen::stringMatch(const ExprPtr& expr,
                                                         const CodeRow& row) {
  const std::string& function = expr->as<ScalarFunction>()->name();
  std::optional<std::string> part =
      expr->children().size() == 2 ? constantText(expr->child(1)) : std::nullopt;
  if (!part || !expr->child(0)->dataType().isString()) {
    PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> children, generateChildren(expr, row));
    return fallback(expr, children);
  }
  PLANCK_ASSIGN_OR_RETURN(CodeValue text, generate(expr->child(0), row));
  std::string literal = fmt::format("{}, {}u", cStringLiteral(*part), part->size());
  std::string test;
  if (function == "endswith") {
    test = fmt::format("planck_ends_with({}, {})", text.value, literal);
  } else if (function == "contains") {
    test = part->empty() ? "1"
                         : fmt::format("planck_find({0}, 0, {0}.size, {1}) >= 0", text.value,
                                       literal);
  } else {
    test = fmt::format("planck_starts_with({}, {})", text.value, literal);
  }
  return stringTest(text, expr->dataType(), test);
}

absl::StatusOr<CodeValue> ExpressionCodegen::datePart(const ExprPtr& expr, const CodeRow& row) {
  const std::string& function = expr->as<ScalarFunction>()->name();
  PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> children, generateChildren(expr, row));
  if (children.size() != 1 || children[0].type.id() != TypeId::kDate ||
      expr->dataType().id() != TypeId::kInteger) {
    return fallback(expr, children);
  }
  const CodeValue& date = children[0];
  CodeValue result = declare(expr->dataType(), function);
  out_.line(fmt::format("{} = {};", result.is_null, date.is_null));
  out_.open(fmt::format("if (!{})", date.is_null));
  std::string year = name("year"), month = name("month"), day = name("day");
  out_.line(fmt::format("int64_t {}; int32_t {}, {};", year, month, day));
  out_.line(fmt::format("planck_civil_from_days({}, &{}, &{}, &{});", date.value, year, month,
                        day));
  std::string value = function == "year"    ? fmt::format("(int32_t){}", year)
                      : function == "month" ? month
                      : function == "quarter"
                          ? fmt::format("({} - 1) / 3 + 1", month)
                          : day;
  out_.line(fmt::format("{} = {};", result.value, value));
  out_.close();
  return result;
}

absl::StatusOr<CodeValue> ExpressionCodegen::substring(const ExprPtr& expr, const CodeRow& row) {
  PLANCK_ASSIGN_OR_RETURN(std::vector<CodeValue> children, generateChildren(expr, row));
  bool plain = (children.size() == 2 || children.size() == 3) &&
               children[0].type.isString() && expr->dataType().isString();
  for (size_t i = 1; i < children.size(); ++i) plain = plain && children[i].type.isIntegral();
  if (!plain) return fallback(expr, children);
  CodeValue result = declare(expr->dataType(), "substring");
  std::string is_null = children[0].is_null;
  for (size_t i = 1; i < children.size(); ++i) is_null += " | " + children[i].is_null;
  out_.line(fmt::format("{} = {};", result.is_null, is_null));
  std::string length =
      children.size() == 3 ? fmt::format("(int64_t){}", children[2].value) : "2147483647LL";
  out_.line(fmt::format("if (!{}) {} = planck_substring({}, (int64_t){}, {});", result.is_null,
                        result.value, children[0].value, children[1].value, length));
  return result;
}

}  // namespace planck
