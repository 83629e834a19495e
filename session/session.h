// Session: the catalog, the settings and the entry points for running SQL.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog.h"
#include "common/config.h"
#include "logical/statement.h"
#include "parser/parser.h"
#include "session/extensions.h"
#include "session/query_execution.h"

namespace planck {

// A small table of text cells: what SHOW, DESCRIBE, SET and EXPLAIN return, and the rows of
// a query's result.
struct ResultTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  // The columns' SQL types (Spark's names: int, decimal(15,2), string), shown in the shell's
  // box header; empty when the table has no types (SHOW, DESCRIBE, SET).
  std::vector<std::string> types = {};
};

// What one statement produced.
struct StatementResult {
  std::optional<ResultTable> table;  // rows to show, if any
  // A query's rows as typed columns (the same rows as `table`), for callers that need the
  // values rather than their text (tests, the sqllogictest runner).
  std::shared_ptr<const QueryResult> result;
  std::string text;  // free text to show (EXPLAIN), if any
  PhaseTimes times;
  std::vector<std::string> messages;  // log messages to show (warnings, plan-change log)
  // How adaptive execution ran the statement's query (a query or EXPLAIN ANALYZE that ran
  // adaptively), for the shell's .aqe and `.diff aqe`; null otherwise.
  std::shared_ptr<const AdaptiveRun> adaptive_run;
};

class Session {
 public:
  Session();
  // A session whose catalog holds the eight TPC-H tables.
  static std::unique_ptr<Session> withTpchSchema();

  Catalog& catalog() { return catalog_; }
  const Catalog& catalog() const { return catalog_; }
  Config& config() { return config_; }
  const Config& config() const { return config_; }
  // Rules and checks added to this session's pipeline (Spark's SparkSessionExtensions).
  Extensions& extensions() { return extensions_; }
  const Extensions& extensions() const { return extensions_; }
  ParserOptions parserOptions() const;
  // Per-rule counters of every analysis and optimization this session ran (Spark's
  // RuleExecutor.dumpTimeSpent), and how to add a query's to them.
  const RuleMetrics& ruleMetrics() const { return rule_metrics_; }
  void addRuleMetrics(const RuleMetrics& metrics) const;

  // Runs each statement of `sql` in order and stops at the first error. Error positions are
  // positions in `sql` (render them with formatError(status, sql)).
  absl::StatusOr<std::vector<StatementResult>> run(std::string_view sql);
  // Runs one parsed statement.
  absl::StatusOr<StatementResult> execute(const Statement& statement);

  // Parses `sql` as one query and returns its execution (phases computed on demand).
  absl::StatusOr<std::unique_ptr<QueryExecution>> query(std::string_view sql) const;

  // Receives the progress of long statements (COPY, CALL dbgen): what runs, and how far it is
  // (done of total, in the statement's own unit). The shell draws it as a progress bar.
  using Progress = std::function<void(std::string_view what, int64_t done, int64_t total)>;
  void setProgress(Progress progress) { progress_ = std::move(progress); }

  // Queries (and INSERT ... SELECT) stop with CANCELLED when `cancellation` is set: the shell's
  // Ctrl-C. The session stays usable; the caller resets it before the next statement.
  void setCancellation(const Cancellation* cancellation) { cancellation_ = cancellation; }

 private:
  absl::StatusOr<StatementResult> explain(const ExplainStatement& statement);
  absl::StatusOr<StatementResult> set(const SetStatement& statement);
  absl::StatusOr<StatementResult> describe(const DescribeStatement& statement);
  absl::StatusOr<StatementResult> createTable(const CreateTableStatement& statement);
  absl::StatusOr<StatementResult> createView(const CreateViewStatement& statement);
  absl::StatusOr<StatementResult> insert(const InsertStatement& statement);
  absl::StatusOr<StatementResult> copy(const CopyStatement& statement);
  absl::StatusOr<StatementResult> call(const CallStatement& statement);
  // ANALYZE TABLE t COMPUTE STATISTICS FOR ALL COLUMNS after a load, when
  // planck.stats.autoAnalyze is on.
  absl::Status autoAnalyze(CatalogTable& table);

  Catalog catalog_;
  Config config_;
  Extensions extensions_;
  Progress progress_;
  const Cancellation* cancellation_ = nullptr;
  // Accumulated by the const QueryExecution phases; a session is used by one thread at a time.
  mutable RuleMetrics rule_metrics_;
};

// The metrics as a table (rule, runs, effective runs, total and effective time in µs), the
// rules that took longest first: what the shell's .rules prints.
ResultTable ruleMetricsTable(const RuleMetrics& metrics);

}  // namespace planck
