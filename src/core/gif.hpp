// Animated GIF89a files from greyscale frames, for the time lapse of the fixed-noise grid
// (core/timelapse.hpp makes the frames). A plain encoder written from the GIF89a specification:
// one 256-level grey global colour table (index i is grey level i, so pixels are written as they
// are), a NETSCAPE2.0 block for looping, one graphic control extension per frame for its delay,
// and every frame a full-size image compressed by variable-width LZW (9 to 12 bits, a clear code
// whenever the 4096-entry table fills).
#pragma once
#include <cstdint>
#include <vector>

namespace gan {

struct GifFrame {
  std::vector<uint8_t> pixels;  // width × height grey levels, row-major, 0 = black
  int delay_cs = 10;            // how long it is shown, in hundredths of a second (0 … 65535)
};

// The whole file. loop_count 0 loops forever; n > 0 asks for n repeats (browsers differ on whether
// that means n or n + 1 plays). Browsers show delays below 2 cs as 10 cs.
// Throws std::invalid_argument, saying what is wrong, when there are no frames, width or height
// is outside 1 … 65535, a frame's pixel count is not width × height, a delay is outside 0 … 65535
// or loop_count is outside 0 … 65535.
std::vector<uint8_t> encode_gif(const std::vector<GifFrame>& frames, int width, int height,
                                int loop_count = 0);

}  // namespace gan
