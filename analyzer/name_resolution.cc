#include "analyzer/name_resolution.h"

#include "common/errors.h"
#include "common/strings.h"
#include "fmt/format.h"

namespace planck {
namespace {

// Whether a column qualified by `qualifier` matches the written qualifier wanted[0, count).
bool qualifierMatches(const std::vector<std::string>& qualifier,
                      const std::vector<std::string>& wanted, size_t count) {
  if (count > qualifier.size()) {
    // db.t.a against a column qualified only by t: compare the table part.
    if (qualifier.empty()) return false;
    return equalsIgnoreCase(qualifier.back(), wanted[count - 1]);
  }
  for (size_t i = 0; i < count; ++i) {
    if (!equalsIgnoreCase(qualifier[qualifier.size() - count + i], wanted[i])) return false;
  }
  return true;
}

std::string qualifiedName(const AttributeReference& attr) {
  if (attr.qualifier().empty()) return attr.name();
  return join(attr.qualifier(), ".") + "." + attr.name();
}

}  // namespace

absl::StatusOr<AttributePtr> resolveName(const std::vector<std::string>& name_parts,
                                         const Attributes& input, Origin origin) {
  const std::string& name = name_parts.back();
  size_t qualifier_size = name_parts.size() - 1;
  // The common case is one match: keep it without allocating.
  AttributePtr first;
  std::vector<AttributePtr> matches;
  for (const AttributePtr& attr : input) {
    if (!equalsIgnoreCase(attr->name(), name)) continue;
    if (qualifier_size > 0 && !qualifierMatches(attr->qualifier(), name_parts, qualifier_size))
      continue;
    if (!first) {
      first = attr;
      continue;
    }
    if (attr->exprId() == first->exprId()) continue;
    bool seen = false;
    for (const AttributePtr& match : matches) seen = seen || match->exprId() == attr->exprId();
    if (!seen) matches.push_back(attr);
  }
  if (!first) return AttributePtr();
  if (matches.empty()) return first;
  matches.insert(matches.begin(), first);
  std::vector<std::string> names;
  for (const AttributePtr& match : matches) names.push_back("`" + qualifiedName(*match) + "`");
  return analysisError(fmt::format("reference `{}` is ambiguous, could be: {}",
                                   join(name_parts, "."), join(names, ", ")),
                       origin);
}

absl::StatusOr<std::vector<ExprPtr>> expandStar(const UnresolvedStar& star, const Attributes& input,
                                                Origin origin) {
  std::vector<ExprPtr> columns;
  for (const AttributePtr& attr : input) {
    if (star.qualifier().empty() ||
        qualifierMatches(attr->qualifier(), star.qualifier(), star.qualifier().size())) {
      columns.push_back(attr);
    }
  }
  if (columns.empty() && !star.qualifier().empty()) {
    std::vector<std::string> qualifiers;
    for (const AttributePtr& attr : input) {
      if (!attr->qualifier().empty()) qualifiers.push_back(attr->qualifier().back());
    }
    return analysisError(
        fmt::format("cannot resolve `{}`: no relation `{}` in FROM{}", star.toString(),
                    join(star.qualifier(), "."), didYouMean(star.qualifier().back(), qualifiers)),
        origin);
  }
  return columns;
}

std::vector<std::string> candidateNames(const Attributes& input) {
  std::vector<std::string> names;
  for (const AttributePtr& attr : input) names.push_back(attr->name());
  return names;
}

std::string generatedName(const ExprPtr& expr) {
  std::string text = expr->sql();
  // Spark drops the outermost parentheses of a generated name: (a + 1) -> "(a + 1)" is kept
  // for operators, as Spark's toPrettySQL does; only a redundant outer pair around a whole
  // function call is removed.
  return text;
}

bool containsAggregate(const ExprPtr& expr) {
  if (expr->is<AggregateExpression>()) return true;
  if (expr->is<WindowExpression>()) {
    // sum(x) OVER (...) is a windowed aggregate; aggregates in its arguments still count.
    for (const ExprPtr& arg : expr->as<WindowExpression>()->function()->children()) {
      if (containsAggregate(arg)) return true;
    }
    return containsAggregate(expr->child(1));
  }
  for (const ExprPtr& child : expr->children()) {
    if (containsAggregate(child)) return true;
  }
  return false;
}

bool containsWindow(const ExprPtr& expr) {
  return existsNode(expr, [](const ExprPtr& e) { return e->is<WindowExpression>(); });
}

ExprPtr castIfNeeded(const ExprPtr& expr, DataType type) {
  if (expr->dataType() == type) return expr;
  auto cast = std::make_shared<Cast>(expr, type);
  cast->setOrigin(expr->origin());
  return cast;
}

AttributePtr namedToAttribute(const ExprPtr& expr) {
  if (const auto* alias = expr->as<Alias>()) return alias->toAttribute();
  if (expr->is<AttributeReference>())
    return std::static_pointer_cast<const AttributeReference>(expr);
  return nullptr;
}

}  // namespace planck
