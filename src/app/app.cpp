// The demo's state machine; see app.hpp.
#include "app.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace gan {
namespace {

constexpr double kRefreshMs = 400;  // how often the sample grid is regenerated while training
constexpr int kRealTiles = 8;

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

AppOptions parse_app_options(int argc, char** argv) {
  AppOptions o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--preset") {
      TrainConfig c;
      if (find_preset(value, c))
        o.preset = value;
      else
        o.warnings.push_back("unknown preset '" + value + "'; using " + o.preset);
    } else if (key == "--seed") {
      char* end = nullptr;
      const unsigned long long s = std::strtoull(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || value[0] == '-' || s > (1ull << 53))
        o.warnings.push_back("seed '" + value + "' is not a whole number from 0 to 2^53; using 1");
      else
        o.seed = s;
    } else if (key == "--dataset") {
      if (value == "digits" || value == "fashion")
        o.dataset = value;
      else
        o.warnings.push_back("unknown dataset '" + value + "' (digits or fashion); using digits");
    } else if (key == "--autostart") {
      if (value == "0" || value == "1")
        o.autostart = value == "1";
      else
        o.warnings.push_back("autostart must be 0 or 1, not '" + value + "'");
    } else if (key == "--assets") {
      o.assets_dir = value;
    } else {
      o.warnings.push_back("unknown option '" + key + "'");
    }
  }
  return o;
}

std::string AppStats::to_json() const {
  std::ostringstream os;
  os.precision(9);
  os << "{\"iteration\":" << iteration << ",\"epoch\":" << epoch << ",\"itsPerSec\":" << its_per_sec << ",\"dLoss\":" << d_loss
     << ",\"gLoss\":" << g_loss << ",\"dReal\":" << d_real << ",\"dFake\":" << d_fake << ",\"fps\":" << fps
     << ",\"trainMsPerFrame\":" << train_ms_per_frame << ",\"running\":" << (running ? "true" : "false")
     << ",\"loading\":" << (loading ? "true" : "false") << ",\"judgedAt\":" << judged_at
     << ",\"classesPresent\":" << classes_present << ",\"confidence\":" << confidence
     << ",\"inceptionScore\":" << inception_score << ",\"frechet\":" << frechet << ",\"preset\":\"" << json_escape(preset) << "\",\"seed\":" << seed
     << ",\"dataset\":\"" << json_escape(dataset) << "\",\"error\":\"" << json_escape(error) << "\"}";
  return os.str();
}

App::App(AppOptions options, std::function<void(const std::string&)> request_asset)
    : options_(std::move(options)), request_asset_(std::move(request_asset)) {
  find_preset(options_.preset, config_);
  config_.seed = options_.seed;
  running_ = options_.autostart;
  for (const auto& w : options_.warnings) notice_ += (notice_.empty() ? "" : "\n") + w;
  set_dataset(options_.dataset);
}

const Dataset* App::dataset() const {
  auto it = datasets_.find(dataset_name_);
  return it == datasets_.end() ? nullptr : &it->second;
}

bool App::set_dataset(const std::string& name) {
  if (name != "digits" && name != "fashion") {
    notice_ = "unknown dataset '" + name + "'";
    return false;
  }
  dataset_name_ = name;
  trainer_.reset();
  history_.clear();
  error_.clear();
  if (datasets_.count(name)) {
    start_trainer();
  } else {
    loading_ = name + ".gds";
    request_asset_(loading_);
  }
  return true;
}

void App::asset_arrived(const std::string& file, const std::string& fetch_error) {
  if (file != loading_) return;  // a stale answer for an asset no longer wanted
  loading_.clear();
  const std::string name = file.substr(0, file.find('.'));
  const bool is_judge = file.size() > 4 && file.compare(file.size() - 4, 4, ".gjd") == 0;
  std::string err = fetch_error;
  if (is_judge) {  // the judge is optional: without it training goes on, with a notice
    Judge j;
    if (err.empty() && j.load_file(options_.assets_dir + "/" + file, err) && j.dataset() != name)
      err = "it is a judge for '" + j.dataset() + "'";
    if (!err.empty()) {
      notice_ = "the sample-quality judge is unavailable: " + err;
      judges_[name] = Judge();  // remembered as missing, not asked for again
      return;
    }
    judges_[name] = std::move(j);
    load_judge(name);
    return;
  }
  Dataset d;
  if (err.empty()) load_dataset_file(options_.assets_dir + "/" + file, d, err);
  if (!err.empty()) {
    error_ = "could not load the " + name + " dataset: " + err;
    return;
  }
  datasets_[name] = std::move(d);
  if (name == dataset_name_) start_trainer();
}

