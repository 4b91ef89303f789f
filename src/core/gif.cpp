// Animated GIF89a encoder (grey global colour table, looping, per-frame delays, LZW); see gif.hpp.
// Written from the GIF89a specification (W3C/CompuServe, 1990), sections 17-25 and appendix F.
#include "gif.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

namespace gan {

namespace {

constexpr int kMinCodeSize = 8;  // 256 colours: pixel values are the LZW roots 0 … 255
constexpr int kClearCode = 1 << kMinCodeSize;  // 256
constexpr int kEndCode = kClearCode + 1;       // 257
constexpr int kFirstFree = kClearCode + 2;     // 258: first code for a string of two or more pixels
constexpr int kMaxCodes = 4096;                // codes are at most 12 bits
constexpr int kMaxBits = 12;

void put_u16(std::vector<uint8_t>& out, int v) {
  out.push_back(static_cast<uint8_t>(v & 0xff));
  out.push_back(static_cast<uint8_t>(v >> 8));
}

// Codes packed least-significant bit first into data sub-blocks of at most 255 bytes, each
// preceded by its length; finish() adds the zero-length block terminator.
class CodeWriter {
 public:
  explicit CodeWriter(std::vector<uint8_t>& out) : out_(out) {}
  void put(int code, int bits) {
    bit_buffer_ |= static_cast<uint32_t>(code) << bit_count_;
    bit_count_ += bits;
    while (bit_count_ >= 8) {
      put_byte(static_cast<uint8_t>(bit_buffer_ & 0xff));
      bit_buffer_ >>= 8;
      bit_count_ -= 8;
    }
  }
  void finish() {
    if (bit_count_ > 0) put_byte(static_cast<uint8_t>(bit_buffer_ & 0xff));
    bit_buffer_ = 0;
    bit_count_ = 0;
    if (block_size_ > 0) flush_block();
    out_.push_back(0);
  }

 private:
  void put_byte(uint8_t b) {
    block_[block_size_++] = b;
    if (block_size_ == 255) flush_block();
  }
  void flush_block() {
    out_.push_back(static_cast<uint8_t>(block_size_));
    out_.insert(out_.end(), block_, block_ + block_size_);
    block_size_ = 0;
  }
  std::vector<uint8_t>& out_;
  uint32_t bit_buffer_ = 0;  // never holds more than 7 + 12 bits
  int bit_count_ = 0;
  uint8_t block_[255];
  int block_size_ = 0;
};

// The string table as a trie: child_[code · 256 + pixel] is the code of string(code) + pixel, or 0
// when there is none (0 can never be a child: children start at 258). A row is cleared when its
// code is created, so a table reset only has to clear the 256 root rows (128 KB) and the 2 MB
// need no initialization: a small image touches few of its pages. Reused for every frame of a file.
class LzwEncoder {
 public:
  LzwEncoder() : child_(new uint16_t[static_cast<size_t>(kMaxCodes) * 256]) {}

  // The image data of one frame: the minimum code size byte, then the sub-blocks.
  void encode(const uint8_t* pixels, size_t count, std::vector<uint8_t>& out) {
    out.push_back(kMinCodeSize);
    CodeWriter writer(out);
    writer.put(kClearCode, kMinCodeSize + 1);
    reset();
    int prefix = pixels[0];
    for (size_t i = 1; i < count; ++i) {
      const int c = pixels[i];
      uint16_t& slot = child_[static_cast<size_t>(prefix) * 256 + c];
      if (slot != 0) {
        prefix = slot;
        continue;
      }
      writer.put(prefix, bits_);
      if (next_ < kMaxCodes) {
        add(slot);
      } else {
        // The table is full: start afresh. The decoder has just reached 4096 entries too and
        // reads this clear code at 12 bits.
        writer.put(kClearCode, bits_);
        reset();
      }
      prefix = c;
    }
    writer.put(prefix, bits_);
    // Reading that last code, the decoder adds an entry of its own (it lags one code behind the
    // encoder) and may widen its codes: the end code is written at the width it then reads. (A
    // bit narrower would decode too, 257's top bit being 0 like the padding, but not by the spec.)
    if (next_ < kMaxCodes && next_ + 1 > (1 << bits_) && bits_ < kMaxBits) ++bits_;
    writer.put(kEndCode, bits_);
    writer.finish();
  }

