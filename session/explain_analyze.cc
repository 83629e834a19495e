#include "session/explain_analyze.h"

#include <algorithm>
#include <functional>
#include <vector>

#include "explain/physical_explain.h"
#include "fmt/format.h"
#include "optimizer/statistics.h"
#include "physical/exchange_operators.h"
#include "physical/operators.h"

namespace planck {
namespace {

std::string millis(int64_t nanos) {
  return fmt::format("{:.2f} ms", static_cast<double>(nanos) / 1e6);
}

// Whether `node` outputs the rows of its logical plan: not a partial aggregate (whose rows are
// each task's groups so far).
bool comparesRows(const PhysicalPlan& node) {
  if (const auto* aggregate = node.as<HashAggregateExec>()) {
    for (const AggregateCall& call : aggregate->aggregates()) {
      if (call.mode == AggregateMode::kPartial || call.mode == AggregateMode::kPartialMerge) {
        return false;
      }
    }
  }
  return true;
}

std::string annotation(const PhysicalPlan& node, const NodeMetrics* metrics, SizeEstimator& sizes) {
  std::vector<std::string> parts;
  if (metrics == nullptr || metrics->tasks.empty()) {
    parts.push_back("not run");
  } else {
    parts.push_back(fmt::format("rows={}", metrics->rows()));
  }
  if (node.logicalLink() != nullptr) {
    const PlanStatistics& estimate = sizes.statisticsOf(node.logicalLink());
    parts.push_back("est. " + bytesToString(estimate.size_in_bytes));
    if (estimate.row_count && comparesRows(node) && metrics != nullptr && !metrics->tasks.empty()) {
      // 10x or more is marked.
      double q = qError(*estimate.row_count, static_cast<double>(metrics->rows()));
      parts.push_back(fmt::format("est. rows={:.0f}, q-error {:.2f}{}", *estimate.row_count, q,
                                  q >= 10 ? " (off by 10x or more)" : ""));
    }
  }
  if (metrics != nullptr && !metrics->tasks.empty()) {
    // An operator fused into a compiled stage has no time of its own: its stage's is in the
    // Codegen section.
    bool generated = std::all_of(metrics->tasks.begin(), metrics->tasks.end(),
                                 [](const OperatorMetrics& task) { return task.generated; });
    parts.push_back(generated ? std::string("in generated code")
                              : fmt::format("{} (self {})", millis(metrics->nanos()),
                                            millis(metrics->selfNanos())));
    std::vector<int64_t> rows;
    for (const OperatorMetrics& task : metrics->tasks) rows.push_back(task.rows);
    std::sort(rows.begin(), rows.end());
    // An exchange's entries are its output partitions; other operators' are their tasks.
    bool exchange = node.is<ShuffleExchangeExec>() || node.is<BroadcastExchangeExec>();
    std::string tasks = fmt::format("{} {}{}", rows.size(), exchange ? "partition" : "task",
                                    rows.size() == 1 ? "" : "s");
    if (rows.front() != rows.back()) {
      tasks += fmt::format(", rows {}/{}/{}", rows.front(), rows[rows.size() / 2], rows.back());
    }
    parts.push_back(tasks);
    if (metrics->peak_memory > 0) {
      parts.push_back("peak " + bytesToString(static_cast<double>(metrics->peak_memory)));
    }
  }
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : " · ") + part;
  return "  [" + text + "]";
}

}  // namespace

double qError(double estimated, double actual) {
  estimated = std::max(1.0, estimated);
  actual = std::max(1.0, actual);
  return std::max(actual / estimated, estimated / actual);
}

std::vector<RowEstimate> rowEstimates(const PhysicalPtr& plan, const QueryResult& result,
                                      SizeEstimator& sizes) {
  std::vector<RowEstimate> estimates;
  std::function<void(const PhysicalPtr&)> visit = [&](const PhysicalPtr& node) {
    auto found = result.metrics.find(node.get());
    if (found != result.metrics.end() && !found->second.tasks.empty() &&
        node->logicalLink() != nullptr && comparesRows(*node)) {
      const PlanStatistics& estimate = sizes.statisticsOf(node->logicalLink());
      if (estimate.row_count) {
        estimates.push_back({node.get(), *estimate.row_count, found->second.rows()});
      }
    }
    for (const PhysicalPtr& child : displayedChildren(*node)) visit(child);
  };
  visit(plan);
  return estimates;
}

int64_t joinOutputRows(const QueryResult& result) {
  int64_t rows = 0;
  for (const auto& [node, metrics] : result.metrics) {
    if (isJoinKind(node->kind())) rows += metrics.rows();
  }
  return rows;
}

namespace {

// ` with stages 2, 5`: the other stages compiled in `report`'s translation unit, "" for none.
std::string unitCompanions(const CompiledCode& code, const StageReport& report) {
  std::vector<int> companions;
  for (const StageReport& other : code.reports) {
    if (report.unit != 0 && other.unit == report.unit && &other != &report) {
      companions.push_back(other.stage_id);
    }
  }
  if (companions.empty()) return "";
  return fmt::format(" with stage{} {}", companions.size() == 1 ? "" : "s",
                     fmt::join(companions, ", "));
}

// `WholeStageCodegen (2): compiled in 41.3 ms with stage 3, 2 tasks, 12.5 ms, rows 4` or `...
// interpreted (fallback: <why>)`. A compile time is its translation unit's.
std::string codegenLines(const CompiledCode& code, const QueryResult& result) {
  std::string text;
  for (const StageReport& report : code.reports) {
    std::string how;
    if (report.compiled) {
      how = report.cache_hit ? fmt::format("compiled, from the cache in {:.2f} ms", report.compile_ms)
                             : fmt::format("compiled in {:.1f} ms", report.compile_ms);
      how += unitCompanions(code, report);
    } else {
      how = fmt::format("interpreted (fallback: {})", std::string(report.fallback_reason.message()));
    }
    std::string ran;
    auto found = result.metrics.find(report.node);
    if (found != result.metrics.end()) {
      // The stage's time includes reading its input (an exchange, an operator left interpreted);
      // self is its generated code's.
      ran = fmt::format(", {} task{}, {} (self {}), rows {}", found->second.tasks.size(),
                        found->second.tasks.size() == 1 ? "" : "s",
                        millis(found->second.nanos()), millis(found->second.selfNanos()),
                        found->second.rows());
      if (found->second.peak_memory > 0) {
        ran += ", peak " + bytesToString(static_cast<double>(found->second.peak_memory));
      }
    }
    text += fmt::format("WholeStageCodegen ({}): {}, {} source lines{}\n", report.stage_id, how,
                        report.source_lines, ran);
  }
  return text;
}

}  // namespace

std::string explainAnalyzed(const PhysicalPtr& plan, const QueryResult& result,
                            const Catalog& catalog, const Config& config,
                            TreeStringOptions options, const CompiledCode* code) {
  SizeEstimator sizes(&catalog, config);
  options.annotate_physical = [&](const PhysicalPlan& node) {
    auto found = result.metrics.find(&node);
    return annotation(node, found == result.metrics.end() ? nullptr : &found->second, sizes);
  };
  std::string text = fmt::format("== Physical Plan ==\n{}\nrows: {}, peak memory: {}\n",
                                 physicalTreeString(plan, options), result.rowCount(),
                                 bytesToString(static_cast<double>(result.peak_memory)));
  if (code != nullptr && !code->reports.empty()) {
    text += fmt::format("\n== Codegen ==\n{}", codegenLines(*code, result));
  }
  return text;
}

}  // namespace planck
