// Greyscale PNG files: the CLI's --grid and the page's grid download (encoded by Debian's
// stb_image_write; files are written by the one atomic writer, core/file_io.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace gan {

// pixels (w × h, row-major) enlarged scale times in each direction, as PNG bytes; empty on failure.
std::vector<uint8_t> encode_png_grey(const std::vector<uint8_t>& pixels, int w, int h, int scale = 1);
// The same written to path with write_file_atomic; false with a message on failure.
bool write_png_grey(const std::string& path, const std::vector<uint8_t>& pixels, int w, int h, int scale,
                    std::string& error);

}  // namespace gan
