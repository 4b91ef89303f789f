// Context-modelled binary range coding of image stacks; see pixel_codec.hpp.
#include "pixel_codec.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <memory>

namespace gan {
namespace {

constexpr int kProbBits = 12;               // probabilities of a 0 bit, in 1/4096
constexpr int kAdaptShift = 5;              // adaptation speed
constexpr uint32_t kTop = 1u << 24;         // renormalise when the range drops below this
constexpr int kContexts = 8 * 8 * 4 * 4;    // quantised (left, up, up-left, up-right)

class RangeEncoder {
 public:
  int code(uint16_t& p, int bit) {
    const uint32_t bound = (range_ >> kProbBits) * p;
    if (bit == 0) {
      range_ = bound;
      p += ((1 << kProbBits) - p) >> kAdaptShift;
    } else {
      low_ += bound;
      range_ -= bound;
      p -= p >> kAdaptShift;
    }
    while (range_ < kTop) {
      range_ <<= 8;
      shift_low();
    }
    return bit;
  }
  std::vector<uint8_t> finish() {
    for (int i = 0; i < 5; ++i) shift_low();
    return std::move(out_);
  }
  bool overrun() const { return false; }

 private:
  // Emits the top byte of low, holding back 0xFF bytes until a possible carry is known.
  void shift_low() {
    if (static_cast<uint32_t>(low_) < 0xFF000000u || (low_ >> 32) != 0) {
      const uint8_t carry = static_cast<uint8_t>(low_ >> 32);
      uint8_t pending = cache_;
      do {
        out_.push_back(static_cast<uint8_t>(pending + carry));
        pending = 0xFF;
      } while (--cache_size_ != 0);
      cache_ = static_cast<uint8_t>(low_ >> 24);
    }
    ++cache_size_;
    low_ = (low_ & 0x00FFFFFFu) << 8;
  }
  uint64_t low_ = 0;
  uint32_t range_ = 0xFFFFFFFFu;
  uint8_t cache_ = 0;
  uint64_t cache_size_ = 1;
  std::vector<uint8_t> out_;
};

}  // namespace

// Reads its input from a buffer that may still be growing (a download): set_input gives the bytes
// there are so far (their start may move, the bytes already there must not change). Reading past
// them sets overrun().
class RangeDecoder {
 public:
  void set_input(const uint8_t* data, size_t n) {
    data_ = data;
    n_ = n;
    if (!started_) {
      started_ = true;
      for (int i = 0; i < 5; ++i) code_ = (code_ << 8) | next_byte();
    }
  }
  int code(uint16_t& p, int /*bit*/) {
    const uint32_t bound = (range_ >> kProbBits) * p;
    int bit;
    if (code_ < bound) {
      range_ = bound;
      p += ((1 << kProbBits) - p) >> kAdaptShift;
      bit = 0;
    } else {
      code_ -= bound;
      range_ -= bound;
      p -= p >> kAdaptShift;
      bit = 1;
    }
    while (range_ < kTop) {
      range_ <<= 8;
      code_ = (code_ << 8) | next_byte();
    }
    return bit;
  }
  bool overrun() const { return overrun_; }
  size_t consumed() const { return pos_; }
  size_t unused() const { return n_ - pos_; }

 private:
  uint32_t next_byte() {
    if (pos_ < n_) return data_[pos_++];
    overrun_ = true;
    return 0;
  }
  const uint8_t* data_ = nullptr;
  size_t n_ = 0, pos_ = 0;
  uint32_t code_ = 0, range_ = 0xFFFFFFFFu;
  bool started_ = false, overrun_ = false;
};

// The adaptive probabilities of every context, kept between images (and between the pieces of a
// payload that arrives in parts). Each context gets its 256 probabilities on first use, in blocks
// of 32 contexts (16 KB) allocated as needed: small stacks (the tests', the fuzzers') touch a
// fraction of the 1,024 contexts, and setting up the whole 512 KB table would cost more than coding them.
struct PixelContexts {
  static constexpr int kBlock = 32;
  std::array<std::unique_ptr<uint16_t[]>, kContexts / kBlock> blocks;
  std::array<uint16_t*, kContexts> probs{};  // per context, its 256 probabilities once it has them
  int used = 0;

