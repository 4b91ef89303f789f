// Presets and the table of settable training parameters; see config.hpp.
#include "config.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace gan {
namespace {

struct Preset {
  const char* name;
  const char* description;
  TrainConfig (*make)();
};

TrainConfig book() { return TrainConfig{}; }  // the defaults are the textbook's recipe

TrainConfig fast() {
  TrainConfig c;
  c.preset = "fast";
  c.d_opt = {OptimizerKind::kAdam, 2e-4f, 0.5f, 0.999f, 1e-7f};
  c.g_opt = {OptimizerKind::kAdam, 2e-4f, 0.5f, 0.999f, 1e-7f};
  return c;
}

// The book's generator with a stronger discriminator and a smoothed generator for display: found
// with the judge (tools/quality_bench.sh, docs/quality.md). Changes from the book: D has two hidden
// layers (1024, 512) without dropout; Adam lr 4e-4, beta1 0.5 for both; one-sided label smoothing
// (real 0.9, fake 0); the images shown come from a moving average of G's weights (decay 0.999).
TrainConfig clean() {
  TrainConfig c;
  c.preset = "clean";
  c.d_opt = {OptimizerKind::kAdam, 4e-4f, 0.5f, 0.999f, 1e-7f};
  c.g_opt = {OptimizerKind::kAdam, 4e-4f, 0.5f, 0.999f, 1e-7f};
  c.fake_label = 0.0f;
  c.d_dropout = 0.0f;
  c.d_hidden = 1024;
  c.d_layers = 2;
  c.g_ema = 0.999f;
  return c;
}

const std::vector<Preset>& presets() {
  static const std::vector<Preset> list = {
      {"book", "the textbook's recipe: D SGD lr 0.01, G Adam lr 1e-5, labels 0.9/0.1", book},
      {"fast", "Adam lr 2e-4, beta1 0.5 for both D and G, labels 0.9/0.1", fast},
      {"clean", "the book's G; D 1024-512 without dropout; Adam 4e-4 (beta1 0.5); labels 0.9/0; G averaged for display",
       clean},
  };
  return list;
}

// Each settable parameter: its table row and where it lives in TrainConfig.
struct ParamSlot {
  ParamInfo info;
  float TrainConfig::*f;
  int TrainConfig::*i;
  float OptimizerConfig::*opt_f;
  OptimizerConfig TrainConfig::*opt;
};

const std::vector<ParamSlot>& slots() {
  using C = TrainConfig;
  using O = OptimizerConfig;
  // name, help, min, max, integer, live, log_scale; then where the value lives
  static const std::vector<ParamSlot> list = {
      {{"batch", "images per batch (real and fake each)", 1, 1000, true, false, false}, nullptr, &C::batch, nullptr, nullptr},
      {{"d_lr", "discriminator learning rate", 1e-8, 10, false, true, true}, nullptr, nullptr, &O::lr, &C::d_opt},
      {{"g_lr", "generator learning rate", 1e-8, 10, false, true, true}, nullptr, nullptr, &O::lr, &C::g_opt},
      {{"d_beta1", "discriminator Adam beta1", 0, 0.9999, false, true, false}, nullptr, nullptr, &O::beta1, &C::d_opt},
      {{"g_beta1", "generator Adam beta1", 0, 0.9999, false, true, false}, nullptr, nullptr, &O::beta1, &C::g_opt},
      {{"d_beta2", "discriminator Adam beta2", 0, 0.99999, false, true, false}, nullptr, nullptr, &O::beta2, &C::d_opt},
      {{"g_beta2", "generator Adam beta2", 0, 0.99999, false, true, false}, nullptr, nullptr, &O::beta2, &C::g_opt},
      {{"d_epsilon", "discriminator Adam epsilon", 1e-12, 1, false, true, true}, nullptr, nullptr, &O::epsilon, &C::d_opt},
      {{"g_epsilon", "generator Adam epsilon", 1e-12, 1, false, true, true}, nullptr, nullptr, &O::epsilon, &C::g_opt},
      {{"real_label", "D's target for real images", 0, 1, false, true, false}, &C::real_label, nullptr, nullptr, nullptr},
      {{"fake_label", "D's target for generated images", 0, 1, false, true, false}, &C::fake_label, nullptr, nullptr, nullptr},
      {{"g_target", "the target G pushes D's verdict on fakes toward", 0, 1, false, true, false}, &C::g_target, nullptr, nullptr, nullptr},
      {{"d_dropout", "dropout rate after D's hidden layer", 0, 0.95, false, true, false}, &C::d_dropout, nullptr, nullptr, nullptr},
      {{"leaky_alpha", "LeakyReLU slope for negative inputs", 0, 1, false, false, false}, &C::leaky_alpha, nullptr, nullptr, nullptr},
      {{"g_hidden", "width of G's first hidden layer (the next two are 2x and 4x as wide)", 1, 1024, true, false, false}, nullptr, &C::g_hidden, nullptr, nullptr},
      {{"d_hidden", "width of D's first hidden layer", 4, 4096, true, false, false}, nullptr, &C::d_hidden, nullptr, nullptr},
      {{"d_layers", "number of D's hidden layers (each next one half as wide)", 1, 3, true, false, false}, nullptr, &C::d_layers, nullptr, nullptr},
      {{"d_steps", "D steps per G step", 1, 10, true, true, false}, nullptr, &C::d_steps, nullptr, nullptr},
      {{"g_ema", "moving-average decay of the displayed generator (0 = off)", 0, 0.99999, false, true, false}, &C::g_ema, nullptr, nullptr, nullptr},
  };
  return list;
}

const ParamSlot* find_slot(const std::string& name) {
  for (const auto& s : slots())
    if (name == s.info.name) return &s;
  return nullptr;
}

double read_slot(const TrainConfig& c, const ParamSlot& s) {
  if (s.f) return c.*(s.f);
  if (s.i) return c.*(s.i);
  return (c.*(s.opt)).*(s.opt_f);
}

// A float field holds its bounds rounded to float (1e-8f < 1e-8), so the check that accepted a value
// before rounding must accept it after: compare float fields against float-rounded bounds.
bool in_range(const ParamSlot& s, double v) {
  if (!std::isfinite(v)) return false;
  if (s.info.integer) return v >= s.info.min && v <= s.info.max && v == std::floor(v);
  if (s.i) return v >= s.info.min && v <= s.info.max;
  const float f = static_cast<float>(v);  // rounding is monotonic: v >= min implies f >= float(min)
  return f >= static_cast<float>(s.info.min) && f <= static_cast<float>(s.info.max);
}

std::string range_error(const ParamInfo& p, double v) {
  std::ostringstream os;
  os << p.name << " = " << v << " is out of range [" << p.min << ", " << p.max << "] (" << p.help << ")";
  return os.str();
}

}  // namespace

