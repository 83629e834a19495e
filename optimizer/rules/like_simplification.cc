// LikeSimplification (Spark's rule of the same name): LIKE patterns that need no pattern
// matcher become string functions.
//
//   x LIKE 'abc%'     -> startswith(x, abc)
//   x LIKE '%abc'     -> endswith(x, abc)
//   x LIKE '%abc%'    -> contains(x, abc)
//   x LIKE 'abc'      -> (x = abc)
//   x LIKE 'ab%yz'    -> ((length(x) >= 4) AND (startswith(x, ab) AND endswith(x, yz)))
//                        (the length test keeps 'abz' from matching 'ab%bz')
//   x LIKE NULL       -> NULL
//
// Only case-sensitive LIKE with a literal pattern; a pattern with `_`, or with `%` anywhere
// else, is left to the matcher. Departs from Spark, which skips every pattern that contains the
// escape character: here escapes are decoded (`'50\%%'` -> startswith(x, 50%)), and a pattern
// with an invalid escape is left alone (it fails at run time, as in Spark).
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/expression_rule.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

// A pattern as literal segments between `%`s; nullopt when it holds `_` or a bad escape.
std::optional<std::vector<std::string>> segmentsOf(const std::string& pattern, char escape) {
  std::vector<std::string> segments(1);
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == escape) {
      if (i + 1 == pattern.size()) return std::nullopt;
      char next = pattern[++i];
      if (next != '%' && next != '_' && next != escape) return std::nullopt;
      segments.back() += next;
    } else if (c == '_') {
      return std::nullopt;
    } else if (c == '%') {
      segments.emplace_back();
    } else {
      segments.back() += c;
    }
  }
  return segments;
}

ExprPtr call(const char* name, const ExprPtr& input, const std::string& text) {
  return std::make_shared<ScalarFunction>(
      name, std::vector<ExprPtr>{input, Literal::make(Value::varchar(text))}, DataType::boolean(),
      NullPolicy::kAnyArgument);
}

ExprPtr simplify(const ExprPtr& expr) {
  const auto* like = expr->as<Like>();
  if (!like || like->caseInsensitive()) return expr;
  const auto* pattern = expr->child(1)->as<Literal>();
  const ExprPtr& input = expr->child(0);
  if (!pattern) return expr;
  if (pattern->value().isNull()) return nullLiteral(DataType::boolean());
  if (!pattern->value().type().isString() || !input->dataType().isString()) return expr;
  auto segments = segmentsOf(pattern->value().asString(), like->escape());
  if (!segments) return expr;
  const std::vector<std::string>& s = *segments;
  if (s.size() == 1) {
    return std::make_shared<BinaryComparison>(ComparisonOp::kEqual, input,
                                              Literal::make(Value::varchar(s[0])));
  }
  if (s.size() == 2 && s[0].empty() && s[1].empty()) return expr;  // '%': Spark keeps it too
  if (s.size() == 2 && s[1].empty()) return call("startswith", input, s[0]);
  if (s.size() == 2 && s[0].empty()) return call("endswith", input, s[1]);
  if (s.size() == 2) {
    // Both ends fixed: the string must also be long enough for both to fit without overlap.
    auto length = std::make_shared<ScalarFunction>("length", std::vector<ExprPtr>{input},
                                                   DataType::integer(), NullPolicy::kAnyArgument);
    int32_t chars = 0;
    for (const std::string& part : s) {
      for (char c : part) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }
    ExprPtr long_enough = std::make_shared<BinaryComparison>(
        ComparisonOp::kGreaterThanOrEqual, length, Literal::make(Value::integer(chars)));
    return std::make_shared<And>(long_enough, std::make_shared<And>(call("startswith", input, s[0]),
                                                                    call("endswith", input, s[1])));
  }
  if (s.size() == 3 && s[0].empty() && s[2].empty() && !s[1].empty())
    return call("contains", input, s[1]);
  return expr;
}

}  // namespace

RulePtr makeLikeSimplification() { return makeExpressionRule("LikeSimplification", simplify); }

}  // namespace planck
