// Reading and writing the .gds dataset format; see dataset.hpp for the layout.
#include "dataset.hpp"

#include "file_io.hpp"

#include <algorithm>
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

std::string rejected(const std::string& why) { return "dataset file rejected: " + why; }
}  // namespace

bool valid_dataset_name(const std::string& name) {
  if (name.empty() || name.size() > 32) return false;
  for (char ch : name)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-')) return false;
  return true;
}

// What the reader knows once the header, names and labels are in.
struct DatasetReader::Header {
  Dataset data;  // everything but the pixels, which the decoder fills as their bytes come
  uint32_t crc = 0;
  size_t payload_offset = 0;  // the payload runs from here to the file's end
};

DatasetReader::DatasetReader(uint64_t file_size, const ParseOptions& options) : file_size_(file_size), options_(options) {
  if (file_size_ > kMaxDatasetFileBytes)
    error_ = rejected("the file is larger than " + std::to_string(kMaxDatasetFileBytes >> 20) + " MiB");
}

DatasetReader::~DatasetReader() = default;

bool DatasetReader::fail(const std::string& why, std::string& error) {
  error_ = rejected(why);
  error = error_;
  header_.reset();
  decoder_.reset();
  bytes_ = std::vector<uint8_t>();
  return false;
}

// Checks the header, names and labels once their bytes are in (all of them: complete). Returns false
// on a bad file; true with header_ still empty while more bytes are needed to say.
bool DatasetReader::read_header(bool complete, std::string& error) {
  const size_t size = bytes_.size();
  if (complete && size == 0) return fail("the file is empty", error);
  if (size < 32) return complete ? fail("the file is truncated (" + std::to_string(size) + " bytes, header needs 32)", error) : true;
  ByteReader in(bytes_.data(), size);
  uint32_t version = 0;
  std::string why;
  if (!read_format_header(in, kMagic, kVersion, "dataset", version, why)) return fail(why, error);
  const uint32_t count = in.u32();
  const uint16_t rows = in.u16(), cols = in.u16(), classes = in.u16(), reserved = in.u16();
  const uint32_t crc = in.u32(), payload_size = in.u32();
  if (count == 0 || count > kMaxCount)
    return fail("image count " + std::to_string(count) + " out of range (1 … " + std::to_string(kMaxCount) + ")", error);
  if (rows == 0 || cols == 0 || rows > kMaxSide || cols > kMaxSide)
    return fail("image size " + std::to_string(rows) + "×" + std::to_string(cols) + " out of range (1 … 256 each)", error);
  if (classes == 0 || classes > kMaxClasses) return fail("class count " + std::to_string(classes) + " out of range (1 … 256)", error);
  if (reserved != 0) return fail("the reserved header field is not 0", error);

  auto h = std::make_unique<Header>();
  Dataset& d = h->data;
  d.name = in.str(64);
  const std::string names = in.str(classes * (kMaxClassName + 1));
  if (in.failed()) return complete ? fail("the file is truncated in its header", error) : true;
  if (!valid_dataset_name(d.name)) return fail("bad dataset name (it must be 1 … 32 of a-z 0-9 _ -)", error);
  d.class_names = split(names, '|');
  if (d.class_names.size() != classes)
    return fail(std::to_string(d.class_names.size()) + " class names for " + std::to_string(classes) + " classes", error);
  for (const std::string& c : d.class_names)
    if (!valid_class_name(c)) return fail("bad class name (empty, too long or with control characters)", error);

  // Every size below in 64 bits: in wasm size_t has 32, and a header can make them wrap. What is
  // left of the file is judged by its whole size (announced, and checked when it has all come).
  const uint64_t expected = uint64_t(count) + payload_size, left = file_size_ - in.position();
  if (left < count) return fail("the file is truncated in its labels", error);
  if (left != expected)
    return fail(left < expected ? "the file is truncated (" + std::to_string(expected - left) + " bytes missing)"
                                : "the file has " + std::to_string(left - expected) + " unexpected trailing bytes",
                error);
  const uint64_t pixels = uint64_t(count) * rows * cols;  // ≤ 10^6 · 2^16: fits easily
  const std::string claim = std::to_string(count) + " images of " + std::to_string(rows) + "×" + std::to_string(cols);
  if (pixels > kMaxDatasetPixels)
    return fail(claim + " are " + std::to_string(pixels) + " pixels, more than the " + std::to_string(kMaxDatasetPixels >> 20) +
                    " MiB this program holds",
                error);
  // The header's claim must be possible for the payload's size before anything is allocated.
  const PixelCoding coding = static_cast<PixelCoding>(version);  // 1 or 2: read_format_header checked it
  if (pixels > max_pixels_in_payload(payload_size, coding))
    return fail("the pixel data (" + std::to_string(payload_size) + " bytes) is too short to hold " + claim, error);
  if (in.remaining() < count) return true;  // the labels are not all here yet

  d.count = static_cast<int>(count);
  d.rows = rows;
  d.cols = cols;
  d.labels.assign(in.here(), in.here() + count);
  in.skip(count);
  for (uint8_t label : d.labels)
    if (label >= classes) return fail("label " + std::to_string(label) + " out of range (classes: " + std::to_string(classes) + ")", error);
  h->crc = crc;
  h->payload_offset = in.position();
  decoder_ = std::make_unique<PixelDecoder>(d.count, rows, cols, coding);
  header_ = std::move(h);
  return true;
}

