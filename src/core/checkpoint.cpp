// Checkpoint files: the whole training state, so a run resumes exactly where it stopped.
// Layout (little-endian): magic "GANCKPT\x1a", u32 format version, then the fields in the order
// written by save_checkpoint(), then a CRC-32 of everything before it. A reader refuses newer
// versions, bad checksums, truncation and any field that does not fit the networks or the data.
#include <cmath>
#include <cstring>

#include "bytes.hpp"
#include "trainer.hpp"

namespace gan {
namespace {

constexpr char kMagic[8] = {'G', 'A', 'N', 'C', 'K', 'P', 'T', '\x1a'};
constexpr uint32_t kVersion = 1;

void write_optimizer_config(ByteWriter& w, const OptimizerConfig& o) {
  w.u8(static_cast<uint8_t>(o.kind));
  w.f32(o.lr);
  w.f32(o.beta1);
  w.f32(o.beta2);
  w.f32(o.epsilon);
}
OptimizerConfig read_optimizer_config(ByteReader& r, bool& ok) {
  OptimizerConfig o;
  const uint8_t kind = r.u8();
  ok = ok && kind <= 1;
  o.kind = static_cast<OptimizerKind>(kind);
  o.lr = r.f32();
  o.beta1 = r.f32();
  o.beta2 = r.f32();
  o.epsilon = r.f32();
  return o;
}

void write_vector(ByteWriter& w, const Eigen::VectorXf& v) {
  w.u32(static_cast<uint32_t>(v.size()));
  w.floats(v.data(), static_cast<size_t>(v.size()));
}
// Reads a vector that must have exactly `expected` entries, all finite.
bool read_vector(ByteReader& r, Eigen::VectorXf& v, Eigen::Index expected) {
  const uint32_t n = r.u32();
  if (r.failed() || n != expected || r.remaining() < size_t(n) * 4) return false;
  v.resize(n);
  r.floats(v.data(), n);
  return v.allFinite();
}

void write_optimizer_state(ByteWriter& w, const Optimizer& o) {
  w.u64(static_cast<uint64_t>(o.steps()));
  write_vector(w, o.m());
  write_vector(w, o.v());
}
bool read_optimizer_state(ByteReader& r, Optimizer& o, Eigen::Index n_params) {
  const uint64_t steps = r.u64();
  const Eigen::Index n = o.config().kind == OptimizerKind::kAdam ? n_params : 0;
  Eigen::VectorXf m, v;
  if (!read_vector(r, m, n) || !read_vector(r, v, n) || steps > (1ull << 40)) return false;
  if ((v.array() < 0).any()) return false;
  o.restore(static_cast<int64_t>(steps), m, v);
  return true;
}

void write_f64(ByteWriter& w, double d) { w.raw(&d, 8); }
double read_f64(ByteReader& r) {
  double d = 0;
  r.raw(&d, 8);
  return d;
}

}  // namespace

std::vector<uint8_t> save_checkpoint(const Trainer& t) {
  ByteWriter w;
  w.raw(kMagic, 8);
  w.u32(kVersion);
  const TrainConfig& c = t.config_;
  w.str(c.preset);
  w.u64(c.seed);
  w.u32(static_cast<uint32_t>(c.batch));
  write_optimizer_config(w, c.d_opt);
  write_optimizer_config(w, c.g_opt);
  for (float f : {c.real_label, c.fake_label, c.g_target, c.d_dropout, c.leaky_alpha, c.g_ema}) w.f32(f);
  w.u32(static_cast<uint32_t>(c.d_hidden));
  w.u32(static_cast<uint32_t>(c.d_layers));
  w.u32(static_cast<uint32_t>(c.d_steps));
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
  if (size < 16 || std::memcmp(bytes, kMagic, 8) != 0)
    return fail(size < 8 ? "the file is too short to be a checkpoint" : "not a checkpoint file (wrong magic bytes)");
  ByteReader r(bytes + 8, size - 8);
  const uint32_t version = r.u32();
  if (version > kVersion)
    return fail("written by a newer version (format " + std::to_string(version) + ") of the program; this one reads format " +
                std::to_string(kVersion));
  if (version != kVersion) return fail("unknown format version " + std::to_string(version));
  uint32_t stored_crc;
  std::memcpy(&stored_crc, bytes + size - 4, 4);
  if (crc32(bytes, size - 4) != stored_crc) return fail("checksum mismatch: the file is truncated or corrupt");
  r = ByteReader(bytes + 12, size - 16);

  TrainConfig c;
  bool ok = true;
  c.preset = r.str(64);
  c.seed = r.u64();
  c.batch = static_cast<int>(r.u32());
  c.d_opt = read_optimizer_config(r, ok);
  c.g_opt = read_optimizer_config(r, ok);
  for (float* f : {&c.real_label, &c.fake_label, &c.g_target, &c.d_dropout, &c.leaky_alpha, &c.g_ema}) *f = r.f32();
  c.d_hidden = static_cast<int>(r.u32());
  c.d_layers = static_cast<int>(r.u32());
  c.d_steps = static_cast<int>(r.u32());
  if (r.failed() || !ok) return fail("the settings are unreadable");
  const std::string invalid = validate(c);
  if (!invalid.empty()) return fail("its settings are invalid: " + invalid);
  const std::string data_name = r.str(64);
  const uint32_t data_count = r.u32(), data_checksum = r.u32();
  if (r.failed()) return fail("the dataset fields are unreadable");
  if (data_name != data.name || data_count != static_cast<uint32_t>(data.count) || data_checksum != data.checksum)
    return fail("it was trained on the dataset '" + data_name + "', not on the loaded '" + data.name + "'");
  if (c.batch > data.count) return fail("its batch is larger than the dataset");

  auto t = std::make_unique<Trainer>(data, c);
  int64_t counters[4];
  for (int64_t& v : counters) v = static_cast<int64_t>(r.u64());
  t->iteration_ = counters[0];
  t->epoch_ = counters[1];
  t->d_step_count_ = counters[2];
  t->g_step_count_ = counters[3];
  t->cursor_ = static_cast<int>(r.u32());
  Rng::State state;
  for (uint32_t& s : state) s = r.u32();
  t->rng_.set_state(state);
  std::vector<bool> seen(data.count, false);
  for (uint32_t& i : t->order_) {
    i = r.u32();
    if (i >= static_cast<uint32_t>(data.count) || seen[i]) return fail("the data order is not a permutation");
    seen[i] = true;
  }
  for (double* m : {&t->last_.d_loss, &t->last_.g_loss, &t->last_.d_real, &t->last_.d_fake}) *m = read_f64(r);
  if (r.failed()) return fail("the file is truncated");
  for (int64_t v : counters)
    if (v < 0) return fail("negative counters");
  if (t->cursor_ < 0 || t->cursor_ + c.batch > data.count) return fail("the data position is out of range");
  if (!read_vector(r, t->g_.params(), t->g_.num_params())) return fail("the generator's weights do not fit (or are not finite)");
  if (!read_vector(r, t->d_.params(), t->d_.num_params()))
    return fail("the discriminator's weights do not fit (or are not finite)");
  if (!read_optimizer_state(r, t->g_opt_, t->g_.num_params())) return fail("the generator's optimizer state does not fit");
  if (!read_optimizer_state(r, t->d_opt_, t->d_.num_params())) return fail("the discriminator's optimizer state does not fit");
  if (!read_vector(r, t->g_ema_, c.g_ema > 0 ? t->g_.num_params() : 0)) return fail("the generator average does not fit");
  if (r.failed() || r.remaining() != 0) return fail("unexpected length");
  out = std::move(t);
  error.clear();
  return true;
}

}  // namespace gan
