// SqlLexer: the rules of SqlBase.g4's lexer section, written out by hand.
//
// ANTLR's lexer takes the longest match over all token rules and, between rules matching the
// same length, the one defined first; skipped rules (WS, comments) take part like the others.
// Every scanning function below computes that longest match for the rules that can start
// with the character at hand. The one rule that is not a plain longest match is
// BRACKETED_COMMENT with its non-greedy `.*?`, see scanBracketedComment().
#include "parser/sql_lexer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "SqlBaseLexer.h"
#include "fmt/format.h"

namespace planck {
namespace {

using sqlgen::SqlBaseLexer;

constexpr size_t kNotFound = std::string_view::npos;

// Byte classes for the scanning loops.
enum : uint8_t {
  kOther = 0,
  kWord = 1,          // LETTER | DIGIT | '_', and bytes >= 0x80 that cannot start U+10000+
  kLeadOf4Bytes = 2,  // 0xF0..0xF4: a letter unless it starts a valid 4-byte sequence
  kSpace = 3,         // WS: [ \t\r\n\f\u000B]
  kDigit = 4,
};

constexpr std::array<uint8_t, 256> makeClasses() {
  std::array<uint8_t, 256> classes{};
  for (int c = 'a'; c <= 'z'; ++c) classes[c] = kWord;
  for (int c = 'A'; c <= 'Z'; ++c) classes[c] = kWord;
  for (int c = '0'; c <= '9'; ++c) classes[c] = kDigit;
  classes['_'] = kWord;
  for (int c = 0x80; c <= 0xFF; ++c) classes[c] = kWord;
  for (int c = 0xF0; c <= 0xF4; ++c) classes[c] = kLeadOf4Bytes;
  for (char c : {' ', '\t', '\r', '\n', '\f', '\v'}) classes[static_cast<uint8_t>(c)] = kSpace;
  return classes;
}
constexpr std::array<uint8_t, 256> kClasses = makeClasses();

constexpr std::array<uint8_t, 256> makeLower() {
  std::array<uint8_t, 256> lower{};
  for (int c = 0; c < 256; ++c) lower[c] = static_cast<uint8_t>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return lower;
}
constexpr std::array<uint8_t, 256> kLower = makeLower();

bool isDigit(uint8_t c) { return kClasses[c] == kDigit; }

// Whether the bytes at `i` are a valid UTF-8 sequence for a code point above U+FFFF: ANTLR
// reads it as one character, outside LETTER, so it is an UNRECOGNIZED token of 4 bytes.
bool isSupplementary(const uint8_t* s, size_t i, size_t n) {
  if (i + 3 >= n || s[i] < 0xF0 || s[i] > 0xF4) return false;
  if ((s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
    return false;
  if (s[i] == 0xF0 && s[i + 1] < 0x90) return false;   // overlong
  if (s[i] == 0xF4 && s[i + 1] >= 0x90) return false;  // above U+10FFFF
  return true;
}

// The text a lexer rule matches when the rule is a plain sequence of characters and
// case-insensitive letter fragments (SETMINUS : M I N U S ;), in lower case; nothing for any
// other rule (alternatives, loops, sets, actions, case-sensitive letters).
std::optional<std::string> plainRuleText(const antlr4::atn::ATN& atn, size_t rule) {
  using antlr4::atn::ATNState;
  using antlr4::atn::Transition;
  std::string text;
  std::vector<ATNState*> returns;
  ATNState* state = atn.ruleToStartState[rule];
  for (int steps = 0; steps < 10000; ++steps) {
    if (state->getStateType() == ATNState::RULE_STOP) {
      if (returns.empty()) return text;
      state = returns.back();
      returns.pop_back();
      continue;
    }
    if (state->transitions.size() != 1) return std::nullopt;
    Transition* transition = state->transitions[0];
    switch (transition->getSerializationType()) {
      case Transition::EPSILON:
        break;
      case Transition::RULE:
        returns.push_back(static_cast<antlr4::atn::RuleTransition*>(transition)->followState);
        break;
      case Transition::ATOM:
      case Transition::RANGE:
      case Transition::SET: {
        std::vector<ssize_t> chars = transition->label().toList();
        bool letter = chars.size() == 1 && ((chars[0] >= 'a' && chars[0] <= 'z') ||
                                            (chars[0] >= 'A' && chars[0] <= 'Z'));
        if (chars.size() == 1 && chars[0] > 0 && chars[0] < 0x80 && !letter) {
          text += static_cast<char>(chars[0]);
        } else if (chars.size() == 2 && chars[0] >= 'A' && chars[0] <= 'Z' &&
                   chars[1] == chars[0] + 32) {
          text += static_cast<char>(chars[1]);
        } else {
          return std::nullopt;
        }
        break;
      }
      default:
        return std::nullopt;
    }
    state = transition->target;
  }
  return std::nullopt;
}

// The keywords: every token rule of the generated lexer that matches one fixed word in any
// letter case, found by walking its ATN, so the table cannot drift from the grammar.
class KeywordTable {
 public:
  KeywordTable() {
    antlr4::ANTLRInputStream empty;
    SqlBaseLexer lexer(&empty);
    const antlr4::atn::ATN& atn = lexer.getATN();
    for (size_t rule = 0; rule < atn.ruleToStartState.size(); ++rule) {
      size_t type = atn.ruleToTokenType[rule];
      if (type == antlr4::Token::INVALID_TYPE || type == antlr4::Token::EOF) continue;  // fragments
      std::optional<std::string> text = plainRuleText(atn, rule);
      if (!text || text->empty() || !(text->front() >= 'a' && text->front() <= 'z')) continue;
      bool word = true;
      for (char c : *text)
        word = word && (c == '_' || isDigit(static_cast<uint8_t>(c)) || (c >= 'a' && c <= 'z'));
      if (word) add(*text, type);
    }
  }

  // The hash of a word, one byte at a time from 0: the same for any letter case.
  static uint32_t hashStep(uint32_t hash, uint8_t c) { return hash * 31 + kLower[c]; }

  // The token type of `word` in any letter case, or 0. `hash` is the hashStep()s of its bytes.
  size_t find(const uint8_t* word, size_t length, uint32_t hash) const {
    if (length > max_length_) return 0;
    for (size_t slot = (hash ^ (hash >> 10)) & (kSlots - 1);; slot = (slot + 1) & (kSlots - 1)) {
      const Slot& entry = slots_[slot];
      if (entry.type == 0) return 0;
      if (entry.text.size() != length) continue;
      size_t i = 0;
      while (i < length && kLower[word[i]] == static_cast<uint8_t>(entry.text[i])) ++i;
      if (i == length) return entry.type;
    }
  }

 private:
  static constexpr size_t kSlots = 1024;  // a power of two, well above twice the keywords

  struct Slot {
    std::string text;
    size_t type = 0;
  };

  void add(const std::string& text, size_t type) {
    uint32_t hash = 0;
    for (char c : text) hash = hashStep(hash, static_cast<uint8_t>(c));
    size_t slot = (hash ^ (hash >> 10)) & (kSlots - 1);
    while (slots_[slot].type != 0) slot = (slot + 1) & (kSlots - 1);
    slots_[slot] = Slot{text, type};
    max_length_ = std::max(max_length_, text.size());
  }

  std::array<Slot, kSlots> slots_;
  size_t max_length_ = 0;
};

const KeywordTable& keywords() {
  static const KeywordTable table;
  return table;
}

// A token of SqlLexer. Its text is a view of the lexed SQL (or text that ANTLR's error
// recovery sets); its indices are byte offsets.
class SqlToken final : public antlr4::WritableToken {
 public:
  SqlToken(antlr4::TokenSource* source, size_t type, std::string_view text, size_t start,
           size_t stop, size_t line, size_t column)
      : source_(source),
        type_(type),
        text_(text),
        start_(start),
        stop_(stop),
        line_(line),
        column_(column) {}

  std::string getText() const override { return std::string(text_); }
  size_t getType() const override { return type_; }
  size_t getLine() const override { return line_; }
  size_t getCharPositionInLine() const override { return column_; }
  size_t getChannel() const override { return channel_; }
  size_t getTokenIndex() const override { return index_; }
  size_t getStartIndex() const override { return start_; }
  size_t getStopIndex() const override { return stop_; }
  antlr4::TokenSource* getTokenSource() const override { return source_; }
  antlr4::CharStream* getInputStream() const override { return nullptr; }

  // Formatted like CommonToken::toString: [@index,start:stop='text',<type>,line:column].
  std::string toString() const override {
    std::string text;
    for (char c : text_) {
      if (c == '\n') {
        text += "\\n";
      } else if (c == '\r') {
        text += "\\r";
      } else if (c == '\t') {
        text += "\\t";
      } else {
        text += c;
      }
    }
    return fmt::format("[@{},{}:{}='{}',<{}>{},{}:{}]", static_cast<ptrdiff_t>(index_),
                       static_cast<ptrdiff_t>(start_), static_cast<ptrdiff_t>(stop_), text,
                       static_cast<ptrdiff_t>(type_),
                       channel_ > 0 ? fmt::format(",channel={}", channel_) : "", line_, column_);
  }

  void setText(const std::string& text) override {
    owned_text_ = text;
    text_ = owned_text_;
  }
  void setType(size_t type) override { type_ = type; }
  void setLine(size_t line) override { line_ = line; }
  void setCharPositionInLine(size_t column) override { column_ = column; }
  void setChannel(size_t channel) override { channel_ = channel; }
  void setTokenIndex(size_t index) override { index_ = index; }

 private:
  antlr4::TokenSource* source_;
  size_t type_;
  std::string_view text_;
  size_t start_;
  size_t stop_;
  size_t line_;
  size_t column_;
  size_t channel_ = antlr4::Token::DEFAULT_CHANNEL;
  size_t index_ = std::numeric_limits<size_t>::max();  // set by the token stream
  std::string owned_text_;
};

}  // namespace

SqlLexer::SqlLexer(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // the byte order mark, see sql_lexer.h
}

size_t SqlLexer::keywordType(std::string_view word) {
  uint32_t hash = 0;
  for (char c : word) hash = KeywordTable::hashStep(hash, static_cast<uint8_t>(c));
  return keywords().find(reinterpret_cast<const uint8_t*>(word.data()), word.size(), hash);
}

antlr4::TokenFactory<antlr4::CommonToken>* SqlLexer::getTokenFactory() {
  return antlr4::CommonTokenFactory::DEFAULT.get();
}

std::unique_ptr<antlr4::Token> SqlLexer::nextToken() {
  return std::unique_ptr<antlr4::Token>(next());
}

antlr4::WritableToken* SqlLexer::next() {
  for (;;) {
    size_t start = pos_;
    if (start >= text_.size()) {
      // Like ANTLR: the EOF token's text is "<EOF>", it starts at the end and stops before it.
      return new SqlToken(this, antlr4::Token::EOF, "<EOF>", start, start - 1, line_,
                          start - line_start_);
    }
    size_t line = line_;
    size_t column = start - line_start_;
    size_t type = scan(start);
    if (type != 0)
      return new SqlToken(this, type, text_.substr(start, pos_ - start), start, pos_ - 1, line,
                          column);
  }
}

SqlTokenStream::SqlTokenStream(SqlLexer& lexer) : antlr4::CommonTokenStream(&lexer), lexer_(lexer) {
  _tokens.reserve(std::min<size_t>(lexer.text_.size() / 4 + 16, 1 << 16));
}

size_t SqlTokenStream::fetch(size_t n) {
  // BufferedTokenStream::fetch, minus its dynamic_cast to set the token index.
  if (_fetchedEOF) return 0;
  for (size_t i = 0; i < n; ++i) {
    antlr4::WritableToken* token = lexer_.next();
    token->setTokenIndex(_tokens.size());
    _tokens.emplace_back(token);
    if (token->getType() == antlr4::Token::EOF) {
      _fetchedEOF = true;
      return i + 1;
    }
  }
  return n;
}

size_t SqlLexer::scan(size_t start) {
  const auto* s = reinterpret_cast<const uint8_t*>(text_.data());
  const size_t n = text_.size();
  const uint8_t c = s[start];
  // The byte after the first one, or 0 at the end (0 starts no multi-byte operator).
  const uint8_t next = start + 1 < n ? s[start + 1] : 0;
  pos_ = start + 1;
  switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '\f':
    case '\v': {
      size_t i = start;
      for (; i < n && kClasses[s[i]] == kSpace; ++i) {
        if (s[i] == '\n') {
          ++line_;
          line_start_ = i + 1;
        }
      }
      pos_ = i;
      return 0;
    }
    case ';':
      return SqlBaseLexer::SEMICOLON;
    case '(':
      return SqlBaseLexer::LEFT_PAREN;
    case ')':
      return SqlBaseLexer::RIGHT_PAREN;
    case ',':
      return SqlBaseLexer::COMMA;
    case '+':
      return SqlBaseLexer::PLUS;
    case '%':
      return SqlBaseLexer::PERCENT;
    case '~':
      return SqlBaseLexer::TILDE;
    case '&':
      return SqlBaseLexer::AMPERSAND;
    case '^':
      return SqlBaseLexer::HAT;
    case '=':
      if (next == '=') return take(start, 2, SqlBaseLexer::EQ);
      if (next == '>') return take(start, 2, SqlBaseLexer::FAT_ARROW);
      return SqlBaseLexer::EQ;
    case '<':
      if (next == '=') {
        if (start + 2 < n && s[start + 2] == '>') return take(start, 3, SqlBaseLexer::NSEQ);
        return take(start, 2, SqlBaseLexer::LTE);
      }
      if (next == '>') return take(start, 2, SqlBaseLexer::NEQ);
      if (next == '<') return take(start, 2, SqlBaseLexer::SHIFT_LEFT);
      return SqlBaseLexer::LT;
    case '>':
      if (next == '=') return take(start, 2, SqlBaseLexer::GTE);
      if (next == '>') return take(start, 2, SqlBaseLexer::SHIFT_RIGHT);
      return SqlBaseLexer::GT;
    case '!':
      if (next == '=') return take(start, 2, SqlBaseLexer::NEQJ);
      return SqlBaseLexer::UNRECOGNIZED;
    case '|':
      if (next == '|') return take(start, 2, SqlBaseLexer::CONCAT_PIPE);
      return SqlBaseLexer::PIPE;
    case '*':
      if (next == '/') return take(start, 2, SqlBaseLexer::HINT_END);
      return SqlBaseLexer::ASTERISK;
    case '-':
      if (next == '-') {
        // SIMPLE_COMMENT: up to the line break, which stays for WS.
        size_t i = start + 2;
        while (i < n && s[i] != '\n' && s[i] != '\r') ++i;
        pos_ = i;
        return 0;
      }
      return SqlBaseLexer::MINUS;
    case '/':
      if (next == '*' && start + 2 < n) {
        if (s[start + 2] == '+') return take(start, 3, SqlBaseLexer::HINT_START);
        if (size_t end = scanBracketedComment(start); end != kNotFound) {
          countLines(start, end);
          pos_ = end;
          return 0;
        }
      }
      return SqlBaseLexer::SLASH;
    case '\'':
    case '"':
    case '`': {
      size_t end = scanQuoted(start, static_cast<char>(c));
      if (end == kNotFound) return SqlBaseLexer::UNRECOGNIZED;
      countLines(start, end);
      pos_ = end;
      return c == '\''  ? SqlBaseLexer::STRING_LITERAL
             : c == '"' ? SqlBaseLexer::DOUBLEQUOTED_IDENTIFIER
                        : SqlBaseLexer::BACKQUOTED_IDENTIFIER;
    }
    case 'x':
    case 'X':
      if (next == '\'') {
        // BINARY_HEX: X'...' up to the next quote. Longer than the IDENTIFIER `X`.
        if (size_t quote = text_.find('\'', start + 2); quote != kNotFound) {
          countLines(start, quote + 1);
          pos_ = quote + 1;
          return SqlBaseLexer::BINARY_HEX;
        }
      }
      break;
    default:
      break;
  }
  const uint8_t kind = kClasses[c];
  if (kind == kDigit || c == '.') {
    size_t type = 0;
    pos_ = scanNumber(start, type);
    return type;
  }
  if (kind == kOther) return SqlBaseLexer::UNRECOGNIZED;
  if (kind == kLeadOf4Bytes && isSupplementary(s, start, n))
    return take(start, 4, SqlBaseLexer::UNRECOGNIZED);
  // A keyword or an identifier: keywords come first in the grammar, so a keyword wins over
  // IDENTIFIER when both match the whole word; a longer word is an IDENTIFIER.
  uint32_t hash = 0;
  pos_ = scanWord(start, hash);
  size_t keyword = c < 0x80 ? keywords().find(s + start, pos_ - start, hash) : 0;
  return keyword != 0 ? keyword : static_cast<size_t>(SqlBaseLexer::IDENTIFIER);
}

size_t SqlLexer::scanNumber(size_t start, size_t& type) const {
  const auto* s = reinterpret_cast<const uint8_t*>(text_.data());
  const size_t n = text_.size();
  // Candidates in the grammar's order; a later rule wins only with a strictly longer match.
  size_t best = start;
  type = SqlBaseLexer::DOT;
  size_t digits_end = start;
  while (digits_end < n && isDigit(s[digits_end])) ++digits_end;
  size_t mantissa_end = kNotFound;
  if (digits_end > start) {
    best = digits_end;  // INTEGER_VALUE : DIGIT+
    type = SqlBaseLexer::INTEGER_VALUE;
    mantissa_end = digits_end;
  }
  if (digits_end < n && s[digits_end] == '.') {
    size_t fraction_end = digits_end + 1;
    while (fraction_end < n && isDigit(s[fraction_end])) ++fraction_end;
    // DECIMAL_VALUE : DIGIT+ '.' DIGIT* | '.' DIGIT+
    if (digits_end > start || fraction_end > digits_end + 1) {
      if (fraction_end > best) {
        best = fraction_end;
        type = SqlBaseLexer::DECIMAL_VALUE;
      }
      mantissa_end = fraction_end;
    }
  }
  // EXPONENT_VALUE : (DIGIT+ | DECIMAL_DIGITS) E [+-]? DIGIT+
  if (mantissa_end != kNotFound && mantissa_end < n && kLower[s[mantissa_end]] == 'e') {
    size_t exponent = mantissa_end + 1;
    if (exponent < n && (s[exponent] == '+' || s[exponent] == '-')) ++exponent;
    size_t exponent_end = exponent;
    while (exponent_end < n && isDigit(s[exponent_end])) ++exponent_end;
    if (exponent_end > exponent && exponent_end > best) {
      best = exponent_end;
      type = SqlBaseLexer::EXPONENT_VALUE;
    }
  }
  // IDENTIFIER : (LETTER | DIGIT | '_')+ (`10MB`, `1e3x`).
  if (digits_end > start) {
    uint32_t hash = 0;
    if (size_t word_end = scanWord(start, hash); word_end > best) {
      best = word_end;
      type = SqlBaseLexer::IDENTIFIER;
    }
  }
  return type == SqlBaseLexer::DOT ? start + 1 : best;
}

size_t SqlLexer::scanWord(size_t start, uint32_t& hash) const {
  const auto* s = reinterpret_cast<const uint8_t*>(text_.data());
  const size_t n = text_.size();
  size_t i = start;
  for (; i < n; ++i) {
    uint8_t c = kClasses[s[i]];
    if (c != kWord && c != kDigit && (c != kLeadOf4Bytes || isSupplementary(s, i, n))) break;
    hash = KeywordTable::hashStep(hash, s[i]);
  }
  return i;
}

size_t SqlLexer::scanQuoted(size_t start, char quote) const {
  // '...' with '' inside. When the text ends inside the quotes, ANTLR falls back to the
  // longest prefix that was a complete token: up to the first quote of the last '' pair.
  size_t complete = kNotFound;
  size_t from = start + 1;
  for (;;) {
    size_t close = text_.find(quote, from);
    if (close == kNotFound) return complete;
    if (close + 1 < text_.size() && text_[close + 1] == quote) {
      complete = close + 1;
      from = close + 2;
      continue;
    }
    return close + 1;
  }
}

size_t SqlLexer::scanBracketedComment(size_t start) {
  // BRACKETED_COMMENT : '/*' (~'+' .*?)? '*/': the comment ends at the first "*/" after the
  // opening "/*", so "/**/" is a whole (empty) comment; "/*+" (a hint) never gets here.
  if (start + 2 < no_comment_end_from_) {
    if (size_t close = text_.find("*/", start + 2); close != kNotFound) return close + 2;
    // No "*/" from here on: remembered, so that many unclosed "/*" take linear time.
    no_comment_end_from_ = start + 2;
  }
  return kNotFound;
}

void SqlLexer::countLines(size_t from, size_t to) {
  std::string_view scanned = text_.substr(0, to);
  for (size_t i = scanned.find('\n', from); i != kNotFound; i = scanned.find('\n', i + 1)) {
    ++line_;
    line_start_ = i + 1;
  }
}

}  // namespace planck
