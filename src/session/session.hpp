// The training side of the demo: which dataset and settings run, training in short slices (queued
// steps included), the sample grids, the judge's scores over time, and the files a user can take
// away or bring back. No windowing, drawing or Emscripten: the page runs it in a Web Worker, the
// desktop app on a thread of its own, and the tests drive it directly. The view talks to it only
// through Commands and SessionUpdates (messages.hpp).
#pragma once
#include <Eigen/Core>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/judge.hpp"
#include "core/tfjs_export.hpp"
#include "core/trainer.hpp"
#include "messages.hpp"

namespace gan {

struct BenchResult {
  std::string preset;
  int batch = 0, reps = 0, iterations = 0;
  double median = 0, min = 0, max = 0;  // iterations per second
  std::string to_json() const;
};

// Benchmark sizes a page may ask for: the benchmark blocks the training side while it runs.
constexpr int kMaxBenchIterations = 50, kMaxBenchReps = 5;

class Session {
 public:
  // request_asset(file) asks the platform to make <assets_dir>/<file> readable ("digits.gds",
  // "digits.gjd") and then call asset_arrived(file, error) (error empty on success).
  Session(std::string assets_dir, std::function<void(const std::string&)> request_asset);

  // The view's commands (messages.hpp). Nothing happens before kStart, which says what to run;
  // later starts change nothing. Updates count the commands handled (commands_done).
  void handle(const Command& command);
  // The same start on the training side's own initiative (the page's Worker reads the URL itself):
  // not one of the view's commands, so not counted.
  void start(const TrainConfig& config, const std::string& dataset, bool running);
  void asset_arrived(const std::string& file, const std::string& error);
  // The next part of a requested dataset file while it downloads (total: the whole file's size, as
  // the server announced it): its images are decoded as their bytes come, so that asset_arrived has
  // little left to do. The parts must come in order and, with asset_arrived's success, make the
  // whole file; it then is not read from assets_dir. Parts of other files are ignored.
  void asset_part(const std::string& file, const uint8_t* bytes, size_t size, uint64_t total);
  // Trains for about budget_ms (at least one iteration when running or steps wait), then refreshes
  // the samples and judges a chunk when due. now_ms is the caller's clock (for the refresh and
  // judging intervals and the it/s meter). Returns whether it did any work. While the first
  // dataset downloads, a slice makes its trainer's networks (prepare_trainer), which the images
  // then join when they arrive.
  bool train_for(double budget_ms, double now_ms);
  // Whether the view should be sent an update now: none was taken yet, a command or a file came
  // since the last one (so its effect shows at once), or kUpdateIntervalMs have passed on the
  // train_for clock. The view draws a frame only when something changed (src/app/frame_memo.hpp),
  // so fewer updates leave more of a small machine's CPU to training: five a second instead of ten
  // trained 1.12x as fast in the page with the dashboard drawing (2 cores, software WebGL).
  bool update_due(double now_ms) const;
  // When the session's first iteration ended, on the train_for clock (now_ms plus the time the slice
  // had spent by then); -1 before it. The page's start is timed by it, not by the end of the slice,
  // which goes on to draw the grid and make the update.
  double first_iteration_ms() const { return first_iteration_ms_; }
  static constexpr double kUpdateIntervalMs = 200;
  // State for the view: everything since the previous call (losses and judge points only once).
  // now_ms, if given, starts the next update interval.
  SessionUpdate take_update(double now_ms = -1);

  // ---- Requests the page makes of the training side directly (window.gan) ----
  static constexpr int kMaxGenerated = 10000;
  // 8-bit images (image after image, row-major, 0 = black) from the displayed generator, from the
  // given noise (kNoiseSize × n) or from n fresh draws (a stream of their own: training is not
  // disturbed). Empty while nothing trains or when n is out of range.
  std::vector<uint8_t> generate_pixels(const Eigen::MatrixXf& z);
  std::vector<uint8_t> sample_pixels(int n);
  // Median iterations per second of a fresh trainer with the current settings (sizes clamped).
  BenchResult bench(int iterations, int reps);
  // The whole training state (core/checkpoint.cpp) and its file name "gan-<preset>-<iteration>.ckpt".
  std::vector<uint8_t> checkpoint_bytes() const;
  std::string checkpoint_name() const;
  // Replaces the run with a checkpoint's, for a loaded dataset (the running one first); a bad file
  // leaves the run untouched and the notice says why.
  bool load_checkpoint(const uint8_t* bytes, size_t size);
  TfjsModel export_tfjs() const;
  bool import_tfjs(const std::string& model_json, const uint8_t* weights, size_t size);
  // The fixed-noise grid as a PNG, as gan-train --grid draws it.
  std::vector<uint8_t> grid_png();
  const std::string& notice() const { return notice_; }

