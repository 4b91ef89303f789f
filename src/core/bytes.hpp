// Little-endian byte writing and bounds-checked reading, CRC-32, and the header shared by the
// project's binary file formats (.gds datasets, checkpoints, .gjd judges).
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace gan {

uint32_t crc32(const uint8_t* data, size_t n, uint32_t crc = 0);

class ByteWriter {
 public:
  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { raw(&v, 2); }
  void u32(uint32_t v) { raw(&v, 4); }
  void u64(uint64_t v) { raw(&v, 8); }
  void f32(float v) { raw(&v, 4); }
  void str(const std::string& s) {
    u32(static_cast<uint32_t>(s.size()));
    raw(s.data(), s.size());
  }
  void floats(const float* p, size_t n) { raw(p, n * sizeof(float)); }
  void raw(const void* p, size_t n) {  // the project supports little-endian hosts only (x86, wasm)
    if (n == 0) return;
    const auto* b = static_cast<const uint8_t*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  std::vector<uint8_t>& bytes() { return out_; }

 private:
  std::vector<uint8_t> out_;
};

// Reads fixed-size fields; any read past the end sets failed() and yields zeros, so a parser can
// read a whole structure and check once.
class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t n) : p_(data), n_(n) {}
  uint8_t u8() { uint8_t v = 0; raw(&v, 1); return v; }
  uint16_t u16() { uint16_t v = 0; raw(&v, 2); return v; }
  uint32_t u32() { uint32_t v = 0; raw(&v, 4); return v; }
  uint64_t u64() { uint64_t v = 0; raw(&v, 8); return v; }
  float f32() { float v = 0; raw(&v, 4); return v; }
  std::string str(size_t max_len) {
    const uint32_t len = u32();
    if (len > max_len || len > remaining()) { failed_ = true; return {}; }
    std::string s(reinterpret_cast<const char*>(p_ + pos_), len);
    pos_ += len;
    return s;
  }
  void floats(float* out, size_t n) { raw(out, n * sizeof(float)); }
  void raw(void* out, size_t n) {
    if (n == 0) return;
    if (failed_ || n > remaining()) { failed_ = true; std::memset(out, 0, n); return; }
    std::memcpy(out, p_ + pos_, n);
    pos_ += n;
  }
  const uint8_t* here() const { return p_ + pos_; }
  void skip(size_t n) { if (n > remaining()) failed_ = true; else pos_ += n; }
  size_t remaining() const { return n_ - pos_; }
  size_t position() const { return pos_; }
  bool failed() const { return failed_; }

 private:
  const uint8_t* p_;
  size_t n_, pos_ = 0;
  bool failed_ = false;
};

// Every project file format starts with the same 12 bytes: 8 magic bytes, then a u32 format version.
// read_format_header reads them at `in`'s position (normally the file's start) and checks them. `what` names the kind of file
// for the messages ("dataset", "checkpoint", "judge"): "the file is too short to be a dataset file",
// "not a dataset file (wrong magic)", "version 3 is newer than this program reads (1)",
// "unknown dataset format version 0". Versions 1 … newest_version are accepted; on success `version`
// holds the file's and `in` is positioned just after the header. On failure `version` is unchanged.
bool read_format_header(ByteReader& in, const char (&magic)[8], uint32_t newest_version, const char* what,
                        uint32_t& version, std::string& error);
void write_format_header(ByteWriter& out, const char (&magic)[8], uint32_t version);

}  // namespace gan
