// Byte encoding of the session's commands and updates; see messages.hpp. Layout: a magic u32 per
// message kind, then the fields in declaration order (little-endian), strings and arrays with a u32
// length. A settings block is the preset name, the seed, the two optimizer kinds and every row of
// the parameter table as f64 in table order, read back through the table's range checks.
#include "messages.hpp"

#include <cmath>
#include <cstring>

#include "core/bytes.hpp"

namespace gan {
namespace {

constexpr uint32_t kCommandMagic = 0x434E4147;  // "GANC"
constexpr uint32_t kUpdateMagic = 0x554E4147;   // "GANU"
constexpr size_t kMaxText = 4096;               // names, notices, errors
constexpr uint32_t kMaxItems = 1u << 24;        // any array's element count

void f64(ByteWriter& w, double v) { w.raw(&v, 8); }
double f64(ByteReader& r) {
  double v = 0;
  r.raw(&v, 8);
  return v;
}

void put_config(ByteWriter& w, const TrainConfig& c) {
  w.str(c.preset);
  w.u64(c.seed);
  w.u8(static_cast<uint8_t>(c.d_opt.kind));
  w.u8(static_cast<uint8_t>(c.g_opt.kind));
  for (const ParamInfo& p : param_table()) f64(w, get_param(c, p.name));
}

bool get_config(ByteReader& r, TrainConfig& c) {
  c = TrainConfig();
  c.preset = r.str(kMaxText);
  c.seed = r.u64();
  const uint8_t d_kind = r.u8(), g_kind = r.u8();
  if (r.failed() || d_kind > 1 || g_kind > 1) return false;
  c.d_opt.kind = static_cast<OptimizerKind>(d_kind);
  c.g_opt.kind = static_cast<OptimizerKind>(g_kind);
  std::string error;
  for (const ParamInfo& p : param_table()) {
    const double v = f64(r);
    if (r.failed() || !set_param(c, p.name, v, error)) return false;
  }
  return validate(c).empty();
}

template <typename T>
void put_vector(ByteWriter& w, const std::vector<T>& v) {
  w.u32(static_cast<uint32_t>(v.size()));
  w.raw(v.data(), v.size() * sizeof(T));
}

template <typename T>
bool get_vector(ByteReader& r, std::vector<T>& v, uint32_t max_items = kMaxItems) {
  const uint32_t n = r.u32();
  if (r.failed() || n > max_items || size_t(n) * sizeof(T) > r.remaining()) return false;
  v.resize(n);
  r.raw(v.data(), size_t(n) * sizeof(T));
  return !r.failed();
}

void put_scores(ByteWriter& w, const JudgeScores& s) {
  w.u32(static_cast<uint32_t>(s.count));
  put_vector(w, s.class_fraction);
  w.u32(static_cast<uint32_t>(s.classes_present));
  f64(w, s.confidence);
  f64(w, s.inception_score);
  f64(w, s.frechet);
}

bool get_scores(ByteReader& r, JudgeScores& s) {
  s.count = static_cast<int>(r.u32());
  if (!get_vector(r, s.class_fraction)) return false;
  s.classes_present = static_cast<int>(r.u32());
  s.confidence = f64(r);
  s.inception_score = f64(r);
  s.frechet = f64(r);
  return !r.failed() && s.count >= 0 && s.classes_present >= 0;
}

}  // namespace

std::vector<uint8_t> encode(const Command& c) {
  ByteWriter w;
  w.u32(kCommandMagic);
  w.u8(static_cast<uint8_t>(c.kind));
  w.u8(c.flag ? 1 : 0);
  w.u64(static_cast<uint64_t>(c.count));
  w.str(c.name);
  put_config(w, c.config);
  return std::move(w.bytes());
}

bool decode(const uint8_t* bytes, size_t size, Command& c) {
  ByteReader r(bytes, size);
  if (r.u32() != kCommandMagic) return false;
  const uint8_t kind = r.u8(), flag = r.u8();
  if (kind >= kCommandKinds || flag > 1) return false;
  c.kind = static_cast<CommandKind>(kind);
  c.flag = flag != 0;
  c.count = static_cast<int64_t>(r.u64());
  c.name = r.str(kMaxText);
  if (c.kind == CommandKind::kQuiz && (c.count < 2 || c.count > kMaxQuizTiles)) return false;
  if (c.kind == CommandKind::kLatentWalk && (c.count < -1 || c.count >= int64_t(kWalkPoints) * kWalkPoints)) return false;
  return get_config(r, c.config) && !r.failed() && r.remaining() == 0;
}

std::vector<uint8_t> encode(const SessionUpdate& u) {
  ByteWriter w;
  w.u32(kUpdateMagic);
  w.u32(u.run);
  w.u64(u.commands_done);
  w.u8(u.has_run);
  w.u64(static_cast<uint64_t>(u.iteration));
  w.u64(static_cast<uint64_t>(u.epoch));
  for (double v : {u.its_per_sec, u.d_loss, u.g_loss, u.d_real, u.d_fake}) f64(w, v);
  w.u32(static_cast<uint32_t>(u.threads));
  w.u8(u.running);
  w.u8(u.loading);
  w.u32(static_cast<uint32_t>(u.pending_steps));
  w.u32(static_cast<uint32_t>(u.queued_total));
  w.str(u.loading_dataset);
  w.str(u.error);
  w.str(u.notice);
  w.u32(u.notice_serial);
  put_config(w, u.config);
  w.str(u.data.name);
  w.u32(static_cast<uint32_t>(u.data.rows));
  w.u32(static_cast<uint32_t>(u.data.cols));
  w.u32(static_cast<uint32_t>(u.data.class_names.size()));
  for (const std::string& name : u.data.class_names) w.str(name);
  put_vector(w, u.losses);
  w.u32(static_cast<uint32_t>(u.samples_version));
  w.u8(u.has_samples);
  if (u.has_samples) {
    put_vector(w, u.grid);
    put_vector(w, u.real_tiles);
    put_vector(w, u.real_verdicts);
    put_vector(w, u.fake_verdicts);
  }
  w.u8(u.has_judge);
  w.u64(static_cast<uint64_t>(u.judged_at));
  put_scores(w, u.scores);
  put_scores(w, u.real_scores);
  put_vector(w, u.quality);
  w.u8(u.has_quiz);
  if (u.has_quiz) {
    put_vector(w, u.quiz_images);
    put_vector(w, u.quiz_fake);
    put_vector(w, u.quiz_scores);
  }
  w.u32(static_cast<uint32_t>(u.walk_from));
  w.u32(static_cast<uint32_t>(u.walk_to));
  w.u8(u.has_walk_images);
  if (u.has_walk_images) put_vector(w, u.walk_images);
  return std::move(w.bytes());
}

bool decode(const uint8_t* bytes, size_t size, SessionUpdate& u) {
  ByteReader r(bytes, size);
  if (r.u32() != kUpdateMagic) return false;
  u = SessionUpdate();
  u.run = r.u32();
  u.commands_done = r.u64();
  u.has_run = r.u8() != 0;
  u.iteration = static_cast<int64_t>(r.u64());
  u.epoch = static_cast<int64_t>(r.u64());
  for (double* v : {&u.its_per_sec, &u.d_loss, &u.g_loss, &u.d_real, &u.d_fake}) *v = f64(r);
  u.threads = static_cast<int>(r.u32());
  u.running = r.u8() != 0;
  u.loading = r.u8() != 0;
  u.pending_steps = static_cast<int>(r.u32());
  u.queued_total = static_cast<int>(r.u32());
  u.loading_dataset = r.str(kMaxText);
  u.error = r.str(kMaxText);
  u.notice = r.str(kMaxText);
  u.notice_serial = r.u32();
  if (r.failed() || !get_config(r, u.config)) return false;
  u.data.name = r.str(kMaxText);
  u.data.rows = static_cast<int>(r.u32());
  u.data.cols = static_cast<int>(r.u32());
  const uint32_t classes = r.u32();
  if (r.failed() || u.data.rows < 0 || u.data.cols < 0 || u.data.rows > 4096 || u.data.cols > 4096 || classes > 1000) return false;
  for (uint32_t k = 0; k < classes; ++k) u.data.class_names.push_back(r.str(kMaxText));
  if (r.failed() || !get_vector(r, u.losses)) return false;
  u.samples_version = static_cast<int>(r.u32());
  u.has_samples = r.u8() != 0;
  if (u.has_samples && !(get_vector(r, u.grid) && get_vector(r, u.real_tiles) && get_vector(r, u.real_verdicts) &&
                         get_vector(r, u.fake_verdicts)))
    return false;
  u.has_judge = r.u8() != 0;
  u.judged_at = static_cast<int64_t>(r.u64());
  if (!get_scores(r, u.scores) || !get_scores(r, u.real_scores) || !get_vector(r, u.quality)) return false;
  // A quiz round: up to kMaxQuizTiles whole images, one truth (0 or 1) and one probability each.
  const size_t image_size = size_t(u.data.rows) * size_t(u.data.cols);
  const uint8_t has_quiz = r.u8();
  if (r.failed() || has_quiz > 1) return false;
  u.has_quiz = has_quiz != 0;
  if (u.has_quiz) {
    if (!get_vector(r, u.quiz_images, kMaxQuizTiles * uint32_t(kMaxTilePixels)) || !get_vector(r, u.quiz_fake, kMaxQuizTiles) ||
        !get_vector(r, u.quiz_scores, kMaxQuizTiles))
      return false;
    const size_t n = u.quiz_fake.size();
    if (n < 2 || u.quiz_scores.size() != n || image_size == 0 || u.quiz_images.size() != n * image_size) return false;
    for (uint8_t f : u.quiz_fake)
      if (f > 1) return false;
    for (float p : u.quiz_scores)
      if (!(p >= 0 && p <= 1)) return false;  // NaN too
  }
  // The walk: both ends in z_test or both -1; its images exactly kWalkSteps whole ones.
  u.walk_from = static_cast<int32_t>(r.u32());
  u.walk_to = static_cast<int32_t>(r.u32());
  const uint8_t has_walk = r.u8();
  if (r.failed() || has_walk > 1) return false;
  const bool no_walk = u.walk_from == -1 && u.walk_to == -1;
  const bool walk = u.walk_from >= 0 && u.walk_from < kWalkPoints && u.walk_to >= 0 && u.walk_to < kWalkPoints;
  if (!no_walk && !walk) return false;
  u.has_walk_images = has_walk != 0;
  if (u.has_walk_images && (!walk || !get_vector(r, u.walk_images, kWalkSteps * uint32_t(kMaxTilePixels)) || image_size == 0 ||
                            u.walk_images.size() != kWalkSteps * image_size))
    return false;
  return !r.failed() && r.remaining() == 0 && u.threads >= 1 && u.pending_steps >= 0 && u.queued_total >= 0;
}

}  // namespace gan
