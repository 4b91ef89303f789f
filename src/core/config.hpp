// Training recipes: every hyperparameter of a run, the named presets, and one table of settable
// parameters with their ranges, shared by the CLI, the page's controls and its URL parameters.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "optimizer.hpp"

namespace gan {

struct TrainConfig {
  std::string preset = "book";
  uint64_t seed = 1;
  int batch = 100;
  OptimizerConfig d_opt{OptimizerKind::kSgd, 0.01f};
  OptimizerConfig g_opt{OptimizerKind::kAdam, 1e-5f};
  float real_label = 0.9f;   // D's target for real images
  float fake_label = 0.1f;   // D's target for generated images
  float g_target = 1.0f;     // target G trains D's output toward
  float d_dropout = 0.3f;    // dropout after D's hidden layer
  float leaky_alpha = 0.3f;  // LeakyReLU slope (Keras default)
  int g_hidden = 256;        // width of G's first hidden layer; the next two are 2× and 4× as wide
  int d_hidden = 256;        // width of D's first hidden layer
  int d_layers = 1;          // D's hidden layers; each after the first is half as wide
  int d_steps = 1;           // D steps per G step
  float g_ema = 0.0f;        // decay of the displayed generator's moving average (0 = off)
  int reuse_fakes = 0;       // 1: the G step trains on the last D step's fakes (one G forward fewer)
  int early_batch = 0;       // images per batch for the first early_iterations (0, or not below batch: batch)
  int early_iterations = 0;  // how many iterations train with early_batch
};

// Images per batch (real and fake each) in iteration `iteration` (counting from 0): early_batch for
// the first early_iterations when it is set and smaller than batch, otherwise batch.
inline int batch_at(const TrainConfig& c, int64_t iteration) {
  return c.early_batch > 0 && c.early_batch < c.batch && iteration < c.early_iterations ? c.early_batch : c.batch;
}

// Names of the presets, book (the CLI default) first: the recipes (book, fast, clean, quick, swift), then
// the lessons, each a recipe gone wrong in one way a viewer can see (collapse, lr-high, d-strong,
// no-smoothing; docs/lessons.md has the measurements behind each promise).
const std::vector<std::string>& preset_names();
// The preset's configuration (seed 1). False if there is no such preset.
bool find_preset(const std::string& name, TrainConfig& out);
// One line per preset, for help texts: what it changes, in the settings' terms.
std::string describe_preset(const std::string& name);
// A plain display title ("Textbook recipe", "Mode collapse"); empty for an unknown name.
std::string preset_title(const std::string& name);
// What a viewer will see when training it, in plain English (2-4 sentences, for a teacher's page);
// empty for an unknown name.
std::string preset_watch_for(const std::string& name);
// True for the lesson presets (recipes chosen to show a failure), false for the working recipes.
bool preset_is_lesson(const std::string& name);

// Empty when valid; otherwise a message naming the first out-of-range value and its range.
std::string validate(const TrainConfig& config);

// Settable parameters by name ("d_lr", "g_beta1", "real_label", …): one table row each with its
// range, whether it is a whole number, and whether a running trainer takes it live or needs a reset
// (a new trainer: the architecture, the batch). set_param range-checks the value; on error it
// returns false with a message and leaves config unchanged.
struct ParamInfo {
  const char* name;
  const char* help;
  double min, max;
  bool integer;
  bool live;       // a running trainer applies it (Trainer::reconfigure); otherwise only with a reset
  bool log_scale;  // spans decades (learning rates, epsilons): a control should move over the exponent
};
const std::vector<ParamInfo>& param_table();
const ParamInfo* find_param(const std::string& name);
// Typed: the number goes into the config as it is (rounded once to the field's float or int).
bool set_param(TrainConfig& config, const std::string& name, double value, std::string& error);
// Text (CLI flags, URL parameters): the whole string must be one finite number, else refused.
bool set_param(TrainConfig& config, const std::string& name, const std::string& value, std::string& error);
double get_param(const TrainConfig& config, const std::string& name);
// Strict number parsing shared by every reader of settings: the whole string, finite, no garbage.
bool parse_number(const std::string& text, double& out);
// True when every setting (and the preset name and seed) is equal.
bool same_settings(const TrainConfig& a, const TrainConfig& b);
// "sgd"/"adam" for the d_optimizer / g_optimizer settings.
bool parse_optimizer_kind(const std::string& s, OptimizerKind& out);
const char* optimizer_kind_name(OptimizerKind kind);

}  // namespace gan
