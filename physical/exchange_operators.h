// Exchanges: where a plan is cut into stages. EnsureRequirements inserts them; the runtime runs
// the stage below an exchange to completion before the stage above reads it.
#pragma once

#include <string>
#include <vector>

#include "physical/physical_plan.h"

namespace planck {

// A fresh id for an exchange, printed as Spark's `[plan_id=N]` (`[plan_id=x]` with normalized
// ids).
int64_t newPlanId();

// Why an exchange is there (Spark's ShuffleOrigin): ENSURE_REQUIREMENTS for the ones
// EnsureRequirements inserts, REPARTITION_BY_NUM for an explicit round-robin repartition.
enum class ShuffleOrigin : uint8_t { kEnsureRequirements, kRepartitionByNum };

// Moves rows between partitions: `Exchange hashpartitioning(k#1, 200), ENSURE_REQUIREMENTS,
// [plan_id=5]`. Hash, range, single-partition or round-robin.
class ShuffleExchangeExec final
    : public ExecNode<ShuffleExchangeExec, PhysicalKind::kShuffleExchange> {
 public:
  ShuffleExchangeExec(Partitioning partitioning, PhysicalPtr child,
                      ShuffleOrigin origin = ShuffleOrigin::kEnsureRequirements)
      : ExecNode({std::move(child)}),
        partitioning_(std::move(partitioning)),
        origin_(origin),
        plan_id_(newPlanId()) {}
  const Partitioning& partitioning() const { return partitioning_; }
  ShuffleOrigin origin() const { return origin_; }
  int64_t planId() const { return plan_id_; }
  std::string_view nodeName() const override { return "Exchange"; }
  Partitioning outputPartitioning() const override { return partitioning_; }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;
  std::vector<ExprPtr> expressions() const override { return partitioning_.expressions; }

 protected:
  Attributes computeOutput() const override { return child(0)->output(); }

 private:
  Partitioning partitioning_;
  ShuffleOrigin origin_;
  int64_t plan_id_;
};

// Builds its input once and gives every task of the consumer the whole of it:
// `BroadcastExchange HashedRelationBroadcastMode(List(k#1),false), [plan_id=7]`.
class BroadcastExchangeExec final
    : public ExecNode<BroadcastExchangeExec, PhysicalKind::kBroadcastExchange> {
 public:
  BroadcastExchangeExec(BroadcastMode mode, PhysicalPtr child)
      : ExecNode({std::move(child)}), mode_(std::move(mode)), plan_id_(newPlanId()) {}
  const BroadcastMode& mode() const { return mode_; }
  int64_t planId() const { return plan_id_; }
  std::string_view nodeName() const override { return "BroadcastExchange"; }
  Partitioning outputPartitioning() const override { return Partitioning::broadcast(mode_); }
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;
  std::vector<ExprPtr> expressions() const override { return mode_.keys; }

 protected:
  Attributes computeOutput() const override { return child(0)->output(); }

 private:
  BroadcastMode mode_;
  int64_t plan_id_;
};

// An exchange that computes the same rows as one elsewhere in the plan (ReuseExchange): it reads
// that exchange's output instead of running its own input again. A leaf: the reused exchange is
// held, not a child, so the stage below it runs once. Its output has this use's own column ids,
// matched by position to the reused exchange's output.
// `ReusedExchange [c_custkey#3, ...], Exchange hashpartitioning(...)`.
class ReusedExchangeExec final
    : public ExecNode<ReusedExchangeExec, PhysicalKind::kReusedExchange> {
 public:
  ReusedExchangeExec(Attributes output, PhysicalPtr exchange)
      : output_(std::move(output)), exchange_(std::move(exchange)) {}
  const PhysicalPtr& exchange() const { return exchange_; }
  std::string_view nodeName() const override { return "ReusedExchange"; }
  Partitioning outputPartitioning() const override;
  std::vector<NodeParam> params() const override;
  std::string simpleString() const override;

 protected:
  Attributes computeOutput() const override { return output_; }

 private:
  Attributes output_;
  PhysicalPtr exchange_;
};

}  // namespace planck