 private:
  void reset() {
    std::fill_n(child_.get(), 256 * 256, 0);
    next_ = kFirstFree;
    bits_ = kMinCodeSize + 1;
  }
  // A new string (the one just written plus the pixel that ended it) gets code next_.
  void add(uint16_t& slot) {
    slot = static_cast<uint16_t>(next_);
    std::fill_n(child_.get() + static_cast<size_t>(next_) * 256, 256, 0);
    ++next_;
    // The decoder, one entry behind, widens when its table size reaches 2^bits: for the encoder
    // that is once next_ exceeds 2^bits (no "early change", unlike TIFF's LZW).
    if (next_ > (1 << bits_) && bits_ < kMaxBits) ++bits_;
  }

  std::unique_ptr<uint16_t[]> child_;  // kMaxCodes × 256, uninitialized until used
  int next_ = kFirstFree;
  int bits_ = kMinCodeSize + 1;
};

void check_range(const char* what, long long value, long long lo, long long hi) {
  if (value < lo || value > hi)
    throw std::invalid_argument("encode_gif: " + std::string(what) + " " + std::to_string(value) +
                                " is outside " + std::to_string(lo) + " … " + std::to_string(hi));
}

}  // namespace

std::vector<uint8_t> encode_gif(const std::vector<GifFrame>& frames, int width, int height,
                                int loop_count) {
  if (frames.empty()) throw std::invalid_argument("encode_gif: no frames to encode");
  check_range("width", width, 1, 65535);
  check_range("height", height, 1, 65535);
  check_range("loop count", loop_count, 0, 65535);
  // In 64 bits: 65535 × 65535 does not fit a 32-bit size_t (wasm).
  const uint64_t pixel_count = static_cast<uint64_t>(width) * static_cast<uint64_t>(height);
  for (size_t i = 0; i < frames.size(); ++i) {
    const std::string frame = "frame " + std::to_string(i);
    if (frames[i].pixels.size() != pixel_count)
      throw std::invalid_argument("encode_gif: " + frame + " has " +
                                  std::to_string(frames[i].pixels.size()) + " pixels, " +
                                  std::to_string(width) + " × " + std::to_string(height) +
                                  " needs " + std::to_string(pixel_count));
    check_range((frame + ": delay (centiseconds)").c_str(), frames[i].delay_cs, 0, 65535);
  }

  std::vector<uint8_t> out;
  out.reserve(1024);  // the header and the colour table; LZW data grows it as needed
  for (char c : {'G', 'I', 'F', '8', '9', 'a'}) out.push_back(static_cast<uint8_t>(c));
  // Logical screen descriptor: size; global colour table present (0x80), 8 bits of colour
  // resolution (0x70), not sorted, 2^(7+1) = 256 entries (0x07); background index 0; no aspect.
  put_u16(out, width);
  put_u16(out, height);
  out.push_back(0xF7);
  out.push_back(0);
  out.push_back(0);
  for (int i = 0; i < 256; ++i) out.insert(out.end(), 3, static_cast<uint8_t>(i));
  // Application extension NETSCAPE2.0, sub-block 1: the loop count.
  const char netscape[] = "NETSCAPE2.0";
  out.insert(out.end(), {0x21, 0xFF, 11});
  out.insert(out.end(), netscape, netscape + 11);
  out.insert(out.end(), {3, 1});
  put_u16(out, loop_count);
  out.push_back(0);

  LzwEncoder lzw;
  for (const GifFrame& f : frames) {
    // Graphic control extension: disposal 1 (leave the frame in place; every frame covers the
    // whole screen anyway), no user input, no transparency; the delay.
    out.insert(out.end(), {0x21, 0xF9, 4, 1 << 2});
    put_u16(out, f.delay_cs);
    out.insert(out.end(), {0, 0});
    // Image descriptor: the whole screen, no local colour table, not interlaced.
    out.push_back(0x2C);
    put_u16(out, 0);
    put_u16(out, 0);
    put_u16(out, width);
    put_u16(out, height);
    out.push_back(0);
    lzw.encode(f.pixels.data(), f.pixels.size(), out);
  }
  out.push_back(0x3B);  // trailer
  return out;
}

}  // namespace gan
