// Adaptive execution's re-planning timeline (AdaptiveRun, adaptive/adaptive_execution.h) as text
// and JSON, for the shell's .aqe and the adaptive section of the .trace page. Spark shows the
// same story only piecemeal (the SQL tab's plan versions, AQE log lines); here it is one list:
//
//   Adaptive execution: 5 query stages (1 reused), 3 re-plans, 2 adopted; the final plan ...
//
//   Re-plan 1: adopted
//     after 2 query stages ran:
//       ShuffleQueryStage 0  misestimated: 1278x fewer bytes than estimated
//         Exchange hashpartitioning(l_orderkey#x, 200), ENSURE_REQUIREMENTS, [plan_id=x]
//         estimated 524.1 KiB; observed 420.0 B, 105 rows; 200 partitions, 25 non-empty
//       ...
//     rules: none; the planner chose anew from the observed sizes
//     cost: 1 -> 1, adopted: as cheap, and a different plan
//     plan:
//       -       +- SortMergeJoin [l_orderkey#x], [o_orderkey#x], Inner
//       -          :- Sort [l_orderkey#x ASC NULLS FIRST], false, 0
//       +       +- BroadcastHashJoin [l_orderkey#x], [o_orderkey#x], Inner, BuildRight, false
//         ...
//
//   Query stages:
//     ShuffleQueryStage 0: read by AQEShuffleRead coalesced (200 partitions in 1 task)
//     BroadcastQueryStage 2: rules CoalesceShufflePartitions
//     BroadcastQueryStage 3: reused: an equal exchange had run
//
// A stage is misestimated when estimate and observation differ by 10x or more. A step's plan
// diff is physicalPlanLineDiff (physical_plan_diff.h): ids as #x, codegen marks left out, lines
// matched by operator text. The final plan "differs from the initial plan" when they differ
// with what adaptive execution adds around operators left out (query stages, shuffle reads,
// codegen stages, reused exchanges): a coalesced read alone is no difference.
#pragma once

#include <string>
#include <vector>

#include "adaptive/adaptive_execution.h"
#include "explain/physical_plan_diff.h"

namespace planck {

// How the timeline prints.
struct AqeTimelineOptions {
  // Print ids as #x (planck.explain.normalizeIds); plan diffs always hide them.
  bool normalize_ids = true;
  // Unchanged lines shown around each change of a step's plan diff.
  int context = 0;
};

// Whether a stage's estimate and observation differ by 10x or more, in rows when both are
// known, else in bytes; false when there was no estimate.
bool misestimated(const StageObservation& seen);

// The one-line summary: stages made (and reused), re-plans, adopted re-plans, and whether the
// final plan differs from the initial one.
std::string aqeSummary(const AdaptiveRun& run);

// The whole timeline as text (see the top of this file), ending in a newline.
std::string aqeTimelineText(const AdaptiveRun& run, const AqeTimelineOptions& options = {});

// The same as one JSON object: "summary", "stages", "reused_stages", "replans", "adopted",
// "final_plan_differs", "timeline" (per step: "step", "adopted", "verdict", the costs, "rules",
// "triggers" with their figures and "misestimated", "plan_diff" as the text's lines) and
// "query_stages".
std::string aqeTimelineJson(const AdaptiveRun& run, const AqeTimelineOptions& options = {});

}  // namespace planck
