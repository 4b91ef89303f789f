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

void GreyTexture::upload(const std::vector<uint8_t>& grey, int w, int h) {
  rgba_.resize(grey.size() * 4);
  for (std::size_t i = 0; i < grey.size(); ++i) {
    rgba_[4 * i] = rgba_[4 * i + 1] = rgba_[4 * i + 2] = grey[i];
    rgba_[4 * i + 3] = 255;
  }
  if (!id_) {
    glGenTextures(1, &id_);
    glBindTexture(GL_TEXTURE_2D, id_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);  // crisp enlarged pixels
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
  glBindTexture(GL_TEXTURE_2D, id_);
  if (w != w_ || h != h_)
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba_.data());
  else
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba_.data());  // RGBA rows: 4-byte aligned
  w_ = w;
  h_ = h;
  count_texture_upload();
}

}  // namespace gan
