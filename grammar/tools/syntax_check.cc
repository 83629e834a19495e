// planck_syntax_check: parses SQL with the generated SqlBase parser and reports syntax errors.
//
// A development tool for the grammar, not part of the library. It uses the two-stage strategy
// that parser/ uses: SLL prediction with a bail-out error strategy first (fast, and enough for
// almost every input), then, only if that fails, full LL prediction with error reporting. A
// failure in SLL that LL accepts is counted as an "LL fallback": it costs a second parse, so the
// grammar should avoid it on common queries.
//
//   planck_syntax_check [--split] [--single] [--bench=N] [--diagnostics] [--quiet]
//                       [--expect-errors] [--no-ll-fallback] [--tree] [file ...]
//
//   (no files)      read one script from stdin
//   --split         a line starting with "-- @@" starts a new input; the rest of that line
//                   names it in messages (used by check_corpus.sh)
//   --single        parse with singleStatement instead of multipleStatements
//   --bench=N       after one warm-up run, lex and parse every input N times and print the
//                   mean time per input: lexing alone, and lexing + parsing (SLL path)
//   --diagnostics   also parse with full LL and exact ambiguity detection; print every
//                   ambiguity (and count the decisions where SLL had to retry with full context)
//   --quiet         print only errors and the summary
//   --expect-errors every input must fail (negative tests); errors are not printed
//   --no-ll-fallback  an input that needs the LL fallback counts as a failure
//   --tree          print the parse tree of every input (LISP style)
//
// Exit status: 0 if every input met the expectation, 1 otherwise, 2 on bad usage.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "SqlBaseLexer.h"
#include "SqlBaseParser.h"
#include "antlr4-runtime.h"

namespace {

using planck::sqlgen::SqlBaseLexer;
using planck::sqlgen::SqlBaseParser;

// One unit of SQL text to parse, with a name and the line it starts on in its file.
struct Input {
  std::string name;
  size_t first_line = 1;
  std::string text;
};

// Collects syntax errors (and, in diagnostics mode, ambiguity reports) as text.
class CollectingErrorListener : public antlr4::BaseErrorListener {
 public:
  explicit CollectingErrorListener(const Input& input) : input_(input) {}

  void syntaxError(antlr4::Recognizer* /*recognizer*/, antlr4::Token* /*offending_symbol*/,
                   size_t line, size_t column, const std::string& msg,
                   std::exception_ptr /*e*/) override {
    std::ostringstream out;
    out << input_.name << ":" << (input_.first_line + line - 1) << ":" << (column + 1) << ": ";
    // DiagnosticErrorListener reports through the same channel.
    if (msg.rfind("reportAmbiguity", 0) == 0) {
      out << "ambiguity: " << msg;
      ambiguities.push_back(out.str());
    } else if (msg.rfind("reportAttemptingFullContext", 0) == 0 ||
               msg.rfind("reportContextSensitivity", 0) == 0) {
      ++full_context_attempts;
    } else {
      out << "syntax error: " << msg;
      errors.push_back(out.str());
    }
  }

  std::vector<std::string> errors;
  std::vector<std::string> ambiguities;
  size_t full_context_attempts = 0;

