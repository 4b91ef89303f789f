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
  const char* title;        // plain display title
  const char* description;  // one line: what it changes, in the settings' terms
  const char* watch_for;    // what a viewer sees, in plain English
  bool lesson;              // chosen to show a failure, not to train well
  TrainConfig (*make)();
};

TrainConfig book() { return TrainConfig{}; }  // the defaults are the textbook's recipe

// A preset that is `base` with both learning rates set to lr.
TrainConfig with_both_rates(TrainConfig base, const char* name, float lr) {
  base.preset = name;
  base.d_opt.lr = lr;
  base.g_opt.lr = lr;
  return base;
}

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

// The quickest clean digits per second in the page (tools/speed_sweep.sh, docs/speed_sweep.md): clean
// with D's first hidden layer at 512 instead of 1024 (so 512-256) and 64 images per batch instead of
// 100. An iteration costs 40% of clean's FLOPs (1.33 against 3.34 GFLOP); digits (judge FD <= 30,
// IS >= 5.5) come at 3,200 iterations against clean's 2,200-2,400, so after 4,200 GFLOP against
// 7,400-8,000: about 1.8x sooner in the page. At 10,000 iterations (seeds 1, 2): 10/10 classes,
// FD 8.7 / 8.9, IS 7.49 / 7.39; clean in the same build: 9/10 classes, FD 11.1 / 15.4, IS 7.59 / 7.35.
// Smaller batches alone cost quality at 10,000 iterations (batch 50: IS 7.28 on seed 2), as do
// higher learning rates (5e-4 at batch 50: IS 7.26 on seed 1).
TrainConfig quick() {
  TrainConfig c = clean();
  c.preset = "quick";
  c.d_hidden = 512;
  c.batch = 64;
  return c;
}

// The page's default since 2026-11-28 (tools/speed_sweep.sh, docs/speed_sweep.md): quick with both
// learning rates at 6e-4 instead of 4e-4. Digits (judge FD <= 30, IS >= 5.5) at 2,000-2,100 iterations
// against quick's 3,200 at the same cost per iteration, so about 1.5x sooner (2.7x sooner than clean).
// At 10,000 iterations (seeds 1, 2): 10/10 classes, IS 7.65 / 7.42, FD 5.7 / 6.8 (quick: IS 7.49 / 7.39,
// FD 8.7 / 8.9). Smaller batches reach digits in fewer FLOPs still but score lower at 10,000 (batch 48
// at 6e-4: IS 7.32 / 7.26; batch 32: IS 7.24 / 7.22), and so does a higher rate at batch 32 (8e-4).
// With the display average's shorter warm-up (trainer.cpp, 2026-11-28 evening) digits show after
// 1,600-1,950 iterations (seeds 1-5); at 10,000: IS 7.62 / 7.44, FD 5.8 / 7.0 natively, IS 7.78 / 7.94,
// FD 11.2 / 8.3 in the page (its judge on 500 images), 10/10 classes on both.
// Since 2026-11-28 (night) its first 3,000 iterations take 32 images per batch instead of 64: digits come
// after 2,000-2,600 of them (mean 2,340 over seeds 1-5 against 1,820) but each costs half the
// FLOPs, and the page trains 1.4-1.6x as many a second: digits after 58, 54, 58 s (seeds 1-3) against
// 65, 85, 85 s with batch 64 all along, in one browser.
// Batch 32 all along scores lower at 10,000 (above); back at 64 from 3,000 on it does not: IS 7.59 /
// 7.44, FD 7.4 / 6.3, 10/10 classes (docs/speed_sweep.md).
TrainConfig swift() {
  TrainConfig c = with_both_rates(quick(), "swift", 6e-4f);
  c.early_batch = 32;
  c.early_iterations = 3000;
  return c;
}

// Lessons: recipes gone wrong in one visible way each. Every promise in their watch-for texts was
// measured (docs/lessons.md) and is checked by tests/test_lessons.cpp from seeds 1 and 2.

