// Spark's text rendering of plans: one operator per line, `+-` / `:-` connectors, unresolved
// operators and names marked with a leading quote, attributes as name#id, and the plans of
// subqueries printed under the operator that holds them.
#pragma once

#include <functional>
#include <string>

#include "logical/plan.h"

namespace planck {

class PhysicalPlan;

struct TreeStringOptions {
  // Print ids as #x (stable text for golden files and diffs).
  bool normalize_ids = false;
  // Text appended to each operator's line (EXPLAIN COST: `, Statistics(sizeInBytes=...)`).
  std::function<std::string(const LogicalPlan&)> annotate = {};
  // The same for physical operators (EXPLAIN ANALYZE: what each one did).
  std::function<std::string(const PhysicalPlan&)> annotate_physical = {};
};

// A parameter's value as EXPLAIN prints it: expressions with toString(), lists in [...]; shared
// by the text, DOT and diff renderings so that they agree.
std::string paramText(const ParamValue& value);

// The operator's own line: `Filter (a#1 > 1)`, `'UnresolvedRelation [lineitem]`.
std::string nodeString(const LogicalPlan& plan);

// The whole tree, one line per operator, ending in a newline.
std::string treeString(const PlanPtr& plan, const TreeStringOptions& options = {});

// `a: int, b: string`: Spark's schema line of the analyzed plan.
std::string schemaString(const Attributes& output);

}  // namespace planck