// Prepares the judge's reference statistics from the dataset (the images it was trained on; the
// last 1,000 were held out and give the "real data" scores shown for comparison).
void App::load_judge(const std::string& name) {
  Judge& j = judges_.at(name);
  const Dataset& d = datasets_.at(name);
  j.set_reference(dataset_images(d, 0, d.count - 1000));
  real_scores_[name] = j.score(dataset_images(d, d.count - kJudgeImages, kJudgeImages));
}

const Judge* App::judge() const {
  auto it = judges_.find(dataset_name_);
  return it == judges_.end() || it->second.dataset().empty() || !it->second.has_reference() ? nullptr : &it->second;
}

// Scores the generator on kJudgeImages fixed noise vectors, 100 per frame so no frame stalls.
// A new job starts every few seconds while the iteration count moves.
void App::judge_some(double now_ms) {
  auto it = judges_.find(dataset_name_);
  if (!trainer_ || it == judges_.end() || !it->second.has_reference()) return;
  Judge& judge = it->second;
  if (judge_progress_ < 0) {
    const bool due = trainer_->iteration() != judge_iteration_ && (now_ms - last_judge_ms_ >= 3000 || !running_);
    if (!due) return;
    judge_progress_ = 0;
    judge_iteration_ = trainer_->iteration();
  }
  constexpr int kChunk = 100;
  Eigen::MatrixXf images, probs, features;
  trainer_->generate(judge_noise_.middleCols(judge_progress_, kChunk), images);
  judge.evaluate(images, probs, features);
  judge_probs_.resize(probs.rows(), kJudgeImages);
  judge_features_.resize(features.rows(), kJudgeImages);
  judge_probs_.middleCols(judge_progress_, kChunk) = probs;
  judge_features_.middleCols(judge_progress_, kChunk) = features;
  judge_progress_ += kChunk;
  if (judge_progress_ >= kJudgeImages) {
    scores_ = judge.score_outputs(judge_probs_, judge_features_);
    scores_iteration_ = judge_iteration_;
    quality_history_.push_back({judge_iteration_, scores_.inception_score, scores_.frechet});
    if (quality_history_.size() > 4096) quality_history_.erase(quality_history_.begin(), quality_history_.begin() + 2048);
    judge_progress_ = -1;
    last_judge_ms_ = now_ms;
  }
}

void App::start_trainer() {
  std::string err;
  trainer_ = make_trainer(datasets_.at(dataset_name_), config_, err);
  history_.clear();
  quality_history_.clear();
  scores_ = JudgeScores();
  scores_iteration_ = judge_iteration_ = -1;
  judge_progress_ = -1;
  if (trainer_) judge_noise_ = trainer_->sample_noise(kJudgeImages, 0x10D6E);  // the same for every run
  if (!judges_.count(dataset_name_) && loading_.empty()) {
    loading_ = dataset_name_ + ".gjd";
    request_asset_(loading_);
  }
  error_ = err;
  samples_dirty_ = true;
  rate_window_start_ms_ = -1;
  its_per_sec_ = 0;
  rest_until_ms_ = 0;
  // A few real tiles for D's verdicts, one per class where possible.
  const Dataset& d = datasets_.at(dataset_name_);
  real_images_.resize(d.image_size(), kRealTiles);
  for (int k = 0; k < kRealTiles; ++k) {
    int pick = k;
    for (int i = 0; i < d.count; ++i)
      if (d.labels[i] == k % d.num_classes()) {
        pick = i;
        break;
      }
    for (int p = 0; p < d.image_size(); ++p) real_images_(p, k) = d.image(pick)[p] / 127.5f - 1.0f;
  }
}

void App::record_iteration() {
  const IterationMetrics& m = trainer_->last();
  history_.add(trainer_->iteration(), {float(m.d_loss), float(m.g_loss), float(m.d_real), float(m.d_fake)});
}

