// The page's training Worker, compiled to its own wasm module (gan-worker): one Session, driven by
// web/worker.js, which passes the dashboard's commands in, trains in short slices, posts the
// updates back, fetches the asset files the session asks for, and answers window.gan's requests
// (images, benchmark, files) through the functions below.
#include <emscripten.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "app/app_options.hpp"
#include "core/matmul.hpp"
#include "session/session.hpp"

namespace {

std::unique_ptr<gan::Session> session;
std::vector<uint8_t> held;  // bytes for JavaScript: copied out with worker_held_*, then released
std::vector<std::string> page_args;  // the page's URL parameters as --key value pairs

EM_JS(void, js_request_asset, (const char* file), { ganRequestAsset(UTF8ToString(file)); });

const char* keep(std::string text) {  // returned strings live until the next call
  static std::string kept;
  kept = std::move(text);
  return kept.c_str();
}

}  // namespace

extern "C" {

// Threads for the matrix products (worker.js asks for the pool it loaded); returns how many there are
// now: always 1 in gan-worker, built without threads. The numbers do not depend on it.
EMSCRIPTEN_KEEPALIVE int worker_set_threads(int n) {
  gan::set_matmul_threads(n);
  return gan::matmul_threads();
}

EMSCRIPTEN_KEEPALIVE void worker_start() {
  session = std::make_unique<gan::Session>("/assets", [](const std::string& file) { js_request_asset(file.c_str()); });
}

// The page's options, one argument at a time, then the start: the Worker reads the URL as the
// dashboard does (app_options.hpp), so training starts as soon as the data is here instead of
// waiting for the dashboard's module. The dashboard's own start command then changes nothing.
EMSCRIPTEN_KEEPALIVE void worker_add_arg(const char* arg) { page_args.emplace_back(arg); }
EMSCRIPTEN_KEEPALIVE void worker_start_from_args() {
  if (!session) return;
  std::vector<const char*> argv = {"gan-worker"};
  for (const auto& a : page_args) argv.push_back(a.c_str());
  const gan::AppOptions options = gan::parse_app_options(static_cast<int>(argv.size()), argv.data());
  session->start(gan::options_config(options), options.dataset, options.autostart && !options.bench);
}

// A command from the dashboard; malformed bytes are ignored.
EMSCRIPTEN_KEEPALIVE void worker_command(const uint8_t* bytes, int size) {
  gan::Command command;
  if (session && size > 0 && gan::decode(bytes, static_cast<size_t>(size), command)) session->handle(command);
}

// The file is in /assets (error empty), or could not be had.
EMSCRIPTEN_KEEPALIVE void worker_asset_arrived(const char* file, const char* error) {
  if (session) session->asset_arrived(file, error);
}

// The next part of a file that is still downloading (total: its whole size); see Session::asset_part.
EMSCRIPTEN_KEEPALIVE void worker_asset_part(const char* file, const uint8_t* bytes, int size, double total) {
  if (session && size >= 0 && total >= 0) session->asset_part(file, bytes, static_cast<size_t>(size), static_cast<uint64_t>(total));
}

// Trains for about budget_ms, then, if one is due, holds an update for the dashboard; returns
// whether it worked.
EMSCRIPTEN_KEEPALIVE int worker_slice(double budget_ms, double now_ms) {
  if (!session) return 0;
  const bool worked = session->train_for(budget_ms, now_ms);
  const double after = emscripten_get_now();  // the clock now_ms is on (performance.now())
  if (session->update_due(after)) held = gan::encode(session->take_update(after));
  return worked ? 1 : 0;
}

// Holds an update without training: sent right after a request changed the run, so the dashboard
// knows before the request's answer arrives.
EMSCRIPTEN_KEEPALIVE void worker_update() {
  if (session) held = gan::encode(session->take_update());
}

// Iterations trained so far in the running run (for the page's timings); -1 before there is a run.
EMSCRIPTEN_KEEPALIVE double worker_iteration() {
  return session && session->trainer() ? static_cast<double>(session->trainer()->iteration()) : -1.0;
}

// When the session's first iteration ended (performance.now() milliseconds); -1 before it.
EMSCRIPTEN_KEEPALIVE double worker_first_iteration_ms() { return session ? session->first_iteration_ms() : -1.0; }

EMSCRIPTEN_KEEPALIVE int worker_held_size() { return static_cast<int>(held.size()); }
EMSCRIPTEN_KEEPALIVE const uint8_t* worker_held_data() { return held.data(); }
EMSCRIPTEN_KEEPALIVE void worker_release_held() { std::vector<uint8_t>().swap(held); }

// ---- window.gan's requests -------------------------------------------------------------------------

// n images from fresh noise, held (none when nothing trains or n is out of range).
EMSCRIPTEN_KEEPALIVE void worker_samples(int n) { held = session ? session->sample_pixels(n) : std::vector<uint8_t>(); }

// Images for n noise vectors (kNoiseSize floats each), held.
EMSCRIPTEN_KEEPALIVE void worker_generate(const float* z, int n) {
  held.clear();
  if (!session || n < 1 || n > gan::Session::kMaxGenerated) return;
  held = session->generate_pixels(Eigen::Map<const Eigen::MatrixXf>(z, gan::kNoiseSize, n));
}

EMSCRIPTEN_KEEPALIVE const char* worker_bench(int iterations, int reps) {
  return keep(session ? session->bench(iterations, reps).to_json() : "null");
}

EMSCRIPTEN_KEEPALIVE void worker_checkpoint() { held = session ? session->checkpoint_bytes() : std::vector<uint8_t>(); }
EMSCRIPTEN_KEEPALIVE const char* worker_checkpoint_name() { return keep(session ? session->checkpoint_name() : ""); }
EMSCRIPTEN_KEEPALIVE int worker_load_checkpoint(const uint8_t* bytes, int size) {
  return session && size >= 0 && session->load_checkpoint(bytes, static_cast<size_t>(size)) ? 1 : 0;
}

// model.json as the result, its weights held.
EMSCRIPTEN_KEEPALIVE const char* worker_export_tfjs() {
  gan::TfjsModel model = session ? session->export_tfjs() : gan::TfjsModel();
  held = std::move(model.weights);
  return keep(std::move(model.model_json));
}
EMSCRIPTEN_KEEPALIVE int worker_import_tfjs(const char* json, int json_size, const uint8_t* weights, int weights_size) {
  if (!session || json_size < 0 || weights_size < 0) return 0;
  return session->import_tfjs(std::string(json, static_cast<size_t>(json_size)), weights, static_cast<size_t>(weights_size)) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE void worker_grid_png() { held = session ? session->grid_png() : std::vector<uint8_t>(); }
// The session's notice (why a request was refused).
EMSCRIPTEN_KEEPALIVE const char* worker_notice() { return keep(session ? session->notice() : ""); }

}  // extern "C"
