// Compiler: turns generated C++ sources into loaded shared objects, with an on-disk cache.
//
// Each source is compiled by an external C++ compiler (planck.codegen.compiler, run without a
// shell) into `<cache_dir>/<key>.so`, then dlopen'ed (RTLD_NOW | RTLD_LOCAL).
//
// The key is a 128-bit hash (hex) of everything that decides the object code: the source, the
// flags, the include directories, the caller's key_salt, and the compiler's identity (the first
// line of its `--version`, read once per compiler per process) - so a compiler upgrade or a
// changed flag never loads an old object. The compiler does not see the headers through the
// key: the caller puts the runtime ABI header's text (or its version) in key_salt.
//
// A cache file is never trusted. Before compiling, the source gets a line
//   extern "C" const char planck_module_key[] = "<key>";
// and a cached `<key>.so` is used only when its ELF headers fit the file (a truncated file
// would fault inside dlopen), dlopen succeeds and planck_module_key equals the key. Anything
// else (garbage, truncation, a file copied from another key) is deleted and rebuilt.
//
// Concurrent processes share the cache: the compiler writes a temp file with a name unique to
// the process, thread and attempt, and rename() moves it over `<key>.so` atomically, so a
// reader sees the old file, the new one, or none - never half of one. The source is kept
// beside it as `<key>.cc` for people to read (also when the compile fails).
//
// Within a process, a live module is reused through a key -> weak_ptr map: dlopen of a path
// already loaded returns the old handle anyway, and the lookup costs a hash, not a syscall.
// A new build is dlopen'ed from its temp path (never loaded before) before the rename, so a
// stale object loaded earlier under `<key>.so` cannot be returned in its place. Requests for
// the same key compile once, within a call and across threads.
//
// The cache never causes a failure: when cache_dir cannot be created or written, modules are
// compiled in a per-process temp directory (removed at exit) and CompileOutcome::cache_warning
// says why.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace planck {

// How generated code is compiled (the settings planck.codegen.compiler, planck.codegen.flags,
// planck.codegen.cacheDir; resolved by the caller).
struct CompilerSettings {
  std::string compiler;       // a program name or path; empty: $PLANCK_CXX if set, else "c++"
  std::string flags = "-O2";  // split on whitespace; -std=c++20 -fPIC -shared always come first
  std::string cache_dir;      // empty: $XDG_CACHE_HOME/planck, $HOME/.cache/planck, /tmp/...
  std::vector<std::string> include_dirs;  // -I for the runtime ABI header
  // Arguments after the source file (libraries: -lgcc), part of the key like the flags.
  std::vector<std::string> libraries;
  std::string key_salt;         // hashed into the key, e.g. the ABI header's text; never compiled
  double timeout_seconds = 60;  // a compile still running after this is killed
};

// The compiler CompilerSettings names: `compiler`, else $PLANCK_CXX, else "c++".
std::string resolvedCompiler(const CompilerSettings& settings);
// The cache directory CompilerSettings names (see CompilerSettings::cache_dir).
std::string resolvedCacheDir(const CompilerSettings& settings);

// A loaded shared object; dlclose on destruction.
class CompiledModule {
 public:
  // Takes ownership of a dlopen handle; `path` is where the object lives (for messages).
  CompiledModule(void* handle, std::string path) : handle_(handle), path_(std::move(path)) {}
  ~CompiledModule();
  CompiledModule(const CompiledModule&) = delete;
  CompiledModule& operator=(const CompiledModule&) = delete;

  // The address of an exported symbol (dlsym), nullptr when absent.
  void* symbol(const std::string& name) const;
  // The shared object's file.
  const std::string& path() const { return path_; }
  // The cache key the module was built under (its planck_module_key), "" when it has none.
  std::string_view key() const;

 private:
  void* handle_;
  std::string path_;
};

// One source to compile.
struct CompileRequest {
  std::string name;  // e.g. "stage3": for messages and temp file names
  std::string source;
};

// What happened to one request.
struct CompileOutcome {
  std::shared_ptr<const CompiledModule> module;  // null when it failed
  // The failure: compiler missing (FailedPrecondition), compile error (Internal, with the
  // compiler's output trimmed to ~4000 chars and the source's path), timeout (DeadlineExceeded),
  // dlopen error (Internal).
  absl::Status status;
  bool cache_hit = false;     // loaded from the in-process or on-disk cache without compiling
  double compile_ms = 0;      // wall time of this request (compile or load)
  std::string key;            // the cache key (hex); "" when the compiler could not be run
  std::string cache_warning;  // why the on-disk cache was not used; "" when it was
};

// How many compilers compileModules runs at once for `parallelism`: itself when positive, else
// the hardware's threads (at least 1).
int compilerParallelism(int parallelism = 0);

// Compiles `requests` in parallel (at most compilerParallelism(parallelism) compilers at once),
// each cached by the hash of source + flags + compiler identity. Outcomes are in the order of
// `requests`. Thread-safe.
std::vector<CompileOutcome> compileModules(const std::vector<CompileRequest>& requests,
                                           const CompilerSettings& settings, int parallelism = 0);

// The compiler's identity (first line of `<compiler> --version`, read once per process), or a
// FailedPrecondition naming planck.codegen.compiler when it cannot be run (not on PATH).
absl::StatusOr<std::string> compilerIdentity(const std::string& compiler);

// How many times this process has run the compiler on a module (for tests and metrics).
int64_t compilerRuns();

}  // namespace planck
