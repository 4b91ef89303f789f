// The training session; see session.hpp.
#include "session.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/bundled_data.hpp"
#include "core/finite.hpp"
#include "core/images.hpp"
#include "core/matmul.hpp"
#include "core/pixels.hpp"
#include "core/png.hpp"
#include "core/rng.hpp"

namespace gan {
namespace {

constexpr double kRefreshMs = 400;  // how often the sample grid is regenerated while training
constexpr double kJudgeEveryMs = 3000;
constexpr int kRealTiles = 8;
constexpr size_t kMaxUnsentLosses = 1 << 20;  // a view that stops listening must not grow memory forever
static_assert(kWalkPoints == kTestNoiseCount, "the walk's indices are z_test's");

std::string label_of(const std::string& dataset) {
  const BundledDataset* d = find_bundled_dataset(dataset);
  return d ? d->label : dataset;
}

std::vector<uint8_t> to_pixels(const Eigen::MatrixXf& images) {
  std::vector<uint8_t> pixels(static_cast<size_t>(images.size()));
  for (Eigen::Index k = 0; k < images.size(); ++k) pixels[static_cast<size_t>(k)] = unit_to_pixel(images.data()[k]);
  return pixels;
}

std::string json_text(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' || c == '\\' ? '_' : static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  return out + "\"";
}

}  // namespace

std::string BenchResult::to_json() const {
  char buf[256];
  std::snprintf(buf, sizeof buf, "{\"preset\":%s,\"batch\":%d,\"its_per_s\":%.3f,\"min\":%.3f,\"max\":%.3f,\"reps\":%d,\"iterations\":%d}",
                json_text(preset).c_str(), batch, median, min, max, reps, iterations);
  return buf;
}

Session::Session(std::string assets_dir, std::function<void(const std::string&)> request_asset)
    : assets_dir_(std::move(assets_dir)), request_asset_(std::move(request_asset)) {}

void Session::set_notice(const std::string& text) {
  notice_ = text;
  ++notice_serial_;
}

void Session::request(const std::string& file) {
  if (requested_.insert(file).second) request_asset_(file);
}

void Session::handle(const Command& c) {
  ++commands_done_;
  news_ = true;
  if (!started_ && c.kind != CommandKind::kStart) return;  // the view always starts first
  switch (c.kind) {
    case CommandKind::kStart:
      start(c.config, c.name, c.flag);
      return;
    case CommandKind::kSetRunning:
      running_ = c.flag;
      return;
    case CommandKind::kQueueSteps:
      queue_steps(c.count);
      return;
    case CommandKind::kStepDiscriminator:
      if (trainer_ && !trainer_->step_discriminator()) error_ = trainer_->error();
      samples_dirty_ = true;
      return;
    case CommandKind::kStepGenerator:
      if (trainer_ && !trainer_->step_generator()) error_ = trainer_->error();
      samples_dirty_ = true;
      return;
    case CommandKind::kReset:
      config_.seed = c.config.seed;
      pending_steps_ = queued_total_ = 0;
      if (datasets_.count(dataset_name_)) start_trainer();
      return;
    case CommandKind::kSetPreset:
      set_preset(c.name);
      return;
    case CommandKind::kSetDataset:
      set_dataset(c.name);
      return;
    case CommandKind::kSetConfig:
      set_config(c.config, c.name);
      return;
    case CommandKind::kDismissNotice:
      notice_.clear();
      return;
    case CommandKind::kQuiz:
      if (c.count >= 2 && c.count <= kMaxQuizTiles) make_quiz_round(static_cast<int>(c.count));
      return;
    case CommandKind::kLatentWalk:
      if (c.count < 0 || c.count >= int64_t(kWalkPoints) * kWalkPoints) {
        walk_from_ = walk_to_ = -1;
        walk_fresh_ = false;
        return;
      }
      walk_from_ = static_cast<int>(c.count / kWalkPoints);
      walk_to_ = static_cast<int>(c.count % kWalkPoints);
      refresh_walk();
      return;
  }
}

// A "spot the fake" round: tiles/2 fakes by the displayed generator from fresh noise (a stream of
// their own: training is not disturbed), the rest real images drawn from the dataset without
// repeats, in an order shuffled by a seeded generator, with D's probability "real" for each.
void Session::make_quiz_round(int tiles) {
  if (!trainer_ || trainer_->data().image_size() > kMaxTilePixels) return;
  const Dataset& d = trainer_->data();
  const int fakes = tiles / 2, reals = std::min(tiles - fakes, d.count);
  tiles = fakes + reals;
  const uint64_t round = trainer_->config().seed + 0x0F4CE0000000ull + ++quiz_rounds_;
  quiz_noise_ = trainer_->sample_noise(fakes, round);
  Eigen::MatrixXf generated, images(d.image_size(), tiles);
  trainer_->generate(quiz_noise_, generated);
  Rng rng(round ^ 0x5107F4CEull);
  std::vector<int> order(static_cast<size_t>(tiles));  // slot -> what goes there: k < fakes is fake k
  for (int k = 0; k < tiles; ++k) order[static_cast<size_t>(k)] = k;
  for (int k = tiles - 1; k > 0; --k) std::swap(order[static_cast<size_t>(k)], order[rng.below(static_cast<uint32_t>(k + 1))]);
  std::vector<int> picked;
  quiz_fake_.assign(static_cast<size_t>(tiles), 0);
  for (int slot = 0; slot < tiles; ++slot) {
    const int what = order[static_cast<size_t>(slot)];
    if (what < fakes) {
      images.col(slot) = generated.col(what);
      quiz_fake_[static_cast<size_t>(slot)] = 1;
      continue;
    }
    int pick = 0;
    do pick = static_cast<int>(rng.below(static_cast<uint32_t>(d.count)));
    while (std::find(picked.begin(), picked.end(), pick) != picked.end());
    picked.push_back(pick);
    for (int p = 0; p < d.image_size(); ++p) images(p, slot) = pixel_to_unit(d.image(pick)[p]);
  }
  const Eigen::VectorXf scores = trainer_->discriminate(images);
  quiz_scores_.assign(scores.data(), scores.data() + scores.size());
  quiz_images_ = to_pixels(images);
  quiz_ready_ = true;
}

// The walk's images: z = (1 - t)·z_test[from] + t·z_test[to] for t = 0, 1/9, ..., 1, so its ends are
// exactly the grid's two noise vectors.
void Session::refresh_walk() {
  if (!trainer_ || walk_from_ < 0 || walk_to_ < 0 || trainer_->data().image_size() > kMaxTilePixels) return;
  const Eigen::MatrixXf& zt = trainer_->z_test();
  if (walk_from_ >= zt.cols() || walk_to_ >= zt.cols()) return;
  Eigen::MatrixXf z(zt.rows(), kWalkSteps);
  for (int k = 0; k < kWalkSteps; ++k) {
    const float t = static_cast<float>(k) / (kWalkSteps - 1);
    z.col(k) = (1 - t) * zt.col(walk_from_) + t * zt.col(walk_to_);
  }
  trainer_->generate(z, walk_images_);
  walk_fresh_ = true;
}

void Session::start(const TrainConfig& config, const std::string& dataset, bool running) {
  if (started_) return;
  started_ = true;
  config_ = config;
  running_ = running;
  set_dataset(dataset);
}

bool Session::set_dataset(const std::string& name) {
  const BundledDataset* entry = find_bundled_dataset(name);
  if (!entry) {
    set_notice("unknown dataset '" + name + "'");
    if (dataset_name_.empty()) set_dataset(bundled_datasets().front().name);
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

void Session::set_preset(const std::string& name) {
  TrainConfig c;
  if (!find_preset(name, c)) {
    set_notice("unknown preset '" + name + "'");
    return;
  }
  c.seed = config_.seed;
  config_ = c;
  if (datasets_.count(dataset_name_)) start_trainer();
}

// Live settings go to the running trainer; the others (architecture, batch) need a new one.
void Session::set_config(const TrainConfig& next, const std::string& changed) {
  if (!validate(next).empty()) {
    set_notice(validate(next));
    return;
  }
  std::string err;
  const ParamInfo* p = find_param(changed);
  if (trainer_ && p && p->live && trainer_->reconfigure(next, err)) {
    config_ = next;
    return;
  }
  const bool restart = !same_settings(config_, next);
  config_ = next;
  if (restart && datasets_.count(dataset_name_)) {
    start_trainer();
    set_notice(changed + " needs fresh networks: training restarted (same seed)");
  }
}

void Session::queue_steps(int64_t n) {
  if (!trainer_ || n <= 0) return;
  const int room = kMaxQueuedSteps - pending_steps_;
  if (n > room) {
    set_notice("at most " + std::to_string(kMaxQueuedSteps) + " iterations can wait at once");
    n = room;
  }
  pending_steps_ += static_cast<int>(n);
  queued_total_ += static_cast<int>(n);
}

void Session::asset_arrived(const std::string& file, const std::string& fetch_error) {
  if (!requested_.erase(file)) return;  // never asked for
  news_ = true;
  const BundledDataset* entry = find_bundled_dataset_of_file(file);
  if (!entry) return;
  const std::string name = entry->name;
  std::string err = fetch_error;
  if (file == entry->judge_file) {  // the judge is optional: without it training goes on, with a notice
    Judge j;
    if (err.empty() && j.load_file(assets_dir_ + "/" + file, err) && j.dataset() != name)
      err = "it is a judge for '" + j.dataset() + "'";
    if (!err.empty()) {
      set_notice("the sample-quality judge for " + label_of(name) + " is unavailable: " + err);
      judges_[name] = Judge();  // remembered as missing, not asked for again
      return;
    }
    judges_[name] = std::move(j);
    if (datasets_.count(name)) judges_to_prepare_.insert(name);
    return;
  }
  Dataset d;
  auto parts = downloading_.find(file);
  if (err.empty() && parts != downloading_.end()) {
    if (!parts->second->finish(d, err)) err = file + ": " + err;
  } else if (err.empty()) {
    load_dataset_file(assets_dir_ + "/" + file, d, err);
  }
  if (parts != downloading_.end()) downloading_.erase(parts);
  if (!err.empty()) {
    const std::string what = "could not load the " + label_of(name) + " images: " + err;
    const bool wanted = name == pending_dataset_;
    if (wanted) pending_dataset_.clear();
    const std::string fallback = bundled_datasets().front().name;
    if (trainer_) {
      if (wanted) set_notice(what + "; still training on " + label_of(dataset_name_));
    } else if (name != fallback) {
      set_notice(what + "; using " + label_of(fallback) + " instead");
      set_dataset(fallback);
    } else {
      error_ = what;  // nothing else to train on
      prepared_.reset();
    }
    return;
  }
  datasets_[name] = std::move(d);
  if (judges_.count(name) && !judges_[name].dataset().empty()) judges_to_prepare_.insert(name);
  if (name == pending_dataset_) {
    pending_dataset_.clear();
    dataset_name_ = name;
    start_trainer();
  }
}

void Session::asset_part(const std::string& file, const uint8_t* bytes, size_t size, uint64_t total) {
  const BundledDataset* entry = find_bundled_dataset_of_file(file);
  if (!requested_.count(file) || !entry || file != entry->data_file) return;  // pieces of images only
  auto& reader = downloading_[file];
  if (!reader) reader = std::make_unique<DatasetReader>(total);
  std::string err;
  reader->add(bytes, size, err);  // a bad file keeps its verdict for asset_arrived
}

// Prepares a judge's reference statistics from its dataset (the images it was trained on; the
// held-out ones give the "real data" scores shown for comparison), one batch of images per call:
// at once it held the Worker's thread for 0.4-0.6 s in the page (9,000 images), so that a command
// given just after the first iteration waited as long. Returns whether there was work to do.
bool Session::prepare_judge_batch() {
  if (judges_to_prepare_.empty()) return false;
  const std::string name = *judges_to_prepare_.begin();
  if (!datasets_.count(name) || !judges_.count(name) || judges_[name].dataset().empty()) {
    judges_to_prepare_.erase(name);
    return true;
  }
  Judge& j = judges_.at(name);
  const Dataset& d = datasets_.at(name);
  const int holdout = judge_holdout(d.count), scored = std::min(kJudgeImages, holdout);
  std::string err;
  const bool begun = j.reference_pending() || (holdout >= 2 && j.begin_reference(d, 0, d.count - holdout, err));
  if (begun && !j.add_reference_batch(d)) return true;  // more batches to come
  judges_to_prepare_.erase(name);
  if (!j.has_reference()) {
    set_notice("the sample-quality judge cannot score these " + label_of(name) + " images" +
               (err.empty() ? std::string(": too few of them") : ": " + err));
    judges_[name] = Judge();
    return true;
  }
  real_scores_[name] = j.score(dataset_images(d, d.count - scored, scored));
  return true;
}

const Judge* Session::judge() const {
  auto it = judges_.find(dataset_name_);
  return it == judges_.end() || it->second.dataset().empty() || !it->second.has_reference() ? nullptr : &it->second;
}

// Scores the generator on kJudgeImages fixed noise vectors, 100 per call so no slice stalls. A new
// job starts every few seconds while the iteration count moves.
void Session::judge_some(double now_ms) {
  auto it = judges_.find(dataset_name_);
  if (!trainer_ || it == judges_.end() || !it->second.has_reference()) return;
  Judge& judge = it->second;
  if (judge_progress_ < 0) {
    const bool due = trainer_->iteration() != judge_iteration_ && (now_ms - last_judge_ms_ >= kJudgeEveryMs || !running_);
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
    new_quality_.push_back({judge_iteration_, scores_.inception_score, scores_.frechet});
    judge_progress_ = -1;
    last_judge_ms_ = now_ms;
  }
}

// Before the first run's images are here, its networks, optimizers and buffers can be made: in the
// page that is 190 ms of first touches of fresh memory (docs/speed_sweep.md), which then overlap
// the download instead of following it. Returns whether it made them.
bool Session::prepare_trainer() {
  if (prepared_ && !same_settings(prepared_->config(), config_)) prepared_.reset();  // the settings changed
  if (trainer_ || prepared_ || pending_dataset_.empty() || !validate(config_).empty()) return false;
  const BundledDataset* entry = find_bundled_dataset(pending_dataset_);
  if (!entry) return false;
  prepared_ = std::make_unique<Trainer>(entry->image_size, config_);
  return true;
}

void Session::start_trainer() {
  std::string err;
  const Dataset& data = datasets_.at(dataset_name_);
  std::unique_ptr<Trainer> trainer;
  // The prepared networks serve if nothing they were made from has changed since; attach() checks
  // the images (their size, enough for a batch) as make_trainer would, else a fresh trainer says why.
  if (prepared_ && same_settings(prepared_->config(), config_) && prepared_->attach(data, err))
    trainer = std::move(prepared_);
  else
    trainer = make_trainer(data, config_, err);
  adopt_trainer(std::move(trainer), err);
}

// A new run (fresh, or from a checkpoint) for the current dataset: the curves, the judge's job and
// the queue start over.
void Session::adopt_trainer(std::unique_ptr<Trainer> trainer, const std::string& err) {
  trainer_ = std::move(trainer);
  prepared_.reset();  // a run exists: networks made for another one are not needed
  ++run_;
  new_losses_.clear();
  new_quality_.clear();
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

void Session::record_iteration() {
  if (new_losses_.size() >= kMaxUnsentLosses) return;
  const IterationMetrics& m = trainer_->last();
  new_losses_.push_back({trainer_->iteration(), {float(m.d_loss), float(m.g_loss), float(m.d_real), float(m.d_fake)}});
}

bool Session::train_for(double budget_ms, double now_ms) {
  if (prepare_trainer()) return true;
  const auto slice_start = std::chrono::steady_clock::now();
  const auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
  };
  bool worked = false;
  // A judge's reference once the first iteration is out: a batch of images per slice beside
  // training, or, with nothing to train, batches until the slice's time is spent.
  const bool wants_training = trainer_ && (running_ || pending_steps_ > 0) && error_.empty();
  if (trainer_ && (trainer_->iteration() > 0 || !wants_training)) {
    while (prepare_judge_batch()) {
      worked = true;
      if (wants_training || since(slice_start) >= budget_ms) break;
    }
  }
  if (wants_training) {
    const double train_budget = budget_ms - since(slice_start);
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
      const double spent = since(t0);
      if (first_iteration_ms_ < 0) first_iteration_ms_ = now_ms + spent;
      if (spent + spent / done > train_budget) break;  // the next one would overrun the slice
    }
    if (pending_steps_ == 0) queued_total_ = 0;
    samples_dirty_ = true;
    worked = true;
  }
  if (!trainer_) return worked;
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
    worked = true;
  } else if (error_.empty()) {
    const bool judging = judge_progress_ >= 0;
    judge_some(now_ms);
    worked = worked || judging || judge_progress_ >= 0;
  }
  return worked;
}

void Session::refresh_samples() {
  samples_dirty_ = false;
  trainer_->generate_test(test_images_);
  real_verdicts_ = trainer_->discriminate(real_images_);
  fake_verdicts_ = trainer_->discriminate(test_images_.leftCols(kRealTiles));
  ++samples_version_;
  refresh_walk();
}

bool Session::update_due(double now_ms) const { return news_ || now_ms - last_update_ms_ >= kUpdateIntervalMs; }

SessionUpdate Session::take_update(double now_ms) {
  news_ = false;
  if (now_ms >= 0) last_update_ms_ = now_ms;
  SessionUpdate u;
  u.run = run_;
  u.commands_done = commands_done_;
  u.has_run = trainer_ != nullptr;
  u.threads = matmul_threads();
  u.running = running_;
  u.loading = loading() || (!trainer_ && error_.empty());  // nothing to train yet, and no reason why
  u.pending_steps = pending_steps_;
  u.queued_total = queued_total_;
  u.loading_dataset = pending_dataset_;
  u.error = error_;
  u.notice = notice_;
  u.notice_serial = notice_serial_;
  u.config = config_;
  u.data.name = dataset_name_;
  u.its_per_sec = its_per_sec_;
  if (trainer_) {
    u.iteration = trainer_->iteration();
    u.epoch = trainer_->epoch();
    const IterationMetrics& m = trainer_->last();
    u.d_loss = m.d_loss;
    u.g_loss = m.g_loss;
    u.d_real = m.d_real;
    u.d_fake = m.d_fake;
    const Dataset& d = trainer_->data();
    u.data.rows = d.rows;
    u.data.cols = d.cols;
    u.data.class_names = d.class_names;
  }
  u.losses.swap(new_losses_);
  u.samples_version = samples_version_;
  if (samples_version_ != sent_samples_version_ && test_images_.cols() > 0) {
    sent_samples_version_ = samples_version_;
    u.has_samples = true;
    u.grid = to_pixels(test_images_);
    u.real_tiles = to_pixels(real_images_);
    u.real_verdicts.assign(real_verdicts_.data(), real_verdicts_.data() + real_verdicts_.size());
    u.fake_verdicts.assign(fake_verdicts_.data(), fake_verdicts_.data() + fake_verdicts_.size());
  }
  u.has_judge = judge() != nullptr;
  u.judged_at = scores_iteration_;
  u.scores = scores_;
  if (auto it = real_scores_.find(dataset_name_); it != real_scores_.end()) u.real_scores = it->second;
  u.quality.swap(new_quality_);
  if (quiz_ready_ && u.data.image_size() > 0) {
    quiz_ready_ = false;
    u.has_quiz = true;
    u.quiz_images.swap(quiz_images_);
    u.quiz_fake.swap(quiz_fake_);
    u.quiz_scores.swap(quiz_scores_);
  }
  u.walk_from = walk_from_;
  u.walk_to = walk_to_;
  if (walk_fresh_ && walk_from_ >= 0 && walk_images_.cols() == kWalkSteps && u.data.image_size() > 0) {
    walk_fresh_ = false;
    u.has_walk_images = true;
    u.walk_images = to_pixels(walk_images_);
  }
  return u;
}

// ---- Requests ------------------------------------------------------------------------------------

std::vector<uint8_t> Session::generate_pixels(const Eigen::MatrixXf& z) {
  if (!trainer_ || z.rows() != kNoiseSize || z.cols() < 1 || z.cols() > kMaxGenerated || !all_finite(z)) return {};
  Eigen::MatrixXf images;
  trainer_->generate(z, images);
  return to_pixels(images);
}

std::vector<uint8_t> Session::sample_pixels(int n) {
  if (!trainer_ || n < 1 || n > kMaxGenerated) return {};
  return generate_pixels(trainer_->sample_noise(n, trainer_->config().seed + 0x5A5A0000ull + ++sample_draws_));
}

BenchResult Session::bench(int iterations, int reps) {
  BenchResult r;
  r.iterations = std::clamp(iterations, 1, kMaxBenchIterations);
  r.reps = std::clamp(reps, 1, kMaxBenchReps);
  r.preset = config_.preset;
  r.batch = batch_at(config_, 0);  // a fresh trainer's: the bench runs far fewer than swift's early iterations
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

std::vector<uint8_t> Session::checkpoint_bytes() const { return trainer_ ? save_checkpoint(*trainer_) : std::vector<uint8_t>(); }

std::string Session::checkpoint_name() const {
  return trainer_ ? "gan-" + trainer_->config().preset + "-" + std::to_string(trainer_->iteration()) + ".ckpt" : "";
}

bool Session::load_checkpoint(const uint8_t* bytes, size_t size) {
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
    set_notice(first_error.empty() ? "no dataset is loaded yet: try again in a moment" : first_error);
    return false;
  }
  config_ = loaded->config();
  pending_dataset_.clear();  // a download still on its way must not replace this run
  adopt_trainer(std::move(loaded), "");
  if (trainer_->iteration() > 0) record_iteration();  // the curves restart from the checkpoint's last losses
  set_notice("checkpoint loaded: " + config_.preset + ", seed " + std::to_string(config_.seed) + ", iteration " +
             std::to_string(trainer_->iteration()));
  return true;
}

TfjsModel Session::export_tfjs() const { return trainer_ ? gan::export_tfjs(*trainer_) : TfjsModel(); }

bool Session::import_tfjs(const std::string& model_json, const uint8_t* weights, size_t size) {
  if (!trainer_) {
    set_notice("nothing is training yet");
    return false;
  }
  const TrainConfig& c = trainer_->config();
  Eigen::VectorXf params;
  std::string err;
  if (!gan::import_tfjs(model_json, weights, size, generator_layers(trainer_->data().image_size(), c.g_hidden), c.leaky_alpha,
                        params, err) ||
      !trainer_->set_generator(params, err)) {
    set_notice(err);
    return false;
  }
  samples_dirty_ = true;
  judge_progress_ = -1;  // the judge scores the new generator afresh
  judge_iteration_ = -1;
  set_notice("generator imported from TF.js; training goes on from it");
  return true;
}

std::vector<uint8_t> Session::grid_png() {
  if (!trainer_) return {};
  Eigen::MatrixXf images;
  trainer_->generate_test(images);
  const Dataset& d = trainer_->data();
  int w = 0, h = 0;
  const std::vector<uint8_t> pixels = tile_grid(images, d.rows, d.cols, 10, 2, w, h);
  return encode_png_grey(pixels, w, h, 1);
}

}  // namespace gan
