// The demo's options: what a command line (desktop) or a URL (page: ?key=value becomes --key value)
// may say, parsed without trusting any of it, and the inverse, the settings of a run written as a
// link query that opens the same run again. Depends only on src/core (no ImGui, SDL or Emscripten),
// so a fuzzer can drive parse_app_options alone.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "session/session.hpp"  // kMaxBenchIterations, kMaxBenchReps

namespace gan {

// The dashboard's text size, a factor of its normal size (the same range as its slider).
constexpr float kMinTextScale = 0.75f, kMaxTextScale = 2.5f;

struct AppOptions {
  std::string preset = "swift";  // the page opens on the soonest clean digits (config.cpp); book is one click away
  std::string dataset = "digits";
  uint64_t seed = 1;
  bool autostart = true;
  std::string assets_dir = "assets";
  // Table parameters (config.hpp) over the preset, already range-checked; applied after the preset
  // whatever their order on the command line.
  struct Param {
    std::string name;
    double value;
  };
  std::vector<Param> params;
  std::string d_optimizer, g_optimizer;  // "sgd"/"adam"; empty: the preset's
  // Benchmark mode: train nothing, time a fresh trainer once the data is there.
  bool bench = false;
  int bench_iterations = 10, bench_reps = 3;
  long frames = -1;                   // desktop smoke test: draw this many frames, then exit
  // The page's training threads (web/main.js picks the Worker's module by it; 0: as many cores as
  // the browser reports, at most 4, when the page is cross-origin isolated). Not a setting of the
  // run: every thread count gives the same numbers, and a copied link leaves it out.
  int threads = 0;
  // How the dashboard opens: presenter mode (grid, curves and a few buttons, large text) and a text
  // size (0: the mode's default). Not settings of the run: a copied link leaves them out.
  bool present = false;
  float text_scale = 0;
  std::vector<std::string> warnings;  // problems found while parsing, shown to the user
};

// Parses --preset/--seed/--dataset/--autostart/--assets/--bench/--iterations/--reps/--frames,
// --threads, --present/--text and --<parameter> for every row of param_table() (and --d_optimizer/
// --g_optimizer), as pairs. Bad values become warnings and fall back to defaults (a page opened
// with an odd URL still runs); never throws, whatever the strings.
AppOptions parse_app_options(int argc, const char* const* argv);

// The options' training settings: the preset, then the seed and the parameters over it.
TrainConfig options_config(const AppOptions& options);

// The run as a URL query, "preset=clean&seed=7&dataset=digits&g_lr=3.5e-06": preset, seed, dataset
// and every setting that differs from the preset, each float in the fewest digits that read back
// as the same float. parse_app_options of it gives the same config.
std::string settings_query(const TrainConfig& config, const std::string& dataset);
// The same settings as a JSON object of numbers and names: preset, seed, dataset, every table
// parameter under its table name, d_optimizer and g_optimizer.
std::string settings_json(const TrainConfig& config, const std::string& dataset);
// Shortest text of a value that reads back exactly: integers as integers, floats (the config's
// fields are float) in at most 9 significant digits.
std::string format_setting(double value, bool integer);

// s as a JSON string literal, quotes included (control characters become spaces).
std::string json_quote(const std::string& s);

// Clamps a number into a parameter's range (rounded for whole-number parameters); false when it
// had to move.
bool clamp_to_range(const ParamInfo& param, double& value);

}  // namespace gan
