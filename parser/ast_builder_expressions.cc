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
  return std::make_shared<Op>(balanced<Op>(operands, begin, middle), balanced<Op>(operands, middle, end));
}

std::string unquoteString(const std::string& token) {
  return replaceAll(std::string_view(token).substr(1, token.size() - 2), "''", "'");
}

}  // namespace

ExprPtr AstBuilder::namedExpression(P::NamedExpressionContext* ctx) {
  ExprPtr expr = expression(ctx->expression());
  if (ctx->alias != nullptr || ctx->aliasString != nullptr) {
    std::string name = ctx->alias ? identifier(ctx->alias) : unquoteString(ctx->aliasString->getText());
    return at(std::make_shared<Alias>(expr, name, newExprId()), ctx);
  }
  if (expr->is<UnresolvedAttribute>() || expr->is<UnresolvedStar>()) return expr;
  return at(std::make_shared<UnresolvedAlias>(expr), ctx);
}

ExprPtr AstBuilder::expression(P::ExpressionContext* ctx) { return booleanExpression(ctx->booleanExpression()); }

ExprPtr AstBuilder::booleanExpression(P::BooleanExpressionContext* ctx) {
  DepthGuard guard(*this, ctx);
  if (auto* c = dynamic_cast<P::LogicalNotContext*>(ctx)) return at(negate(booleanExpression(c->booleanExpression())), c);
  if (auto* c = dynamic_cast<P::PredicatedContext*>(ctx)) {
    ExprPtr value = valueExpression(c->valueExpression());
    return c->predicate() ? predicate(value, c->predicate()) : value;
  }
  auto* binary = dynamic_cast<P::LogicalBinaryContext*>(ctx);
  size_t op = binary->op->getType();
  // Collect the operands of the whole same-operator chain, left to right, without recursion.
  std::vector<P::BooleanExpressionContext*> pending = {binary};
  std::vector<P::BooleanExpressionContext*> leaves;
  while (!pending.empty()) {
    P::BooleanExpressionContext* next = pending.back();
    pending.pop_back();
    auto* chained = dynamic_cast<P::LogicalBinaryContext*>(next);
    if (chained != nullptr && chained->op->getType() == op) {
      pending.push_back(chained->right);
      pending.push_back(chained->left);
    } else {
      leaves.push_back(next);
    }
  }
  std::vector<ExprPtr> operands;
  operands.reserve(leaves.size());
  for (P::BooleanExpressionContext* leaf : leaves) operands.push_back(booleanExpression(leaf));
  ExprPtr result = op == P::AND ? balanced<And>(operands, 0, operands.size()) : balanced<Or>(operands, 0, operands.size());
  std::const_pointer_cast<Expression>(result)->setOrigin(origin(ctx));
  return result;
}

