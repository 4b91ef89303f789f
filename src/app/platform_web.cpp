// Browser platform: the training session runs in a Web Worker (web/worker.js, src/worker); its
// messages pass through the page's JavaScript (web/main.js), the browser drives the frame loop,
// and window.gan calls the exported functions below.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/pixels.hpp"
#include "platform.hpp"
#include "ui.hpp"

namespace gan::platform {
namespace {

App* the_app = nullptr;
Ui* the_ui = nullptr;
std::vector<std::vector<uint8_t>> early_updates;  // arrived before the app's first frame
std::string published_error;
int published_presenting = -1;  // what the page was last told: presenter mode on (1) or off (0)
int published_running = -1;     // and whether training runs (its Play/Pause button's label)
std::function<bool()> the_frame;
bool context_lost = false, context_restored = false;

// The WebGL context's loss and return, from the canvas's events. Handling the loss (returning true
// makes Emscripten call preventDefault) is what tells the browser to try to give the context back.
EM_BOOL on_context_lost(int, const void*, void*) {
  context_lost = true;
  return EM_TRUE;
}
EM_BOOL on_context_restored(int, const void*, void*) {
  context_lost = false;
  context_restored = true;
  return EM_TRUE;
}

// A command's bytes to the Worker (copied out of wasm memory: the buffer moves to the Worker).
EM_JS(void, js_post_command, (const uint8_t* bytes, int size), { Module.ganPostCommand(HEAPU8.slice(bytes, bytes + size)); });
EM_JS(void, js_show_error, (const char* message), { Module.ganShowError(UTF8ToString(message)); });
EM_JS(void, js_run_bench, (int iterations, int reps), { Module.ganRunBench(iterations, reps); });
EM_JS(void, js_view_changed, (int presenting), { Module.ganViewChanged(presenting !== 0); });
EM_JS(void, js_running_changed, (int running), { Module.ganRunningChanged(running !== 0); });
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

std::function<void(std::vector<uint8_t>)> start_session(const AppOptions&) {
  return [](std::vector<uint8_t> command) { js_post_command(command.data(), static_cast<int>(command.size())); };
}

uint64_t random_seed() { return static_cast<uint64_t>(js_random_seed()); }

void poll(App& app, Ui& ui) {
  the_app = &app;
  the_ui = &ui;
  for (const auto& update : early_updates) app.receive(update.data(), update.size());
  early_updates.clear();
  // Only an app with nothing to train gets the page's error box; a run that diverged says so in
  // the overlay, where Reset is.
  const std::string fatal = app.has_run() ? "" : app.error();
  if (fatal != published_error) {
    published_error = fatal;
    js_show_error(fatal.c_str());
  }
  // The page hides its header and gives the canvas the whole window in presenter mode.
  if (static_cast<int>(ui.presenting()) != published_presenting) {
    published_presenting = ui.presenting();
    js_view_changed(published_presenting);
  }
  // The page's Play/Pause button follows from the app's first frame on, and on the frame a click lands.
  if (static_cast<int>(app.running()) != published_running) {
    published_running = app.running();
    js_running_changed(published_running);
  }
  if (app.bench_due()) js_run_bench(app.options().bench_iterations, app.options().bench_reps);
}

bool gl_context_lost() { return context_lost; }

bool take_gl_context_restored() {
  const bool restored = context_restored;
  context_restored = false;
  return restored;
}

void run_main_loop(const std::function<bool()>& frame) {
  the_frame = frame;
  emscripten_set_webglcontextlost_callback("#canvas", nullptr, EM_FALSE, on_context_lost);
  emscripten_set_webglcontextrestored_callback("#canvas", nullptr, EM_FALSE, on_context_restored);
  emscripten_set_main_loop([] { the_frame(); }, 0, 1);  // never returns: the browser owns the loop
}

void idle_frame() {}

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

// An update from the Worker, copied into a buffer the page allocated (and frees afterwards).
EMSCRIPTEN_KEEPALIVE void gan_receive(const uint8_t* bytes, int size) {
  if (size <= 0) return;
  if (the_app)
    the_app->receive(bytes, static_cast<size_t>(size));
  else
    gan::platform::early_updates.emplace_back(bytes, bytes + size);
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

// Where a widget of the overlay is, in CSS pixels from the canvas's top left: {"x","y","w","h"}.
EMSCRIPTEN_KEEPALIVE const char* gan_widget_rect(const char* name) {
  gan::Ui::Rect r;
  if (!the_ui || !the_ui->widget_rect(name, r)) return "null";
  char buf[128];
  std::snprintf(buf, sizeof buf, "{\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", r.x, r.y, r.w, r.h);
  return keep(buf);
}

// The dashboard's view for the page and tests: presenter mode, text size (and the mode's default),
// the layout drawn, the font's size in device pixels (0: the built-in font), atlas builds so far,
// the time-lapse frame shown and the width the full wide layout needs (CSS pixels).
EMSCRIPTEN_KEEPALIVE const char* gan_view_json() {
  if (!the_ui) return "null";
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "{\"present\":%s,\"text\":%g,\"textDefault\":%g,\"layout\":\"%s\",\"fontPx\":%g,\"fontBuilds\":%d,\"timelapseAt\":%lld,"
                "\"fullWidth\":%.0f}",
                the_ui->presenting() ? "true" : "false", the_ui->text_scale(), the_ui->default_text_scale(), the_ui->layout_name(),
                the_ui->font_pixels(), the_ui->font_builds(), static_cast<long long>(the_ui->timelapse_at()), the_ui->full_width());
  return keep(buf);
}
// The running preset, for the page's explanation: {"name","title","lesson","watchFor"}.
EMSCRIPTEN_KEEPALIVE const char* gan_preset_json() {
  if (!the_app) return "null";
  const std::string& name = the_app->config().preset;
  return keep("{\"name\":" + gan::json_quote(name) + ",\"title\":" + gan::json_quote(gan::preset_title(name)) +
              ",\"lesson\":" + (gan::preset_is_lesson(name) ? "true" : "false") + ",\"watchFor\":" + gan::json_quote(gan::preset_watch_for(name)) +
              "}");
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

// Files the dashboard makes (the time-lapse is kept on this side): the function fills a buffer that
// the page copies out (gan_held_size bytes from gan_held_data; none: nothing to give) and releases.
static std::vector<uint8_t> held_file;
EMSCRIPTEN_KEEPALIVE int gan_held_size() { return static_cast<int>(held_file.size()); }
EMSCRIPTEN_KEEPALIVE const uint8_t* gan_held_data() { return held_file.data(); }
EMSCRIPTEN_KEEPALIVE void gan_release_held() { std::vector<uint8_t>().swap(held_file); }
EMSCRIPTEN_KEEPALIVE void gan_timelapse_gif() { held_file = the_app ? the_app->timelapse_gif() : std::vector<uint8_t>(); }
EMSCRIPTEN_KEEPALIVE void gan_film_strip_png() { held_file = the_app ? the_app->film_strip_png() : std::vector<uint8_t>(); }
// The time-lapse record: {"frames", "first", "last", "interval", "bytes"} (iterations of the first
// and newest frame, -1 when empty).
EMSCRIPTEN_KEEPALIVE const char* gan_timelapse_json() {
  if (!the_app) return "null";
  const gan::TimeLapse& t = the_app->timelapse();
  char buf[192];
  std::snprintf(buf, sizeof buf, "{\"frames\":%zu,\"first\":%lld,\"last\":%lld,\"interval\":%lld,\"bytes\":%zu}", t.size(),
                t.empty() ? -1LL : static_cast<long long>(t.frame(0).iteration), t.empty() ? -1LL : static_cast<long long>(t.newest().iteration),
                static_cast<long long>(t.interval()), t.bytes());
  return keep(buf);
}

// Spot the fake: the round as the viewer sees it ({"tiles","fakes","marked","checked","found",
// "falseAlarms","waiting","open"}; "fake" and "scores" only once checked).
EMSCRIPTEN_KEEPALIVE const char* gan_quiz_json() {
  if (!the_app || !the_ui) return "null";
  std::string json = the_app->quiz_json();
  json.insert(json.size() - 1, std::string(",\"open\":") + (the_ui->quiz_open() ? "true" : "false"));
  return keep(std::move(json));
}
// The latent walk: {"from","to","imageSize"} (-1, -1: none); its images held by gan_walk_pixels
// (image after image, 8-bit; none until the Worker sent them).
EMSCRIPTEN_KEEPALIVE const char* gan_walk_json() {
  if (!the_app) return "null";
  const gan::DatasetInfo* d = the_app->dataset();
  char buf[96];
  std::snprintf(buf, sizeof buf, "{\"from\":%d,\"to\":%d,\"imageSize\":%d}", the_app->walk_from(), the_app->walk_to(),
                d ? d->image_size() : 0);
  return keep(buf);
}
EMSCRIPTEN_KEEPALIVE void gan_walk_pixels() {
  held_file.clear();
  if (!the_app) return;
  const Eigen::MatrixXf& images = the_app->walk_images();
  held_file.resize(static_cast<size_t>(images.size()));
  for (Eigen::Index k = 0; k < images.size(); ++k) held_file[static_cast<size_t>(k)] = gan::unit_to_pixel(images.data()[k]);
}

// The loss history as CSV text (the view keeps it).
EMSCRIPTEN_KEEPALIVE const char* gan_losses_csv() { return keep(the_app ? the_app->losses_csv() : ""); }

}  // extern "C"
