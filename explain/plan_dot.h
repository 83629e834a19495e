// Graphviz DOT rendering of a logical plan (EXPLAIN (FORMAT dot), the shell's .graph).
//
// One node per operator, labelled with Spark's operator name and its parameters (Project's
// projectList, Filter's condition, Join's type and condition, ...), long values wrapped and
// truncated. Edges run from child to parent, the way rows flow, with the root at the top
// (rankdir=BT). The plan of a subquery expression is drawn inside a dashed cluster whose root
// has a dashed edge to the operator that holds the expression.
//
// Node ids come from the position in the tree, never from pointers or expression ids: the root
// is n0, its children n0_0, n0_1, ..., the root of its second subquery plan n0_s1. The same
// plan therefore always renders the same text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "logical/plan.h"

namespace planck {

struct DotOptions {
  // Print expression ids as #x (planck.explain.normalizeIds).
  bool normalize_ids = false;
  // Label lines are wrapped at this many characters ...
  size_t wrap_width = 60;
  // ... and one parameter shows at most this many lines, the last ending in "...".
  size_t max_lines_per_param = 4;
  // The graph's title, shown at the top; none when empty.
  std::string title;
};

// The plan as a DOT digraph.
std::string planDot(const PlanPtr& plan, const DotOptions& options = {});

// Helpers shared by the plan graphs (plan_dot.cc, plan_diff.cc).

// `text` escaped for a Graphviz HTML-like label (&, <, >, ", control characters).
std::string dotHtmlEscape(std::string_view text);

// `text` cut into lines of at most `width` characters, preferably after ", " or a space; at
// most `max_lines` lines, the last one ending in "..." when text was left out.
std::vector<std::string> wrapText(std::string_view text, size_t width, size_t max_lines);

// The operator's name as a label shows it: Spark's name, with a leading ' when unresolved.
std::string operatorTitle(const LogicalPlan& plan);

// The label lines of an operator's parameters: `name: value` for every non-empty parameter,
// each wrapped as above; not escaped.
std::vector<std::string> paramLines(const LogicalPlan& plan, const DotOptions& options);

// The subquery expressions held by the operator's own expressions, in order.
std::vector<ExprPtr> subqueryExpressions(const LogicalPlan& plan);

}  // namespace planck
