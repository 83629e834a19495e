// SqlLexer: a hand-written lexer for grammar/SqlBase.g4 that feeds ANTLR's parser.
//
// It produces exactly the tokens of the generated SqlBaseLexer (types, texts, lines, columns,
// start/stop indices; whitespace and comments skipped) at a fraction of the cost, and it works
// on bytes: no UTF-8 to UTF-32 conversion, and invalid UTF-8 never throws.
//
// Positions. Indices and columns count bytes. For ASCII input that is what ANTLR reports (it
// counts code points); with non-ASCII text they are byte offsets into the SQL, which is what
// substr() and the error caret want. Lines count '\n', as ANTLR does.
//
// Non-ASCII. ANTLR's LETTER is [a-zA-Z] | [\u0080-\uFFFF]: every code point of a 2- or 3-byte
// UTF-8 sequence is a letter, a 4-byte one (U+10000 and up) is not and becomes UNRECOGNIZED.
// Bytes that are not valid UTF-8 (where ANTLR's input stream throws, or drops a sequence cut
// short at the very end) count as letters. A byte order mark at the start is skipped, as
// ANTLR's UTF-8 decoding drops it; positions still count its 3 bytes.
//
// Keywords are matched case-insensitively through a table that is read off the generated
// lexer's ATN once, so a keyword added to the grammar needs no change here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "antlr4-runtime.h"

namespace planck {

// The token source of the SQL parser: SqlBaseLexer's tokens from a hand-written scanner.
class SqlLexer : public antlr4::TokenSource {
 public:
  // Lexes `text`. The text must outlive the lexer and the lexer its tokens: a token's text is
  // a view of `text`, and its token source is the lexer.
  explicit SqlLexer(std::string_view text);

  // The next token of the default channel; EOF at the end, and at every call after it.
  std::unique_ptr<antlr4::Token> nextToken() override;
  // The line (1-based) of the current position.
  size_t getLine() const override { return line_; }
  // The column (0-based, in bytes) of the current position.
  size_t getCharPositionInLine() override { return pos_ - line_start_; }
  // Always null: the tokens carry their own text and there is no character stream.
  antlr4::CharStream* getInputStream() override { return nullptr; }
  // A fixed name; ANTLR uses it only in messages we do not show.
  std::string getSourceName() override { return "<sql>"; }
  // The factory ANTLR's error recovery uses for the tokens it conjures (a missing ')', ...).
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override;

  // The token type of `word` as a keyword in any letter case, or 0 when it is not a keyword.
  static size_t keywordType(std::string_view word);

 private:
  friend class SqlTokenStream;

  // The next token, as nextToken() returns it but without the unique_ptr, for SqlTokenStream.
  antlr4::WritableToken* next();
  // Moves pos_ past the token or skipped text starting at `start`; returns its type, or 0
  // when the text is skipped (whitespace, comments).
  size_t scan(size_t start);
  // Moves pos_ to `length` bytes after `start` and returns `type`.
  size_t take(size_t start, size_t length, size_t type) {
    pos_ = start + length;
    return type;
  }
  // The end of the longest of INTEGER_VALUE, DECIMAL_VALUE, EXPONENT_VALUE and IDENTIFIER
  // starting at `start` (a digit or '.'); sets `type` (DOT when only '.' matches).
  size_t scanNumber(size_t start, size_t& type) const;
  // The end of the run of identifier characters (LETTER | DIGIT | '_') from `start`; adds
  // the keyword hash of its bytes to `hash`.
  size_t scanWord(size_t start, uint32_t& hash) const;
  // The end of a quoted token ('...', `...`, "...") whose doubled quote escapes it, or
  // npos when it is not closed.
  size_t scanQuoted(size_t start, char quote) const;
  // The end of a bracketed comment starting at `start` ("/*" + a character that is not '+'),
  // or npos when it is not closed.
  size_t scanBracketedComment(size_t start);
  // Counts the line breaks in [from, to) into line_ and line_start_.
  void countLines(size_t from, size_t to);

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t line_start_ = 0;
  // No "*/" starts at or after this offset (known once a search failed).
  size_t no_comment_end_from_ = std::string_view::npos;
};

// The token stream for the parser: a CommonTokenStream over a SqlLexer that sizes its buffer
// for the text up front and fetches without ANTLR's dynamic_cast per token.
class SqlTokenStream : public antlr4::CommonTokenStream {
 public:
  // Reads the tokens of `lexer`, which must outlive the stream.
  explicit SqlTokenStream(SqlLexer& lexer);

 protected:
  // Appends up to `n` tokens of the lexer (at most up to EOF); returns how many.
  size_t fetch(size_t n) override;

 private:
  SqlLexer& lexer_;
};

}  // namespace planck
