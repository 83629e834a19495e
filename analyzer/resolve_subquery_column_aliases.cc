// ResolveSubqueryColumnAliases: FROM (...) AS t(a, b) renames the columns of t with a Project
// of aliases under the SubqueryAlias.
#include "analyzer/rules.h"
#include "common/errors.h"
#include "fmt/format.h"
#include "logical/operators.h"

namespace planck {
namespace {

class ResolveSubqueryColumnAliases final : public Rule {
 public:
  std::string_view name() const override { return "ResolveSubqueryColumnAliases"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUnresolvedUp(plan, [&](const PlanPtr& node) -> PlanPtr {
      const auto* alias = node->as<SubqueryAlias>();
      if (alias == nullptr || alias->columnAliases().empty() || !node->childrenResolved())
        return node;
      Attributes output = node->child(0)->output();
      const auto& names = alias->columnAliases();
      if (names.size() != output.size()) {
        ctx.fail(analysisError(fmt::format("`{}` has {} columns but {} column names were given",
                                           alias->alias(), output.size(), names.size()),
                               node->origin()));
        return node;
      }
      std::vector<ExprPtr> renamed;
      for (size_t i = 0; i < names.size(); ++i) renamed.push_back(Alias::make(output[i], names[i]));
      auto project = std::make_shared<Project>(std::move(renamed), node->child(0));
      auto result = std::make_shared<SubqueryAlias>(alias->alias(), project);
      result->setOrigin(node->origin());
      return result;
    });
  }
};

}  // namespace

RulePtr makeResolveSubqueryColumnAliases() {
  return std::make_shared<ResolveSubqueryColumnAliases>();
}

}  // namespace planck
