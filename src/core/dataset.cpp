// Reading and writing the .gds dataset format; see dataset.hpp for the layout.
#include "dataset.hpp"

#include <cstdio>
#include <cstring>

#include "bytes.hpp"
#include "pixel_codec.hpp"

namespace gan {
namespace {
constexpr char kMagic[8] = {'G', 'A', 'N', 'D', 'S', 'E', 'T', '\x1a'};
constexpr uint32_t kVersion = 1;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}
}  // namespace

bool parse_dataset(const uint8_t* bytes, size_t size, Dataset& out, std::string& error) {
  auto fail = [&](const std::string& why) {
    error = "dataset file rejected: " + why;
    return false;
  };
  if (size == 0) return fail("the file is empty");
  if (size < 32) return fail("the file is truncated (" + std::to_string(size) + " bytes, header needs 32)");
  if (std::memcmp(bytes, kMagic, 8) != 0) return fail("not a dataset file (wrong magic bytes)");
  ByteReader in(bytes + 8, size - 8);
  const uint32_t version = in.u32();
  if (version > kVersion)
    return fail("written by a newer version (" + std::to_string(version) + ") of the format; this program reads version " +
                std::to_string(kVersion));
  if (version != kVersion) return fail("unknown format version " + std::to_string(version));
  const uint32_t count = in.u32();
  const uint16_t rows = in.u16(), cols = in.u16(), classes = in.u16(), reserved = in.u16();
  const uint32_t crc = in.u32(), payload_size = in.u32();
  if (count == 0 || count > 1000000) return fail("image count " + std::to_string(count) + " out of range");
  if (rows == 0 || cols == 0 || rows > 256 || cols > 256) return fail("image size out of range");
  if (classes == 0 || classes > 256 || reserved != 0) return fail("bad class count or reserved field");
  Dataset d;
  d.name = in.str(64);
  const std::string names = in.str(4096);
  if (in.failed()) return fail("the file is truncated in its header");
  d.class_names = split(names, '|');
  if (d.name.empty() || d.class_names.size() != classes) return fail("bad name or class names");
  if (in.remaining() < count) return fail("the file is truncated in its labels");
  const size_t expected = static_cast<size_t>(count) + payload_size;
  if (in.remaining() != expected)
    return fail(in.remaining() < expected ? "the file is truncated (" + std::to_string(expected - in.remaining()) + " bytes missing)"
                                          : "the file has " + std::to_string(in.remaining() - expected) + " unexpected trailing bytes");
  d.count = static_cast<int>(count);
  d.rows = rows;
  d.cols = cols;
  d.labels.assign(in.here(), in.here() + count);
  in.skip(count);
  for (uint8_t label : d.labels)
    if (label >= classes) return fail("label " + std::to_string(label) + " out of range (classes: " + std::to_string(classes) + ")");
  d.pixels.assign(static_cast<size_t>(count) * rows * cols, 0);
  if (!decode_pixels(in.here(), payload_size, d.count, rows, cols, d.pixels.data()))
    return fail("the pixel data is truncated");
  d.checksum = crc32(d.pixels.data(), d.pixels.size(), crc32(d.labels.data(), d.labels.size()));
  if (d.checksum != crc) return fail("checksum mismatch: the file is corrupt");
  out = std::move(d);
  return true;
}

std::vector<uint8_t> serialize_dataset(Dataset& data) {
  data.checksum = crc32(data.pixels.data(), data.pixels.size(), crc32(data.labels.data(), data.labels.size()));
  const std::vector<uint8_t> payload = encode_pixels(data.pixels.data(), data.count, data.rows, data.cols);
  std::string names;
  for (size_t i = 0; i < data.class_names.size(); ++i) names += (i ? "|" : "") + data.class_names[i];
  ByteWriter w;
  w.raw(kMagic, 8);
  w.u32(kVersion);
  w.u32(static_cast<uint32_t>(data.count));
  w.u16(static_cast<uint16_t>(data.rows));
  w.u16(static_cast<uint16_t>(data.cols));
  w.u16(static_cast<uint16_t>(data.class_names.size()));
  w.u16(0);
  w.u32(data.checksum);
  w.u32(static_cast<uint32_t>(payload.size()));
  w.str(data.name);
  w.str(names);
  w.raw(data.labels.data(), data.labels.size());
  w.raw(payload.data(), payload.size());
  return std::move(w.bytes());
}

bool read_file(const std::string& path, std::vector<uint8_t>& bytes, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    error = "cannot open '" + path + "'";
    return false;
  }
  bytes.clear();
  uint8_t buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.insert(bytes.end(), buf, buf + n);
  const bool ok = !std::ferror(f);
  std::fclose(f);
  if (!ok) error = "error reading '" + path + "'";
  return ok;
}

bool write_file(const std::string& path, const std::vector<uint8_t>& bytes, std::string& error) {
  // Write to a temporary name and rename, so a failed write never destroys an existing file.
  const std::string tmp = path + ".part";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) {
    error = "cannot create '" + path + "'";
    return false;
  }
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    error = "error writing '" + path + "'";
    return false;
  }
  return true;
}

bool load_dataset_file(const std::string& path, Dataset& out, std::string& error) {
  std::vector<uint8_t> bytes;
  if (!read_file(path, bytes, error)) return false;
  if (!parse_dataset(bytes.data(), bytes.size(), out, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

}  // namespace gan
