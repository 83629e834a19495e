// Window (Spark's strategy of the same name): a logical Window becomes a WindowExec, which asks
// EnsureRequirements for its input clustered on the partition keys and sorted by them and the
// window order.
#include "logical/operators.h"
#include "physical/operators.h"
#include "physical/strategies/strategies.h"

namespace planck {
namespace {

class WindowStrategy final : public Strategy {
 public:
  std::string_view name() const override { return "Window"; }
  absl::StatusOr<PhysicalPtr> apply(const PlanPtr& plan, PlannerContext& ctx) const override {
    const auto* window = plan->as<Window>();
    if (window == nullptr) return nullptr;
    absl::StatusOr<PhysicalPtr> child = ctx.planLater(window->child(0));
    if (!child.ok()) return child.status();
    return PhysicalPtr(std::make_shared<WindowExec>(window->windowExpressions(),
                                                    window->partitionSpec(), window->orderSpec(),
                                                    *std::move(child)));
  }
};

}  // namespace

StrategyPtr makeWindowStrategy() { return std::make_shared<WindowStrategy>(); }

}  // namespace planck
