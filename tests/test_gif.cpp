// The animated GIF encoder (core/gif.hpp), checked against a small strict GIF decoder written here
// from the GIF89a specification: every block parsed, the LZW stream decoded code by code, and
// every frame compared pixel for pixel with what was encoded.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <stdexcept>
#include <string>

#include "core/gif.hpp"
#include "core/rng.hpp"
#include "core/timelapse.hpp"

using namespace gan;

namespace {

struct DecodedFrame {
  int delay_cs = -1;
  int disposal = -1;
  std::vector<uint8_t> pixels;  // colour indices
  // What the LZW stream did, for the tests of its edge cases.
  int clear_codes = 0;  // including the one that starts the stream
  bool starts_with_clear = false;
  int max_code_bits = 0;
  int end_code_bits = 0;      // the width at which the end code was read
  int end_table_size = 0;     // the decoder's table size when it read the end code
  int resets_before_end = 0;  // codes read after the last clear (1: the clear came just before)
  // Per pixel-string code read: pixels decoded so far and the table size after it.
  struct Step {
    size_t pixels;
    int table_size;
  };
  std::vector<Step> steps;
};

struct DecodedGif {
  std::string version;
  int width = 0, height = 0;
  std::vector<uint8_t> palette;  // 3 bytes per entry
  bool has_loop = false;
  int loop_count = -1;
  std::vector<DecodedFrame> frames;
};

// Bounds-checked little-endian reads; throws std::runtime_error past the end.
class Reader {
 public:
  explicit Reader(const std::vector<uint8_t>& bytes) : bytes_(bytes) {}
  uint8_t u8() {
    if (pos_ >= bytes_.size()) throw std::runtime_error("unexpected end of file");
    return bytes_[pos_++];
  }
  int u16() {
    const int lo = u8();
    return lo | (u8() << 8);
  }
  std::string text(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += static_cast<char>(u8());
    return s;
  }
  // A chain of data sub-blocks up to its zero-length terminator, concatenated.
  std::vector<uint8_t> sub_blocks() {
    std::vector<uint8_t> data;
    for (int size = u8(); size != 0; size = u8())
      for (int i = 0; i < size; ++i) data.push_back(u8());
    return data;
  }
  bool at_end() const { return pos_ == bytes_.size(); }

 private:
  const std::vector<uint8_t>& bytes_;
  size_t pos_ = 0;
};

void expect(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what);
}

// Variable-width LZW as GIF uses it (appendix F): codes LSB first; the table starts at
// clear + 2 entries; each code after the first adds an entry; the width grows when the table size
// reaches 2^width (up to 12 bits); a full table (4096) adds nothing until a clear code.
void lzw_decode(const std::vector<uint8_t>& data, int min_code_size, size_t pixel_count,
                DecodedFrame& f) {
  expect(min_code_size >= 2 && min_code_size <= 8, "bad LZW minimum code size");
  const int clear = 1 << min_code_size, end = clear + 1;
  std::vector<int> prefix(4096, -1), suffix(4096, 0), first(4096, 0);
  for (int i = 0; i < clear; ++i) suffix[i] = first[i] = i;
  size_t bit = 0;  // bits read so far
  auto read = [&](int bits) {
    expect(bit + bits <= data.size() * 8, "LZW data ends without an end code");
    // The 12 bits at most of a code lie within 3 bytes from the one holding its first bit.
    uint32_t window = 0;
    for (size_t i = 0; i < 3 && bit / 8 + i < data.size(); ++i)
      window |= uint32_t{data[bit / 8 + i]} << (8 * i);
    const int code = static_cast<int>((window >> (bit % 8)) & ((1u << bits) - 1));
    bit += bits;
    return code;
  };
  auto emit = [&](int code) {  // appends string(code)
    const size_t at = f.pixels.size();
    for (int c = code; c != -1; c = prefix[c]) f.pixels.push_back(static_cast<uint8_t>(suffix[c]));
    std::reverse(f.pixels.begin() + static_cast<std::ptrdiff_t>(at), f.pixels.end());
    expect(f.pixels.size() <= pixel_count, "more pixels than the image holds");
  };
  int bits = min_code_size + 1, size = end + 1, previous = -1;
  bool first_code = true;
  for (;;) {
    const int code = read(bits);
    f.max_code_bits = std::max(f.max_code_bits, bits);
    if (first_code) f.starts_with_clear = code == clear;
    first_code = false;
    if (code == clear) {
      ++f.clear_codes;
      bits = min_code_size + 1;
      size = end + 1;
      previous = -1;
      f.resets_before_end = 0;
      continue;
    }
    ++f.resets_before_end;
    if (code == end) {
      f.end_code_bits = bits;
      f.end_table_size = size;
      break;
    }
    if (previous == -1) {
      expect(code < clear, "the first code after a clear is not a pixel");
      emit(code);
    } else {
      expect(code <= size && code < 4096, "code " + std::to_string(code) + " is not in the table");
      const bool known = code < size;
      if (size < 4096) {
        prefix[size] = previous;
        suffix[size] = known ? first[code] : first[previous];
        first[size] = first[previous];
        ++size;
      } else {
        expect(known, "code past a full table");
      }
      emit(code);
      if (size == (1 << bits) && bits < 12) ++bits;
    }
    f.steps.push_back({f.pixels.size(), size});
    previous = code;
  }
  expect(f.pixels.size() == pixel_count, "fewer pixels than the image holds");
  // Only the padding of the last byte may follow the end code, and it is zero.
  expect((bit + 7) / 8 == data.size(), "data after the end code");
  for (; bit < data.size() * 8; ++bit) expect(((data[bit / 8] >> (bit % 8)) & 1) == 0, "padding");
}

