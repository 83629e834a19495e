#include "runtime/exec/subquery_runner.h"

#include "common/status.h"
#include "logical/operators.h"

namespace planck {

absl::StatusOr<PhysicalPtr> SubqueryPlans::planOf(const SubqueryExpression& subquery) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = plans_.find(subquery.exprId());
  if (found != plans_.end()) {
    if (!found->second.status.ok()) return found->second.status;
    return found->second.plan;
  }
  // The correlated predicates PullupCorrelatedPredicates took out of the plan filter its rows
  // again; the columns they added come after the plan's own, so column 0 stays the value.
  PlanPtr plan = subquery.plan();
  if (subquery.joinCondition() != nullptr)
    plan = std::make_shared<Filter>(subquery.joinCondition(), plan);
  absl::StatusOr<PhysicalPtr> physical =
      planner_ ? planner_(plan)
               : absl::UnimplementedError("this executor was given no planner for subqueries");
  Planned& planned = plans_[subquery.exprId()];
  if (physical.ok()) {
    planned.plan = *physical;
  } else {
    planned.status = physical.status();
  }
  return physical;
}

SubqueryRunner::SubqueryRunner(const Catalog& catalog, const ExecutionOptions& options)
    : catalog_(catalog), options_(options) {
  if (options_.subquery_plans == nullptr)
    options_.subquery_plans = std::make_shared<SubqueryPlans>(options_.plan_subquery);
}

CompileOptions SubqueryRunner::compileOptions() {
  CompileOptions compile;
  compile.subquery_result = [this](const SubqueryExpression& subquery,
                                   const std::vector<Value>& outer) {
    return result(subquery, outer);
  };
  compile.outer_values = options_.outer_values;
  return compile;
}

absl::StatusOr<std::shared_ptr<const SubqueryResult>> SubqueryRunner::result(
    const SubqueryExpression& subquery, const std::vector<Value>& outer) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::shared_ptr<Entry>& slot = results_[Key{subquery.exprId(), outer}];
    if (slot == nullptr) slot = std::make_shared<Entry>();
    entry = slot;
  }
  std::lock_guard<std::mutex> lock(entry->mutex);
  if (entry->result == nullptr) {
    // An error is not kept: it ends the query anyway.
    PLANCK_ASSIGN_OR_RETURN(entry->result, run(subquery, outer));
  }
  return entry->result;
}

absl::StatusOr<std::shared_ptr<const SubqueryResult>> SubqueryRunner::run(
    const SubqueryExpression& subquery, const std::vector<Value>& outer) {
  PLANCK_ASSIGN_OR_RETURN(PhysicalPtr plan, options_.subquery_plans->planOf(subquery));
  ExecutionOptions nested = options_;
  std::vector<AttributePtr> attributes = outerAttributes(subquery);
  if (!attributes.empty()) {
    auto bound = options_.outer_values != nullptr
                     ? std::make_shared<OuterValues>(*options_.outer_values)
                     : std::make_shared<OuterValues>();
    for (size_t i = 0; i < attributes.size() && i < outer.size(); ++i)
      (*bound)[attributes[i]->exprId()] = outer[i];
    nested.outer_values = std::move(bound);
  }
  PLANCK_ASSIGN_OR_RETURN(QueryResult rows, executePlan(plan, catalog_, nested));
  auto result = std::make_shared<SubqueryResult>();
  bool in = subquery.is<InSubquery>();
  // EXISTS needs to know of one row, a scalar subquery of a second one (an error).
  size_t wanted = in ? SIZE_MAX : subquery.is<Exists>() ? 1 : 2;
  for (const BatchPtr& batch : rows.batches) {
    if (result->first_column.size() >= wanted) break;
    if (batch->columns.empty()) {
      result->first_column.resize(result->first_column.size() + batch->rows);
      continue;
    }
    const Vector& column = *batch->columns[0];
    for (size_t row = 0; row < batch->rows; ++row) {
      Value value = column.valueAt(row);
      if (in) {
        if (value.isNull()) {
          result->has_null = true;
        } else {
          result->in_set.insert(value);
        }
      }
      result->first_column.push_back(std::move(value));
    }
  }
  return result;
}

}  // namespace planck