 private:
  const Input& input_;
};

// The outcome of parsing one input.
struct ParseResult {
  bool ok = false;
  bool needed_ll = false;
  std::vector<std::string> errors;
  std::vector<std::string> ambiguities;
  size_t full_context_attempts = 0;
  std::string tree;
};

antlr4::ParserRuleContext* RunEntryRule(SqlBaseParser& parser, bool single) {
  if (single) return parser.singleStatement();
  return parser.multipleStatements();
}

// Parses `input` with SLL first and falls back to LL with error reporting.
ParseResult Parse(const Input& input, bool single, bool diagnostics, bool print_tree) {
  ParseResult result;
  CollectingErrorListener listener(input);

  // ANTLRInputStream decodes UTF-8 and throws std::range_error on invalid input.
  antlr4::ANTLRInputStream chars;
  try {
    chars.load(input.text);
  } catch (const std::exception& e) {
    result.errors.push_back(input.name + ": invalid UTF-8 input (" + e.what() + ")");
    return result;
  }
  SqlBaseLexer lexer(&chars);
  lexer.removeErrorListeners();
  lexer.addErrorListener(&listener);
  antlr4::CommonTokenStream tokens(&lexer);
  SqlBaseParser parser(&tokens);
  parser.removeErrorListeners();

  // Stage 1: SLL, bail out at the first error.
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  bool sll_ok = true;
  antlr4::ParserRuleContext* tree = nullptr;
  try {
    tree = RunEntryRule(parser, single);
  } catch (const antlr4::ParseCancellationException&) {
    sll_ok = false;
  } catch (const antlr4::RecognitionException&) {
    sll_ok = false;
  }

  // Stage 2: full LL with the default (recovering) strategy and error reporting.
  if (!sll_ok || diagnostics) {
    tokens.seek(0);
    parser.reset();
    parser.addErrorListener(&listener);
    parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    antlr4::DiagnosticErrorListener diagnostic_listener(/*exactOnly=*/true);
    if (diagnostics) {
      parser.addErrorListener(&diagnostic_listener);
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::LL_EXACT_AMBIG_DETECTION);
    } else {
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::LL);
    }
    tree = RunEntryRule(parser, single);
    parser.removeErrorListeners();
  }
  if (print_tree && tree != nullptr) result.tree = tree->toStringTree(&parser);

  result.errors = std::move(listener.errors);
  result.ambiguities = std::move(listener.ambiguities);
  result.full_context_attempts = listener.full_context_attempts;
  result.ok = result.errors.empty();
  result.needed_ll = !sll_ok;
  return result;
}

// Mean times of one input, in microseconds, once the DFA caches are warm.
struct Timing {
  double lex_us = 0;    // lexing alone (all tokens)
  double total_us = 0;  // lexing and parsing on the SLL path, as parser/ does for valid input
  size_t tokens = 0;    // tokens on the default channel, EOF included
};

Timing MeasureParse(const Input& input, bool single, int iterations) {
  Timing timing;
  auto lex_once = [&]() {
    antlr4::ANTLRInputStream chars(input.text);
    SqlBaseLexer lexer(&chars);
    lexer.removeErrorListeners();
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    timing.tokens = tokens.size();
  };
  auto parse_once = [&]() {
    antlr4::ANTLRInputStream chars(input.text);
    SqlBaseLexer lexer(&chars);
    lexer.removeErrorListeners();
    antlr4::CommonTokenStream tokens(&lexer);
    SqlBaseParser parser(&tokens);
    parser.removeErrorListeners();
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    RunEntryRule(parser, single);
  };
  auto mean_micros = [&](auto&& run) {
    run();  // warm-up: fills the shared DFA caches
    auto begin = std::chrono::steady_clock::now();
    for (int i = 0; i < iterations; ++i) run();
    auto end = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::micro>(end - begin).count() / iterations;
  };
  timing.lex_us = mean_micros(lex_once);
  timing.total_us = mean_micros(parse_once);
  return timing;
}

std::string ReadAll(std::istream& in) {
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Splits `text` at lines that start with "-- @@"; each marker names the input that follows.
// Text before the first marker (a header comment) is ignored; a file without markers is one
// input.
void SplitInputs(const std::string& file_name, const std::string& text,
                 std::vector<Input>& inputs) {
  std::istringstream lines(text);
  std::string line;
  size_t line_no = 0;
  bool seen_marker = false;
  Input preamble{file_name, 1, ""};
  while (std::getline(lines, line)) {
    ++line_no;
    if (line.rfind("-- @@", 0) == 0) {
      seen_marker = true;
      std::string name = line.substr(5);
      size_t start = name.find_first_not_of(' ');
      name = start == std::string::npos ? file_name + ":" + std::to_string(line_no)
                                        : name.substr(start);
      inputs.push_back(Input{std::move(name), 1, ""});
      continue;
    }
    Input& current = seen_marker ? inputs.back() : preamble;
    current.text += line;
    current.text += '\n';
  }
  if (!seen_marker) inputs.push_back(std::move(preamble));
}

}  // namespace

