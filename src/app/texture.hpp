// A greyscale image uploaded as an RGBA8 OpenGL texture (WebGL2 has no swizzle, so one-channel
// textures would draw red). Works with desktop GL 3.3 and WebGL2 / GLES 3.
#pragma once
#include <cstdint>
#include <vector>

namespace gan {

// How many texture uploads (of any texture, the font atlas's too) this program has made: a frame
// after an upload can differ from the last even if its draw lists do not (frame_memo.hpp).
uint64_t texture_uploads();
void count_texture_upload();

class GreyTexture {
 public:
  GreyTexture() = default;
  GreyTexture(const GreyTexture&) = delete;
  GreyTexture& operator=(const GreyTexture&) = delete;
  ~GreyTexture();  // needs the GL context that created it to be current
  void upload(const std::vector<uint8_t>& grey, int w, int h);
  // After a lost GL context came back (the old texture died with it): a new texture holding the
  // last image uploaded, if any.
  void restore();
  void* imgui_id() const { return reinterpret_cast<void*>(static_cast<intptr_t>(id_)); }
  int width() const { return w_; }
  int height() const { return h_; }

 private:
  unsigned id_ = 0;
  int w_ = 0, h_ = 0;
  std::vector<uint8_t> rgba_;
};

}  // namespace gan
