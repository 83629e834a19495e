// The optimizer's rules, Catalyst's names. Each is defined in its own file under rules/;
// optimizer.cc puts them in batches.
#pragma once

#include "optimizer/rule.h"

namespace planck {

// Finish Analysis.
RulePtr makeEliminateSubqueryAliases();  // SubqueryAlias nodes only name columns: drop them

// Subquery.
RulePtr makeOptimizeSubqueries();  // runs the optimizer on each subquery expression's plan

}  // namespace planck
