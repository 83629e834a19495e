// LIKE / ILIKE with a constant pattern, and startswith / endswith / contains.
//
// A pattern made of literal text and `%` (escapes resolved: `\%` is a literal percent sign) is
// compiled once into its pieces: a prefix, a suffix and the parts between, which must occur in
// order (found left to right: taking the earliest occurrence of each part never loses a match).
// Every TPC-H pattern has this form; it matches bytewise, which equals matching UTF-8
// characters for valid UTF-8 text. A pattern with `_` is matched on characters by the constant
// evaluator's algorithm (CharPattern). ILIKE lowercases ASCII. An invalid escape, non-ASCII
// ILIKE text and a pattern computed per row go through the constant evaluator row by row, so
// both evaluators agree.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/status.h"
#include "logical/evaluator.h"
#include "runtime/expression/expression_node.h"
#include "runtime/expression/like_pattern.h"

namespace planck {
namespace {

// A part of a pattern that must occur in the text. The search tests 16 candidate positions at
// once: where the text has the part's first byte and, m - 1 bytes further, its last byte
// (SSE2 compares), and only those candidates are compared in full (W. Mula, "SIMD-friendly
// algorithms for substring searching", 2016). Scalar for the last few positions.
class PatternPart {
 public:
  explicit PatternPart(std::string text) : text_(std::move(text)) {}

  size_t size() const { return text_.size(); }

  // The first position >= from where the part lies within text[from, end), or npos.
  size_t find(std::string_view text, size_t from, size_t end) const {
    size_t m = text_.size();
    if (end < from || end - from < m) return std::string_view::npos;
    const char* data = text.data();
    size_t i = from;
#if defined(__SSE2__)
    const __m128i first = _mm_set1_epi8(text_[0]);
    const __m128i last = _mm_set1_epi8(text_[m - 1]);
    for (; i + m + 15 <= end; i += 16) {
      __m128i starts = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
      __m128i ends = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i + m - 1));
      auto candidates = static_cast<unsigned>(_mm_movemask_epi8(
          _mm_and_si128(_mm_cmpeq_epi8(starts, first), _mm_cmpeq_epi8(ends, last))));
      while (candidates != 0) {
        size_t at = i + static_cast<size_t>(__builtin_ctz(candidates));
        if (std::memcmp(data + at, text_.data(), m) == 0) return at;
        candidates &= candidates - 1;
      }
    }
#endif
    for (; i + m <= end; ++i) {
      if (data[i] == text_[0] && std::memcmp(data + i, text_.data(), m) == 0) return i;
    }
    return std::string_view::npos;
  }

 private:
  std::string text_;
};

// A LIKE pattern of literal text and `%` only.
struct PercentPattern {
  bool has_percent = false;
  std::string prefix;               // before the first %, or the whole text without %
  std::string suffix;               // after the last %
  std::vector<PatternPart> middle;  // between, non-empty, in order

  bool matches(std::string_view text) const {
    if (!has_percent) return text == prefix;
    if (text.size() < prefix.size() + suffix.size()) return false;
    if (!text.starts_with(prefix) || !text.ends_with(suffix)) return false;
    size_t at = prefix.size(), end = text.size() - suffix.size();
    for (const PatternPart& part : middle) {
      size_t found = part.find(text, at, end);
      if (found == std::string_view::npos) return false;
      at = found + part.size();
    }
    return true;
  }
};

// The pattern's pieces, or nullopt when it needs the general matcher.
std::optional<PercentPattern> compilePercentPattern(std::string_view pattern, char escape) {
  std::optional<PercentPatternPieces> pieces = percentPatternPieces(pattern, escape);
  if (!pieces) return std::nullopt;
  PercentPattern compiled;
  compiled.has_percent = pieces->has_percent;
  compiled.prefix = std::move(pieces->prefix);
  compiled.suffix = std::move(pieces->suffix);
  for (std::string& part : pieces->middle) compiled.middle.emplace_back(std::move(part));
  return compiled;
}

// The byte width of the character at text[at], as the constant evaluator splits UTF-8 (an
// invalid byte is a character of its own).
inline size_t characterWidthAt(std::string_view text, size_t at) {
  auto lead = static_cast<unsigned char>(text[at]);
  size_t width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return std::min(width, text.size() - at);
}