void App::update(double now_ms) {
  if (last_frame_ms_ >= 0) {
    const double dt = now_ms - last_frame_ms_;
    if (dt > 0) fps_ = fps_ == 0 ? 1000.0 / dt : 0.9 * fps_ + 0.1 * (1000.0 / dt);
  }
  last_frame_ms_ = now_ms;
  double trained_ms = 0;
  if (trainer_ && running_ && error_.empty() && now_ms >= rest_until_ms_) {
    // Train for a slice of this frame; when one iteration takes longer than a frame, rest for
    // long enough afterwards that training gets train_share_ of the wall time.
    const double frame_ms = 1000.0 / 60.0;
    const auto t0 = std::chrono::steady_clock::now();
    int done = 0;
    while (true) {
      if (!trainer_->step()) {
        error_ = trainer_->error();
        break;
      }
      ++done;
      record_iteration();
      trained_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (trained_ms + trained_ms / done > frame_ms * train_share_) break;
    }
    if (trained_ms > frame_ms * train_share_) rest_until_ms_ = now_ms + trained_ms * (1.0 - train_share_) / train_share_;
    samples_dirty_ = true;
  }
  train_ms_avg_ = 0.9 * train_ms_avg_ + 0.1 * trained_ms;
  if (trainer_) {
    if (rate_window_start_ms_ < 0 || !running_) {
      rate_window_start_ms_ = now_ms;
      rate_window_start_it_ = trainer_->iteration();
      if (!running_) its_per_sec_ = 0;
    } else if (now_ms - rate_window_start_ms_ >= 1000) {
      its_per_sec_ = (trainer_->iteration() - rate_window_start_it_) * 1000.0 / (now_ms - rate_window_start_ms_);
      rate_window_start_ms_ = now_ms;
      rate_window_start_it_ = trainer_->iteration();
    }
    if (samples_dirty_ && (now_ms - last_refresh_ms_ >= kRefreshMs || !running_)) {
      refresh_samples();
      last_refresh_ms_ = now_ms;
    } else if (error_.empty()) {
      judge_some(now_ms);
    }
  }
}

void App::refresh_samples() {
  samples_dirty_ = false;
  trainer_->generate_test(test_images_);
  real_verdicts_ = trainer_->discriminate(real_images_);
  fake_verdicts_ = trainer_->discriminate(test_images_.leftCols(kRealTiles));
  ++samples_version_;
}

void App::set_running(bool running) { running_ = running; }

void App::step_iterations(int n) {
  if (!trainer_) return;
  for (int i = 0; i < n; ++i) {
    if (!trainer_->step()) {
      error_ = trainer_->error();
      break;
    }
    record_iteration();
  }
  samples_dirty_ = true;
}

void App::step_discriminator() {
  if (trainer_ && !trainer_->step_discriminator()) error_ = trainer_->error();
  samples_dirty_ = true;
}

void App::step_generator() {
  if (trainer_ && !trainer_->step_generator()) error_ = trainer_->error();
  samples_dirty_ = true;
}

void App::reset(uint64_t seed) {
  config_.seed = seed;
  if (datasets_.count(dataset_name_)) start_trainer();
}

bool App::set_preset(const std::string& name) {
  TrainConfig c;
  if (!find_preset(name, c)) {
    notice_ = "unknown preset '" + name + "'";
    return false;
  }
  c.seed = config_.seed;
  config_ = c;
  if (datasets_.count(dataset_name_)) start_trainer();
  return true;
}

bool App::set_param(const std::string& name, const std::string& value) {
  TrainConfig next = config_;
  std::string err;
  if (!gan::set_param(next, name, value, err)) {
    notice_ = err;
    return false;
  }
  if (trainer_ && !trainer_->reconfigure(next, err)) {  // architecture changes restart the run
    config_ = next;
    start_trainer();
    return true;
  }
  config_ = next;
  return true;
}

bool App::config_is_exact_preset() const {
  TrainConfig p;
  if (!find_preset(config_.preset, p)) return false;
  p.seed = config_.seed;
  return same_settings(p, config_);
}

AppStats App::stats() const {
  AppStats s;
  s.running = running_;
  s.loading = !loading_.empty();
  s.preset = config_.preset + (config_is_exact_preset() ? "" : "*");
  s.seed = config_.seed;
  s.dataset = dataset_name_;
  s.error = error_;
  s.fps = fps_;
  s.its_per_sec = its_per_sec_;
  s.train_ms_per_frame = train_ms_avg_;
  if (trainer_) {
    s.iteration = trainer_->iteration();
    s.epoch = trainer_->epoch();
    s.d_loss = trainer_->last().d_loss;
    s.g_loss = trainer_->last().g_loss;
    s.d_real = trainer_->last().d_real;
    s.d_fake = trainer_->last().d_fake;
  }
  s.judged_at = scores_iteration_;
  s.classes_present = scores_.classes_present;
  s.confidence = scores_.confidence;
  s.inception_score = scores_.inception_score;
  s.frechet = scores_.frechet;
  return s;
}

}  // namespace gan
