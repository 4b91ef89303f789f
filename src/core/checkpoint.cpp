// Checkpoint files: the whole training state, so a run resumes exactly where it stopped.
// Layout (little-endian), format 4 (formats 2 and 3 are the same without the settings added since):
//   magic "GANCKPT\x1a", u32 format version
//   settings: preset (u32 length + bytes), u64 seed, u8 D optimizer kind, u8 G optimizer kind,
//             u32 count, then per row of param_table(): name (u32 length + bytes), f64 value
//   data:     name, u32 image count, u32 CRC of the images
//   state:    u64 iteration, epoch, D steps, G steps; u32 cursor; 4 × u32 RNG state;
//             count × u32 data order; 4 × f64 last metrics
//   arrays:   G params, D params, G optimizer, D optimizer, G average (each vector: u32 n + n × f32;
//             optimizer: u64 steps, m, v)
//   u32 CRC-32 of everything before it
// The settings are written by walking the parameter table, so a new setting needs no change here
// but a row in kLaterSettings (and a new format version) for the files written before it.
// A CRC only catches accidents: the reader also checks every field against the settings and the
// data (sizes before allocating, a permutation, a usable RNG state, bounded counters, finite
// numbers), because a crafted file with a valid CRC must be refused, never crash or hang a run.
#include <cmath>
#include <cstring>
#include <new>
#include <set>
#include <stdexcept>

#include "bytes.hpp"
#include "finite.hpp"
#include "trainer.hpp"