ExprPtr AstBuilder::predicate(ExprPtr value, P::PredicateContext* ctx) {
  auto maybe_not = [&](ExprPtr expr, antlr4::tree::TerminalNode* not_token) {
    std::const_pointer_cast<Expression>(expr)->setOrigin(value->origin());
    if (not_token == nullptr) return expr;
    return at(negate(std::move(expr)), ctx);
  };
  if (auto* c = dynamic_cast<P::BetweenContext*>(ctx)) {
    ExprPtr lower = valueExpression(c->lower), upper = valueExpression(c->upper);
    ExprPtr both = std::make_shared<And>(
        std::make_shared<BinaryComparison>(ComparisonOp::kGreaterThanOrEqual, value, lower),
        std::make_shared<BinaryComparison>(ComparisonOp::kLessThanOrEqual, value, upper));
    return maybe_not(both, c->NOT());
  }
  if (auto* c = dynamic_cast<P::InSubqueryContext*>(ctx)) {
    return maybe_not(std::make_shared<InSubquery>(value, query(c->query())), c->NOT());
  }
  if (auto* c = dynamic_cast<P::InListContext*>(ctx)) {
    std::vector<ExprPtr> list;
    for (P::ExpressionContext* item : c->expression()) list.push_back(expression(item));
    return maybe_not(std::make_shared<In>(value, std::move(list)), c->NOT());
  }
  if (auto* c = dynamic_cast<P::InTableContext*>(ctx)) {
    // SQLite's `x IN t` means x IN (SELECT * FROM t).
    PlanPtr table = at(std::make_shared<UnresolvedRelation>(identifiers(c->table)), c);
    PlanPtr select = std::make_shared<Project>(std::vector<ExprPtr>{std::make_shared<UnresolvedStar>(std::vector<std::string>{})}, table);
    return maybe_not(std::make_shared<InSubquery>(value, select), c->NOT());
  }
  if (auto* c = dynamic_cast<P::LikeContext*>(ctx)) {
    char escape = '\\';
    if (c->escapeChar != nullptr) {
      std::string text = unquoteString(c->escapeChar->getText());
      if (text.size() != 1) fail(fmt::format("the ESCAPE of LIKE must be one character, not '{}'", text), origin(c->escapeChar));
      escape = text[0];
    }
    bool insensitive = c->op->getType() == P::ILIKE;
    return maybe_not(std::make_shared<Like>(value, valueExpression(c->pattern), escape, insensitive), c->NOT());
  }
  if (auto* c = dynamic_cast<P::NullPredicateContext*>(ctx)) {
    bool negated = c->NOT() != nullptr;
    ExprPtr test = negated ? ExprPtr(std::make_shared<IsNotNull>(value)) : ExprPtr(std::make_shared<IsNull>(value));
    return maybe_not(test, nullptr);
  }
  if (auto* c = dynamic_cast<P::TruthPredicateContext*>(ctx)) {
    ExprPtr test;
    if (c->kind->getType() == P::UNKNOWN) {
      test = std::make_shared<IsNull>(value);
    } else {
      bool truth = c->kind->getType() == P::TRUE_;
      test = std::make_shared<BinaryComparison>(ComparisonOp::kNullSafeEqual, value, Literal::make(Value::boolean(truth)));
    }
    return maybe_not(test, c->NOT());
  }
  auto* c = dynamic_cast<P::DistinctFromContext*>(ctx);
  ExprPtr same = std::make_shared<BinaryComparison>(ComparisonOp::kNullSafeEqual, value, valueExpression(c->right));
  // IS DISTINCT FROM is NOT (a <=> b); IS NOT DISTINCT FROM is a <=> b.
  return c->NOT() != nullptr ? maybe_not(same, nullptr) : at(negate(same), ctx);
}

ExprPtr AstBuilder::valueExpression(P::ValueExpressionContext* ctx) {
  if (auto* c = dynamic_cast<P::ValueExpressionDefaultContext*>(ctx)) return primaryExpression(c->primaryExpression());
  if (auto* c = dynamic_cast<P::ArithmeticUnaryContext*>(ctx)) {
    DepthGuard guard(*this, ctx);
    size_t op = c->op->getType();
    // -<number> is a negative literal (the grammar's numbers carry no sign).
    if (op == P::MINUS) {
      if (auto* primary = dynamic_cast<P::ValueExpressionDefaultContext*>(c->valueExpression())) {
        if (auto* constant = dynamic_cast<P::ConstantDefaultContext*>(primary->primaryExpression())) {
          if (auto* number = dynamic_cast<P::NumericLiteralContext*>(constant->constant())) {
            auto value = parseNumber("-" + number->getText());
            if (value.ok()) return at(Literal::make(*value), c);
          }
        }
      }
      return at(std::make_shared<UnaryMinus>(valueExpression(c->valueExpression())), c);
    }
    if (op == P::PLUS) return valueExpression(c->valueExpression());
    return at(std::make_shared<UnresolvedFunction>("bit_not", std::vector<ExprPtr>{valueExpression(c->valueExpression())}, false), c);
  }
  if (auto* c = dynamic_cast<P::ComparisonContext*>(ctx)) {
    DepthGuard guard(*this, ctx);
    ExprPtr left = valueExpression(c->left), right = valueExpression(c->right);
    size_t op = c->comparisonOperator()->getStart()->getType();
    ComparisonOp kind = ComparisonOp::kEqual;
    bool negated = false;
    switch (op) {
      case P::EQ: break;
      case P::NSEQ: kind = ComparisonOp::kNullSafeEqual; break;
      case P::NEQ:
      case P::NEQJ: negated = true; break;
      case P::LT: kind = ComparisonOp::kLessThan; break;
      case P::LTE: kind = ComparisonOp::kLessThanOrEqual; break;
      case P::GT: kind = ComparisonOp::kGreaterThan; break;
      case P::GTE: kind = ComparisonOp::kGreaterThanOrEqual; break;
      default: break;
    }
    ExprPtr comparison = at(std::make_shared<BinaryComparison>(kind, left, right), c);
    return negated ? at(negate(comparison), c) : comparison;
  }
  // Arithmetic: walk the left spine iteratively (1 + 2 + 3 + ... nests to the left).
  std::vector<P::ArithmeticBinaryContext*> chain;
  P::ValueExpressionContext* leftmost = ctx;
  while (auto* binary = dynamic_cast<P::ArithmeticBinaryContext*>(leftmost)) {
    chain.push_back(binary);
    leftmost = binary->left;
  }
  DepthGuard guard(*this, ctx, static_cast<int>(chain.size()));
  ExprPtr result = valueExpression(leftmost);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    P::ArithmeticBinaryContext* binary = *it;
    ExprPtr right = valueExpression(binary->right);
    size_t op = binary->op->getType();
    ExprPtr combined;
    switch (op) {
      case P::PLUS: combined = std::make_shared<BinaryArithmetic>(ArithmeticOp::kAdd, result, right); break;
      case P::MINUS: combined = std::make_shared<BinaryArithmetic>(ArithmeticOp::kSubtract, result, right); break;
      case P::ASTERISK: combined = std::make_shared<BinaryArithmetic>(ArithmeticOp::kMultiply, result, right); break;
      case P::SLASH:
      case P::DIV: combined = std::make_shared<BinaryArithmetic>(ArithmeticOp::kDivide, result, right); break;
      case P::PERCENT: combined = std::make_shared<BinaryArithmetic>(ArithmeticOp::kRemainder, result, right); break;
      case P::CONCAT_PIPE:
        combined = std::make_shared<UnresolvedFunction>("concat", std::vector<ExprPtr>{result, right}, false);
        break;
      default: {
        static const std::map<size_t, std::string> kBitwise = {{P::SHIFT_LEFT, "shiftleft"}, {P::SHIFT_RIGHT, "shiftright"},
                                                              {P::AMPERSAND, "bit_and"}, {P::PIPE, "bit_or"}, {P::HAT, "bit_xor"}};
        combined = std::make_shared<UnresolvedFunction>(kBitwise.at(op), std::vector<ExprPtr>{result, right}, false);
      }
    }
    // The operator's own position, so type errors point at it.
    std::const_pointer_cast<Expression>(combined)->setOrigin(origin(binary->op));
    result = combined;
  }
  return result;
}

