// Draws Dear ImGui's draw lists with OpenGL 3.3 core (desktop) or OpenGL ES 3.0 (WebGL 2).
//
// This program owns its GL context, so, unlike ImGui's stock backend, the renderer never reads GL
// state back to restore it afterwards. In a browser every glGet* is a synchronous round trip that
// waits until the GPU process has finished all the work queued before it: in headless Chromium the
// stock backend's glGetIntegerv(GL_SCISSOR_BOX) alone held the page's main thread for about 34 ms
// a frame while the Worker trained (fps 22 with it, 27 without).
#pragma once
#include <imgui.h>

namespace gan {

class GlRenderer {
 public:
  // Compiles the shaders and makes the buffers; the context must be current. glsl_version is the
  // shaders' first line ("#version 300 es" or "#version 330 core").
  explicit GlRenderer(const char* glsl_version);
  GlRenderer(const GlRenderer&) = delete;
  GlRenderer& operator=(const GlRenderer&) = delete;
  ~GlRenderer();  // needs the same context current

  bool ok() const { return program_ != 0; }
  // After the GL context was lost (a browser may drop a page's WebGL context, e.g. when the GPU
  // resets): its objects died with it, so forget them without deleting them (deleting them in the
  // restored context would be an error). Destroy this renderer afterwards and make a new one.
  void abandon();
  // Before ImGui::NewFrame: uploads the font atlas when ImGui has none (the first frame, and after a
  // rebuild, which clears io.Fonts->TexID).
  void prepare_fonts();
  // Draws a frame's lists over whatever the framebuffer holds; leaves the scissor test off.
  void render(const ImDrawData* data);

 private:
  unsigned program_ = 0, vertex_array_ = 0, vertex_buffer_ = 0, index_buffer_ = 0, font_texture_ = 0;
  int projection_location_ = -1, texture_location_ = -1;
};

}  // namespace gan
