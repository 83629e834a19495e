#include "session/plan_change_log.h"

#include <algorithm>
#include <memory>

#include "explain/plan_diff.h"
#include "fmt/format.h"

namespace planck {

LogLevel parseLogLevel(std::string_view name) {
  if (name == "trace") return LogLevel::kTrace;
  if (name == "debug") return LogLevel::kDebug;
  if (name == "info") return LogLevel::kInfo;
  if (name == "warn") return LogLevel::kWarn;
  return LogLevel::kError;
}

std::string_view logLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return "TRACE";
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarn:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
  }
  return "ERROR";
}

namespace {

bool shown(const Config& config, LogLevel level) {
  return level >= parseLogLevel(config.getString("planck.logLevel"));
}

// Whether `names` (a setting's list) is empty or holds `name`.
bool selected(const std::vector<std::string>& names, std::string_view name) {
  return names.empty() || std::find(names.begin(), names.end(), name) != names.end();
}

std::string seconds(std::chrono::nanoseconds time) {
  return fmt::format("{:.4f} seconds", std::chrono::duration<double>(time).count());
}

}  // namespace

void logMessage(const Config& config, const LogSink& sink, LogLevel level, std::string_view source,
                std::string_view message) {
  if (sink && shown(config, level)) {
    sink(fmt::format("{} {}: {}", logLevelName(level), source, message));
  }
}

std::function<void()> attachPlanChangeLog(const Config& config, const LogSink& sink,
                                          ExecutionObserver& observer) {
  LogLevel level = parseLogLevel(config.getString("spark.sql.planChangeLog.level"));
  if (!sink || !shown(config, level)) return {};
  auto log = [&config, sink, level](std::string message) {
    logMessage(config, sink, level, "PlanChangeLogger", message);
  };
  std::vector<std::string> rules = config.getList("spark.sql.planChangeLog.rules");
  std::vector<std::string> batches = config.getList("spark.sql.planChangeLog.batches");

  auto previous_rule = observer.on_effective_rule;
  observer.on_effective_rule = [=](const RuleApplication& step) {
    if (previous_rule) previous_rule(step);
    if (!selected(rules, step.rule) || !selected(batches, step.batch)) return;
    std::string where = step.subquery.empty() ? "" : fmt::format(" (in {})", step.subquery);
    log(fmt::format("\n=== Applying Rule {}{} ===\n{}", step.rule, where,
                    planTextDiff(step.before, step.after)));
  };
  // Spark logs batch results only when no rule filter is set.
  if (rules.empty()) {
    auto previous_batch = observer.on_batch_end;
    observer.on_batch_end = [=](const std::string& batch, const PlanPtr& before,
                                const PlanPtr& after) {
      if (previous_batch) previous_batch(batch, before, after);
      // A batch run on a subquery's plan is reported as `B (in scalar-subquery#N)`; the
      // setting names batches as the optimizer does, `B`.
      if (!selected(batches, batch.substr(0, batch.find(" (in ")))) return;
      if (before == after) {
        log(fmt::format("Batch {} has no effect.", batch));
      } else {
        log(fmt::format("\n=== Result of Batch {} ===\n{}", batch, planTextDiff(before, after)));
      }
    };
  }
  RuleMetrics* metrics = observer.metrics;
  return [log, metrics] {
    if (metrics == nullptr) return;
    RuleMetric total;
    for (const auto& [rule, metric] : *metrics) {
      total.runs += metric.runs;
      total.effective_runs += metric.effective_runs;
      total.total_time += metric.total_time;
      total.effective_time += metric.effective_time;
    }
    log(fmt::format(
        "\n=== Metrics of Executed Rules ===\nTotal number of runs: {}\nTotal time: {}\n"
        "Total number of effective runs: {}\nTotal time of effective runs: {}",
        total.runs, seconds(total.total_time), total.effective_runs,
        seconds(total.effective_time)));
  };
}

}  // namespace planck
