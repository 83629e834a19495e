#include "optimizer/rule_executor.h"

namespace planck {

absl::StatusOr<PlanPtr> RuleExecutor::execute(PlanPtr plan, RuleContext& ctx,
                                              const ExecutionObserver& observer) const {
  using Clock = std::chrono::steady_clock;
  for (const Batch& batch : batches_) {
    for (int iteration = 1; iteration <= batch.strategy.max_iterations; ++iteration) {
      PlanPtr batch_start = plan;
      for (const RulePtr& rule : batch.rules) {
        auto started = Clock::now();
        PlanPtr after = rule->apply(plan, ctx);
        auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - started);
        bool effective = after != plan;
        if (observer.metrics != nullptr) {
          RuleMetric& metric = (*observer.metrics)[std::string(rule->name())];
          ++metric.runs;
          metric.total_time += elapsed;
          if (effective) {
            ++metric.effective_runs;
            metric.effective_time += elapsed;
          }
        }
        if (!ctx.status().ok()) return ctx.status();
        if (effective && observer.on_effective_rule) {
          observer.on_effective_rule(
              RuleApplication{batch.name, iteration, std::string(rule->name()), plan, after, elapsed});
        }
        plan = std::move(after);
      }
      // Fixed point: no rule of the batch changed the plan in this iteration.
      if (!batch.strategy.fixed_point || plan == batch_start) break;
    }
  }
  return plan;
}

}  // namespace planck
