// PNG output for the CLI through stb_image_write (libstb-dev).
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

#include "png.hpp"

bool write_png_grey(const std::string& path, const std::vector<uint8_t>& pixels, int w, int h, int scale) {
  std::vector<uint8_t> big(static_cast<size_t>(w) * scale * h * scale);
  for (int y = 0; y < h * scale; ++y)
    for (int x = 0; x < w * scale; ++x) big[static_cast<size_t>(y) * w * scale + x] = pixels[static_cast<size_t>(y / scale) * w + x / scale];
  return stbi_write_png(path.c_str(), w * scale, h * scale, 1, big.data(), w * scale) != 0;
}
