// The two operators whole-stage code generation adds to an executed plan (Spark's
// WholeStageCodegenExec and InputAdapter). CollapseCodegenStages (codegen/) puts a
// WholeStageCodegenExec over each maximal chain of operators that generated code can run, and an
// InputAdapter under it wherever the chain reads an operator it cannot (an exchange, a sort-merge
// join's input, ...). EXPLAIN prints neither: the operators of stage n show as `*(n) Filter ...`,
// and an InputAdapter shows its child in its place, as Spark's plans read.
#pragma once

#include <string>

#include "physical/physical_plan.h"

namespace planck {

// Runs its subtree as one generated, compiled function per pipeline: `WholeStageCodegen (3)`.
// Its output, partitioning and ordering are its child's.
class WholeStageCodegenExec final
    : public ExecNode<WholeStageCodegenExec, PhysicalKind::kWholeStageCodegen> {
 public:
  WholeStageCodegenExec(int stage_id, PhysicalPtr child)
      : ExecNode({std::move(child)}), stage_id_(stage_id) {}
  // Spark's codegenStageId: numbered from 1 in post-order over the plan.
  int stageId() const { return stage_id_; }
  std::string_view nodeName() const override { return "WholeStageCodegen"; }
  std::vector<ExprPtr> outputOrdering() const override { return child(0)->outputOrdering(); }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;

 protected:
  Attributes computeOutput() const override { return child(0)->output(); }

 private:
  int stage_id_;
};

// Where a stage's generated code reads rows that another operator produced: `InputAdapter`.
class InputAdapterExec final : public ExecNode<InputAdapterExec, PhysicalKind::kInputAdapter> {
 public:
  explicit InputAdapterExec(PhysicalPtr child) : ExecNode({std::move(child)}) {}
  std::string_view nodeName() const override { return "InputAdapter"; }
  std::vector<ExprPtr> outputOrdering() const override { return child(0)->outputOrdering(); }
  std::vector<NodeParam> params() const override { return {}; }
  std::string simpleString() const override { return "InputAdapter"; }

 protected:
  Attributes computeOutput() const override { return child(0)->output(); }
};

// The stage id of the WholeStageCodegenExec `node` is, or 0 when it is another operator.
inline int codegenStageIdOf(const PhysicalPlan& node) {
  const auto* stage = node.as<WholeStageCodegenExec>();
  return stage != nullptr ? stage->stageId() : 0;
}

}  // namespace planck
