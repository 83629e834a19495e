#include "optimizer/plan_integrity.h"

#include <unordered_map>
#include <unordered_set>

#include "common/errors.h"
#include "fmt/format.h"
#include "logical/operators.h"

namespace planck {
namespace {

// The first attribute `node`'s own expressions refer to that its children do not produce.
const AttributeReference* danglingReference(const LogicalPlan& node) {
  if (node.children().empty()) return nullptr;
  std::unordered_set<ExprId> available;
  for (const PlanPtr& child : node.children()) {
    for (const AttributePtr& attr : child->output()) available.insert(attr->exprId());
  }
  for (const ExprPtr& expr : node.expressions()) {
    ExprPtr found = findNode(expr, [&](const ExprPtr& e) {
      const auto* attr = e->as<AttributeReference>();
      return attr != nullptr && available.count(attr->exprId()) == 0;
    });
    if (found) return found->as<AttributeReference>();
  }
  return nullptr;
}

}  // namespace

absl::Status checkPlanIntegrity(const PlanPtr& plan) {
  absl::Status status;
  std::unordered_map<ExprId, DataType> types;
  forEachNode(plan, [&](const PlanPtr& node) {
    if (!status.ok()) return;
    if (const AttributeReference* attr = danglingReference(*node)) {
      status = absl::InternalError(fmt::format("{} refers to {}, which its children do not produce",
                                               node->nodeName(), attr->toString()));
      return;
    }
    for (const AttributePtr& attr : node->output()) {
      auto [it, inserted] = types.emplace(attr->exprId(), attr->dataType());
      if (!inserted && it->second != attr->dataType()) {
        status = absl::InternalError(fmt::format("expression id of {} stands for both {} and {}",
                                                 attr->toString(), it->second.toString(),
                                                 attr->dataType().toString()));
        return;
      }
    }
  });
  return status;
}

absl::Status checkPlanChange(const PlanPtr& before, const PlanPtr& after) {
  const Attributes& old_output = before->output();
  const Attributes& new_output = after->output();
  if (old_output.size() != new_output.size()) {
    return absl::InternalError(fmt::format("the output changed from {} to {} columns",
                                           old_output.size(), new_output.size()));
  }
  for (size_t i = 0; i < old_output.size(); ++i) {
    const AttributeReference& was = *old_output[i];
    const AttributeReference& now = *new_output[i];
    if (was.name() != now.name() || was.dataType() != now.dataType()) {
      return absl::InternalError(fmt::format("output column {} changed from {}: {} to {}: {}",
                                             i + 1, was.name(), was.dataType().toString(),
                                             now.name(), now.dataType().toString()));
    }
    if (!was.nullable() && now.nullable()) {
      return absl::InternalError(
          fmt::format("output column {} ({}) became nullable", i + 1, now.name()));
    }
  }
  return checkPlanIntegrity(after);
}

}  // namespace planck
