// Writing greyscale PNG files (via Debian's stb_image_write).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

bool write_png_grey(const std::string& path, const std::vector<uint8_t>& pixels, int w, int h, int scale = 1);