DecodedGif decode_gif(const std::vector<uint8_t>& bytes) {
  Reader in(bytes);
  DecodedGif gif;
  expect(in.text(3) == "GIF", "no GIF signature");
  gif.version = in.text(3);
  gif.width = in.u16();
  gif.height = in.u16();
  const int packed = in.u8();
  in.u8();  // background colour index
  in.u8();  // pixel aspect ratio
  if (packed & 0x80) {
    const int entries = 2 << (packed & 7);
    for (int i = 0; i < 3 * entries; ++i) gif.palette.push_back(in.u8());
  }
  DecodedFrame pending;
  bool have_control = false;
  for (;;) {
    const int introducer = in.u8();
    if (introducer == 0x3B) break;
    if (introducer == 0x21) {
      const int label = in.u8();
      if (label == 0xF9) {  // graphic control extension
        expect(in.u8() == 4, "graphic control block size");
        expect(!have_control, "two graphic control extensions before one image");
        const int flags = in.u8();
        pending.disposal = (flags >> 2) & 7;
        pending.delay_cs = in.u16();
        in.u8();  // transparent colour index
        expect(in.u8() == 0, "graphic control extension not terminated");
        have_control = true;
      } else if (label == 0xFF) {  // application extension
        expect(in.u8() == 11, "application block size");
        const std::string id = in.text(11);
        const std::vector<uint8_t> data = in.sub_blocks();
        if (id == "NETSCAPE2.0") {
          expect(data.size() == 3 && data[0] == 1, "NETSCAPE2.0 loop block");
          gif.has_loop = true;
          gif.loop_count = data[1] | (data[2] << 8);
        }
      } else {
        in.sub_blocks();  // comment, plain text: skipped
      }
    } else if (introducer == 0x2C) {
      const int left = in.u16(), top = in.u16(), w = in.u16(), h = in.u16();
      const int flags = in.u8();
      expect(left == 0 && top == 0 && w == gif.width && h == gif.height, "frame is not full size");
      expect((flags & 0x80) == 0, "unexpected local colour table");
      expect((flags & 0x40) == 0, "unexpected interlacing");
      const int min_code_size = in.u8();
      DecodedFrame f = pending;
      lzw_decode(in.sub_blocks(), min_code_size, static_cast<size_t>(w) * h, f);
      gif.frames.push_back(std::move(f));
      pending = DecodedFrame();
      have_control = false;
    } else {
      throw std::runtime_error("unknown block " + std::to_string(introducer));
    }
  }
  expect(in.at_end(), "bytes after the trailer");
  return gif;
}

