// Renderings of physical plans: Spark's EXPLAIN tree (`== Physical Plan ==`), EXPLAIN FORMATTED
// (an outline with operator ids, then one block of details per operator), JSON, and the
// PostgreSQL EXPLAIN JSON shape that the pev2 plan visualizer loads.
#pragma once

#include <string>

#include "explain/tree_string.h"
#include "physical/physical_plan.h"

namespace planck {

// The tree as Spark's EXPLAIN prints it, one operator per line, ending in a newline.
std::string physicalTreeString(const PhysicalPtr& plan, const TreeStringOptions& options = {});

// EXPLAIN FORMATTED: the outline with (n) ids, then per operator `(n) Name` and its Output or
// Input and details (Keys, Functions, Condition, Arguments, ...).
std::string physicalFormatted(const PhysicalPtr& plan, const TreeStringOptions& options = {});

// EXPLAIN (FORMAT json): one object per operator with its name, EXPLAIN line, details, output
// and children.
std::string physicalPlanJson(const PhysicalPtr& plan, const TreeStringOptions& options = {});

// PostgreSQL's EXPLAIN (FORMAT JSON) shape, `[{"Plan": {"Node Type": ..., "Plans": [...]}}]`,
// for pev2 (https://github.com/dalibo/pev2): operators map to the nearest PostgreSQL node type
// (Seq Scan, Hash Join, Merge Join, Nested Loop, Aggregate, Sort, Limit, ...), with Spark's
// operator and line kept in "Spark Node" and "Spark Details". planck has no costs yet: costs
// and row counts are 0, the width is the estimated row width.
std::string physicalPgJson(const PhysicalPtr& plan, const TreeStringOptions& options = {});

}  // namespace planck
