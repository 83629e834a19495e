// ResolveRelations: a table name becomes SubqueryAlias(name, Relation) with fresh column ids
// for this reference; a view name becomes SubqueryAlias(name, the view's analyzed query).
#include "analyzer/analyzer.h"
#include "analyzer/rules.h"
#include "common/errors.h"
#include "fmt/format.h"
#include "logical/operators.h"

namespace planck {
namespace {

class ResolveRelations final : public Rule {
 public:
  std::string_view name() const override { return "ResolveRelations"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& rule_ctx) const override {
    AnalysisContext& ctx = AnalysisContext::of(rule_ctx);
    return transformUnresolvedUp(plan, [&](const PlanPtr& node) -> PlanPtr {
      const auto* relation = node->as<UnresolvedRelation>();
      if (relation == nullptr || !ctx.status().ok()) return node;
      const std::string& name = relation->nameParts().back();
      auto table = ctx.catalog()->lookup(name);
      if (!table.ok()) {
        ctx.fail(withOrigin(table.status(), node->origin()));
        return node;
      }
      PlanPtr resolved;
      if ((*table)->kind() == CatalogTable::Kind::kView) {
        auto analyzed = ctx.analyzer().analyze((*table)->viewPlan(), {}, ctx.depth() + 1);
        if (!analyzed.ok()) {
          ctx.fail(makeError(ErrorKind::kAnalysis,
                             fmt::format("view `{}` is invalid: {}", (*table)->name(),
                                         std::string(analyzed.status().message())),
                             node->origin()));
          return node;
        }
        resolved = *analyzed;
      } else {
        Attributes output;
        for (const Column& column : (*table)->columns()) {
          output.push_back(AttributeReference::make(column.name, column.type, column.nullable));
        }
        resolved = std::make_shared<Relation>((*table)->name(), std::move(output));
      }
      auto alias = std::make_shared<SubqueryAlias>((*table)->name(), resolved);
      alias->setOrigin(node->origin());
      return alias;
    });
  }
};

}  // namespace

RulePtr makeResolveRelations() { return std::make_shared<ResolveRelations>(); }

}  // namespace planck