  uint16_t* of(int ctx) {
    uint16_t*& p = probs[ctx];
    if (!p) {
      static const std::array<uint16_t, 256> fresh = [] {
        std::array<uint16_t, 256> f;
        f.fill(1 << (kProbBits - 1));
        return f;
      }();
      auto& block = blocks[used / kBlock];
      if (!block) block.reset(new uint16_t[kBlock * 256]);
      p = block.get() + (used++ % kBlock) * 256;
      std::memcpy(p, fresh.data(), sizeof fresh);
    }
    return p;
  }
};

namespace {

// Codes images [first, last) of the stack px in order with the shared context model. The encoder
// reads px; the decoder writes it (each pixel is written after its decisions are coded, before its
// neighbours need it). Returns the index after the last image completed: before last once the
// decoder has run out of input, so a truncated or hostile payload costs no more work than its
// length allows. With zero_first, a context's probability 0 (unused by the tree, whose nodes are
// 1 … 255) is that of "not 0".
template <bool zero_first, class Coder>
int code_images(Coder& coder, PixelContexts& contexts, uint8_t* px, int first, int last, int rows, int cols) {
  const size_t image_size = static_cast<size_t>(rows) * static_cast<size_t>(cols);
  for (int n = first; n < last; ++n) {
    uint8_t* img = px + static_cast<size_t>(n) * image_size;
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        const int w = c > 0 ? img[r * cols + c - 1] : 0;
        const int nn = r > 0 ? img[(r - 1) * cols + c] : 0;
        const int nw = r > 0 && c > 0 ? img[(r - 1) * cols + c - 1] : 0;
        const int ne = r > 0 && c + 1 < cols ? img[(r - 1) * cols + c + 1] : 0;
        uint16_t* p = contexts.of(((w >> 5) * 8 + (nn >> 5)) * 16 + (nw >> 6) * 4 + (ne >> 6));
        const int value = img[r * cols + c];
        unsigned node = 1;  // binary tree over the 8 bits, most significant first
        if (zero_first && coder.code(p[0], value != 0) == 0) {
          node = 0;
        } else {
          for (int b = 7; b >= 0; --b) node = node * 2 + coder.code(p[node], (value >> b) & 1);
        }
        img[r * cols + c] = static_cast<uint8_t>(node & 0xFF);
        if (coder.overrun()) return n;
      }
    }
  }
  return last;
}

// Whether count·rows·cols is positive and addressable on this platform (size_t is 32 bits in wasm),
// and one image is small enough for the int indexing above.
bool pixel_total(int count, int rows, int cols, size_t& total) {
  if (count <= 0 || rows <= 0 || cols <= 0) return false;
  if (static_cast<int64_t>(rows) * cols > std::numeric_limits<int>::max()) return false;
  const uint64_t n = static_cast<uint64_t>(count) * static_cast<uint64_t>(rows);  // < 2^62: no overflow
  if (n > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(cols)) return false;
  const uint64_t t = n * static_cast<uint64_t>(cols);
  if (t > std::numeric_limits<size_t>::max()) return false;
  total = static_cast<size_t>(t);
  return true;
}

}  // namespace

std::vector<uint8_t> encode_pixels(const uint8_t* pixels, int count, int rows, int cols, PixelCoding coding) {
  size_t total = 0;
  if (!pixel_total(count, rows, cols, total)) return {};
  std::vector<uint8_t> copy(pixels, pixels + total);
  RangeEncoder enc;
  PixelContexts contexts;
  if (coding == PixelCoding::kZeroFirst) code_images<true>(enc, contexts, copy.data(), 0, count, rows, cols);
  else code_images<false>(enc, contexts, copy.data(), 0, count, rows, cols);
  return enc.finish();
}

