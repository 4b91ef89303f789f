// The dashboard's side of the demo: a client of the training session (src/session), which runs
// elsewhere (a Web Worker in the page, a thread on the desktop). It sends the UI's commands as
// messages and keeps the view's copy of the session's state from its updates: the loss history,
// the sample images, the judge's scores. Commands change that copy at once (so a slider or a
// button never flickers back) until the session confirms them. It also measures the frame rate.
#pragma once
#include <Eigen/Core>
#include <functional>
#include <string>
#include <vector>

#include "app_options.hpp"
#include "core/history.hpp"
#include "core/timelapse.hpp"
#include "session/messages.hpp"

namespace gan {

struct AppStats {
  int64_t iteration = 0, epoch = 0;
  double its_per_sec = 0;
  // Over the last whole second: frames the loop ran (each would have shown any change), those of
  // them that were drawn (the others were identical to the last drawn: frame_memo.hpp), and the
  // longest gap between two frames.
  double fps = 0, drawn_fps = 0;
  double worst_frame_ms = 0;
  int threads = 1;            // threads computing the matrix products
  double d_loss = 0, g_loss = 0, d_real = 0, d_fake = 0;
  // The judge's latest scores of the generator (judged_at = -1: none yet) and its verdict in words.
  int64_t judged_at = -1;
  int classes_present = 0;
  double confidence = 0, inception_score = 0, frechet = 0;
  std::string verdict;
  bool ready = false;  // something is training (or can)
  bool running = false, loading = false;
  int pending_steps = 0;  // queued iterations not yet run
  std::string preset, dataset, error, notice;
  std::string dataset_label, goal;  // what the page calls the dataset, and what G learns ("learns to write digits")
  uint64_t seed = 0;
  std::string to_json() const;
};

class App {
 public:
  // send(bytes) delivers an encoded Command to the session. The first one, sent here, starts it
  // with the options' settings.
  App(AppOptions options, std::function<void(std::vector<uint8_t>)> send);

  // An encoded SessionUpdate from the session; malformed ones are ignored.
  void receive(const uint8_t* bytes, size_t size);
  // Called once per frame: the frame-rate meters; and once more per frame that is drawn.
  void update(double now_ms);
  void count_drawn_frame() { ++window_drawn_; }

  // Commands. Refusals and warnings go to notice().
  void set_running(bool running);
  // Queues n full iterations, run by the session in slices; at most kMaxQueuedSteps wait at once.
  void queue_steps(int n);
  static constexpr int kMaxQueuedSteps = 1000;
  void step_discriminator();
  void step_generator();
  void reset(uint64_t seed);
  bool set_preset(const std::string& name);
  bool set_dataset(const std::string& name);
  // A table parameter, typed: the number reaches the config rounded once (to float or int). Live
  // parameters change the running trainer; others restart it (same seed), and the session says so.
  bool set_param(const std::string& name, double value);
  // The same from text (scripts; also d_optimizer / g_optimizer = sgd | adam).
  bool set_param(const std::string& name, const std::string& value);
  void set_notice(const std::string& text) { notice_ = text; }
  void clear_notice();
  // Benchmark mode (?bench=1): true once, when the data is in and a few frames have been shown.
  bool bench_due();
  const AppOptions& options() const { return options_; }

  // The session's state as last heard, with this side's commands applied.
  AppStats stats() const;
  bool has_run() const { return state_.has_run; }
  bool running() const { return state_.running; }
  const TrainConfig& config() const { return state_.config; }
  bool config_is_exact_preset() const;
  const MetricsHistory& history() const { return history_; }
  const std::string& error() const { return state_.error; }  // fatal for the current run (data, divergence)
  const std::string& notice() const { return notice_; }      // last refused command or warning
  const std::string& dataset_name() const { return dataset_name_; }
  const std::string& loading_dataset() const { return state_.loading_dataset; }  // being downloaded, or empty
  bool loading() const { return state_.loading; }
  int pending_steps() const { return state_.pending_steps; }
  int queued_total() const { return state_.queued_total; }  // size of the current step job (for progress)
  // Generated grid from z_test and real tiles with D's verdicts, in [-1, 1]; the version bumps on
  // every refresh.
  int samples_version() const { return samples_version_; }
  const Eigen::MatrixXf& test_images() const { return test_images_; }
  const Eigen::MatrixXf& real_images() const { return real_images_; }
  const Eigen::VectorXf& real_verdicts() const { return real_verdicts_; }
  const Eigen::VectorXf& fake_verdicts() const { return fake_verdicts_; }
  const DatasetInfo* dataset() const { return state_.has_run ? &state_.data : nullptr; }
  // The judge's scores (has_judge false while it is loading or if it failed to load), those of real
  // held-out images for comparison, and the scores over time.
  bool has_judge() const { return state_.has_judge; }
  const JudgeScores& real_scores() const { return state_.real_scores; }
  const JudgeScores& scores() const { return state_.scores; }
  // Below this mean confidence the judge cannot tell what the images show: its class counts mean
  // nothing yet (pure noise still lands in most classes).
  static constexpr double kReadableConfidence = 0.5;
  bool judge_is_readable() const { return state_.scores.count > 0 && state_.scores.confidence >= kReadableConfidence; }
  std::string judge_verdict() const;
  const std::vector<QualityPoint>& quality_history() const { return quality_history_; }
  // The fixed-noise grid as training went (a frame every so often, thinned as it grows: bounded),
  // for the scrub slider; as an animated GIF and as a film strip PNG of a few frames (4×4 digits
  // each). Empty before the first frame.
  const TimeLapse& timelapse() const { return timelapse_; }
  std::vector<uint8_t> timelapse_gif() const;
  std::vector<uint8_t> film_strip_png() const;
  // The loss history as CSV: "iteration,d_loss,g_loss,d_real,d_fake", one row per recorded point
  // (each a mean over the iterations since the previous row once the history has been thinned).
  std::string losses_csv() const;

