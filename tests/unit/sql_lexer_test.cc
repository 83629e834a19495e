// SqlLexer against the generated SqlBaseLexer: token for token the same stream (type, text,
// line, column, start/stop, channel, index) on every TPC-H query, the TPC-H DDL, every
// sqllogictest statement, the grammar's own test files, hand-written tricky inputs, every
// keyword, and generated inputs built from the pieces where lexers go wrong. For non-ASCII
// input ANTLR counts code points and SqlLexer bytes, so only types and texts are compared
// there. Also: the ANTLR parser reports the same errors and builds the same tree from both
// streams, and invalid UTF-8 gives tokens, not an exception.
#include "parser/sql_lexer.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "SqlBaseLexer.h"
#include "SqlBaseParser.h"
#include "antlr4-runtime.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "parser/parser.h"

namespace planck {
namespace {

using sqlgen::SqlBaseLexer;
using sqlgen::SqlBaseParser;

// The generated lexer's vocabulary (token names by type).
const antlr4::dfa::Vocabulary& vocabulary() {
  static antlr4::ANTLRInputStream empty;
  static SqlBaseLexer lexer(&empty);
  return lexer.getVocabulary();
}

// One token, every field either lexer fills in.
struct TokenFields {
  size_t type = 0;
  std::string text;
  size_t line = 0;
  size_t column = 0;
  size_t start = 0;
  size_t stop = 0;
  size_t channel = 0;
  size_t index = 0;

  bool operator==(const TokenFields&) const = default;
};

std::ostream& operator<<(std::ostream& out, const TokenFields& token) {
  std::string type = token.type == antlr4::Token::EOF
                         ? "EOF"
                         : std::string(vocabulary().getSymbolicName(token.type));
  return out << "#" << token.index << " " << type << " '" << token.text << "' " << token.line << ":"
             << token.column << " [" << static_cast<ptrdiff_t>(token.start) << ","
             << static_cast<ptrdiff_t>(token.stop) << "] ch" << token.channel;
}

std::vector<TokenFields> drain(antlr4::CommonTokenStream& stream) {
  stream.fill();
  std::vector<TokenFields> tokens;
  for (antlr4::Token* token : stream.getTokens()) {
    tokens.push_back({token->getType(), token->getText(), token->getLine(),
                      token->getCharPositionInLine(), token->getStartIndex(), token->getStopIndex(),
                      token->getChannel(), token->getTokenIndex()});
  }
  return tokens;
}

std::vector<TokenFields> antlrTokens(std::string_view sql) {
  antlr4::ANTLRInputStream input(sql.data(), sql.size());
  SqlBaseLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream stream(&lexer);
  return drain(stream);
}

// SqlLexer's tokens as the parser reads them, through SqlTokenStream.
std::vector<TokenFields> sqlLexerTokens(std::string_view sql) {
  SqlLexer lexer(sql);
  SqlTokenStream stream(lexer);
  return drain(stream);
}

bool isAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// What comparing the inputs of one source found.
struct Comparison {
  size_t inputs = 0;
  size_t tokens = 0;
};

// Compares SqlLexer with SqlBaseLexer on `sql`; a mismatch fails the test with the first
// differing token.
void compare(const std::string& name, std::string_view sql, Comparison& result) {
  std::vector<TokenFields> expected = antlrTokens(sql);
  std::vector<TokenFields> actual = sqlLexerTokens(sql);
  bool ascii = isAscii(sql);
  ++result.inputs;
  result.tokens += actual.size();
  size_t common = std::min(expected.size(), actual.size());
  for (size_t i = 0; i < common; ++i) {
    bool same = ascii ? expected[i] == actual[i]
                      : expected[i].type == actual[i].type && expected[i].text == actual[i].text;
    if (!same) {
      ADD_FAILURE() << name << ": token " << i << " differs\n  input:    \"" << sql
                    << "\"\n  SqlBaseLexer: " << expected[i] << "\n  SqlLexer:     " << actual[i];
      return;
    }
  }
  if (expected.size() != actual.size()) {
    ADD_FAILURE() << name << ": " << expected.size() << " tokens from SqlBaseLexer, "
                  << actual.size() << " from SqlLexer\n  input: \"" << sql << "\"";
    return;
  }
  // SqlLexer's positions are byte positions in any input: the text is the bytes at
  // [start, stop], the line and column those of `start`.
  for (const TokenFields& token : actual) {
    if (token.type == antlr4::Token::EOF) {
      EXPECT_EQ(token.start, sql.size()) << name;
      continue;
    }
    ASSERT_EQ(sql.substr(token.start, token.stop - token.start + 1), token.text)
        << name << ": " << token;
    std::string_view before = sql.substr(0, token.start);
    size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
    ASSERT_EQ(token.line, 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n')))
        << name;
    ASSERT_EQ(token.column, token.start - line_start) << name;
  }
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) result.push_back(line);
  return result;
}

// The SQL of every `statement` and `query` record of a sqllogictest file.
std::vector<std::string> sqllogictestStatements(const std::string& text) {
  std::vector<std::string> statements;
  std::vector<std::string> all = lines(text);
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].rfind("statement ", 0) != 0 && all[i].rfind("query ", 0) != 0) continue;
    std::string sql;
    for (++i; i < all.size() && !all[i].empty() && all[i] != "----"; ++i) sql += all[i] + "\n";
    if (!sql.empty()) statements.push_back(sql);
  }
  return statements;
}

