// Context-modelled binary range coding of image stacks; see pixel_codec.hpp.
#include "pixel_codec.hpp"

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

class RangeDecoder {
 public:
  RangeDecoder(const uint8_t* data, size_t n) : data_(data), n_(n) {
    for (int i = 0; i < 5; ++i) code_ = (code_ << 8) | next_byte();
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

 private:
  uint32_t next_byte() {
    if (pos_ < n_) return data_[pos_++];
    overrun_ = true;
    return 0;
  }
  const uint8_t* data_;
  size_t n_, pos_ = 0;
  uint32_t code_ = 0, range_ = 0xFFFFFFFFu;
  bool overrun_ = false;
};

// Walks every pixel in order with the shared context model. The encoder reads px; the decoder
// writes it (each pixel is written after its 8 bits are coded, before its neighbours need it).
template <class Coder>
void code_pixels(Coder& coder, uint8_t* px, int count, int rows, int cols) {
  std::vector<uint16_t> probs(static_cast<size_t>(kContexts) * 256, 1 << (kProbBits - 1));
  for (int n = 0; n < count; ++n) {
    uint8_t* img = px + static_cast<size_t>(n) * rows * cols;
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        const int w = c > 0 ? img[r * cols + c - 1] : 0;
        const int nn = r > 0 ? img[(r - 1) * cols + c] : 0;
        const int nw = r > 0 && c > 0 ? img[(r - 1) * cols + c - 1] : 0;
        const int ne = r > 0 && c + 1 < cols ? img[(r - 1) * cols + c + 1] : 0;
        const int ctx = ((w >> 5) * 8 + (nn >> 5)) * 16 + (nw >> 6) * 4 + (ne >> 6);
        uint16_t* p = &probs[static_cast<size_t>(ctx) * 256];
        const int value = img[r * cols + c];
        unsigned node = 1;  // binary tree over the 8 bits, most significant first
        for (int b = 7; b >= 0; --b) node = node * 2 + coder.code(p[node], (value >> b) & 1);
        img[r * cols + c] = static_cast<uint8_t>(node & 0xFF);
      }
    }
  }
}

}  // namespace

std::vector<uint8_t> encode_pixels(const uint8_t* pixels, int count, int rows, int cols) {
  std::vector<uint8_t> copy(pixels, pixels + static_cast<size_t>(count) * rows * cols);
  RangeEncoder enc;
  code_pixels(enc, copy.data(), count, rows, cols);
  return enc.finish();
}

bool decode_pixels(const uint8_t* payload, size_t payload_size, int count, int rows, int cols,
                   uint8_t* out) {
  RangeDecoder dec(payload, payload_size);
  code_pixels(dec, out, count, rows, cols);
  return !dec.overrun();
}

}  // namespace gan
