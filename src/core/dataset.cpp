// Reading and writing the .gds dataset format; see dataset.hpp for the layout.
#include "dataset.hpp"

#include "file_io.hpp"

#include <cstdio>
#include <new>
#include <stdexcept>

#include "bytes.hpp"
#include "pixel_codec.hpp"

namespace gan {
namespace {
constexpr char kMagic[8] = {'G', 'A', 'N', 'D', 'S', 'E', 'T', '\x1a'};
constexpr uint32_t kVersion = 2;  // also names the pixel coding (PixelCoding); version 1 files are still read
static_assert(static_cast<uint32_t>(kNewestPixelCoding) == kVersion, "the newest format writes the newest coding");
constexpr uint32_t kMaxCount = 1000000;
constexpr int kMaxSide = 256, kMaxClasses = 256;
constexpr size_t kMaxClassName = 64;

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

// Class names are shown on the page and in the terminal: printable, UTF-8 allowed, no control bytes.
bool valid_class_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxClassName) return false;
  for (unsigned char ch : name)
    if (ch < 0x20 || ch == 0x7F) return false;
  return true;
}

bool parse_checked(const uint8_t* bytes, size_t size, Dataset& out, std::string& error, const ParseOptions& options) {
  auto fail = [&](const std::string& why) {
    error = "dataset file rejected: " + why;
    return false;
  };
  if (size == 0) return fail("the file is empty");
  if (size < 32) return fail("the file is truncated (" + std::to_string(size) + " bytes, header needs 32)");
  ByteReader in(bytes, size);
  uint32_t version = 0;
  std::string why;
  if (!read_format_header(in, kMagic, kVersion, "dataset", version, why)) return fail(why);
  const uint32_t count = in.u32();
  const uint16_t rows = in.u16(), cols = in.u16(), classes = in.u16(), reserved = in.u16();
  const uint32_t crc = in.u32(), payload_size = in.u32();
  if (count == 0 || count > kMaxCount)
    return fail("image count " + std::to_string(count) + " out of range (1 … " + std::to_string(kMaxCount) + ")");
  if (rows == 0 || cols == 0 || rows > kMaxSide || cols > kMaxSide)
    return fail("image size " + std::to_string(rows) + "×" + std::to_string(cols) + " out of range (1 … 256 each)");
  if (classes == 0 || classes > kMaxClasses) return fail("class count " + std::to_string(classes) + " out of range (1 … 256)");
  if (reserved != 0) return fail("the reserved header field is not 0");

  Dataset d;
  d.name = in.str(64);
  const std::string names = in.str(classes * (kMaxClassName + 1));
  if (in.failed()) return fail("the file is truncated in its header");
  if (!valid_dataset_name(d.name)) return fail("bad dataset name (it must be 1 … 32 of a-z 0-9 _ -)");
  d.class_names = split(names, '|');
  if (d.class_names.size() != classes)
    return fail(std::to_string(d.class_names.size()) + " class names for " + std::to_string(classes) + " classes");
  for (const std::string& c : d.class_names)
    if (!valid_class_name(c)) return fail("bad class name (empty, too long or with control characters)");

  // Every size below in 64 bits: in wasm size_t has 32, and a header can make them wrap.
  const uint64_t expected = uint64_t(count) + payload_size;
  if (in.remaining() < count) return fail("the file is truncated in its labels");
  if (in.remaining() != expected)
    return fail(in.remaining() < expected ? "the file is truncated (" + std::to_string(expected - in.remaining()) + " bytes missing)"
                                          : "the file has " + std::to_string(in.remaining() - expected) + " unexpected trailing bytes");
  const uint64_t pixels = uint64_t(count) * rows * cols;  // ≤ 10^6 · 2^16: fits easily
  const std::string claim = std::to_string(count) + " images of " + std::to_string(rows) + "×" + std::to_string(cols);
  if (pixels > kMaxDatasetPixels)
    return fail(claim + " are " + std::to_string(pixels) + " pixels, more than the " + std::to_string(kMaxDatasetPixels >> 20) +
                " MiB this program holds");
  // The header's claim must be possible for the payload's real size before anything is allocated.
  const PixelCoding coding = static_cast<PixelCoding>(version);  // 1 or 2: read_format_header checked it
  if (pixels > max_pixels_in_payload(payload_size, coding))
    return fail("the pixel data (" + std::to_string(payload_size) + " bytes) is too short to hold " + claim);

  d.count = static_cast<int>(count);
  d.rows = rows;
  d.cols = cols;
  d.labels.assign(in.here(), in.here() + count);
  in.skip(count);
  for (uint8_t label : d.labels)
    if (label >= classes) return fail("label " + std::to_string(label) + " out of range (classes: " + std::to_string(classes) + ")");
  d.pixels.assign(static_cast<size_t>(pixels), 0);
  if (!decode_pixels(in.here(), payload_size, d.count, rows, cols, d.pixels.data(), why, coding)) return fail(why);
  d.checksum = crc32(d.pixels.data(), d.pixels.size(), crc32(d.labels.data(), d.labels.size()));
  if (options.verify_checksum && d.checksum != crc) return fail("checksum mismatch: the file is corrupt");
  out = std::move(d);
  return true;
}
}  // namespace

bool valid_dataset_name(const std::string& name) {
  if (name.empty() || name.size() > 32) return false;
  for (char ch : name)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-')) return false;
  return true;
}

bool parse_dataset(const uint8_t* bytes, size_t size, Dataset& out, std::string& error, const ParseOptions& options) {
  // The checks above bound every allocation by the file's size, but a browser heap can still be full.
  try {
    return parse_checked(bytes, size, out, error, options);
  } catch (const std::bad_alloc&) {
    error = "dataset file rejected: not enough memory to load it";
  } catch (const std::length_error&) {
    error = "dataset file rejected: not enough memory to load it";
  }
  return false;
}

std::vector<uint8_t> serialize_dataset(Dataset& data) {
  data.checksum = crc32(data.pixels.data(), data.pixels.size(), crc32(data.labels.data(), data.labels.size()));
  const std::vector<uint8_t> payload =
      encode_pixels(data.pixels.data(), data.count, data.rows, data.cols, static_cast<PixelCoding>(kVersion));
  std::string names;
  for (size_t i = 0; i < data.class_names.size(); ++i) names += (i ? "|" : "") + data.class_names[i];
  ByteWriter w;
  write_format_header(w, kMagic, kVersion);
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

bool load_dataset_file(const std::string& path, Dataset& out, std::string& error) {
  std::vector<uint8_t> bytes;
  if (!read_file_bounded(path, kMaxDatasetFileBytes, bytes, error)) return false;
  if (!parse_dataset(bytes.data(), bytes.size(), out, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

}  // namespace gan
