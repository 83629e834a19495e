// The subquery runner: runs the plans of the subquery expressions that stay expressions in a
// physical plan (scalar subqueries, EXISTS, IN in select lists and conditions; correlated ones
// the optimizer could not turn into joins) when an operator's compiled expression asks for
// them (CompileOptions::subquery_result).
//
// A subquery's logical plan is planned once per query (ExecutionOptions::plan_subquery: the
// session's planner and preparation rules), with its pulled-up correlated predicates as a
// Filter on top. An uncorrelated subquery runs once; a correlated one runs once per distinct
// tuple of outer values, with those values bound to its OuterReferences (PostgreSQL's SubPlan
// with parameters; Spark rejects the correlations that get here). Results are cached per query
// run, so the tasks of a stage share them.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "catalog/catalog.h"
#include "runtime/exec/executor.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {

// The physical plans of a query's subqueries, by the subquery expression's id: shared by the
// query and the subquery plans it runs (nested subqueries).
class SubqueryPlans {
 public:
  explicit SubqueryPlans(std::function<absl::StatusOr<PhysicalPtr>(const PlanPtr&)> planner)
      : planner_(std::move(planner)) {}
  absl::StatusOr<PhysicalPtr> planOf(const SubqueryExpression& subquery);

 private:
  std::function<absl::StatusOr<PhysicalPtr>(const PlanPtr&)> planner_;
  std::mutex mutex_;
  struct Planned {
    absl::Status status;
    PhysicalPtr plan;
  };
  absl::flat_hash_map<ExprId, Planned> plans_;
};

class SubqueryRunner {
 public:
  // `options` are those of the query run that hosts the subquery expressions.
  SubqueryRunner(const Catalog& catalog, const ExecutionOptions& options);

  // What `subquery`'s plan returns with `outer` bound to outerAttributes(subquery).
  absl::StatusOr<std::shared_ptr<const SubqueryResult>> result(const SubqueryExpression& subquery,
                                                               const std::vector<Value>& outer);

  // Compile options whose subquery_result calls this runner, and outer_values of the run.
  CompileOptions compileOptions();

 private:
  struct Key {
    ExprId subquery;
    std::vector<Value> outer;
    bool operator==(const Key&) const = default;
    template <class H>
    friend H AbslHashValue(H state, const Key& key) {
      state = H::combine(std::move(state), key.subquery);
      for (const Value& value : key.outer) state = H::combine(std::move(state), value.hash());
      return state;
    }
  };

  absl::StatusOr<std::shared_ptr<const SubqueryResult>> run(const SubqueryExpression& subquery,
                                                            const std::vector<Value>& outer);

  // One result, computed by the first task that asks; the others wait for it.
  struct Entry {
    std::mutex mutex;
    std::shared_ptr<const SubqueryResult> result;
  };

  const Catalog& catalog_;
  ExecutionOptions options_;
  std::mutex mutex_;
  absl::flat_hash_map<Key, std::shared_ptr<Entry>> results_;
};

}  // namespace planck