PixelDecoder::PixelDecoder(int count, int rows, int cols, PixelCoding coding)
    : count_(count), rows_(rows), cols_(cols), coding_(coding), coder_(std::make_unique<RangeDecoder>()),
      contexts_(std::make_unique<PixelContexts>()) {
  size_t total = 0;
  if (!pixel_total(count, rows, cols, total)) count_ = -1;
}

PixelDecoder::~PixelDecoder() = default;

// A decision takes at most one byte: the range is at least 2^24 before it and keeps at least 31/4096
// of it (both outcomes' probabilities stay within [31, 4065]/4096), so at least 2^16.95, which one
// byte brings back over 2^24. A pixel is at most 9 decisions (kZeroFirst: "is it 0?", then 8 bits)
// or 8 (kEightDecisions).
uint64_t PixelDecoder::max_bytes_per_image() const {
  return uint64_t(rows_) * uint64_t(cols_) * (coding_ == PixelCoding::kZeroFirst ? 9 : 8);
}

bool PixelDecoder::decode(const uint8_t* payload, size_t available, bool complete, uint8_t* out, int room,
                          std::string& error) {
  if (count_ < 0) {
    error = "image count or size out of range";
    return false;
  }
  if (!complete && available < 5) return true;  // the decoder's first read takes 5 bytes
  coder_->set_input(payload, available);
  const auto code = [&](int last) {
    done_ = coding_ == PixelCoding::kZeroFirst ? code_images<true>(*coder_, *contexts_, out, done_, last, rows_, cols_)
                                               : code_images<false>(*coder_, *contexts_, out, done_, last, rows_, cols_);
  };
  const int last = std::min(count_, room);
  if (complete) {
    if (!coder_->overrun()) code(last);
  } else {  // image by image, while every byte the next one could read is surely here
    while (done_ < last && !coder_->overrun() && available - coder_->consumed() >= max_bytes_per_image()) code(done_ + 1);
  }
  if (coder_->overrun()) {
    error = "the pixel data is truncated (it ends in image " + std::to_string(done_ + 1) + " of " + std::to_string(count_) + ")";
    return false;
  }
  if (complete && done_ < count_) {
    error = "the decoder was given room for " + std::to_string(room) + " of " + std::to_string(count_) + " images";
    return false;
  }
  if (complete && coder_->unused() != 0) {
    error = "the pixel data has " + std::to_string(coder_->unused()) + " unused bytes after the last image";
    return false;
  }
  return true;
}

bool decode_pixels(const uint8_t* payload, size_t payload_size, int count, int rows, int cols, uint8_t* out,
                   std::string& error, PixelCoding coding) {
  PixelDecoder decoder(count, rows, cols, coding);
  return decoder.decode(payload, payload_size, true, out, count, error);
}

// Why this bound holds for any bytes at all: a coding step keeps at most 4065/4096 + 31/2^24 of the
// range (the adaptive probability of either outcome stays within [31, 4065]/4096, and range ≥ 2^24
// bounds the rounding), i.e. each step costs at least 0.010957 bits. A pixel is at least 8 steps with
// kEightDecisions (≥ 0.08765 bits) and at least 1 with kZeroFirst (≥ 0.010957 bits). The decoder
// starts with 5 bytes and a range just under 2^32, takes a byte whenever the range falls below 2^24
// and fails on reading past the end; so B bytes allow at most 32 + 8·(B − 5) − 24 = 8·(B − 4) bits of
// range to be spent, i.e. (B − 4) · 91.27 pixels with 8 steps each and (B − 4) · 730.1 with one.
// 92 and 731 per byte round up.
uint64_t max_pixels_in_payload(uint64_t payload_size, PixelCoding coding) {
  const uint64_t per_byte = coding == PixelCoding::kZeroFirst ? 731 : 92;
  if (payload_size < 5) return 0;
  if (payload_size - 4 > std::numeric_limits<uint64_t>::max() / per_byte) return std::numeric_limits<uint64_t>::max();
  return (payload_size - 4) * per_byte;
}

}  // namespace gan
