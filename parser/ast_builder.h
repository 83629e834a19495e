// AstBuilder: walks ANTLR's parse tree and builds statements, plans and expressions, as
// Spark's AstBuilder does. Internal to parser/.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "SqlBaseParser.h"
#include "absl/status/status.h"
#include "logical/operators.h"
#include "logical/statement.h"

namespace planck::parser_internal {

using P = sqlgen::SqlBaseParser;

// Thrown inside the builder for a user error; parser.cc turns it into the status.
class BuildError : public std::exception {
 public:
  explicit BuildError(absl::Status status) : status_(std::move(status)) {}
  const absl::Status& status() const { return status_; }
  const char* what() const noexcept override { return "planck parse error"; }

 private:
  absl::Status status_;
};

// `ctx` as the labelled alternative `Alternative` when it was parsed as that one, else null.
// Labelled-alternative contexts are leaf classes, so an exact type test does what a
// dynamic_cast would, without walking the class hierarchy: the builder's chains of failed
// dynamic_casts were a large part of parsing time (bench/RESULTS.md).
template <class Alternative, class Context>
Alternative* alternative(Context* ctx) {
  static_assert(std::is_base_of_v<Context, Alternative>);
  return ctx != nullptr && typeid(*ctx) == typeid(Alternative) ? static_cast<Alternative*>(ctx)
                                                               : nullptr;
}

class AstBuilder {
 public:
  // Builds from the parse tree of `text`; token start/stop indices are byte offsets in it.
  AstBuilder(std::string_view text, int max_depth) : text_(text), max_depth_(max_depth) {}

  StatementPtr statement(P::StatementContext* ctx);
  PlanPtr query(P::QueryContext* ctx);
  ExprPtr namedExpression(P::NamedExpressionContext* ctx);

 private:
  // Statements.
  StatementPtr explain(P::StatementContext* inner, ExplainMode mode, ExplainFormat format,
                       antlr4::ParserRuleContext* ctx);
  StatementPtr createTable(P::CreateTableContext* ctx);

  // Queries.
  PlanPtr queryTerm(P::QueryTermContext* ctx);
  PlanPtr queryPrimary(P::QueryPrimaryContext* ctx);
  PlanPtr querySpecification(P::QuerySpecificationContext* ctx);
  PlanPtr applyOrganization(P::QueryOrganizationContext* ctx, PlanPtr plan);
  PlanPtr fromClause(P::FromClauseContext* ctx);
  PlanPtr relation(P::RelationContext* ctx);
  PlanPtr relationPrimary(P::RelationPrimaryContext* ctx);
  PlanPtr inlineTable(P::InlineTableContext* ctx, const std::vector<std::string>& names);
  PlanPtr aggregate(P::AggregationClauseContext* ctx, std::vector<ExprPtr> select, PlanPtr child);
  PlanPtr withAlias(PlanPtr plan, P::TableAliasContext* alias, bool always);

  // Expressions.
  ExprPtr expression(P::ExpressionContext* ctx);
  ExprPtr notExpression(P::NotExpressionContext* ctx);
  ExprPtr predicate(ExprPtr value, P::PredicateContext* ctx);
  ExprPtr valueExpression(P::ValueExpressionContext* ctx);
  ExprPtr primaryExpression(P::PrimaryExpressionContext* ctx);
  ExprPtr functionCall(P::FunctionCallContext* ctx);
  // The literal `ctx` is, or null when it is not one.
  ExprPtr literal(P::PrimaryExpressionContext* ctx);
  ExprPtr interval(P::IntervalContext* ctx);
  ExprPtr windowSpec(P::WindowSpecContext* ctx);
  ExprPtr sortItem(P::SortItemContext* ctx);
  DataType dataType(P::DataTypeContext* ctx);

  // Names and text.
  std::string identifier(P::IdentifierContext* ctx);
  std::vector<std::string> identifiers(P::MultipartIdentifierContext* ctx);
  std::vector<std::string> identifierList(P::IdentifierListContext* ctx);
  std::string sourceText(antlr4::ParserRuleContext* ctx);
  // The SQL text from byte `begin` to byte `stop` (inclusive).
  std::string_view sourceText(size_t begin, size_t stop) const;
  Origin origin(antlr4::ParserRuleContext* ctx) const;
  Origin origin(antlr4::Token* token) const;
  [[noreturn]] void fail(std::string_view message, Origin where);

  // Sets the origin of a freshly built node.
  template <class T>
  std::shared_ptr<T> at(std::shared_ptr<T> node, antlr4::ParserRuleContext* ctx) {
    return at(std::move(node), origin(ctx));
  }
  template <class T>
  std::shared_ptr<T> at(std::shared_ptr<T> node, antlr4::Token* token) {
    return at(std::move(node), origin(token));
  }
  template <class T>
  std::shared_ptr<T> at(std::shared_ptr<T> node, Origin where) {
    // The node was just built and is not shared yet.
    std::const_pointer_cast<std::remove_const_t<T>>(node)->setOrigin(where);
    return node;
  }

  // Counts nesting while building; deeper than max_depth_ is an error.
  class DepthGuard {
   public:
    DepthGuard(AstBuilder& builder, antlr4::ParserRuleContext* ctx, int levels = 1);
    ~DepthGuard() { builder_.depth_ -= levels_; }

   private:
    AstBuilder& builder_;
    int levels_;
  };

  std::string_view text_;
  int max_depth_;
  int depth_ = 0;
  // WINDOW clause definitions of the enclosing SELECTs, innermost last.
  std::vector<std::map<std::string, P::WindowSpecContext*>> named_windows_;
};

}  // namespace planck::parser_internal
