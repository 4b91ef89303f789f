// libFuzzer target for the pixel codec alone. Bytes 0-2 choose the image count (1-8), rows and
// columns (1-32 each); the rest is both a coded payload to decode and raw pixels to encode, in each
// coding (PixelCoding). Decoding must stop cleanly at the payload's end, never succeed on more
// pixels than the payload bound allows, and whatever it decodes (and whatever is encoded) must
// round-trip exactly. Decoded in pieces (as during a download; the split points come from the
// input), the verdict and the pixels must be those of decoding at once: the decoder's bound on the
// bytes an image can need must never let it read past what has come.
#include <cstdint>
#include <cstdlib>
#include <utility>
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

// Decodes in three pieces, split at the given fractions (out of 256) of the payload.
bool decode_in_pieces(const uint8_t* payload, size_t size, int count, int rows, int cols, gan::PixelCoding coding,
                      uint8_t cut1, uint8_t cut2, std::vector<uint8_t>& out) {
  size_t a = size * cut1 / 256, b = size * cut2 / 256;
  if (a > b) std::swap(a, b);
  gan::PixelDecoder decoder(count, rows, cols, coding);
  std::string error;
  for (const size_t available : {a, b})
    if (!decoder.decode(payload, available, false, out.data(), count, error)) std::abort();  // a piece never fails on its own
  return decoder.decode(payload, size, true, out.data(), count, error);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  const int count = 1 + data[0] % 8, rows = 1 + data[1] % 32, cols = 1 + data[2] % 32;
  const uint8_t* payload = data + 3;
  const size_t payload_size = size - 3;
  const size_t total = static_cast<size_t>(count) * rows * cols;

  for (const auto coding : {gan::PixelCoding::kEightDecisions, gan::PixelCoding::kZeroFirst}) {
    std::vector<uint8_t> pixels(total), pieces(total);
    std::string error;
    const bool whole = gan::decode_pixels(payload, payload_size, count, rows, cols, pixels.data(), error, coding);
    const uint8_t cut1 = payload_size > 0 ? payload[payload_size - 1] : 0, cut2 = payload_size > 1 ? payload[payload_size - 2] : 0;
    check(decode_in_pieces(payload, payload_size, count, rows, cols, coding, cut1, cut2, pieces) == whole);
    if (whole) check(pieces == pixels);
    if (whole) {
      check(total <= gan::max_pixels_in_payload(payload_size, coding));
      round_trip(pixels, count, rows, cols, coding);
    } else {
      check(!error.empty());
    }
    if (payload_size >= total) round_trip(std::vector<uint8_t>(payload, payload + total), count, rows, cols, coding);
  }
  return 0;
}