int main(int argc, char** argv) {
  bool split = false;
  bool single = false;
  bool diagnostics = false;
  bool quiet = false;
  bool expect_errors = false;
  bool no_ll_fallback = false;
  bool print_tree = false;
  int bench_iterations = 0;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--split") {
      split = true;
    } else if (arg == "--single") {
      single = true;
    } else if (arg == "--diagnostics") {
      diagnostics = true;
    } else if (arg == "--quiet") {
      quiet = true;
    } else if (arg == "--expect-errors") {
      expect_errors = true;
    } else if (arg == "--no-ll-fallback") {
      no_ll_fallback = true;
    } else if (arg == "--tree") {
      print_tree = true;
    } else if (arg.rfind("--bench=", 0) == 0) {
      bench_iterations = std::atoi(arg.c_str() + 8);
      if (bench_iterations <= 0) {
        std::cerr << "bad --bench value: " << arg << "\n";
        return 2;
      }
    } else if (arg == "-h" || arg == "--help") {
      std::cout << "usage: planck_syntax_check [--split] [--single] [--bench=N] [--diagnostics] "
                   "[--quiet] [--expect-errors] [--no-ll-fallback] [--tree] [file ...]\n";
      return 0;
    } else if (arg.rfind("--", 0) == 0) {
      std::cerr << "unknown option: " << arg << "\n";
      return 2;
    } else {
      files.push_back(arg);
    }
  }

  std::vector<Input> inputs;
  auto add_text = [&](const std::string& name, const std::string& text) {
    if (split) {
      SplitInputs(name, text, inputs);
    } else {
      inputs.push_back(Input{name, 1, text});
    }
  };
  if (files.empty()) add_text("<stdin>", ReadAll(std::cin));
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << file << ": cannot open\n";
      return 2;
    }
    add_text(file, ReadAll(in));
  }

  size_t failed = 0;
  size_t unexpected = 0;
  size_t ll_fallbacks = 0;
  size_t ambiguities = 0;
  size_t full_context_attempts = 0;
  size_t bench_inputs = 0;
  double bench_total_us = 0;
  double bench_lex_us = 0;
  for (const Input& input : inputs) {
    ParseResult result = Parse(input, single, diagnostics, print_tree);
    if (print_tree && result.ok) std::cout << input.name << ": " << result.tree << "\n";
    if (!result.ok) ++failed;
    if (result.ok && result.needed_ll) {
      ++ll_fallbacks;
      if (no_ll_fallback || !quiet) std::cout << input.name << ": note: needed the LL fallback\n";
    }
    bool as_expected = expect_errors ? !result.ok : result.ok;
    if (as_expected && no_ll_fallback && result.needed_ll) as_expected = false;
    if (!as_expected) ++unexpected;
    if (expect_errors) {
      if (result.ok) std::cout << input.name << ": parsed, but a syntax error was expected\n";
    } else {
      for (const std::string& error : result.errors) std::cout << error << "\n";
    }
    for (const std::string& ambiguity : result.ambiguities) std::cout << ambiguity << "\n";
    ambiguities += result.ambiguities.size();
    full_context_attempts += result.full_context_attempts;
    if (bench_iterations > 0 && result.ok) {
      Timing timing = MeasureParse(input, single, bench_iterations);
      std::printf("%-44s %5zu tokens  lex %7.1f us  lex+parse %7.1f us\n", input.name.c_str(),
                  timing.tokens, timing.lex_us, timing.total_us);
      bench_total_us += timing.total_us;
      bench_lex_us += timing.lex_us;
      ++bench_inputs;
    }
  }
  if (bench_inputs > 0) {
    std::printf("mean over %zu inputs: lex %.1f us, lex+parse %.1f us\n", bench_inputs,
                bench_lex_us / bench_inputs, bench_total_us / bench_inputs);
  }
  std::printf("inputs: %zu  ok: %zu  failed: %zu  ll_fallbacks: %zu", inputs.size(),
              inputs.size() - failed, failed, ll_fallbacks);
  if (diagnostics) {
    std::printf("  ambiguities: %zu  full_context_attempts: %zu", ambiguities,
                full_context_attempts);
  }
  std::printf("\n");
  return unexpected == 0 ? 0 : 1;
}
