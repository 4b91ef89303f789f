// libFuzzer target for the pixel codec alone. Bytes 0-2 choose the image count (1-8), rows and
// columns (1-32 each); the rest is both a coded payload to decode and raw pixels to encode, in each
// coding (PixelCoding). Decoding must stop cleanly at the payload's end, never succeed on more
// pixels than the payload bound allows, and whatever it decodes (and whatever is encoded) must
// round-trip exactly.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/pixel_codec.hpp"

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}

void round_trip(const std::vector<uint8_t>& pixels, int count, int rows, int cols, gan::PixelCoding coding) {
  const std::vector<uint8_t> coded = gan::encode_pixels(pixels.data(), count, rows, cols, coding);
  check(pixels.size() <= gan::max_pixels_in_payload(coded.size(), coding));
  std::vector<uint8_t> back(pixels.size());
  std::string error;
  check(gan::decode_pixels(coded.data(), coded.size(), count, rows, cols, back.data(), error, coding));
  check(back == pixels);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  const int count = 1 + data[0] % 8, rows = 1 + data[1] % 32, cols = 1 + data[2] % 32;
  const uint8_t* payload = data + 3;
  const size_t payload_size = size - 3;
  const size_t total = static_cast<size_t>(count) * rows * cols;

  for (const auto coding : {gan::PixelCoding::kEightDecisions, gan::PixelCoding::kZeroFirst}) {
    std::vector<uint8_t> pixels(total);
    std::string error;
    if (gan::decode_pixels(payload, payload_size, count, rows, cols, pixels.data(), error, coding)) {
      check(total <= gan::max_pixels_in_payload(payload_size, coding));
      round_trip(pixels, count, rows, cols, coding);
    } else {
      check(!error.empty());
    }
    if (payload_size >= total) round_trip(std::vector<uint8_t>(payload, payload + total), count, rows, cols, coding);
  }
  return 0;
}
