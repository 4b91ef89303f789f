// The bounded time lapse of the fixed-noise grid, its GIF frames and its film strip; see
// timelapse.hpp.
#include "timelapse.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "pixels.hpp"
#include "png.hpp"

namespace gan {

namespace {

constexpr int64_t kMaxFrameBytes = int64_t{64} << 20;
constexpr int64_t kMaxIteration = std::numeric_limits<int64_t>::max();
// The interval stops doubling here, so interval × 2 and next_due() never overflow.
constexpr int64_t kMaxInterval = kMaxIteration / 4;

}  // namespace

TimeLapse::TimeLapse(int max_frames, int64_t first_interval)
    : max_frames_(max_frames < 2 ? 2 : max_frames & ~1),
      first_interval_(std::clamp<int64_t>(first_interval, 1, kMaxInterval)),
      interval_(first_interval_) {
  frames_.reserve(max_frames_);
}

void TimeLapse::clear() {
  frames_.clear();
  interval_ = first_interval_;
  images_ = rows_ = cols_ = 0;
}

int64_t TimeLapse::next_due() const {
  if (frames_.empty()) return 0;
  const int64_t k = frames_.back().iteration / interval_ + 1;
  return k > kMaxIteration / interval_ ? kMaxIteration : k * interval_;
}

bool TimeLapse::due(int64_t iteration) const {
  if (iteration < 0) return false;
  if (frames_.empty()) return true;
  return iteration > frames_.back().iteration && iteration >= next_due();
}

size_t TimeLapse::frame_bytes() const {
  return static_cast<size_t>(images_) * static_cast<size_t>(rows_) * static_cast<size_t>(cols_);
}

size_t TimeLapse::bytes() const {
  size_t total = 0;
  for (const Frame& f : frames_) total += f.pixels.capacity();
  return total;
}

bool TimeLapse::acceptable(int64_t iteration, int images, int rows, int cols) const {
  if (iteration < 0 || images <= 0 || rows <= 0 || cols <= 0) return false;
  // Each product stays below 2^62 before it is compared.
  const int64_t per_image = static_cast<int64_t>(rows) * cols;
  if (per_image > kMaxFrameBytes || per_image * images > kMaxFrameBytes) return false;
  if (frames_.empty()) return true;
  return iteration > frames_.back().iteration && images == images_ && rows == rows_ &&
         cols == cols_;
}

void TimeLapse::store(int64_t iteration, std::vector<uint8_t>&& pixels, int images, int rows,
                      int cols) {
  if (static_cast<int>(frames_.size()) == max_frames_) thin();
  frames_.push_back({iteration, std::move(pixels)});  // within the reserved capacity
  images_ = images;
  rows_ = rows;
  cols_ = cols;
}

bool TimeLapse::add(int64_t iteration, const uint8_t* pixels, int images, int rows, int cols) {
  if (pixels == nullptr || !acceptable(iteration, images, rows, cols)) return false;
  const size_t n = static_cast<size_t>(images) * rows * cols;
  store(iteration, std::vector<uint8_t>(pixels, pixels + n), images, rows, cols);
  return true;
}

bool TimeLapse::add(int64_t iteration, const Eigen::MatrixXf& images, int rows, int cols) {
  // images is rows · cols × count; the shape is checked before anything is converted.
  if (rows <= 0 || cols <= 0 || images.cols() <= 0 ||
      images.rows() != static_cast<Eigen::Index>(rows) * cols ||
      images.cols() > std::numeric_limits<int>::max())
    return false;
  const int count = static_cast<int>(images.cols());
  if (!acceptable(iteration, count, rows, cols)) return false;
  // Column-major: image after image, each row-major, as the frame stores them.
  std::vector<uint8_t> pixels(static_cast<size_t>(images.size()));
  const float* x = images.data();
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = unit_to_pixel(x[i]);
  store(iteration, std::move(pixels), count, rows, cols);
  return true;
}

// Keeps the frames at even positions: with frames at multiples of the interval and an even
// max_frames, they are the multiples of twice the interval, and so is the frame about to come.
void TimeLapse::thin() {
  const size_t kept = (frames_.size() + 1) / 2;
  for (size_t j = 1; j < kept; ++j) frames_[j] = std::move(frames_[2 * j]);
  frames_.erase(frames_.begin() + static_cast<std::ptrdiff_t>(kept), frames_.end());
  if (interval_ <= kMaxInterval) interval_ *= 2;
}

// ---- Pictures ----

namespace {

constexpr int kGap = 1;              // black pixels between tiles and around them
constexpr uint8_t kSeparator = 128;  // the film strip's line between frames
constexpr int kMaxFilmStripScale = 16;

// Where n images of rows × cols go, `columns` (at most n) to a row, with kGap around each.
struct GridLayout {
  int images, columns, rows_of_tiles, tile_rows, tile_cols, width, height;
};

GridLayout grid_layout(const TimeLapse& lapse, int images, int columns) {
  GridLayout g;
  g.images = images;
  g.columns = std::min(columns, images);
  g.rows_of_tiles = (images + g.columns - 1) / g.columns;
  g.tile_rows = lapse.image_rows();
  g.tile_cols = lapse.image_cols();
  g.width = g.columns * (g.tile_cols + kGap) + kGap;
  g.height = g.rows_of_tiles * (g.tile_rows + kGap) + kGap;
  return g;
}

// Draws frame f's first g.images images into out (out_width wide) with the grid's corner at x0.
void draw_grid(const GridLayout& g, const TimeLapse::Frame& f, std::vector<uint8_t>& out,
               int out_width, int x0) {
  const size_t image_size = static_cast<size_t>(g.tile_rows) * g.tile_cols;
  for (int k = 0; k < g.images; ++k) {
    const int left = x0 + kGap + (k % g.columns) * (g.tile_cols + kGap);
    const int top = kGap + (k / g.columns) * (g.tile_rows + kGap);
    const uint8_t* image = f.pixels.data() + k * image_size;
    for (int r = 0; r < g.tile_rows; ++r)
      std::copy_n(image + static_cast<size_t>(r) * g.tile_cols, g.tile_cols,
                  out.begin() + static_cast<std::ptrdiff_t>(top + r) * out_width + left);
  }
}

// pixels (width × height) enlarged scale times in each direction, nearest neighbour.
std::vector<uint8_t> enlarge(const GreyImage& image, int scale) {
  if (scale == 1) return image.pixels;
  const size_t big_width = static_cast<size_t>(image.width) * scale;
  std::vector<uint8_t> big(big_width * image.height * scale);
  for (int y = 0; y < image.height; ++y) {
    uint8_t* row = big.data() + static_cast<size_t>(y) * scale * big_width;
    for (int x = 0; x < image.width; ++x)
      std::fill_n(row + static_cast<size_t>(x) * scale, scale,
                  image.pixels[static_cast<size_t>(y) * image.width + x]);
    for (int copy = 1; copy < scale; ++copy) std::copy_n(row, big_width, row + copy * big_width);
  }
  return big;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

}  // namespace

GreyImage timelapse_grid(const TimeLapse& lapse, size_t i, int columns, int images) {
  require(i < lapse.size(), "timelapse_grid: frame " + std::to_string(i) + " of a record of " +
                                std::to_string(lapse.size()));
  require(columns >= 1, "timelapse_grid: columns must be at least 1");
  const int n = images <= 0 || images > lapse.images() ? lapse.images() : images;
  const GridLayout g = grid_layout(lapse, n, columns);
  GreyImage out;
  out.width = g.width;
  out.height = g.height;
  out.pixels.assign(static_cast<size_t>(g.width) * g.height, 0);
  draw_grid(g, lapse.frame(i), out.pixels, g.width, 0);
  return out;
}

TimeLapseGif timelapse_gif_frames(const TimeLapse& lapse, int columns, int scale, int last_hold_cs,
                                  int delay_cs) {
  require(columns >= 1, "timelapse_gif_frames: columns must be at least 1");
  require(scale >= 1, "timelapse_gif_frames: scale must be at least 1");
  require(delay_cs >= 0 && delay_cs <= 65535 && last_hold_cs >= 0 && last_hold_cs <= 65535,
          "timelapse_gif_frames: delays must be within 0 … 65535 centiseconds");
  TimeLapseGif gif;
  if (lapse.empty()) return gif;
  const GridLayout g = grid_layout(lapse, lapse.images(), columns);
  require(static_cast<int64_t>(g.width) * scale <= 65535 &&
              static_cast<int64_t>(g.height) * scale <= 65535,
          "timelapse_gif_frames: " + std::to_string(g.width) + " × " + std::to_string(g.height) +
              " pixels at scale " + std::to_string(scale) + " exceed GIF's 65535 a side");
  gif.width = g.width * scale;
  gif.height = g.height * scale;
  gif.frames.reserve(lapse.size());
  for (size_t i = 0; i < lapse.size(); ++i) {
    const GreyImage grid = timelapse_grid(lapse, i, columns);
    gif.frames.push_back({enlarge(grid, scale), i + 1 < lapse.size() ? delay_cs : last_hold_cs});
  }
  return gif;
}

std::vector<uint8_t> timelapse_gif(const TimeLapse& lapse, int columns, int scale, int last_hold_cs,
                                   int delay_cs) {
  const TimeLapseGif gif = timelapse_gif_frames(lapse, columns, scale, last_hold_cs, delay_cs);
  if (gif.frames.empty()) return {};
  return encode_gif(gif.frames, gif.width, gif.height);
}

std::vector<size_t> film_strip_picks(const TimeLapse& lapse, int frames_wanted) {
  const size_t n = lapse.size();
  if (n == 0 || frames_wanted < 1) return {};
  const size_t k = std::min(static_cast<size_t>(frames_wanted), n);
  if (k == 1) return {n - 1};
  // Pick j of k is frame round(j · (n − 1) / (k − 1)): 0 first, n − 1 last, and since the step
  // is at least 1, no frame twice.
  std::vector<size_t> picks(k);
  for (size_t j = 0; j < k; ++j) picks[j] = (j * (n - 1) + (k - 1) / 2) / (k - 1);
  return picks;
}

GreyImage film_strip_image(const TimeLapse& lapse, int frames_wanted, int columns) {
  require(columns >= 1, "film_strip_image: columns must be at least 1");
  const std::vector<size_t> picks = film_strip_picks(lapse, frames_wanted);
  GreyImage strip;
  if (picks.empty()) return strip;
  const int per_frame =
      static_cast<int>(std::min<int64_t>(static_cast<int64_t>(columns) * columns, lapse.images()));
  const GridLayout g = grid_layout(lapse, per_frame, columns);
  const int k = static_cast<int>(picks.size());
  strip.width = k * g.width + (k - 1);  // a 1-pixel separator between neighbours
  strip.height = g.height;
  strip.pixels.assign(static_cast<size_t>(strip.width) * strip.height, 0);
  for (int j = 0; j < k; ++j) {
    const int x0 = j * (g.width + 1);
    draw_grid(g, lapse.frame(picks[j]), strip.pixels, strip.width, x0);
    if (j + 1 < k)
      for (int y = 0; y < strip.height; ++y)
        strip.pixels[static_cast<size_t>(y) * strip.width + x0 + g.width] = kSeparator;
  }
  return strip;
}

std::vector<uint8_t> film_strip_png(const TimeLapse& lapse, int frames_wanted, int columns,
                                    int scale) {
  require(scale >= 1 && scale <= kMaxFilmStripScale,
          "film_strip_png: scale " + std::to_string(scale) + " is outside 1 … " +
              std::to_string(kMaxFilmStripScale));
  const GreyImage strip = film_strip_image(lapse, frames_wanted, columns);
  if (strip.width == 0) return {};
  return encode_png_grey(strip.pixels, strip.width, strip.height, scale);
}

}  // namespace gan
