#include "physical/operators.h"

#include "fmt/format.h"
#include "logical/predicates.h"

namespace planck {
namespace {

// Attribute lists of leaves print without spaces, as Spark does: Scan t[a#1,b#2].
std::string compact(const Attributes& output) {
  std::string text = "[";
  for (size_t i = 0; i < output.size(); ++i) text += (i > 0 ? "," : "") + output[i]->toString();
  return text + "]";
}

std::string readSchema(const Attributes& output) {
  std::string text = "struct<";
  for (size_t i = 0; i < output.size(); ++i) {
    text += fmt::format("{}{}:{}", i > 0 ? "," : "", output[i]->name(),
                        output[i]->dataType().toString());
  }
  return text + ">";
}

Attributes namedOutput(const std::vector<ExprPtr>& named) {
  Attributes output;
  output.reserve(named.size());
  for (const ExprPtr& expr : named) output.push_back(toAttribute(expr));
  return output;
}

std::string aggregateFunctions(const std::vector<AggregateCall>& aggregates) {
  std::string text = "[";
  for (size_t i = 0; i < aggregates.size(); ++i) {
    text += (i > 0 ? ", " : "") + aggregates[i].toString();
  }
  return text + "]";
}

}  // namespace

std::vector<NodeParam> ScanExec::params() const {
  return {{"PushedFilters", bracketed(pushed_filters_)}, {"ReadSchema", readSchema(output_)}};
}

std::string ScanExec::simpleString() const {
  return fmt::format("Scan {}{} PushedFilters: {}", table_name_, compact(output_),
                     bracketed(pushed_filters_));
}

std::vector<NodeParam> LocalTableScanExec::params() const {
  return {{"Arguments", fmt::format("{} row(s)", rows_.size())}};
}

std::string LocalTableScanExec::simpleString() const {
  if (rows_.empty()) return "LocalTableScan <empty>, " + bracketed(asExprs(output_));
  return "LocalTableScan " + bracketed(asExprs(output_));
}

std::vector<NodeParam> FilterExec::params() const { return {{"Condition", condition_}}; }

Partitioning ProjectExec::outputPartitioning() const {
  return projectPartitioning(child(0)->outputPartitioning(), project_list_, output());
}

std::vector<ExprPtr> ProjectExec::outputOrdering() const {
  return projectOrdering(child(0)->outputOrdering(), project_list_, output());
}

std::vector<NodeParam> ProjectExec::params() const { return {{"Output", asExprs(output())}}; }

Attributes ProjectExec::computeOutput() const { return namedOutput(project_list_); }

std::string AggregateCall::toString() const {
  const char* prefix = "";
  if (mode == AggregateMode::kPartial) prefix = "partial_";
  if (mode == AggregateMode::kPartialMerge) prefix = "merge_";
  return prefix + function->toString();
}

Partitioning HashAggregateExec::outputPartitioning() const {
  // Through the result expressions, which may rename the grouping columns (k AS key).
  return projectPartitioning(child(0)->outputPartitioning(), results_, output());
}

std::vector<Distribution> HashAggregateExec::requiredChildDistribution() const {
  if (!required_distribution_) return {Distribution::unspecified()};
  if (required_distribution_->empty()) return {Distribution::allTuples()};
  return {Distribution::clustered(*required_distribution_)};
}

std::vector<NodeParam> HashAggregateExec::params() const {
  std::vector<std::string> functions;
  Attributes attributes;
  for (const AggregateCall& call : aggregates_) {
    functions.push_back(call.toString());
    if (call.mode == AggregateMode::kFinal || call.mode == AggregateMode::kComplete) {
      attributes.push_back(call.result);
    } else {
      attributes.insert(attributes.end(), call.buffer.begin(), call.buffer.end());
    }
  }
  std::vector<ExprPtr> keys;
  for (const ExprPtr& key : grouping_) keys.push_back(toAttribute(key));
  return {{"Keys", keys},
          {"Functions", functions},
          {"Aggregate Attributes", asExprs(attributes)},
          {"Results", results_}};
}

std::string HashAggregateExec::simpleString() const {
  std::vector<ExprPtr> keys;
  for (const ExprPtr& key : grouping_) keys.push_back(toAttribute(key));
  return fmt::format("HashAggregate(keys={}, functions={})", bracketed(keys),
                     aggregateFunctions(aggregates_));
}

std::vector<ExprPtr> HashAggregateExec::expressions() const {
  std::vector<ExprPtr> all = grouping_;
  for (const AggregateCall& call : aggregates_) all.push_back(call.function);
  all.insert(all.end(), results_.begin(), results_.end());
  return all;
}

Attributes HashAggregateExec::computeOutput() const { return namedOutput(results_); }

std::vector<Distribution> SortExec::requiredChildDistribution() const {
  if (global_) return {Distribution::ordered(order_)};
  return {Distribution::unspecified()};
}

std::vector<NodeParam> SortExec::params() const {
  return {{"Arguments", fmt::format("{}, {}, 0", bracketed(order_), global_ ? "true" : "false")}};
}

std::string SortExec::simpleString() const {
  return fmt::format("Sort {}, {}, 0", bracketed(order_), global_ ? "true" : "false");
}

std::vector<NodeParam> TakeOrderedAndProjectExec::params() const {
  return {{"Arguments",
           fmt::format("{}, {}, {}", limit_, bracketed(order_), bracketed(project_list_))}};
}

std::string TakeOrderedAndProjectExec::simpleString() const {
  // Spark prints these two lists without spaces after the commas.
  auto tight = [](const std::vector<ExprPtr>& exprs) {
    std::string text = "[";
    for (size_t i = 0; i < exprs.size(); ++i) text += (i > 0 ? "," : "") + exprs[i]->toString();
    return text + "]";
  };
  return fmt::format("TakeOrderedAndProject(limit={}, orderBy={}, output={})", limit_,
                     tight(order_), tight(project_list_));
}

std::vector<ExprPtr> TakeOrderedAndProjectExec::expressions() const {
  std::vector<ExprPtr> all = order_;
  all.insert(all.end(), project_list_.begin(), project_list_.end());
  return all;
}

Attributes TakeOrderedAndProjectExec::computeOutput() const { return namedOutput(project_list_); }

std::vector<NodeParam> LocalLimitExec::params() const { return {{"Arguments", limit_}}; }

std::vector<NodeParam> GlobalLimitExec::params() const {
  return {{"Arguments", fmt::format("{}, {}", limit_, offset_)}};
}

std::string GlobalLimitExec::simpleString() const {
  return fmt::format("GlobalLimit {}, {}", limit_, offset_);
}

std::vector<NodeParam> CollectLimitExec::params() const { return {{"Arguments", limit_}}; }

Partitioning UnionExec::outputPartitioning() const {
  int total = 0;
  for (const PhysicalPtr& child : children_) total += child->outputPartitioning().num_partitions;
  return Partitioning::unknown(total);
}

std::vector<NodeParam> UnionExec::params() const { return {}; }

std::vector<NodeParam> ExpandExec::params() const {
  return {{"Arguments", fmt::format("{}, {}", paramTextOfLists(), bracketed(asExprs(output_)))}};
}

std::string ExpandExec::paramTextOfLists() const {
  std::string text = "[";
  for (size_t i = 0; i < projections_.size(); ++i) {
    text += (i > 0 ? ", " : "") + bracketed(projections_[i]);
  }
  return text + "]";
}

std::string ExpandExec::simpleString() const {
  return fmt::format("Expand {}, {}", paramTextOfLists(), bracketed(asExprs(output_)));
}

std::vector<ExprPtr> ExpandExec::expressions() const {
  std::vector<ExprPtr> all;
  for (const auto& projection : projections_)
    all.insert(all.end(), projection.begin(), projection.end());
  return all;
}

std::vector<Distribution> WindowExec::requiredChildDistribution() const {
  if (partition_spec_.empty()) return {Distribution::allTuples()};
  return {Distribution::clustered(partition_spec_)};
}

std::vector<std::vector<ExprPtr>> WindowExec::requiredChildOrdering() const {
  std::vector<ExprPtr> ordering = ascendingOrders(partition_spec_);
  ordering.insert(ordering.end(), order_spec_.begin(), order_spec_.end());
  return {ordering};
}

std::vector<NodeParam> WindowExec::params() const {
  return {{"Arguments", fmt::format("{}, {}, {}", bracketed(window_expressions_),
                                    bracketed(partition_spec_), bracketed(order_spec_))}};
}

std::string WindowExec::simpleString() const {
  return fmt::format("Window {}, {}, {}", bracketed(window_expressions_),
                     bracketed(partition_spec_), bracketed(order_spec_));
}

std::vector<ExprPtr> WindowExec::expressions() const {
  std::vector<ExprPtr> all = window_expressions_;
  all.insert(all.end(), partition_spec_.begin(), partition_spec_.end());
  all.insert(all.end(), order_spec_.begin(), order_spec_.end());
  return all;
}

Attributes WindowExec::computeOutput() const {
  Attributes output = child(0)->output();
  Attributes added = namedOutput(window_expressions_);
  output.insert(output.end(), added.begin(), added.end());
  return output;
}

std::vector<NodeParam> WholeStageCodegenExec::params() const {
  return {{"Codegen id", std::to_string(stage_id_)}};
}

std::string WholeStageCodegenExec::simpleString() const {
  return fmt::format("WholeStageCodegen ({})", stage_id_);
}

}  // namespace planck
