// The demo's state and behaviour, independent of windowing and drawing: which dataset and preset
// run, training within a per-frame time budget, the loss history, the sample grids, and the
// commands that the UI, URL parameters and the page's JavaScript handle all go through.
#pragma once
#include <Eigen/Core>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/history.hpp"
#include "core/judge.hpp"
#include "core/trainer.hpp"

namespace gan {

struct AppOptions {
  std::string preset = "clean";  // the page opens on the quickest clean digits; book is one click away
  std::string dataset = "digits";
  uint64_t seed = 1;
  bool autostart = true;
  std::string assets_dir = "assets";
  std::vector<std::string> warnings;  // problems found while parsing options, shown to the user
};
// Parses --preset/--seed/--dataset/--autostart/--assets from argv. Bad values become warnings and
// fall back to defaults (a page opened with an odd URL still runs).
AppOptions parse_app_options(int argc, char** argv);

struct AppStats {
  int64_t iteration = 0, epoch = 0;
  double its_per_sec = 0, fps = 0, train_ms_per_frame = 0;
  double d_loss = 0, g_loss = 0, d_real = 0, d_fake = 0;
  // The judge's latest scores of the generator (judged_at = -1: none yet).
  int64_t judged_at = -1;
  int classes_present = 0;
  double confidence = 0, inception_score = 0, frechet = 0;
  bool running = false, loading = false;
  std::string preset, dataset, error;
  uint64_t seed = 0;
  std::string to_json() const;
};

class App {
 public:
  // request_asset(file) asks the platform to make <assets_dir>/<file> readable ("digits.gds",
  // "digits.gjd"), then call asset_arrived(file, error) (error empty on success). Natively the file
  // is simply there.
  App(AppOptions options, std::function<void(const std::string&)> request_asset);

  void asset_arrived(const std::string& file, const std::string& error);
  // Called once per frame: trains within the budget and refreshes the samples when due.
  void update(double now_ms);

  // Commands.
  void set_running(bool running);
  void step_iterations(int n);
  void step_discriminator();
  void step_generator();
  void reset(uint64_t seed);
  bool set_preset(const std::string& name);
  bool set_dataset(const std::string& name);
  bool set_param(const std::string& name, const std::string& value);  // live; refusals go to notice()
  void set_train_share(float share) { train_share_ = share < 0.05f ? 0.05f : share > 0.95f ? 0.95f : share; }

  // State for the UI.
  AppStats stats() const;
  Trainer* trainer() { return trainer_.get(); }
  const TrainConfig& config() const { return config_; }
  bool config_is_exact_preset() const;
  const MetricsHistory& history() const { return history_; }
  float train_share() const { return train_share_; }
  const std::string& error() const { return error_; }    // fatal for the current run (data, divergence)
  const std::string& notice() const { return notice_; }  // last refused command or warning
  void clear_notice() { notice_.clear(); }
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
  struct QualityPoint {
    int64_t iteration;
    double inception_score, frechet;
  };
  const std::vector<QualityPoint>& quality_history() const { return quality_history_; }
  static constexpr int kJudgeImages = 500;

 private:
  void start_trainer();
  void load_judge(const std::string& dataset);
  void judge_some(double now_ms);
  void refresh_samples();
  void record_iteration();

  AppOptions options_;
  std::function<void(const std::string&)> request_asset_;
  std::map<std::string, Dataset> datasets_;
  std::string dataset_name_, loading_;  // loading_: the asset file being waited for
  TrainConfig config_;
  std::unique_ptr<Trainer> trainer_;
  MetricsHistory history_;
  bool running_ = false;
  float train_share_ = 0.7f;
  std::string error_, notice_;
  // Timing.
  double last_frame_ms_ = -1, rest_until_ms_ = 0, fps_ = 0, train_ms_avg_ = 0, its_per_sec_ = 0;
  double rate_window_start_ms_ = -1;
  int64_t rate_window_start_it_ = 0;
  double last_refresh_ms_ = -1e9;
  bool samples_dirty_ = true;
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
