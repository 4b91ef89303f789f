// Desktop platform: assets are files on disk, the loop is a plain while loop.
#include <SDL.h>

#include <vector>

#include "platform.hpp"

namespace gan::platform {
namespace {
std::vector<std::string> pending;
}

void default_options(AppOptions& options) {
  if (options.assets_dir == "assets") options.assets_dir = GAN_SOURCE_ASSETS_DIR;
}

void request_asset(const std::string& name) { pending.push_back(name); }

void poll(App& app) {
  const std::vector<std::string> ready = std::move(pending);
  pending.clear();
  for (const auto& name : ready) app.asset_arrived(name, "");
}

void run_main_loop(const std::function<bool()>& frame) {
  while (frame()) {
  }
}

const char* glsl_version() { return "#version 330 core"; }

void set_gl_attributes() {
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
}

}  // namespace gan::platform