// The sections of a grammar test file: a line starting with "-- @@" starts one.
std::vector<std::string> grammarSections(const std::string& text) {
  std::vector<std::string> sections(1);
  for (const std::string& line : lines(text)) {
    if (line.rfind("-- @@", 0) == 0) sections.emplace_back();
    sections.back() += line + "\n";
  }
  return sections;
}

std::string sharedDir() { return PLANCK_SHARED_DIR; }
std::string sourceDir() { return PLANCK_SOURCE_DIR; }

const std::vector<std::string>& trickyInputs() {
  static const std::vector<std::string> inputs = {
      // Every operator and punctuation, alone and run together.
      "; ( ) , . = == <=> <> != < <= > >= << >> => + - * / % ~ & | || ^ /*+ */",
      ";(),.===<=><>!=<<=>>=<<>>=>+-*/%~&|||^",
      "a<=>b<=c<>d!=e==f=>g<<h>>i||j|k",
      "<=>=",
      "<<=",
      ">>=",
      "=>>",
      "===",
      "!==",
      "|||",
      "<==>",
      "<>=",
      "***/",
      "*/*",
      "*//",
      "a*/b",
      "1*/2",
      // Keywords in mixed case, keyword prefixes and suffixes.
      "SeLeCt a FrOm t WhErE x iS nOt NuLl",
      "select selectx xselect select_ _select select1",
      "current_date current_timestamp CURRENT_DATEx current_ current",
      "minus MINUS Minus setminus",
      "null_ true_ false_ NULL TRUE False",
      "Inner Join Left Outer Join Semi Anti Cross Natural",
      // Numbers and identifiers that overlap.
      "10MB",
      "1.",
      ".5",
      "1e-3",
      "1.5E+2",
      "x1e3",
      "1ea",
      "1e3",
      "1E3",
      "1e",
      "1e+",
      "1e-",
      "1e+x",
      "1.e5",
      "1.e",
      "1.ea",
      ".e5",
      ".5e",
      ".5e3",
      ".5E-3x",
      "1.5e2x",
      "1e3.5",
      "1.2.3",
      "1..2",
      "...",
      "1_000",
      "_1",
      "123abc",
      "123abc.5",
      "t.1col",
      "t1.c",
      "a.b.c",
      "1.c",
      "0x1F",
      "00",
      "1e3e4",
      "1e33a",
      "9.9e9.9",
      "12345678901234567890123456789",
      "1 . 5",
      "1e 3",
      "- 1",
      "-1",
      "+1.5",
      "1-1",
      "1+-2",
      // Hints and comments.
      "/*+ BROADCAST(t) */",
      "SELECT /*+ BROADCAST(t), MERGE(a, b) */ a FROM t",
      "/**/",
      "/* c */",
      "-- c",
      "/***/",
      "/****/",
      "/*/ */",
      "/*/",
      "/*",
      "/*+",
      "/*+*/",
      "/**",
      "/**/*/",
      "/**/ a */",
      "/**/ a * /",
      "/* a */ b */",
      "/* a /* b */ c */",
      "/*\n*/x",
      "/* a\n b */ c",
      "--",
      "---",
      "-- c\nx",
      "-- c\r\nx",
      "-- c\rx",
      "a--b",
      "a/*b*/c",
      "a/b",
      "/ *",
      "1 /* never closed",
      "SELECT /*+ */ a FROM t",
      "/**/ SELECT 1 /* x */ , 2",
      "/*+ a */ /**/ /*+ b */",
      "SELECT /**/ b, /***/ c",
      "/**/x/**/",
      "/*a*//*b*/c",
      // Strings, quoted identifiers and blobs.
      "'it''s'",
      "'abc",
      "'",
      "''",
      "''''",
      "'''",
      "'a''",
      "'a'''",
      "'a''b",
      "'a' 'b'",
      "'multi\nline'",
      "`a``b`",
      "`",
      "``",
      "````",
      "`a",
      "`a``",
      "\"a\"\"b\"",
      "\"",
      "\"\"",
      "\"a",
      "\"a\"\"",
      "\"a\nb\"",
      "X'0F'",
      "x'0f'",
      "X'",
      "X'0F",
      "X''",
      "X'a''b'",
      "XX'0F'",
      "aX'0F'",
      "X 'a'",
      "X'\n'",
      "x'0F'x",
      // Unknown characters.
      "!",
      "$",
      "#",
      "@",
      "?",
      ":",
      "\\",
      "[",
      "]",
      "{",
      "}",
      "a ! b",
      "a $ b",
      "a#b",
      "\x7f",
      std::string("a\0b", 3),
      std::string("\0", 1),
      std::string("'\0'", 3),
      "\x01\x02",
      "\v\f\t\r\n",
      // Unicode identifiers and characters outside LETTER (U+10000 and up).
      "SELECT 日本語 FROM tëst",
      "café",
      "é1",
      "1é",
      "\xC3\xA9\xC3\xA9",
      "x\xF0\x9F\x98\x80y",
      "\xF0\x9F\x98\x80",
      "'\xF0\x9F\x98\x80'",
      "/* \xF0\x9F\x98\x80 */ a",
      "\xEF\xBB\xBF"
      "SELECT 1",
      "\xEF\xBF\xBF",
      "é'a'",
      "`é`",
      "-- é\nx",
      "\xED\xA0\x80"
      "a",
      // A byte order mark at the start is dropped (by ANTLR's UTF-8 decoding), elsewhere a letter.
      "\xEF\xBB\xBF",
      "\xEF\xBB\xBF\xEF\xBB\xBF"
      "a",
      "a\xEF\xBB\xBF"
      "b",
      "\xEF\xBB\xBF/* c */ SELECT 1",
      // Whole statements with everything at once.
      "SET spark.sql.shuffle.partitions = 10 -- c\n;",
      "SET a.b = 'x' /* y */ z;",
      "CREATE VIEW v AS SELECT 1 AS `a``b`, \"c\"\"d\" FROM t;\nSELECT * FROM v",
      "select a,b from t where a<>b and c!=d or e<=>f",
      "SELECT CAST('1995-01-01' AS date) + INTERVAL '1' YEAR, x'0F', 1.5e-3, .5, 10MB FROM t\r\n",
      "",
      " ",
      "\n",
      "\n\n  \n",
      "a\n\n\nb",
      "\r\n\r\nx",
  };
  return inputs;
}

