// The demo's state machine; see app.hpp.
#include "app.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>

#include "core/bundled_data.hpp"
#include "core/images.hpp"
#include "core/pixels.hpp"
#include "core/png.hpp"

namespace gan {
namespace {

constexpr double kRefreshMs = 400;  // how often the sample grid is regenerated while training
constexpr double kFrameMs = 1000.0 / 60.0;
constexpr int kRealTiles = 8;

std::string label_of(const std::string& dataset) {
  const BundledDataset* d = find_bundled_dataset(dataset);
  return d ? d->label : dataset;
}

}  // namespace

std::string AppStats::to_json() const {
  std::ostringstream os;
  os.precision(17);  // doubles exactly: two pages of the same run compare equal
  os << "{\"iteration\":" << iteration << ",\"epoch\":" << epoch << ",\"itsPerSec\":" << its_per_sec << ",\"dLoss\":" << d_loss
     << ",\"gLoss\":" << g_loss << ",\"dReal\":" << d_real << ",\"dFake\":" << d_fake << ",\"fps\":" << fps
     << ",\"worstFrameMs\":" << worst_frame_ms << ",\"threads\":" << threads
     << ",\"trainMsPerFrame\":" << train_ms_per_frame << ",\"running\":" << (running ? "true" : "false")
     << ",\"loading\":" << (loading ? "true" : "false") << ",\"pendingSteps\":" << pending_steps << ",\"judgedAt\":" << judged_at
     << ",\"classesPresent\":" << classes_present << ",\"confidence\":" << confidence << ",\"inceptionScore\":" << inception_score
     << ",\"frechet\":" << frechet << ",\"verdict\":" << json_quote(verdict) << ",\"preset\":" << json_quote(preset) << ",\"seed\":" << seed
     << ",\"dataset\":" << json_quote(dataset) << ",\"datasetLabel\":" << json_quote(dataset_label) << ",\"goal\":" << json_quote(goal) << ",\"error\":" << json_quote(error) << ",\"notice\":" << json_quote(notice) << "}";
  return os.str();
}

std::string BenchResult::to_json() const {
  char buf[256];
  std::snprintf(buf, sizeof buf, "{\"preset\":%s,\"batch\":%d,\"its_per_s\":%.3f,\"min\":%.3f,\"max\":%.3f,\"reps\":%d,\"iterations\":%d}",
                json_quote(preset).c_str(), batch, median, min, max, reps, iterations);
  return buf;
}

App::App(AppOptions options, std::function<void(const std::string&)> request_asset)
    : options_(std::move(options)), request_asset_(std::move(request_asset)) {
  config_ = options_config(options_);
  running_ = options_.autostart && !options_.bench;
  for (const auto& w : options_.warnings) notice_ += (notice_.empty() ? "" : "; ") + w;
  set_dataset(options_.dataset);
}

const Dataset* App::dataset() const {
  auto it = datasets_.find(dataset_name_);
  return it == datasets_.end() ? nullptr : &it->second;
}

void App::request(const std::string& file) {
  if (requested_.insert(file).second) request_asset_(file);
}

bool App::set_dataset(const std::string& name) {
  const BundledDataset* entry = find_bundled_dataset(name);
  if (!entry) {
    notice_ = "unknown dataset '" + name + "'";
    return false;
  }
  if (name == dataset_name_ && trainer_ && !pending_dataset_.empty()) {  // back to the running one: no restart
    pending_dataset_.clear();
    return true;
  }
  pending_steps_ = queued_total_ = 0;
  if (datasets_.count(name)) {
    pending_dataset_.clear();
    dataset_name_ = name;
    start_trainer();
    return true;
  }
  // Not here yet: the current run goes on while it downloads.
  pending_dataset_ = name;
  if (!trainer_) dataset_name_ = name;
  request(entry->data_file);
  return true;
}

void App::asset_arrived(const std::string& file, const std::string& fetch_error) {
  if (!requested_.erase(file)) return;  // never asked for
  const BundledDataset* entry = nullptr;
  for (const auto& d : bundled_datasets())
    if (file == d.data_file || file == d.judge_file) entry = &d;
  if (!entry) return;
  const std::string name = entry->name;
  std::string err = fetch_error;
  if (file == entry->judge_file) {  // the judge is optional: without it training goes on, with a notice
    Judge j;
    if (err.empty() && j.load_file(options_.assets_dir + "/" + file, err) && j.dataset() != name)
      err = "it is a judge for '" + j.dataset() + "'";
    if (!err.empty()) {
      notice_ = "the sample-quality judge for " + label_of(name) + " is unavailable: " + err;
      judges_[name] = Judge();  // remembered as missing, not asked for again
      return;
    }
    judges_[name] = std::move(j);
    if (datasets_.count(name)) load_judge(name);
    return;
  }
  Dataset d;
  if (err.empty()) load_dataset_file(options_.assets_dir + "/" + file, d, err);
  if (!err.empty()) {
    const std::string what = "could not load the " + label_of(name) + " images: " + err;
    const bool wanted = name == pending_dataset_;
    if (wanted) pending_dataset_.clear();
    const std::string fallback = bundled_datasets().front().name;
    if (trainer_) {
      if (wanted) notice_ = what + "; still training on " + label_of(dataset_name_);
    } else if (name != fallback) {
      notice_ = what + "; using " + label_of(fallback) + " instead";
      set_dataset(fallback);
    } else {
      error_ = what;  // nothing else to train on
    }
    return;
  }
  datasets_[name] = std::move(d);
  if (name == pending_dataset_) {
    pending_dataset_.clear();
    dataset_name_ = name;
    start_trainer();
  }
}

// Prepares the judge's reference statistics from the dataset (the images it was trained on; the
// held-out ones give the "real data" scores shown for comparison).
void App::load_judge(const std::string& name) {
  Judge& j = judges_.at(name);
  const Dataset& d = datasets_.at(name);
  const int holdout = judge_holdout(d.count), scored = std::min(kJudgeImages, holdout);
  std::string err;
  if (holdout < 2 || !j.set_reference(d, 0, d.count - holdout, err)) {
    notice_ = "the sample-quality judge cannot score these " + label_of(name) + " images" +
              (err.empty() ? std::string(": too few of them") : ": " + err);
    judges_[name] = Judge();
    return;
  }
  real_scores_[name] = j.score(dataset_images(d, d.count - scored, scored));
}

const Judge* App::judge() const {
  auto it = judges_.find(dataset_name_);
  return it == judges_.end() || it->second.dataset().empty() || !it->second.has_reference() ? nullptr : &it->second;
}

std::string App::judge_verdict() const {
  if (!judge()) return "no judge";
  if (scores_.count == 0) return "not judged yet";
  char buf[160];
  const int K = static_cast<int>(scores_.class_fraction.size());
  if (!judge_is_readable())
    std::snprintf(buf, sizeof buf, "not yet readable (the judge is only %.0f%% sure of what it sees)", 100 * scores_.confidence);
  else
    std::snprintf(buf, sizeof buf, "readable: %d of %d kinds drawn, the judge is %.0f%% sure of what it sees", scores_.classes_present, K,
                  100 * scores_.confidence);
  return buf;
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
  auto trainer = make_trainer(datasets_.at(dataset_name_), config_, err);
  adopt_trainer(std::move(trainer), err);
}

// A new run (fresh, or from a checkpoint) for the current dataset: the history, the judge's job and
// the queue start over.
void App::adopt_trainer(std::unique_ptr<Trainer> trainer, const std::string& err) {
  trainer_ = std::move(trainer);
  history_.clear();
  quality_history_.clear();
  scores_ = JudgeScores();
  scores_iteration_ = judge_iteration_ = -1;
  judge_progress_ = -1;
  pending_steps_ = queued_total_ = 0;
  if (trainer_) judge_noise_ = trainer_->sample_noise(kJudgeImages, kJudgeNoiseSeed);
  const BundledDataset* entry = find_bundled_dataset(dataset_name_);
  if (!judges_.count(dataset_name_) && entry) request(entry->judge_file);
  error_ = err;
  samples_dirty_ = true;
  rate_window_start_ms_ = -1;
  its_per_sec_ = 0;
  rest_until_ms_ = 0;
  // A few real tiles for D's verdicts, one per class where possible.
  const Dataset& d = datasets_.at(dataset_name_);
  real_images_.resize(d.image_size(), kRealTiles);
  for (int k = 0; k < kRealTiles; ++k) {
    int pick = k % d.count;
    for (int i = 0; i < d.count; ++i)
      if (d.labels[i] == k % d.num_classes()) {
        pick = i;
        break;
      }
    for (int p = 0; p < d.image_size(); ++p) real_images_(p, k) = pixel_to_unit(d.image(pick)[p]);
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
    worst_window_ms_ = std::max(worst_window_ms_, dt);
  }
  if (worst_window_start_ms_ < 0 || now_ms - worst_window_start_ms_ >= 1000) {  // a new one-second window
    worst_frame_ms_ = worst_window_ms_;
    worst_window_ms_ = 0;
    worst_window_start_ms_ = now_ms;
  }
  last_frame_ms_ = now_ms;
  double trained_ms = 0;
  if (trainer_ && (running_ || pending_steps_ > 0) && error_.empty() && now_ms >= rest_until_ms_) {
    // Train for a slice of this frame; when one iteration takes longer than a frame, rest for
    // long enough afterwards that training gets train_share_ of the wall time. Queued steps go
    // first and the same way, so a Step x100 never freezes the page.
    const auto t0 = std::chrono::steady_clock::now();
    int done = 0;
    while (running_ || pending_steps_ > 0) {
      if (!trainer_->step()) {
        error_ = trainer_->error();
        pending_steps_ = 0;
        break;
      }
      ++done;
      if (pending_steps_ > 0) --pending_steps_;
      record_iteration();
      trained_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (trained_ms + trained_ms / done > kFrameMs * train_share_) break;
    }
    if (pending_steps_ == 0) queued_total_ = 0;
    if (trained_ms > kFrameMs * train_share_) rest_until_ms_ = now_ms + trained_ms * (1.0 - train_share_) / train_share_;
    samples_dirty_ = true;
  }
  train_ms_avg_ = 0.9 * train_ms_avg_ + 0.1 * trained_ms;
  if (trainer_) {
    const bool moving = running_ || pending_steps_ > 0;
    if (rate_window_start_ms_ < 0 || !moving) {
      rate_window_start_ms_ = now_ms;
      rate_window_start_it_ = trainer_->iteration();
      if (!moving) its_per_sec_ = 0;
    } else if (now_ms - rate_window_start_ms_ >= 1000) {
      its_per_sec_ = (trainer_->iteration() - rate_window_start_it_) * 1000.0 / (now_ms - rate_window_start_ms_);
      rate_window_start_ms_ = now_ms;
      rate_window_start_it_ = trainer_->iteration();
    }
    if (samples_dirty_ && (now_ms - last_refresh_ms_ >= kRefreshMs || !moving)) {
      refresh_samples();
      last_refresh_ms_ = now_ms;
    } else if (error_.empty()) {
      judge_some(now_ms);
    }
    // Benchmark mode: once the data is in, after a few frames so the page has shown itself.
    if (options_.bench && !bench_done_ && !loading() && ++frames_ready_ > 10) {
      bench_result_ = bench(options_.bench_iterations, options_.bench_reps);
      bench_done_ = true;
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

void App::queue_steps(int n) {
  if (!trainer_ || n <= 0) return;
  const int room = kMaxQueuedSteps - pending_steps_;
  if (n > room) {
    notice_ = "at most " + std::to_string(kMaxQueuedSteps) + " iterations can wait at once";
    n = room;
  }
  pending_steps_ += n;
  queued_total_ += n;
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
  pending_steps_ = queued_total_ = 0;
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

// Live settings go to the running trainer; the others (architecture, batch) need a new one.
bool App::apply_config(const TrainConfig& next, const std::string& changed) {
  std::string err;
  const ParamInfo* p = find_param(changed);
  if (trainer_ && p && p->live && trainer_->reconfigure(next, err)) {
    config_ = next;
    return true;
  }
  const bool restart = !same_settings(config_, next);
  config_ = next;
  if (restart && datasets_.count(dataset_name_)) {
    start_trainer();
    notice_ = changed + " needs fresh networks: training restarted (same seed)";
  }
  return true;
}

bool App::set_param(const std::string& name, double value) {
  TrainConfig next = config_;
  std::string err;
  if (gan::set_param(next, name, value, err)) return apply_config(next, name);
  notice_ = err;  // refused: the run keeps its settings
  return false;
}

bool App::set_param(const std::string& name, const std::string& value) {
  TrainConfig next = config_;
  std::string err;
  if (gan::set_param(next, name, value, err)) return apply_config(next, name);
  notice_ = err;  // refused: the run keeps its settings
  return false;
}

std::vector<uint8_t> App::generate_pixels(const Eigen::MatrixXf& z) {
  if (!trainer_ || z.rows() != kNoiseSize || z.cols() < 1 || z.cols() > kMaxGenerated || !z.allFinite()) return {};
  Eigen::MatrixXf images;
  trainer_->generate(z, images);
  std::vector<uint8_t> pixels(static_cast<size_t>(images.size()));
  for (Eigen::Index k = 0; k < images.size(); ++k) pixels[static_cast<size_t>(k)] = unit_to_pixel(images.data()[k]);
  return pixels;
}

std::vector<uint8_t> App::sample_pixels(int n) {
  if (!trainer_ || n < 1 || n > kMaxGenerated) return {};
  return generate_pixels(trainer_->sample_noise(n, trainer_->config().seed + 0x5A5A0000ull + ++sample_draws_));
}

BenchResult App::bench(int iterations, int reps) {
  BenchResult r;
  r.iterations = std::clamp(iterations, 1, kMaxBenchIterations);
  r.reps = std::clamp(reps, 1, kMaxBenchReps);
  r.preset = config_.preset;
  r.batch = config_.batch;
  if (!trainer_) return r;
  std::string err;
  auto trainer = make_trainer(trainer_->data(), config_, err);
  if (!trainer) return r;
  trainer->train_iterations(2);  // warm-up
  std::vector<double> rates;
  for (int k = 0; k < r.reps; ++k) {
    const auto t0 = std::chrono::steady_clock::now();
    trainer->train_iterations(r.iterations);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rates.push_back(r.iterations / std::max(s, 1e-9));
  }
  std::sort(rates.begin(), rates.end());
  r.median = rates[rates.size() / 2];
  r.min = rates.front();
  r.max = rates.back();
  return r;
}

// ---- Files ---------------------------------------------------------------------------------------

std::vector<uint8_t> App::checkpoint_bytes() const { return trainer_ ? save_checkpoint(*trainer_) : std::vector<uint8_t>(); }

std::string App::checkpoint_name() const {
  return trainer_ ? "gan-" + trainer_->config().preset + "-" + std::to_string(trainer_->iteration()) + ".ckpt" : "";
}

bool App::load_checkpoint(const uint8_t* bytes, size_t size) {
  // The running dataset first, then the others already here (a clothing run's file while digits run).
  std::vector<std::string> names = {dataset_name_};
  for (const auto& entry : datasets_)
    if (entry.first != dataset_name_) names.push_back(entry.first);
  std::unique_ptr<Trainer> loaded;
  std::string first_error;
  for (const std::string& name : names) {
    auto it = datasets_.find(name);
    if (it == datasets_.end()) continue;
    std::string err;
    if (gan::load_checkpoint(bytes, size, it->second, loaded, err)) {
      dataset_name_ = name;
      break;
    }
    if (first_error.empty()) first_error = err;
  }
  if (!loaded) {
    notice_ = first_error.empty() ? "no dataset is loaded yet: try again in a moment" : first_error;
    return false;
  }
  config_ = loaded->config();
  pending_dataset_.clear();  // a download still on its way must not replace this run
  adopt_trainer(std::move(loaded), "");
  if (trainer_->iteration() > 0) record_iteration();  // the curves restart from the checkpoint's last losses
  notice_ = "checkpoint loaded: " + config_.preset + ", seed " + std::to_string(config_.seed) + ", iteration " +
            std::to_string(trainer_->iteration());
  return true;
}

TfjsModel App::export_tfjs() const { return trainer_ ? gan::export_tfjs(*trainer_) : TfjsModel(); }

bool App::import_tfjs(const std::string& model_json, const uint8_t* weights, size_t size) {
  if (!trainer_) {
    notice_ = "nothing is training yet";
    return false;
  }
  const TrainConfig& c = trainer_->config();
  Eigen::VectorXf params;
  std::string err;
  if (!gan::import_tfjs(model_json, weights, size, generator_layers(trainer_->data().image_size(), c.g_hidden), c.leaky_alpha,
                        params, err) ||
      !trainer_->set_generator(params, err)) {
    notice_ = err;
    return false;
  }
  samples_dirty_ = true;
  judge_progress_ = -1;  // the judge scores the new generator afresh
  judge_iteration_ = -1;
  notice_ = "generator imported from TF.js; training goes on from it";
  return true;
}

std::vector<uint8_t> App::grid_png() {
  if (!trainer_) return {};
  Eigen::MatrixXf images;
  trainer_->generate_test(images);
  const Dataset& d = trainer_->data();
  int w = 0, h = 0;
  const std::vector<uint8_t> pixels = tile_grid(images, d.rows, d.cols, 10, 2, w, h);
  return encode_png_grey(pixels, w, h, 1);
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

bool App::config_is_exact_preset() const {
  TrainConfig p;
  if (!find_preset(config_.preset, p)) return false;
  p.seed = config_.seed;
  return same_settings(p, config_);
}

AppStats App::stats() const {
  AppStats s;
  s.running = running_;
  s.loading = loading();
  s.pending_steps = pending_steps_;
  s.preset = config_.preset + (config_is_exact_preset() ? "" : "*");
  s.seed = config_.seed;
  s.dataset = dataset_name_;
  if (const BundledDataset* d = find_bundled_dataset(dataset_name_)) {
    s.dataset_label = d->label;
    s.goal = d->goal;
  }
  s.error = error_;
  s.notice = notice_;
  s.fps = fps_;
  s.worst_frame_ms = std::max(worst_frame_ms_, worst_window_ms_);
  s.threads = matmul_threads();
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
  s.verdict = judge_verdict();
  return s;
}

}  // namespace gan
