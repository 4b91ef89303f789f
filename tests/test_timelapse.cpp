// The time lapse of the fixed-noise grid (core/timelapse.hpp): even spacing across thinnings,
// bounded memory, the first frame kept, ordering and shape checks; the grid, film strip and PNG
// made from it. (Its GIF is checked by the GIF decoder in test_gif.cpp.)
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <limits>

#include "core/pixels.hpp"
#include "core/timelapse.hpp"

using namespace gan;

namespace {

// A frame whose every pixel says which iteration it was recorded at.
std::vector<uint8_t> stamped(int64_t iteration, size_t bytes) {
  std::vector<uint8_t> p(bytes);
  for (size_t i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>((iteration + i) % 251);
  return p;
}

bool holds_stamp(const TimeLapse::Frame& f) {
  return f.pixels == stamped(f.iteration, f.pixels.size());
}

// A record of `frames` frames of `images` images (rows × cols); pixel value 1 + 16 · frame + image,
// so a picture shows which frame and image each pixel came from.
TimeLapse labelled(int frames, int images, int rows, int cols) {
  TimeLapse lapse(2 * frames, 1);
  for (int f = 0; f < frames; ++f) {
    std::vector<uint8_t> p;
    for (int k = 0; k < images; ++k)
      p.insert(p.end(), static_cast<size_t>(rows) * cols, static_cast<uint8_t>(1 + 16 * f + k));
    REQUIRE(lapse.add(10 * f, p.data(), images, rows, cols));
  }
  return lapse;
}

uint32_t big_endian_u32(const std::vector<uint8_t>& b, size_t at) {
  return uint32_t{b[at]} << 24 | uint32_t{b[at + 1]} << 16 | uint32_t{b[at + 2]} << 8 | b[at + 3];
}

}  // namespace

TEST_CASE("timelapse: frames stay exactly evenly spaced across many thinnings", "[timelapse]") {
  TimeLapse lapse(8, 25);
  const size_t frame_bytes = 2 * 3 * 4;
  int thinnings = 0;
  for (int64_t it = 0; it <= 100000; ++it) {
    if (!lapse.due(it)) continue;
    const int64_t before = lapse.interval();
    REQUIRE(lapse.add(it, stamped(it, frame_bytes).data(), 2, 3, 4));
    if (lapse.interval() != before) ++thinnings;
    REQUIRE(lapse.size() <= 8);
  }
  // Thinnings at iterations 200, 400, 800, …, 51200 (8 frames × 25 × 2^t): nine of them, so
  // frames 25 · 2^9 = 12800 apart, 0 to 89600.
  CHECK(thinnings == 9);
  CHECK(lapse.interval() == 25 << 9);
  CHECK(lapse.size() == 8);
  CHECK(lapse.frame(0).iteration == 0);
  for (size_t i = 1; i < lapse.size(); ++i) {
    INFO("frame " << i);
    CHECK(lapse.frame(i).iteration - lapse.frame(i - 1).iteration == lapse.interval());
    CHECK(lapse.frame(i).iteration % lapse.interval() == 0);
  }
  CHECK(lapse.newest().iteration > 100000 - lapse.interval());
  // The frames that moved during thinnings carry their own pixels.
  for (size_t i = 0; i < lapse.size(); ++i) CHECK(holds_stamp(lapse.frame(i)));

  // The same when the loop jumps straight to next_due().
  TimeLapse jumping(8, 25);
  for (int64_t it = 0; it <= 100000; it = jumping.next_due())
    REQUIRE(jumping.add(it, stamped(it, frame_bytes).data(), 2, 3, 4));
  REQUIRE(jumping.size() == lapse.size());
  for (size_t i = 0; i < lapse.size(); ++i)
    CHECK(jumping.frame(i).iteration == lapse.frame(i).iteration);
}

TEST_CASE("timelapse: checked once every few iterations, the spacing stays even", "[timelapse]") {
  // The page trains several iterations per rendered frame and can only look between them.
  for (int step : {3, 7, 24}) {
    INFO("checked every " << step << " iterations");
    TimeLapse lapse(120, 25);
    for (int64_t it = 0; it <= 300000; it += step)
      if (lapse.due(it)) REQUIRE(lapse.add(it, stamped(it, 10).data(), 1, 2, 5));
    // Thinnings near 3000 × 2^t iterations: seven by 300,000.
    CHECK(lapse.interval() == 25 * 128);
    CHECK(lapse.size() > 60);
    CHECK(lapse.frame(0).iteration == 0);
    for (size_t i = 1; i < lapse.size(); ++i) {
      const int64_t gap = lapse.frame(i).iteration - lapse.frame(i - 1).iteration;
      CHECK(gap > lapse.interval() - step);
      CHECK(gap < lapse.interval() + step);
    }
  }
}

TEST_CASE("timelapse: memory never exceeds max_frames frames", "[timelapse]") {
  TimeLapse lapse;  // 120 frames from iteration 0, every 25 iterations to begin with
  CHECK(lapse.max_frames() == 120);
  const std::vector<uint8_t> grid(100 * 784, 7);
  size_t most = 0;
  int adds = 0;
  for (int64_t it = 0; it <= 200000; ++it) {
    if (!lapse.due(it)) continue;
    REQUIRE(lapse.add(it, grid.data(), 100));
    ++adds;
    REQUIRE(lapse.size() <= 120);
    REQUIRE(lapse.bytes() <= 120 * lapse.frame_bytes());
    most = std::max(most, lapse.bytes());
  }
  CHECK(lapse.frame_bytes() == 78400);
  CHECK(most == 120 * 78400);  // it did fill up
  CHECK(adds > 300);
  CHECK(lapse.images() == 100);
  CHECK(lapse.image_rows() == 28);
  CHECK(lapse.image_cols() == 28);
  lapse.clear();
  CHECK(lapse.size() == 0);
  CHECK(lapse.bytes() == 0);
  CHECK(lapse.interval() == 25);
  CHECK(lapse.images() == 0);
}

TEST_CASE("timelapse: iteration 0 comes first and stays, order is enforced", "[timelapse]") {
  TimeLapse lapse(4, 10);
  const std::vector<uint8_t> p(6, 1);
  CHECK_FALSE(lapse.due(-1));
  CHECK(lapse.due(0));  // the untrained generator
  CHECK(lapse.next_due() == 0);
  CHECK_FALSE(lapse.add(-1, p.data(), 1, 2, 3));
  REQUIRE(lapse.add(0, p.data(), 1, 2, 3));
  CHECK_FALSE(lapse.due(0));
  CHECK_FALSE(lapse.due(9));
  CHECK(lapse.due(10));
  CHECK(lapse.next_due() == 10);
  CHECK_FALSE(lapse.add(0, p.data(), 1, 2, 3));  // not after the newest
  REQUIRE(lapse.add(3, p.data(), 1, 2, 3));      // not due, but allowed
  CHECK(lapse.next_due() == 10);
  CHECK_FALSE(lapse.add(2, p.data(), 1, 2, 3));
  for (int64_t it = 10; it <= 1000; it += 10) REQUIRE(lapse.add(it, p.data(), 1, 2, 3));
  REQUIRE(lapse.size() <= 4);
  CHECK(lapse.frame(0).iteration == 0);
  CHECK(lapse.newest().iteration == 1000);
  for (size_t i = 1; i < lapse.size(); ++i)
    CHECK(lapse.frame(i).iteration > lapse.frame(i - 1).iteration);

  // A record started mid-run (a loaded checkpoint) takes its first frame at once.
  TimeLapse resumed(4, 10);
  CHECK(resumed.due(12345));
  REQUIRE(resumed.add(12345, p.data(), 1, 2, 3));
  CHECK(resumed.next_due() == 12350);
}

TEST_CASE("timelapse: a frame of another shape is refused and changes nothing", "[timelapse]") {
  TimeLapse lapse;
  const std::vector<uint8_t> grid(100 * 784, 9);
  REQUIRE(lapse.add(0, grid.data(), 100));
  const size_t bytes = lapse.bytes();
  CHECK_FALSE(lapse.add(25, grid.data(), 99));           // fewer images
  CHECK_FALSE(lapse.add(25, grid.data(), 50, 28, 56));   // same bytes, other image size
  CHECK_FALSE(lapse.add(25, grid.data(), 100, 27, 28));  // smaller images
  CHECK_FALSE(lapse.add(25, nullptr, 100));
  CHECK_FALSE(lapse.add(25, grid.data(), 0));
  CHECK_FALSE(lapse.add(25, grid.data(), -1));
  CHECK_FALSE(lapse.add(25, grid.data(), 100, 0, 28));
  CHECK(lapse.size() == 1);
  CHECK(lapse.bytes() == bytes);
  CHECK(lapse.due(25));
  // Too large to hold (and never read: the buffer is far smaller than claimed).
  TimeLapse other;
  CHECK_FALSE(other.add(0, grid.data(), 100000));
  CHECK_FALSE(other.add(0, grid.data(), std::numeric_limits<int>::max(), 1 << 30, 1 << 30));
  CHECK(other.empty());
  // After clear() another shape is welcome.
  lapse.clear();
  CHECK(lapse.add(0, grid.data(), 99));
  CHECK(lapse.images() == 99);
}

TEST_CASE("timelapse: network outputs are converted by unit_to_pixel", "[timelapse]") {
  Eigen::MatrixXf images(6, 2);  // two 2 × 3 images, one per column (<< fills row by row)
  images << -1.0f, 1.0f, -0.5f, 0.0f, 0.25f, 2.0f, -3.0f, 0.999f, 0.1f, -0.1f, 0.5f, -0.75f;
  TimeLapse lapse;
  REQUIRE(lapse.add(0, images, 2, 3));
  CHECK(lapse.images() == 2);
  const std::vector<uint8_t>& p = lapse.frame(0).pixels;
  REQUIRE(p.size() == 12);
  // Image 0 is column 0, row-major: pixel (r, c) is images(r · 3 + c, 0).
  for (int k = 0; k < 2; ++k)
    for (int i = 0; i < 6; ++i) CHECK(p[k * 6 + i] == unit_to_pixel(images(i, k)));
  CHECK(p[0] == 0);                          // -1
  CHECK(p[3] == 0);                          // -3, clamped
  CHECK(p[8] == 255);                        // 2, clamped
  CHECK_FALSE(lapse.add(25, images, 3, 3));  // 9 ≠ 6 rows
  CHECK_FALSE(lapse.add(25, Eigen::MatrixXf(6, 0), 2, 3));
  CHECK_FALSE(lapse.add(25, Eigen::MatrixXf::Zero(6, 3), 2, 3));  // another image count
  CHECK(lapse.size() == 1);
}

TEST_CASE("timelapse: odd settings are made usable", "[timelapse]") {
  CHECK(TimeLapse(121).max_frames() == 120);
  CHECK(TimeLapse(1).max_frames() == 2);
  CHECK(TimeLapse(-5).max_frames() == 2);
  CHECK(TimeLapse(8, 0).interval() == 1);
  CHECK(TimeLapse(8, -9).interval() == 1);
  TimeLapse two(2, 1);
  const uint8_t px = 0;
  for (int64_t it = 0; it <= 1000; ++it)
    if (two.due(it)) REQUIRE(two.add(it, &px, 1, 1, 1));
  CHECK(two.size() == 2);
  CHECK(two.frame(0).iteration == 0);
  CHECK(two.newest().iteration == 1000 - 1000 % two.interval());
}

TEST_CASE("timelapse: iteration counters near INT64_MAX do not overflow", "[timelapse]") {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  TimeLapse lapse(4, 25);
  const uint8_t px = 0;
  REQUIRE(lapse.add(kMax - 3, &px, 1, 1, 1));
  CHECK(lapse.next_due() == kMax);
  CHECK(lapse.due(kMax));
  REQUIRE(lapse.add(kMax - 2, &px, 1, 1, 1));
  REQUIRE(lapse.add(kMax - 1, &px, 1, 1, 1));
  REQUIRE(lapse.add(kMax, &px, 1, 1, 1));
  CHECK_FALSE(lapse.due(kMax));
  CHECK_FALSE(lapse.add(kMax, &px, 1, 1, 1));
  // The interval stops doubling before it can overflow.
  TimeLapse huge(2, kMax / 2);
  for (int64_t it : {int64_t{0}, int64_t{1}, int64_t{2}, int64_t{3}, kMax})
    REQUIRE(huge.add(it, &px, 1, 1, 1));
  CHECK(huge.interval() > 0);
  CHECK(huge.next_due() == kMax);
}

TEST_CASE("timelapse_grid: tiles with 1-pixel black gaps, columns to a row", "[timelapse]") {
  // Five 2 × 3 images, each pixel distinct: 1 + 10·image + 3·row + column.
  std::vector<uint8_t> p;
  for (int k = 0; k < 5; ++k)
    for (int i = 0; i < 6; ++i) p.push_back(static_cast<uint8_t>(1 + 10 * k + i));
  TimeLapse lapse;
  REQUIRE(lapse.add(0, p.data(), 5, 2, 3));
  const GreyImage g = timelapse_grid(lapse, 0, 2);
  REQUIRE(g.width == 2 * 3 + 3);
  REQUIRE(g.height == 3 * 2 + 4);
  REQUIRE(g.pixels.size() == static_cast<size_t>(g.width * g.height));
  // Every picture pixel, from the picture's side: which tile, which pixel of it, or a gap.
  for (int y = 0; y < g.height; ++y)
    for (int x = 0; x < g.width; ++x) {
      INFO("x " << x << ", y " << y);
      const int tx = (x - 1) / 4, cx = (x - 1) % 4, ty = (y - 1) / 3, cy = (y - 1) % 3;
      const int k = ty * 2 + tx;
      const bool gap = x == 0 || y == 0 || cx == 3 || cy == 2 || k >= 5;
      CHECK(g.pixels[y * g.width + x] == (gap ? 0 : 1 + 10 * k + 3 * cy + cx));
    }
  // The first three images only; more columns than images makes one row.
  const GreyImage three = timelapse_grid(lapse, 0, 2, 3);
  CHECK(three.height == g.height - 3);
  const GreyImage row = timelapse_grid(lapse, 0, 10);
  CHECK(row.width == 5 * 4 + 1);
  CHECK(row.height == 4);
  CHECK_THROWS_AS(timelapse_grid(lapse, 1, 2), std::invalid_argument);
  CHECK_THROWS_AS(timelapse_grid(lapse, 0, 0), std::invalid_argument);
}

TEST_CASE("film_strip_picks: evenly spread, first and newest included", "[timelapse]") {
  CHECK(film_strip_picks(labelled(10, 1, 1, 1), 4) == std::vector<size_t>{0, 3, 6, 9});
  CHECK(film_strip_picks(labelled(10, 1, 1, 1), 1) == std::vector<size_t>{9});
  CHECK(film_strip_picks(labelled(10, 1, 1, 1), 0).empty());
  CHECK(film_strip_picks(labelled(3, 1, 1, 1), 8) == std::vector<size_t>{0, 1, 2});
  CHECK(film_strip_picks(TimeLapse(), 5).empty());
  for (int n = 1; n <= 40; ++n) {
    const TimeLapse lapse = labelled(n, 1, 1, 1);
    for (int k = 2; k <= 45; ++k) {
      INFO(n << " frames, " << k << " wanted");
      const std::vector<size_t> picks = film_strip_picks(lapse, k);
      REQUIRE(picks.size() == static_cast<size_t>(std::min(n, k)));
      CHECK(picks.front() == 0);
      CHECK(picks.back() == static_cast<size_t>(n - 1));
      size_t shortest = n, longest = 0;
      for (size_t j = 1; j < picks.size(); ++j) {
        shortest = std::min(shortest, picks[j] - picks[j - 1]);
        longest = std::max(longest, picks[j] - picks[j - 1]);
      }
      if (picks.size() > 1) {
        CHECK(shortest >= 1);
        CHECK(longest - shortest <= 1);
      }
    }
  }
}

TEST_CASE("film_strip_image: the picked frames' first images side by side", "[timelapse]") {
  // 7 frames of nine 2 × 2 images; a strip of 3 frames, each the first 2 × 2 = 4 images.
  const TimeLapse lapse = labelled(7, 9, 2, 2);
  const GreyImage strip = film_strip_image(lapse, 3, 2);
  const int block = 2 * (2 + 1) + 1;  // 7 × 7 per frame
  REQUIRE(strip.height == block);
  REQUIRE(strip.width == 3 * block + 2);
  REQUIRE(strip.pixels.size() == static_cast<size_t>(strip.width * strip.height));
  const int picked[] = {0, 3, 6};
  for (int y = 0; y < strip.height; ++y)
    for (int x = 0; x < strip.width; ++x) {
      INFO("x " << x << ", y " << y);
      const uint8_t v = strip.pixels[y * strip.width + x];
      if (x % (block + 1) == block) {
        CHECK(v == 128);  // the separator
        continue;
      }
      const int j = x / (block + 1), bx = x % (block + 1);
      const bool gap = bx % 3 == 0 || y % 3 == 0;
      const int k = (y / 3) * 2 + bx / 3;
      CHECK(v == (gap ? 0 : 1 + 16 * picked[j] + k));
    }
  // Asking for more images than a frame has, or more frames than there are, just takes all.
  const GreyImage all = film_strip_image(lapse, 100, 4);
  CHECK(all.width == 7 * (4 * 3 + 1) + 6);  // 9 images, 4 to a row: 3 rows
  CHECK(all.height == 3 * 3 + 1);
  CHECK(film_strip_image(TimeLapse(), 5, 4).width == 0);
  CHECK(film_strip_image(TimeLapse(), 5, 4).pixels.empty());
  CHECK_THROWS_AS(film_strip_image(lapse, 3, 0), std::invalid_argument);
}

TEST_CASE("film_strip_png: a greyscale PNG of the strip's size times the scale", "[timelapse]") {
  const TimeLapse lapse = labelled(7, 9, 2, 2);
  const GreyImage strip = film_strip_image(lapse, 3, 2);
  for (int scale : {1, 3}) {
    const std::vector<uint8_t> png = film_strip_png(lapse, 3, 2, scale);
    REQUIRE(png.size() > 33);
    CHECK(std::memcmp(png.data(), "\x89PNG\r\n\x1a\n", 8) == 0);
    CHECK(std::memcmp(png.data() + 12, "IHDR", 4) == 0);
    CHECK(big_endian_u32(png, 16) == static_cast<uint32_t>(strip.width * scale));
    CHECK(big_endian_u32(png, 20) == static_cast<uint32_t>(strip.height * scale));
    CHECK(png[24] == 8);  // bit depth
    CHECK(png[25] == 0);  // colour type: greyscale
  }
  CHECK(film_strip_png(TimeLapse(), 3, 2, 1).empty());
  CHECK_THROWS_AS(film_strip_png(lapse, 3, 2, 0), std::invalid_argument);
  CHECK_THROWS_AS(film_strip_png(lapse, 3, 2, 17), std::invalid_argument);
  CHECK_THROWS_AS(film_strip_png(lapse, 3, 0, 1), std::invalid_argument);
}
