// The two message kinds between the dashboard and the training session, and their byte encoding:
// commands go from the view to the session, updates (state, new loss points, sample images, judge
// scores) come back. In the page they cross from the main thread to the training Worker and back
// as ArrayBuffers; on the desktop, between the window's thread and the training thread. Both ends
// always encode and decode, so one code path is tested everywhere. Decoding never trusts the bytes:
// a malformed message is refused whole.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/judge.hpp"

namespace gan {

enum class CommandKind : uint8_t {
  kStart,              // config, name = dataset, flag = running: the first command, once
  kSetRunning,         // flag
  kQueueSteps,         // count full iterations, run in slices
  kStepDiscriminator,  // one D update
  kStepGenerator,      // one G update
  kReset,              // config.seed = the new seed
  kSetPreset,          // name; the current seed is kept
  kSetDataset,         // name
  kSetConfig,          // config, name = the parameter that changed (live ones need no restart)
  kDismissNotice,
  kQuiz,        // count = tiles: a "spot the fake" round, half of them fakes, in the next update
  kLatentWalk,  // count = from * 100 + to (z_test indices), or -1: stop the walk
};
constexpr int kCommandKinds = 12;

// Spot the fake: a round has 2..kMaxQuizTiles tiles, half of them (rounded down) generated.
constexpr int kMaxQuizTiles = 64;
// The latent walk: kWalkSteps images from z_test[from] to z_test[to], ends included.
constexpr int kWalkSteps = 10;
constexpr int kWalkPoints = 100;  // z_test's size (core/trainer.hpp kTestNoiseCount)
// Quiz and walk images are at most this many pixels each (64×64), which bounds their messages.
constexpr int kMaxTilePixels = 4096;
inline int64_t walk_count(int from, int to) { return from < 0 ? -1 : int64_t(from) * kWalkPoints + to; }

struct Command {
  CommandKind kind = CommandKind::kSetRunning;
  bool flag = false;
  int64_t count = 0;
  std::string name;
  TrainConfig config;
};

// The view's copy of what it needs to know about the running dataset.
struct DatasetInfo {
  std::string name;
  int rows = 0, cols = 0;
  std::vector<std::string> class_names;
  int num_classes() const { return static_cast<int>(class_names.size()); }
  int image_size() const { return rows * cols; }
};

struct LossPoint {
  int64_t iteration;
  std::array<float, 4> values;  // d_loss, g_loss, d_real, d_fake
};

struct QualityPoint {
  int64_t iteration;
  double inception_score, frechet;
};

struct SessionUpdate {
  uint32_t run = 0;             // bumps with every new trainer: the view's curves start over
  uint64_t commands_done = 0;   // commands handled so far (the view keeps its own guesses until then)
  bool has_run = false;         // a trainer exists
  int64_t iteration = 0, epoch = 0;
  double its_per_sec = 0;
  double d_loss = 0, g_loss = 0, d_real = 0, d_fake = 0;
  int threads = 1;
  bool running = false, loading = false;
  int pending_steps = 0, queued_total = 0;
  std::string loading_dataset, error, notice;
  uint32_t notice_serial = 0;  // bumps whenever the session sets a notice
  TrainConfig config;
  DatasetInfo data;
  std::vector<LossPoint> losses;  // every iteration since the previous update, in order
  // Sample images (8-bit, image after image), present when samples_version changed.
  int samples_version = 0;
  bool has_samples = false;
  std::vector<uint8_t> grid, real_tiles;  // the fixed-noise grid (100 images) and a few real images
  std::vector<float> real_verdicts, fake_verdicts;  // D's probability "real" for the real tiles and the first fakes
  // The judge.
  bool has_judge = false;
  int64_t judged_at = -1;
  JudgeScores scores, real_scores;
  std::vector<QualityPoint> quality;  // judged points since the previous update
  // A "spot the fake" round, present once after a kQuiz: the images (8-bit, image after image),
  // which are fakes (1) and D's probability "real" for each.
  bool has_quiz = false;
  std::vector<uint8_t> quiz_images, quiz_fake;
  std::vector<float> quiz_scores;
  // The latent walk (-1, -1: none) and, when regenerated, its kWalkSteps images (8-bit).
  int walk_from = -1, walk_to = -1;
  bool has_walk_images = false;
  std::vector<uint8_t> walk_images;
};

std::vector<uint8_t> encode(const Command& command);
std::vector<uint8_t> encode(const SessionUpdate& update);
// False (out unspecified) when the bytes are not one well-formed message of that kind.
bool decode(const uint8_t* bytes, size_t size, Command& out);
bool decode(const uint8_t* bytes, size_t size, SessionUpdate& out);

}  // namespace gan