std::vector<uint8_t> noise(Rng& rng, size_t n, uint32_t levels = 256) {
  std::vector<uint8_t> p(n);
  for (auto& v : p) v = static_cast<uint8_t>(rng.below(levels));
  return p;
}

// Encodes, decodes and checks every frame came back exactly.
DecodedGif round_trip(const std::vector<GifFrame>& frames, int w, int h, int loop = 0) {
  const DecodedGif gif = decode_gif(encode_gif(frames, w, h, loop));
  REQUIRE(gif.width == w);
  REQUIRE(gif.height == h);
  REQUIRE(gif.frames.size() == frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    INFO("frame " << i << " of " << w << " x " << h);
    CHECK(gif.frames[i].starts_with_clear);
    CHECK(gif.frames[i].pixels == frames[i].pixels);
    CHECK(gif.frames[i].delay_cs == frames[i].delay_cs);
  }
  return gif;
}

}  // namespace

TEST_CASE("gif: header, grey palette, loop extension and delays", "[gif]") {
  Rng rng(1);
  const std::vector<GifFrame> frames = {
      {noise(rng, 20), 7}, {noise(rng, 20), 0}, {noise(rng, 20), 65535}};
  const std::vector<uint8_t> bytes = encode_gif(frames, 5, 4, 3);
  REQUIRE(bytes.size() > 13);
  CHECK(std::memcmp(bytes.data(), "GIF89a", 6) == 0);
  CHECK(bytes.back() == 0x3B);
  const DecodedGif gif = decode_gif(bytes);
  CHECK(gif.version == "89a");
  REQUIRE(gif.palette.size() == 3 * 256);
  for (int i = 0; i < 256; ++i) {
    INFO("palette entry " << i);
    CHECK(gif.palette[3 * i] == i);
    CHECK(gif.palette[3 * i + 1] == i);
    CHECK(gif.palette[3 * i + 2] == i);
  }
  CHECK(gif.has_loop);
  CHECK(gif.loop_count == 3);
  REQUIRE(gif.frames.size() == 3);
  CHECK(gif.frames[0].delay_cs == 7);
  CHECK(gif.frames[1].delay_cs == 0);
  CHECK(gif.frames[2].delay_cs == 65535);
  for (const auto& f : gif.frames) CHECK(f.disposal == 1);
  CHECK(decode_gif(encode_gif(frames, 5, 4)).loop_count == 0);  // the default: forever
  CHECK(decode_gif(encode_gif(frames, 5, 4, 65535)).loop_count == 65535);
}

TEST_CASE("gif: random images round-trip exactly", "[gif]") {
  Rng rng(2);
  const int sizes[][2] = {{1, 1},   {2, 1},   {1, 2},   {3, 5},  {28, 28},
                          {64, 64}, {291, 1}, {1, 700}, {97, 31}};
  for (const auto& s : sizes) {
    const size_t n = static_cast<size_t>(s[0]) * s[1];
    for (uint32_t levels : {2u, 5u, 256u}) {
      INFO(s[0] << " x " << s[1] << ", " << levels << " grey levels");
      round_trip({{noise(rng, n, levels), 10}, {noise(rng, n, levels), 20}}, s[0], s[1]);
    }
  }
}

TEST_CASE("gif: constant images round-trip and compress", "[gif]") {
  // Constant pixels make every new code the one the decoder is just defining (the KwKwK case).
  for (int value : {0, 1, 128, 255}) {
    for (int side : {1, 2, 16, 100, 300}) {
      INFO("value " << value << ", " << side << " x " << side);
      const std::vector<uint8_t> pixels(static_cast<size_t>(side) * side,
                                        static_cast<uint8_t>(value));
      round_trip({{pixels, 5}}, side, side);
      // 90,000 equal pixels need about 424 codes (runs of 1, 2, 3, … pixels).
      if (side == 300) CHECK(encode_gif({{pixels, 5}}, side, side).size() < 1600);
    }
  }
}

