#include "session/session.h"

#include <algorithm>
#include <array>

#include <chrono>
#include <cmath>

#include "analyzer/analyzer.h"
#include "common/errors.h"
#include "common/status.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "logical/evaluator.h"
#include "logical/operators.h"
#include "runtime/loaders/table_loader.h"
#include "runtime/tpch/dbgen.h"
#include "session/table_statistics.h"

namespace planck {
namespace {

StatementResult tableResult(ResultTable table) {
  StatementResult result;
  result.table = std::move(table);
  return result;
}

StatementResult textResult(std::string text) {
  StatementResult result;
  result.text = std::move(text);
  return result;
}

std::string statementName(StatementKind kind) {
  switch (kind) {
    case StatementKind::kQuery:
      return "a query";
    case StatementKind::kExplain:
      return "EXPLAIN";
    case StatementKind::kSet:
      return "SET";
    case StatementKind::kReset:
      return "RESET";
    case StatementKind::kCreateTable:
      return "CREATE TABLE";
    case StatementKind::kCreateView:
      return "CREATE VIEW";
    case StatementKind::kDrop:
      return "DROP";
    case StatementKind::kInsert:
      return "INSERT";
    case StatementKind::kAnalyze:
      return "ANALYZE TABLE";
    case StatementKind::kShowTables:
      return "SHOW TABLES";
    case StatementKind::kDescribe:
      return "DESCRIBE";
    case StatementKind::kCopy:
      return "COPY";
    case StatementKind::kCall:
      return "CALL";
    case StatementKind::kCreateIndex:
      return "CREATE INDEX";
  }
  return "this statement";
}

// Matches the option name the parser gives a COPY column list (parser/ast_builder_statements.cc).
constexpr std::string_view kCopyColumnsOption = "columns";

double numericValue(const Value& value) {
  switch (value.type().id()) {
    case TypeId::kDouble:
      return value.asDouble();
    case TypeId::kDecimal:
      return static_cast<double>(value.asInt()) / std::pow(10.0, value.type().scale());
    default:
      return static_cast<double>(value.asInt());
  }
}

// The rows of an INSERT's analyzed query when they are constants: VALUES (a LocalRelation) or
// a SELECT of constants without FROM; nullopt for anything else (the executor runs it).
std::optional<std::vector<std::vector<Value>>> constantRows(const PlanPtr& plan) {
  const LogicalPlan* node = plan.get();
  while (const auto* alias = node->as<SubqueryAlias>()) node = alias->child(0).get();
  if (const auto* values = node->as<LocalRelation>()) return values->rows();
  if (const auto* project = node->as<Project>();
      project != nullptr && project->child(0)->is<OneRowRelation>()) {
    std::vector<Value> row;
    for (const ExprPtr& expr : project->projectList()) {
      auto value = evaluateConstant(*expr);
      if (!value.ok()) break;
      row.push_back(*value);
    }
    if (row.size() == project->projectList().size()) return std::vector<std::vector<Value>>{row};
  }
  return std::nullopt;
}

ResultTable describeColumns(const Attributes& output) {
  ResultTable table{{"col_name", "data_type", "nullable"}, {}};
  for (const AttributePtr& attr : output) {
    table.rows.push_back(
        {attr->name(), attr->dataType().toString(), attr->nullable() ? "true" : "false"});
  }
  return table;
}

}  // namespace

Session::Session() = default;

std::unique_ptr<Session> Session::withTpchSchema() {
  auto session = std::make_unique<Session>();
  addTpchSchema(session->catalog());
  return session;
}

ParserOptions Session::parserOptions() const {
  return ParserOptions{static_cast<int>(config_.getInt("planck.parser.maxNestingDepth"))};
}

absl::StatusOr<std::vector<StatementResult>> Session::run(std::string_view sql) {
  auto started = std::chrono::steady_clock::now();
  PLANCK_ASSIGN_OR_RETURN(std::vector<StatementPtr> statements, parseScript(sql, parserOptions()));
  auto parse_time = std::chrono::steady_clock::now() - started;
  std::vector<StatementResult> results;
  for (const StatementPtr& statement : statements) {
    PLANCK_ASSIGN_OR_RETURN(StatementResult result, execute(*statement));
    if (statements.size() == 1) result.times.parsing = parse_time;
    results.push_back(std::move(result));
  }
  return results;
}

absl::StatusOr<std::unique_ptr<QueryExecution>> Session::query(std::string_view sql) const {
  auto started = std::chrono::steady_clock::now();
  PLANCK_ASSIGN_OR_RETURN(PlanPtr plan, parseQuery(sql, parserOptions()));
  return std::make_unique<QueryExecution>(*this, plan, std::chrono::steady_clock::now() - started);
}

absl::StatusOr<StatementResult> Session::execute(const Statement& statement) {
  switch (statement.kind()) {
    case StatementKind::kQuery: {
      QueryExecution execution(*this, statement.as<QueryStatement>()->plan);
      const auto& executed = execution.executed(cancellation_);
      if (!executed.ok()) return executed.status();
      StatementResult result;
      ResultTable table;
      for (const AttributePtr& column : executed->columns) {
        table.columns.push_back(column->name());
        table.types.push_back(column->dataType().toString());
      }
      for (const std::vector<Value>& row : executed->rows()) {
        std::vector<std::string> cells;
        for (const Value& value : row) cells.push_back(value.isNull() ? "NULL" : value.toString());
        table.rows.push_back(std::move(cells));
      }
      result.table = std::move(table);
      result.result = std::make_shared<const QueryResult>(*executed);
      result.times = execution.times();
      result.messages = execution.messages();
      if (execution.adaptiveRun() != nullptr)
        result.adaptive_run = std::make_shared<const AdaptiveRun>(*execution.adaptiveRun());
      return result;
    }
    case StatementKind::kExplain:
      return explain(*statement.as<ExplainStatement>());
    case StatementKind::kSet:
      return set(*statement.as<SetStatement>());
    case StatementKind::kReset: {
      const auto& reset = *statement.as<ResetStatement>();
      if (reset.key) {
        PLANCK_RETURN_IF_ERROR(withOrigin(config_.reset(*reset.key), reset.key_origin));
      } else {
        config_.resetAll();
      }
      return StatementResult{};
    }
    case StatementKind::kCreateTable:
      return createTable(*statement.as<CreateTableStatement>());
    case StatementKind::kCreateView:
      return createView(*statement.as<CreateViewStatement>());
    case StatementKind::kDrop: {
      const auto& drop = *statement.as<DropStatement>();
      if (drop.object == DropStatement::Object::kIndex)
        return StatementResult{};  // see kCreateIndex
      auto kind = drop.object == DropStatement::Object::kView ? CatalogTable::Kind::kView
                                                              : CatalogTable::Kind::kTable;
      if (drop.if_exists && catalog_.find(drop.name) == nullptr) return StatementResult{};
      PLANCK_RETURN_IF_ERROR(withOrigin(catalog_.drop(drop.name, kind), statement.origin));
      return StatementResult{};
    }
    case StatementKind::kInsert:
      return insert(*statement.as<InsertStatement>());
    case StatementKind::kShowTables: {
      ResultTable table{{"tableName", "kind"}, {}};
      for (const std::string& name : catalog_.names()) {
        auto entry = catalog_.find(name);
        table.rows.push_back({name, entry->kind() == CatalogTable::Kind::kView ? "view" : "table"});
      }
      return tableResult(std::move(table));
    }
    case StatementKind::kDescribe:
      return describe(*statement.as<DescribeStatement>());
    case StatementKind::kCreateIndex: {
      // planck has no indexes; CREATE INDEX is accepted (after checking the table) so that
      // SQLite test scripts run.
      const auto& index = *statement.as<CreateIndexStatement>();
      PLANCK_RETURN_IF_ERROR(withOrigin(catalog_.lookup(index.table).status(), statement.origin));
      return StatementResult{};
    }
    case StatementKind::kAnalyze: {
      const auto& analyze = *statement.as<AnalyzeStatement>();
      auto table = catalog_.lookup(analyze.table);
      if (!table.ok()) return withOrigin(table.status(), statement.origin);
      AnalyzeRequest request{analyze.noscan, analyze.all_columns, analyze.columns};
      PLANCK_RETURN_IF_ERROR(withOrigin(analyzeTable(**table, request, config_), statement.origin));
      return StatementResult{};
    }
    case StatementKind::kCopy:
      return copy(*statement.as<CopyStatement>());
    case StatementKind::kCall:
      return call(*statement.as<CallStatement>());
  }
  return notSupported(statementName(statement.kind()), statement.origin);
}

absl::StatusOr<StatementResult> Session::explain(const ExplainStatement& statement) {
  const auto* query = statement.statement->as<QueryStatement>();
  if (query == nullptr) {
    return notSupported(fmt::format("EXPLAIN of {}: only queries can be explained",
                                    statementName(statement.statement->kind())),
                        statement.origin);
  }
  QueryExecution execution(*this, query->plan);
  execution.setCancellation(cancellation_);
  PLANCK_ASSIGN_OR_RETURN(std::string text,
                          execution.explainString(statement.mode, statement.format));
  StatementResult result = textResult(std::move(text));
  result.times = execution.times();
  result.messages = execution.messages();
  if (execution.adaptiveRun() != nullptr)
    result.adaptive_run = std::make_shared<const AdaptiveRun>(*execution.adaptiveRun());
  return result;
}

absl::StatusOr<StatementResult> Session::set(const SetStatement& statement) {
  if (!statement.key) {
    ResultTable table{{"key", "value"}, {}};
    for (const auto& [key, value] : config_.overrides()) table.rows.push_back({key, value});
    return tableResult(std::move(table));
  }
  // An unknown key is reported at the key, a bad value at the value.
  bool known = findSetting(*statement.key) != nullptr;
  if (statement.value) {
    Origin where = known ? statement.value_origin : statement.key_origin;
    PLANCK_RETURN_IF_ERROR(withOrigin(config_.set(*statement.key, *statement.value), where));
  }
  auto value = config_.get(*statement.key);
  if (!value.ok()) return withOrigin(value.status(), statement.key_origin);
  return tableResult({{"key", "value"}, {{findSetting(*statement.key)->key, *value}}});
}

absl::StatusOr<StatementResult> Session::describe(const DescribeStatement& statement) {
  if (statement.query) {
    QueryExecution execution(*this, statement.query);
    const auto& analyzed = execution.analyzed();
    if (!analyzed.ok()) return analyzed.status();
    return tableResult(describeColumns((*analyzed)->output()));
  }
  auto table = catalog_.lookup(statement.table);
  if (!table.ok()) return withOrigin(table.status(), statement.origin);
  const CatalogTable& entry = **table;
  if (statement.extended && statement.column) {
    if (std::optional<size_t> index = entry.columnIndex(*statement.column)) {
      return tableResult(describeColumnStatistics(entry, entry.columns()[*index]));
    }
  }
  ResultTable result{{"col_name", "data_type", "nullable"}, {}};
  for (const Column& column : entry.columns()) {
    if (statement.column && !equalsIgnoreCase(*statement.column, column.name)) continue;
    result.rows.push_back(
        {column.name, column.type.toString(), column.nullable ? "true" : "false"});
  }
  if (statement.column && result.rows.empty()) {
    std::vector<std::string> names;
    for (const Column& column : entry.columns()) names.push_back(column.name);
    return analysisError(fmt::format("column `{}` does not exist in `{}`{}", *statement.column,
                                     entry.name(), didYouMean(*statement.column, names)),
                         statement.origin);
  }
  if (statement.extended && !statement.column) {
    result.rows.push_back({"", "", ""});
    result.rows.push_back({"# Detailed Table Information", "", ""});
    result.rows.push_back({"Table", entry.name(), ""});
    result.rows.push_back(
        {"Type", entry.kind() == CatalogTable::Kind::kView ? "VIEW" : "TABLE", ""});
    if (!entry.primaryKey().empty())
      result.rows.push_back({"Primary Key", join(entry.primaryKey(), ", "), ""});
    if (entry.kind() == CatalogTable::Kind::kView)
      result.rows.push_back({"View Text", entry.viewText(), ""});
    const TableStatistics& stats = entry.statistics();
    if (stats.size_in_bytes || stats.row_count) {
      std::string text = fmt::format("{} bytes", stats.size_in_bytes.value_or(0));
      if (stats.row_count) text += fmt::format(", {} rows", *stats.row_count);
      result.rows.push_back({"Statistics", text, ""});
    }
  }
  return tableResult(std::move(result));
}

absl::StatusOr<StatementResult> Session::createTable(const CreateTableStatement& statement) {
  if (statement.if_not_exists && catalog_.find(statement.name) != nullptr) return StatementResult{};
  if (statement.as_query) {
    // CREATE TABLE t AS query: the query runs first; the table, with the query's columns and
    // rows, enters the catalog only when both are ready.
    if (catalog_.find(statement.name) != nullptr) {
      return withOrigin(
          catalog_.add(std::make_shared<CatalogTable>(statement.name, std::vector<Column>{})),
          statement.origin);
    }
    QueryExecution execution(*this, statement.as_query);
    const absl::StatusOr<QueryResult>& result = execution.executed(cancellation_);
    if (!result.ok()) return withOrigin(result.status(), statement.origin);
    std::vector<Column> columns;
    for (const AttributePtr& attr : result->columns) {
      for (const Column& earlier : columns) {
        if (equalsIgnoreCase(earlier.name, attr->name())) {
          return analysisError(
              fmt::format("CREATE TABLE {} AS: the query has two columns named `{}`; give them "
                          "different aliases",
                          statement.name, attr->name()),
              statement.origin);
        }
      }
      columns.push_back({attr->name(), attr->dataType(), attr->nullable()});
    }
    auto table = std::make_shared<CatalogTable>(statement.name, std::move(columns));
    auto summary = insertRows(*table, {}, result->rows(), partitionLayout(config_));
    if (!summary.ok()) return withOrigin(summary.status(), statement.origin);
    PLANCK_RETURN_IF_ERROR(withOrigin(catalog_.add(std::move(table)), statement.origin));
    return textResult(fmt::format("{} row{} inserted into {}\n", summary->rows,
                                  summary->rows == 1 ? "" : "s", statement.name));
  }
  std::vector<Column> columns;
  for (const ColumnDefinition& column : statement.columns)
    columns.push_back({column.name, column.type, column.nullable});
  auto table = std::make_shared<CatalogTable>(statement.name, std::move(columns));
  table->setPrimaryKey(statement.primary_key);
  PLANCK_RETURN_IF_ERROR(withOrigin(catalog_.add(std::move(table)), statement.origin));
  return StatementResult{};
}

absl::StatusOr<StatementResult> Session::createView(const CreateViewStatement& statement) {
  if (statement.if_not_exists && catalog_.find(statement.name) != nullptr) return StatementResult{};
  if (!statement.or_replace && catalog_.find(statement.name) != nullptr) {
    return withOrigin(
        catalog_.add(std::make_shared<CatalogTable>(statement.name, std::vector<Column>{})),
        statement.origin);
  }
  PlanPtr plan = statement.query;
  if (!statement.column_aliases.empty()) {
    plan = std::make_shared<SubqueryAlias>(statement.name, plan, statement.column_aliases);
  }
  // Analyze now, so a broken view is rejected when it is created.
  QueryExecution execution(*this, plan);
  const auto& analyzed = execution.analyzed();
  if (!analyzed.ok()) return analyzed.status();
  std::vector<Column> columns;
  for (const AttributePtr& attr : (*analyzed)->output())
    columns.push_back({attr->name(), attr->dataType(), attr->nullable()});
  PLANCK_RETURN_IF_ERROR(catalog_.add(
      CatalogTable::makeView(statement.name, std::move(columns), statement.query_text, plan),
      /*replace=*/true));
  return StatementResult{};
}

absl::StatusOr<StatementResult> Session::insert(const InsertStatement& statement) {
  auto table = catalog_.lookup(statement.table);
  if (!table.ok()) return withOrigin(table.status(), statement.origin);
  if ((*table)->kind() == CatalogTable::Kind::kView) {
    return analysisError(fmt::format("cannot insert into view `{}`", (*table)->name()),
                         statement.origin);
  }
  size_t expected =
      statement.columns.empty() ? (*table)->columns().size() : statement.columns.size();
  for (const std::string& column : statement.columns) {
    if (!(*table)->columnIndex(column)) {
      std::vector<std::string> names;
      for (const Column& each : (*table)->columns()) names.push_back(each.name);
      return analysisError(fmt::format("column `{}` does not exist in `{}`{}", column,
                                       (*table)->name(), didYouMean(column, names)),
                           statement.origin);
    }
  }
  QueryExecution execution(*this, statement.query);
  const auto& analyzed = execution.analyzed();
  if (!analyzed.ok()) return analyzed.status();
  size_t given = (*analyzed)->output().size();
  if (given != expected) {
    return analysisError(
        fmt::format("INSERT INTO `{}` gives {} values per row but {} columns are expected",
                    (*table)->name(), given, expected),
        statement.origin);
  }
  std::optional<std::vector<std::vector<Value>>> rows = constantRows(*analyzed);
  if (!rows) {
    // INSERT ... SELECT: the query runs first, so the table changes only if it succeeds.
    const absl::StatusOr<QueryResult>& result = execution.executed(cancellation_);
    if (!result.ok()) return withOrigin(result.status(), statement.origin);
    rows = result->rows();
  }
  auto summary = insertRows(**table, statement.columns, *rows, partitionLayout(config_));
  if (!summary.ok()) return withOrigin(summary.status(), statement.origin);
  return textResult(fmt::format("{} row{} inserted into {}\n", summary->rows,
                                summary->rows == 1 ? "" : "s", (*table)->name()));
}

absl::StatusOr<StatementResult> Session::copy(const CopyStatement& statement) {
  auto table = catalog_.lookup(statement.table);
  if (!table.ok()) return withOrigin(table.status(), statement.origin);
  if ((*table)->kind() == CatalogTable::Kind::kView) {
    return analysisError(fmt::format("cannot COPY into view `{}`", (*table)->name()),
                         statement.origin);
  }
  // The parser passes the column list `COPY t (a, b)` as the option "columns".
  std::vector<std::string> columns;
  std::vector<std::pair<std::string, std::string>> options;
  for (const auto& [name, value] : statement.options) {
    if (name == kCopyColumnsOption) {
      columns = split(value, ',', /*skip_empty=*/true);
    } else {
      options.emplace_back(name, value);
    }
  }
  auto started = std::chrono::steady_clock::now();
  std::string what = "COPY " + (*table)->name();
  LoadProgress progress;
  if (progress_) progress = [&](int64_t done, int64_t total) { progress_(what, done, total); };
  auto summary =
      copyFromFile(**table, columns, statement.path, options, partitionLayout(config_), progress);
  if (!summary.ok()) return withOrigin(summary.status(), statement.origin);
  PLANCK_RETURN_IF_ERROR(withOrigin(autoAnalyze(**table), statement.origin));
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return textResult(fmt::format("{} row{} loaded into {} from {} ({:.1f} MB in {:.2f} s)\n",
                                summary->rows, summary->rows == 1 ? "" : "s", (*table)->name(),
                                statement.path, static_cast<double>(summary->bytes_read) / 1e6,
                                seconds));
}

absl::StatusOr<StatementResult> Session::call(const CallStatement& statement) {
  constexpr std::string_view kSignature = "dbgen(sf = N, skew = S)";
  if (!equalsIgnoreCase(statement.procedure, "dbgen")) {
    return analysisError(fmt::format("unknown procedure `{}`; the procedures are: {}",
                                     statement.procedure, kSignature),
                         statement.origin);
  }
  // Arguments by name, or by position in the order of kSignature.
  constexpr std::array<std::string_view, 2> kParameters = {"sf", "skew"};
  std::array<std::optional<double>, kParameters.size()> values;
  for (size_t i = 0; i < statement.arguments.size(); ++i) {
    const auto& [name, expr] = statement.arguments[i];
    size_t parameter = i;
    if (!name.empty()) {
      parameter = std::find(kParameters.begin(), kParameters.end(), name) - kParameters.begin();
      if (parameter == kParameters.size()) {
        return analysisError(
            fmt::format("dbgen has no argument `{}`; call it as {}", name, kSignature),
            expr->origin());
      }
    } else if (parameter >= kParameters.size()) {
      return analysisError(
          fmt::format("dbgen takes at most {} arguments: {}", kParameters.size(), kSignature),
          expr->origin());
    }
    std::string_view what = kParameters[parameter];
    if (values[parameter]) {
      return analysisError(fmt::format("dbgen's {} is given twice", what), expr->origin());
    }
    auto value = evaluateConstant(*expr);
    if (!value.ok() || value->isNull() || !value->type().isNumeric()) {
      return analysisError(fmt::format("dbgen's {} must be a number, got `{}`", what, expr->sql()),
                           expr->origin());
    }
    values[parameter] = numericValue(*value);
  }
  const std::optional<double>& sf = values[0];
  if (!sf) return analysisError("dbgen needs a scale factor: CALL dbgen(sf = 1)", statement.origin);
  DbgenOptions options;
  options.scale_factor = *sf;
  options.skew = values[1].value_or(0);
  options.threads = executorThreads(config_);
  if (progress_) {
    options.progress = [&](int64_t done, int64_t total) { progress_("dbgen", done, total); };
  }
  auto started = std::chrono::steady_clock::now();
  auto rows = runDbgen(catalog_, options, partitionLayout(config_));
  if (!rows.ok()) return withOrigin(rows.status(), statement.origin);
  for (const char* name :
       {"region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"}) {
    if (auto table = catalog_.find(name)) {
      PLANCK_RETURN_IF_ERROR(withOrigin(autoAnalyze(*table), statement.origin));
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string skew = options.skew > 0 ? fmt::format(" with skew {}", options.skew) : "";
  return textResult(fmt::format("TPC-H at scale factor {}{}: {} rows in 8 tables in {:.2f} s\n",
                                *sf, skew, *rows, seconds));
}

absl::Status Session::autoAnalyze(CatalogTable& table) {
  if (!config_.getBool("planck.stats.autoAnalyze")) return absl::OkStatus();
  AnalyzeRequest request;
  request.all_columns = true;
  return analyzeTable(table, request, config_);
}

void Session::addRuleMetrics(const RuleMetrics& metrics) const {
  planck::addRuleMetrics(rule_metrics_, metrics);
}

ResultTable ruleMetricsTable(const RuleMetrics& metrics) {
  std::vector<std::pair<std::string, RuleMetric>> rows(metrics.begin(), metrics.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.second.total_time > b.second.total_time;
  });
  ResultTable table{{"rule", "runs", "effective runs", "total us", "effective us"}, {}};
  auto micros = [](std::chrono::nanoseconds time) {
    return fmt::format("{:.1f}", time.count() / 1000.0);
  };
  for (const auto& [rule, metric] : rows) {
    table.rows.push_back({rule, std::to_string(metric.runs), std::to_string(metric.effective_runs),
                          micros(metric.total_time), micros(metric.effective_time)});
  }
  return table;
}

}  // namespace planck