// Every keyword and symbolic token name of the vocabulary, as written and in mixed case, so
// that each keyword rule is checked whatever its name.
std::vector<std::string> keywordInputs() {
  std::vector<std::string> inputs;
  for (size_t type = 1; type <= vocabulary().getMaxTokenType(); ++type) {
    std::string name = vocabulary().getSymbolicName(type);
    std::string mixed = name;
    for (size_t i = 0; i < mixed.size(); i += 2)
      mixed[i] = static_cast<char>(std::tolower(mixed[i]));
    std::string bare = name;
    while (!bare.empty() && bare.back() == '_') bare.pop_back();
    inputs.push_back(name + " " + mixed + " " + bare + " " + bare + "x x" + bare + " " + bare +
                     "_ " + bare + "1");
  }
  return inputs;
}

// Deterministic random inputs glued from pieces that start, end or extend tokens.
std::vector<std::string> generatedInputs(size_t count, bool non_ascii) {
  std::vector<std::string> pieces = {
      " ",     "\n",   "\r\n",     "\t",   "'",     "''",
      "\"",    "`",    "x",        "X'",   "X'0F'", "/*",
      "*/",    "/*+",  "/**/",     "*",    "/",     "--",
      "-",     "+",    ".",        "..",   "1",     "0",
      "9",     "e",    "E",        "1e",   ".5",    "5.",
      "e-",    "e+",   "a",        "_",    "MB",    "select",
      "Minus", "null", "current_", "date", "<",     ">",
      "=",     "!",    "|",        "&",    "^",     "~",
      "%",     ";",    ",",        "(",    ")",     "#",
      "$",     "\\",   "?",        "@",    "\x7f",  std::string(1, '\0'),
      "\v",    "\f"};
  if (non_ascii) {
    for (const char* piece :
         {"é", "ü", "日本", "\xF0\x9F\x98\x80", "\xEF\xBB\xBF", "\xEF\xBF\xBF"}) {
      pieces.push_back(piece);
    }
  }
  std::mt19937 random(non_ascii ? 20240601 : 19700101);
  std::vector<std::string> inputs;
  for (size_t i = 0; i < count; ++i) {
    size_t length = 1 + random() % 14;
    std::string input;
    for (size_t j = 0; j < length; ++j) input += pieces[random() % pieces.size()];
    inputs.push_back(input);
  }
  return inputs;
}