const std::vector<std::string>& preset_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& p : presets()) n.push_back(p.name);
    return n;
  }();
  return names;
}

bool find_preset(const std::string& name, TrainConfig& out) {
  for (const auto& p : presets())
    if (name == p.name) {
      out = p.make();
      return true;
    }
  return false;
}

std::string describe_preset(const std::string& name) {
  for (const auto& p : presets())
    if (name == p.name) return p.description;
  return {};
}

const std::vector<ParamInfo>& param_table() {
  static const std::vector<ParamInfo> table = [] {
    std::vector<ParamInfo> t;
    for (const auto& s : slots()) t.push_back(s.info);
    return t;
  }();
  return table;
}

double get_param(const TrainConfig& config, const std::string& name) {
  const ParamSlot* s = find_slot(name);
  return s ? read_slot(config, *s) : std::nan("");
}

const ParamInfo* find_param(const std::string& name) {
  for (const ParamInfo& p : param_table())
    if (name == p.name) return &p;
  return nullptr;
}

bool parse_number(const std::string& text, double& out) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return false;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (*end != '\0' || errno == ERANGE || !std::isfinite(v)) return false;
  out = v;
  return true;
}

bool set_param(TrainConfig& config, const std::string& name, double v, std::string& error) {
  const ParamSlot* s = find_slot(name);
  if (!s) {
    error = "unknown parameter '" + name + "'";
    return false;
  }
  if (!in_range(*s, v)) {
    error = range_error(s->info, v) + (s->info.integer ? ", a whole number" : "");
    return false;
  }
  if (s->f)
    config.*(s->f) = static_cast<float>(v);
  else if (s->i)
    config.*(s->i) = static_cast<int>(v);
  else
    (config.*(s->opt)).*(s->opt_f) = static_cast<float>(v);
  return true;
}

bool set_param(TrainConfig& config, const std::string& name, const std::string& value, std::string& error) {
  if (name == "d_optimizer" || name == "g_optimizer") {
    OptimizerKind kind;
    if (!parse_optimizer_kind(value, kind)) {
      error = name + " must be 'sgd' or 'adam', not '" + value + "'";
      return false;
    }
    (name == "d_optimizer" ? config.d_opt : config.g_opt).kind = kind;
    return true;
  }
  if (!find_slot(name)) {
    error = "unknown parameter '" + name + "'";
    return false;
  }
  double v = 0;
  if (!parse_number(value, v)) {
    error = name + " needs a finite number, not '" + value + "'";
    return false;
  }
  return set_param(config, name, v, error);
}

std::string validate(const TrainConfig& config) {
  TrainConfig known;
  if (!find_preset(config.preset, known)) return "unknown preset '" + config.preset + "'";
  for (const auto& s : slots()) {
    const double v = read_slot(config, s);
    if (!in_range(s, v)) return range_error(s.info, v);
  }
  return {};
}

bool same_settings(const TrainConfig& a, const TrainConfig& b) {
  if (a.preset != b.preset || a.seed != b.seed || a.d_opt.kind != b.d_opt.kind || a.g_opt.kind != b.g_opt.kind) return false;
  for (const auto& s : slots())
    if (read_slot(a, s) != read_slot(b, s)) return false;
  return true;
}

bool parse_optimizer_kind(const std::string& s, OptimizerKind& out) {
  if (s == "sgd") out = OptimizerKind::kSgd;
  else if (s == "adam") out = OptimizerKind::kAdam;
  else return false;
  return true;
}

const char* optimizer_kind_name(OptimizerKind kind) { return kind == OptimizerKind::kSgd ? "sgd" : "adam"; }

}  // namespace gan
