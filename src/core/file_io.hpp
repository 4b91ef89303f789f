// Reading and writing whole files safely, for every input and output of the native programs.
//   - Reading is bounded: only regular files (a device such as /dev/zero or a pipe would never end
//     or would block) and only up to a size the caller chooses, so a wrong path cannot exhaust memory.
//   - Writing is atomic: the bytes go to a new temporary file next to the target, created with
//     O_CREAT|O_EXCL|O_NOFOLLOW so a symlink planted at that name is never followed; every write is
//     checked (a full disk is an error, not a silently short file), the file is fsync'd, renamed over
//     the target, and the folder is fsync'd. Either the target holds all the new bytes or it is left
//     exactly as it was. A target that exists and is not a regular file (a device, a folder, a pipe)
//     is refused, so `--save /dev/null` run as root never replaces the device.
// Errors are false plus a message naming the path; on failure the output arguments are unchanged.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace gan {

// The whole file into bytes. Refuses anything but a regular file and files larger than max_bytes.
bool read_file_bounded(const std::string& path, size_t max_bytes, std::vector<uint8_t>& bytes, std::string& error);

// Whether write_file_atomic(path, …) can be expected to succeed: the name is not empty and does not
// end in '/', its folder exists and is writable, and the target, if it exists, is a regular file
// (a symlink to a regular file counts; the symlink itself is then replaced, not its destination).
// Programs call it for every output before long work, so a run never ends in a lost result.
bool check_writable_target(const std::string& path, std::string& error);

// Replaces path with the n bytes at data (or creates it, mode 0644 less the umask), atomically as
// described above. The temporary file is named path + "." + <process id> + "." + <attempt> + ".part"
// (the attempt number grows while such a name is taken); it is removed on failure. A regular file
// named path + ".part", left by the plain writer this replaces, is removed after a success.
bool write_file_atomic(const std::string& path, const uint8_t* data, size_t n, std::string& error);
inline bool write_file_atomic(const std::string& path, const std::vector<uint8_t>& bytes, std::string& error) {
  return write_file_atomic(path, bytes.data(), bytes.size(), error);
}

}  // namespace gan