TEST_CASE("gif: noise that fills the 4096-entry table round-trips across clear codes", "[gif]") {
  Rng rng(3);
  std::vector<GifFrame> frames;
  for (int i = 0; i < 3; ++i) frames.push_back({noise(rng, 300 * 300), 4});
  const DecodedGif gif = round_trip(frames, 300, 300);
  for (const auto& f : gif.frames) {
    CHECK(f.max_code_bits == 12);
    // About 90,000 codes, a clear every 3,838 of them: 23 clears after the first.
    CHECK(f.clear_codes > 20);
  }
  // Images with only a few grey levels (an almost trained generator's background and strokes).
  std::vector<uint8_t> two(300 * 300);
  for (size_t i = 0; i < two.size(); ++i) two[i] = (i / 7 + i / 300) % 3 == 0 ? 255 : 0;
  const DecodedGif g2 = round_trip({{two, 1}, {noise(rng, two.size(), 3), 1}}, 300, 300);
  CHECK(g2.frames[1].clear_codes > 1);
}

TEST_CASE("gif: the end code right at width changes, after a clear and at a full table", "[gif]") {
  // The stream's end is where width bookkeeping goes wrong: the decoder lags the encoder by one
  // entry, and when the last code brings its table to 512, 1024 or 2048 entries it widens before
  // reading the end code. (Written one bit narrower, the end code would still decode here: its
  // top bit is 0 like the padding, and at these table sizes it never ends on a byte boundary.)
  // LZW parses a prefix of a row as it parses the whole row, up to the prefix's last code, so
  // decoding the row tells which prefix lengths end with the table at each size of interest.
  bool seen_512 = false, seen_1024 = false, seen_2048 = false, seen_full = false,
       seen_just_cleared = false;
  int cases = 0;
  for (uint64_t seed = 0; seed < 8; ++seed) {
    Rng rng(100 + seed);
    const std::vector<uint8_t> row = noise(rng, 4400);
    const DecodedGif whole = decode_gif(encode_gif({{row, 0}}, 4400, 1));
    REQUIRE(whole.frames.at(0).pixels == row);
    for (const auto& step : whole.frames[0].steps) {
      const int t = step.table_size;
      if (t != 512 && t != 1024 && t != 2048 && t != 4096 && t != 258) continue;
      const size_t n = step.pixels;
      const std::vector<uint8_t> prefix(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(n));
      DecodedGif gif;
      try {
        gif = decode_gif(encode_gif({{prefix, 0}}, static_cast<int>(n), 1));
      } catch (const std::exception& e) {
        FAIL("seed " << seed << ", length " << n << ": " << e.what());
      }
      ++cases;
      const DecodedFrame& f = gif.frames.at(0);
      if (f.pixels != prefix) FAIL("seed " << seed << ", length " << n << ": pixels differ");
      CHECK(f.end_table_size == t);
      seen_512 |= t == 512 && f.end_code_bits == 10;
      seen_1024 |= t == 1024 && f.end_code_bits == 11;
      seen_2048 |= t == 2048 && f.end_code_bits == 12;
      seen_full |= t == 4096 && f.end_code_bits == 12;
      seen_just_cleared |= t == 258 && f.clear_codes == 2 && f.resets_before_end == 2;
    }
  }
  CHECK(cases >= 8 * 5);
  CHECK(seen_512);
  CHECK(seen_1024);
  CHECK(seen_2048);
  CHECK(seen_full);
  CHECK(seen_just_cleared);
}

TEST_CASE("gif: a 1 x 1 image and the largest side", "[gif]") {
  const DecodedGif one = round_trip({{{42}, 3}}, 1, 1);
  CHECK(one.frames[0].end_table_size == 258);  // clear, 42, end: the decoder added no entry
  Rng rng(5);
  round_trip({{noise(rng, 65535, 4), 1}}, 65535, 1);
  round_trip({{noise(rng, 65535, 4), 1}}, 1, 65535);
}

