// Compiler: compiling and loading generated sources, the on-disk cache and its verification,
// compile errors, a missing compiler, timeouts and parallel compiles.
#include "codegen/compiler.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "fmt/format.h"
#include "gtest/gtest.h"

namespace planck {
namespace {

namespace fs = std::filesystem;

std::string messageOf(const absl::Status& status) {
  return std::string(status.message().data(), status.message().size());
}

// A function `name` returning `value`; the marker keeps sources (so keys) distinct per test.
std::string constantSource(const std::string& name, int value, const std::string& marker) {
  return fmt::format("// {}\nextern \"C\" int {}() {{ return {}; }}\n", marker, name, value);
}

int callInt(const CompiledModule& module, const std::string& name) {
  auto function = reinterpret_cast<int (*)()>(module.symbol(name));
  return function == nullptr ? -1 : function();
}

fs::file_time_type modified(const std::string& path) { return fs::last_write_time(path); }

// Each test compiles into a cache directory of its own.
class CodegenCompiler : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "planck-compiler-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    settings_.cache_dir = dir_ + "/cache";
    settings_.flags = "-O1";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A marker unique to this test and run.
  std::string marker() const {
    return fmt::format("{} {}", ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                       dir_);
  }
  CompileOutcome compileOne(const std::string& source) {
    std::vector<CompileOutcome> outcomes = compileModules({{"stage1", source}}, settings_);
    EXPECT_EQ(outcomes.size(), 1u);
    return outcomes.front();
  }
  std::string soPath(const std::string& key) const {
    return settings_.cache_dir + "/" + key + ".so";
  }

  std::string dir_;
  CompilerSettings settings_;
};

TEST_F(CodegenCompiler, CompilesAndCallsAFunction) {
  std::string source =
      "// " + marker() + "\nextern \"C\" int add(int a, int b) { return a + b; }\n";
  CompileOutcome outcome = compileOne(source);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status;
  ASSERT_NE(outcome.module, nullptr);
  EXPECT_FALSE(outcome.cache_hit);
  EXPECT_EQ(outcome.key.size(), 32u);
  EXPECT_EQ(outcome.module->key(), outcome.key);
  EXPECT_EQ(outcome.module->path(), soPath(outcome.key));
  EXPECT_TRUE(fs::exists(settings_.cache_dir + "/" + outcome.key + ".cc"));
  EXPECT_TRUE(outcome.cache_warning.empty()) << outcome.cache_warning;
  auto add = reinterpret_cast<int (*)(int, int)>(outcome.module->symbol("add"));
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add(40, 2), 42);
  EXPECT_EQ(outcome.module->symbol("planck_no_such_symbol"), nullptr);
}

TEST_F(CodegenCompiler, SecondCallHitsMemoryAndThirdAfterReleaseHitsDisk) {
  std::string source = constantSource("seven", 7, marker());
  CompileOutcome first = compileOne(source);
  ASSERT_TRUE(first.status.ok()) << first.status;
  EXPECT_FALSE(first.cache_hit);
  std::string path = soPath(first.key);
  fs::file_time_type built_at = modified(path);
  int64_t runs = compilerRuns();

  CompileOutcome second = compileOne(source);
  ASSERT_TRUE(second.status.ok()) << second.status;
  EXPECT_TRUE(second.cache_hit);
  EXPECT_EQ(second.module.get(), first.module.get());
  EXPECT_LT(second.compile_ms, 1.0);

  first.module.reset();
  second.module.reset();
  CompileOutcome third = compileOne(source);
  ASSERT_TRUE(third.status.ok()) << third.status;
  EXPECT_TRUE(third.cache_hit);
  EXPECT_EQ(callInt(*third.module, "seven"), 7);
  EXPECT_EQ(compilerRuns(), runs);
  EXPECT_EQ(modified(path), built_at);
}

TEST_F(CodegenCompiler, DifferentFlagsCompileUnderAnotherKey) {
  std::string source = constantSource("eight", 8, marker());
  CompileOutcome first = compileOne(source);
  ASSERT_TRUE(first.status.ok()) << first.status;
  int64_t runs = compilerRuns();
  settings_.flags = "-O0 -g";
  CompileOutcome second = compileOne(source);
  ASSERT_TRUE(second.status.ok()) << second.status;
  EXPECT_FALSE(second.cache_hit);
  EXPECT_NE(second.key, first.key);
  EXPECT_EQ(compilerRuns(), runs + 1);
  EXPECT_EQ(callInt(*second.module, "eight"), 8);
}

