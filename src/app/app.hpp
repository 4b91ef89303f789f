// The demo's state and behaviour, independent of windowing and drawing: which dataset and preset
// run, training within a per-frame time budget (queued steps included), the loss history, the
// sample grids, the judge, and the commands that the UI, URL parameters and the page's JavaScript
// handle all go through.
#pragma once
#include <Eigen/Core>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app_options.hpp"
#include "core/history.hpp"
#include "core/judge.hpp"
#include "core/tfjs_export.hpp"
#include "core/trainer.hpp"

namespace gan {

struct AppStats {
  int64_t iteration = 0, epoch = 0;
  double its_per_sec = 0, fps = 0, train_ms_per_frame = 0;
  double worst_frame_ms = 0;  // the longest frame of the last second
  int threads = 1;            // threads computing the matrix products
  double d_loss = 0, g_loss = 0, d_real = 0, d_fake = 0;
  // The judge's latest scores of the generator (judged_at = -1: none yet) and its verdict in words.
  int64_t judged_at = -1;
  int classes_present = 0;
  double confidence = 0, inception_score = 0, frechet = 0;
  std::string verdict;
  bool running = false, loading = false;
  int pending_steps = 0;  // queued iterations not yet run
  std::string preset, dataset, error, notice;
  std::string dataset_label, goal;  // what the page calls the dataset, and what G learns ("learns to write digits")
  uint64_t seed = 0;
  std::string to_json() const;
};

struct BenchResult {
  std::string preset;
  int batch = 0, reps = 0, iterations = 0;
  double median = 0, min = 0, max = 0;  // iterations per second
  std::string to_json() const;
};

class App {
 public:
  // request_asset(file) asks the platform to make <assets_dir>/<file> readable ("digits.gds",
  // "digits.gjd"), then call asset_arrived(file, error) (error empty on success). Natively the file
  // is simply there.
  App(AppOptions options, std::function<void(const std::string&)> request_asset);

  void asset_arrived(const std::string& file, const std::string& error);
  // Called once per frame: trains within the budget (running, or working off queued steps) and
  // refreshes the samples and the judge's scores when due.
  void update(double now_ms);

  // Commands. Refusals and warnings go to notice().
  void set_running(bool running);
  // Queues n full iterations, run over the next frames within the frame budget so the page never
  // freezes; at most kMaxQueuedSteps wait at once.
  void queue_steps(int n);
  static constexpr int kMaxQueuedSteps = 1000;
  void step_discriminator();
  void step_generator();
  void reset(uint64_t seed);
  bool set_preset(const std::string& name);
  // Switches dataset. One not yet downloaded is asked for while the current run goes on; if it
  // cannot be had, the run goes on with a notice.
  bool set_dataset(const std::string& name);
  // A table parameter, typed: the number reaches the config rounded once (to float or int). Live
  // parameters change the running trainer; others restart it (same seed) and say so.
  bool set_param(const std::string& name, double value);
  // The same from text (scripts; also d_optimizer / g_optimizer = sgd | adam).
  bool set_param(const std::string& name, const std::string& value);
  void set_train_share(float share) { train_share_ = share < 0.05f ? 0.05f : share > 0.95f ? 0.95f : share; }
  void set_notice(const std::string& text) { notice_ = text; }
  void clear_notice() { notice_.clear(); }
  // Median iterations per second of a fresh trainer with the current settings (blocks; sizes are
  // clamped to kMaxBenchIterations / kMaxBenchReps).
  BenchResult bench(int iterations, int reps);
  // Images from the displayed generator as 8-bit pixels (image after image, row-major, 0 = black):
  // from the given noise z (kNoiseSize × n), or from n fresh draws (a stream of their own, so
  // training is not disturbed). Empty while nothing is training. n is at most kMaxGenerated.
  static constexpr int kMaxGenerated = 10000;
  std::vector<uint8_t> generate_pixels(const Eigen::MatrixXf& z);
  std::vector<uint8_t> sample_pixels(int n);
  // Benchmark mode (--bench 1): the result once it has run, else nullptr.
  const BenchResult* bench_result() const { return bench_done_ ? &bench_result_ : nullptr; }

  // ---- Files: what the page downloads and uploads (its Files row, window.gan) ----
  // Each is empty (or false, with a notice) while nothing is training.
  // The whole training state (core/checkpoint.cpp) and its file name, "gan-<preset>-<iteration>.ckpt".
  std::vector<uint8_t> checkpoint_bytes() const;
  std::string checkpoint_name() const;
  // Replaces the run with a checkpoint's: its settings, networks, counters and data order, so
  // training goes on exactly as it would have. It must be for a loaded dataset (the running one is
  // tried first). A bad file leaves the running model untouched and the notice says why.
  bool load_checkpoint(const uint8_t* bytes, size_t size);
  // The displayed generator as a TF.js Layers model (core/tfjs_export.hpp).
  TfjsModel export_tfjs() const;
  // Replaces the generator (and its average) with a TF.js model of the same architecture; training
  // goes on from it. Refusals go to the notice; nothing changes.
  bool import_tfjs(const std::string& model_json, const uint8_t* weights, size_t size);
  // The 10×10 grid of the fixed z_test as a PNG, as gan-train --grid draws it (at scale 1).
  std::vector<uint8_t> grid_png();
  // The loss history as CSV: "iteration,d_loss,g_loss,d_real,d_fake", one row per recorded point
  // (each a mean over the iterations since the previous row once the history has been thinned).
  std::string losses_csv() const;

