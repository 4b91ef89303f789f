// The dashboard's client of the training session; see app.hpp.
#include "app.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "core/bundled_data.hpp"
#include "core/pixels.hpp"

namespace gan {
namespace {

constexpr size_t kMaxQualityPoints = 4096;

// 8-bit images (image after image) as the columns of a matrix in [-1, 1].
void to_images(const std::vector<uint8_t>& pixels, int image_size, Eigen::MatrixXf& out) {
  if (image_size <= 0 || pixels.size() % static_cast<size_t>(image_size) != 0) return;
  out.resize(image_size, static_cast<Eigen::Index>(pixels.size() / image_size));
  for (size_t k = 0; k < pixels.size(); ++k) out.data()[k] = pixel_to_unit(pixels[k]);
}

}  // namespace

std::string AppStats::to_json() const {
  std::ostringstream os;
  os.precision(17);  // doubles exactly: two pages of the same run compare equal
  os << "{\"iteration\":" << iteration << ",\"epoch\":" << epoch << ",\"itsPerSec\":" << its_per_sec << ",\"dLoss\":" << d_loss
     << ",\"gLoss\":" << g_loss << ",\"dReal\":" << d_real << ",\"dFake\":" << d_fake << ",\"fps\":" << fps
     << ",\"drawnFps\":" << drawn_fps << ",\"worstFrameMs\":" << worst_frame_ms << ",\"threads\":" << threads << ",\"ready\":" << (ready ? "true" : "false")
     << ",\"running\":" << (running ? "true" : "false") << ",\"loading\":" << (loading ? "true" : "false")
     << ",\"pendingSteps\":" << pending_steps << ",\"judgedAt\":" << judged_at << ",\"classesPresent\":" << classes_present
     << ",\"confidence\":" << confidence << ",\"inceptionScore\":" << inception_score << ",\"frechet\":" << frechet
     << ",\"verdict\":" << json_quote(verdict) << ",\"preset\":" << json_quote(preset) << ",\"seed\":" << seed
     << ",\"dataset\":" << json_quote(dataset) << ",\"datasetLabel\":" << json_quote(dataset_label) << ",\"goal\":" << json_quote(goal)
     << ",\"error\":" << json_quote(error) << ",\"notice\":" << json_quote(notice) << "}";
  return os.str();
}

App::App(AppOptions options, std::function<void(std::vector<uint8_t>)> send_command)
    : options_(std::move(options)), send_(std::move(send_command)) {
  for (const auto& w : options_.warnings) notice_ += (notice_.empty() ? "" : "; ") + w;
  state_.config = options_config(options_);
  state_.running = options_.autostart && !options_.bench;
  state_.loading = true;
  dataset_name_ = options_.dataset;
  Command start;
  start.kind = CommandKind::kStart;
  start.config = state_.config;
  start.name = options_.dataset;
  start.flag = state_.running;
  send(start);
}

void App::send(const Command& command) {
  Command c = command;
  if (c.kind != CommandKind::kStart && c.kind != CommandKind::kSetConfig && c.kind != CommandKind::kReset) c.config = state_.config;
  ++commands_sent_;
  send_(encode(c));
}

void App::receive(const uint8_t* bytes, size_t size) {
  SessionUpdate u;
  if (!decode(bytes, size, u)) return;
  if (u.run != state_.run) {
    history_.clear();
    quality_history_.clear();
    timelapse_.clear();
  }
  for (const LossPoint& p : u.losses) history_.add(p.iteration, p.values);
  quality_history_.insert(quality_history_.end(), u.quality.begin(), u.quality.end());
  if (quality_history_.size() > kMaxQualityPoints)
    quality_history_.erase(quality_history_.begin(), quality_history_.begin() + kMaxQualityPoints / 2);
  if (u.has_samples) {
    const int size = u.data.image_size();
    to_images(u.grid, size, test_images_);
    to_images(u.real_tiles, size, real_images_);
    real_verdicts_ = Eigen::Map<const Eigen::VectorXf>(u.real_verdicts.data(), static_cast<Eigen::Index>(u.real_verdicts.size()));
    fake_verdicts_ = Eigen::Map<const Eigen::VectorXf>(u.fake_verdicts.data(), static_cast<Eigen::Index>(u.fake_verdicts.size()));
    ++samples_version_;
    const int images = size > 0 ? static_cast<int>(u.grid.size() / size) : 0;
    if (images > 0 && timelapse_.due(u.iteration)) timelapse_.add(u.iteration, u.grid.data(), images, u.data.rows, u.data.cols);
  }
  if (u.has_quiz) {
    to_images(u.quiz_images, u.data.image_size(), quiz_images_);
    quiz_fake_ = std::move(u.quiz_fake);
    quiz_scores_ = std::move(u.quiz_scores);
    quiz_marked_.assign(quiz_fake_.size(), false);
    quiz_checked_ = quiz_waiting_ = false;
    ++quiz_version_;
  }
  // Walk images count only for the walk this side asked for last (an older one's may still come).
  if (u.has_walk_images && u.walk_from == walk_from_ && u.walk_to == walk_to_) {
    to_images(u.walk_images, u.data.image_size(), walk_images_);
    ++walk_version_;
  }
  if (u.notice_serial != notice_serial_) {
    notice_serial_ = u.notice_serial;
    notice_ = u.notice;
  }
  // Until the session has handled every command sent, what those commands changed stays as this
  // side set it: a slider does not jump back for a frame.
  if (u.commands_done < commands_sent_) {
    u.config = state_.config;
    u.running = state_.running;
    u.pending_steps = state_.pending_steps;
    u.queued_total = state_.queued_total;
  } else {
    dataset_name_ = u.data.name;
    if (u.walk_from != walk_from_ || u.walk_to != walk_to_) {
      walk_from_ = u.walk_from;
      walk_to_ = u.walk_to;
      walk_images_.resize(0, 0);
      ++walk_version_;
    }
  }
  u.quiz_images.clear();
  u.walk_images.clear();
  u.losses.clear();
  u.quality.clear();
  u.grid.clear();
  u.real_tiles.clear();
  state_ = std::move(u);
}

void App::update(double now_ms) {
  if (last_frame_ms_ >= 0) worst_window_ms_ = std::max(worst_window_ms_, now_ms - last_frame_ms_);
  last_frame_ms_ = now_ms;
  if (window_start_ms_ < 0) window_start_ms_ = now_ms;
  if (now_ms - window_start_ms_ >= 1000) {  // a second is over: its meters are published
    const double seconds = (now_ms - window_start_ms_) / 1000;
    fps_ = window_frames_ / seconds;  // the frames that began in it
    drawn_fps_ = window_drawn_ / seconds;
    worst_frame_ms_ = worst_window_ms_;
    window_start_ms_ = now_ms;
    worst_window_ms_ = 0;
    window_frames_ = window_drawn_ = 0;
  }
  ++window_frames_;
}

bool App::bench_due() {
  if (!options_.bench || bench_started_ || !state_.has_run || state_.loading || ++frames_ready_ <= 10) return false;
  bench_started_ = true;
  return true;
}

void App::set_running(bool running) {
  state_.running = running;
  Command c;
  c.kind = CommandKind::kSetRunning;
  c.flag = running;
  send(c);
}

void App::queue_steps(int n) {
  if (!state_.has_run || n <= 0) return;
  const int room = kMaxQueuedSteps - state_.pending_steps;
  if (n > room) {
    notice_ = "at most " + std::to_string(kMaxQueuedSteps) + " iterations can wait at once";
    n = room;
  }
  if (n <= 0) return;
  state_.pending_steps += n;
  state_.queued_total += n;
  Command c;
  c.kind = CommandKind::kQueueSteps;
  c.count = n;
  send(c);
}

void App::step_discriminator() {
  Command c;
  c.kind = CommandKind::kStepDiscriminator;
  send(c);
}

void App::step_generator() {
  Command c;
  c.kind = CommandKind::kStepGenerator;
  send(c);
}

void App::reset(uint64_t seed) {
  state_.config.seed = seed;
  state_.pending_steps = state_.queued_total = 0;
  Command c;
  c.kind = CommandKind::kReset;
  c.config = state_.config;
  send(c);
}

bool App::set_preset(const std::string& name) {
  TrainConfig c;
  if (!find_preset(name, c)) {
    notice_ = "unknown preset '" + name + "'";
    return false;
  }
  c.seed = state_.config.seed;
  state_.config = c;
  Command command;
  command.kind = CommandKind::kSetPreset;
  command.name = name;
  send(command);
  return true;
}

bool App::set_dataset(const std::string& name) {
  if (!find_bundled_dataset(name)) {
    notice_ = "unknown dataset '" + name + "'";
    return false;
  }
  Command c;
  c.kind = CommandKind::kSetDataset;
  c.name = name;
  send(c);
  return true;
}

// Both overloads: the typed one and the text one differ only in how the value enters the config.
template <typename Value>
bool App::change_setting(const std::string& name, const Value& value) {
  TrainConfig next = state_.config;
  std::string err;
  if (!gan::set_param(next, name, value, err)) {
    notice_ = err;  // refused: the run keeps its settings
    return false;
  }
  state_.config = next;
  Command c;
  c.kind = CommandKind::kSetConfig;
  c.name = name;
  c.config = next;
  send(c);
  return true;
}

bool App::set_param(const std::string& name, double value) { return change_setting(name, value); }

bool App::set_param(const std::string& name, const std::string& value) { return change_setting(name, value); }

void App::clear_notice() {
  notice_.clear();
  Command c;
  c.kind = CommandKind::kDismissNotice;
  send(c);
}

bool App::config_is_exact_preset() const {
  TrainConfig p;
  if (!find_preset(state_.config.preset, p)) return false;
  p.seed = state_.config.seed;
  return same_settings(p, state_.config);
}

std::string App::judge_verdict() const {
  if (!state_.has_judge) return "no judge";
  const JudgeScores& s = state_.scores;
  if (s.count == 0) return "not judged yet";
  char buf[160];
  const int K = static_cast<int>(s.class_fraction.size());
  if (!judge_is_readable())
    std::snprintf(buf, sizeof buf, "not yet readable (the judge is only %.0f%% sure of what it sees)", 100 * s.confidence);
  else
    std::snprintf(buf, sizeof buf, "readable: %d of %d kinds drawn, the judge is %.0f%% sure of what it sees", s.classes_present, K,
                  100 * s.confidence);
  return buf;
}

std::vector<uint8_t> App::timelapse_gif() const {
  if (timelapse_.empty()) return {};
  try {
    return gan::timelapse_gif(timelapse_, 10, 1);
  } catch (const std::exception&) {  // a shape GIF cannot hold: nothing to give
    return {};
  }
}

std::vector<uint8_t> App::film_strip_png() const {
  if (timelapse_.empty()) return {};
  try {
    return gan::film_strip_png(timelapse_, 8, 4, 2);
  } catch (const std::exception&) {
    return {};
  }
}

std::string App::losses_csv() const {
  std::string csv = "iteration,d_loss,g_loss,d_real,d_fake\n";
  char row[160];
  for (int i = 0; i < history_.size(); ++i) {
    std::snprintf(row, sizeof row, "%lld,%.9g,%.9g,%.9g,%.9g\n", static_cast<long long>(history_.iteration(i)),
                  history_.value(0, i), history_.value(1, i), history_.value(2, i), history_.value(3, i));
    csv += row;
  }
  return csv;
}

void App::new_quiz_round(int tiles) {
  if (!state_.has_run) return;
  quiz_waiting_ = true;
  Command c;
  c.kind = CommandKind::kQuiz;
  c.count = std::clamp(tiles, 2, kMaxQuizTiles);
  send(c);
}

int App::quiz_fakes() const { return static_cast<int>(std::count(quiz_fake_.begin(), quiz_fake_.end(), 1)); }

void App::toggle_quiz_mark(int k) {
  if (quiz_checked_ || k < 0 || k >= quiz_tiles()) return;
  quiz_marked_[static_cast<size_t>(k)] = !quiz_marked_[static_cast<size_t>(k)];
}

void App::check_quiz() {
  if (quiz_tiles() > 0) quiz_checked_ = true;
}

bool App::quiz_reveal(int k, bool& fake, float& score) const {
  if (!quiz_checked_ || k < 0 || k >= quiz_tiles()) return false;
  fake = quiz_fake_[static_cast<size_t>(k)] != 0;
  score = quiz_scores_[static_cast<size_t>(k)];
  return true;
}

App::QuizResult App::quiz_result() const {
  QuizResult r;
  if (!quiz_checked_) return r;
  for (int k = 0; k < quiz_tiles(); ++k) {
    const bool fake = quiz_fake_[static_cast<size_t>(k)] != 0, marked = quiz_marked_[static_cast<size_t>(k)];
    r.fakes += fake;
    r.found += fake && marked;
    r.false_alarms += !fake && marked;
    r.d_right += (quiz_scores_[static_cast<size_t>(k)] < 0.5f) == fake;
  }
  return r;
}

std::string App::quiz_json() const {
  const QuizResult r = quiz_result();
  std::ostringstream os;
  auto bools = [&](auto get) {
    os << '[';
    for (int k = 0; k < quiz_tiles(); ++k) os << (k ? "," : "") << (get(k) ? "true" : "false");
    os << ']';
  };
  os << "{\"tiles\":" << quiz_tiles() << ",\"fakes\":" << quiz_fakes() << ",\"marked\":";
  bools([&](int k) { return quiz_marked(k); });
  os << ",\"checked\":" << (quiz_checked_ ? "true" : "false") << ",\"found\":" << r.found << ",\"falseAlarms\":" << r.false_alarms
     << ",\"waiting\":" << (quiz_waiting_ ? "true" : "false");
  if (quiz_checked_) {
    os << ",\"fake\":";
    bools([&](int k) { return quiz_fake_[static_cast<size_t>(k)] != 0; });
    os << ",\"scores\":[";
    for (int k = 0; k < quiz_tiles(); ++k) os << (k ? "," : "") << quiz_scores_[static_cast<size_t>(k)];
    os << ']';
  }
  os << '}';
  return os.str();
}

void App::start_walk(int from, int to) {
  if (from < 0 || from >= kWalkPoints || to < 0 || to >= kWalkPoints) return;
  walk_from_ = from;
  walk_to_ = to;
  walk_images_.resize(0, 0);
  ++walk_version_;
  Command c;
  c.kind = CommandKind::kLatentWalk;
  c.count = walk_count(from, to);
  send(c);
}

void App::stop_walk() {
  walk_from_ = walk_to_ = -1;
  walk_images_.resize(0, 0);
  ++walk_version_;
  Command c;
  c.kind = CommandKind::kLatentWalk;
  c.count = -1;
  send(c);
}

AppStats App::stats() const {
  AppStats s;
  s.ready = state_.has_run;
  s.running = state_.running;
  s.loading = state_.loading;
  s.pending_steps = state_.pending_steps;
  s.preset = state_.config.preset + (config_is_exact_preset() ? "" : "*");
  s.seed = state_.config.seed;
  s.dataset = dataset_name_;
  if (const BundledDataset* d = find_bundled_dataset(dataset_name_)) {
    s.dataset_label = d->label;
    s.goal = d->goal;
  }
  s.error = state_.error;
  s.notice = notice_;
  s.fps = fps_;
  s.drawn_fps = drawn_fps_;
  s.worst_frame_ms = std::max(worst_frame_ms_, worst_window_ms_);
  s.threads = state_.threads;
  s.its_per_sec = state_.its_per_sec;
  s.iteration = state_.iteration;
  s.epoch = state_.epoch;
  s.d_loss = state_.d_loss;
  s.g_loss = state_.g_loss;
  s.d_real = state_.d_real;
  s.d_fake = state_.d_fake;
  s.judged_at = state_.judged_at;
  s.classes_present = state_.scores.classes_present;
  s.confidence = state_.scores.confidence;
  s.inception_score = state_.scores.inception_score;
  s.frechet = state_.scores.frechet;
  s.verdict = judge_verdict();
  return s;
}

}  // namespace gan