ExprPtr AstBuilder::primaryExpression(P::PrimaryExpressionContext* ctx) {
  DepthGuard guard(*this, ctx);
  if (auto* c = dynamic_cast<P::ColumnReferenceContext*>(ctx)) {
    return at(std::make_shared<UnresolvedAttribute>(std::vector<std::string>{identifier(c->identifier())}), c);
  }
  if (auto* c = dynamic_cast<P::DereferenceContext*>(ctx)) {
    ExprPtr base = primaryExpression(c->base);
    const auto* attribute = base->as<UnresolvedAttribute>();
    if (attribute == nullptr) fail("field access is only supported on column names", origin(c));
    std::vector<std::string> parts = attribute->nameParts();
    parts.push_back(identifier(c->fieldName));
    return at(std::make_shared<UnresolvedAttribute>(std::move(parts)), c);
  }
  if (auto* c = dynamic_cast<P::ConstantDefaultContext*>(ctx)) return constant(c->constant());
  if (auto* c = dynamic_cast<P::FunctionCallContext*>(ctx)) return functionCall(c);
  if (auto* c = dynamic_cast<P::StarContext*>(ctx)) {
    std::vector<std::string> qualifier;
    if (auto* name = c->multipartIdentifier()) qualifier = identifiers(name);
    return at(std::make_shared<UnresolvedStar>(std::move(qualifier)), c);
  }
  if (auto* c = dynamic_cast<P::ParenthesizedExpressionContext*>(ctx)) {
    if (c->expression().size() > 1) throw BuildError(notSupported("row values such as (a, b)", origin(c)));
    return expression(c->expression(0));
  }
  if (auto* c = dynamic_cast<P::SubqueryExpressionContext*>(ctx)) {
    return at(std::make_shared<ScalarSubquery>(query(c->query())), c);
  }
  if (auto* c = dynamic_cast<P::ExistsContext*>(ctx)) return at(std::make_shared<Exists>(query(c->query())), c);
  if (auto* c = dynamic_cast<P::SearchedCaseContext*>(ctx)) {
    std::vector<std::pair<ExprPtr, ExprPtr>> branches;
    for (P::WhenClauseContext* when : c->whenClause()) branches.emplace_back(expression(when->condition), expression(when->result));
    ExprPtr otherwise = c->elseExpression ? expression(c->elseExpression) : nullptr;
    return at(std::make_shared<CaseWhen>(std::move(branches), otherwise), c);
  }
  if (auto* c = dynamic_cast<P::SimpleCaseContext*>(ctx)) {
    // CASE x WHEN a THEN ... is CASE WHEN x = a THEN ..., as in Spark.
    ExprPtr value = expression(c->value);
    std::vector<std::pair<ExprPtr, ExprPtr>> branches;
    for (P::WhenClauseContext* when : c->whenClause()) {
      ExprPtr test = at(std::make_shared<BinaryComparison>(ComparisonOp::kEqual, value, expression(when->condition)), when);
      branches.emplace_back(test, expression(when->result));
    }
    ExprPtr otherwise = c->elseExpression ? expression(c->elseExpression) : nullptr;
    return at(std::make_shared<CaseWhen>(std::move(branches), otherwise), c);
  }
  if (auto* c = dynamic_cast<P::CastContext*>(ctx)) {
    return at(std::make_shared<Cast>(expression(c->expression()), dataType(c->dataType())), c);
  }
  if (auto* c = dynamic_cast<P::ExtractContext*>(ctx)) {
    ExprPtr field = at(Literal::make(Value::varchar(toUpper(identifier(c->field)))), c->field);
    return at(std::make_shared<UnresolvedFunction>("extract", std::vector<ExprPtr>{field, valueExpression(c->source)}, false), c);
  }
  if (auto* c = dynamic_cast<P::SubstringContext*>(ctx)) {
    std::vector<ExprPtr> args = {valueExpression(c->str), valueExpression(c->pos)};
    if (c->len != nullptr) args.push_back(valueExpression(c->len));
    return at(std::make_shared<UnresolvedFunction>("substring", std::move(args), false), c);
  }
  if (auto* c = dynamic_cast<P::PositionContext*>(ctx)) {
    return at(std::make_shared<UnresolvedFunction>("position", std::vector<ExprPtr>{valueExpression(c->substr), valueExpression(c->str)}, false), c);
  }
  if (auto* c = dynamic_cast<P::TrimContext*>(ctx)) {
    std::string name = "trim";
    if (c->trimOption != nullptr && c->trimOption->getType() == P::LEADING) name = "ltrim";
    if (c->trimOption != nullptr && c->trimOption->getType() == P::TRAILING) name = "rtrim";
    std::vector<ExprPtr> args = {valueExpression(c->srcStr)};
    if (c->trimStr != nullptr) args.push_back(valueExpression(c->trimStr));
    return at(std::make_shared<UnresolvedFunction>(name, std::move(args), false), c);
  }
  if (auto* c = dynamic_cast<P::CurrentLikeContext*>(ctx)) {
    return at(std::make_shared<UnresolvedFunction>(toLower(c->name->getText()), std::vector<ExprPtr>{}, false), c);
  }
  fail("this expression is not recognized", origin(ctx));
}

