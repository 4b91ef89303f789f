// RGBA8 texture upload for greyscale images; see texture.hpp.
#include "texture.hpp"

#include <cstddef>

#include "gl.hpp"

namespace gan {

namespace {
uint64_t uploads = 0;
}

uint64_t texture_uploads() { return uploads; }
void count_texture_upload() { ++uploads; }

GreyTexture::~GreyTexture() {
  if (id_) glDeleteTextures(1, &id_);
}

// A new texture name with this program's filtering, bound.
static unsigned make_texture() {
  unsigned id = 0;
  glGenTextures(1, &id);
  glBindTexture(GL_TEXTURE_2D, id);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);  // crisp enlarged pixels
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  return id;
}

void GreyTexture::upload(const std::vector<uint8_t>& grey, int w, int h) {
  rgba_.resize(grey.size() * 4);
  for (std::size_t i = 0; i < grey.size(); ++i) {
    rgba_[4 * i] = rgba_[4 * i + 1] = rgba_[4 * i + 2] = grey[i];
    rgba_[4 * i + 3] = 255;
  }
  const bool fresh = id_ == 0;  // a texture name can be 0 after a failed glGenTextures (a lost context)
  if (fresh) id_ = make_texture();
  glBindTexture(GL_TEXTURE_2D, id_);
  if (fresh || w != w_ || h != h_)
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba_.data());
  else
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba_.data());  // RGBA rows: 4-byte aligned
  w_ = w;
  h_ = h;
  count_texture_upload();
}

void GreyTexture::restore() {
  id_ = 0;  // not deleted: it belonged to the lost context
  if (w_ <= 0 || h_ <= 0) return;
  id_ = make_texture();
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w_, h_, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba_.data());
  count_texture_upload();
}

}  // namespace gan