  // ---- Spot the fake: a round of real and generated images; the viewer marks the fakes ----
  // The session makes the round (kQuiz); which tiles are fakes stays here until check_quiz().
  static constexpr int kQuizTiles = 16;
  struct QuizResult {
    int fakes = 0, found = 0, false_alarms = 0;  // fakes in the round, fakes marked, reals marked
    int d_right = 0;                             // tiles D calls right at 0.5
  };
  void new_quiz_round(int tiles = kQuizTiles);  // marks and the check start over when it arrives
  bool quiz_waiting() const { return quiz_waiting_; }
  int quiz_tiles() const { return static_cast<int>(quiz_images_.cols()); }
  int quiz_fakes() const;  // how many of the tiles are fakes (not which)
  int quiz_version() const { return quiz_version_; }  // bumps with every round
  const Eigen::MatrixXf& quiz_images() const { return quiz_images_; }
  bool quiz_marked(int k) const { return k >= 0 && k < quiz_tiles() && quiz_marked_[static_cast<size_t>(k)]; }
  void toggle_quiz_mark(int k);  // ignored once checked
  void check_quiz();
  bool quiz_checked() const { return quiz_checked_; }
  // The truth about tile k and D's probability "real" for it: false (nothing told) before the check.
  bool quiz_reveal(int k, bool& fake, float& score) const;
  QuizResult quiz_result() const;  // all zero before the check
  // {"tiles","fakes","marked":[bool…],"checked","found","falseAlarms","waiting"} and, once checked,
  // "fake":[bool…] and "scores":[…].
  std::string quiz_json() const;

  // ---- Latent walk: kWalkSteps images between two of the grid's noise vectors, kept live ----
  void start_walk(int from, int to);  // z_test indices 0..99
  void stop_walk();
  int walk_from() const { return walk_from_; }  // -1: no walk
  int walk_to() const { return walk_to_; }
  const Eigen::MatrixXf& walk_images() const { return walk_images_; }  // empty until the session sends them
  int walk_version() const { return walk_version_; }

 private:
  void send(const Command& command);
  template <typename Value>
  bool change_setting(const std::string& name, const Value& value);

  AppOptions options_;
  std::function<void(std::vector<uint8_t>)> send_;
  uint64_t commands_sent_ = 0;
  SessionUpdate state_;  // the last update, minus its one-off parts, with this side's commands applied
  std::string dataset_name_;
  std::string notice_;
  uint32_t notice_serial_ = 0;
  MetricsHistory history_;
  std::vector<QualityPoint> quality_history_;
  TimeLapse timelapse_;
  int samples_version_ = 0;
  Eigen::MatrixXf test_images_, real_images_;
  Eigen::VectorXf real_verdicts_, fake_verdicts_;
  // Spot the fake and the latent walk.
  bool quiz_waiting_ = false, quiz_checked_ = false;
  int quiz_version_ = 0;
  Eigen::MatrixXf quiz_images_;
  std::vector<uint8_t> quiz_fake_;
  std::vector<float> quiz_scores_;
  std::vector<bool> quiz_marked_;
  int walk_from_ = -1, walk_to_ = -1, walk_version_ = 0;
  Eigen::MatrixXf walk_images_;
  // Frame timing.
  double last_frame_ms_ = -1, fps_ = 0, drawn_fps_ = 0, worst_frame_ms_ = 0;  // the last whole second's
  double window_start_ms_ = -1, worst_window_ms_ = 0;                          // the current second's
  int window_frames_ = 0, window_drawn_ = 0;
  int frames_ready_ = 0;
  bool bench_started_ = false;
};

}  // namespace gan