// Mode collapse: clean's recipe at quick's size (D 512-256, batch 64) with D learning 4x slower
// than G (Adam lr 1e-4 against G's 4e-4) and no moving average, so the grid shows G itself. G finds
// one picture that fools the slow D within 200 iterations and then draws it for every
// noise vector: the judge puts all images into one class, for as long as we watched (1,500
// iterations, seeds 1 and 2). With D at G's rate the same recipe draws 9 classes by 900 iterations.
TrainConfig collapse() {
  TrainConfig c = clean();
  c.preset = "collapse";
  c.d_hidden = 512;
  c.batch = 64;
  c.d_opt.lr = 1e-4f;
  c.g_ema = 0.0f;
  return c;
}

// Learning rate too high: fast's recipe with both learning rates 25x higher (5e-3). Within a few
// dozen iterations the losses jump to ten and more and G's tanh outputs saturate: nearly every pixel
// is pure black or white (measured for 3,000 iterations), and the images stop looking like anything.
TrainConfig lr_high() { return with_both_rates(fast(), "lr-high", 5e-3f); }

// Discriminator too strong: the book's G step, but D gets Adam (lr 1e-3, beta1 0.9) instead of SGD,
// no dropout and the hard fake target 0. D tells fakes apart at once: D(G(z)) falls below 0.1 within
// a few dozen iterations and to about 0.01-0.04 later; G's loss climbs to about 5 within 500
// iterations and stays there (measured to 3,000); G's blobs stay blobs.
TrainConfig d_strong() {
  TrainConfig c = book();
  c.preset = "d-strong";
  c.d_opt = {OptimizerKind::kAdam, 1e-3f, 0.9f, 0.999f, 1e-7f};
  c.d_dropout = 0.0f;
  c.fake_label = 0.0f;
  return c;
}

// No label smoothing: the book with targets real 1 / fake 0 instead of 0.9 / 0.1. D grows
// overconfident: its verdict on real digits goes to about 0.98 within a few dozen iterations (the
// book's stays near its 0.9 target); by 3,000 iterations its loss is a quarter of the book's and G's
// loss is higher (2.6 against 1.6). The pictures: the same blobs as the book's (one class to the judge).
TrainConfig no_smoothing() {
  TrainConfig c = book();
  c.preset = "no-smoothing";
  c.real_label = 1.0f;
  c.fake_label = 0.0f;
  return c;
}

