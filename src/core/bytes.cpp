// CRC-32 (the IEEE polynomial used by zip and PNG, table built on first use) and the common file
// header; see bytes.hpp.
#include "bytes.hpp"

#include <array>

namespace gan {

uint32_t crc32(const uint8_t* data, size_t n, uint32_t crc) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

bool read_format_header(ByteReader& in, const char (&magic)[8], uint32_t newest_version, const char* what,
                        uint32_t& version, std::string& error) {
  const std::string kind = what;
  if (in.remaining() < 12) {
    error = "the file is too short to be a " + kind + " file";
    return false;
  }
  char found[8];
  in.raw(found, 8);
  if (std::memcmp(found, magic, 8) != 0) {
    error = "not a " + kind + " file (wrong magic)";
    return false;
  }
  const uint32_t v = in.u32();
  if (v > newest_version) {
    error = "version " + std::to_string(v) + " is newer than this program reads (" + std::to_string(newest_version) + ")";
    return false;
  }
  if (v == 0) {  // no format was ever written as version 0
    error = "unknown " + kind + " format version 0";
    return false;
  }
  version = v;
  return true;
}

void write_format_header(ByteWriter& out, const char (&magic)[8], uint32_t version) {
  out.raw(magic, 8);
  out.u32(version);
}

}  // namespace gan