TEST_CASE("gif: bad input is refused with a message", "[gif]") {
  using Catch::Matchers::Contains;
  const std::vector<GifFrame> ok = {{std::vector<uint8_t>(6, 0), 10}};
  CHECK_NOTHROW(encode_gif(ok, 3, 2));
  CHECK_THROWS_WITH(encode_gif({}, 3, 2), Contains("no frames"));
  CHECK_THROWS_WITH(encode_gif(ok, 0, 2), Contains("width 0 is outside 1"));
  CHECK_THROWS_WITH(encode_gif(ok, 3, -1), Contains("height -1"));
  CHECK_THROWS_WITH(encode_gif(ok, 65536, 2), Contains("width 65536"));
  CHECK_THROWS_WITH(encode_gif(ok, 2, 3, -1), Contains("loop count -1"));
  CHECK_THROWS_WITH(encode_gif(ok, 3, 2, 65536), Contains("loop count 65536"));
  CHECK_THROWS_WITH(encode_gif(ok, 2, 2), Contains("frame 0 has 6 pixels"));
  const std::vector<GifFrame> second_short = {ok[0], {std::vector<uint8_t>(5, 0), 10}};
  CHECK_THROWS_WITH(encode_gif(second_short, 3, 2), Contains("frame 1 has 5 pixels"));
  CHECK_THROWS_AS(encode_gif(second_short, 3, 2), std::invalid_argument);
  CHECK_THROWS_WITH(encode_gif({{std::vector<uint8_t>(6, 0), -1}}, 3, 2), Contains("delay"));
  CHECK_THROWS_WITH(encode_gif({{std::vector<uint8_t>(6, 0), 65536}}, 3, 2), Contains("delay"));
  // 65535 × 65535 pixels overflow 32 bits: the count must still be compared correctly.
  CHECK_THROWS_WITH(encode_gif(ok, 65535, 65535), Contains("frame 0 has 6 pixels"));
}

TEST_CASE("gif: a time lapse becomes a looping GIF of its grids, enlarged", "[gif][timelapse]") {
  // Five frames of four 3 × 3 images, two to a row: 9 × 9 grids, 18 × 18 at scale 2.
  Rng rng(6);
  TimeLapse lapse(10, 1);
  for (int f = 0; f < 5; ++f) REQUIRE(lapse.add(f, noise(rng, 4 * 9).data(), 4, 3, 3));
  const TimeLapseGif frames = timelapse_gif_frames(lapse, 2, 2, 150, 8);
  CHECK(frames.width == 18);
  CHECK(frames.height == 18);
  const DecodedGif gif = decode_gif(timelapse_gif(lapse, 2, 2, 150, 8));
  CHECK(gif.width == 18);
  CHECK(gif.height == 18);
  CHECK(gif.has_loop);
  CHECK(gif.loop_count == 0);
  REQUIRE(gif.frames.size() == 5);
  for (size_t i = 0; i < 5; ++i) {
    INFO("frame " << i);
    CHECK(gif.frames[i].delay_cs == (i < 4 ? 8 : 150));
    const GreyImage grid = timelapse_grid(lapse, i, 2);
    REQUIRE(grid.width == 9);
    for (int y = 0; y < 18; ++y)
      for (int x = 0; x < 18; ++x)
        if (gif.frames[i].pixels[y * 18 + x] != grid.pixels[(y / 2) * 9 + x / 2])
          FAIL("pixel " << x << ", " << y << " is not the grid's, enlarged");
  }
  // Scale 1 is the grid itself.
  const TimeLapseGif plain = timelapse_gif_frames(lapse, 2, 1);
  CHECK(plain.frames.at(4).pixels == timelapse_grid(lapse, 4, 2).pixels);
  CHECK(plain.frames.at(0).delay_cs == 10);
  CHECK(plain.frames.at(4).delay_cs == 200);
  // No frames, no GIF; bad settings are refused.
  CHECK(timelapse_gif_frames(TimeLapse(), 10, 1).frames.empty());
  CHECK(timelapse_gif(TimeLapse(), 10, 1).empty());
  CHECK_THROWS_AS(timelapse_gif_frames(lapse, 0, 1), std::invalid_argument);
  CHECK_THROWS_AS(timelapse_gif_frames(lapse, 2, 0), std::invalid_argument);
  CHECK_THROWS_AS(timelapse_gif_frames(lapse, 2, 1, -1), std::invalid_argument);
  CHECK_THROWS_AS(timelapse_gif_frames(lapse, 2, 1, 100, 65536), std::invalid_argument);
  // 9 × 7282 = 65538 pixels a side: refused before any pixel is made.
  CHECK_THROWS_WITH(timelapse_gif_frames(lapse, 2, 7282), Catch::Matchers::Contains("65535"));
}
