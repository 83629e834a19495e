// AstBuilder: expressions. Long AND / OR chains become balanced trees and arithmetic chains
// are walked iteratively, so generated queries with thousands of terms stay within the
// nesting bound (Spark balances AND / OR the same way).
#include "common/errors.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "parser/ast_builder.h"

namespace planck::parser_internal {
namespace {

ExprPtr negate(ExprPtr expr) { return std::make_shared<Not>(std::move(expr)); }

template <class Op>
ExprPtr balanced(const std::vector<ExprPtr>& operands, size_t begin, size_t end) {
  if (end - begin == 1) return operands[begin];
  size_t middle = begin + (end - begin) / 2;
  return std::make_shared<Op>(balanced<Op>(operands, begin, middle),
                              balanced<Op>(operands, middle, end));
}

std::string unquoteString(const std::string& token) {
  return replaceAll(std::string_view(token).substr(1, token.size() - 2), "''", "'");
}

}  // namespace

ExprPtr AstBuilder::namedExpression(P::NamedExpressionContext* ctx) {
  ExprPtr expr = expression(ctx->expression());
  if (ctx->alias != nullptr || ctx->aliasString != nullptr) {
    std::string name =
        ctx->alias ? identifier(ctx->alias) : unquoteString(ctx->aliasString->getText());
    return at(std::make_shared<Alias>(expr, name, newExprId()), ctx);
  }
  if (expr->is<UnresolvedAttribute>() || expr->is<UnresolvedStar>()) return expr;
  return at(std::make_shared<UnresolvedAlias>(expr), ctx);
}

// `a AND b OR c AND d`: the operands are split at OR into AND groups (AND binds tighter).
// Each group and the OR of the groups are balanced trees, so long chains stay shallow.
ExprPtr AstBuilder::expression(P::ExpressionContext* ctx) {
  if (ctx->operators.empty()) return notExpression(ctx->operands[0]);
  std::vector<ExprPtr> disjuncts, conjuncts;
  for (size_t i = 0; i < ctx->operands.size(); ++i) {
    conjuncts.push_back(notExpression(ctx->operands[i]));
    bool group_ends = i == ctx->operators.size() || ctx->operators[i]->getType() == P::OR;
    if (!group_ends) continue;
    disjuncts.push_back(balanced<And>(conjuncts, 0, conjuncts.size()));
    conjuncts.clear();
  }
  ExprPtr result = balanced<Or>(disjuncts, 0, disjuncts.size());
  std::const_pointer_cast<Expression>(result)->setOrigin(origin(ctx));
  return result;
}

ExprPtr AstBuilder::notExpression(P::NotExpressionContext* ctx) {
  if (auto* c = alternative<P::LogicalNotContext>(ctx)) {
    DepthGuard guard(*this, ctx);
    return at(negate(notExpression(c->notExpression())), c);
  }
  auto* c = alternative<P::PredicatedContext>(ctx);
  ExprPtr value = valueExpression(c->value);
  return c->tail != nullptr ? predicate(value, c->tail) : value;
}

ExprPtr AstBuilder::predicate(ExprPtr value, P::PredicateContext* ctx) {
  auto maybe_not = [&](ExprPtr expr, antlr4::tree::TerminalNode* not_token) {
    std::const_pointer_cast<Expression>(expr)->setOrigin(value->origin());
    if (not_token == nullptr) return expr;
    return at(negate(std::move(expr)), ctx);
  };
  if (auto* c = alternative<P::BetweenContext>(ctx)) {
    ExprPtr lower = valueExpression(c->lower), upper = valueExpression(c->upper);
    ExprPtr both = std::make_shared<And>(
        std::make_shared<BinaryComparison>(ComparisonOp::kGreaterThanOrEqual, value, lower),
        std::make_shared<BinaryComparison>(ComparisonOp::kLessThanOrEqual, value, upper));
    return maybe_not(both, c->NOT());
  }
  if (auto* c = alternative<P::InSubqueryContext>(ctx)) {
    return maybe_not(std::make_shared<InSubquery>(value, query(c->query())), c->NOT());
  }
  if (auto* c = alternative<P::InListContext>(ctx)) {
    std::vector<ExprPtr> list;
    for (P::ExpressionContext* item : c->expression()) list.push_back(expression(item));
    return maybe_not(std::make_shared<In>(value, std::move(list)), c->NOT());
  }
  if (auto* c = alternative<P::InTableContext>(ctx)) {
    // SQLite's `x IN t` means x IN (SELECT * FROM t).
    PlanPtr table = at(std::make_shared<UnresolvedRelation>(identifiers(c->table)), c);
    PlanPtr select = std::make_shared<Project>(
        std::vector<ExprPtr>{std::make_shared<UnresolvedStar>(std::vector<std::string>{})}, table);
    return maybe_not(std::make_shared<InSubquery>(value, select), c->NOT());
  }
  if (auto* c = alternative<P::LikeContext>(ctx)) {
    char escape = '\\';
    if (c->escapeChar != nullptr) {
      std::string text = unquoteString(c->escapeChar->getText());
      if (text.size() != 1)
        fail(fmt::format("the ESCAPE of LIKE must be one character, not '{}'", text),
             origin(c->escapeChar));
      escape = text[0];
    }
    bool insensitive = c->op->getType() == P::ILIKE;
    return maybe_not(
        std::make_shared<Like>(value, valueExpression(c->pattern), escape, insensitive), c->NOT());
  }
  if (auto* c = alternative<P::NullPredicateContext>(ctx)) {
    bool negated = c->NOT() != nullptr;
    ExprPtr test = negated ? ExprPtr(std::make_shared<IsNotNull>(value))
                           : ExprPtr(std::make_shared<IsNull>(value));
    return maybe_not(test, nullptr);
  }
  if (auto* c = alternative<P::TruthPredicateContext>(ctx)) {
    ExprPtr test;
    if (c->kind->getType() == P::UNKNOWN) {
      test = std::make_shared<IsNull>(value);
    } else {
      bool truth = c->kind->getType() == P::TRUE_;
      test = std::make_shared<BinaryComparison>(ComparisonOp::kNullSafeEqual, value,
                                                Literal::make(Value::boolean(truth)));
    }
    return maybe_not(test, c->NOT());
  }
  auto* c = alternative<P::DistinctFromContext>(ctx);
  ExprPtr same = std::make_shared<BinaryComparison>(ComparisonOp::kNullSafeEqual, value,
                                                    valueExpression(c->right));
  // IS DISTINCT FROM is NOT (a <=> b); IS NOT DISTINCT FROM is a <=> b.
  return c->NOT() != nullptr ? maybe_not(same, nullptr) : at(negate(same), ctx);
}

namespace {

constexpr int kComparisonPrecedence = 1;

// How tightly each binary operator of a valueExpression binds (higher binds tighter), as in
// Spark: * / % DIV; + -; << >>; &; ^; |; ||; comparisons.
int precedence(size_t op) {
  switch (op) {
    case P::ASTERISK:
    case P::SLASH:
    case P::PERCENT:
    case P::DIV:
      return 8;
    case P::PLUS:
    case P::MINUS:
      return 7;
    case P::SHIFT_LEFT:
    case P::SHIFT_RIGHT:
      return 6;
    case P::AMPERSAND:
      return 5;
    case P::HAT:
      return 4;
    case P::PIPE:
      return 3;
    case P::CONCAT_PIPE:
      return 2;
    default:
      return kComparisonPrecedence;  // = <=> <> != < <= > >=
  }
}

// `left op right` for a binary operator token of a valueExpression; every node it makes is
// placed at `where`, the operator's own position, so that type errors point at it.
ExprPtr binaryOperation(size_t op, ExprPtr left, ExprPtr right, Origin where) {
  auto placed = [&](std::shared_ptr<Expression> node) -> ExprPtr {
    node->setOrigin(where);
    return node;
  };
  auto arithmetic = [&](ArithmeticOp kind) {
    return placed(std::make_shared<BinaryArithmetic>(kind, left, right));
  };
  auto comparison = [&](ComparisonOp kind) {
    return placed(std::make_shared<BinaryComparison>(kind, left, right));
  };
  auto function = [&](const char* name) {
    return placed(
        std::make_shared<UnresolvedFunction>(name, std::vector<ExprPtr>{left, right}, false));
  };
  switch (op) {
    case P::PLUS:
      return arithmetic(ArithmeticOp::kAdd);
    case P::MINUS:
      return arithmetic(ArithmeticOp::kSubtract);
    case P::ASTERISK:
      return arithmetic(ArithmeticOp::kMultiply);
    case P::SLASH:
    case P::DIV:
      return arithmetic(ArithmeticOp::kDivide);
    case P::PERCENT:
      return arithmetic(ArithmeticOp::kRemainder);
    case P::CONCAT_PIPE:
      return function("concat");
    case P::SHIFT_LEFT:
      return function("shiftleft");
    case P::SHIFT_RIGHT:
      return function("shiftright");
    case P::AMPERSAND:
      return function("bit_and");
    case P::PIPE:
      return function("bit_or");
    case P::HAT:
      return function("bit_xor");
    case P::EQ:
      return comparison(ComparisonOp::kEqual);
    case P::NSEQ:
      return comparison(ComparisonOp::kNullSafeEqual);
    case P::LT:
      return comparison(ComparisonOp::kLessThan);
    case P::LTE:
      return comparison(ComparisonOp::kLessThanOrEqual);
    case P::GT:
      return comparison(ComparisonOp::kGreaterThan);
    case P::GTE:
      return comparison(ComparisonOp::kGreaterThanOrEqual);
    default:
      return placed(std::make_shared<Not>(comparison(ComparisonOp::kEqual)));  // <> and !=
  }
}

}  // namespace

// The flat chain `operand (operator operand)*` becomes a tree by operator precedence, all
// operators left-associative: shunting-yard (Dijkstra, 1961) with explicit stacks, so a long
// chain does not recurse. The tree is as deep as the chain is long; the depth guard counts it.
// Arithmetic is placed at its operator, a comparison where its left operand starts (as Spark
// reports them).
ExprPtr AstBuilder::valueExpression(P::ValueExpressionContext* ctx) {
  if (ctx->operators.empty()) return primaryExpression(ctx->operands[0]);
  DepthGuard guard(*this, ctx, static_cast<int>(ctx->operators.size()));
  struct Operand {
    ExprPtr expr;
    Origin start;  // of its first token
  };
  auto operand = [&](size_t i) {
    return Operand{primaryExpression(ctx->operands[i]), origin(ctx->operands[i])};
  };
  std::vector<Operand> values = {operand(0)};
  std::vector<antlr4::Token*> pending;
  auto reduce = [&] {
    Operand right = std::move(values.back());
    values.pop_back();
    Operand& left = values.back();
    size_t op = pending.back()->getType();
    Origin where = precedence(op) == kComparisonPrecedence ? left.start : origin(pending.back());
    pending.pop_back();
    left.expr = binaryOperation(op, std::move(left.expr), std::move(right.expr), where);
  };
  for (size_t i = 0; i < ctx->operators.size(); ++i) {
    antlr4::Token* op = ctx->operators[i];
    while (!pending.empty() && precedence(pending.back()->getType()) >= precedence(op->getType()))
      reduce();
    pending.push_back(op);
    values.push_back(operand(i + 1));
  }
  while (!pending.empty()) reduce();
  return values.back().expr;
}

ExprPtr AstBuilder::primaryExpression(P::PrimaryExpressionContext* ctx) {
  // Leaves first: they open no nesting level.
  if (auto* c = alternative<P::ColumnReferenceContext>(ctx)) {
    return at(std::make_shared<UnresolvedAttribute>(identifiers(c->column)), c);
  }
  if (ExprPtr value = literal(ctx)) return value;
  DepthGuard guard(*this, ctx);
  if (auto* c = alternative<P::FunctionCallContext>(ctx)) return functionCall(c);
  if (auto* c = alternative<P::ArithmeticUnaryContext>(ctx)) {
    size_t op = c->op->getType();
    if (op == P::PLUS) return primaryExpression(c->operand);
    if (op == P::TILDE) {
      return at(std::make_shared<UnresolvedFunction>(
                    "bit_not", std::vector<ExprPtr>{primaryExpression(c->operand)}, false),
                c);
    }
    // -<number> is a negative literal (the grammar's numbers carry no sign).
    if (auto* number = alternative<P::NumericLiteralContext>(c->operand)) {
      auto value = parseNumber("-" + number->value->getText());
      if (value.ok()) return at(Literal::make(*value), c);
    }
    return at(std::make_shared<UnaryMinus>(primaryExpression(c->operand)), c);
  }
  if (auto* c = alternative<P::StarContext>(ctx)) {
    std::vector<std::string> qualifier;
    if (c->qualifier != nullptr) qualifier = identifiers(c->qualifier);
    return at(std::make_shared<UnresolvedStar>(std::move(qualifier)), c);
  }
  if (auto* c = alternative<P::ParenthesizedExpressionContext>(ctx)) {
    if (c->expression().size() > 1)
      throw BuildError(notSupported("row values such as (a, b)", origin(c)));
    return expression(c->expression(0));
  }
  if (auto* c = alternative<P::SubqueryExpressionContext>(ctx)) {
    return at(std::make_shared<ScalarSubquery>(query(c->query())), c);
  }
  if (auto* c = alternative<P::ExistsContext>(ctx))
    return at(std::make_shared<Exists>(query(c->query())), c);
  if (auto* c = alternative<P::SearchedCaseContext>(ctx)) {
    std::vector<std::pair<ExprPtr, ExprPtr>> branches;
    for (P::WhenClauseContext* when : c->whenClause())
      branches.emplace_back(expression(when->condition), expression(when->result));
    ExprPtr otherwise = c->elseExpression ? expression(c->elseExpression) : nullptr;
    return at(std::make_shared<CaseWhen>(std::move(branches), otherwise), c);
  }
  if (auto* c = alternative<P::SimpleCaseContext>(ctx)) {
    // CASE x WHEN a THEN ... is CASE WHEN x = a THEN ..., as in Spark.
    ExprPtr value = expression(c->value);
    std::vector<std::pair<ExprPtr, ExprPtr>> branches;
    for (P::WhenClauseContext* when : c->whenClause()) {
      ExprPtr test = at(std::make_shared<BinaryComparison>(ComparisonOp::kEqual, value,
                                                           expression(when->condition)),
                        when);
      branches.emplace_back(test, expression(when->result));
    }
    ExprPtr otherwise = c->elseExpression ? expression(c->elseExpression) : nullptr;
    return at(std::make_shared<CaseWhen>(std::move(branches), otherwise), c);
  }
  if (auto* c = alternative<P::CastContext>(ctx)) {
    return at(std::make_shared<Cast>(expression(c->expression()), dataType(c->dataType())), c);
  }
  if (auto* c = alternative<P::ExtractContext>(ctx)) {
    ExprPtr field = at(Literal::make(Value::varchar(toUpper(identifier(c->field)))), c->field);
    return at(std::make_shared<UnresolvedFunction>(
                  "extract", std::vector<ExprPtr>{field, valueExpression(c->source)}, false),
              c);
  }
  if (auto* c = alternative<P::SubstringContext>(ctx)) {
    std::vector<ExprPtr> args = {valueExpression(c->str), valueExpression(c->pos)};
    if (c->len != nullptr) args.push_back(valueExpression(c->len));
    return at(std::make_shared<UnresolvedFunction>("substring", std::move(args), false), c);
  }
  if (auto* c = alternative<P::PositionContext>(ctx)) {
    return at(std::make_shared<UnresolvedFunction>(
                  "position",
                  std::vector<ExprPtr>{valueExpression(c->substr), valueExpression(c->str)}, false),
              c);
  }
  if (auto* c = alternative<P::TrimContext>(ctx)) {
    std::string name = "trim";
    if (c->trimOption != nullptr && c->trimOption->getType() == P::LEADING) name = "ltrim";
    if (c->trimOption != nullptr && c->trimOption->getType() == P::TRAILING) name = "rtrim";
    std::vector<ExprPtr> args = {valueExpression(c->srcStr)};
    if (c->trimStr != nullptr) args.push_back(valueExpression(c->trimStr));
    return at(std::make_shared<UnresolvedFunction>(name, std::move(args), false), c);
  }
  if (auto* c = alternative<P::CurrentLikeContext>(ctx)) {
    return at(std::make_shared<UnresolvedFunction>(toLower(c->name->getText()),
                                                   std::vector<ExprPtr>{}, false),
              c);
  }
  fail("this expression is not recognized", origin(ctx));
}

ExprPtr AstBuilder::functionCall(P::FunctionCallContext* ctx) {
  P::FunctionNameContext* function = ctx->function;
  auto* parts = function->multipartIdentifier();
  // LEFT, RIGHT, CURRENT_DATE, ... are one keyword token.
  std::string name =
      toLower(parts != nullptr ? join(identifiers(parts), ".") : function->getStart()->getText());
  bool distinct = ctx->setQuantifier() != nullptr && ctx->setQuantifier()->DISTINCT() != nullptr;
  std::vector<ExprPtr> args;
  for (P::ExpressionContext* arg : ctx->argument) args.push_back(expression(arg));
  // count(*) counts rows: Spark's parser makes it count(1).
  if (name == "count" && args.size() == 1 && args[0]->is<UnresolvedStar>() &&
      args[0]->as<UnresolvedStar>()->qualifier().empty()) {
    args[0] = at(Literal::make(Value::integer(1)), ctx->argument[0]);
  }
  ExprPtr filter = ctx->where ? expression(ctx->where) : nullptr;
  ExprPtr call =
      at(std::make_shared<UnresolvedFunction>(name, std::move(args), distinct, filter), ctx);
  if (ctx->window == nullptr) return call;
  return at(std::make_shared<WindowExpression>(call, windowSpec(ctx->window)), ctx);
}

ExprPtr AstBuilder::windowSpec(P::WindowSpecContext* ctx) {
  if (auto* ref = alternative<P::WindowRefContext>(ctx)) {
    std::string name = toLower(identifier(ref->name));
    for (auto scope = named_windows_.rbegin(); scope != named_windows_.rend(); ++scope) {
      auto it = scope->find(name);
      if (it != scope->end()) {
        if (it->second == ctx) break;
        return windowSpec(it->second);
      }
    }
    fail(fmt::format("window `{}` is not defined in a WINDOW clause", identifier(ref->name)),
         origin(ref));
  }
  auto* def = alternative<P::WindowDefContext>(ctx);
  std::vector<ExprPtr> partition, order;
  for (P::ExpressionContext* expr : def->partition) partition.push_back(expression(expr));
  for (P::SortItemContext* item : def->sortItem()) order.push_back(sortItem(item));
  WindowFrame frame;
  if (P::WindowFrameContext* spec = def->windowFrame()) {
    frame.specified = true;
    frame.type = spec->frameType->getType() == P::ROWS ? FrameType::kRows : FrameType::kRange;
    auto bound = [&](P::FrameBoundContext* b, bool is_start) {
      FrameBound result;
      size_t type = b->boundType->getType();
      if (b->UNBOUNDED() != nullptr) {
        result.kind = type == P::PRECEDING ? FrameBound::Kind::kUnboundedPreceding
                                           : FrameBound::Kind::kUnboundedFollowing;
      } else if (type == P::CURRENT) {
        result.kind = FrameBound::Kind::kCurrentRow;
      } else {
        auto offset = parseInt64(b->expression()->getText());
        if (!offset || *offset < 0)
          fail("a window frame offset must be a non-negative integer literal", origin(b));
        result.kind =
            type == P::PRECEDING ? FrameBound::Kind::kPreceding : FrameBound::Kind::kFollowing;
        result.offset = *offset;
      }
      (void)is_start;
      return result;
    };
    frame.lower = bound(spec->frameStart, true);
    frame.upper = spec->frameEnd ? bound(spec->frameEnd, false)
                                 : FrameBound{FrameBound::Kind::kCurrentRow, 0};
  } else if (order.empty()) {
    frame.upper = FrameBound{FrameBound::Kind::kUnboundedFollowing, 0};
    frame.type = FrameType::kRows;
  }
  return at(std::make_shared<WindowSpec>(std::move(partition), std::move(order), frame), ctx);
}

ExprPtr AstBuilder::sortItem(P::SortItemContext* ctx) {
  bool ascending = ctx->ordering == nullptr || ctx->ordering->getType() == P::ASC;
  bool nulls_first = ascending;  // Spark: ASC NULLS FIRST, DESC NULLS LAST by default
  if (ctx->nullOrder != nullptr) nulls_first = ctx->nullOrder->getType() == P::FIRST;
  return at(std::make_shared<SortOrder>(expression(ctx->expression()), ascending, nulls_first),
            ctx);
}

ExprPtr AstBuilder::literal(P::PrimaryExpressionContext* ctx) {
  if (auto* c = alternative<P::NumericLiteralContext>(ctx)) {
    std::string text = c->value->getText();
    auto value = parseNumber(text);
    if (!value.ok()) fail(fmt::format("invalid number `{}`", text), origin(c));
    return at(Literal::make(*value), c);
  }
  if (auto* c = alternative<P::StringLiteralContext>(ctx)) {
    return at(Literal::make(Value::varchar(unquoteString(c->getStart()->getText()))), c);
  }
  if (alternative<P::NullLiteralContext>(ctx) != nullptr) return at(Literal::make(Value()), ctx);
  if (auto* c = alternative<P::BooleanLiteralContext>(ctx)) {
    return at(Literal::make(Value::boolean(c->value->getType() == P::TRUE_)), c);
  }
  if (auto* c = alternative<P::TypeConstructorContext>(ctx)) {
    std::string text = unquoteString(c->STRING_LITERAL()->getText());
    if (c->literalType->getType() == P::TIMESTAMP)
      throw BuildError(notSupported("TIMESTAMP literals", origin(c)));
    auto days = parseDate(text);
    if (!days.ok())
      fail(fmt::format("invalid DATE literal '{}': expected yyyy-mm-dd", text), origin(c));
    return at(Literal::make(Value::date(*days)), c);
  }
  if (auto* c = alternative<P::IntervalLiteralContext>(ctx)) return interval(c->interval());
  if (alternative<P::BinaryLiteralContext>(ctx) != nullptr) {
    // X'303132': a BINARY literal, two hex digits a byte. An odd count reads as having a
    // leading 0 (X'A' is 0x0A) as in Spark's AstBuilder; a non-hex digit is Spark's error.
    std::string text = ctx->getStart()->getText();
    std::string hex = text.substr(2, text.size() - 3);
    std::optional<std::string> bytes = bytesFromHex(hex, true);
    if (!bytes) fail(fmt::format("contains illegal character for hexBinary: {}", hex), origin(ctx));
    return at(Literal::make(Value::binary(std::move(*bytes))), ctx);
  }
  return nullptr;
}

ExprPtr AstBuilder::interval(P::IntervalContext* ctx) {
  Interval result;
  auto add = [&](const std::string& raw_value, const std::string& raw_unit,
                 antlr4::ParserRuleContext* where) {
    std::string text = raw_value;
    if (!text.empty() && text.front() == '\'') text = unquoteString(text);
    std::string unit = toLower(raw_unit);
    if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
    auto amount = parseInt64(text);
    if (!amount) fail(fmt::format("invalid INTERVAL value '{}'", text), origin(where));
    if (unit == "year")
      result.months += static_cast<int32_t>(*amount * 12);
    else if (unit == "month")
      result.months += static_cast<int32_t>(*amount);
    else if (unit == "week")
      result.days += static_cast<int32_t>(*amount * 7);
    else if (unit == "day")
      result.days += static_cast<int32_t>(*amount);
    else
      throw BuildError(
          notSupported(fmt::format("INTERVAL unit {}", toUpper(raw_unit)), origin(where)));
  };
  if (auto* c = alternative<P::MultiUnitsIntervalContext>(ctx)) {
    for (size_t i = 0; i < c->values.size(); ++i)
      add(c->values[i]->getText(), identifier(c->units[i]), c->values[i]);
  } else if (auto* c = alternative<P::StringIntervalContext>(ctx)) {
    std::vector<std::string> words =
        split(unquoteString(c->STRING_LITERAL()->getText()), ' ', true);
    if (words.size() % 2 != 0 || words.empty())
      fail("an INTERVAL string needs value and unit pairs: '3 days'", origin(c));
    for (size_t i = 0; i < words.size(); i += 2) add(words[i], words[i + 1], c);
  } else {
    throw BuildError(notSupported("INTERVAL ... TO ...", origin(ctx)));
  }
  return at(Literal::make(Value::interval(result)), ctx);
}

}  // namespace planck::parser_internal
