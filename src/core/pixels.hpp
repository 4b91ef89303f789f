// The one conversion between 8-bit pixels (0 = black … 255 = white) and the networks' range [-1, 1]:
// x = pixel / 127.5 − 1, and back pixel = round((x + 1) · 127.5), clamped to [0, 255] (NaN → 0).
#pragma once
#include <cstdint>

namespace gan {

inline float pixel_to_unit(uint8_t pixel) { return static_cast<float>(pixel) * (1.0f / 127.5f) - 1.0f; }

inline uint8_t unit_to_pixel(float x) {
  const float v = (x + 1.0f) * 127.5f + 0.5f;
  return static_cast<uint8_t>(!(v > 0.0f) ? 0.0f : v >= 255.0f ? 255.0f : v);
}

}  // namespace gan
