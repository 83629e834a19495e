// Binding names to attributes: the lookups every resolution rule shares.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "logical/expressions.h"
#include "logical/plan.h"

namespace planck {

// Finds the attribute `name_parts` (a, t.a, db.t.a) names among `input`. Returns nullptr when
// none matches and an error naming the candidates when several distinct columns match.
absl::StatusOr<AttributePtr> resolveName(const std::vector<std::string>& name_parts,
                                         const Attributes& input, Origin origin);

// The columns `*` or `t.*` stands for; an error when a qualifier matches nothing.
absl::StatusOr<std::vector<ExprPtr>> expandStar(const UnresolvedStar& star, const Attributes& input,
                                                Origin origin);

// Column names of `input` as a user would write them, for "did you mean" suggestions.
std::vector<std::string> candidateNames(const Attributes& input);

// The name Spark gives an unnamed select item: sum(l_quantity), (a + 1).
std::string generatedName(const ExprPtr& expr);

// Whether the expression contains an aggregate function call (not counting those inside a
// window expression, which are windowed aggregates).
bool containsAggregate(const ExprPtr& expr);
// Whether the expression contains a window expression.
bool containsWindow(const ExprPtr& expr);
// Wraps `expr` in a Cast unless it already has `type`.
ExprPtr castIfNeeded(const ExprPtr& expr, DataType type);
// The attribute a named select item produces: attributes as they are, aliases' attribute.
AttributePtr namedToAttribute(const ExprPtr& expr);

}  // namespace planck
