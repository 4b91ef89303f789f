// Desktop platform: assets are files on disk, the loop is a plain while loop.
#include <SDL.h>

#include <random>
#include <vector>

#include "platform.hpp"

namespace gan::platform {
namespace {
std::vector<std::string> pending;
}

void default_options(AppOptions& options) {
  if (options.assets_dir == "assets") options.assets_dir = GAN_SOURCE_ASSETS_DIR;
}

void configure_sdl() {}

void request_asset(const std::string& file) { pending.push_back(file); }

uint64_t random_seed() {
  std::random_device rd;
  const uint64_t bits = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  return bits & ((uint64_t(1) << 53) - 1);
}

void poll(App& app, Ui&) {
  const std::vector<std::string> ready = std::move(pending);
  pending.clear();
  for (const auto& file : ready) app.asset_arrived(file, "");
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