ExprPtr AstBuilder::functionCall(P::FunctionCallContext* ctx) {
  std::string name = toLower(ctx->functionName()->getText());
  if (auto* parts = ctx->functionName()->multipartIdentifier()) name = toLower(join(identifiers(parts), "."));
  bool distinct = ctx->setQuantifier() != nullptr && ctx->setQuantifier()->DISTINCT() != nullptr;
  std::vector<ExprPtr> args;
  for (P::ExpressionContext* arg : ctx->argument) args.push_back(expression(arg));
  // count(*) counts rows: Spark's parser makes it count(1).
  if (name == "count" && args.size() == 1 && args[0]->is<UnresolvedStar>() &&
      args[0]->as<UnresolvedStar>()->qualifier().empty()) {
    args[0] = at(Literal::make(Value::integer(1)), ctx->argument[0]);
  }
  ExprPtr filter = ctx->where ? booleanExpression(ctx->where) : nullptr;
  ExprPtr call = at(std::make_shared<UnresolvedFunction>(name, std::move(args), distinct, filter), ctx);
  if (ctx->windowSpec() == nullptr) return call;
  return at(std::make_shared<WindowExpression>(call, windowSpec(ctx->windowSpec())), ctx);
}

ExprPtr AstBuilder::windowSpec(P::WindowSpecContext* ctx) {
  if (auto* ref = dynamic_cast<P::WindowRefContext*>(ctx)) {
    std::string name = toLower(identifier(ref->name));
    for (auto scope = named_windows_.rbegin(); scope != named_windows_.rend(); ++scope) {
      auto it = scope->find(name);
      if (it != scope->end()) {
        if (it->second == ctx) break;
        return windowSpec(it->second);
      }
    }
    fail(fmt::format("window `{}` is not defined in a WINDOW clause", identifier(ref->name)), origin(ref));
  }
  auto* def = dynamic_cast<P::WindowDefContext*>(ctx);
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
        result.kind = type == P::PRECEDING ? FrameBound::Kind::kUnboundedPreceding : FrameBound::Kind::kUnboundedFollowing;
      } else if (type == P::CURRENT) {
        result.kind = FrameBound::Kind::kCurrentRow;
      } else {
        auto offset = parseInt64(b->expression()->getText());
        if (!offset || *offset < 0) fail("a window frame offset must be a non-negative integer literal", origin(b));
        result.kind = type == P::PRECEDING ? FrameBound::Kind::kPreceding : FrameBound::Kind::kFollowing;
        result.offset = *offset;
      }
      (void)is_start;
      return result;
    };
    frame.lower = bound(spec->frameStart, true);
    frame.upper = spec->frameEnd ? bound(spec->frameEnd, false) : FrameBound{FrameBound::Kind::kCurrentRow, 0};
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
  return at(std::make_shared<SortOrder>(expression(ctx->expression()), ascending, nulls_first), ctx);
}