// Any valid LIKE pattern, as a list of characters, `_` and `%`, matched on characters: the
// constant evaluator's algorithm (greedy, backtracking to the last `%`) over byte offsets.
class CharPattern {
 public:
  // nullopt for an invalid escape (the row-by-row path reports it as the evaluator does).
  static std::optional<CharPattern> compile(std::string_view pattern, char escape) {
    CharPattern compiled;
    for (size_t i = 0; i < pattern.size();) {
      size_t width = characterWidthAt(pattern, i);
      std::string_view c = pattern.substr(i, width);
      i += width;
      if (c.size() == 1 && c[0] == escape) {
        if (i >= pattern.size()) return std::nullopt;
        size_t next_width = characterWidthAt(pattern, i);
        std::string_view next = pattern.substr(i, next_width);
        if (next != "_" && next != "%" && !(next.size() == 1 && next[0] == escape))
          return std::nullopt;
        compiled.tokens_.push_back({Token::kChar, std::string(next)});
        i += next_width;
      } else if (c == "%") {
        compiled.tokens_.push_back({Token::kAny, {}});
      } else if (c == "_") {
        compiled.tokens_.push_back({Token::kOne, {}});
      } else {
        compiled.tokens_.push_back({Token::kChar, std::string(c)});
      }
    }
    return compiled;
  }

  bool matches(std::string_view text) const {
    size_t t = 0, p = 0, star = std::string::npos, resume = 0, n = tokens_.size();
    while (t < text.size()) {
      size_t width = characterWidthAt(text, t);
      if (p < n && (tokens_[p].kind == Token::kOne ||
                    (tokens_[p].kind == Token::kChar && tokens_[p].text.size() == width &&
                     std::memcmp(text.data() + t, tokens_[p].text.data(), width) == 0))) {
        t += width;
        ++p;
      } else if (p < n && tokens_[p].kind == Token::kAny) {
        star = p++;
        resume = t;
      } else if (star != std::string::npos) {
        p = star + 1;
        resume += characterWidthAt(text, resume);
        t = resume;
      } else {
        return false;
      }
    }
    while (p < n && tokens_[p].kind == Token::kAny) ++p;
    return p == n;
  }

 private:
  struct Token {
    enum Kind : uint8_t { kChar, kOne, kAny } kind;
    std::string text;
  };
  std::vector<Token> tokens_;
};

bool isAscii(std::string_view text) {
  for (char c : text) {
    if ((c & 0x80) != 0) return false;
  }
  return true;
}

// Applies a string predicate to every row of a VARCHAR operand.
template <class Predicate>
Operand matchRows(const Operand& value, size_t rows, DataType type, Predicate predicate) {
  Operand result = newResult(type, rows, value.constant);
  uint8_t* out = result.vector->values<uint8_t>();
  const Vector& text = *value.vector;
  const uint32_t* offsets = text.offsets();
  const char* chars = text.chars();
  for (size_t i = 0; i < rows; ++i)
    out[i] = predicate(std::string_view(chars + offsets[i], offsets[i + 1] - offsets[i]));
  if (propagateNulls(*result.vector, {&value})) zeroNullSlots(*result.vector);
  return result;
}

// LIKE / ILIKE with a constant pattern: the `%`-only fast form, or the general one.
class LikeNode final : public ExprNode {
 public:
  // `pattern` is the pattern as written: ILIKE on a batch with non-ASCII text is evaluated
  // row by row by the constant evaluator, which reports it.
  LikeNode(ExprPtr expr, std::vector<NodePtr> children, std::optional<PercentPattern> percent,
           std::optional<CharPattern> general, bool case_insensitive, std::string pattern)
      : ExprNode(std::move(expr), std::move(children)),
        percent_(std::move(percent)),
        general_(std::move(general)),
        case_insensitive_(case_insensitive),
        pattern_(std::move(pattern)) {
    if (case_insensitive_) markMayFail();  // non-ASCII text
  }

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    PLANCK_ASSIGN_OR_RETURN(Operand value, child(0).eval(input));
    if (value.allNull()) return nullConstant(type());
    size_t rows = resultRows(input, {&value});
    if (!case_insensitive_) {
      if (percent_) {
        return matchRows(value, rows, type(),
                         [this](std::string_view text) { return percent_->matches(text); });
      }
      return matchRows(value, rows, type(),
                       [this](std::string_view text) { return general_->matches(text); });
    }
    for (size_t i = 0; i < rows; ++i) {
      if (!value.isNull(i) && !isAscii(value.vector->string(value.at(i))))
        return rowByRow(value, rows);
    }
    std::string lower;
    return matchRows(value, rows, type(), [&](std::string_view text) {
      lower.assign(text);
      for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      return percent_ ? percent_->matches(lower) : general_->matches(lower);
    });
  }

 private:
  std::optional<PercentPattern> percent_;
  std::optional<CharPattern> general_;
  // Through the constant evaluator, row by row (its answer for non-ASCII ILIKE).
  absl::StatusOr<Operand> rowByRow(const Operand& value, size_t rows) const {
    Operand result = newResult(type(), rows, value.constant);
    for (size_t i = 0; i < rows; ++i) {
      PLANCK_ASSIGN_OR_RETURN(Value matched,
                              evaluateWithChildValues(expr(), {value.vector->valueAt(value.at(i)),
                                                               Value::varchar(pattern_)}));
      storeValue(*result.vector, i, matched);
    }
    return result;
  }

  bool case_insensitive_;
  std::string pattern_;
};

