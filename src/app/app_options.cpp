// Parsing the demo's options and writing a run's settings back as a link; see app_options.hpp.
#include "app_options.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/bundled_data.hpp"

namespace gan {
namespace {

// A value as it may appear in a message: URLs can hold anything, so long values are cut (at a
// UTF-8 character boundary, so the text stays valid).
std::string shown(const std::string& value) {
  constexpr size_t kMax = 40;
  if (value.size() <= kMax) return value;
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return value.substr(0, cut) + "...";
}

// A whole number in [0, max] written with decimal digits only.
bool parse_whole(const std::string& text, uint64_t max, uint64_t& out) {
  if (text.empty() || text.size() > 20) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (v > (max - digit) / 10) return false;
    v = v * 10 + digit;
  }
  out = v;
  return true;
}

// "3.5e-06" -> "3.5e-6", "1e+01" -> "1e1": a '+' in a URL query reads as a space.
std::string tidy_exponent(std::string s) {
  const size_t e = s.find('e');
  if (e == std::string::npos) return s;
  std::string exp = s.substr(e + 1), sign;
  if (!exp.empty() && (exp[0] == '+' || exp[0] == '-')) {
    if (exp[0] == '-') sign = "-";
    exp.erase(0, 1);
  }
  while (exp.size() > 1 && exp[0] == '0') exp.erase(0, 1);
  return s.substr(0, e + 1) + sign + exp;
}

}  // namespace

AppOptions parse_app_options(int argc, const char* const* argv) {
  AppOptions o;
  if (argc > 1 && argc % 2 == 0) o.warnings.push_back("option '" + shown(argv[argc - 1]) + "' has no value; ignored");
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i] ? argv[i] : "";
    const std::string value = argv[i + 1] ? argv[i + 1] : "";
    if (key.compare(0, 2, "--") != 0) {
      o.warnings.push_back("'" + shown(key) + "' is not an option; ignored");
      continue;
    }
    key.erase(0, 2);
    if (key == "preset") {
      TrainConfig c;
      if (find_preset(value, c))
        o.preset = value;
      else
        o.warnings.push_back("unknown preset '" + shown(value) + "'; using " + o.preset);
    } else if (key == "seed") {
      uint64_t s = 0;
      if (parse_whole(value, uint64_t(1) << 53, s))
        o.seed = s;
      else
        o.warnings.push_back("seed '" + shown(value) + "' is not a whole number from 0 to 2^53; using 1");
    } else if (key == "dataset") {
      if (find_bundled_dataset(value))
        o.dataset = value;
      else
        o.warnings.push_back("unknown dataset '" + shown(value) + "'; using " + o.dataset);
    } else if (key == "autostart" || key == "bench" || key == "present") {
      if (value == "0" || value == "1")
        (key == "bench" ? o.bench : key == "present" ? o.present : o.autostart) = value == "1";
      else
        o.warnings.push_back(key + " must be 0 or 1, not '" + shown(value) + "'");
    } else if (key == "iterations" || key == "reps") {
      const bool its = key == "iterations";
      const uint64_t limit = its ? kMaxBenchIterations : kMaxBenchReps;
      int& target = its ? o.bench_iterations : o.bench_reps;
      uint64_t n = 0;
      if (!parse_whole(value, UINT64_MAX / 10, n)) {
        o.warnings.push_back(key + " must be a whole number, not '" + shown(value) + "'; using " + std::to_string(target));
      } else if (n < 1 || n > limit) {
        target = n < 1 ? 1 : static_cast<int>(limit);
        o.warnings.push_back(key + " " + shown(value) + " is outside 1.." + std::to_string(limit) + " (the benchmark blocks the tab); using " +
                             std::to_string(target));
      } else {
        target = static_cast<int>(n);
      }
    } else if (key == "threads") {
      uint64_t n = 0;
      if (parse_whole(value, 8, n) && n >= 1)
        o.threads = static_cast<int>(n);
      else
        o.warnings.push_back("threads must be a whole number from 1 to 8, not '" + shown(value) + "'; using as many as the browser offers");
    } else if (key == "frames") {
      uint64_t n = 0;
      if (parse_whole(value, 10000000, n))
        o.frames = static_cast<long>(n);
      else
        o.warnings.push_back("frames must be a whole number up to 10^7, not '" + shown(value) + "'");
    } else if (key == "text") {
      double v = 0;
      if (parse_number(value, v) && v >= kMinTextScale && v <= kMaxTextScale)
        o.text_scale = static_cast<float>(v);
      else
        o.warnings.push_back("text size must be a number from 0.75 to 2.5, not '" + shown(value) + "'; using the default");
    } else if (key == "assets") {
      o.assets_dir = value;
    } else if (key == "d_optimizer" || key == "g_optimizer") {
      OptimizerKind kind;
      if (parse_optimizer_kind(value, kind))
        (key == "d_optimizer" ? o.d_optimizer : o.g_optimizer) = value;
      else
        o.warnings.push_back(key + " must be sgd or adam, not '" + shown(value) + "'; using the preset's");
    } else if (find_param(key)) {
      TrainConfig scratch;  // ranges do not depend on the preset: check now, apply after the preset
      std::string err;
      double v = 0;
      if (!parse_number(value, v))
        o.warnings.push_back(key + " needs a number, not '" + shown(value) + "'; using the preset's value");
      else if (!set_param(scratch, key, v, err))
        o.warnings.push_back(err + "; using the preset's value");
      else
        o.params.push_back({key, v});
    } else {
      o.warnings.push_back("unknown setting '" + shown(key) + "' ignored");
    }
  }
  return o;
}

