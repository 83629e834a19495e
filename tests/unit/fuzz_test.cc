// Deterministic mutation fuzzing of the 22 TPC-H queries through parse + analyze: tokens and
// characters are deleted, inserted, duplicated and swapped with a fixed seed per query. Every
// mutant must end in a plan or in an error status with a message and a sensible position, in
// bounded time, without crashing.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "common/errors.h"
#include "common/strings.h"
#include "explain/tree_string.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace planck {
namespace {

using Clock = std::chrono::steady_clock;
using test::messageOf;

// Mutants per query: 22 x 150 = 3300 in all. PLANCK_FUZZ_ITERATIONS overrides it for a longer
// local run; the seeds stay fixed, so a longer run extends the default one.
int iterationsPerQuery() {
  if (const char* text = std::getenv("PLANCK_FUZZ_ITERATIONS")) {
    if (auto value = parseInt64(text); value && *value > 0) return static_cast<int>(*value);
  }
  return 150;
}

// Splits SQL into tokens: quoted strings and identifiers whole, words, numbers, operators and
// punctuation; whitespace is dropped (tokens are joined back with single spaces).
std::vector<std::string> tokenize(const std::string& sql) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '\'' || c == '"' || c == '`') {
      size_t end = sql.find(c, i + 1);
      end = end == std::string::npos ? sql.size() : end + 1;
      tokens.push_back(sql.substr(i, end - i));
      i = end;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.') {
      size_t end = i;
      while (end < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[end])) ||
                                  sql[end] == '_' || sql[end] == '.')) {
        ++end;
      }
      tokens.push_back(sql.substr(i, end - i));
      i = end;
    } else if ((c == '<' || c == '>' || c == '!' || c == '|') && i + 1 < sql.size() &&
               (sql[i + 1] == '=' || sql[i + 1] == '>' || sql[i + 1] == '|')) {
      tokens.push_back(sql.substr(i, 2));
      i += 2;
    } else {
      tokens.push_back(std::string(1, c));
      ++i;
    }
  }
  return tokens;
}

std::string joinTokens(const std::vector<std::string>& tokens) { return join(tokens, " "); }

// Extra tokens a mutation may insert besides those of the queries themselves.
const std::vector<std::string>& extraTokens() {
  static const std::vector<std::string> tokens = {"(",
                                                  ")",
                                                  ",",
                                                  ";",
                                                  "SELECT",
                                                  "FROM",
                                                  "WHERE",
                                                  "GROUP",
                                                  "BY",
                                                  "ORDER",
                                                  "HAVING",
                                                  "JOIN",
                                                  "LEFT",
                                                  "ON",
                                                  "USING",
                                                  "AND",
                                                  "OR",
                                                  "NOT",
                                                  "IN",
                                                  "EXISTS",
                                                  "CASE",
                                                  "WHEN",
                                                  "THEN",
                                                  "END",
                                                  "AS",
                                                  "UNION",
                                                  "ALL",
                                                  "DISTINCT",
                                                  "OVER",
                                                  "PARTITION",
                                                  "LIMIT",
                                                  "NULL",
                                                  "*",
                                                  "+",
                                                  "-",
                                                  "/",
                                                  "=",
                                                  "<>",
                                                  "'x'",
                                                  "1",
                                                  "0.5",
                                                  "DATE",
                                                  "INTERVAL",
                                                  "'1998-12-01'",
                                                  "nation",
                                                  "n_name",
                                                  "l_orderkey",
                                                  "sum",
                                                  "count",
                                                  "max",
                                                  "/*+",
                                                  "*/",
                                                  "--",
                                                  "\n",
                                                  "WITH",
                                                  "ROLLUP",
                                                  "CUBE",
                                                  "BETWEEN",
                                                  "LIKE",
                                                  "IS",
                                                  "CAST",
                                                  "EXTRACT",
                                                  "SUBSTRING",
                                                  "1e400",
                                                  "99999999999999999999"};
  return tokens;
}

class Mutator {
 public:
  Mutator(unsigned seed, const std::vector<std::string>& pool) : random_(seed), pool_(pool) {}

  std::string mutate(const std::string& sql) {
    std::string text = sql;
    int mutations = pick(1, 3);
    for (int i = 0; i < mutations; ++i) text = once(text);
    return text;
  }

 private:
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  size_t index(size_t size) { return std::uniform_int_distribution<size_t>(0, size - 1)(random_); }

  std::string once(const std::string& sql) {
    std::vector<std::string> tokens = tokenize(sql);
    if (tokens.empty()) tokens.push_back("SELECT");
    std::string text = sql.empty() ? std::string("SELECT") : sql;
    switch (pick(0, 9)) {
      case 0:  // delete a token
        tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(index(tokens.size())));
        return joinTokens(tokens);
      case 1:  // insert a token from the pool
        tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(index(tokens.size() + 1)),
                      pool_[index(pool_.size())]);
        return joinTokens(tokens);
      case 2: {  // swap two tokens
        std::swap(tokens[index(tokens.size())], tokens[index(tokens.size())]);
        return joinTokens(tokens);
      }
      case 3: {  // duplicate a run of tokens
        size_t start = index(tokens.size());
        size_t length = std::min<size_t>(tokens.size() - start, static_cast<size_t>(pick(1, 8)));
        std::vector<std::string> run(tokens.begin() + static_cast<std::ptrdiff_t>(start),
                                     tokens.begin() + static_cast<std::ptrdiff_t>(start + length));
        tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(start), run.begin(), run.end());
        return joinTokens(tokens);
      }
      case 4:  // replace a token
        tokens[index(tokens.size())] = pool_[index(pool_.size())];
        return joinTokens(tokens);
      case 5:  // delete a character
        text.erase(index(text.size()), 1);
        return text;
      case 6: {  // insert a printable character
        const std::string chars = "()',;*+-/=<>.\"`|%!~ aZ09_\n\t";
        text.insert(index(text.size() + 1), 1, chars[index(chars.size())]);
        return text;
      }
      case 7: {  // swap two characters
        std::swap(text[index(text.size())], text[index(text.size())]);
        return text;
      }
      case 8:  // truncate
        return text.substr(0, index(text.size() + 1));
      default: {  // drop a balanced-looking slice of characters
        size_t start = index(text.size());
        return text.erase(start, static_cast<size_t>(pick(1, 30)));
      }
    }
  }

  std::mt19937 random_;
  const std::vector<std::string>& pool_;
};

