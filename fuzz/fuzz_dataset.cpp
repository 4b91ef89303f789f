// libFuzzer target for the .gds reader, the first thing to touch a dataset file from anywhere.
// The CRC covers the decoded images, so mutated bytes almost never pass it and a CRC fix-up would
// need the decoder first: inputs are parsed with the checksum not verified (ParseOptions, for this
// target only), which lets the fuzzer reach the decoder and everything after it. What parses must
// hold what it claims, be accepted by the strict reader exactly when its CRC field is right (and
// after fixing it), and survive a write-read round trip. Read in pieces (as it downloads; split
// points from the input), every file gets the verdict and the content of a read in one piece.
#include <cstdint>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "core/dataset.hpp"

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}

bool same(const gan::Dataset& a, const gan::Dataset& b) {
  return a.name == b.name && a.class_names == b.class_names && a.count == b.count && a.rows == b.rows && a.cols == b.cols &&
         a.labels == b.labels && a.pixels == b.pixels && a.checksum == b.checksum;
}
}  // namespace

// Reads the file in pieces of 1 … 256 bytes and more, their sizes taken from its own bytes.
bool read_in_pieces(const uint8_t* data, size_t size, const gan::ParseOptions& options, gan::Dataset& out) {
  gan::DatasetReader reader(size, options);
  std::string error;
  size_t at = 0;
  for (size_t k = 0; at < size; ++k) {
    const size_t piece = std::min(size - at, size_t(1) + data[(k * 7) % size] * (k % 3 == 2 ? 97 : 1));
    if (!reader.add(data + at, piece, error)) return false;
    at += piece;
  }
  return reader.finish(out, error);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gan::ParseOptions lenient;
  lenient.verify_checksum = false;
  gan::Dataset d;
  d.name = "untouched";
  std::string error;
  const bool whole = gan::parse_dataset(data, size, d, error, lenient);
  gan::Dataset pieces;
  check(read_in_pieces(data, size, lenient, pieces) == whole);
  if (whole) check(same(pieces, d));
  if (!whole) {
    // The checksum is the last check, so the strict reader would fail the same way: not run twice.
    check(d.name == "untouched" && d.pixels.empty() && !error.empty());
    return 0;
  }
  check(d.count > 0 && d.rows > 0 && d.cols > 0 && gan::valid_dataset_name(d.name));
  check(d.labels.size() == static_cast<size_t>(d.count));
  check(d.pixels.size() == static_cast<size_t>(d.count) * d.rows * d.cols);
  check(d.pixels.size() <= gan::kMaxDatasetPixels);
  for (uint8_t label : d.labels) check(label < d.num_classes());

  // The strict reader accepts exactly when the CRC field (offset 24) matches, then the same content.
  std::vector<uint8_t> fixed(data, data + size);
  uint32_t stored;
  std::memcpy(&stored, data + 24, 4);
  gan::Dataset strict;
  check(gan::parse_dataset(data, size, strict, error) == (stored == d.checksum));
  std::memcpy(fixed.data() + 24, &d.checksum, 4);
  check(gan::parse_dataset(fixed.data(), fixed.size(), strict, error));
  check(same(strict, d));

  // What was read can be written and read back unchanged (the coded bytes may differ).
  gan::Dataset copy = d;
  const std::vector<uint8_t> bytes = gan::serialize_dataset(copy);
  gan::Dataset back;
  check(gan::parse_dataset(bytes.data(), bytes.size(), back, error));
  check(same(back, d));
  return 0;
}
