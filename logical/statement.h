// Statements: what one parsed SQL statement asks for. Queries carry a logical plan; the rest
// are commands (SET, CREATE TABLE, ...) that the session executes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/origin.h"
#include "logical/data_type.h"
#include "logical/expression.h"

namespace planck {

enum class StatementKind : uint8_t {
  kQuery,
  kExplain,
  kSet,
  kReset,
  kCreateTable,
  kCreateView,
  kDrop,
  kInsert,
  kAnalyze,
  kShowTables,
  kDescribe,
  kCopy,
  kCall,
  kCreateIndex,
};

// The base of all statements; `text` is the statement's own SQL, for error carets.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual StatementKind kind() const = 0;

  template <class T>
  const T* as() const {
    return kind() == T::kKind ? static_cast<const T*>(this) : nullptr;
  }

  Origin origin;
  std::string text;
};
using StatementPtr = std::shared_ptr<const Statement>;

template <StatementKind K>
class StatementOf : public Statement {
 public:
  static constexpr StatementKind kKind = K;
  StatementKind kind() const override { return K; }
};

// SELECT, VALUES, WITH ...: a query plan.
class QueryStatement final : public StatementOf<StatementKind::kQuery> {
 public:
  explicit QueryStatement(PlanPtr plan) : plan(std::move(plan)) {}
  PlanPtr plan;
};

// EXPLAIN modes, as in Spark plus planck's ANALYZE and VERBOSE.
enum class ExplainMode : uint8_t {
  kSimple,
  kExtended,
  kCodegen,
  kCost,
  kFormatted,
  kAnalyze,
  kVerbose
};
enum class ExplainFormat : uint8_t { kText, kJson, kDot };

class ExplainStatement final : public StatementOf<StatementKind::kExplain> {
 public:
  ExplainMode mode = ExplainMode::kSimple;
  ExplainFormat format = ExplainFormat::kText;
  StatementPtr statement;
};

// SET (list all), SET key (show one), SET key = value.
class SetStatement final : public StatementOf<StatementKind::kSet> {
 public:
  std::optional<std::string> key;
  std::optional<std::string> value;
  // Where the key and the value start, for errors about either.
  Origin key_origin;
  Origin value_origin;
};

// RESET (all) or RESET key.
class ResetStatement final : public StatementOf<StatementKind::kReset> {
 public:
  std::optional<std::string> key;
  Origin key_origin;
};

// One column in CREATE TABLE.
struct ColumnDefinition {
  std::string name;
  DataType type;
  bool nullable = true;
  Origin origin;
};

// CREATE TABLE [IF NOT EXISTS] t (columns) or CREATE TABLE t AS query.
class CreateTableStatement final : public StatementOf<StatementKind::kCreateTable> {
 public:
  std::string name;
  bool if_not_exists = false;
  std::vector<ColumnDefinition> columns;
  std::vector<std::string> primary_key;
  PlanPtr as_query;  // CREATE TABLE ... AS SELECT, else null
};

// CREATE [OR REPLACE] [TEMP] VIEW v [(cols)] AS query.
class CreateViewStatement final : public StatementOf<StatementKind::kCreateView> {
 public:
  std::string name;
  bool or_replace = false;
  bool if_not_exists = false;
  std::vector<std::string> column_aliases;
  PlanPtr query;
  std::string query_text;  // the view's SQL, kept for DESCRIBE and re-analysis
};

// DROP TABLE | VIEW | INDEX [IF EXISTS] name.
class DropStatement final : public StatementOf<StatementKind::kDrop> {
 public:
  enum class Object : uint8_t { kTable, kView, kIndex };
  Object object = Object::kTable;
  std::string name;
  bool if_exists = false;
};

// INSERT INTO t [(cols)] VALUES ... | query.
class InsertStatement final : public StatementOf<StatementKind::kInsert> {
 public:
  std::string table;
  std::vector<std::string> columns;
  PlanPtr query;
};

// ANALYZE TABLE t COMPUTE STATISTICS [NOSCAN | FOR COLUMNS a, b | FOR ALL COLUMNS].
class AnalyzeStatement final : public StatementOf<StatementKind::kAnalyze> {
 public:
  std::string table;
  bool noscan = false;
  bool all_columns = false;
  std::vector<std::string> columns;
};

class ShowTablesStatement final : public StatementOf<StatementKind::kShowTables> {};

// DESCRIBE [EXTENDED] t [column], or DESCRIBE QUERY q (the query's output columns).
class DescribeStatement final : public StatementOf<StatementKind::kDescribe> {
 public:
  std::string table;
  std::optional<std::string> column;
  bool extended = false;
  PlanPtr query;  // DESCRIBE QUERY; `table` is empty then
};

// COPY t FROM 'file' (options).
class CopyStatement final : public StatementOf<StatementKind::kCopy> {
 public:
  std::string table;
  std::string path;
  std::vector<std::pair<std::string, std::string>> options;
};

// CALL procedure(name => value, ...).
class CallStatement final : public StatementOf<StatementKind::kCall> {
 public:
  std::string procedure;
  std::vector<std::pair<std::string, ExprPtr>> arguments;
};

// CREATE INDEX: accepted for compatibility with SQLite test scripts; planck has no indexes.
class CreateIndexStatement final : public StatementOf<StatementKind::kCreateIndex> {
 public:
  std::string name;
  std::string table;
};

}  // namespace planck
