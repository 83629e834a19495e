// The optimizer's rule trace as one self-contained HTML page (the shell's .trace): one step per
// effective rule (RuleApplication from ExecutionObserver::on_effective_rule) with its rule,
// batch, iteration and time, the before -> after diff graph as inline SVG (plan_diff.h,
// rendered by Graphviz `dot`) and the text diff. A list of steps, prev/next buttons and the
// arrow keys move between steps. No external resources: styles and script are inline.
//
// When the query ran adaptively (RuleTraceOptions::adaptive_run), an "Adaptive execution"
// section follows the steps: the initial and the final physical plan side by side
// (physical_plan_diff.h) and the re-planning timeline (aqe_timeline.h).
//
// For tests and tools, the page's script checks itself: it records script errors
// (window.onerror) in #errors, steps through every step once, and when done sets
// #status[data-initialized="true"] with data-steps (steps on the page), data-visited (steps
// that were visible when shown) and data-graphs (steps holding a graph).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "optimizer/rule_executor.h"

namespace planck {

struct AdaptiveRun;

struct RuleTraceOptions {
  std::string title = "Optimizer trace";
  // The query, shown at the top of the page.
  std::string query;
  bool normalize_ids = true;
  // Render each step's graph with `dot`; when false (or when `dot` is missing) the page shows
  // each graph's DOT text instead.
  bool render_graphs = true;
  // How adaptive execution ran the query, for the page's "Adaptive execution" section; none
  // when null. Must outlive the call.
  const AdaptiveRun* adaptive_run = nullptr;
};

struct RuleTracePage {
  std::string html;
  // False when the graphs are DOT text: render_graphs was off or `dot` is not on PATH.
  bool graphs_rendered = false;
  // Set when `dot` was wanted but not found.
  bool dot_missing = false;
};

// The page for `steps`, the effective rules that turned `analyzed` into `optimized`. An error
// when `dot` fails on a graph.
absl::StatusOr<RuleTracePage> ruleTraceHtml(const PlanPtr& analyzed, const PlanPtr& optimized,
                                            const std::vector<RuleApplication>& steps,
                                            const RuleTraceOptions& options = {});

}  // namespace planck