ExprPtr AstBuilder::constant(P::ConstantContext* ctx) {
  if (dynamic_cast<P::NullLiteralContext*>(ctx) != nullptr) return at(Literal::make(Value()), ctx);
  if (auto* c = dynamic_cast<P::NumericLiteralContext*>(ctx)) {
    auto value = parseNumber(c->getText());
    if (!value.ok()) fail(fmt::format("invalid number `{}`", c->getText()), origin(c));
    return at(Literal::make(*value), c);
  }
  if (auto* c = dynamic_cast<P::StringLiteralContext*>(ctx)) {
    return at(Literal::make(Value::varchar(unquoteString(c->getText()))), c);
  }
  if (auto* c = dynamic_cast<P::BooleanLiteralContext*>(ctx)) {
    return at(Literal::make(Value::boolean(c->booleanValue()->TRUE_() != nullptr)), c);
  }
  if (auto* c = dynamic_cast<P::TypeConstructorContext*>(ctx)) {
    std::string text = unquoteString(c->STRING_LITERAL()->getText());
    if (c->literalType->getType() == P::TIMESTAMP) throw BuildError(notSupported("TIMESTAMP literals", origin(c)));
    auto days = parseDate(text);
    if (!days.ok()) fail(fmt::format("invalid DATE literal '{}': expected yyyy-mm-dd", text), origin(c));
    return at(Literal::make(Value::date(*days)), c);
  }
  if (auto* c = dynamic_cast<P::IntervalLiteralContext*>(ctx)) return interval(c->interval());
  // X'0F' is Spark's unhex('0F'); planck has no BINARY type, so analysis reports it.
  std::string hex = ctx->getText();
  ExprPtr digits = at(Literal::make(Value::varchar(hex.substr(2, hex.size() - 3))), ctx);
  return at(std::make_shared<UnresolvedFunction>("unhex", std::vector<ExprPtr>{digits}, false), ctx);
}

ExprPtr AstBuilder::interval(P::IntervalContext* ctx) {
  Interval result;
  auto add = [&](const std::string& raw_value, const std::string& raw_unit, antlr4::ParserRuleContext* where) {
    std::string text = raw_value;
    if (!text.empty() && text.front() == '\'') text = unquoteString(text);
    std::string unit = toLower(raw_unit);
    if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
    auto amount = parseInt64(text);
    if (!amount) fail(fmt::format("invalid INTERVAL value '{}'", text), origin(where));
    if (unit == "year") result.months += static_cast<int32_t>(*amount * 12);
    else if (unit == "month") result.months += static_cast<int32_t>(*amount);
    else if (unit == "week") result.days += static_cast<int32_t>(*amount * 7);
    else if (unit == "day") result.days += static_cast<int32_t>(*amount);
    else throw BuildError(notSupported(fmt::format("INTERVAL unit {}", toUpper(raw_unit)), origin(where)));
  };
  if (auto* c = dynamic_cast<P::MultiUnitsIntervalContext*>(ctx)) {
    for (size_t i = 0; i < c->values.size(); ++i) add(c->values[i]->getText(), identifier(c->units[i]), c->values[i]);
  } else if (auto* c = dynamic_cast<P::StringIntervalContext*>(ctx)) {
    std::vector<std::string> words = split(unquoteString(c->STRING_LITERAL()->getText()), ' ', true);
    if (words.size() % 2 != 0 || words.empty()) fail("an INTERVAL string needs value and unit pairs: '3 days'", origin(c));
    for (size_t i = 0; i < words.size(); i += 2) add(words[i], words[i + 1], c);
  } else {
    throw BuildError(notSupported("INTERVAL ... TO ...", origin(ctx)));
  }
  return at(Literal::make(Value::interval(result)), ctx);
}

}  // namespace planck::parser_internal
