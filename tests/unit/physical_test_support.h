// Helpers for the physical planning suites: plan SQL against the TPC-H schema, give tables
// sizes, find operators and render plans with normalized ids.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "explain/physical_explain.h"
#include "gtest/gtest.h"
#include "physical/operators.h"
#include "session/session.h"

namespace planck::test {

// Sets the catalog size of `table` (what ANALYZE or a load would record).
inline void setTableSize(Session& session, std::string_view table, int64_t bytes) {
  std::shared_ptr<CatalogTable> found = session.catalog().find(table);
  ASSERT_NE(found, nullptr) << table;
  found->statistics().size_in_bytes = bytes;
}

// The physical plan of `sql`: the planner's (prepared = false) or the one after preparation.
inline PhysicalPtr physicalPlanOf(Session& session, std::string_view sql, bool prepared = true) {
  auto execution = session.query(sql);
  EXPECT_TRUE(execution.ok()) << execution.status();
  if (!execution.ok()) return nullptr;
  const absl::StatusOr<PhysicalPtr>& plan =
      prepared ? (*execution)->executedPlan() : (*execution)->sparkPlan();
  EXPECT_TRUE(plan.ok()) << plan.status() << "\n" << sql;
  return plan.ok() ? *plan : nullptr;
}

inline std::string physicalText(const PhysicalPtr& plan) {
  return plan ? physicalTreeString(plan, TreeStringOptions{true}) : "<no plan>";
}

// Every operator of `plan` of kind T, pre-order.
template <class T>
std::vector<const T*> operatorsOf(const PhysicalPtr& plan) {
  std::vector<const T*> found;
  if (!plan) return found;
  forEachNode(plan, [&](const PhysicalPtr& node) {
    if (const T* typed = node->as<T>()) found.push_back(typed);
  });
  return found;
}

// The first join of the plan (pre-order), whatever its kind, or nullptr.
inline PhysicalPtr firstJoin(const PhysicalPtr& plan) {
  if (!plan) return nullptr;
  return findNode(plan, [](const PhysicalPtr& node) { return isJoinKind(node->kind()); });
}

}  // namespace planck::test