const std::vector<Preset>& presets() {
  static const std::vector<Preset> list = {
      {"book", "Textbook recipe", "the textbook's recipe: D SGD lr 0.01, G Adam lr 1e-5, labels 0.9/0.1",
       // The dashboard's font has Latin letters only: the chapter's Chinese title is on the page and in the README.
       "The recipe of the textbook chapter \"A simple GAN with Keras\" (notebook ch-14a_SimpleGAN), "
       "copied exactly. It learns slowly: for thousands of steps the pictures are grey, "
       "speckled blobs that all look alike, and even after 20,000 steps only rough digits have formed. "
       "Watch the two loss curves settle into a tug of war while the blobs slowly take shape.",
       false, book},
      {"fast", "Faster optimizer", "Adam lr 2e-4, beta1 0.5 for both D and G, labels 0.9/0.1",
       "The textbook's networks with a faster learning rule (Adam) for both players. For a few thousand steps "
       "you see noisy blobs, often nearly all the same; then strokes appear and, by about 10,000 steps, rough "
       "digits of most kinds.",
       false, fast},
      {"clean", "Clean digits",
       "the book's G; D 1024-512 without dropout; Adam 4e-4 (beta1 0.5); labels 0.9/0; G averaged for display",
       "The textbook's generator with a stronger, steadier opponent and a smoothed view of its work. Within "
       "about 2,500 steps the grid turns from fog into digits of every kind, and they keep getting sharper. "
       "The pictures shown come from an average of the generator's recent versions, so they change smoothly "
       "instead of flickering.",
       false, clean},
      {"quick", "Quick clean digits",
       "clean with D 512-256 and batch 64: 40% of clean's cost per step, digits about 1.8x sooner",
       "The clean recipe made lighter: a smaller opponent and smaller batches, so each step costs less than "
       "half as much. Digits of every kind appear after about 3,000 steps, in a little over half the time "
       "clean needs, and after 10,000 steps the judge scores them about as well as clean's. Like clean, the "
       "grid shows an average of the generator's recent versions, so it changes smoothly.",
       false, quick},
      {"swift", "Swift clean digits",
       "quick with Adam lr 6e-4 for both D and G, and 32 images per batch for the first 3,000 steps: the soonest digits",
       "The quick recipe with larger learning steps for both players, and half-size batches for its first "
       "3,000 steps, which makes those steps twice as cheap. Digits of every kind appear after about 2,300 "
       "steps, in well under half the time clean needs, and after 10,000 steps the judge scores them at least "
       "as well as quick or clean. Like clean, the grid shows an average of the generator's recent versions, "
       "so it changes smoothly.",
       false, swift},
      {"collapse", "Mode collapse", "clean at D 512-256, batch 64, with D Adam lr 1e-4 (G 4e-4) and no averaging: G outpaces D",
       "The generator G learns four times faster than its critic D (the network that tells real digits from "
       "fakes). Within a few hundred steps G finds one picture that D does not yet reject and draws it for "
       "every input: all 100 cells of the grid show the same smudge, and the judge's histogram is a single "
       "tall bar. This is mode collapse: the generator stops exploring the variety of digits. Set D's "
       "learning rate back to 4e-4 and within about a thousand steps the grid fills with different shapes "
       "that the judge reads as nine kinds of digit.",
       true, collapse},
      {"lr-high", "Learning rate too high", "fast with Adam lr 5e-3 (25x) for both D and G",
       "The fast recipe with learning steps 25 times larger. Within a few seconds the loss curves jump to ten "
       "and more, and the grid turns into hard black-and-white speckle: nearly every pixel is pure black or "
       "pure white, and it stays that way for thousands of steps. Each step overshoots so far that the "
       "generator's outputs get stuck at their extremes instead of slowly taking the shape of digits.",
       true, lr_high},
      {"d-strong", "Discriminator too strong",
       "the book with D on Adam lr 1e-3, no dropout, fake label 0: D outpaces G",
       "The textbook recipe, except that the discriminator (D, the network that tells real digits from "
       "fakes) learns much faster: a quicker learning rule, no dropout, and a hard 0 as its answer for fakes. "
       "D spots every fake within seconds: its verdict on generated images, D(G(z)), drops below 0.1 and "
       "later near 0.01, and the generator's loss curve climbs to about 5 and stays there. With a critic that "
       "only ever says \"fake\", the generator gets little to learn from, and its pictures stay grey blobs.",
       true, d_strong},
      {"no-smoothing", "No label smoothing", "the book with labels real 1 / fake 0 instead of 0.9 / 0.1",
       "The textbook recipe, but the discriminator is trained to answer exactly 1 for real digits and 0 for "
       "fakes instead of the softer 0.9 and 0.1 (softer targets are called label smoothing). Watch D's "
       "verdict on real digits: within a few dozen steps it reaches about 0.98, while the book's stays near "
       "0.9. Over the next few thousand steps D's loss falls to a quarter of the book's and the generator's "
       "loss climbs higher: the critic has become overconfident. The pictures look like the book's blobs, so "
       "this lesson is in the curves, not in the grid.",
       true, no_smoothing},
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
      {{"reuse_fakes", "G learns from D's last fakes (1) or fresh ones (0)", 0, 1, true, true, false}, nullptr, &C::reuse_fakes, nullptr, nullptr},
      {{"early_batch", "images per batch in the first early_iterations (0 = batch)", 0, 1000, true, false, false}, nullptr, &C::early_batch, nullptr, nullptr},
      {{"early_iterations", "iterations trained with early_batch", 0, 1000000, true, false, false}, nullptr, &C::early_iterations, nullptr, nullptr},
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

static const Preset* find_preset_row(const std::string& name) {
  for (const auto& p : presets())
    if (name == p.name) return &p;
  return nullptr;
}

std::string describe_preset(const std::string& name) {
  const Preset* p = find_preset_row(name);
  return p ? p->description : "";
}

std::string preset_title(const std::string& name) {
  const Preset* p = find_preset_row(name);
  return p ? p->title : "";
}

std::string preset_watch_for(const std::string& name) {
  const Preset* p = find_preset_row(name);
  return p ? p->watch_for : "";
}

bool preset_is_lesson(const std::string& name) {
  const Preset* p = find_preset_row(name);
  return p && p->lesson;
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
