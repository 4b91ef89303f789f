// Browser platform: the page's JavaScript (web/main.js) downloads assets into the in-memory file
// system, the browser drives the frame loop, and window.gan calls the exported functions below.
#include <SDL.h>
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "platform.hpp"
#include "ui.hpp"

namespace gan::platform {
namespace {

App* the_app = nullptr;
Ui* the_ui = nullptr;
std::vector<std::pair<std::string, std::string>> arrived;  // (file, error)
std::string published_error;
int published_presenting = -1;  // what the page was last told: presenter mode on (1) or off (0)
bool bench_published = false;
std::function<bool()> the_frame;

EM_JS(void, js_request_asset, (const char* file), { Module.ganRequestAsset(UTF8ToString(file)); });
EM_JS(void, js_show_error, (const char* message), { Module.ganShowError(UTF8ToString(message)); });
EM_JS(void, js_bench_done, (const char* json), { Module.ganBenchDone(UTF8ToString(json)); });
EM_JS(void, js_view_changed, (int presenting), { Module.ganViewChanged(presenting !== 0); });
// 53 random bits from the browser's cryptographic source (exact as a JavaScript number).
EM_JS(double, js_random_seed, (), {
  const w = crypto.getRandomValues(new Uint32Array(2));
  return (w[0] & 0x1fffff) * 4294967296 + w[1];
});

}  // namespace

void default_options(AppOptions& options) { options.assets_dir = "/assets"; }

// Keys go to SDL (and ImGui) only from the canvas, and only while it has focus: Tab, arrows and
// Page Down keep working everywhere else on the page.
void configure_sdl() { SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas"); }

void request_asset(const std::string& file) { js_request_asset(file.c_str()); }

uint64_t random_seed() { return static_cast<uint64_t>(js_random_seed()); }

void poll(App& app, Ui& ui) {
  the_app = &app;
  the_ui = &ui;
  const auto ready = std::move(arrived);
  arrived.clear();
  for (const auto& [file, error] : ready) app.asset_arrived(file, error);
  // Only an app with nothing to train gets the page's error box; a run that diverged says so in
  // the overlay, where Reset is.
  const std::string fatal = app.trainer() ? "" : app.error();
  if (fatal != published_error) {
    published_error = fatal;
    js_show_error(fatal.c_str());
  }
  // The page hides its header and gives the canvas the whole window in presenter mode.
  if (static_cast<int>(ui.presenting()) != published_presenting) {
    published_presenting = ui.presenting();
    js_view_changed(published_presenting);
  }
  if (app.bench_result() && !bench_published) {
    bench_published = true;
    js_bench_done(app.bench_result()->to_json().c_str());
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
using gan::platform::the_ui;

namespace {
const char* keep(std::string text) {  // returned strings live until the next call
  static std::string held;
  held = std::move(text);
  return held.c_str();
}
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void gan_asset_arrived(const char* file, const char* error) {
  gan::platform::arrived.emplace_back(file, error);
}

EMSCRIPTEN_KEEPALIVE const char* gan_stats_json() { return keep(the_app ? the_app->stats().to_json() : "null"); }

EMSCRIPTEN_KEEPALIVE const char* gan_state_json() {
  return keep(the_app ? gan::settings_json(the_app->config(), the_app->dataset_name()) : "null");
}

EMSCRIPTEN_KEEPALIVE const char* gan_link_query() {
  return keep(the_app ? gan::settings_query(the_app->config(), the_app->dataset_name()) : "");
}

EMSCRIPTEN_KEEPALIVE void gan_set_running(int running) {
  if (the_app) the_app->set_running(running != 0);
}

EMSCRIPTEN_KEEPALIVE void gan_step(int n) {
  if (the_app) the_app->queue_steps(n);
}

EMSCRIPTEN_KEEPALIVE void gan_reset(double seed) {
  if (the_app && seed >= 0 && seed <= 9007199254740992.0 && seed == std::floor(seed)) the_app->reset(static_cast<uint64_t>(seed));
}

EMSCRIPTEN_KEEPALIVE void gan_new_seed() {
  if (the_app) the_app->reset(gan::platform::random_seed());
}

EMSCRIPTEN_KEEPALIVE int gan_set_preset(const char* name) { return the_app && the_app->set_preset(name) ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE int gan_set_dataset(const char* name) { return the_app && the_app->set_dataset(name) ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE int gan_set_param_number(const char* name, double value) {
  return the_app && the_app->set_param(name, value) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE int gan_set_param_text(const char* name, const char* value) {
  return the_app && the_app->set_param(name, std::string(value)) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void gan_dismiss_notice() {
  if (the_app) the_app->clear_notice();
}

// Benchmark: `reps` timed runs of `iterations` iterations after a short warm-up, on a fresh
// trainer with the current settings; JSON with the median iterations per second.
EMSCRIPTEN_KEEPALIVE const char* gan_bench(int iterations, int reps) {
  if (!the_app || !the_app->trainer()) return "null";
  if (iterations > gan::kMaxBenchIterations || reps > gan::kMaxBenchReps)
    the_app->set_notice("benchmark limited to " + std::to_string(gan::kMaxBenchIterations) + " iterations x " +
                        std::to_string(gan::kMaxBenchReps) + " repetitions (it blocks the tab)");
  return keep(the_app->bench(iterations, reps).to_json());
}

// Generated images for gan.samples(n) / gan.generate(z): at most out_size bytes of 8-bit pixels into
// out; returns how many were written (0 when nothing is training or the request is out of range).
EMSCRIPTEN_KEEPALIVE int gan_image_size() {
  return the_app && the_app->dataset() ? the_app->dataset()->image_size() : 0;
}
static int copy_pixels(const std::vector<uint8_t>& pixels, uint8_t* out, int out_size) {
  if (pixels.empty() || pixels.size() > static_cast<size_t>(out_size)) return 0;
  std::memcpy(out, pixels.data(), pixels.size());
  return static_cast<int>(pixels.size());
}
EMSCRIPTEN_KEEPALIVE int gan_samples(int n, uint8_t* out, int out_size) {
  return the_app ? copy_pixels(the_app->sample_pixels(n), out, out_size) : 0;
}
EMSCRIPTEN_KEEPALIVE int gan_generate(const float* z, int n, uint8_t* out, int out_size) {
  if (!the_app || n < 1 || n > gan::App::kMaxGenerated) return 0;
  const Eigen::MatrixXf noise = Eigen::Map<const Eigen::MatrixXf>(z, gan::kNoiseSize, n);
  return copy_pixels(the_app->generate_pixels(noise), out, out_size);
}

// Where a widget of the overlay is, in CSS pixels from the canvas's top left: {"x","y","w","h"}.
EMSCRIPTEN_KEEPALIVE const char* gan_widget_rect(const char* name) {
  gan::Ui::Rect r;
  if (!the_ui || !the_ui->widget_rect(name, r)) return "null";
  char buf[128];
  std::snprintf(buf, sizeof buf, "{\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", r.x, r.y, r.w, r.h);
  return keep(buf);
}

// The dashboard's view for the page and tests: presenter mode, text size (and the mode's default),
// the layout drawn, the font's size in device pixels (0: the built-in font) and atlas builds so far.
EMSCRIPTEN_KEEPALIVE const char* gan_view_json() {
  if (!the_ui) return "null";
  char buf[192];
  std::snprintf(buf, sizeof buf, "{\"present\":%s,\"text\":%g,\"textDefault\":%g,\"layout\":\"%s\",\"fontPx\":%g,\"fontBuilds\":%d}",
                the_ui->presenting() ? "true" : "false", the_ui->text_scale(), the_ui->default_text_scale(), the_ui->layout_name(),
                the_ui->font_pixels(), the_ui->font_builds());
  return keep(buf);
}
EMSCRIPTEN_KEEPALIVE void gan_set_presenting(int on) {
  if (the_ui) the_ui->set_presenting(on != 0);
}
EMSCRIPTEN_KEEPALIVE void gan_set_text_scale(double scale) {
  if (the_ui) the_ui->set_text_scale(static_cast<float>(scale));
}

// Event routing for the page (main.js): is this wheel turn, key or touch for the overlay?
EMSCRIPTEN_KEEPALIVE int gan_wheel_wanted(double dy) { return the_ui && the_ui->wheel_wanted(static_cast<float>(dy)) ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE int gan_keyboard_wanted() { return the_ui && the_ui->keyboard_wanted() ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE void gan_pointer_cancel() {
  if (the_ui) the_ui->cancel_pointer();
}
EMSCRIPTEN_KEEPALIVE double gan_wanted_height() { return the_ui ? the_ui->wanted_height() : 0; }

// ---- Files: downloads and uploads for the page's Files row and window.gan (web/main.js) ---------
// A file for JavaScript is held here: the page calls the function that makes it, copies out
// gan_held_size() bytes from gan_held_data() (none: nothing to give) and calls gan_release_held().
// Uploaded bytes arrive in a buffer the page allocated with _malloc and frees afterwards.
static std::vector<uint8_t> held_file;
static void hold(std::vector<uint8_t> bytes) { held_file = std::move(bytes); }
EMSCRIPTEN_KEEPALIVE int gan_held_size() { return static_cast<int>(held_file.size()); }
EMSCRIPTEN_KEEPALIVE const uint8_t* gan_held_data() { return held_file.data(); }
EMSCRIPTEN_KEEPALIVE void gan_release_held() { std::vector<uint8_t>().swap(held_file); }

EMSCRIPTEN_KEEPALIVE void gan_checkpoint() { hold(the_app ? the_app->checkpoint_bytes() : std::vector<uint8_t>()); }
EMSCRIPTEN_KEEPALIVE const char* gan_checkpoint_name() { return keep(the_app ? the_app->checkpoint_name() : ""); }
EMSCRIPTEN_KEEPALIVE int gan_load_checkpoint(const uint8_t* bytes, int size) {
  return the_app && size >= 0 && the_app->load_checkpoint(bytes, static_cast<size_t>(size)) ? 1 : 0;
}
// model.json as the result, its weights held.
EMSCRIPTEN_KEEPALIVE const char* gan_export_tfjs() {
  gan::TfjsModel model = the_app ? the_app->export_tfjs() : gan::TfjsModel();
  hold(std::move(model.weights));
  return keep(std::move(model.model_json));
}
EMSCRIPTEN_KEEPALIVE int gan_import_tfjs(const char* json, int json_size, const uint8_t* weights, int weights_size) {
  if (!the_app || json_size < 0 || weights_size < 0) return 0;
  return the_app->import_tfjs(std::string(json, static_cast<size_t>(json_size)), weights, static_cast<size_t>(weights_size)) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE void gan_grid_png() { hold(the_app ? the_app->grid_png() : std::vector<uint8_t>()); }
EMSCRIPTEN_KEEPALIVE const char* gan_losses_csv() { return keep(the_app ? the_app->losses_csv() : ""); }

}  // extern "C"
