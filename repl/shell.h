// Shell: the `planck` shell's logic without the terminal: it takes input lines, runs complete
// statements and dot-commands, and writes results and errors to streams. main.cc feeds it
// from readline, a file, stdin or -c.
#pragma once

#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "repl/result_render.h"
#include "session/session.h"

namespace planck {

class Shell {
 public:
  Shell(Session& session, std::ostream& out, std::ostream& err);

  // Adds one input line. Runs what is complete: a dot-command (only at the start of a
  // statement) or every statement up to the last ';'. Returns false after .quit.
  bool feedLine(std::string_view line);
  // Runs whatever is buffered, as if it ended with ';' (end of input).
  void finish();
  // Runs `sql` as a whole (the -c option).
  void runSql(std::string_view sql);

  // True while a statement is incomplete (the prompt shows a continuation).
  bool pending() const { return !buffer_.empty(); }
  // Number of statements or commands that failed so far.
  int errorCount() const { return errors_; }

  // Completion candidates for the word `prefix`: keywords, table and column names.
  std::vector<std::string> completions(std::string_view prefix) const;

  // Writes a result table as a box, with a row count.
  static void printTable(const ResultTable& table, std::ostream& out);

  // Draws the session's progress (COPY, CALL dbgen) as a bar on the error stream; main.cc
  // turns it on when stderr is a terminal.
  void showProgressBars();

  // Stops the running statement (a query ends with "query cancelled"); the shell goes on with
  // the next one. Async-signal-safe: main.cc calls it from its SIGINT handler (Ctrl-C).
  void cancel() { cancellation_.cancel(); }

 private:
  bool dotCommand(std::string_view line);
  void printTimes(const PhaseTimes& times);
  // .mode, .output and .import.
  void modeCommand(const std::vector<std::string>& words);
  void outputCommand(const std::vector<std::string>& words);
  void importCommand(const std::vector<std::string>& words);
  // Where results go: the output stream, or the file of .output.
  std::ostream& results() { return file_out_.is_open() ? file_out_ : out_; }
  // .graph, .diff and .trace (plan graphs, diffs and the HTML rule trace); `rest` is the line
  // after the command word.
  void graphCommand(std::string_view rest);
  void diffCommand(std::string_view rest);
  void traceCommand(std::string_view rest);
  // .aqe [json]: the re-planning timeline of the last query; `.diff aqe [> FILE]`: its initial
  // and final physical plans compared.
  void aqeCommand(const std::vector<std::string>& words);
  void aqeDiffCommand(const std::string& file);
  // The last query's adaptive run, or null after printing why there is none.
  const AdaptiveRun* lastAdaptiveRun();
  // Writes `dot` to `file` (rendered by extension) and says where; an error when dot is missing.
  void writeGraphFile(const std::string& dot, const std::string& file);
  // Reports a failed command: counts it and prints `message` on the error stream.
  void fail(const std::string& message);

  Session& session_;
  Cancellation cancellation_;  // reset before each statement
  std::ostream& out_;
  std::ostream& err_;
  std::string buffer_;
  bool timer_ = false;
  OutputMode mode_ = OutputMode::kBox;
  std::ofstream file_out_;
  int errors_ = 0;
  // The last query the shell ran (a query or EXPLAIN ANALYZE), for .aqe and `.diff aqe`.
  struct LastQuery {
    bool failed = false;
    bool adaptive_enabled = false;                    // spark.sql.adaptive.enabled when it ran
    std::shared_ptr<const AdaptiveRun> adaptive_run;  // null when it did not run adaptively
  };
  std::optional<LastQuery> last_query_;
};

// The byte offset just past the last top-level ';' of `text` (ignoring ';' inside quotes and
// comments), or 0 when there is none.
size_t completeStatementsEnd(std::string_view text);

}  // namespace planck
