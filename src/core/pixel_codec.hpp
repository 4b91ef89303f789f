// Lossless compression of stacks of small greyscale images (the bundled datasets): each pixel is
// coded bit by bit with an adaptive binary range coder whose probabilities are conditioned on the
// already-coded neighbours (left, up, up-left, up-right). MNIST-like images shrink ~8×, so a
// 10,000-image set downloads as ~1 MB instead of 7.8 MB.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gan {

std::vector<uint8_t> encode_pixels(const uint8_t* pixels, int count, int rows, int cols);

// Decodes exactly count·rows·cols pixels into out. Returns false if the payload ends before they
// are all decoded (a truncated stream); wrong content is caught by the caller's checksum.
bool decode_pixels(const uint8_t* payload, size_t payload_size, int count, int rows, int cols,
                   uint8_t* out);

}  // namespace gan
