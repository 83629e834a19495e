// CollapseCodegenStages (Spark's rule of the same name): each maximal chain of operators that
// generated code can run becomes one WholeStageCodegenExec, with an InputAdapter wherever the
// chain reads an operator it cannot run (an exchange, a sort, a window, ...).
//
//   HashAggregate                      WholeStageCodegen (2)
//   +- Exchange                        +- HashAggregate
//      +- HashAggregate         =>        +- InputAdapter
//         +- Filter                          +- Exchange
//            +- Scan t                          +- WholeStageCodegen (1)
//                                                  +- HashAggregate
//                                                     +- Filter
//                                                        +- Scan t
//
// Stage ids count from 1 in post-order (inner stages first), as Spark's codegenStageCounter.
// A stage of a scan or a union alone is not made: it would only copy their batches. On while
// spark.sql.codegen.wholeStage is true; spark.sql.codegen.maxFields bounds the columns an
// operator may have.
#include "codegen/codegen.h"
#include "physical/operators.h"

namespace planck {
namespace {

class Collapser {
 public:
  Collapser(int max_fields, int last_stage_id) : max_fields_(max_fields), stages_(last_stage_id) {}
  int lastStageId() const { return stages_; }

  PhysicalPtr insertWholeStage(const PhysicalPtr& plan) {
    if (supportsCodegen(*plan, max_fields_) && !plan->is<ScanExec>() && !plan->is<UnionExec>()) {
      PhysicalPtr child = insertInputAdapter(plan);
      return std::make_shared<WholeStageCodegenExec>(++stages_, std::move(child));
    }
    return mapChildren(plan, [this](const PhysicalPtr& child) { return insertWholeStage(child); });
  }

 private:
  PhysicalPtr insertInputAdapter(const PhysicalPtr& plan) {
    if (!supportsCodegen(*plan, max_fields_)) {
      return std::make_shared<InputAdapterExec>(insertWholeStage(plan));
    }
    if (plan->is<SortMergeJoinExec>() || plan->is<UnionExec>()) {
      // Both sides of a merge join are stages of their own (their Sorts), as in Spark: the left
      // one streams into this stage, the right one is read a task's partition at a time. A
      // union's inputs are stages of their own too: each task of this stage reads one partition
      // of one of them, as its source.
      return mapChildren(plan, [this](const PhysicalPtr& child) -> PhysicalPtr {
        return std::make_shared<InputAdapterExec>(insertWholeStage(child));
      });
    }
    return mapChildren(plan, [this](const PhysicalPtr& child) { return insertInputAdapter(child); });
  }

  template <class Fn>
  static PhysicalPtr mapChildren(const PhysicalPtr& plan, Fn&& fn) {
    std::vector<PhysicalPtr> children;
    bool changed = false;
    for (const PhysicalPtr& child : plan->children()) {
      children.push_back(fn(child));
      changed = changed || children.back() != child;
    }
    if (!changed) return plan;
    return plan->withNewChildren(std::move(children));
  }

  int max_fields_;
  int stages_ = 0;
};

class CollapseCodegenStages final : public PhysicalRule {
 public:
  std::string_view name() const override { return "CollapseCodegenStages"; }
  PhysicalPtr apply(const PhysicalPtr& plan, PhysicalRuleContext& ctx) const override {
    int last_stage_id = 0;
    return collapseCodegenStages(plan, ctx.config(), last_stage_id);
  }
};

}  // namespace

PhysicalRulePtr makeCollapseCodegenStages() { return std::make_shared<CollapseCodegenStages>(); }

PhysicalPtr collapseCodegenStages(const PhysicalPtr& plan, const Config& config,
                                  int& last_stage_id) {
  if (!config.getBool("spark.sql.codegen.wholeStage")) return plan;
  Collapser collapser(static_cast<int>(config.getInt("spark.sql.codegen.maxFields")),
                      last_stage_id);
  PhysicalPtr collapsed = collapser.insertWholeStage(plan);
  last_stage_id = collapser.lastStageId();
  return collapsed;
}

}  // namespace planck
