// Bounded reading and atomic writing of whole files with POSIX calls (see file_io.hpp for the
// guarantees). Plain stdio cannot express "create, but never through a symlink" or fsync.
#include "file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace gan {
namespace {

std::string quoted(const std::string& path) { return "'" + path + "'"; }
std::string reason(int err) { return std::strerror(err); }

// The folder a path lives in, as a path that can be opened: "a/b" → "a", "b" → ".", "/b" → "/".
std::string folder_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Closes a descriptor on every path out of a function.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now and reports the result: close() can be where a delayed write error shows up.
  bool close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

bool write_all(int fd, const uint8_t* data, size_t n, int& err) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      err = errno;
      return false;
    }
    if (w == 0) {  // no progress and no error: treat as a full device rather than loop forever
      err = ENOSPC;
      return false;
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

}  // namespace

bool read_file_bounded(const std::string& path, size_t max_bytes, std::vector<uint8_t>& bytes, std::string& error) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer before fstat can
  // refuse it. It has no effect on reads from a regular file.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) {
    error = "cannot open " + quoted(path) + ": " + reason(errno);
    return false;
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) {
    error = "cannot read " + quoted(path) + ": " + reason(errno);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    error = quoted(path) + " is not a regular file";
    return false;
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    error = quoted(path) + " is too large (" + std::to_string(st.st_size) + " bytes; at most " +
            std::to_string(max_bytes) + " accepted)";
    return false;
  }
  // Read to the end rather than trusting st_size (the file may change meanwhile), still bounded.
  std::vector<uint8_t> data(static_cast<size_t>(st.st_size));
  size_t have = 0;
  for (;;) {
    if (have == data.size()) {
      if (data.size() > max_bytes) {
        error = quoted(path) + " grew beyond " + std::to_string(max_bytes) + " bytes while being read";
        return false;
      }
      data.resize(data.size() + 4096);
    }
    const ssize_t r = ::read(fd.get(), data.data() + have, data.size() - have);
    if (r < 0) {
      if (errno == EINTR) continue;
      error = "cannot read " + quoted(path) + ": " + reason(errno);
      return false;
    }
    if (r == 0) break;
    have += static_cast<size_t>(r);
  }
  if (have > max_bytes) {
    error = quoted(path) + " grew beyond " + std::to_string(max_bytes) + " bytes while being read";
    return false;
  }
  data.resize(have);
  bytes = std::move(data);
  return true;
}

bool check_writable_target(const std::string& path, std::string& error) {
  if (path.empty() || path.back() == '/') {
    error = "cannot create " + quoted(path) + ": not a file name";
    return false;
  }
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) {
      error = "cannot create " + quoted(path) + ": it exists and is not a regular file (" +
              (S_ISDIR(st.st_mode) ? "a folder" : "a device, pipe or socket") + "); refusing to replace it";
      return false;
    }
  } else if (errno != ENOENT) {
    error = "cannot create " + quoted(path) + ": " + reason(errno);
    return false;
  }
  const std::string folder = folder_of(path);
  if (::stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    error = "cannot create " + quoted(path) + ": the folder " + quoted(folder) + " does not exist";
    return false;
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    error = "cannot create " + quoted(path) + ": the folder " + quoted(folder) + " is not writable";
    return false;
  }
  return true;
}

bool write_file_atomic(const std::string& path, const uint8_t* data, size_t n, std::string& error) {
  if (!check_writable_target(path, error)) return false;

  // A fresh name: O_EXCL fails on anything already there (a planted symlink included, with
  // O_NOFOLLOW as a second guard), and then the next attempt number is tried.
  std::string temp;
  int fd_raw = -1;
  const std::string stem = path + "." + std::to_string(static_cast<long long>(::getpid())) + ".";
  for (int attempt = 0; attempt < 100 && fd_raw < 0; ++attempt) {
    temp = stem + std::to_string(attempt) + ".part";
    fd_raw = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd_raw < 0 && errno != EEXIST) {
      error = "cannot create " + quoted(temp) + ": " + reason(errno);
      return false;
    }
  }
  if (fd_raw < 0) {
    error = "cannot create a temporary file next to " + quoted(path) + ": every name is taken";
    return false;
  }
  Fd fd(fd_raw);
  auto fail = [&](const std::string& what, int err) {
    ::unlink(temp.c_str());
    error = what + " " + quoted(path) + ": " + reason(err);
    return false;
  };
  int err = 0;
  if (!write_all(fd.get(), data, n, err)) return fail("cannot write", err);
  if (::fsync(fd.get()) != 0) return fail("cannot write", errno);
  if (!fd.close()) return fail("cannot write", errno);
  // Checked again just before the rename: the target may have become a device meanwhile.
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    ::unlink(temp.c_str());
    error = "cannot create " + quoted(path) + ": it exists and is not a regular file; refusing to replace it";
    return false;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) return fail("cannot replace", errno);

  // The rename is durable only once the folder's entry is on disk. Some file systems cannot fsync
  // a folder (EINVAL); the data itself is then already safe.
  Fd dir(::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0 && ::fsync(dir.get()) != 0 && errno != EINVAL && errno != ENOTSUP) {
    error = "cannot write " + quoted(path) + ": syncing its folder failed: " + reason(errno);
    return false;
  }
  // The older writer left path + ".part" behind when it failed; never follow or remove a symlink.
  const std::string stale = path + ".part";
  if (::lstat(stale.c_str(), &st) == 0 && S_ISREG(st.st_mode)) ::unlink(stale.c_str());
  return true;
}

}  // namespace gan
