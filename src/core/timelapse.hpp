// The time lapse of training: the fixed-noise grid recorded every so often as training goes, in
// bounded memory, and the pictures made from it (an animated GIF's frames, a film strip PNG).
//
// TimeLapse keeps at most max_frames frames. Frames are due at multiples of an interval
// (first_interval to begin with). When a frame arrives and the record is full, the frames at odd
// positions are dropped (the first stays), the interval doubles and the new frame is added, so the
// record always spans the whole run, first to newest, with even spacing, as MetricsHistory
// (history.hpp) does for the loss curves. With max_frames 120 and the grid's 100 digits of
// 28 × 28 pixels that is 9.4 MB at most.
#pragma once
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "gif.hpp"

namespace gan {

class TimeLapse {
 public:
  struct Frame {
    int64_t iteration = 0;
    std::vector<uint8_t> pixels;  // images × rows × cols grey levels: image k, row r, column c
                                  // at (k · rows + r) · cols + c; 0 = black
  };

  // max_frames is made even and at least 2 (an even count keeps the spacing exactly even across
  // a thinning); first_interval at least 1.
  explicit TimeLapse(int max_frames = 120, int64_t first_interval = 25);

  // Whether a frame should be recorded at this iteration: any iteration ≥ 0 when the record is
  // empty (iteration 0 is the untrained generator), else once iteration ≥ next_due(). Calling
  // it at every iteration gives frames exactly interval() apart; calling it less often (once per
  // rendered frame, say) records the first iteration at or past each due point.
  bool due(int64_t iteration) const;
  // The next iteration at which a frame is due: the first multiple of interval() after the
  // newest frame (0 when empty). A training loop can stop there to record on time.
  int64_t next_due() const;

  // Records `images` images of rows × cols pixels (row-major, image after image). Refused (false,
  // nothing changes) when pixels is null, a count or size is not positive, the frame is larger
  // than 64 MiB, iteration is negative or not after the newest frame's, or the image count or
  // size differs from the first frame's (clear() first to start a record of another shape).
  // Frames need not be due; when the record is full it is thinned first, so the newest frame is
  // always the one just added.
  bool add(int64_t iteration, const uint8_t* pixels, int images, int rows = 28, int cols = 28);
  // The same from network outputs in [-1, 1], one image per column (rows · cols × images, as
  // Trainer::generate_test gives them), converted by unit_to_pixel (pixels.hpp).
  bool add(int64_t iteration, const Eigen::MatrixXf& images, int rows = 28, int cols = 28);
  void clear();  // forgets every frame, the shape and the interval's doublings

  size_t size() const { return frames_.size(); }
  bool empty() const { return frames_.empty(); }
  const Frame& frame(size_t i) const { return frames_[i]; }
  const Frame& newest() const { return frames_.back(); }
  int max_frames() const { return max_frames_; }
  int64_t interval() const { return interval_; }  // iterations between due frames, now
  // The shape fixed by the first frame (0 while empty).
  int images() const { return images_; }
  int image_rows() const { return rows_; }
  int image_cols() const { return cols_; }
  size_t frame_bytes() const;  // images × rows × cols
  // Pixel bytes held; never more than max_frames() × frame_bytes().
  size_t bytes() const;

 private:
  bool acceptable(int64_t iteration, int images, int rows, int cols) const;
  void store(int64_t iteration, std::vector<uint8_t>&& pixels, int images, int rows, int cols);
  void thin();
  int max_frames_;
  int64_t first_interval_;
  int64_t interval_;
  int images_ = 0, rows_ = 0, cols_ = 0;
  std::vector<Frame> frames_;
};

// A greyscale picture: width × height grey levels, row-major.
struct GreyImage {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;
};

// The first `images` images of frame i (all of them if images ≤ 0 or more than there are) tiled
// `columns` to a row, with a 1-pixel black gap between tiles and around them, like the page's
// grid. Throws std::invalid_argument if i is out of range or columns < 1.
GreyImage timelapse_grid(const TimeLapse& lapse, size_t i, int columns, int images = 0);

// Every frame of the record as a GIF frame: timelapse_grid(all images, columns) enlarged scale
// times (nearest neighbour), each shown delay_cs centiseconds, the last held last_hold_cs.
// Encode with encode_gif(frames, width, height). No frames when the record is empty. Holds every
// frame at once: size() × width × height bytes (10 MB for 120 frames of the 10 × 10 grid at
// scale 1, four times that at scale 2). Throws std::invalid_argument if columns < 1, scale < 1,
// the picture would be larger than 65535 pixels a side (GIF's limit), or a delay is outside
// 0 … 65535.
struct TimeLapseGif {
  int width = 0, height = 0;
  std::vector<GifFrame> frames;
};
TimeLapseGif timelapse_gif_frames(const TimeLapse& lapse, int columns, int scale,
                                  int last_hold_cs = 200, int delay_cs = 10);
// The above encoded as a looping GIF file; empty when the record is empty.
std::vector<uint8_t> timelapse_gif(const TimeLapse& lapse, int columns, int scale,
                                   int last_hold_cs = 200, int delay_cs = 10);

// Which frames a film strip of at most frames_wanted pictures shows: min(frames_wanted, size())
// indices spread evenly over the record, increasing, the first and the newest frame included
// (only the newest when frames_wanted is 1; none when the record is empty or frames_wanted < 1).
std::vector<size_t> film_strip_picks(const TimeLapse& lapse, int frames_wanted);
// Those frames side by side, each a columns × columns grid of its first columns² images (fewer
// if a frame has fewer), separated by a 1-pixel grey (128) line. Width 0 and no pixels when no
// frame is picked. Throws std::invalid_argument if columns < 1.
GreyImage film_strip_image(const TimeLapse& lapse, int frames_wanted, int columns);
// film_strip_image enlarged scale times, as PNG bytes (png.hpp); empty when there is no frame or
// encoding fails. Throws std::invalid_argument if columns < 1 or scale is outside 1 … 16.
std::vector<uint8_t> film_strip_png(const TimeLapse& lapse, int frames_wanted, int columns,
                                    int scale);

}  // namespace gan
