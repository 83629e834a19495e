// Parsing: lex, bound the nesting, parse with SLL prediction and fall back to full LL only
// when SLL fails (the standard two-stage ANTLR strategy: SLL is much faster and almost always
// enough), then build statements. Syntax errors carry the line and column of the token.
#include "parser/parser.h"

#include "SqlBaseParser.h"
#include "antlr4-runtime.h"
#include "common/errors.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "parser/ast_builder.h"
#include "parser/sql_lexer.h"

namespace planck {
namespace {

using parser_internal::AstBuilder;
using parser_internal::BuildError;
using sqlgen::SqlBaseParser;

// Keeps the first syntax error, worded for people rather than as ANTLR's token sets.
class ErrorCollector : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer*, antlr4::Token* token, size_t line, size_t column,
                   const std::string& message, std::exception_ptr) override {
    if (!status_.ok()) return;
    Origin where{static_cast<int>(line), static_cast<int>(column) + 1,
                 token ? static_cast<int>(token->getStartIndex()) : -1};
    std::string text;
    if (token == nullptr || token->getType() == antlr4::Token::EOF) {
      text = "syntax error: the statement ends too early";
    } else {
      text = fmt::format("syntax error at or near `{}`", token->getText());
    }
    // ANTLR names the expected tokens; keep that when the list is short enough to help.
    size_t expecting = message.find("expecting ");
    if (expecting != std::string::npos && message.size() - expecting < 80) {
      text += "; " + message.substr(expecting);
    } else if (message.rfind("extraneous", 0) == 0 || message.rfind("missing", 0) == 0) {
      text += "; " + message.substr(0, message.find(" expecting"));
    }
    status_ = planck::syntaxError(text, where);
  }
  const absl::Status& status() const { return status_; }
  void reset() { status_ = absl::OkStatus(); }

 private:
  absl::Status status_;
};

// Rejects input nested deeper than the limit before the recursive-descent parser sees it:
// parentheses and CASE ... END open a level, and so do runs of prefix operators (NOT NOT -x).
absl::Status checkNesting(antlr4::CommonTokenStream& tokens, int limit) {
  int depth = 0, prefix_run = 0;
  for (antlr4::Token* token : tokens.getTokens()) {
    size_t type = token->getType();
    bool prefix = type == SqlBaseParser::NOT || type == SqlBaseParser::MINUS ||
                  type == SqlBaseParser::PLUS || type == SqlBaseParser::TILDE;
    prefix_run = prefix ? prefix_run + 1 : 0;
    if (type == SqlBaseParser::LEFT_PAREN || type == SqlBaseParser::CASE) ++depth;
    if (type == SqlBaseParser::RIGHT_PAREN || type == SqlBaseParser::END)
      depth = std::max(0, depth - 1);
    if (depth + prefix_run > limit) {
      return syntaxError(
          fmt::format("the statement is nested too deeply (more than {} levels)", limit),
          Origin{static_cast<int>(token->getLine()),
                 static_cast<int>(token->getCharPositionInLine()) + 1,
                 static_cast<int>(token->getStartIndex())});
    }
  }
  return absl::OkStatus();
}

// A quote the lexer could not match with its closing quote becomes an UNRECOGNIZED token of
// its own; say so plainly rather than "syntax error at or near `'`".
absl::Status checkUnterminatedQuotes(antlr4::CommonTokenStream& tokens) {
  for (antlr4::Token* token : tokens.getTokens()) {
    if (token->getType() != SqlBaseParser::UNRECOGNIZED) continue;
    std::string text = token->getText();
    if (text != "'" && text != "\"" && text != "`") continue;
    Origin where{static_cast<int>(token->getLine()),
                 static_cast<int>(token->getCharPositionInLine()) + 1,
                 static_cast<int>(token->getStartIndex())};
    std::string what = text == "'" ? "string literal" : "quoted identifier";
    return syntaxError(fmt::format("unterminated {}: the {} here is never closed", what, text),
                       where);
  }
  return absl::OkStatus();
}

// Runs `entry` on a parser over `sql` and hands its tree to `build`.
template <class Entry, class Build>
auto parseWith(std::string_view sql, const ParserOptions& options, Entry entry, Build build)
    -> decltype(build(std::declval<AstBuilder&>(), entry(std::declval<SqlBaseParser&>()))) {
  // The hand-written lexer: the tokens of the generated SqlBaseLexer, at a fraction of its cost.
  SqlLexer lexer(sql);
  SqlTokenStream tokens(lexer);
  tokens.fill();
  if (absl::Status quotes = checkUnterminatedQuotes(tokens); !quotes.ok()) return quotes;
  if (absl::Status nesting = checkNesting(tokens, options.max_nesting_depth); !nesting.ok())
    return nesting;
  SqlBaseParser parser(&tokens);
  parser.removeErrorListeners();
  ErrorCollector errors;
  auto* tree = [&]() -> decltype(entry(parser)) {
    // Stage 1: SLL prediction, bail out at the first error.
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
      return entry(parser);
    } catch (const antlr4::ParseCancellationException&) {
    }
    // Stage 2: full LL with error reporting.
    tokens.seek(0);
    parser.reset();
    parser.addErrorListener(&errors);
    parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    return entry(parser);
  }();
  if (!errors.status().ok()) return errors.status();
  AstBuilder builder(sql, options.max_nesting_depth);
  try {
    return build(builder, tree);
  } catch (const BuildError& error) {
    return error.status();
  }
}

}  // namespace

absl::StatusOr<std::vector<StatementPtr>> parseScript(std::string_view sql,
                                                      const ParserOptions& options) {
  return parseWith(
      sql, options, [](SqlBaseParser& parser) { return parser.multipleStatements(); },
      [](AstBuilder& builder, SqlBaseParser::MultipleStatementsContext* tree)
          -> absl::StatusOr<std::vector<StatementPtr>> {
        std::vector<StatementPtr> statements;
        for (SqlBaseParser::StatementContext* statement : tree->statement())
          statements.push_back(builder.statement(statement));
        return statements;
      });
}

absl::StatusOr<StatementPtr> parseStatement(std::string_view sql, const ParserOptions& options) {
  return parseWith(
      sql, options, [](SqlBaseParser& parser) { return parser.singleStatement(); },
      [](AstBuilder& builder, SqlBaseParser::SingleStatementContext* tree)
          -> absl::StatusOr<StatementPtr> { return builder.statement(tree->statement()); });
}

absl::StatusOr<PlanPtr> parseQuery(std::string_view sql, const ParserOptions& options) {
  auto statement = parseStatement(sql, options);
  if (!statement.ok()) return statement.status();
  const auto* query = (*statement)->as<QueryStatement>();
  if (query == nullptr) return syntaxError("expected a query", (*statement)->origin);
  return query->plan;
}

absl::StatusOr<ExprPtr> parseExpression(std::string_view sql, const ParserOptions& options) {
  return parseWith(
      sql, options, [](SqlBaseParser& parser) { return parser.singleExpression(); },
      [](AstBuilder& builder, SqlBaseParser::SingleExpressionContext* tree)
          -> absl::StatusOr<ExprPtr> { return builder.namedExpression(tree->namedExpression()); });
}

}  // namespace planck