enum class MatchKind : uint8_t { kStartsWith, kEndsWith, kContains };

class StringMatchNode final : public ExprNode {
 public:
  StringMatchNode(ExprPtr expr, std::vector<NodePtr> children, MatchKind kind, std::string part)
      : ExprNode(std::move(expr), std::move(children)), kind_(kind), part_(std::move(part)) {}

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    PLANCK_ASSIGN_OR_RETURN(Operand value, child(0).eval(input));
    if (value.allNull()) return nullConstant(type());
    size_t rows = resultRows(input, {&value});
    std::string_view part = part_;
    switch (kind_) {
      case MatchKind::kStartsWith:
        return matchRows(value, rows, type(), [part](std::string_view s) {
          return s.size() >= part.size() && std::memcmp(s.data(), part.data(), part.size()) == 0;
        });
      case MatchKind::kEndsWith:
        return matchRows(value, rows, type(), [part](std::string_view s) {
          return s.size() >= part.size() &&
                 std::memcmp(s.data() + s.size() - part.size(), part.data(), part.size()) == 0;
        });
      case MatchKind::kContains:
        break;
    }
    return matchRows(value, rows, type(),
                     [part](std::string_view s) { return s.find(part) != std::string_view::npos; });
  }

 private:
  MatchKind kind_;
  std::string part_;
};

// The constant second argument of a node, if it is a non-NULL string constant.
std::optional<std::string> constantString(const ExprNode& node) {
  Batch none;
  if (!node.columns().empty()) return std::nullopt;
  absl::StatusOr<Operand> value = node.eval(none);
  if (!value.ok() || !value->constant || value->vector->size() == 0 || value->allNull() ||
      !value->vector->type().isString())
    return std::nullopt;
  return std::string(value->vector->string(0));
}

}  // namespace

absl::StatusOr<NodePtr> makeLikeNode(const ExprPtr& expr, std::vector<NodePtr> children) {
  const auto* like = expr->as<Like>();
  if (!children[0]->type().isString() && !children[0]->type().isNull()) {
    return absl::InvalidArgumentError(toAbsl("LIKE needs a VARCHAR, got " +
                                             children[0]->type().sqlName() + " in " + expr->sql()));
  }
  std::optional<std::string> pattern = constantString(*children[1]);
  bool insensitive = like->caseInsensitive();
  // A non-ASCII ILIKE pattern fails on every row in the constant evaluator: so it does here.
  if (!pattern || (insensitive && !isAscii(*pattern)))
    return makeRowByRowNode(expr, std::move(children));
  std::string text = *pattern;
  if (insensitive) {
    for (char& c : text) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  std::optional<PercentPattern> percent = compilePercentPattern(text, like->escape());
  std::optional<CharPattern> general;
  if (!percent) general = CharPattern::compile(text, like->escape());
  if (!percent && !general) return makeRowByRowNode(expr, std::move(children));  // bad escape
  children.pop_back();
  return NodePtr(std::make_unique<LikeNode>(expr, std::move(children), std::move(percent),
                                            std::move(general), insensitive, *pattern));
}

absl::StatusOr<NodePtr> makeStringMatchNode(const ExprPtr& expr, std::vector<NodePtr> children) {
  const std::string& name = expr->as<ScalarFunction>()->name();
  std::optional<std::string> part =
      children.size() == 2 ? constantString(*children[1]) : std::nullopt;
  if (!part || !children[0]->type().isString()) return makeRowByRowNode(expr, std::move(children));
  MatchKind kind = name == "endswith"   ? MatchKind::kEndsWith
                   : name == "contains" ? MatchKind::kContains
                                        : MatchKind::kStartsWith;
  children.pop_back();
  return NodePtr(
      std::make_unique<StringMatchNode>(expr, std::move(children), kind, *std::move(part)));
}

std::optional<PercentPatternPieces> percentPatternPieces(std::string_view pattern, char escape) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == escape) {
      if (i + 1 >= pattern.size()) return std::nullopt;
      char next = pattern[i + 1];
      if (next != '%' && next != '_' && next != escape) return std::nullopt;  // an error
      parts.back() += next;
      ++i;
    } else if (c == '_') {
      return std::nullopt;
    } else if (c == '%') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  PercentPatternPieces pieces;
  pieces.has_percent = parts.size() > 1;
  pieces.prefix = parts.front();
  if (pieces.has_percent) {
    pieces.suffix = parts.back();
    for (size_t i = 1; i + 1 < parts.size(); ++i) {
      if (!parts[i].empty()) pieces.middle.push_back(parts[i]);
    }
  }
  return pieces;
}

}  // namespace planck