std::vector<std::string> tpchQueries() {
  std::vector<std::string> inputs;
  for (const auto& entry : std::filesystem::directory_iterator(sharedDir() + "/tpch/queries")) {
    if (entry.path().extension() == ".sql") inputs.push_back(readFile(entry.path()));
  }
  return inputs;
}

std::vector<std::string> tpchSchema() { return {readFile(sharedDir() + "/tpch/schema/dss.ddl")}; }

std::vector<std::string> sqllogictest() {
  std::vector<std::string> inputs;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(sharedDir() + "/sqllogictest")) {
    if (entry.path().extension() != ".test") continue;
    for (std::string& statement : sqllogictestStatements(readFile(entry.path())))
      inputs.push_back(statement);
  }
  return inputs;
}

std::vector<std::string> grammarTests() {
  std::vector<std::string> inputs;
  for (const char* file : {"/grammar/tests/valid.sql", "/grammar/tests/invalid.sql"}) {
    std::string text = readFile(sourceDir() + file);
    inputs.push_back(text);
    for (std::string& section : grammarSections(text)) inputs.push_back(section);
  }
  return inputs;
}

void compareAll(const std::string& source, const std::vector<std::string>& inputs, size_t minimum) {
  Comparison result;
  for (size_t i = 0; i < inputs.size(); ++i)
    compare(source + " #" + std::to_string(i), inputs[i], result);
  // A missing data folder must fail the test, not pass it with nothing compared.
  EXPECT_GE(result.inputs, minimum) << source;
  std::cout << "[ compared ] " << source << ": " << result.inputs << " inputs, " << result.tokens
            << " tokens\n";
}

TEST(SqlLexerTest, SameTokensOnTpchQueries) { compareAll("tpch queries", tpchQueries(), 22); }

TEST(SqlLexerTest, SameTokensOnTpchSchema) { compareAll("tpch dss.ddl", tpchSchema(), 1); }

TEST(SqlLexerTest, SameTokensOnSqllogictest) { compareAll("sqllogictest", sqllogictest(), 1000); }

TEST(SqlLexerTest, SameTokensOnGrammarTests) { compareAll("grammar tests", grammarTests(), 50); }

TEST(SqlLexerTest, SameTokensOnTrickyInputs) { compareAll("tricky inputs", trickyInputs(), 150); }

TEST(SqlLexerTest, SameTokensOnEveryKeyword) { compareAll("keywords", keywordInputs(), 150); }

TEST(SqlLexerTest, SameTokensOnGeneratedInputs) {
  compareAll("generated ascii", generatedInputs(30000, false), 30000);
  compareAll("generated non-ascii", generatedInputs(10000, true), 10000);
}

// Every token type of the vocabulary comes out of the inputs compared above at least once, so
// a new lexer rule fails here until SqlLexer and the inputs know it. (SqlLexer alone lexes
// them here; the tests above show that its tokens are SqlBaseLexer's.)
TEST(SqlLexerTest, ComparedInputsCoverEveryTokenType) {
  std::set<size_t> seen;
  size_t inputs = 0, tokens = 0;
  for (const std::vector<std::string>& corpus :
       {tpchQueries(), tpchSchema(), sqllogictest(), grammarTests(), trickyInputs(),
        keywordInputs(), generatedInputs(30000, false), generatedInputs(10000, true)}) {
    for (const std::string& sql : corpus) {
      ++inputs;
      for (const TokenFields& token : sqlLexerTokens(sql)) {
        ++tokens;
        seen.insert(token.type);
      }
    }
  }
  std::cout << "[ compared ] total: " << inputs << " inputs, " << tokens << " tokens\n";
  for (size_t type = 1; type <= vocabulary().getMaxTokenType(); ++type) {
    if (type == SqlBaseLexer::WS || type == SqlBaseLexer::SIMPLE_COMMENT ||
        type == SqlBaseLexer::BRACKETED_COMMENT) {
      continue;  // skipped, never emitted
    }
    EXPECT_TRUE(seen.count(type)) << vocabulary().getSymbolicName(type);
  }
}

