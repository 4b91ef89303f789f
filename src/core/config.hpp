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
  int d_hidden = 256;        // width of D's first hidden layer
  int d_layers = 1;          // D's hidden layers; each after the first is half as wide
  int d_steps = 1;           // D steps per G step
  float g_ema = 0.0f;        // decay of the displayed generator's moving average (0 = off)
};

// Names of the presets, book (the CLI default) first.
const std::vector<std::string>& preset_names();
// The preset's configuration (seed 1). False if there is no such preset.
bool find_preset(const std::string& name, TrainConfig& out);
// One line per preset, for help texts.
std::string describe_preset(const std::string& name);

// Empty when valid; otherwise a message naming the first out-of-range value and its range.
std::string validate(const TrainConfig& config);

// Settable parameters by name ("d_lr", "g_beta1", "real_label", …). set_param parses and range-checks
// value; on error returns false with a message and leaves config unchanged.
struct ParamInfo {
  const char* name;
  const char* help;
  double min, max;
  bool integer;
};
const std::vector<ParamInfo>& param_table();
bool set_param(TrainConfig& config, const std::string& name, const std::string& value, std::string& error);
double get_param(const TrainConfig& config, const std::string& name);
// True when every setting (and the preset name and seed) is equal.
bool same_settings(const TrainConfig& a, const TrainConfig& b);
// "sgd"/"adam" for the d_optimizer / g_optimizer settings.
bool parse_optimizer_kind(const std::string& s, OptimizerKind& out);
const char* optimizer_kind_name(OptimizerKind kind);

}  // namespace gan
