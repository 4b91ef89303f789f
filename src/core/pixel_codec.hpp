// Lossless compression of stacks of small greyscale images (the bundled datasets): each pixel is
// coded as binary decisions with an adaptive binary range coder whose probabilities are conditioned
// on the already-coded neighbours (left, up, up-left, up-right). MNIST-like images shrink ~8×, so a
// 10,000-image set downloads as ~1 MB instead of 7.8 MB.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gan {

// How a pixel becomes decisions; the number is the dataset format version that uses it.
enum class PixelCoding : uint32_t {
  kEightDecisions = 1,  // its 8 bits, most significant first
  kZeroFirst = 2,       // "is it 0?", then the 8 bits only if not: most pixels of digit and clothing
                        // images are 0, so decoding makes about a third of the decisions
};
constexpr PixelCoding kNewestPixelCoding = PixelCoding::kZeroFirst;

std::vector<uint8_t> encode_pixels(const uint8_t* pixels, int count, int rows, int cols,
                                   PixelCoding coding = kNewestPixelCoding);

class RangeDecoder;
struct PixelContexts;

// Decodes a payload that may arrive in pieces (a download): each decode() call decodes the images
// whose bytes are surely all among the `available` so far (a decision of the coder reads at most one
// byte, so an image needs at most max_bytes_per_image() more), and once `complete` all that remain.
// The payload's start may move between calls (a growing buffer), its first bytes must not change;
// out is where image 0 goes (it may move too) and holds `room` images: no more are decoded (all of
// them once complete, so then room must be the count). Decoding in pieces gives the same pixels as
// decoding at once.
class PixelDecoder {
 public:
  PixelDecoder(int count, int rows, int cols, PixelCoding coding = kNewestPixelCoding);
  ~PixelDecoder();
  // False with a message (as decode_pixels) once the payload cannot be right.
  bool decode(const uint8_t* payload, size_t available, bool complete, uint8_t* out, int room, std::string& error);
  int images_done() const { return done_; }
  uint64_t max_bytes_per_image() const;

 private:
  int count_, rows_, cols_;
  PixelCoding coding_;
  int done_ = 0;
  std::unique_ptr<RangeDecoder> coder_;
  std::unique_ptr<PixelContexts> contexts_;
};

// Decodes exactly count·rows·cols pixels into out (which must hold that many). Returns false with a
// message if the payload ends before they are all decoded (the decoder stops there, it never reads
// past the end) or if bytes are left over: a stream from encode_pixels is consumed exactly. Wrong
// content is caught by the caller's checksum. On failure out holds partial garbage.
bool decode_pixels(const uint8_t* payload, size_t payload_size, int count, int rows, int cols, uint8_t* out,
                   std::string& error, PixelCoding coding = kNewestPixelCoding);

// The most pixels any payload of this many bytes can decode to, whatever its content (a sound bound
// from the coder's design, see pixel_codec.cpp; the best real case, blank images, reaches ~99% of it).
// Lets a reader refuse a header's claim before allocating anything.
uint64_t max_pixels_in_payload(uint64_t payload_size, PixelCoding coding = kNewestPixelCoding);

}  // namespace gan