TEST(SqlLexerTest, PlainCommonTokenStreamReadsTheSameTokens) {
  for (const std::string& sql : trickyInputs()) {
    SqlLexer lexer(sql);
    antlr4::CommonTokenStream stream(&lexer);
    EXPECT_EQ(drain(stream), sqlLexerTokens(sql)) << sql;
  }
}

TEST(SqlLexerTest, KeywordTableComesFromTheLexerRules) {
  EXPECT_EQ(SqlLexer::keywordType("SeLeCt"), SqlBaseLexer::SELECT);
  EXPECT_EQ(SqlLexer::keywordType("minus"), SqlBaseLexer::SETMINUS);
  EXPECT_EQ(SqlLexer::keywordType("NULL"), SqlBaseLexer::NULL_);
  EXPECT_EQ(SqlLexer::keywordType("true"), SqlBaseLexer::TRUE_);
  EXPECT_EQ(SqlLexer::keywordType("Current_Timestamp"), SqlBaseLexer::CURRENT_TIMESTAMP);
  EXPECT_EQ(SqlLexer::keywordType("setminus"), 0u);
  EXPECT_EQ(SqlLexer::keywordType("null_"), 0u);
  EXPECT_EQ(SqlLexer::keywordType("selectx"), 0u);
  EXPECT_EQ(SqlLexer::keywordType("x"), 0u);
  EXPECT_EQ(SqlLexer::keywordType(""), 0u);
}

// Every syntax error the ANTLR parser reports, with its position and offending token.
class RecordingErrorListener : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer*, antlr4::Token* token, size_t line, size_t column,
                   const std::string& message, std::exception_ptr) override {
    std::ostringstream out;
    out << line << ":" << column << " " << message;
    if (token != nullptr) {
      out << " at '" << token->getText() << "' [" << static_cast<ptrdiff_t>(token->getStartIndex())
          << "," << static_cast<ptrdiff_t>(token->getStopIndex()) << "]";
    }
    errors.push_back(out.str());
  }
  std::vector<std::string> errors;
};

// The parse tree and the errors of full-LL parsing with error recovery, which conjures tokens
// through the token source's factory.
std::string parseWith(antlr4::CommonTokenStream& tokens) {
  SqlBaseParser parser(&tokens);
  parser.removeErrorListeners();
  RecordingErrorListener errors;
  parser.addErrorListener(&errors);
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::LL);
  std::string result = parser.multipleStatements()->toStringTree(&parser);
  for (const std::string& error : errors.errors) result += "\n" + error;
  return result;
}

TEST(SqlLexerTest, ParserReportsTheSameErrorsAndTrees) {
  std::vector<std::string> inputs = trickyInputs();
  for (const char* file : {"/grammar/tests/valid.sql", "/grammar/tests/invalid.sql"}) {
    for (std::string& section : grammarSections(readFile(sourceDir() + file)))
      inputs.push_back(section);
  }
  for (std::string& input : generatedInputs(2000, false)) inputs.push_back(input);
  // Errors that ANTLR recovers from by conjuring the missing token.
  for (const char* input : {"SELECT CAST(a INT) FROM t", "SELECT a FROM t ORDER a",
                            "SELECT CASE WHEN a 1 END", "INSERT t VALUES (1)"}) {
    inputs.push_back(input);
  }
  size_t with_errors = 0, with_missing_tokens = 0;
  for (const std::string& sql : inputs) {
    if (!isAscii(sql)) continue;
    antlr4::ANTLRInputStream input(sql);
    SqlBaseLexer generated(&input);
    generated.removeErrorListeners();
    antlr4::CommonTokenStream generated_tokens(&generated);
    SqlLexer hand_written(sql);
    SqlTokenStream hand_written_tokens(hand_written);
    std::string expected = parseWith(generated_tokens);
    ASSERT_EQ(parseWith(hand_written_tokens), expected) << sql;
    with_errors += expected.find('\n') != std::string::npos;
    // Recovery by conjuring the missing token goes through SqlLexer's token factory.
    with_missing_tokens += expected.find(" missing ") != std::string::npos;
  }
  EXPECT_GT(with_errors, 100u);
  EXPECT_GE(with_missing_tokens, 4u);
}

