#include "physical/agg_utils.h"

#include <algorithm>

#include "logical/predicates.h"

namespace planck {
namespace {

// The named grouping expressions: attributes as they are, other expressions aliased (Spark's
// PhysicalAggregation names them _groupingexpression).
std::vector<ExprPtr> namedGrouping(const Aggregate& aggregate) {
  std::vector<ExprPtr> named;
  for (const ExprPtr& key : aggregate.groupingExpressions()) {
    if (key->is<AttributeReference>() || key->is<Alias>()) {
      named.push_back(key);
    } else {
      named.push_back(Alias::make(key, "_groupingexpression"));
    }
  }
  return named;
}

std::vector<ExprPtr> attributesOf(const std::vector<ExprPtr>& named) {
  std::vector<ExprPtr> attributes;
  for (const ExprPtr& expr : named) attributes.push_back(toAttribute(expr));
  return attributes;
}

// The distinct aggregate functions of the aggregate list, each once, in order of appearance.
std::vector<ExprPtr> aggregateFunctions(const std::vector<ExprPtr>& aggregates) {
  std::vector<ExprPtr> found;
  for (const ExprPtr& expr : aggregates) {
    forEachNode(expr, [&](const ExprPtr& node) {
      if (!node->is<AggregateExpression>()) return;
      bool seen = std::any_of(found.begin(), found.end(),
                              [&](const ExprPtr& each) { return exprEquals(each, node); });
      if (!seen) found.push_back(node);
    });
  }
  return found;
}

// The aggregate list in terms of the final aggregation's columns: each aggregate function
// replaced by its result column, each grouping expression by its grouping column.
std::vector<ExprPtr> resultExpressions(const std::vector<ExprPtr>& aggregates,
                                       const std::vector<AggregateCall>& calls,
                                       const std::vector<ExprPtr>& grouping) {
  std::vector<ExprPtr> results;
  for (const ExprPtr& expr : aggregates) {
    results.push_back(transformDown(expr, [&](const ExprPtr& node) -> ExprPtr {
      if (node->is<AggregateExpression>()) {
        for (const AggregateCall& call : calls) {
          if (exprEquals(call.function, node)) return call.result;
        }
        return node;
      }
      if (node->foldable() || node->is<Alias>()) return node;
      for (const ExprPtr& key : grouping) {
        if (key->is<Alias>() && exprEquals(key->child(0), node)) return toAttribute(key);
      }
      return node;
    }));
  }
  return results;
}

AggregateCall callOf(const ExprPtr& function) {
  const auto& aggregate = *function->as<AggregateExpression>();
  return {function, AggregateMode::kComplete, aggregateBufferOf(aggregate),
          AttributeReference::make(function->sql(), function->dataType(), function->nullable())};
}

std::vector<AggregateCall> withMode(std::vector<AggregateCall> calls, AggregateMode mode) {
  for (AggregateCall& call : calls) call.mode = mode;
  return calls;
}

// grouping ++ the buffers of `calls`: the output of a partial or merging aggregation.
std::vector<ExprPtr> bufferOutput(const std::vector<ExprPtr>& grouping_attributes,
                                  const std::vector<AggregateCall>& calls) {
  std::vector<ExprPtr> output = grouping_attributes;
  for (const AggregateCall& call : calls)
    output.insert(output.end(), call.buffer.begin(), call.buffer.end());
  return output;
}

absl::StatusOr<PhysicalPtr> withoutDistinct(const Aggregate& aggregate,
                                            const std::vector<ExprPtr>& grouping,
                                            const std::vector<AggregateCall>& calls,
                                            PhysicalPtr child) {
  std::vector<ExprPtr> grouping_attributes = attributesOf(grouping);
  auto partial_plan = std::make_shared<HashAggregateExec>(
      std::nullopt, grouping, withMode(calls, AggregateMode::kPartial),
      bufferOutput(grouping_attributes, calls), std::move(child));
  return PhysicalPtr(std::make_shared<HashAggregateExec>(
      grouping_attributes, grouping_attributes, withMode(calls, AggregateMode::kFinal),
      resultExpressions(aggregate.aggregateExpressions(), calls, grouping), partial_plan));
}

// Spark's planAggregateWithOneDistinct; `distinct_args` are the distinct functions' arguments.
absl::StatusOr<PhysicalPtr> withOneDistinct(const Aggregate& aggregate,
                                            const std::vector<ExprPtr>& grouping,
                                            const std::vector<AggregateCall>& calls,
                                            const std::vector<ExprPtr>& distinct_args,
                                            PhysicalPtr child) {
  std::vector<AggregateCall> regular, distinct;
  for (const AggregateCall& call : calls) {
    (call.function->as<AggregateExpression>()->isDistinct() ? distinct : regular).push_back(call);
  }
  std::vector<ExprPtr> named_distinct;
  for (const ExprPtr& arg : distinct_args) {
    named_distinct.push_back(arg->is<AttributeReference>() ? arg : Alias::make(arg, arg->sql()));
  }
  std::vector<ExprPtr> grouping_attributes = attributesOf(grouping);
  std::vector<ExprPtr> with_distinct = grouping_attributes;
  for (const ExprPtr& named : named_distinct) with_distinct.push_back(toAttribute(named));

  // 1. Partial: group on the keys and the distinct arguments, partial regular aggregates.
  std::vector<ExprPtr> first_grouping = grouping;
  first_grouping.insert(first_grouping.end(), named_distinct.begin(), named_distinct.end());
  auto partial = std::make_shared<HashAggregateExec>(
      std::nullopt, first_grouping, withMode(regular, AggregateMode::kPartial),
      bufferOutput(with_distinct, regular), std::move(child));
  // 2. Partial merge, clustered on the keys and the distinct arguments.
  auto merge = std::make_shared<HashAggregateExec>(with_distinct, with_distinct,
                                                   withMode(regular, AggregateMode::kPartialMerge),
                                                   bufferOutput(with_distinct, regular), partial);
  // The distinct functions now read the distinct columns; each (key, value) pair is unique, so
  // they aggregate without DISTINCT (the flag stays for EXPLAIN, as in Spark).
  std::vector<AggregateCall> rewritten = distinct;
  for (AggregateCall& call : rewritten) {
    call.function = transformDown(call.function, [&](const ExprPtr& node) -> ExprPtr {
      if (node->is<AggregateExpression>()) return node;
      for (size_t i = 0; i < distinct_args.size(); ++i) {
        if (exprEquals(node, distinct_args[i])) return toAttribute(named_distinct[i]);
      }
      return node;
    });
  }
  // 3. Merge the regular buffers, partially aggregate the distinct values, per key.
  std::vector<AggregateCall> third = withMode(regular, AggregateMode::kPartialMerge);
  for (const AggregateCall& call : withMode(rewritten, AggregateMode::kPartial))
    third.push_back(call);
  auto partial_distinct = std::make_shared<HashAggregateExec>(
      std::nullopt, grouping_attributes, third, bufferOutput(grouping_attributes, third), merge);
  // 4. Final, clustered on the keys.
  std::vector<AggregateCall> last = withMode(regular, AggregateMode::kFinal);
  for (const AggregateCall& call : withMode(rewritten, AggregateMode::kFinal)) last.push_back(call);
  // Results refer to the original calls' result columns, which the rewritten ones keep.
  return PhysicalPtr(std::make_shared<HashAggregateExec>(
      grouping_attributes, grouping_attributes, last,
      resultExpressions(aggregate.aggregateExpressions(), calls, grouping), partial_distinct));
}

}  // namespace

Attributes aggregateBufferOf(const AggregateExpression& function) {
  const std::string& name = function.name();
  DataType type = function.dataType();
  if (name == "avg" || name == "mean") {
    std::vector<ExprPtr> args = function.arguments();
    DataType input = args.empty() ? DataType::float64() : args.front()->dataType();
    DataType sum_type = input.isDecimal()
                            ? DataType::decimal(DataType::kMaxDecimalPrecision, input.scale())
                        : input.isIntegral() ? DataType::bigint()
                                             : DataType::float64();
    return {AttributeReference::make("sum", sum_type, true),
            AttributeReference::make("count", DataType::bigint(), false)};
  }
  // Spark's First/Last keep the value and whether one was seen; CentralMomentAgg (stddev,
  // variance) keeps n, avg and m2 (runtime/exec/aggregate_function.h lists them all).
  if (name == "first" || name == "last" || name == "any_value") {
    return {AttributeReference::make(name, type, true),
            AttributeReference::make("valueSet", DataType::boolean(), false)};
  }
  if (name.starts_with("stddev") || name.starts_with("var")) {
    return {AttributeReference::make("n", DataType::float64(), false),
            AttributeReference::make("avg", DataType::float64(), false),
            AttributeReference::make("m2", DataType::float64(), false)};
  }
  bool nullable = !(name == "count" || name == "count_if");
  return {AttributeReference::make(name, type, nullable)};
}

absl::StatusOr<PhysicalPtr> planAggregate(const Aggregate& aggregate, PhysicalPtr child) {
  std::vector<ExprPtr> grouping = namedGrouping(aggregate);
  std::vector<ExprPtr> functions = aggregateFunctions(aggregate.aggregateExpressions());
  std::vector<AggregateCall> calls;
  for (const ExprPtr& function : functions) calls.push_back(callOf(function));

  std::vector<ExprPtr> distinct_args;
  bool one_distinct_set = true, any_distinct = false;
  for (const ExprPtr& function : functions) {
    const auto& call = *function->as<AggregateExpression>();
    if (!call.isDistinct()) continue;
    std::vector<ExprPtr> args;
    for (const ExprPtr& arg : call.arguments()) {
      if (!arg->foldable()) args.push_back(arg);
    }
    if (call.filter() != nullptr) one_distinct_set = false;
    if (!any_distinct) {
      distinct_args = args;
    } else if (!exprListEquals(args, distinct_args)) {
      one_distinct_set = false;
    }
    any_distinct = true;
  }
  if (!any_distinct) return withoutDistinct(aggregate, grouping, calls, std::move(child));
  if (one_distinct_set && !distinct_args.empty()) {
    return withOneDistinct(aggregate, grouping, calls, distinct_args, std::move(child));
  }
  // Departure from Spark (whose optimizer rewrites these cases): DISTINCT aggregates over
  // several argument sets or with a FILTER are computed in one step, on input clustered by the
  // keys, each distinct aggregate removing duplicates itself.
  std::vector<ExprPtr> keys;
  for (const ExprPtr& key : grouping) keys.push_back(stripAlias(key));
  return PhysicalPtr(std::make_shared<HashAggregateExec>(
      keys, grouping, withMode(calls, AggregateMode::kComplete),
      resultExpressions(aggregate.aggregateExpressions(), calls, grouping), std::move(child)));
}

}  // namespace planck
