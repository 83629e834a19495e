#include "explain/graphviz.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "fmt/format.h"

extern char** environ;

namespace planck {
namespace {

// Closes a file descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

// Makes a pipe whose ends are not inherited by other children (close-on-exec).
bool makePipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  read_end.fd = fds[0];
  write_end.fd = fds[1];
  return true;
}

// Blocks SIGPIPE on this thread while it lives, so that writing to a `dot` that exited early
// fails with EPIPE instead of ending the process; a SIGPIPE raised meanwhile is consumed.
class ScopedNoSigpipe {
 public:
  ScopedNoSigpipe() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
  }
  ~ScopedNoSigpipe() {
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) == 1 && sigismember(&previous_, SIGPIPE) == 0) {
      timespec zero{0, 0};
      sigtimedwait(&pipe_, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  ScopedNoSigpipe(const ScopedNoSigpipe&) = delete;
  ScopedNoSigpipe& operator=(const ScopedNoSigpipe&) = delete;

 private:
  sigset_t pipe_;
  sigset_t previous_;
};

std::string extensionOf(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

}  // namespace

std::string findDot() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::string_view dirs(path);
  while (true) {
    size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    if (!dir.empty()) {
      std::string candidate = dir + "/dot";
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    if (colon == std::string_view::npos) return "";
    dirs.remove_prefix(colon + 1);
  }
}

std::string dotMissingMessage(const std::string& written_instead) {
  return fmt::format(
      "Graphviz `dot` was not found on PATH (install graphviz); wrote the DOT text to {} "
      "instead",
      written_instead);
}

absl::StatusOr<GraphvizOutput> runDot(std::string_view dot_text, std::string_view format) {
  std::string dot = findDot();
  if (dot.empty()) return absl::NotFoundError("Graphviz `dot` was not found on PATH");
  Fd in_read, in_write, out_read, out_write, err_read, err_write;
  if (!makePipe(in_read, in_write) || !makePipe(out_read, out_write) ||
      !makePipe(err_read, err_write)) {
    return absl::InternalError(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_read.fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_write.fd, 2);
  std::string format_arg = "-T" + std::string(format);
  std::vector<char*> argv = {dot.data(), format_arg.data(), nullptr};
  pid_t pid = 0;
  int spawn_error = posix_spawn(&pid, dot.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  in_read.reset();
  out_write.reset();
  err_write.reset();
  if (spawn_error != 0) {
    return absl::InternalError(fmt::format("cannot run {}: {}", dot, std::strerror(spawn_error)));
  }

  // Write stdin and drain stdout and stderr together.
  ScopedNoSigpipe no_sigpipe;
  GraphvizOutput result;
  size_t written = 0;
  if (dot_text.empty()) in_write.reset();
  while (out_read.fd >= 0 || err_read.fd >= 0) {
    std::vector<pollfd> fds;
    if (in_write.fd >= 0) fds.push_back({in_write.fd, POLLOUT, 0});
    if (out_read.fd >= 0) fds.push_back({out_read.fd, POLLIN, 0});
    if (err_read.fd >= 0) fds.push_back({err_read.fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (const pollfd& each : fds) {
      if (each.revents == 0) continue;
      if (each.fd == in_write.fd) {
        ssize_t n = write(in_write.fd, dot_text.data() + written, dot_text.size() - written);
        if (n > 0) written += static_cast<size_t>(n);
        if (n < 0 && errno != EINTR && errno != EAGAIN) written = dot_text.size();
        if (written == dot_text.size()) in_write.reset();
        continue;
      }
      Fd& source = each.fd == out_read.fd ? out_read : err_read;
      std::string& sink = each.fd == out_read.fd ? result.output : result.messages;
      char buffer[65536];
      ssize_t n = read(source.fd, buffer, sizeof buffer);
      if (n > 0) {
        sink.append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        source.reset();
      }
    }
  }
  in_write.reset();
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(fmt::format("dot -T{} failed: {}", format, result.messages));
  }
  return result;
}

absl::Status writeTextFile(const std::string& path, std::string_view content) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(content.data(), static_cast<std::streamsize>(content.size()));
  file.close();
  if (!file) return absl::InternalError(fmt::format("cannot write {}", path));
  return absl::OkStatus();
}

absl::StatusOr<std::string> writeGraph(std::string_view dot_text, const std::string& path) {
  std::string ext = extensionOf(path);
  if (ext != ".svg" && ext != ".png") {
    if (absl::Status status = writeTextFile(path, dot_text); !status.ok()) return status;
    return path;
  }
  absl::StatusOr<GraphvizOutput> rendered = runDot(dot_text, ext.substr(1));
  if (absl::IsNotFound(rendered.status())) {
    std::string instead = std::filesystem::path(path).replace_extension(".dot").string();
    if (absl::Status status = writeTextFile(instead, dot_text); !status.ok()) return status;
    return absl::FailedPreconditionError(dotMissingMessage(instead));
  }
  if (!rendered.ok()) return rendered.status();
  if (absl::Status status = writeTextFile(path, rendered->output); !status.ok()) return status;
  return path;
}

}  // namespace planck
