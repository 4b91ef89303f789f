// The safe file reader and writer (core/file_io.hpp): atomic replacement that keeps the old content
// when writing fails, refusal of devices, folders and pipes, symlinks never followed, bounded reads.
// Native only: the page has no file system, and the wasm suite cannot make devices, FIFOs or limits.
#ifndef __EMSCRIPTEN__
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/file_io.hpp"

using namespace gan;
namespace fs = std::filesystem;

namespace {

// A fresh folder under the system's temporary folder, removed with everything in it.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "gan-file-io-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

bool write_text(const std::string& path, const std::string& text, std::string& error) {
  return write_file_atomic(path, reinterpret_cast<const uint8_t*>(text.data()), text.size(), error);
}

size_t entries(const fs::path& dir) { return static_cast<size_t>(std::distance(fs::directory_iterator(dir), {})); }

bool is_char_device(const char* path) {
  struct stat st;
  return ::stat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

std::string temp_name(const std::string& target, int attempt) {
  return target + "." + std::to_string(static_cast<long long>(::getpid())) + "." + std::to_string(attempt) + ".part";
}

}  // namespace

TEST_CASE("write_file_atomic creates and replaces a file, leaving no temporary behind", "[file_io]") {
  TempDir dir;
  const std::string target = dir / "out.bin";
  std::string err;
  REQUIRE(write_text(target, "first", err));
  CHECK(slurp(target) == "first");
  REQUIRE(write_text(target, "second, longer", err));
  CHECK(slurp(target) == "second, longer");
  REQUIRE(write_text(target, "", err));  // an empty output is a valid output
  CHECK(fs::file_size(target) == 0);
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("write_file_atomic refuses a folder as the target", "[file_io]") {
  TempDir dir;
  const std::string target = dir / "sub";
  fs::create_directory(target);
  put(target + "/inside", "kept");
  std::string err;
  CHECK_FALSE(write_text(target, "x", err));
  CHECK(err.find("not a regular file") != std::string::npos);
  CHECK(fs::is_directory(target));
  CHECK(slurp(target + "/inside") == "kept");
  CHECK_FALSE(check_writable_target(target, err));
  CHECK_FALSE(check_writable_target(target + "/", err));  // names a folder, not a file
}

TEST_CASE("write_file_atomic never replaces /dev/null or writes into /dev/full", "[file_io]") {
  REQUIRE(is_char_device("/dev/null"));
  std::string err;
  CHECK_FALSE(check_writable_target("/dev/null", err));
  CHECK(err.find("/dev/null") != std::string::npos);
  err.clear();
  CHECK_FALSE(write_text("/dev/null", "x", err));  // as root, rename() would replace the device
  CHECK(err.find("refusing to replace") != std::string::npos);
  CHECK(is_char_device("/dev/null"));
  if (is_char_device("/dev/full")) {
    CHECK_FALSE(write_text("/dev/full", "x", err));
    CHECK(is_char_device("/dev/full"));
  }
}

TEST_CASE("write_file_atomic does not follow a symlink planted at its temporary name", "[file_io]") {
  TempDir dir;
  const std::string target = dir / "out.ckpt", victim = dir / "victim";
  put(victim, "precious");
  // The next temporary name, and the fixed name an older version used.
  fs::create_symlink(victim, temp_name(target, 0));
  fs::create_symlink(victim, target + ".part");
  std::string err;
  REQUIRE(write_text(target, "new content", err));
  CHECK(slurp(victim) == "precious");
  CHECK(slurp(target) == "new content");
  CHECK(fs::is_symlink(temp_name(target, 0)));  // someone else's file: left alone
  CHECK(fs::is_symlink(target + ".part"));
  CHECK_FALSE(fs::exists(fs::symlink_status(temp_name(target, 1))));  // the attempt that was used is gone
}

TEST_CASE("write_file_atomic removes a stale .part left by the older writer", "[file_io]") {
  TempDir dir;
  const std::string target = dir / "grid.png";
  put(target + ".part", "half a file");
  std::string err;
  REQUIRE(write_text(target, "whole", err));
  CHECK(slurp(target) == "whole");
  CHECK_FALSE(fs::exists(target + ".part"));
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("write_file_atomic fails with a message when the folder is missing", "[file_io]") {
  TempDir dir;
  const std::string target = dir / "missing/out.csv";
  std::string err;
  CHECK_FALSE(check_writable_target(target, err));
  CHECK(err.find("does not exist") != std::string::npos);
  err.clear();
  CHECK_FALSE(write_text(target, "x", err));
  CHECK(err.find("cannot create") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "missing"));
  CHECK_FALSE(check_writable_target("", err));
}

TEST_CASE("write_file_atomic keeps the old content when a write fails part-way", "[file_io]") {
  // A file size limit makes write() fail with EFBIG after the first bytes, like a disk that fills
  // up mid-file (and unlike an unwritable folder, it also holds for root).
  TempDir dir;
  const std::string target = dir / "model.ckpt";
  put(target, "old checkpoint");
  const std::vector<uint8_t> big(1 << 20, 7);
  struct rlimit old_limit;
  REQUIRE(getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
  void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
  struct rlimit low = old_limit;
  low.rlim_cur = 4096;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &low) == 0);
  std::string err;
  const bool ok = write_file_atomic(target, big, err);
  setrlimit(RLIMIT_FSIZE, &old_limit);
  signal(SIGXFSZ, old_handler);
  CHECK_FALSE(ok);
  CHECK(err.find("cannot write") != std::string::npos);
  CHECK(slurp(target) == "old checkpoint");
  CHECK(entries(dir.path) == 1);  // the partial temporary file was removed
}

TEST_CASE("read_file_bounded reads regular files up to a limit and refuses everything else", "[file_io]") {
  TempDir dir;
  const std::string file = dir / "data.gds";
  put(file, "0123456789");
  std::vector<uint8_t> bytes = {42};
  std::string err;
  REQUIRE(read_file_bounded(file, 10, bytes, err));
  CHECK(std::string(bytes.begin(), bytes.end()) == "0123456789");

  bytes = {42};
  CHECK_FALSE(read_file_bounded(file, 9, bytes, err));
  CHECK(err.find("too large") != std::string::npos);
  CHECK(bytes == std::vector<uint8_t>{42});  // unchanged on failure

  CHECK_FALSE(read_file_bounded("/dev/zero", 1 << 20, bytes, err));  // would never end
  CHECK(err.find("not a regular file") != std::string::npos);
  CHECK_FALSE(read_file_bounded(dir.path.string(), 1 << 20, bytes, err));
  const std::string fifo = dir / "pipe";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_FALSE(read_file_bounded(fifo, 1 << 20, bytes, err));  // refused, without waiting for a writer
  CHECK_FALSE(read_file_bounded(dir / "missing", 1 << 20, bytes, err));
  CHECK(err.find("cannot open") != std::string::npos);
  CHECK(bytes == std::vector<uint8_t>{42});

  put(file, "");
  REQUIRE(read_file_bounded(file, 0, bytes, err));
  CHECK(bytes.empty());
}

#endif  // __EMSCRIPTEN__
