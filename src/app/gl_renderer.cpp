// ImGui's draw lists drawn with GL 3.3 core / GLES 3.0 and no state read back; see gl_renderer.hpp.
#include "gl_renderer.hpp"

#include <cstdint>
#include <cstdio>
#include <string>

#include "gl.hpp"
#include "texture.hpp"

namespace gan {
namespace {

const char* kVertexShader = R"(
layout(location = 0) in vec2 position;
layout(location = 1) in vec2 uv;
layout(location = 2) in vec4 colour;
uniform mat4 projection;
out vec2 frag_uv;
out vec4 frag_colour;
void main() {
  frag_uv = uv;
  frag_colour = colour;
  gl_Position = projection * vec4(position, 0.0, 1.0);
})";

const char* kFragmentShader = R"(
precision mediump float;
uniform sampler2D atlas;
in vec2 frag_uv;
in vec4 frag_colour;
layout(location = 0) out vec4 out_colour;
void main() { out_colour = frag_colour * texture(atlas, frag_uv); })";

// A shader's or a program's info log (glGetShaderInfoLog / glGetProgramInfoLog), for an error message.
std::string info_log(GLuint object, void (*get_log)(GLuint, GLsizei, GLsizei*, GLchar*)) {
  char log[1024] = "";
  get_log(object, sizeof log, nullptr, log);
  return log;
}

GLuint compile(GLenum kind, const char* version, const char* body) {
  const std::string source = std::string(version) + "\n" + body;
  const char* text = source.c_str();
  GLuint shader = glCreateShader(kind);
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint compiled = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &compiled);
  if (!compiled) {
    std::fprintf(stderr, "gan: the overlay's %s shader does not compile: %s\n",
                 kind == GL_VERTEX_SHADER ? "vertex" : "fragment", info_log(shader, glGetShaderInfoLog).c_str());
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

GLuint texture_name(ImTextureID id) { return static_cast<GLuint>(reinterpret_cast<intptr_t>(id)); }

}  // namespace

GlRenderer::GlRenderer(const char* glsl_version) {
  ImGui::GetIO().BackendRendererName = "gan_gl_renderer";
  const GLuint vs = compile(GL_VERTEX_SHADER, glsl_version, kVertexShader);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, glsl_version, kFragmentShader);
  if (vs && fs) {
    program_ = glCreateProgram();
    glAttachShader(program_, vs);
    glAttachShader(program_, fs);
    glLinkProgram(program_);
    GLint linked = 0;
    glGetProgramiv(program_, GL_LINK_STATUS, &linked);
    if (!linked) {
      std::fprintf(stderr, "gan: the overlay's shaders do not link: %s\n", info_log(program_, glGetProgramInfoLog).c_str());
      glDeleteProgram(program_);
      program_ = 0;
    }
  }
  if (vs) glDeleteShader(vs);
  if (fs) glDeleteShader(fs);
  if (!program_) return;
  projection_location_ = glGetUniformLocation(program_, "projection");
  texture_location_ = glGetUniformLocation(program_, "atlas");

  // One vertex array for every frame: ImDrawVert is {pos (2 floats), uv (2 floats), col (RGBA8)}.
  glGenVertexArrays(1, &vertex_array_);
  glGenBuffers(1, &vertex_buffer_);
  glGenBuffers(1, &index_buffer_);
  glBindVertexArray(vertex_array_);
  glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, index_buffer_);  // recorded in the vertex array
  const GLsizei stride = sizeof(ImDrawVert);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, col)));
  glBindVertexArray(0);
}

GlRenderer::~GlRenderer() {
  if (ImGui::GetCurrentContext() && texture_name(ImGui::GetIO().Fonts->TexID) == font_texture_)
    ImGui::GetIO().Fonts->SetTexID(nullptr);
  if (font_texture_) glDeleteTextures(1, &font_texture_);
  if (index_buffer_) glDeleteBuffers(1, &index_buffer_);
  if (vertex_buffer_) glDeleteBuffers(1, &vertex_buffer_);
  if (vertex_array_) glDeleteVertexArrays(1, &vertex_array_);
  if (program_) glDeleteProgram(program_);
}