TEST(SqlLexerTest, InvalidUtf8GivesTokensNotExceptions) {
  const std::vector<std::string> inputs = {"SELECT '\xff' FROM t",
                                           "SELECT \xff\xfe FROM t",
                                           "\xf0\x9f\x98x",
                                           "\xc0\xaf",
                                           "\xf4\x90\x80\x80",
                                           "\xf8\x88\x80\x80\x80",
                                           "\x80",
                                           "SELECT 1 -- \xff",
                                           "SELECT `\xff` FROM t",
                                           "/* \xff */ SELECT 1",
                                           "x'\xff'",
                                           "\xff"
                                           "SELECT",
                                           "\xEF\xBB\xBF\xff"};
  for (const std::string& sql : inputs) {
    // ANTLR's input stream cannot even hold this text.
    EXPECT_THROW(antlr4::ANTLRInputStream(sql.data(), sql.size()), std::range_error) << sql;
    std::vector<TokenFields> tokens = sqlLexerTokens(sql);
    ASSERT_FALSE(tokens.empty());
    EXPECT_EQ(tokens.back().type, antlr4::Token::EOF);
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      EXPECT_EQ(sql.substr(tokens[i].start, tokens[i].stop - tokens[i].start + 1), tokens[i].text);
    }
    // The parser answers with a statement or a syntax error.
    (void)parseScript(sql);
  }
  // Invalid bytes are letters, as ANTLR's [\u0080-\uFFFF] would have them.
  std::vector<TokenFields> tokens = sqlLexerTokens("SELECT \xff\xfe FROM t");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[1].type, SqlBaseLexer::IDENTIFIER);
  EXPECT_EQ(tokens[1].text, "\xff\xfe");
  // So is a sequence cut short by the end of the text, which ANTLR's input stream drops
  // without a word (`a\xc3` would lex as `a`).
  tokens = sqlLexerTokens("SELECT a\xc3");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].text, "a\xc3");
}

// Unclosed "/*" (a SLASH and an ASTERISK each) and unclosed quotes must not make lexing
// quadratic: 100,000 of them would take minutes then, here milliseconds.
TEST(SqlLexerTest, UnclosedCommentsAndQuotesLexInLinearTime) {
  std::string sql;
  for (int i = 0; i < 100000; ++i) sql += "/* ";
  sql += "'a \"b `c";
  auto started = std::chrono::steady_clock::now();
  std::vector<TokenFields> tokens = sqlLexerTokens(sql);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_EQ(tokens.size(), 200000u + 7u);
}

// A bracketed comment ends at the first "*/": "/**/" is a whole comment and does not swallow
// the text up to a later "*/" (both lexers; the differential tests check they agree).
TEST(SqlLexerTest, EmptyCommentsEndAtTheirOwnClose) {
  for (auto tokens :
       {sqlLexerTokens("SELECT /**/ b, /***/ c"), antlrTokens("SELECT /**/ b, /***/ c")}) {
    std::vector<std::string> texts;
    for (const TokenFields& token : tokens) texts.push_back(token.text);
    EXPECT_EQ(texts, (std::vector<std::string>{"SELECT", "b", ",", "c", "<EOF>"}));
  }
}

TEST(SqlLexerTest, ErrorPositionsAreBytePositions) {
  // ASCII: the column and offset ANTLR's lexer gave.
  auto status = parseScript("SELECT a,\n  b # c FROM t").status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(errorOrigin(status), (Origin{2, 5, 14}));
  // After non-ASCII text, byte positions: the offset indexes the SQL string.
  std::string sql = "SELECT 'é' # x";
  status = parseScript(sql).status();
  ASSERT_FALSE(status.ok());
  Origin where = errorOrigin(status);
  EXPECT_EQ(where.offset, 12);
  EXPECT_EQ(where.column, 13);
  EXPECT_EQ(sql.substr(static_cast<size_t>(where.offset), 1), "#");
}

TEST(SqlLexerTest, SourceTextOfStatementsIsTheirBytes) {
  auto statements = parseScript("SET a.b = 'é' /* c */ x ;\nSELECT 'ü' AS `é` FROM t");
  ASSERT_TRUE(statements.ok()) << statements.status();
  ASSERT_EQ(statements->size(), 2u);
  const auto* set = (*statements)[0]->as<SetStatement>();
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->value, "'é' /* c */ x");
  EXPECT_EQ((*statements)[1]->text, "SELECT 'ü' AS `é` FROM t");
}

}  // namespace
}  // namespace planck
