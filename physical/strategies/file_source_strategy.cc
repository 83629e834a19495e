// FileSourceStrategy (Spark's strategy of the same name, for planck's in-memory tables): a scan
// of a catalog table, with the conjuncts of the Filter right above it that read only the scan's
// columns shown as PushedFilters. The FilterExec stays above the scan: the pushed filters let a
// source skip data, the filter is what guarantees the rows.
//
//   Filter ((a#1 > 1) AND (a#1 < b#2))       Filter ((a#1 > 1) AND (a#1 < b#2))
//   +- Relation t[a#1,b#2]             =>    +- Scan t[a#1,b#2] PushedFilters: [(a#1 > 1), ...]
#include "logical/operators.h"
#include "logical/predicates.h"
#include "physical/operators.h"
#include "physical/strategies/strategies.h"

namespace planck {
namespace {

PhysicalPtr scanOf(const Relation& relation, std::vector<ExprPtr> pushed) {
  return std::make_shared<ScanExec>(relation.tableName(), relation.output(), std::move(pushed));
}

class FileSourceStrategy final : public Strategy {
 public:
  std::string_view name() const override { return "FileSourceStrategy"; }
  absl::StatusOr<PhysicalPtr> apply(const PlanPtr& plan, PlannerContext&) const override {
    if (const auto* relation = plan->as<Relation>()) return scanOf(*relation, {});
    const auto* filter = plan->as<Filter>();
    if (filter == nullptr) return nullptr;
    const auto* relation = filter->child(0)->as<Relation>();
    if (relation == nullptr) return nullptr;
    std::vector<ExprPtr> pushed;
    for (const ExprPtr& conjunct : splitConjuncts(filter->condition())) {
      if (conjunct->deterministic() && !hasSubquery(conjunct) &&
          canEvaluate(conjunct, *filter->child(0))) {
        pushed.push_back(conjunct);
      }
    }
    PhysicalPtr scan = scanOf(*relation, std::move(pushed));
    // The scan returns the relation's rows (the filter is above it): linked to the relation, so
    // EXPLAIN ANALYZE compares its rows with the relation's estimate, not the filter's.
    scan->setLogicalLink(filter->child(0));
    return PhysicalPtr(std::make_shared<FilterExec>(filter->condition(), std::move(scan)));
  }
};

}  // namespace

StrategyPtr makeFileSourceStrategy() { return std::make_shared<FileSourceStrategy>(); }

}  // namespace planck
