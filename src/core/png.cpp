// PNG output through stb_image_write (libstb-dev; the build copies its one header, so the wasm
// build needs no host include path). Encoded in memory rather than with stbi_write_png(path), so
// files are written by the one safe writer (core/file_io.hpp) and the page can download the bytes.
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC  // stb's functions stay private to this file
#define STBI_WRITE_NO_STDIO     // never writes files itself
#include <stb/stb_image_write.h>

#include "png.hpp"

#include "file_io.hpp"

namespace gan {

std::vector<uint8_t> encode_png_grey(const std::vector<uint8_t>& pixels, int w, int h, int scale) {
  std::vector<uint8_t> big(static_cast<size_t>(w) * scale * h * scale);
  for (int y = 0; y < h * scale; ++y)
    for (int x = 0; x < w * scale; ++x) big[static_cast<size_t>(y) * w * scale + x] = pixels[static_cast<size_t>(y / scale) * w + x / scale];
  std::vector<uint8_t> png;
  auto append = [](void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
  };
  if (!stbi_write_png_to_func(append, &png, w * scale, h * scale, 1, big.data(), w * scale)) png.clear();
  return png;
}

bool write_png_grey(const std::string& path, const std::vector<uint8_t>& pixels, int w, int h, int scale,
                    std::string& error) {
  const std::vector<uint8_t> png = encode_png_grey(pixels, w, h, scale);
  if (png.empty()) {
    error = "cannot encode the PNG for '" + path + "'";
    return false;
  }
  return write_file_atomic(path, png, error);
}

}  // namespace gan
