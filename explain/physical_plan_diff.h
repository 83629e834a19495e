// Diffs of two physical plans: what adaptive execution changed between the plan it started from
// and the one it ran (the shell's `.diff aqe`, the .aqe timeline, the adaptive section of the
// .trace page).
//
// plan_diff.h matches logical operators structurally; physical plans are compared by their
// EXPLAIN lines instead, as a Spark user reads them: ids as #x, and the codegen marks `*(n) `
// left out (adaptive execution collapses codegen stages per query stage, so the initial plan
// has none and their numbers say nothing about what re-planning changed).
//
//   - as text: a line diff of the two EXPLAIN trees (diffLines), by operator text;
//   - as a graph: the two plans side by side, one DOT cluster each, their operators matched by
//     a longest common subsequence of their EXPLAIN lines in pre-order. Operators only in the
//     old plan are red, only in the new plan green; an unmatched pair with the same operator
//     name between the same two matches (a Filter whose condition changed) is orange on both
//     sides. Two clusters rather than plan_diff.h's merged graph: re-planning rebuilds the plan
//     around the query stages, so most of what changed is a new shape, not an edit in place.
#pragma once

#include <string>
#include <vector>

#include "explain/plan_diff.h"
#include "physical/physical_plan.h"

namespace planck {

// The plan as EXPLAIN prints it, with ids as #x and without the codegen marks `*(n) `.
std::string comparablePlanText(const PhysicalPtr& plan);

// The changed lines of comparablePlanText(before) -> comparablePlanText(after), matched by
// their operator text without the tree connectors (so that the subtree below a removed Sort is
// not removed and added again one level up): `- line` as the old plan prints it, `+ line` as
// the new one does, `context` unchanged lines around each change as `  line`, and `  ...` where
// unchanged lines between two changes were left out. Empty when the plans print the same.
std::vector<std::string> physicalPlanLineDiff(const PhysicalPtr& before, const PhysicalPtr& after,
                                              int context = 0);

// One operator of one side of a physical diff (WholeStageCodegen and InputAdapter are left out:
// `codegen_stage` says which stage an operator belongs to).
struct PhysicalDiffNode {
  PhysicalPtr plan;
  std::string line;  // its EXPLAIN line, ids as #x
  std::string path;  // position in its tree: "0", "0_1", ...
  int parent = -1;   // index of the parent on the same side; -1 for the root
  int codegen_stage = 0;
  int match = -1;  // index of the matched operator on the other side, or -1
  DiffStatus status = DiffStatus::kUnchanged;
};

// The two plans' operators in pre-order (query stages' exchanges included), with their matches.
struct PhysicalPlanDiff {
  std::vector<PhysicalDiffNode> before;
  std::vector<PhysicalDiffNode> after;

  // How many operators have `status` (removed ones count on the old side, the others on the new).
  int count(DiffStatus status) const;
};

// Matches the operators of `before` and `after` by their EXPLAIN lines (see the top of this
// file).
PhysicalPlanDiff diffPhysicalPlans(const PhysicalPtr& before, const PhysicalPtr& after);

// The two plans side by side as one DOT graph: a cluster per plan (titled `before_name`,
// `after_name`), coloured by status, with the counts in the title and a legend.
std::string physicalPlanDiffDot(const PhysicalPlanDiff& diff, const std::string& before_name,
                                const std::string& after_name, const DotOptions& options = {});

}  // namespace planck