namespace gan {
namespace {

constexpr char kMagic[8] = {'G', 'A', 'N', 'C', 'K', 'P', 'T', '\x1a'};
constexpr uint32_t kVersion = 4;
constexpr uint32_t kOldestVersion = 2;  // format 1 stored the settings field by field and lacked g_hidden

// Settings newer than some format: a file of an older format trained without them, and the value
// given here is the one that reproduces that training exactly.
struct LaterSetting {
  const char* name;
  uint32_t since;  // the first format that stores it
  double implied;  // its value for files of earlier formats
};
constexpr LaterSetting kLaterSettings[] = {{"reuse_fakes", 3, 0}, {"early_batch", 4, 0}, {"early_iterations", 4, 0}};

const LaterSetting* later_setting(const std::string& name) {
  for (const LaterSetting& s : kLaterSettings)
    if (name == s.name) return &s;
  return nullptr;
}
// Counters beyond 2^53 are not reachable by training (centuries at any speed) and would overflow
// (or stop counting in a double) when incremented.
constexpr uint64_t kMaxCounter = uint64_t(1) << 53;

void write_f64(ByteWriter& w, double d) { w.raw(&d, 8); }
double read_f64(ByteReader& r) {
  double d = 0;
  r.raw(&d, 8);
  return d;
}

void write_vector(ByteWriter& w, const Eigen::VectorXf& v) {
  w.u32(static_cast<uint32_t>(v.size()));
  w.floats(v.data(), static_cast<size_t>(v.size()));
}
// Reads a vector that must have exactly `expected` entries, all finite.
bool read_vector(ByteReader& r, Eigen::VectorXf& v, Eigen::Index expected) {
  const uint32_t n = r.u32();
  if (r.failed() || Eigen::Index(n) != expected || r.remaining() < size_t(n) * 4) return false;
  v.resize(n);
  r.floats(v.data(), n);
  return !r.failed() && all_finite(v);
}

void write_optimizer_state(ByteWriter& w, const Optimizer& o) {
  w.u64(static_cast<uint64_t>(o.steps()));
  write_vector(w, o.m());
  write_vector(w, o.v());
}
// `max_steps` is the trainer's count of steps of that network: its optimizer (reset when its kind
// changes) cannot have taken more.
bool read_optimizer_state(ByteReader& r, Optimizer& o, Eigen::Index n_params, int64_t max_steps) {
  const uint64_t steps = r.u64();
  const Eigen::Index n = o.config().kind == OptimizerKind::kAdam ? n_params : 0;
  Eigen::VectorXf m, v;
  if (!read_vector(r, m, n) || !read_vector(r, v, n) || steps > static_cast<uint64_t>(max_steps)) return false;
  if ((v.array() < 0).any()) return false;  // a second moment is a mean of squares
  o.restore(static_cast<int64_t>(steps), m, v);
  return true;
}

Eigen::Index param_count(const std::vector<LayerSpec>& layers) {
  Eigen::Index n = 0;
  for (const LayerSpec& l : layers) n += Eigen::Index(l.out) * (l.in + 1);
  return n;
}

// The bytes that follow the dataset fields for these settings and data: compared with the file's
// real length before anything of that size is allocated.
uint64_t state_size(const TrainConfig& c, const Dataset& data) {
  const uint64_t g = static_cast<uint64_t>(param_count(generator_layers(data.image_size(), c.g_hidden)));
  const uint64_t d = static_cast<uint64_t>(param_count(discriminator_layers(data.image_size(), c)));
  auto optimizer = [](const OptimizerConfig& o, uint64_t n) { return 8 + 2 * (4 + (o.kind == OptimizerKind::kAdam ? 4 * n : 0)); };
  return 4 * 8 + 4 + 4 * 4 + 4 * uint64_t(data.count) + 4 * 8  // counters, cursor, RNG, order, metrics
         + (4 + 4 * g) + (4 + 4 * d) + optimizer(c.g_opt, g) + optimizer(c.d_opt, d) + (4 + (c.g_ema > 0 ? 4 * g : 0));
}

// The settings: every row of the parameter table by name, exactly once, each range-checked by
// set_param, then the whole by validate(). A checkpoint must be complete: nothing is defaulted,
// except that a file of an older format gets the implied value of each setting it predates.
bool read_settings(ByteReader& r, uint32_t version, TrainConfig& c, std::string& error) {
  auto fail = [&](const std::string& why) {
    error = why;
    return false;
  };
  c.preset = r.str(64);
  c.seed = r.u64();
  const uint8_t d_kind = r.u8(), g_kind = r.u8();
  const uint32_t count = r.u32();
  if (r.failed()) return fail("the settings are unreadable");
  if (d_kind > 1 || g_kind > 1) return fail("unknown optimizer kind");
  c.d_opt.kind = static_cast<OptimizerKind>(d_kind);
  c.g_opt.kind = static_cast<OptimizerKind>(g_kind);
  std::set<std::string> seen;
  for (uint32_t i = 0; i < count; ++i) {  // each row takes at least 12 bytes: a bad count ends at the file's end
    const std::string name = r.str(64);
    const double value = read_f64(r);
    if (r.failed()) return fail("the settings are unreadable");
    if (!seen.insert(name).second) return fail("the setting '" + name + "' appears twice");
    const LaterSetting* later = later_setting(name);
    if (later && version < later->since)
      return fail("the setting '" + name + "' is not part of format " + std::to_string(version));
    std::string why;
    if (!set_param(c, name, value, why)) return fail("its settings are invalid: " + why);
  }
  for (const ParamInfo& p : param_table()) {
    if (seen.count(p.name)) continue;
    const LaterSetting* later = later_setting(p.name);
    std::string why;
    if (!later || version >= later->since || !set_param(c, p.name, later->implied, why))
      return fail("the setting '" + std::string(p.name) + "' is missing");
  }
  const std::string invalid = validate(c);
  if (!invalid.empty()) return fail("its settings are invalid: " + invalid);
  return true;
}

}  // namespace

std::vector<uint8_t> save_checkpoint(const Trainer& t) {
  ByteWriter w;
  write_format_header(w, kMagic, kVersion);
  const TrainConfig& c = t.config_;
  w.str(c.preset);
  w.u64(c.seed);
  w.u8(static_cast<uint8_t>(c.d_opt.kind));
  w.u8(static_cast<uint8_t>(c.g_opt.kind));
  w.u32(static_cast<uint32_t>(param_table().size()));
  for (const ParamInfo& p : param_table()) {
    w.str(p.name);
    write_f64(w, get_param(c, p.name));  // exact: every float and int fits a double
  }
  w.str(t.data_->name);
  w.u32(static_cast<uint32_t>(t.data_->count));
  w.u32(t.data_->checksum);
  for (int64_t v : {t.iteration_, t.epoch_, t.d_step_count_, t.g_step_count_}) w.u64(static_cast<uint64_t>(v));
  w.u32(static_cast<uint32_t>(t.cursor_));
  for (uint32_t s : t.rng_.state()) w.u32(s);
  for (uint32_t i : t.order_) w.u32(i);
  for (double m : {t.last_.d_loss, t.last_.g_loss, t.last_.d_real, t.last_.d_fake}) write_f64(w, m);
  write_vector(w, t.g_.params());
  write_vector(w, t.d_.params());
  write_optimizer_state(w, t.g_opt_);
  write_optimizer_state(w, t.d_opt_);
  write_vector(w, t.g_ema_);
  std::vector<uint8_t>& bytes = w.bytes();
  const uint32_t crc = crc32(bytes.data(), bytes.size());
  w.u32(crc);
  return std::move(bytes);
}

bool load_checkpoint(const uint8_t* bytes, size_t size, const Dataset& data, std::unique_ptr<Trainer>& out,
                     std::string& error) {
  auto fail = [&](const std::string& why) {
    error = "checkpoint rejected: " + why + "; nothing was changed";
    return false;
  };
  if (size == 0) return fail("the file is empty");
  ByteReader r(bytes, size);
  uint32_t version = 0, stored_crc;
  std::string why;
  if (!read_format_header(r, kMagic, kVersion, "checkpoint", version, why)) return fail(why);
  if (version < kOldestVersion)
    return fail("written by an older version (format " + std::to_string(version) + ") of the program; this one reads formats " +
                std::to_string(kOldestVersion) + " to " + std::to_string(kVersion));
  if (size < 16) return fail("the file is truncated");
  std::memcpy(&stored_crc, bytes + size - 4, 4);
  if (crc32(bytes, size - 4) != stored_crc) return fail("checksum mismatch: the file is truncated or corrupt");
  r = ByteReader(bytes + 12, size - 16);  // the fields between the header and the CRC
  // Every allocation below is bounded by the file's size, but memory may still run out: nothing
  // may escape as an exception.
  try {
    TrainConfig c;
    if (!read_settings(r, version, c, why)) return fail(why);
    const std::string data_name = r.str(64);
    const uint32_t data_count = r.u32(), data_checksum = r.u32();
    if (r.failed()) return fail("the dataset fields are unreadable");
    if (data_name != data.name || data_count != static_cast<uint32_t>(data.count) || data_checksum != data.checksum)
      return fail("it was trained on the dataset '" + data_name + "', not on the loaded '" + data.name + "'");
    if (c.batch > data.count) return fail("its batch is larger than the dataset");
    if (r.remaining() != state_size(c, data)) return fail("its length does not match its settings (truncated or padded)");

    // Everything sized by the settings is now known to be in the file; read the small fields and
    // check them before building the networks.
    uint64_t counters[4];
    for (uint64_t& v : counters) v = r.u64();
    const uint32_t cursor = r.u32();
    Rng::State state;
    for (uint32_t& s : state) s = r.u32();
    std::vector<uint32_t> order(data.count);
    std::vector<bool> seen(data.count, false);
    for (uint32_t& i : order) {
      i = r.u32();
      if (i >= static_cast<uint32_t>(data.count) || seen[i]) return fail("the data order is not a permutation");
      seen[i] = true;
    }
    IterationMetrics last;
    for (double* m : {&last.d_loss, &last.g_loss, &last.d_real, &last.d_fake}) *m = read_f64(r);
    if (r.failed()) return fail("the file is truncated");
    for (uint64_t v : counters)
      if (v > kMaxCounter) return fail("a counter is out of range (" + std::to_string(v) + ")");
    const int64_t iteration = int64_t(counters[0]), epoch = int64_t(counters[1]), d_steps = int64_t(counters[2]),
                  g_steps = int64_t(counters[3]);
    // Each iteration makes D steps and one G step; an epoch ends inside a D step (one that diverged
    // is not counted, hence the + 1).
    if (iteration > g_steps || iteration > d_steps || epoch > d_steps + 1) return fail("its counters are inconsistent");
    // After each batch at least one more of the same size fits (trainer.cpp), so the smallest batch
    // the settings use, the first one, bounds every position a run can save.
    if (uint64_t(cursor) + uint64_t(batch_at(c, 0)) > uint64_t(data.count)) return fail("the data position is out of range");
    for (double m : {last.d_loss, last.g_loss, last.d_real, last.d_fake})
      if (!std::isfinite(m)) return fail("its last losses are not finite");

    auto t = std::make_unique<Trainer>(data, c);
    if (!t->rng_.set_state(state)) return fail("its random state is all zeros (unusable)");
    t->iteration_ = iteration;
    t->epoch_ = epoch;
    t->d_step_count_ = d_steps;
    t->g_step_count_ = g_steps;
    t->cursor_ = static_cast<int>(cursor);
    t->order_ = std::move(order);
    t->last_ = last;
    if (!read_vector(r, t->g_.params(), t->g_.num_params())) return fail("the generator's weights do not fit (or are not finite)");
    if (!read_vector(r, t->d_.params(), t->d_.num_params()))
      return fail("the discriminator's weights do not fit (or are not finite)");
    if (!read_optimizer_state(r, t->g_opt_, t->g_.num_params(), g_steps))
      return fail("the generator's optimizer state does not fit (or is not finite)");
    if (!read_optimizer_state(r, t->d_opt_, t->d_.num_params(), d_steps))
      return fail("the discriminator's optimizer state does not fit (or is not finite)");
    if (!read_vector(r, t->g_ema_, c.g_ema > 0 ? t->g_.num_params() : 0))
      return fail("the generator average does not fit (or is not finite)");
    if (r.failed() || r.remaining() != 0) return fail("unexpected length");
    out = std::move(t);
  } catch (const std::bad_alloc&) {
    return fail("not enough memory for its networks");
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  error.clear();
  return true;
}

}  // namespace gan
