// Structural diff of two logical plans: which operators a rewrite kept, changed, added and
// removed, as a coloured graph and as a unified text diff.
//
// Matching (after GumTree: Falleri et al., "Fine-grained and accurate source code
// differencing", ASE 2014), over each plan's operators including those of subquery plans:
//   1. identical subtrees: the same pointer, or equal by LogicalPlan::hash/equals, largest
//      first (pre-order over the old plan);
//   2. bottom-up: an operator whose descendants are matched is matched to the operator of the
//      same kind whose descendants hold most of their matches (highest Dice coefficient);
//   3. top-down recovery: below matched operators, the unmatched children of the same kind, in
//      order (so a changed leaf under an unchanged parent is "changed", not removed + added);
//   4. the remaining operators with the same kind and equal parameters, then leaves of the
//      same kind with the same first parameter (a scan of the same table).
// Departure from GumTree: every match must keep ancestry (an operator above another on one side
// is above its match on the other), which GumTree's move actions do not need. A moved operator
// thus shows as removed + added, and the merged graph below has no cycles: a Filter pushed
// below a Join is a removed Filter above the Join and an added one below it, and the Join and
// everything else stay unchanged.
//
// A matched operator is "changed" when its parameters differ (each difference is listed, old
// and new), "unchanged" otherwise, even when its children changed: edges show that. With ids
// normalized, a difference in ids alone is not reported.
//
// The graph (planDiffDot) merges both plans into one: each matched pair is one node, removed
// operators (red) and added ones (green) are nodes of their own, and an edge is grey when both
// plans have it, red when only the old one does, green when only the new one does. One graph
// rather than two side by side: what a rule touched is visible at a glance, in place.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "explain/plan_dot.h"
#include "logical/plan.h"

namespace planck {

enum class DiffStatus : uint8_t { kUnchanged, kChanged, kAdded, kRemoved };

// "unchanged", "changed", "added", "removed".
std::string_view diffStatusName(DiffStatus status);

// The fill and border colours of an operator with `status` in the diff graphs (grey, orange,
// green, red), and the graphs' legend of them as a DOT cluster.
struct DiffColors {
  const char* fill;
  const char* border;
};
DiffColors diffStatusColors(DiffStatus status);
std::string diffLegendDot();

// One parameter that differs between two matched operators, as EXPLAIN prints it.
struct ParamChange {
  std::string name;
  std::string before;  // empty when the old operator has no such parameter
  std::string after;   // empty when the new operator has none
};

// One operator of one side of the diff.
struct DiffNode {
  PlanPtr plan;
  std::string path;            // position in its tree: "0", "0_1", "0_s0" (as planDot's ids)
  int parent = -1;             // index of the parent on the same side; -1 for the root
  bool subquery_link = false;  // the root of a subquery plan held by `parent`
  int end = 0;                 // one past the last descendant (the list is in pre-order)
  int match = -1;              // index of the matched operator on the other side, or -1
  DiffStatus status = DiffStatus::kUnchanged;
  std::vector<ParamChange> changes;  // for kChanged
};

// The two plans' operators, pre-order, with their matches and statuses.
struct PlanDiff {
  std::vector<DiffNode> before;
  std::vector<DiffNode> after;

  // How many operators have `status` (removed ones count on the old side, the others on the new).
  int count(DiffStatus status) const;
  // Whether every operator is matched and unchanged, with the same edges.
  bool unchanged() const;
};

// Matches the operators of `before` and `after`; parameter texts with ids as #x when
// `normalize_ids`.
PlanDiff diffPlans(const PlanPtr& before, const PlanPtr& after, bool normalize_ids = true);

// The diff as one DOT graph (see the top of this file), with a legend.
std::string planDiffDot(const PlanDiff& diff, const DotOptions& options = {});

// One line of a line-by-line diff: kept (' '), only in the old text ('-') or only in the new
// one ('+').
struct LineEdit {
  char kind = ' ';
  std::string_view text;   // the line (of `before` for ' ' and '-', of `after` for '+')
  size_t before_line = 0;  // 0-based positions in the two texts before this edit
  size_t after_line = 0;
};

// The edit script turning `before` into `after`, line by line, from a longest common
// subsequence table (quadratic in the number of lines); deletions before insertions. The views
// point into the two texts.
std::vector<LineEdit> diffLines(std::string_view before, std::string_view after);

// A unified diff (`diff -u`) of two texts, line by line, with `context` lines around each
// change; "" when they are equal (diffLines).
std::string unifiedDiff(std::string_view before, std::string_view after,
                        std::string_view before_name, std::string_view after_name, int context = 3);

// unifiedDiff of the two plans' tree strings (treeString, ids as #x).
std::string planTextDiff(const PlanPtr& before, const PlanPtr& after,
                         std::string_view before_name = "before",
                         std::string_view after_name = "after");

}  // namespace planck
