// planck: the interactive shell. `planck` (interactive, readline), `planck FILE`,
// `planck -c "SQL"`, or SQL on stdin. Non-interactive runs print no prompts and exit with
// status 1 when any statement failed.
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <csignal>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "repl/shell.h"

namespace {

planck::Shell* active_shell = nullptr;

char* completionGenerator(const char* text, int state) {
  static std::vector<std::string> matches;
  static size_t next = 0;
  if (state == 0) {
    matches = active_shell->completions(text);
    next = 0;
  }
  if (next >= matches.size()) return nullptr;
  return strdup(matches[next++].c_str());
}

char** complete(const char* text, int, int) {
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, completionGenerator);
}

std::string historyPath() {
  if (const char* path = std::getenv("PLANCK_HISTORY")) return path;
  if (const char* home = std::getenv("HOME")) return std::string(home) + "/.planck_history";
  return "";
}

int usage() {
  std::cerr << "usage: planck [--tpch[=DIR|SF]] [-c SQL] [FILE]\n"
               "  --tpch[=DIR|SF] load TPC-H first: DIR's .tbl files, or CALL dbgen(sf = SF)\n"
               "  (no arguments)  interactive shell on the built-in TPC-H schema\n"
               "  -c SQL          run SQL and exit\n"
               "  FILE            run the statements in FILE and exit ('-' reads stdin)\n";
  return 2;
}

// Ctrl-C while a statement runs cancels it (the shell goes on); at the prompt, readline's own
// handling clears the line.
void onInterrupt(int) {
  if (active_shell != nullptr) active_shell->cancel();
}

void cancelOnInterrupt() {
  struct sigaction action {};
  action.sa_handler = onInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
}

int runInteractive(planck::Shell& shell) {
  active_shell = &shell;
  cancelOnInterrupt();
  rl_attempted_completion_function = complete;
  std::string history = historyPath();
  // append_history only appends to an existing file: create it on first use.
  if (!history.empty() && read_history(history.c_str()) != 0) write_history(history.c_str());
  std::cout << "planck: a Catalyst-style SQL optimizer. Type .help for help, .quit to leave.\n";
  while (true) {
    char* line = readline(shell.pending() ? "   ...> " : "planck> ");
    if (line == nullptr) break;  // Ctrl-D
    std::string text(line);
    free(line);
    if (!text.empty()) {
      add_history(text.c_str());
      if (!history.empty()) append_history(1, history.c_str());
    }
    if (!shell.feedLine(text)) break;
  }
  shell.finish();
  std::cout << "\n";
  return 0;
}

int runStream(planck::Shell& shell, std::istream& in) {
  std::string line;
  while (std::getline(in, line)) {
    if (!shell.feedLine(line)) break;
  }
  shell.finish();
  return shell.errorCount() == 0 ? 0 : 1;
}

}  // namespace

// --tpch[=DIR|SF]: loads TPC-H before the shell starts: the .tbl files of DIR, or CALL
// dbgen(sf = SF). Without a value: ../shared/tpch/sf0.01 when it is there, else dbgen at 0.01.
bool loadTpch(planck::Shell& shell, std::string value) {
  if (value.empty()) {
    value = std::ifstream("../shared/tpch/sf0.01/lineitem.tbl") ? "../shared/tpch/sf0.01" : "0.01";
  }
  std::string sql;
  if (std::ifstream(value + "/lineitem.tbl")) {
    for (const char* table :
         {"region", "nation", "part", "supplier", "partsupp", "customer", "orders", "lineitem"}) {
      sql += std::string("COPY ") + table + " FROM '" + value + "/" + table + ".tbl';\n";
    }
  } else if (value.find_first_not_of("0123456789.") == std::string::npos) {
    sql = "CALL dbgen(sf = " + value + ");";
  } else {
    std::cerr << "planck: --tpch takes a folder of .tbl files or a scale factor, got " << value
              << "\n";
    return false;
  }
  shell.runSql(sql);
  return shell.errorCount() == 0;
}

int main(int argc, char** argv) {
  auto session = planck::Session::withTpchSchema();
  planck::Shell shell(*session, std::cout, std::cerr);
  if (isatty(STDERR_FILENO)) shell.showProgressBars();
  if (argc >= 2 && std::strncmp(argv[1], "--tpch", 6) == 0 &&
      (argv[1][6] == '\0' || argv[1][6] == '=')) {
    if (!loadTpch(shell, argv[1][6] == '=' ? argv[1] + 7 : "")) return 1;
    --argc;
    ++argv;
  }
  if (argc == 3 && std::strcmp(argv[1], "-c") == 0) {
    shell.runSql(argv[2]);
    return shell.errorCount() == 0 ? 0 : 1;
  }
  if (argc == 2 && std::strcmp(argv[1], "-") != 0) {
    if (argv[1][0] == '-') return usage();
    std::ifstream file(argv[1]);
    if (!file) {
      std::cerr << "planck: cannot open " << argv[1] << ": " << std::strerror(errno) << "\n";
      return 2;
    }
    return runStream(shell, file);
  }
  if (argc > 2 || (argc == 2 && std::strcmp(argv[1], "-") != 0)) return usage();
  if (argc == 1 && isatty(STDIN_FILENO)) return runInteractive(shell);
  return runStream(shell, std::cin);
}