// Parses `sql` as a script and analyzes each query in it; the first failure, or OK.
absl::Status parseAndAnalyze(Session& session, const std::string& sql) {
  auto statements = parseScript(sql, session.parserOptions());
  if (!statements.ok()) return statements.status();
  Analyzer analyzer(session.catalog(), session.config());
  for (const StatementPtr& statement : *statements) {
    const auto* query = statement->as<QueryStatement>();
    if (query == nullptr) continue;
    auto plan = analyzer.analyze(query->plan);
    if (!plan.ok()) return plan.status();
    // The analyzed plan must render, and be resolved.
    EXPECT_FALSE(treeString(*plan).empty());
    EXPECT_TRUE((*plan)->resolved()) << sql;
  }
  return absl::OkStatus();
}

// Checks an error: a message, and a position inside the text when there is one.
void checkError(const absl::Status& status, const std::string& sql) {
  EXPECT_NE(status.code(), absl::StatusCode::kOk);
  EXPECT_FALSE(messageOf(status).empty()) << sql;
  EXPECT_NE(status.code(), absl::StatusCode::kUnknown) << status << "\n" << sql;
  EXPECT_NE(status.code(), absl::StatusCode::kInternal) << status << "\n" << sql;
  Origin origin = errorOrigin(status);
  if (!origin.known()) return;
  std::vector<std::string> lines = split(sql, '\n');
  EXPECT_LE(origin.line, static_cast<int>(lines.size()) + 1) << status << "\n" << sql;
  EXPECT_GE(origin.column, 1) << status << "\n" << sql;
  EXPECT_LE(origin.offset, static_cast<int>(sql.size())) << status << "\n" << sql;
  EXPECT_FALSE(formatError(status, sql).empty());
}

// Mutates query `query` (0-based) `iterations` times with its own fixed seed.
void fuzzQuery(int query, const std::vector<std::string>& queries,
               const std::vector<std::string>& pool, int iterations) {
  SCOPED_TRACE("TPC-H q" + std::to_string(query + 1));
  const std::string& original = queries[static_cast<size_t>(query)];
  ASSERT_FALSE(original.empty()) << "cannot read TPC-H query " << query + 1 << " from "
                                 << PLANCK_SHARED_DIR;
  auto session = Session::withTpchSchema();
  ASSERT_TRUE(parseAndAnalyze(*session, original).ok()) << "the unmutated query must analyze";

  Mutator mutator(static_cast<unsigned>(1000 + query), pool);
  int failures = 0, successes = 0;
  double slowest = 0;
  std::string slowest_sql;
  for (int i = 0; i < iterations; ++i) {
    std::string mutant = mutator.mutate(original);
    auto before = Clock::now();
    absl::Status status;
    EXPECT_NO_THROW(status = parseAndAnalyze(*session, mutant)) << mutant;
    double seconds = std::chrono::duration<double>(Clock::now() - before).count();
    if (seconds > slowest) {
      slowest = seconds;
      slowest_sql = mutant;
    }
    if (status.ok()) {
      ++successes;
    } else {
      ++failures;
      checkError(status, mutant);
    }
  }
  EXPECT_LT(slowest, 5.0) << slowest_sql;
  EXPECT_GT(failures, 0);
  EXPECT_EQ(failures + successes, iterations);
}

// The 22 queries in four shards (queries shard, shard + 4, ...), one test each.
class TpchMutationFuzzTest : public ::testing::TestWithParam<int> {};

TEST_P(TpchMutationFuzzTest, MutantsEndInAPlanOrAnError) {
  std::vector<std::string> queries = test::tpchQueries();
  std::vector<std::string> pool = extraTokens();
  for (const std::string& text : queries) {
    for (std::string& token : tokenize(text)) pool.push_back(std::move(token));
  }
  auto start = Clock::now();
  for (int query = GetParam(); query < 22; query += 4)
    fuzzQuery(query, queries, pool, iterationsPerQuery());
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - start).count(), 100.0);
}

INSTANTIATE_TEST_SUITE_P(Tpch, TpchMutationFuzzTest, ::testing::Range(0, 4),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return "shard" + std::to_string(info.param);
                         });

TEST(FuzzSupportTest, TokenizerRoundTripsTpchQueries) {
  auto session = Session::withTpchSchema();
  for (const std::string& query : test::tpchQueries()) {
    std::vector<std::string> tokens = tokenize(query);
    ASSERT_GT(tokens.size(), 10u);
    // Re-joined with single spaces, the query still analyzes: the tokenizer keeps tokens whole.
    std::string rejoined = joinTokens(tokens);
    absl::Status status = parseAndAnalyze(*session, rejoined);
    EXPECT_TRUE(status.ok()) << formatError(status, rejoined);
  }
  EXPECT_EQ(tokenize("a<=b 'x y' <> c"),
            (std::vector<std::string>{"a", "<=", "b", "'x y'", "<>", "c"}));
}

}  // namespace
}  // namespace planck
