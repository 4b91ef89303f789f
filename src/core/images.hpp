// Turning network outputs in [-1, 1] into 8-bit pixels and tiled grids, for PNGs, IDX files and
// the page's textures; and a model summary in the style of Keras' model.summary().
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "pixels.hpp"

namespace gan {

class Trainer;

// images (rows·cols × n) → one greyscale picture of grid_cols columns, with pad pixels between
// tiles (value 0). Returns its width and height through w, h.
std::vector<uint8_t> tile_grid(const Eigen::MatrixXf& images, int rows, int cols, int grid_cols, int pad, int& w,
                               int& h);

// The three Keras-style tables (generator, discriminator, stacked GAN) with parameter counts.
std::string model_summary(const Trainer& trainer);

// 1,526,288-style thousands separators.
std::string with_commas(long long n);

}  // namespace gan
