// AstBuilder: statements and the helpers every part of the builder shares.
#include <algorithm>

#include "common/errors.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "parser/ast_builder.h"

namespace planck::parser_internal {

Origin AstBuilder::origin(antlr4::Token* token) const {
  if (token == nullptr) return {};
  return Origin{static_cast<int>(token->getLine()),
                static_cast<int>(token->getCharPositionInLine()) + 1,
                static_cast<int>(token->getStartIndex())};
}

Origin AstBuilder::origin(antlr4::ParserRuleContext* ctx) const {
  return origin(ctx ? ctx->getStart() : nullptr);
}

void AstBuilder::fail(std::string_view message, Origin where) {
  throw BuildError(syntaxError(message, where));
}

AstBuilder::DepthGuard::DepthGuard(AstBuilder& builder, antlr4::ParserRuleContext* ctx, int levels)
    : builder_(builder), levels_(levels) {
  builder_.depth_ += levels;
  if (builder_.depth_ > builder_.max_depth_) {
    builder_.depth_ -= levels;
    builder_.fail(fmt::format("the statement is nested too deeply (more than {} levels)",
                              builder_.max_depth_),
                  builder_.origin(ctx));
  }
}

std::string AstBuilder::sourceText(antlr4::ParserRuleContext* ctx) {
  antlr4::Token* start = ctx->getStart();
  antlr4::Token* stop = ctx->getStop();
  if (start == nullptr || stop == nullptr) return "";
  return std::string(sourceText(start->getStartIndex(), stop->getStopIndex()));
}

std::string_view AstBuilder::sourceText(size_t begin, size_t stop) const {
  if (stop < begin || stop >= text_.size()) return {};
  return text_.substr(begin, stop - begin + 1);
}

// An identifier is one token: its text, without quotes (a doubled quote inside stands for one).
// The token's own text, not ctx->getText(), which ANTLR builds through a stringstream.
std::string AstBuilder::identifier(P::IdentifierContext* ctx) {
  std::string text = ctx->getStart()->getText();
  char quote = text.front();
  if (quote != '`' && quote != '"') return text;
  return replaceAll(std::string_view(text).substr(1, text.size() - 2), std::string(2, quote),
                    std::string(1, quote));
}

std::vector<std::string> AstBuilder::identifiers(P::MultipartIdentifierContext* ctx) {
  std::vector<std::string> parts;
  for (P::IdentifierContext* part : ctx->identifier()) parts.push_back(identifier(part));
  return parts;
}

std::vector<std::string> AstBuilder::identifierList(P::IdentifierListContext* ctx) {
  std::vector<std::string> names;
  if (ctx == nullptr) return names;
  for (P::IdentifierContext* name : ctx->identifier()) names.push_back(identifier(name));
  return names;
}

DataType AstBuilder::dataType(P::DataTypeContext* ctx) {
  std::string name = toLower(identifier(ctx->typeName));
  std::vector<int64_t> params;
  for (antlr4::Token* token : ctx->params)
    params.push_back(parseInt64(token->getText()).value_or(-1));
  auto no_params = [&] {
    if (!params.empty())
      fail(fmt::format("type {} takes no parameters", toUpper(name)), origin(ctx));
  };
  if (name == "boolean" || name == "bool") return no_params(), DataType::boolean();
  if (name == "int" || name == "integer" || name == "smallint" || name == "tinyint" ||
      name == "int4" || name == "int2" || name == "mediumint") {
    return no_params(), DataType::integer();
  }
  if (name == "bigint" || name == "long" || name == "int8") return no_params(), DataType::bigint();
  if (name == "double" || name == "float" || name == "real" || name == "float8" ||
      name == "float4") {
    return DataType::float64();
  }
  if (name == "decimal" || name == "numeric" || name == "dec") {
    int64_t precision = params.empty() ? 10 : params[0];
    int64_t scale = params.size() > 1 ? params[1] : 0;
    if (params.size() > 2)
      fail("DECIMAL takes at most two parameters: DECIMAL(precision, scale)", origin(ctx));
    if (precision < 1 || precision > DataType::kMaxDecimalPrecision) {
      fail(fmt::format("DECIMAL precision {} is out of range: planck supports 1 to {} digits",
                       precision, DataType::kMaxDecimalPrecision),
           origin(ctx));
    }
    if (scale < 0 || scale > precision) {
      fail(fmt::format("DECIMAL scale {} must be between 0 and the precision {}", scale, precision),
           origin(ctx));
    }
    return DataType::decimal(static_cast<int>(precision), static_cast<int>(scale));
  }
  if (name == "varchar" || name == "char" || name == "string" || name == "text" ||
      name == "character" || name == "nvarchar" || name == "nchar" || name == "clob") {
    if (params.size() > 1)
      fail(fmt::format("type {} takes one length parameter", toUpper(name)), origin(ctx));
    return DataType::varchar();
  }
  // BINARY(n) and VARBINARY(n) are read as BINARY, as CHAR(n) is read as VARCHAR; BLOB is
  // SQLite's name.
  if (name == "binary" || name == "varbinary" || name == "blob") {
    if (params.size() > 1)
      fail(fmt::format("type {} takes one length parameter", toUpper(name)), origin(ctx));
    return DataType::binary();
  }
  if (name == "date") return no_params(), DataType::date();
  if (name == "timestamp" || name == "datetime" || name == "time") {
    throw BuildError(notSupported(fmt::format("type {}", toUpper(name)), origin(ctx)));
  }
  fail(fmt::format("unknown data type `{}`", identifier(ctx->typeName)), origin(ctx));
}

StatementPtr AstBuilder::createTable(P::CreateTableContext* ctx) {
  auto statement = std::make_shared<CreateTableStatement>();
  statement->name = identifiers(ctx->name).back();
  statement->if_not_exists = ctx->EXISTS() != nullptr;
  for (P::TableElementContext* element : ctx->tableElement()) {
    if (auto* column = element->columnDefinition()) {
      ColumnDefinition definition{identifier(column->name), dataType(column->dataType()), true,
                                  origin(column)};
      for (P::ColumnConstraintContext* constraint : column->columnConstraint()) {
        if (constraint->NOT() != nullptr) definition.nullable = false;
        if (constraint->PRIMARY() != nullptr) {
          definition.nullable = false;
          statement->primary_key = {definition.name};
        }
      }
      for (const ColumnDefinition& existing : statement->columns) {
        if (equalsIgnoreCase(existing.name, definition.name)) {
          fail(fmt::format("column `{}` is defined twice", definition.name), origin(column));
        }
      }
      statement->columns.push_back(std::move(definition));
    } else if (auto* constraint = element->tableConstraint(); constraint->PRIMARY() != nullptr) {
      statement->primary_key = identifierList(constraint->columns);
    }
  }
  for (ColumnDefinition& column : statement->columns) {
    for (const std::string& key : statement->primary_key) {
      if (equalsIgnoreCase(key, column.name)) column.nullable = false;
    }
  }
  return statement;
}

StatementPtr AstBuilder::explain(P::StatementContext* inner, ExplainMode mode, ExplainFormat format,
                                 antlr4::ParserRuleContext* ctx) {
  auto statement = std::make_shared<ExplainStatement>();
  statement->mode = mode;
  statement->format = format;
  statement->statement = this->statement(inner);
  return statement;
}

StatementPtr AstBuilder::statement(P::StatementContext* ctx) {
  StatementPtr result = [&]() -> StatementPtr {
    if (auto* c = alternative<P::StatementDefaultContext>(ctx)) {
      return std::make_shared<QueryStatement>(query(c->query()));
    }
    if (auto* c = alternative<P::ExplainContext>(ctx)) {
      ExplainMode mode = ExplainMode::kSimple;
      for (antlr4::Token* token : c->modes) {
        std::string word = toUpper(token->getText());
        if (word == "EXTENDED") mode = ExplainMode::kExtended;
        if (word == "CODEGEN") mode = ExplainMode::kCodegen;
        if (word == "COST") mode = ExplainMode::kCost;
        if (word == "FORMATTED") mode = ExplainMode::kFormatted;
        if (word == "ANALYZE") mode = ExplainMode::kAnalyze;
        if (word == "VERBOSE") mode = ExplainMode::kVerbose;
      }
      return explain(c->statement(), mode, ExplainFormat::kText, ctx);
    }
    if (auto* c = alternative<P::ExplainWithOptionsContext>(ctx)) {
      ExplainMode mode = ExplainMode::kSimple;
      ExplainFormat format = ExplainFormat::kText;
      for (P::ExplainOptionContext* option : c->explainOption()) {
        std::string name = toLower(identifier(option->name));
        std::string value = option->value ? toLower(option->value->getText()) : "true";
        if (!value.empty() && value.front() == '\'') value = value.substr(1, value.size() - 2);
        bool on = value != "false" && value != "off";
        if (name == "format") {
          if (value == "text")
            format = ExplainFormat::kText;
          else if (value == "json")
            format = ExplainFormat::kJson;
          else if (value == "dot")
            format = ExplainFormat::kDot;
          else
            fail(fmt::format("unknown EXPLAIN format `{}`: use text, json or dot", value),
                 origin(option));
        } else if (name == "analyze") {
          if (on) mode = ExplainMode::kAnalyze;
        } else if (name == "verbose") {
          if (on) mode = ExplainMode::kVerbose;
        } else if (name == "extended") {
          if (on) mode = ExplainMode::kExtended;
        } else if (name == "cost" || name == "costs") {
          if (on) mode = ExplainMode::kCost;
        } else if (name == "codegen") {
          if (on) mode = ExplainMode::kCodegen;
        } else if (name == "formatted") {
          if (on) mode = ExplainMode::kFormatted;
        } else {
          fail(fmt::format("unknown EXPLAIN option `{}`", name), origin(option));
        }
      }
      return explain(c->statement(), mode, format, ctx);
    }
    if (auto* c = alternative<P::SetConfigurationContext>(ctx)) {
      auto statement = std::make_shared<SetStatement>();
      if (c->key != nullptr) {
        statement->key = c->key->getText();
        statement->key_origin = origin(c->key);
      }
      if (c->EQ() != nullptr) {
        size_t begin = c->EQ()->getSymbol()->getStopIndex() + 1;
        antlr4::Token* stop = c->getStop();
        std::string raw;
        statement->value_origin = origin(c->EQ()->getSymbol());
        if (stop != nullptr && stop->getStopIndex() >= begin && stop->getType() != P::EQ) {
          raw = std::string(sourceText(begin, stop->getStopIndex()));
          if (c->value != nullptr) statement->value_origin = origin(c->value->getStart());
        }
        statement->value = std::string(trim(raw));
      }
      return statement;
    }
    if (auto* c = alternative<P::ResetConfigurationContext>(ctx)) {
      auto statement = std::make_shared<ResetStatement>();
      if (c->key != nullptr) {
        statement->key = c->key->getText();
        statement->key_origin = origin(c->key);
      }
      return statement;
    }
    if (auto* c = alternative<P::CreateTableContext>(ctx)) return createTable(c);
    if (auto* c = alternative<P::CreateTableAsSelectContext>(ctx)) {
      auto statement = std::make_shared<CreateTableStatement>();
      statement->name = identifiers(c->name).back();
      statement->if_not_exists = c->EXISTS() != nullptr;
      statement->as_query = query(c->query());
      return statement;
    }
    if (auto* c = alternative<P::CreateViewContext>(ctx)) {
      auto statement = std::make_shared<CreateViewStatement>();
      statement->name = identifiers(c->name).back();
      statement->or_replace = c->REPLACE() != nullptr;
      statement->if_not_exists = c->EXISTS() != nullptr;
      statement->column_aliases = identifierList(c->columns);
      statement->query = query(c->query());
      statement->query_text = sourceText(c->query());
      return statement;
    }
    if (auto* c = alternative<P::CreateIndexContext>(ctx)) {
      auto statement = std::make_shared<CreateIndexStatement>();
      statement->name = identifier(c->name);
      statement->table = identifiers(c->table).back();
      return statement;
    }
    auto drop = [&](DropStatement::Object object, P::MultipartIdentifierContext* name,
                    bool if_exists) {
      auto statement = std::make_shared<DropStatement>();
      statement->object = object;
      statement->name = identifiers(name).back();
      statement->if_exists = if_exists;
      return statement;
    };
    if (auto* c = alternative<P::DropTableContext>(ctx))
      return drop(DropStatement::Object::kTable, c->name, c->EXISTS());
    if (auto* c = alternative<P::DropViewContext>(ctx))
      return drop(DropStatement::Object::kView, c->name, c->EXISTS());
    if (auto* c = alternative<P::DropIndexContext>(ctx))
      return drop(DropStatement::Object::kIndex, c->name, c->EXISTS());
    if (auto* c = alternative<P::InsertIntoContext>(ctx)) {
      auto statement = std::make_shared<InsertStatement>();
      statement->table = identifiers(c->name).back();
      statement->columns = identifierList(c->columns);
      statement->query = query(c->query());
      return statement;
    }
    if (auto* c = alternative<P::AnalyzeContext>(ctx)) {
      auto statement = std::make_shared<AnalyzeStatement>();
      statement->table = identifiers(c->name).back();
      statement->noscan = c->NOSCAN() != nullptr;
      statement->all_columns = c->ALL() != nullptr;
      for (P::IdentifierContext* column : c->columns)
        statement->columns.push_back(identifier(column));
      return statement;
    }
    if (alternative<P::ShowTablesContext>(ctx) != nullptr)
      return std::make_shared<ShowTablesStatement>();
    if (auto* c = alternative<P::DescribeRelationContext>(ctx)) {
      auto statement = std::make_shared<DescribeStatement>();
      statement->table = identifiers(c->name).back();
      statement->extended = c->option != nullptr;
      if (auto* column = c->describeColName()) statement->column = column->getText();
      return statement;
    }
    if (auto* c = alternative<P::DescribeQueryContext>(ctx)) {
      auto statement = std::make_shared<DescribeStatement>();
      statement->query = query(c->query());
      return statement;
    }
    if (auto* c = alternative<P::CopyContext>(ctx)) {
      auto statement = std::make_shared<CopyStatement>();
      statement->table = identifiers(c->name).back();
      std::string path = c->path->getText();
      statement->path = replaceAll(path.substr(1, path.size() - 2), "''", "'");
      for (P::CopyOptionContext* option : c->copyOption()) {
        std::string name = option->name ? toLower(identifier(option->name)) : "null";
        std::string value = option->value ? option->value->getText() : "true";
        if (value.size() >= 2 && value.front() == '\'')
          value = replaceAll(value.substr(1, value.size() - 2), "''", "'");
        statement->options.emplace_back(name, value);
      }
      // CopyStatement has no column field: the list `COPY t (a, b)` travels as the option
      // "columns" = "a,b", which Session::copy takes out again.
      if (c->columns != nullptr)
        statement->options.emplace_back("columns", join(identifierList(c->columns), ","));
      if (toUpper(c->direction->getText()) == "TO")
        throw BuildError(notSupported("COPY ... TO", origin(ctx)));
      return statement;
    }
    if (auto* c = alternative<P::CallContext>(ctx)) {
      auto statement = std::make_shared<CallStatement>();
      statement->procedure = join(identifiers(c->name), ".");
      for (P::CallArgumentContext* argument : c->callArgument()) {
        if (auto* named = alternative<P::NamedArgumentContext>(argument)) {
          statement->arguments.emplace_back(toLower(identifier(named->name)),
                                            expression(named->value));
        } else {
          statement->arguments.emplace_back(
              "", expression(alternative<P::PositionalArgumentContext>(argument)->expression()));
        }
      }
      return statement;
    }
    fail("this statement is not recognized", origin(ctx));
  }();
  auto* mutable_result = const_cast<Statement*>(result.get());
  mutable_result->origin = origin(ctx);
  mutable_result->text = sourceText(ctx);
  return result;
}

}  // namespace planck::parser_internal