TEST_F(CodegenCompiler, CorruptOrTruncatedCacheFileIsRebuilt) {
  std::string source = constantSource("nine", 9, marker());
  CompileOutcome built = compileOne(source);
  ASSERT_TRUE(built.status.ok()) << built.status;
  std::string path = soPath(built.key);
  uintmax_t size = fs::file_size(path);
  built.module.reset();

  std::ofstream(path, std::ios::trunc) << "this is not an ELF file";
  int64_t runs = compilerRuns();
  CompileOutcome rebuilt = compileOne(source);
  ASSERT_TRUE(rebuilt.status.ok()) << rebuilt.status;
  EXPECT_FALSE(rebuilt.cache_hit);
  EXPECT_EQ(compilerRuns(), runs + 1);
  EXPECT_EQ(callInt(*rebuilt.module, "nine"), 9);
  EXPECT_EQ(fs::file_size(path), size);
  rebuilt.module.reset();

  fs::resize_file(path, size / 2);  // ELF headers intact, segments cut off
  CompileOutcome again = compileOne(source);
  ASSERT_TRUE(again.status.ok()) << again.status;
  EXPECT_FALSE(again.cache_hit);
  EXPECT_EQ(compilerRuns(), runs + 2);
  EXPECT_EQ(callInt(*again.module, "nine"), 9);
  EXPECT_EQ(fs::file_size(path), size);
}

TEST_F(CodegenCompiler, FileOfAnotherKeyIsRebuilt) {
  CompileOutcome other = compileOne(constantSource("ten", 10, marker()));
  std::string source = constantSource("eleven", 11, marker());
  CompileOutcome built = compileOne(source);
  ASSERT_TRUE(other.status.ok() && built.status.ok()) << other.status << built.status;
  built.module.reset();
  fs::copy_file(soPath(other.key), soPath(built.key), fs::copy_options::overwrite_existing);

  int64_t runs = compilerRuns();
  CompileOutcome rebuilt = compileOne(source);
  ASSERT_TRUE(rebuilt.status.ok()) << rebuilt.status;
  EXPECT_FALSE(rebuilt.cache_hit);
  EXPECT_EQ(compilerRuns(), runs + 1);
  EXPECT_EQ(rebuilt.module->key(), built.key);
  EXPECT_EQ(callInt(*rebuilt.module, "eleven"), 11);
  EXPECT_EQ(rebuilt.module->symbol("ten"), nullptr);
}