void GlRenderer::abandon() {
  if (ImGui::GetCurrentContext() && texture_name(ImGui::GetIO().Fonts->TexID) == font_texture_)
    ImGui::GetIO().Fonts->SetTexID(nullptr);  // the next renderer uploads the atlas again
  program_ = vertex_array_ = vertex_buffer_ = index_buffer_ = font_texture_ = 0;
}

void GlRenderer::prepare_fonts() {
  ImFontAtlas* fonts = ImGui::GetIO().Fonts;
  if (fonts->TexID) return;
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  fonts->GetTexDataAsRGBA32(&pixels, &width, &height);  // builds the atlas if it is not built yet
  if (!font_texture_) {
    glGenTextures(1, &font_texture_);
    glBindTexture(GL_TEXTURE_2D, font_texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
  glBindTexture(GL_TEXTURE_2D, font_texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // RGBA rows are whole words
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(font_texture_)));
  count_texture_upload();
}

void GlRenderer::render(const ImDrawData* data) {
  const float scale_x = data->FramebufferScale.x, scale_y = data->FramebufferScale.y;
  const int width = static_cast<int>(data->DisplaySize.x * scale_x);
  const int height = static_cast<int>(data->DisplaySize.y * scale_y);
  if (!program_ || width <= 0 || height <= 0) return;

  // Straight (not premultiplied) alpha blending over the cleared framebuffer, clipped per command.
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);
  glViewport(0, 0, width, height);

  // Logical pixels (ImGui's coordinates, from DisplayPos) to clip space, y downwards.
  const float left = data->DisplayPos.x, right = left + data->DisplaySize.x;
  const float top = data->DisplayPos.y, bottom = top + data->DisplaySize.y;
  const float projection[16] = {
      2.0f / (right - left),           0, 0, 0,  //
      0, 2.0f / (top - bottom),           0, 0,  //
      0, 0, -1, 0,                               //
      (right + left) / (left - right), (top + bottom) / (bottom - top), 0, 1,
  };
  glUseProgram(program_);
  glUniformMatrix4fv(projection_location_, 1, GL_FALSE, projection);
  glUniform1i(texture_location_, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(vertex_array_);
  glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);

  const GLenum index_type = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(list->VtxBuffer.Size) * sizeof(ImDrawVert),
                 list->VtxBuffer.Data, GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(list->IdxBuffer.Size) * sizeof(ImDrawIdx),
                 list->IdxBuffer.Data, GL_STREAM_DRAW);
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {  // the overlay adds none; honoured for completeness
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        continue;
      }
      // The clip rectangle in framebuffer pixels, whose origin is the bottom-left corner.
      const float x0 = (cmd.ClipRect.x - left) * scale_x, y0 = (cmd.ClipRect.y - top) * scale_y;
      const float x1 = (cmd.ClipRect.z - left) * scale_x, y1 = (cmd.ClipRect.w - top) * scale_y;
      if (x1 <= x0 || y1 <= y0) continue;
      glScissor(static_cast<int>(x0), static_cast<int>(height - y1), static_cast<int>(x1 - x0), static_cast<int>(y1 - y0));
      glBindTexture(GL_TEXTURE_2D, texture_name(cmd.GetTexID()));
      // Without ImGuiBackendFlags_RendererHasVtxOffset every command's VtxOffset is 0 (GLES 3.0
      // has no base-vertex draw).
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), index_type,
                     reinterpret_cast<void*>(static_cast<intptr_t>(cmd.IdxOffset * sizeof(ImDrawIdx))));
    }
  }
  glBindVertexArray(0);
  glDisable(GL_SCISSOR_TEST);  // the next frame's glClear covers the whole framebuffer
}

}  // namespace gan
