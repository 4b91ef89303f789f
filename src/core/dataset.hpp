// The bundled image datasets: an in-memory set of labelled 8-bit images, and the one validating
// reader/writer of the project's dataset file format (.gds):
//   offset size
//   0      8    magic "GANDSET\x1a"
//   8      4    format version (2; 1 is read too: it differs only in the pixel coding)
//   12     4    image count          (1 … 1,000,000)
//   16     2,2  rows, cols           (1 … 256 each)
//   20     2    number of classes    (1 … 256)
//   22     2    reserved (0)
//   24     4    CRC-32 of labels followed by pixels (decoded)
//   28     4    payload size in bytes (compressed pixels)
//   32     …    name (u32 length + bytes), class names (u32 length + '|'-separated bytes)
//   …      count   labels, one byte each
//   …      payload pixels coded by pixel_codec (PixelCoding = the version), row-major, image after image
// The file must end exactly after the payload. Integers are little-endian.
// Files are untrusted (a page may load one from anywhere): the reader checks every claim of the
// header against the file's size before allocating pixels (a download's announced size is checked
// again when its last byte is in; meanwhile the pixels grow only with the images decoded), and holds
// at most kMaxDatasetPixels decoded pixels, what a 32-bit wasm heap can spare.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gan {

struct Dataset {
  std::string name;                      // "digits", "fashion"
  std::vector<std::string> class_names;  // one per class
  int count = 0, rows = 0, cols = 0;
  std::vector<uint8_t> labels;  // count
  std::vector<uint8_t> pixels;  // count × rows × cols, row-major
  uint32_t checksum = 0;        // CRC-32 of labels and pixels: identifies the data in checkpoints

  int image_size() const { return rows * cols; }
  int num_classes() const { return static_cast<int>(class_names.size()); }
  const uint8_t* image(int i) const { return pixels.data() + static_cast<size_t>(i) * image_size(); }
};

constexpr uint64_t kMaxDatasetPixels = uint64_t(256) << 20;  // 256 MiB decoded

// A dataset name is a plain identifier, [a-z0-9_-]{1,32}: other code builds file names from it.
bool valid_dataset_name(const std::string& name);

struct ParseOptions {
  bool verify_checksum = true;  // false only for the fuzzer, so it can reach past the CRC
};

class PixelDecoder;

// Reads a .gds file that arrives in pieces (a download), given its whole size up front (the
// server's Content-Length): its header, names and labels are checked as soon as their bytes are
// in, then its images are decoded as their bytes arrive, so that little is left to do when the last
// piece comes. A file read in one piece (parse_dataset) goes through the same checks: pieces can
// only delay a verdict, never change it. Memory follows the bytes that have really come (the pixels
// grow with the images decoded), not what the header or the announced size claim.
class DatasetReader {
 public:
  explicit DatasetReader(uint64_t file_size, const ParseOptions& options = ParseOptions());
  ~DatasetReader();
  // Appends the next piece. False with a message once the file cannot be a good one (every later
  // call then fails the same way); never throws.
  bool add(const uint8_t* bytes, size_t size, std::string& error);
  // After the last piece: decodes what is left, checks the end and the checksum, and hands the
  // dataset over. On failure out is unchanged.
  bool finish(Dataset& out, std::string& error);
  int images_decoded() const;

 private:
  struct Header;
  bool fail(const std::string& why, std::string& error);
  bool read_header(bool complete, std::string& error);
  bool decode(bool complete, std::string& error);
  uint64_t file_size_;
  ParseOptions options_;
  std::vector<uint8_t> bytes_;
  std::unique_ptr<Header> header_;
  std::unique_ptr<PixelDecoder> decoder_;
  std::string error_;
};

// Parses a .gds file. On any problem returns false with a message naming what is wrong, and leaves
// out unchanged; never throws (running out of memory is reported as an error too).
bool parse_dataset(const uint8_t* bytes, size_t size, Dataset& out, std::string& error,
                   const ParseOptions& options = ParseOptions());
bool load_dataset_file(const std::string& path, Dataset& out, std::string& error);

// Serialises (compresses) a dataset; fills in its checksum.
std::vector<uint8_t> serialize_dataset(Dataset& data);

// The largest .gds file load_dataset_file reads (the bundled ones are 1.3 and 3.4 MB).
constexpr size_t kMaxDatasetFileBytes = size_t(256) << 20;

}  // namespace gan
