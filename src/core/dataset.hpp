// The bundled image datasets: an in-memory set of labelled 8-bit images, and the one validating
// reader/writer of the project's dataset file format (.gds):
//   offset size
//   0      8    magic "GANDSET\x1a"
//   8      4    format version (1)
//   12     4    image count          (1 … 1,000,000)
//   16     2,2  rows, cols           (1 … 256 each)
//   20     2    number of classes    (1 … 256)
//   22     2    reserved (0)
//   24     4    CRC-32 of labels followed by pixels (decoded)
//   28     4    payload size in bytes (compressed pixels)
//   32     …    name (u32 length + bytes), class names (u32 length + '|'-separated bytes)
//   …      count   labels, one byte each
//   …      payload pixels coded by pixel_codec, row-major, image after image
// The file must end exactly after the payload. Integers are little-endian.
#pragma once
#include <cstdint>
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

// Parses a .gds file. On any problem returns false with a message naming what is wrong, and leaves
// out unchanged.
bool parse_dataset(const uint8_t* bytes, size_t size, Dataset& out, std::string& error);
bool load_dataset_file(const std::string& path, Dataset& out, std::string& error);

// Serialises (compresses) a dataset; fills in its checksum.
std::vector<uint8_t> serialize_dataset(Dataset& data);

// Reads a whole file; false with a message if it cannot be opened or read.
bool read_file(const std::string& path, std::vector<uint8_t>& bytes, std::string& error);
bool write_file(const std::string& path, const std::vector<uint8_t>& bytes, std::string& error);

}  // namespace gan
