// FunctionRegistry: resolves a function name and argument types to the types the arguments
// are cast to and the result type. The analyzer builds ScalarFunction / AggregateExpression
// nodes from what it returns.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "logical/data_type.h"
#include "logical/expressions.h"

namespace planck {

enum class FunctionKind : uint8_t { kScalar, kAggregate, kWindow };

// What a call resolves to: argument casts and the result.
struct ResolvedCall {
  std::vector<DataType> argument_types;  // one per argument; equal to the input when no cast
  DataType result;
  NullPolicy nulls = NullPolicy::kAnyArgument;  // scalar functions
  bool nullable = true;                         // aggregate and window functions
};

// A built-in function.
struct FunctionDefinition {
  std::string name;
  FunctionKind kind;
  int min_arguments;
  int max_arguments;  // -1: any number
  std::string usage;  // e.g. "substring(str, pos[, len])"
  // Given the argument types, the casts and result, or an error message (no position).
  std::function<absl::StatusOr<ResolvedCall>(const std::vector<DataType>&)> resolve;
  bool deterministic = true;
};

// The built-in functions. Lookup is case-insensitive.
class FunctionRegistry {
 public:
  // The registry with every built-in function.
  static const FunctionRegistry& builtin();

  // The definition of `name`, or nullptr.
  const FunctionDefinition* find(std::string_view name) const;
  // All function names, sorted, for suggestions and completion.
  std::vector<std::string> names() const;
  void add(FunctionDefinition definition);

 private:
  std::vector<FunctionDefinition> functions_;
};

}  // namespace planck