TEST_F(CodegenCompiler, CompileErrorKeepsTheCompilersMessage) {
  std::string source = "// " + marker() + "\nextern \"C\" int f() { return planck_undeclared; }\n";
  CompileOutcome outcome = compileOne(source);
  EXPECT_EQ(outcome.status.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(outcome.module, nullptr);
  std::string message = messageOf(outcome.status);
  EXPECT_NE(message.find("planck_undeclared"), std::string::npos) << message;
  EXPECT_NE(message.find("stage1"), std::string::npos) << message;
  std::string kept = settings_.cache_dir + "/" + outcome.key + ".cc";
  EXPECT_NE(message.find(kept), std::string::npos) << message;
  EXPECT_TRUE(fs::exists(kept));
  EXPECT_FALSE(fs::exists(soPath(outcome.key)));
  for (const fs::directory_entry& entry : fs::directory_iterator(settings_.cache_dir)) {
    EXPECT_EQ(entry.path().filename().string().rfind(".tmp", 0), std::string::npos)
        << "temp file left behind: " << entry.path();
  }
}

TEST_F(CodegenCompiler, MissingCompilerFailsFastNamingTheSetting) {
  settings_.compiler = "planck-no-such-compiler";
  auto start = std::chrono::steady_clock::now();
  CompileOutcome outcome = compileOne(constantSource("one", 1, marker()));
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(outcome.status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(outcome.module, nullptr);
  std::string message = messageOf(outcome.status);
  EXPECT_NE(message.find("planck.codegen.compiler"), std::string::npos) << message;
  EXPECT_NE(message.find("'planck-no-such-compiler'"), std::string::npos) << message;
  EXPECT_NE(message.find("not found on PATH"), std::string::npos) << message;
  EXPECT_LT(elapsed, 1.0);
  EXPECT_EQ(compilerIdentity("planck-no-such-compiler").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(CodegenCompiler, CompilerRunningPastTheTimeoutIsKilled) {
  std::string script = dir_ + "/slow-cxx";
  std::ofstream(script) << "#!/bin/sh\n"
                           "if [ \"$1\" = --version ]; then echo slow-cxx 1.0; exit 0; fi\n"
                           "sleep 30\n";
  fs::permissions(script, fs::perms::owner_all);
  settings_.compiler = script;
  settings_.timeout_seconds = 0.3;
  auto start = std::chrono::steady_clock::now();
  CompileOutcome outcome = compileOne(constantSource("two", 2, marker()));
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(outcome.status.code(), absl::StatusCode::kDeadlineExceeded) << outcome.status;
  EXPECT_NE(messageOf(outcome.status).find("killed"), std::string::npos) << outcome.status;
  EXPECT_LT(elapsed, 5.0);
}

TEST_F(CodegenCompiler, CompilesInParallelAndDuplicatesOnce) {
  std::vector<CompileRequest> requests;
  requests.reserve(7);
  for (int i = 0; i < 5; ++i) {
    requests.push_back({fmt::format("stage{}", i), constantSource("value", i * 3, marker())});
  }
  requests.push_back(requests[1]);
  requests.push_back(requests[3]);
  int64_t runs = compilerRuns();
  std::vector<CompileOutcome> outcomes = compileModules(requests, settings_, 4);
  ASSERT_EQ(outcomes.size(), requests.size());
  EXPECT_EQ(compilerRuns(), runs + 5);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(outcomes[i].status.ok()) << outcomes[i].status;
    EXPECT_EQ(callInt(*outcomes[i].module, "value"), i * 3);
  }
  EXPECT_EQ(outcomes[5].module.get(), outcomes[1].module.get());
  EXPECT_EQ(outcomes[6].module.get(), outcomes[3].module.get());
  EXPECT_NE(outcomes[0].key, outcomes[1].key);
}

TEST_F(CodegenCompiler, ConcurrentCallsForOneKeyCompileOnce) {
  std::string source = constantSource("twelve", 12, marker());
  int64_t runs = compilerRuns();
  std::vector<CompileOutcome> outcomes(4);
  std::vector<std::thread> threads;
  threads.reserve(outcomes.size());
  for (CompileOutcome& outcome : outcomes) {
    threads.emplace_back([&] { outcome = compileOne(source); });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(compilerRuns(), runs + 1);
  for (const CompileOutcome& outcome : outcomes) {
    ASSERT_TRUE(outcome.status.ok()) << outcome.status;
    EXPECT_EQ(outcome.module.get(), outcomes[0].module.get());
  }
  EXPECT_EQ(callInt(*outcomes[0].module, "twelve"), 12);
}

TEST_F(CodegenCompiler, UnusableCacheDirStillCompiles) {
  std::string file = dir_ + "/a-file";
  std::ofstream(file) << "not a directory";
  settings_.cache_dir = file + "/cache";
  CompileOutcome outcome = compileOne(constantSource("thirteen", 13, marker()));
  ASSERT_TRUE(outcome.status.ok()) << outcome.status;
  EXPECT_EQ(callInt(*outcome.module, "thirteen"), 13);
  EXPECT_NE(outcome.cache_warning.find("planck.codegen.cacheDir"), std::string::npos);
  EXPECT_NE(outcome.cache_warning.find(settings_.cache_dir), std::string::npos);
  EXPECT_EQ(outcome.module->path().rfind(file, 0), std::string::npos) << outcome.module->path();
}

TEST_F(CodegenCompiler, SettingsResolveFromTheEnvironment) {
  CompilerSettings settings;
  settings.compiler = "clang++";
  EXPECT_EQ(resolvedCompiler(settings), "clang++");
  settings.cache_dir = "/somewhere";
  EXPECT_EQ(resolvedCacheDir(settings), "/somewhere");
  settings.cache_dir.clear();
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  std::string saved = xdg ? xdg : "";
  setenv("XDG_CACHE_HOME", "/xdg", 1);
  EXPECT_EQ(resolvedCacheDir(settings), "/xdg/planck");
  if (xdg) {
    setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  } else {
    unsetenv("XDG_CACHE_HOME");
  }
}

}  // namespace
}  // namespace planck
