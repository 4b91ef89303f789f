// Desktop platform: the session trains on a thread of its own and reads the assets from disk; the
// loop is a plain while loop.
#include <SDL.h>

#include <memory>
#include <random>
#include <vector>

#include "platform.hpp"
#include "session/session_thread.hpp"

namespace gan::platform {
namespace {
std::unique_ptr<SessionThread> session;  // stopped and joined at exit
}

void default_options(AppOptions& options) {
  if (options.assets_dir == "assets") options.assets_dir = GAN_SOURCE_ASSETS_DIR;
}

void configure_sdl() {}

std::function<void(std::vector<uint8_t>)> start_session(const AppOptions& options) {
  session = std::make_unique<SessionThread>(options.assets_dir);
  return [](std::vector<uint8_t> command) { session->post(std::move(command)); };
}

uint64_t random_seed() {
  std::random_device rd;
  const uint64_t bits = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  return bits & ((uint64_t(1) << 53) - 1);
}

void poll(App& app, Ui&) {
  for (const auto& update : session->take_updates()) app.receive(update.data(), update.size());
}

void run_main_loop(const std::function<bool()>& frame) {
  while (frame()) {
  }
}

void idle_frame() { SDL_WaitEventTimeout(nullptr, 16); }  // returns early on input, leaving it queued

bool gl_context_lost() { return false; }
bool take_gl_context_restored() { return false; }

const char* glsl_version() { return "#version 330 core"; }

void set_gl_attributes() {
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
}

}  // namespace gan::platform
