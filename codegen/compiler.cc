// Compiler: the compiler process, the on-disk cache and the in-process module registry.
#include "codegen/compiler.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status.h"
#include "fmt/format.h"
#include "runtime/hash.h"

extern char** environ;

namespace planck {
namespace {

constexpr size_t kMaxMessageChars = 4000;    // of the compiler's output, in a Status
constexpr size_t kMaxCapturedChars = 65536;  // read from the compiler and kept
constexpr double kVersionTimeoutSeconds = 30;

std::atomic<int64_t> compiler_runs{0};

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string errnoText(int error) {
  char buffer[256];
  return strerror_r(error, buffer, sizeof buffer);  // the GNU strerror_r returns the text
}

// FNV-1a with 128 bits over length-prefixed fields, stable across processes and builds (absl::Hash
// is seeded per process). FNV barely mixes the last bytes into the low bits, so a Feistel round
// of fmix64 (a bijection: it adds no collisions) spreads them over the whole key.
std::string hash128Hex(std::initializer_list<std::string_view> fields) {
  constexpr unsigned __int128 kPrime = (static_cast<unsigned __int128>(1) << 88) + 0x13b;
  unsigned __int128 hash =
      (static_cast<unsigned __int128>(0x6c62272e07bb0142ULL) << 64) | 0x62b821756295c58dULL;
  auto mix = [&](std::string_view bytes) {
    for (unsigned char c : bytes) hash = (hash ^ c) * kPrime;
  };
  for (std::string_view field : fields) {
    mix(fmt::format("{}:", field.size()));
    mix(field);
  }
  uint64_t high = static_cast<uint64_t>(hash >> 64), low = static_cast<uint64_t>(hash);
  for (int round = 0; round < 2; ++round) {
    low ^= fmix64(high);
    high ^= fmix64(low);
  }
  return fmt::format("{:016x}{:016x}", high, low);
}

// The compiler's output for a Status: its first kMaxMessageChars characters.
std::string trimmed(const std::string& output) {
  if (output.size() <= kMaxMessageChars) return output;
  return fmt::format("{}\n... ({} more characters)", output.substr(0, kMaxMessageChars),
                     output.size() - kMaxMessageChars);
}

struct ProcessResult {
  int wait_status = 0;
  std::string output;  // stdout and stderr, interleaved
};

std::string describeExit(int wait_status) {
  if (WIFEXITED(wait_status)) return fmt::format("exited with status {}", WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status))
    return fmt::format("was killed by signal {}", WTERMSIG(wait_status));
  return "stopped";
}

// Runs argv[0] (searched on PATH, no shell) with stdin from /dev/null, capturing its output. The
// child leads its own process group so that a timeout kills the driver's cc1plus, as and ld too.
absl::StatusOr<ProcessResult> runProcess(const std::vector<std::string>& args,
                                         double timeout_seconds) {
  const std::string& program = args.front();
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return absl::InternalError(fmt::format("planck.codegen: pipe: {}", errnoText(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int error = posix_spawnp(&pid, program.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(fds[1]);
  if (error != 0) {
    close(fds[0]);
    std::string why =
        error == ENOENT
            ? (program.find('/') == std::string::npos ? "not found on PATH" : "no such file")
            : errnoText(error);
    return absl::FailedPreconditionError(
        fmt::format("planck.codegen.compiler: cannot run '{}': {} (set planck.codegen.compiler or "
                    "$PLANCK_CXX to a C++20 compiler such as g++ or clang++)",
                    program, why));
  }
  ProcessResult result;
  auto deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(timeout_seconds * 1e3));
  bool timed_out = false;
  char buffer[8192];
  while (true) {
    int64_t left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd poll_fd{fds[0], POLLIN, 0};
    int ready = poll(&poll_fd, 1, static_cast<int>(std::min<int64_t>(left + 1, 1000)));
    if (ready < 0 && errno != EINTR) break;
    ssize_t n = ready > 0 ? read(fds[0], buffer, sizeof buffer) : -1;
    if (n < 0 && (ready <= 0 || errno == EINTR)) continue;
    if (n <= 0) break;  // EOF: the compiler and its children closed the pipe
    result.output.append(
        buffer, std::min(static_cast<size_t>(n), kMaxCapturedChars - result.output.size()));
  }
  close(fds[0]);
  if (timed_out) kill(-pid, SIGKILL);
  while (waitpid(pid, &result.wait_status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return absl::DeadlineExceededError(
        fmt::format("planck.codegen.compiler: '{}' ran longer than {} s and was killed", program,
                    timeout_seconds));
  }
  return result;
}

// Whether a cache file's ELF headers fit inside it: a truncated shared object would fault
// (SIGBUS) when dlopen touches a segment past the end of the file.
enum class FileCheck { kMissing, kCorrupt, kPlausible };

FileCheck checkElf(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? FileCheck::kMissing : FileCheck::kCorrupt;
  struct stat info;
  ElfW(Ehdr) header;
  bool ok = fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
            pread(fd, &header, sizeof header, 0) == static_cast<ssize_t>(sizeof header) &&
            memcmp(header.e_ident, ELFMAG, SELFMAG) == 0 &&
            header.e_phentsize == sizeof(ElfW(Phdr));
  std::vector<ElfW(Phdr)> segments(ok ? header.e_phnum : 0);
  size_t bytes = segments.size() * sizeof(ElfW(Phdr));
  ok = ok && header.e_phoff + bytes <= static_cast<uint64_t>(info.st_size) &&
       pread(fd, segments.data(), bytes, static_cast<off_t>(header.e_phoff)) ==
           static_cast<ssize_t>(bytes);
  for (const ElfW(Phdr) & segment : segments) {
    if (segment.p_type == PT_LOAD &&
        segment.p_offset + segment.p_filesz > static_cast<uint64_t>(info.st_size)) {
      ok = false;
    }
  }
  close(fd);
  return ok ? FileCheck::kPlausible : FileCheck::kCorrupt;
}

// dlopens `path` and checks that its planck_module_key is `key`; the handle, or why not.
absl::StatusOr<void*> openVerified(const std::string& path, const std::string& key) {
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* error = dlerror();
    return absl::InternalError(
        fmt::format("planck.codegen: cannot load {}: {}", path, error ? error : "dlopen failed"));
  }
  const char* found = static_cast<const char*>(dlsym(handle, "planck_module_key"));
  if (found == nullptr || key != found) {
    std::string message = fmt::format("planck.codegen: {} has planck_module_key '{}', not '{}'",
                                      path, found ? found : "", key);
    dlclose(handle);
    return absl::InternalError(message);
  }
  return handle;
}

absl::Status writeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (out) return absl::OkStatus();
  int error = errno;
  unlink(path.c_str());
  return absl::FailedPreconditionError(
      fmt::format("planck.codegen.cacheDir: cannot write {}: {}", path, errnoText(error)));
}

// This process's fallback cache directory, created once and removed at exit.
absl::StatusOr<std::string> processTempDir() {
  static std::mutex mutex;
  static std::string* dir = nullptr;  // leaked: the atexit handler runs after destructors
  std::lock_guard lock(mutex);
  if (dir != nullptr) return *dir;
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = fmt::format("{}/planck-codegen-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::FailedPreconditionError(
        fmt::format("planck.codegen.cacheDir: cannot create a temp directory {}: {}", pattern,
                    errnoText(errno)));
  }
  dir = new std::string(pattern);
  std::atexit([] {
    std::error_code ignored;
    std::filesystem::remove_all(*dir, ignored);
  });
  return *dir;
}

// Where this call compiles: the cache directory, else the process's temp directory.
struct Workspace {
  std::string dir;
  std::string warning;  // why the cache directory is not used
};

absl::StatusOr<Workspace> workspaceFor(const CompilerSettings& settings) {
  std::string dir = resolvedCacheDir(settings);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  std::string problem;
  if (error) {
    problem = fmt::format("cannot create '{}': {}", dir, error.message());
  } else if (access(dir.c_str(), W_OK | X_OK) != 0) {
    problem = fmt::format("cannot write '{}': {}", dir, errnoText(errno));
  }
  if (problem.empty()) return Workspace{dir, ""};
  PLANCK_ASSIGN_OR_RETURN(std::string temp, processTempDir());
  return Workspace{temp, fmt::format("planck.codegen.cacheDir: {}; compiled in {} instead (not "
                                     "kept after this process)",
                                     problem, temp)};
}

// One key's live module; its mutex is held while the key is loaded or compiled, so a key
// compiles once however many threads ask for it.
struct Slot {
  std::mutex mutex;
  std::weak_ptr<const CompiledModule> module;
};

class Registry {
 public:
  std::shared_ptr<Slot> slot(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (auto found = slots_.find(key); found != slots_.end()) return found->second;
    if (slots_.size() >= prune_at_) {  // forget keys nobody uses; amortized O(1)
      std::erase_if(slots_, [](const auto& entry) {
        std::unique_lock slot_lock(entry.second->mutex, std::try_to_lock);
        return slot_lock.owns_lock() && entry.second.use_count() == 1 &&
               entry.second->module.expired();
      });
      prune_at_ = std::max<size_t>(64, 2 * slots_.size());
    }
    return slots_.emplace(key, std::make_shared<Slot>()).first->second;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Slot>> slots_;
  size_t prune_at_ = 64;
};

Registry& registry() {
  static Registry* instance = new Registry;
  return *instance;
}

// What every request of one compileModules call shares.
struct Job {
  const CompilerSettings& settings;
  std::string compiler;
  std::vector<std::string> flags;
  Workspace workspace;
};

std::string moduleKey(const Job& job, const std::string& identity, const std::string& source) {
  return hash128Hex({"planck-codegen-1", job.compiler, identity, absl::StrJoin(job.flags, " "),
                     absl::StrJoin(job.settings.include_dirs, "\n") + "\n" +
                         absl::StrJoin(job.settings.libraries, "\n"),
                     job.settings.key_salt,
                     source});
}

// Removes the temp .so unless it was renamed into the cache, and keeps the source as <key>.cc
// (also after a failure, for the message to point at).
struct TempFiles {
  std::string so, cc, kept_cc;
  ~TempFiles() {
    unlink(so.c_str());
    rename(cc.c_str(), kept_cc.c_str());
  }
};

absl::StatusOr<std::shared_ptr<const CompiledModule>> compileAndLoad(const Job& job,
                                                                     const CompileRequest& request,
                                                                     const std::string& key) {
  static std::atomic<uint64_t> counter{0};
  std::string name = request.name.substr(0, 40);
  std::replace_if(
      name.begin(), name.end(), [](unsigned char c) { return !std::isalnum(c) && c != '_'; }, '_');
  std::string base = fmt::format("{}/{}", job.workspace.dir, key);
  std::string temp = fmt::format("{}/.tmp-{}-{}-{}-{}", job.workspace.dir, name, getpid(), gettid(),
                                 counter.fetch_add(1));
  TempFiles files{temp + ".so", temp + ".cc", base + ".cc"};
  std::string source = request.source;
  if (!source.empty() && source.back() != '\n') source += '\n';
  source += fmt::format(
      "extern \"C\" __attribute__((visibility(\"default\"))) const char planck_module_key[] = "
      "\"{}\";\n",
      key);
  PLANCK_RETURN_IF_ERROR(writeFile(files.cc, source));

  std::vector<std::string> args = {job.compiler, "-std=c++20", "-fPIC", "-shared"};
  args.insert(args.end(), job.flags.begin(), job.flags.end());
  for (const std::string& dir : job.settings.include_dirs) args.push_back("-I" + dir);
  args.insert(args.end(), {"-o", files.so, files.cc});
  args.insert(args.end(), job.settings.libraries.begin(), job.settings.libraries.end());
  compiler_runs.fetch_add(1);
  absl::StatusOr<ProcessResult> result = runProcess(args, job.settings.timeout_seconds);
  if (!result.ok()) {
    return absl::Status(result.status().code(),
                        fmt::format("{} (compiling {}; source: {})",
                                    toStd(result.status().message()), request.name, files.kept_cc));
  }
  if (result->wait_status != 0) {
    return absl::InternalError(
        fmt::format("planck.codegen: the generated code of {} does not compile: '{}' {} "
                    "(planck.codegen.compiler '{}', planck.codegen.flags '{}'); source: {}\n{}",
                    request.name, job.compiler, describeExit(result->wait_status), job.compiler,
                    job.settings.flags, files.kept_cc, trimmed(result->output)));
  }
  // Loaded from the temp path, which no earlier dlopen can have used (see compiler.h).
  PLANCK_ASSIGN_OR_RETURN(void* handle, openVerified(files.so, key));
  std::string path = base + ".so";
  if (rename(files.so.c_str(), path.c_str()) != 0) path = files.so;  // loaded, then unlinked
  return std::make_shared<const CompiledModule>(handle, path);
}

// Loads or builds one key, under its slot's lock.
CompileOutcome loadOrBuild(const Job& job, const CompileRequest& request, const std::string& key,
                           Slot& slot) {
  CompileOutcome outcome;
  outcome.key = key;
  std::lock_guard lock(slot.mutex);
  if (auto live = slot.module.lock()) {  // another thread built it while we waited
    outcome.module = std::move(live);
    outcome.cache_hit = true;
    return outcome;
  }
  outcome.cache_warning = job.workspace.warning;
  std::string path = fmt::format("{}/{}.so", job.workspace.dir, key);
  FileCheck check = checkElf(path);
  if (check == FileCheck::kPlausible) {
    if (absl::StatusOr<void*> handle = openVerified(path, key); handle.ok()) {
      outcome.module = std::make_shared<const CompiledModule>(*handle, path);
      outcome.cache_hit = true;
    }
  }
  if (outcome.module == nullptr) {
    if (check != FileCheck::kMissing) unlink(path.c_str());  // corrupt or stale: never trusted
    auto built = compileAndLoad(job, request, key);
    if (built.ok()) {
      outcome.module = *std::move(built);
    } else {
      outcome.status = built.status();
    }
  }
  if (outcome.module != nullptr) slot.module = outcome.module;
  return outcome;
}

}  // namespace

std::string resolvedCompiler(const CompilerSettings& settings) {
  if (!settings.compiler.empty()) return settings.compiler;
  const char* cxx = std::getenv("PLANCK_CXX");
  return cxx && *cxx ? cxx : "c++";
}

std::string resolvedCacheDir(const CompilerSettings& settings) {
  if (!settings.cache_dir.empty()) return settings.cache_dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return fmt::format("{}/planck", xdg);
  if (const char* home = std::getenv("HOME"); home && *home)
    return fmt::format("{}/.cache/planck", home);
  return fmt::format("/tmp/planck-cache-{}", getuid());
}

CompiledModule::~CompiledModule() {
  if (handle_ != nullptr) dlclose(handle_);
}

void* CompiledModule::symbol(const std::string& name) const {
  return handle_ == nullptr ? nullptr : dlsym(handle_, name.c_str());
}

std::string_view CompiledModule::key() const {
  const char* key = static_cast<const char*>(symbol("planck_module_key"));
  return key == nullptr ? std::string_view() : std::string_view(key);
}

absl::StatusOr<std::string> compilerIdentity(const std::string& compiler) {
  static std::mutex mutex;
  static auto* identities = new std::map<std::string, std::string>;
  {
    std::lock_guard lock(mutex);
    if (auto found = identities->find(compiler); found != identities->end()) return found->second;
  }
  PLANCK_ASSIGN_OR_RETURN(ProcessResult result,
                          runProcess({compiler, "--version"}, kVersionTimeoutSeconds));
  std::string line = result.output.substr(0, result.output.find('\n'));
  if (result.wait_status != 0 || line.empty()) {
    return absl::FailedPreconditionError(
        fmt::format("planck.codegen.compiler: '{} --version' {}: {}", compiler,
                    describeExit(result.wait_status), trimmed(result.output)));
  }
  std::lock_guard lock(mutex);
  return identities->emplace(compiler, line).first->second;
}

int compilerParallelism(int parallelism) {
  if (parallelism > 0) return parallelism;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

std::vector<CompileOutcome> compileModules(const std::vector<CompileRequest>& requests,
                                           const CompilerSettings& settings, int parallelism) {
  Clock::time_point start = Clock::now();
  std::vector<CompileOutcome> outcomes(requests.size());
  if (requests.empty()) return outcomes;
  Job job{settings,
          resolvedCompiler(settings),
          absl::StrSplit(settings.flags, absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty()),
          {}};
  absl::StatusOr<std::string> identity = compilerIdentity(job.compiler);
  if (!identity.ok()) {
    for (CompileOutcome& outcome : outcomes) {
      outcome.status = identity.status();
      outcome.compile_ms = msSince(start);
    }
    return outcomes;
  }

  // Live modules are taken here; each other distinct key becomes a task.
  std::vector<size_t> first_with_key(requests.size());
  std::unordered_map<std::string, size_t> first_index;
  std::vector<std::shared_ptr<Slot>> slots(requests.size());
  std::vector<size_t> tasks;
  for (size_t i = 0; i < requests.size(); ++i) {
    Clock::time_point request_start = Clock::now();
    std::string key = moduleKey(job, *identity, requests[i].source);
    first_with_key[i] = first_index.emplace(key, i).first->second;
    outcomes[i].key = key;
    if (first_with_key[i] != i) continue;
    slots[i] = registry().slot(key);
    std::unique_lock lock(slots[i]->mutex, std::try_to_lock);
    if (auto live = lock.owns_lock() ? slots[i]->module.lock() : nullptr) {
      outcomes[i].module = std::move(live);
      outcomes[i].cache_hit = true;
      outcomes[i].compile_ms = msSince(request_start);
    } else {
      tasks.push_back(i);
    }
  }

  if (!tasks.empty()) {
    absl::StatusOr<Workspace> workspace = workspaceFor(settings);
    absl::Status workspace_status = workspace.status();
    if (workspace.ok()) job.workspace = *std::move(workspace);
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t t; (t = next.fetch_add(1)) < tasks.size();) {
        size_t i = tasks[t];
        Clock::time_point task_start = Clock::now();
        if (workspace_status.ok()) {
          outcomes[i] = loadOrBuild(job, requests[i], outcomes[i].key, *slots[i]);
        } else {
          outcomes[i].status = workspace_status;
        }
        outcomes[i].compile_ms = msSince(task_start);
      }
    };
    size_t threads = std::min<size_t>(compilerParallelism(parallelism), tasks.size());
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (std::thread& thread : pool) thread.join();
  }
  for (size_t i = 0; i < requests.size(); ++i) {
    if (first_with_key[i] != i) outcomes[i] = outcomes[first_with_key[i]];
  }
  return outcomes;
}

int64_t compilerRuns() { return compiler_runs.load(); }

}  // namespace planck