// Decodes what the bytes so far allow (all of it once complete). The pixels grow with the images
// decoded (doubling), so memory follows the work the bytes that really came allow.
bool DatasetReader::decode(bool complete, std::string& error) {
  Dataset& d = header_->data;
  const size_t image_size = static_cast<size_t>(d.image_size());
  const size_t available = bytes_.size() - header_->payload_offset;
  std::string why;
  for (;;) {
    const int done = decoder_->images_done();
    const int room = complete ? d.count : std::min(d.count, std::max(2 * done, done + 64));
    if (d.pixels.size() < room * image_size) d.pixels.resize(room * image_size);
    if (!decoder_->decode(bytes_.data() + header_->payload_offset, available, complete, d.pixels.data(), room, why))
      return fail(why, error);
    if (complete || decoder_->images_done() < room || room == d.count) return true;
  }
}

bool DatasetReader::add(const uint8_t* bytes, size_t size, std::string& error) {
  if (!error_.empty()) {
    error = error_;
    return false;
  }
  try {
    if (size > file_size_ - bytes_.size()) return fail("the file is longer than its announced " + std::to_string(file_size_) + " bytes", error);
    bytes_.insert(bytes_.end(), bytes, bytes + size);
    if (bytes_.size() == file_size_) return true;  // finish() reads the rest at once
    if (!header_ && !read_header(false, error)) return false;
    return !header_ || decode(false, error);
  } catch (const std::bad_alloc&) {
    return fail("not enough memory to load it", error);
  } catch (const std::length_error&) {
    return fail("not enough memory to load it", error);
  }
}

bool DatasetReader::finish(Dataset& out, std::string& error) {
  if (!error_.empty()) {
    error = error_;
    return false;
  }
  try {
    if (bytes_.size() != file_size_)
      return fail("the file is truncated (" + std::to_string(file_size_ - bytes_.size()) + " of its " + std::to_string(file_size_) +
                      " bytes missing)",
                  error);
    if (!header_ && !read_header(true, error)) return false;
    if (!decode(true, error)) return false;
    Dataset& d = header_->data;
    d.checksum = crc32(d.pixels.data(), d.pixels.size(), crc32(d.labels.data(), d.labels.size()));
    if (options_.verify_checksum && d.checksum != header_->crc) return fail("checksum mismatch: the file is corrupt", error);
    out = std::move(d);
    header_.reset();
    decoder_.reset();
    bytes_ = std::vector<uint8_t>();
    error_ = rejected("the file was read already");
    return true;
  } catch (const std::bad_alloc&) {
    return fail("not enough memory to load it", error);
  } catch (const std::length_error&) {
    return fail("not enough memory to load it", error);
  }
}

int DatasetReader::images_decoded() const { return decoder_ ? decoder_->images_done() : 0; }

bool parse_dataset(const uint8_t* bytes, size_t size, Dataset& out, std::string& error, const ParseOptions& options) {
  DatasetReader reader(size, options);
  return reader.add(bytes, size, error) && reader.finish(out, error);
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
