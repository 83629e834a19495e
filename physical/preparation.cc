#include "physical/preparation.h"

#include <exception>

#include "fmt/format.h"

namespace planck {

absl::StatusOr<PhysicalPtr> prepareForExecution(
    PhysicalPtr plan, const std::vector<PhysicalRulePtr>& rules, const Config& config,
    const std::function<void(const PhysicalRuleApplication&)>& on_effective_rule) {
  PhysicalRuleContext ctx(config);
  for (const PhysicalRulePtr& rule : rules) {
    auto started = std::chrono::steady_clock::now();
    PhysicalPtr after;
    try {
      after = rule->apply(plan, ctx);
    } catch (const std::exception& error) {
      return absl::InternalError(fmt::format("rule {} failed: {}", rule->name(), error.what()));
    }
    if (!ctx.status().ok()) return ctx.status();
    if (after != plan && on_effective_rule) {
      on_effective_rule(
          {std::string(rule->name()), plan, after, std::chrono::steady_clock::now() - started});
    }
    plan = std::move(after);
  }
  return plan;
}

std::vector<PhysicalRulePtr> builtinPreparationRules(PhysicalRulePtr collapse_codegen_stages) {
  // Spark's order: projects are removed before EnsureRequirements adds exchanges (whose
  // partitioning reads the project lists), sorts after it (it adds the sorts), codegen stages
  // are cut once every operator is in place, and exchanges are reused once the plan has all of
  // them (ReuseExchange compares stages without their ids).
  std::vector<PhysicalRulePtr> rules = {makeRemoveRedundantProjects(), makeEnsureRequirements(),
                                        makeRemoveRedundantSorts()};
  if (collapse_codegen_stages != nullptr) rules.push_back(std::move(collapse_codegen_stages));
  rules.push_back(makeReuseExchange());
  return rules;
}

}  // namespace planck
