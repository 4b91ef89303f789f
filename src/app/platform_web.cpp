// Browser platform: the page's JavaScript (web/main.js) downloads assets into the in-memory file
// system, the browser drives the frame loop, and window.gan calls the exported functions below.
#include <SDL.h>
#include <emscripten.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "platform.hpp"

namespace gan::platform {
namespace {

App* the_app = nullptr;
std::vector<std::pair<std::string, std::string>> arrived;  // (dataset, error)
std::string published_error;
std::function<bool()> the_frame;

EM_JS(void, js_request_asset, (const char* name), { Module.ganRequestAsset(UTF8ToString(name)); });
EM_JS(void, js_show_error, (const char* message), { Module.ganShowError(UTF8ToString(message)); });

}  // namespace

void default_options(AppOptions& options) { options.assets_dir = "/assets"; }

void request_asset(const std::string& name) { js_request_asset(name.c_str()); }

void poll(App& app) {
  the_app = &app;
  const auto ready = std::move(arrived);
  arrived.clear();
  for (const auto& [name, error] : ready) app.asset_arrived(name, error);
  if (app.error() != published_error) {
    published_error = app.error();
    js_show_error(published_error.c_str());
  }
}

void run_main_loop(const std::function<bool()>& frame) {
  the_frame = frame;
  emscripten_set_main_loop([] { the_frame(); }, 0, 1);  // never returns: the browser owns the loop
}

const char* glsl_version() { return "#version 300 es"; }

void set_gl_attributes() {
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
}

}  // namespace gan::platform

// ---- Functions behind window.gan (see web/main.js) ------------------------------------------------
using gan::platform::the_app;

extern "C" {

EMSCRIPTEN_KEEPALIVE void gan_asset_arrived(const char* name, const char* error) {
  gan::platform::arrived.emplace_back(name, error);
}

EMSCRIPTEN_KEEPALIVE const char* gan_stats_json() {
  static std::string json;
  json = the_app ? the_app->stats().to_json() : "null";
  return json.c_str();
}

EMSCRIPTEN_KEEPALIVE void gan_set_running(int running) {
  if (the_app) the_app->set_running(running != 0);
}

EMSCRIPTEN_KEEPALIVE void gan_step(int n) {
  if (the_app) the_app->step_iterations(std::clamp(n, 0, 10000));
}

EMSCRIPTEN_KEEPALIVE void gan_reset(double seed) {
  if (the_app && seed >= 0 && seed <= 9007199254740992.0) the_app->reset(static_cast<uint64_t>(seed));
}

EMSCRIPTEN_KEEPALIVE int gan_set_preset(const char* name) { return the_app && the_app->set_preset(name) ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE int gan_set_dataset(const char* name) { return the_app && the_app->set_dataset(name) ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE int gan_set_param(const char* name, const char* value) {
  return the_app && the_app->set_param(name, value) ? 1 : 0;
}

// Benchmark: `reps` timed runs of `iterations` iterations after a short warm-up, on a fresh
// trainer with the current settings. Returns JSON with the median iterations per second.
EMSCRIPTEN_KEEPALIVE const char* gan_bench(int iterations, int reps) {
  static std::string json;
  if (!the_app || !the_app->trainer()) return "null";
  std::string err;
  auto trainer = gan::make_trainer(the_app->trainer()->data(), the_app->config(), err);
  if (!trainer) return "null";
  trainer->train_iterations(2);
  std::vector<double> rates;
  for (int r = 0; r < std::max(1, reps); ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    trainer->train_iterations(std::max(1, iterations));
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rates.push_back(std::max(1, iterations) / s);
  }
  std::sort(rates.begin(), rates.end());
  char buf[256];
  std::snprintf(buf, sizeof buf, "{\"preset\":\"%s\",\"batch\":%d,\"its_per_s\":%.3f,\"min\":%.3f,\"max\":%.3f,\"reps\":%zu,\"iterations\":%d}",
                the_app->config().preset.c_str(), the_app->config().batch, rates[rates.size() / 2], rates.front(), rates.back(),
                rates.size(), iterations);
  json = buf;
  return json.c_str();
}

}  // extern "C"