  // State for the UI.
  AppStats stats() const;
  Trainer* trainer() { return trainer_.get(); }
  const TrainConfig& config() const { return config_; }
  bool config_is_exact_preset() const;
  const MetricsHistory& history() const { return history_; }
  float train_share() const { return train_share_; }
  const std::string& error() const { return error_; }    // fatal for the current run (data, divergence)
  const std::string& notice() const { return notice_; }  // last refused command or warning
  const std::string& dataset_name() const { return dataset_name_; }
  const std::string& loading_dataset() const { return pending_dataset_; }  // being downloaded, or empty
  bool loading() const { return !requested_.empty(); }
  int pending_steps() const { return pending_steps_; }
  int queued_total() const { return queued_total_; }  // size of the current step job (for progress)
  // Generated grid from z_test and real tiles with D's verdicts; version bumps on every refresh.
  int samples_version() const { return samples_version_; }
  const Eigen::MatrixXf& test_images() const { return test_images_; }
  const Eigen::MatrixXf& real_images() const { return real_images_; }
  const Eigen::VectorXf& real_verdicts() const { return real_verdicts_; }
  const Eigen::VectorXf& fake_verdicts() const { return fake_verdicts_; }
  const Dataset* dataset() const;
  // The judge of the current dataset (nullptr while loading or if it failed to load), the scores of
  // real held-out images for comparison, and the scores of the generator over time.
  const Judge* judge() const;
  const JudgeScores& real_scores() const { return real_scores_.at(dataset_name_); }
  const JudgeScores& scores() const { return scores_; }
  // Below this mean confidence the judge cannot tell what the images show: its class counts mean
  // nothing yet (pure noise still lands in most classes).
  static constexpr double kReadableConfidence = 0.5;
  bool judge_is_readable() const { return scores_.count > 0 && scores_.confidence >= kReadableConfidence; }
  std::string judge_verdict() const;
  struct QualityPoint {
    int64_t iteration;
    double inception_score, frechet;
  };
  const std::vector<QualityPoint>& quality_history() const { return quality_history_; }
  static constexpr int kJudgeImages = 500;
  // Images of a dataset of `count` held out from the judge's reference statistics (the judges are
  // trained with the last 1,000 held out: tools/train_judge.cpp); a tenth of smaller sets.

 private:
  void request(const std::string& file);
  void start_trainer();
  void adopt_trainer(std::unique_ptr<Trainer> trainer, const std::string& error);
  void load_judge(const std::string& dataset);
  void judge_some(double now_ms);
  void refresh_samples();
  void record_iteration();
  bool apply_config(const TrainConfig& next, const std::string& changed);

  AppOptions options_;
  std::function<void(const std::string&)> request_asset_;
  std::map<std::string, Dataset> datasets_;  // a map: trainers keep pointers to its values
  std::string dataset_name_;                 // the running (or first awaited) dataset
  std::string pending_dataset_;              // asked for, not yet arrived
  std::set<std::string> requested_;          // asset files being waited for
  TrainConfig config_;
  std::unique_ptr<Trainer> trainer_;
  MetricsHistory history_;
  bool running_ = false;
  int pending_steps_ = 0, queued_total_ = 0;
  float train_share_ = 0.7f;
  std::string error_, notice_;
  // Timing.
  double worst_frame_ms_ = 0, worst_window_ms_ = 0, worst_window_start_ms_ = -1;  // longest frame per second
  uint64_t sample_draws_ = 0;  // fresh-noise requests so far: each gets its own noise stream
  double last_frame_ms_ = -1, rest_until_ms_ = 0, fps_ = 0, train_ms_avg_ = 0, its_per_sec_ = 0;
  double rate_window_start_ms_ = -1;
  int64_t rate_window_start_it_ = 0;
  double last_refresh_ms_ = -1e9;
  bool samples_dirty_ = true;
  // Benchmark mode.
  int frames_ready_ = 0;
  bool bench_done_ = false;
  BenchResult bench_result_;
  // Samples.
  int samples_version_ = 0;
  Eigen::MatrixXf test_images_, real_images_;
  Eigen::VectorXf real_verdicts_, fake_verdicts_;
  // Judge: one per dataset; scoring runs in chunks over several frames.
  std::map<std::string, Judge> judges_;
  std::map<std::string, JudgeScores> real_scores_;
  Eigen::MatrixXf judge_noise_, judge_probs_, judge_features_;
  int judge_progress_ = -1;  // images scored in the running job; -1 when idle
  int64_t judge_iteration_ = -1;
  double last_judge_ms_ = -1e9;
  JudgeScores scores_;
  int64_t scores_iteration_ = -1;
  std::vector<QualityPoint> quality_history_;
};

}  // namespace gan