  // For tests.
  const Eigen::MatrixXf& last_quiz_noise() const { return quiz_noise_; }  // the latest round's fakes' z
  int walk_from() const { return walk_from_; }
  int walk_to() const { return walk_to_; }
  const Trainer* trainer() const { return trainer_.get(); }
  const Trainer* prepared_trainer() const { return prepared_.get(); }
  const TrainConfig& config() const { return config_; }
  const std::string& dataset_name() const { return dataset_name_; }
  const std::string& error() const { return error_; }
  bool loading() const { return !requested_.empty(); }
  bool running() const { return running_; }
  int pending_steps() const { return pending_steps_; }
  static constexpr int kMaxQueuedSteps = 1000;
  static constexpr int kJudgeImages = 500;

 private:
  void set_notice(const std::string& text);
  void request(const std::string& file);
  bool set_dataset(const std::string& name);
  void set_preset(const std::string& name);
  void set_config(const TrainConfig& next, const std::string& changed);
  void queue_steps(int64_t n);
  bool prepare_trainer();
  void start_trainer();
  void adopt_trainer(std::unique_ptr<Trainer> trainer, const std::string& error);
  bool prepare_judge_batch();
  const Judge* judge() const;
  void judge_some(double now_ms);
  void refresh_samples();
  void record_iteration();
  void make_quiz_round(int tiles);
  void refresh_walk();

  std::string assets_dir_;
  std::function<void(const std::string&)> request_asset_;
  bool started_ = false;
  uint64_t commands_done_ = 0;
  bool news_ = true;                 // a command or a file came since the last update
  double last_update_ms_ = -1e9;     // when it was taken (the train_for clock)
  std::map<std::string, Dataset> datasets_;  // a map: trainers keep pointers to its values
  std::string dataset_name_;                 // the running (or first awaited) dataset
  std::string pending_dataset_;              // asked for, not yet arrived
  std::set<std::string> requested_;          // asset files being waited for
  std::map<std::string, std::unique_ptr<DatasetReader>> downloading_;  // dataset files coming in parts
  TrainConfig config_;
  std::unique_ptr<Trainer> trainer_;
  // Made while the first dataset downloads, without its images; used by start_trainer if the
  // settings are still the same when they arrive.
  std::unique_ptr<Trainer> prepared_;
  uint32_t run_ = 0;
  bool running_ = false;
  int pending_steps_ = 0, queued_total_ = 0;
  std::string error_, notice_;
  uint32_t notice_serial_ = 0;
  std::vector<LossPoint> new_losses_;
  std::vector<QualityPoint> new_quality_;
  uint64_t sample_draws_ = 0;  // fresh-noise requests so far: each gets its own noise stream
  double first_iteration_ms_ = -1;
  // The it/s meter.
  double rate_window_start_ms_ = -1, its_per_sec_ = 0;
  int64_t rate_window_start_it_ = 0;
  // Samples.
  double last_refresh_ms_ = -1e9;
  bool samples_dirty_ = true;
  int samples_version_ = 0, sent_samples_version_ = 0;
  Eigen::MatrixXf test_images_, real_images_;
  Eigen::VectorXf real_verdicts_, fake_verdicts_;
  // Judge: one per dataset; scoring runs in chunks over several slices.
  std::map<std::string, Judge> judges_;
  std::map<std::string, JudgeScores> real_scores_;
  // Datasets whose judge and images are both here but whose reference (the held-out images' features,
  // about a second in the browser) is not computed yet: done after the first iteration, so training
  // starts without waiting for the judge.
  std::set<std::string> judges_to_prepare_;
  Eigen::MatrixXf judge_noise_, judge_probs_, judge_features_;
  int judge_progress_ = -1;  // images scored in the running job; -1 when idle
  int64_t judge_iteration_ = -1;
  double last_judge_ms_ = -1e9;
  JudgeScores scores_;
  int64_t scores_iteration_ = -1;
  // Spot the fake: the round made for the latest kQuiz, sent once; its fakes' noise (for tests).
  uint64_t quiz_rounds_ = 0;
  bool quiz_ready_ = false;
  std::vector<uint8_t> quiz_images_, quiz_fake_;
  std::vector<float> quiz_scores_;
  Eigen::MatrixXf quiz_noise_;
  // The latent walk between z_test[walk_from_] and z_test[walk_to_] (-1: none), regenerated with the
  // grid; sent when fresh.
  int walk_from_ = -1, walk_to_ = -1;
  bool walk_fresh_ = false;
  Eigen::MatrixXf walk_images_;
};

}  // namespace gan
