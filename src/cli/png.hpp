// Greyscale PNG files for the CLI (encoded by Debian's stb_image_write, written atomically).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

// pixels (w × h, row-major) enlarged scale times in each direction, as PNG bytes; empty on failure.
std::vector<uint8_t> encode_png_grey(const std::vector<uint8_t>& pixels, int w, int h, int scale = 1);
// The same written to path with gan::write_file_atomic; false with a message on failure.
bool write_png_grey(const std::string& path, const std::vector<uint8_t>& pixels, int w, int h, int scale,
                    std::string& error);
