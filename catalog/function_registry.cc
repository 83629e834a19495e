#include "catalog/function_registry.h"

#include <algorithm>

#include "common/status.h"
#include "common/strings.h"
#include "fmt/format.h"

namespace planck {
namespace {

absl::Status typeError(std::string_view message) {
  return absl::InvalidArgumentError(toAbsl(message));
}

std::string typeList(const std::vector<DataType>& types) {
  std::vector<std::string> names;
  for (const DataType& type : types) names.push_back(type.sqlName());
  return join(names, ", ");
}

// Every argument must be numeric (or NULL); the result is the first argument's type.
absl::StatusOr<ResolvedCall> sameNumeric(std::string_view name, const std::vector<DataType>& args) {
  for (const DataType& type : args) {
    if (!type.isNumeric() && !type.isNull()) {
      return typeError(fmt::format("{} expects a numeric argument, got {}", name, type.sqlName()));
    }
  }
  DataType result = args[0].isNull() ? DataType::integer() : args[0];
  return ResolvedCall{args, result};
}

// All arguments widened to one common type, which is also the result.
absl::StatusOr<ResolvedCall> commonOf(std::string_view name, const std::vector<DataType>& args,
                                      NullPolicy nulls) {
  DataType common = DataType::null();
  for (const DataType& type : args) {
    auto wider = commonType(common, type);
    if (!wider) {
      return typeError(
          fmt::format("{} arguments have incompatible types: {}", name, typeList(args)));
    }
    common = *wider;
  }
  return ResolvedCall{std::vector<DataType>(args.size(), common), common, nulls};
}

// Fixed argument types (casts inserted where allowed) and a fixed result.
absl::StatusOr<ResolvedCall> fixed(std::string_view name, const std::vector<DataType>& args,
                                   const std::vector<DataType>& expected, DataType result,
                                   NullPolicy nulls = NullPolicy::kAnyArgument) {
  std::vector<DataType> casts;
  for (size_t i = 0; i < args.size(); ++i) {
    const DataType& want = expected[std::min(i, expected.size() - 1)];
    bool numeric_ok = want.isNumeric() && args[i].isNumeric();
    bool same_family = args[i] == want || args[i].isNull() || numeric_ok ||
                       (want.isString() && args[i].isString()) ||
                       (want.id() == TypeId::kDate && args[i].isString());
    if (!same_family && !(want.isString() && canCast(args[i], want))) {
      return typeError(fmt::format("argument {} of {} must be {}, got {}", i + 1, name,
                                   want.sqlName(), args[i].sqlName()));
    }
    casts.push_back(want.isString() || args[i].isNull() || args[i].isString() ? want : args[i]);
    if (want.isIntegral() && args[i].isIntegral()) casts.back() = want;
  }
  return ResolvedCall{casts, result, nulls};
}

FunctionDefinition scalar(
    std::string name, int min_args, int max_args, std::string usage,
    std::function<absl::StatusOr<ResolvedCall>(const std::vector<DataType>&)> resolve) {
  return {std::move(name), FunctionKind::kScalar, min_args,
          max_args,        std::move(usage),      std::move(resolve)};
}

FunctionDefinition aggregate(
    std::string name, int min_args, int max_args, std::string usage,
    std::function<absl::StatusOr<ResolvedCall>(const std::vector<DataType>&)> resolve) {
  return {std::move(name), FunctionKind::kAggregate, min_args,
          max_args,        std::move(usage),         std::move(resolve)};
}

FunctionDefinition window(
    std::string name, int min_args, int max_args, std::string usage,
    std::function<absl::StatusOr<ResolvedCall>(const std::vector<DataType>&)> resolve) {
  return {std::move(name), FunctionKind::kWindow, min_args,
          max_args,        std::move(usage),      std::move(resolve)};
}

absl::StatusOr<ResolvedCall> sumOf(const std::vector<DataType>& args) {
  const DataType& type = args[0];
  if (type.isIntegral() || type.isNull())
    return ResolvedCall{{type.isNull() ? DataType::bigint() : type}, DataType::bigint()};
  // Spark: sum(decimal(p, s)) is decimal(p + 10, s), here bounded at 18 digits.
  if (type.isDecimal())
    return ResolvedCall{args, DataType::boundedDecimal(type.precision() + 10, type.scale())};
  if (type.id() == TypeId::kDouble) return ResolvedCall{args, DataType::float64()};
  if (type.isString()) return ResolvedCall{{DataType::float64()}, DataType::float64()};
  return typeError(fmt::format("sum expects a numeric argument, got {}", type.sqlName()));
}

absl::StatusOr<ResolvedCall> avgOf(const std::vector<DataType>& args) {
  const DataType& type = args[0];
  // Departs from Spark (avg(decimal(p, s)) is decimal(p + 4, s + 4)): the average of any
  // numeric type is DOUBLE, as the TPC-H reference answers were computed. A decimal argument
  // stays decimal: its sum is exact, and only the quotient is DOUBLE.
  if (type.isDecimal()) return ResolvedCall{args, DataType::float64()};
  if (type.isNumeric() || type.isNull() || type.isString()) {
    return ResolvedCall{{DataType::float64()}, DataType::float64()};
  }
  return typeError(fmt::format("avg expects a numeric argument, got {}", type.sqlName()));
}

absl::StatusOr<ResolvedCall> toDouble(std::string_view name, const std::vector<DataType>& args) {
  for (const DataType& type : args) {
    if (!type.isNumeric() && !type.isNull()) {
      return typeError(fmt::format("{} expects numeric arguments, got {}", name, type.sqlName()));
    }
  }
  return ResolvedCall{std::vector<DataType>(args.size(), DataType::float64()), DataType::float64()};
}

std::vector<FunctionDefinition> builtinFunctions() {
  const DataType str = DataType::varchar(), integer = DataType::integer(), date = DataType::date(),
                 dbl = DataType::float64(), bigint = DataType::bigint();
  std::vector<FunctionDefinition> all;
  // Numeric.
  all.push_back(scalar("abs", 1, 1, "abs(x)", [](auto& a) { return sameNumeric("abs", a); }));
  all.push_back(
      scalar("sign", 1, 1, "sign(x)", [=](auto& a) { return fixed("sign", a, {dbl}, integer); }));
  for (const char* name : {"sqrt", "exp", "ln", "log10", "log2", "cbrt", "sin", "cos", "tan",
                           "atan", "degrees", "radians"}) {
    all.push_back(scalar(name, 1, 1, std::string(name) + "(x)",
                         [name](auto& a) { return toDouble(name, a); }));
  }
  for (const char* name : {"power", "pow", "atan2"}) {
    all.push_back(scalar(name, 2, 2, std::string(name) + "(x, y)",
                         [name](auto& a) { return toDouble(name, a); }));
  }
  all.push_back(
      scalar("round", 1, 2, "round(x[, scale])", [=](auto& a) -> absl::StatusOr<ResolvedCall> {
        PLANCK_ASSIGN_OR_RETURN(ResolvedCall call, sameNumeric("round", {a[0]}));
        if (a.size() == 2) call.argument_types.push_back(integer);
        return call;
      }));
  for (const char* name : {"floor", "ceil", "ceiling"}) {
    all.push_back(
        scalar(name, 1, 1, std::string(name) + "(x)", [=](auto& a) -> absl::StatusOr<ResolvedCall> {
          if (a[0].isDecimal())
            return ResolvedCall{a,
                                DataType::boundedDecimal(a[0].precision() - a[0].scale() + 1, 0)};
          if (a[0].isIntegral()) return ResolvedCall{a, a[0]};
          return fixed(name, a, {dbl}, bigint);
        }));
  }
  all.push_back(scalar("mod", 2, 2, "mod(x, y)", [](auto& a) -> absl::StatusOr<ResolvedCall> {
    PLANCK_ASSIGN_OR_RETURN(ResolvedCall call, commonOf("mod", a, NullPolicy::kAlways));
    call.result = arithmeticResultType(ArithmeticOp::kRemainder, call.result, call.result);
    return call;
  }));
  all.push_back(scalar("random", 0, 1, "random([seed])", [=](auto& a) {
    return fixed("random", a, {bigint}, dbl, NullPolicy::kNever);
  }));
  all.back().deterministic = false;
  all.push_back(scalar("rand", 0, 1, "rand([seed])", [=](auto& a) {
    return fixed("rand", a, {bigint}, dbl, NullPolicy::kNever);
  }));
  all.back().deterministic = false;
  // Conditional.
  all.push_back(scalar("coalesce", 1, -1, "coalesce(x, ...)",
                       [](auto& a) { return commonOf("coalesce", a, NullPolicy::kNever); }));
  all.push_back(scalar("ifnull", 2, 2, "ifnull(x, y)",
                       [](auto& a) { return commonOf("ifnull", a, NullPolicy::kNever); }));
  all.push_back(scalar("nvl", 2, 2, "nvl(x, y)",
                       [](auto& a) { return commonOf("nvl", a, NullPolicy::kNever); }));
  all.push_back(scalar("nullif", 2, 2, "nullif(x, y)", [](auto& a) -> absl::StatusOr<ResolvedCall> {
    PLANCK_ASSIGN_OR_RETURN(ResolvedCall call, commonOf("nullif", a, NullPolicy::kAlways));
    return call;
  }));
  all.push_back(scalar("greatest", 2, -1, "greatest(x, y, ...)",
                       [](auto& a) { return commonOf("greatest", a, NullPolicy::kAnyArgument); }));
  all.push_back(scalar("least", 2, -1, "least(x, y, ...)",
                       [](auto& a) { return commonOf("least", a, NullPolicy::kAnyArgument); }));
  all.push_back(
      scalar("if", 3, 3, "if(condition, x, y)", [](auto& a) -> absl::StatusOr<ResolvedCall> {
        if (a[0].id() != TypeId::kBoolean && !a[0].isNull()) {
          return typeError(
              fmt::format("the first argument of if must be BOOLEAN, got {}", a[0].sqlName()));
        }
        PLANCK_ASSIGN_OR_RETURN(ResolvedCall values,
                                commonOf("if", {a[1], a[2]}, NullPolicy::kAlways));
        return ResolvedCall{{DataType::boolean(), values.result, values.result},
                            values.result,
                            NullPolicy::kAlways};
      }));
  // Strings.
  for (const char* name : {"substring", "substr"}) {
    all.push_back(scalar(name, 2, 3, std::string(name) + "(str, pos[, len])", [=](auto& a) {
      return fixed(name, a, {str, integer, integer}, str);
    }));
  }
  for (const char* name : {"upper", "lower", "trim", "ltrim", "rtrim", "reverse", "initcap"}) {
    all.push_back(scalar(name, 1, 1, std::string(name) + "(str)",
                         [=](auto& a) { return fixed(name, a, {str}, str); }));
  }
  // length of a BINARY counts bytes, as Spark's; of a string, characters.
  for (const char* name : {"length", "char_length", "character_length", "octet_length"}) {
    all.push_back(scalar(name, 1, 1, std::string(name) + "(str)", [=](auto& a) {
      if (a[0].isBinary()) return absl::StatusOr<ResolvedCall>(ResolvedCall{a, integer});
      return fixed(name, a, {str}, integer);
    }));
  }
  // Binary (Spark's Hex and Unhex): hex of a BIGINT, BINARY or string (its UTF-8 bytes) is
  // uppercase hex digits; unhex reads hex digits back into BINARY, NULL when they are not hex.
  all.push_back(scalar("hex", 1, 1, "hex(x)", [=](auto& a) -> absl::StatusOr<ResolvedCall> {
    if (a[0].isBinary() || a[0].isString() || a[0].isNull())
      return ResolvedCall{{a[0].isNull() ? str : a[0]}, str};
    if (a[0].isNumeric()) return ResolvedCall{{bigint}, str};
    return typeError(
        fmt::format("hex expects a BIGINT, BINARY or STRING argument, got {}", a[0].sqlName()));
  }));
  all.push_back(scalar("unhex", 1, 1, "unhex(str)", [=](auto& a) {
    return fixed("unhex", a, {str}, DataType::binary(), NullPolicy::kAlways);
  }));
  all.push_back(scalar("concat", 1, -1, "concat(str, ...)",
                       [=](auto& a) { return fixed("concat", a, {str}, str); }));
  all.push_back(scalar("replace", 3, 3, "replace(str, search, replacement)",
                       [=](auto& a) { return fixed("replace", a, {str}, str); }));
  all.push_back(scalar("position", 2, 2, "position(substr IN str)",
                       [=](auto& a) { return fixed("position", a, {str}, integer); }));
  all.push_back(scalar("strpos", 2, 2, "strpos(str, substr)",
                       [=](auto& a) { return fixed("strpos", a, {str}, integer); }));
  all.push_back(scalar("starts_with", 2, 2, "starts_with(str, prefix)", [=](auto& a) {
    return fixed("starts_with", a, {str}, DataType::boolean());
  }));
  // What LikeSimplification turns LIKE 'abc%', '%abc' and '%abc%' into (Spark's StartsWith,
  // EndsWith and Contains); callable from SQL too.
  for (const char* name : {"startswith", "endswith", "contains"}) {
    all.push_back(scalar(name, 2, 2, std::string(name) + "(str, part)",
                         [=](auto& a) { return fixed(name, a, {str}, DataType::boolean()); }));
  }
  all.push_back(scalar("lpad", 2, 3, "lpad(str, len[, pad])", [=](auto& a) {
    return fixed("lpad", a, {str, integer, str}, str);
  }));
  all.push_back(scalar("rpad", 2, 3, "rpad(str, len[, pad])", [=](auto& a) {
    return fixed("rpad", a, {str, integer, str}, str);
  }));
  // Dates.
  for (const char* name :
       {"year", "month", "day", "dayofmonth", "quarter", "dayofweek", "dayofyear", "week"}) {
    all.push_back(scalar(name, 1, 1, std::string(name) + "(date)",
                         [=](auto& a) { return fixed(name, a, {date}, integer); }));
  }
  all.push_back(scalar("date_add", 2, 2, "date_add(date, days)", [=](auto& a) {
    return fixed("date_add", a, {date, integer}, date);
  }));
  all.push_back(scalar("date_sub", 2, 2, "date_sub(date, days)", [=](auto& a) {
    return fixed("date_sub", a, {date, integer}, date);
  }));
  all.push_back(scalar("datediff", 2, 2, "datediff(end, start)", [=](auto& a) {
    return fixed("datediff", a, {date, date}, integer);
  }));
  // Aggregates.
  all.push_back(aggregate("count", 1, -1, "count(*) | count([DISTINCT] x, ...)", [=](auto& a) {
    return absl::StatusOr<ResolvedCall>(ResolvedCall{a, bigint, NullPolicy::kNever, false});
  }));
  all.push_back(aggregate("sum", 1, 1, "sum(x)", sumOf));
  all.push_back(aggregate("avg", 1, 1, "avg(x)", avgOf));
  all.push_back(aggregate("mean", 1, 1, "mean(x)", avgOf));
  for (const char* name : {"min", "max", "first", "last", "any_value"}) {
    all.push_back(aggregate(name, 1, 1, std::string(name) + "(x)", [](auto& a) {
      return absl::StatusOr<ResolvedCall>(
          ResolvedCall{a, a[0].isNull() ? DataType::integer() : a[0]});
    }));
  }
  for (const char* name :
       {"stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop"}) {
    all.push_back(aggregate(name, 1, 1, std::string(name) + "(x)",
                            [name](auto& a) { return toDouble(name, a); }));
  }
  all.push_back(aggregate("count_if", 1, 1, "count_if(condition)", [=](auto& a) {
    return fixed("count_if", a, {DataType::boolean()}, bigint, NullPolicy::kNever);
  }));
  for (const char* name : {"bool_and", "bool_or", "every", "some"}) {
    all.push_back(aggregate(name, 1, 1, std::string(name) + "(condition)", [=](auto& a) {
      return fixed(name, a, {DataType::boolean()}, DataType::boolean());
    }));
  }
  // Window functions.
  for (const char* name : {"row_number", "rank", "dense_rank"}) {
    all.push_back(window(name, 0, 0, std::string(name) + "()", [=](auto& a) {
      return absl::StatusOr<ResolvedCall>(ResolvedCall{
          a, name == std::string("row_number") ? integer : integer, NullPolicy::kNever, false});
    }));
  }
  for (const char* name : {"percent_rank", "cume_dist"}) {
    all.push_back(window(name, 0, 0, std::string(name) + "()", [=](auto& a) {
      return absl::StatusOr<ResolvedCall>(ResolvedCall{a, dbl, NullPolicy::kNever, false});
    }));
  }
  all.push_back(window("ntile", 1, 1, "ntile(n)",
                       [=](auto& a) { return fixed("ntile", a, {integer}, integer); }));
  for (const char* name : {"lag", "lead"}) {
    all.push_back(window(name, 1, 3, std::string(name) + "(x[, offset[, default]])",
                         [=](auto& a) -> absl::StatusOr<ResolvedCall> {
                           std::vector<DataType> casts = a;
                           if (a.size() >= 2) casts[1] = integer;
                           if (a.size() == 3) {
                             auto common = commonType(a[0], a[2]);
                             if (!common)
                               return typeError(fmt::format(
                                   "the default of {} must match its value type", name));
                             casts[0] = casts[2] = *common;
                           }
                           return ResolvedCall{casts, casts[0]};
                         }));
  }
  for (const char* name : {"first_value", "last_value"}) {
    all.push_back(window(name, 1, 1, std::string(name) + "(x)", [](auto& a) {
      return absl::StatusOr<ResolvedCall>(ResolvedCall{a, a[0]});
    }));
  }
  all.push_back(window("nth_value", 2, 2, "nth_value(x, n)", [=](auto& a) {
    return absl::StatusOr<ResolvedCall>(ResolvedCall{{a[0], integer}, a[0]});
  }));
  return all;
}

}  // namespace

const FunctionRegistry& FunctionRegistry::builtin() {
  static const FunctionRegistry* registry = [] {
    auto* made = new FunctionRegistry();
    for (FunctionDefinition& definition : builtinFunctions()) made->add(std::move(definition));
    return made;
  }();
  return *registry;
}

const FunctionDefinition* FunctionRegistry::find(std::string_view name) const {
  for (const FunctionDefinition& function : functions_) {
    if (equalsIgnoreCase(function.name, name)) return &function;
  }
  return nullptr;
}

std::vector<std::string> FunctionRegistry::names() const {
  std::vector<std::string> names;
  for (const FunctionDefinition& function : functions_) names.push_back(function.name);
  std::sort(names.begin(), names.end());
  return names;
}

void FunctionRegistry::add(FunctionDefinition definition) {
  functions_.push_back(std::move(definition));
}

}  // namespace planck