TrainConfig options_config(const AppOptions& options) {
  TrainConfig c;
  if (!find_preset(options.preset, c)) find_preset("book", c);
  c.seed = options.seed;
  if (!options.d_optimizer.empty()) parse_optimizer_kind(options.d_optimizer, c.d_opt.kind);
  if (!options.g_optimizer.empty()) parse_optimizer_kind(options.g_optimizer, c.g_opt.kind);
  std::string ignored;  // every value was range-checked when parsed
  for (const auto& p : options.params) set_param(c, p.name, p.value, ignored);
  return c;
}

std::string format_setting(double value, bool integer) {
  char buf[40];
  if (integer || (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return buf;
  }
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, value);
    if (static_cast<float>(std::strtod(buf, nullptr)) == static_cast<float>(value)) break;
  }
  return tidy_exponent(buf);
}

std::string settings_query(const TrainConfig& config, const std::string& dataset) {
  std::string q = "preset=" + config.preset + "&seed=" + std::to_string(config.seed) + "&dataset=" + dataset;
  TrainConfig base;
  find_preset(config.preset, base);
  for (const auto& p : param_table()) {
    const double v = get_param(config, p.name);
    if (v != get_param(base, p.name)) q += std::string("&") + p.name + "=" + format_setting(v, p.integer);
  }
  if (config.d_opt.kind != base.d_opt.kind) q += std::string("&d_optimizer=") + optimizer_kind_name(config.d_opt.kind);
  if (config.g_opt.kind != base.g_opt.kind) q += std::string("&g_optimizer=") + optimizer_kind_name(config.g_opt.kind);
  return q;
}

std::string settings_json(const TrainConfig& config, const std::string& dataset) {
  std::string j = "{\"preset\":" + json_quote(config.preset) + ",\"seed\":" + std::to_string(config.seed) + ",\"dataset\":" + json_quote(dataset);
  char buf[40];
  for (const auto& p : param_table()) {
    // 17 digits: the float's exact value as a double, so JavaScript reads back Math.fround(x).
    std::snprintf(buf, sizeof buf, "%.17g", get_param(config, p.name));
    j += std::string(",\"") + p.name + "\":" + buf;
  }
  j += std::string(",\"d_optimizer\":\"") + optimizer_kind_name(config.d_opt.kind) + "\",\"g_optimizer\":\"" +
       optimizer_kind_name(config.g_opt.kind) + "\"}";
  return j;
}

std::string json_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool clamp_to_range(const ParamInfo& param, double& value) {
  double v = value;
  if (std::isnan(v)) v = param.min;
  if (param.integer) v = std::round(v);
  v = v < param.min ? param.min : v > param.max ? param.max : v;
  const bool same = v == value;
  value = v;
  return same;
}

}  // namespace gan
