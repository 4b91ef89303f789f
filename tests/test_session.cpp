// The training session without a window: asset ordering, commands, restarts on architecture
// changes, slices, and the messages between it and the dashboard (both directions round-trip, and
// malformed bytes are refused). Also the desktop's session thread end to end.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "core/file_io.hpp"
#include "session/messages.hpp"
#include "session/session.hpp"
#ifndef __EMSCRIPTEN__
#include "session/session_thread.hpp"
#endif

using namespace gan;

namespace {

const std::string kAssets = GAN_SOURCE_ASSETS_DIR;

Command command(CommandKind kind, const TrainConfig& config = TrainConfig()) {
  Command c;
  c.kind = kind;
  c.config = config;
  return c;
}

Command start(const std::string& preset, const std::string& dataset, bool running) {
  TrainConfig config;
  REQUIRE(find_preset(preset, config));
  Command c = command(CommandKind::kStart, config);
  c.name = dataset;
  c.flag = running;
  return c;
}

// A session whose asset requests are recorded, answered by deliver().
struct Harness {
  std::vector<std::string> asked;
  Session session{kAssets, [this](const std::string& file) { asked.push_back(file); }};
  void deliver(const std::string& file, const std::string& error = "") { session.asset_arrived(file, error); }
  // Queues n iterations and slices until they have run.
  void run_steps(int64_t n) {
    Command steps;
    steps.kind = CommandKind::kQueueSteps;
    steps.count = n;
    session.handle(steps);
    run_queue();
  }
  // Slices until the queue is empty (bounded).
  void run_queue() {
    for (int k = 0; k < 1000 && session.pending_steps() > 0; ++k) session.train_for(50, k * 50.0);
  }
};

}  // namespace

TEST_CASE("commands and updates survive encoding exactly", "[session]") {
  TrainConfig config;
  REQUIRE(find_preset("clean", config));
  config.seed = (uint64_t(1) << 53) - 3;
  std::string err;
  REQUIRE(set_param(config, "g_lr", 3.5e-6, err));
  REQUIRE(set_param(config, "d_hidden", 384.0, err));
  config.d_opt.kind = OptimizerKind::kSgd;
  Command c = command(CommandKind::kSetConfig, config);
  c.name = "g_lr";
  c.count = 123456789012;
  c.flag = true;
  const std::vector<uint8_t> bytes = encode(c);
  Command back;
  REQUIRE(decode(bytes.data(), bytes.size(), back));
  CHECK(back.kind == CommandKind::kSetConfig);
  CHECK(back.name == "g_lr");
  CHECK(back.count == 123456789012);
  CHECK(back.flag);
  CHECK(same_settings(back.config, config));
  CHECK(back.config.g_opt.lr == config.g_opt.lr);

  // Every truncation, a wrong magic and an unknown kind are refused.
  for (size_t n = 0; n < bytes.size(); ++n) CHECK_FALSE(decode(bytes.data(), n, back));
  std::vector<uint8_t> bad = bytes;
  bad[0] ^= 1;
  CHECK_FALSE(decode(bad.data(), bad.size(), back));
  bad = bytes;
  bad[4] = kCommandKinds;
  CHECK_FALSE(decode(bad.data(), bad.size(), back));
  bad = bytes;
  bad.push_back(0);  // trailing garbage
  CHECK_FALSE(decode(bad.data(), bad.size(), back));

  SessionUpdate u;
  u.run = 7;
  u.commands_done = 42;
  u.has_run = true;
  u.iteration = 1000;
  u.d_loss = 0.61;
  u.notice = "hello";
  u.config = config;
  u.data = {"digits", 28, 28, {"0", "1", "2"}};
  u.losses = {{1, {0.5f, 0.7f, 0.6f, 0.4f}}, {2, {0.4f, 0.8f, 0.55f, 0.45f}}};
  u.has_samples = true;
  u.grid.assign(784 * 3, 200);
  u.real_tiles.assign(784, 9);
  u.real_verdicts = {0.9f};
  u.fake_verdicts = {0.1f, 0.2f};
  u.has_judge = true;
  u.judged_at = 900;
  u.scores.count = 500;
  u.scores.class_fraction = {0.5, 0.25, 0.25};
  u.scores.frechet = 12.5;
  u.quality = {{900, 7.5, 12.5}};
  const std::vector<uint8_t> ub = encode(u);
  SessionUpdate ur;
  REQUIRE(decode(ub.data(), ub.size(), ur));
  CHECK(ur.run == 7);
  CHECK(ur.commands_done == 42);
  CHECK(ur.iteration == 1000);
  CHECK(ur.d_loss == 0.61);
  CHECK(ur.notice == "hello");
  CHECK(same_settings(ur.config, config));
  CHECK(ur.data.class_names.size() == 3);
  REQUIRE(ur.losses.size() == 2);
  CHECK(ur.losses[1].iteration == 2);
  CHECK(ur.losses[1].values[1] == 0.8f);
  CHECK(ur.grid == u.grid);
  CHECK(ur.fake_verdicts == u.fake_verdicts);
  CHECK(ur.scores.class_fraction == u.scores.class_fraction);
  REQUIRE(ur.quality.size() == 1);
  CHECK(ur.quality[0].frechet == 12.5);
  for (size_t n = 0; n < ub.size(); n += 97) CHECK_FALSE(decode(ub.data(), n, ur));
  // A command is not an update, and the other way round.
  CHECK_FALSE(decode(bytes.data(), bytes.size(), ur));
  CHECK_FALSE(decode(ub.data(), ub.size(), back));
}

TEST_CASE("a settings block out of the table's ranges is refused", "[session]") {
  TrainConfig config;
  Command c = command(CommandKind::kSetConfig, config);
  std::vector<uint8_t> bytes = encode(c);
  // The first table row (batch) is the first f64 after the optimizer kinds: make it 1e9.
  const size_t at = 4 + 1 + 1 + 8 + 4 + 0 + 4 + config.preset.size() + 8 + 2;
  const double huge = 1e9;
  std::memcpy(bytes.data() + at, &huge, 8);
  Command back;
  CHECK_FALSE(decode(bytes.data(), bytes.size(), back));
}

TEST_CASE("the session starts on its first command and asks for the data, then the judge", "[session]") {
  Harness h;
  h.session.handle(command(CommandKind::kQueueSteps));  // before the start: ignored
  CHECK(h.asked.empty());
  h.session.handle(start("book", "digits", false));
  REQUIRE(h.asked == std::vector<std::string>{"digits.gds"});
  CHECK(h.session.trainer() == nullptr);
  CHECK(h.session.loading());
  h.deliver("fashion.gds");  // never asked for: ignored
  CHECK(h.session.trainer() == nullptr);
  h.deliver("digits.gds");
  REQUIRE(h.session.trainer() != nullptr);
  CHECK(h.asked.back() == "digits.gjd");  // training can start before the judge is here
  SessionUpdate u = h.session.take_update();
  CHECK(u.has_run);
  CHECK_FALSE(u.has_judge);
  CHECK(u.data.rows == 28);
  CHECK(u.data.num_classes() == 10);
  h.deliver("digits.gjd");
  u = h.session.take_update();
  CHECK_FALSE(u.has_judge);  // its reference is computed in slices, not while the file arrives
  // Paused: nothing waits for training, so each slice spends its time on the judge's reference.
  int slices = 0;
  while (slices < 100 && !h.session.take_update().has_judge) h.session.train_for(50, 50.0 * slices++);
  CHECK(slices >= 1);
  CHECK(slices <= 18);  // at most one per batch of 500 images (9,000 before the held-out ones)
  u = h.session.take_update();
  CHECK(u.has_judge);
  CHECK(u.real_scores.count > 0);
  CHECK_FALSE(h.session.loading());
}

TEST_CASE("while the first dataset downloads a slice makes the networks, and the run is the one it would have been", "[session]") {
  auto losses_after = [](bool slice_while_waiting) {
    Harness h;
    h.session.handle(start("swift", "digits", false));
    if (slice_while_waiting) {
      CHECK(h.session.train_for(5, 0));  // made them
      REQUIRE(h.session.prepared_trainer() != nullptr);
      CHECK_FALSE(h.session.prepared_trainer()->has_data());
      CHECK(h.session.trainer() == nullptr);  // no run yet: the page still shows the download
      CHECK(h.session.take_update().loading);
      CHECK_FALSE(h.session.train_for(5, 10));  // nothing more to do until the images come
    }
    const Trainer* prepared = h.session.prepared_trainer();
    h.deliver("digits.gds");
    REQUIRE(h.session.trainer() != nullptr);
    if (slice_while_waiting) CHECK(h.session.trainer() == prepared);  // the run is the networks made
    CHECK(h.session.prepared_trainer() == nullptr);
    h.run_steps(3);
    const IterationMetrics& m = h.session.trainer()->last();
    const auto& g = h.session.trainer()->generator().params();
    return std::vector<double>{m.d_loss, m.g_loss, m.d_real, m.d_fake, g.sum(), g.squaredNorm()};
  };
  CHECK(losses_after(true) == losses_after(false));
}

TEST_CASE("networks made while downloading follow the settings and are let go when the images fail", "[session][bad-input]") {
  Harness h;
  h.session.handle(start("swift", "digits", true));
  h.session.train_for(5, 0);
  REQUIRE(h.session.prepared_trainer() != nullptr);
  Command preset = command(CommandKind::kSetPreset);
  preset.name = "book";
  h.session.handle(preset);  // before the images: the networks made for swift no longer serve
  h.session.train_for(5, 10);
  REQUIRE(h.session.prepared_trainer() != nullptr);
  CHECK(h.session.prepared_trainer()->config().preset == "book");
  h.deliver("digits.gds");
  REQUIRE(h.session.trainer() != nullptr);
  CHECK(h.session.trainer()->config().preset == "book");
  CHECK(h.session.trainer()->has_data());

  Harness failed;
  failed.session.handle(start("book", "digits", true));
  failed.session.train_for(5, 0);
  REQUIRE(failed.session.prepared_trainer() != nullptr);
  failed.deliver("digits.gds", "HTTP 404");
  CHECK(failed.session.prepared_trainer() == nullptr);  // nothing will train: its memory is let go
  CHECK(failed.session.error().find("could not load") != std::string::npos);
  CHECK_FALSE(failed.session.train_for(5, 10));
}

TEST_CASE("a dataset given in parts as it downloads makes the same run, and a bad one fails as a whole file would", "[session][bad-input]") {
  std::vector<uint8_t> bytes;
  std::string err;
  REQUIRE(read_file_bounded(kAssets + "/digits.gds", kMaxDatasetFileBytes, bytes, err));
  auto run_after = [&](bool in_parts, std::vector<uint8_t> file, std::string& error) {
    Harness h;
    h.session.handle(start("swift", "digits", false));
    h.session.asset_part("digits.gjd", file.data(), 10, file.size());  // not a dataset file: ignored
    if (in_parts) {
      for (size_t at = 0; at < file.size(); at += 65536)
        h.session.asset_part("digits.gds", file.data() + at, std::min<size_t>(65536, file.size() - at), file.size());
      CHECK(h.session.trainer() == nullptr);  // the run waits for the download's end
    }
    h.deliver("digits.gds");
    error = h.session.error();
    if (!h.session.trainer()) return std::vector<double>();
    h.run_steps(2);
    const IterationMetrics& m = h.session.trainer()->last();
    return std::vector<double>{m.d_loss, m.g_loss, h.session.trainer()->generator().params().squaredNorm()};
  };
  std::string e1, e2;
  const std::vector<double> whole = run_after(false, bytes, e1), parts = run_after(true, bytes, e2);
  REQUIRE_FALSE(whole.empty());
  CHECK(parts == whole);
  CHECK(e2.empty());

  // Parts of a damaged file: the session has them, not the good file on disk, and says what is wrong.
  std::vector<uint8_t> damaged = bytes;
  damaged[damaged.size() - 100] ^= 0x5A;
  CHECK(run_after(true, damaged, e2).empty());
  CHECK(e2.find("digits.gds: dataset file rejected") != std::string::npos);

  // Parts of a file never asked for are ignored; a download that fails midway is forgotten.
  Harness h;
  h.session.asset_part("digits.gds", bytes.data(), 1000, bytes.size());
  h.session.handle(start("swift", "digits", false));
  h.session.asset_part("digits.gds", bytes.data(), 1000, bytes.size());
  h.deliver("digits.gds", "the network went away");
  CHECK(h.session.trainer() == nullptr);
  CHECK(h.session.error().find("the network went away") != std::string::npos);
}

TEST_CASE("the first iteration does not wait for the judge's reference", "[session]") {
  Harness h;
  h.session.handle(start("quick", "digits", true));
  h.deliver("digits.gds");
  h.deliver("digits.gjd");  // both here before the first slice, as in the browser
  CHECK(h.session.train_for(5, 0));
  REQUIRE(h.session.trainer()->iteration() >= 1);
  CHECK_FALSE(h.session.take_update().has_judge);  // trained first
  // Then a batch of the reference per slice, and training goes on in every one of those slices: a
  // command waits for one batch, not for the whole reference (0.4-0.6 s in the page).
  int slices = 0;
  for (; slices < 100 && !h.session.take_update().has_judge; ++slices) {
    const int64_t before = h.session.trainer()->iteration();
    CHECK(h.session.train_for(5, 10.0 * (slices + 1)));
    CHECK(h.session.trainer()->iteration() > before);
  }
  CHECK(slices == 18);  // 9,000 images in batches of 500
  const SessionUpdate u = h.session.take_update();
  CHECK(u.has_judge);
  CHECK(u.real_scores.count > 0);
}

TEST_CASE("the first iteration's end is kept on the slice's clock, once", "[session]") {
  Harness h;
  h.session.handle(start("book", "digits", true));
  CHECK(h.session.first_iteration_ms() == -1);
  h.deliver("digits.gds");
  CHECK(h.session.first_iteration_ms() == -1);  // a run, no iteration yet
  const auto before = std::chrono::steady_clock::now();
  REQUIRE(h.session.train_for(5, 1000));
  const double slice_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - before).count();
  REQUIRE(h.session.trainer()->iteration() >= 1);
  const double first = h.session.first_iteration_ms();
  CHECK(first > 1000);
  CHECK(first <= 1000 + slice_ms);
  h.session.train_for(5, 5000);
  CHECK(h.session.first_iteration_ms() == first);  // later slices leave it
}

TEST_CASE("a missing judge is a notice, missing digits an error", "[session]") {
  Harness h;
  h.session.handle(start("book", "digits", true));
  h.deliver("digits.gds");
  h.deliver("digits.gjd", "HTTP 404");
  CHECK(h.session.notice().find("unavailable") != std::string::npos);
  CHECK(h.session.train_for(5, 0));  // training goes on
  CHECK(h.session.trainer()->iteration() >= 1);
  CHECK_FALSE(h.session.take_update().has_judge);

  Harness none;
  none.session.handle(start("book", "digits", true));
  none.deliver("digits.gds", "HTTP 404");
  CHECK(none.session.trainer() == nullptr);
  CHECK(none.session.error().find("could not load") != std::string::npos);
  CHECK_FALSE(none.session.train_for(5, 0));

  Harness fashion;  // an optional dataset that fails falls back to digits
  fashion.session.handle(start("book", "fashion", true));
  fashion.deliver("fashion.gds", "HTTP 404");
  CHECK(fashion.asked.back() == "digits.gds");
  fashion.deliver("digits.gds");
  REQUIRE(fashion.session.trainer() != nullptr);
  CHECK(fashion.session.dataset_name() == "digits");
}

TEST_CASE("queued steps run over slices and every iteration's losses reach the view once", "[session]") {
  Harness h;
  h.session.handle(start("book", "digits", false));
  h.deliver("digits.gds");
  h.session.train_for(5, 0);
  CHECK(h.session.trainer()->iteration() == 0);  // paused: nothing trains
  Command steps = command(CommandKind::kQueueSteps);
  steps.count = 5;
  h.session.handle(steps);
  CHECK(h.session.pending_steps() == 5);
  h.run_queue();
  CHECK(h.session.trainer()->iteration() == 5);
  SessionUpdate u = h.session.take_update();
  REQUIRE(u.losses.size() == 5);
  for (int k = 0; k < 5; ++k) CHECK(u.losses[k].iteration == k + 1);
  CHECK(u.losses[4].values[0] == static_cast<float>(h.session.trainer()->last().d_loss));
  CHECK(h.session.take_update().losses.empty());  // sent once
  CHECK(u.commands_done == 2);
  CHECK(u.pending_steps == 0);
  // The queue is bounded.
  steps.count = 5000;
  h.session.handle(steps);
  CHECK(h.session.pending_steps() == Session::kMaxQueuedSteps);
  CHECK(h.session.notice().find("at most") != std::string::npos);
}

TEST_CASE("an update is due at once after a command or a file, else once per interval, and waiting loses nothing", "[session]") {
  Harness h;
  CHECK(h.session.update_due(0));  // none taken yet
  h.session.take_update(0);
  CHECK_FALSE(h.session.update_due(1));
  h.session.handle(start("quick", "digits", true));
  CHECK(h.session.update_due(1));  // a command
  h.session.take_update(1);
  CHECK_FALSE(h.session.update_due(2));
  h.deliver("digits.gds");
  CHECK(h.session.update_due(2));  // a file
  h.session.take_update(2);
  // Training alone makes an update due only once the interval has passed since the last one.
  const double interval = Session::kUpdateIntervalMs;
  for (double now = 10; now < 2 + interval; now += 30) {
    CHECK(h.session.train_for(5, now));
    CHECK_FALSE(h.session.update_due(now));
  }
  const int64_t trained = h.session.trainer()->iteration();
  REQUIRE(trained >= 4);
  CHECK(h.session.update_due(2 + interval));
  const SessionUpdate u = h.session.take_update(2 + interval);
  REQUIRE(u.losses.size() == static_cast<size_t>(trained));  // every iteration's losses, in order
  for (size_t k = 0; k < u.losses.size(); ++k) CHECK(u.losses[k].iteration == static_cast<int64_t>(k) + 1);
  CHECK_FALSE(h.session.update_due(2 + interval + 1));
  h.session.take_update();  // a request's update (no clock) does not start a new interval
  CHECK(h.session.update_due(2 + 2 * interval));
  CHECK_FALSE(h.session.update_due(2 + 2 * interval - 1));
}

TEST_CASE("live settings keep the run, architecture changes restart it with the same seed", "[session]") {
  Harness h;
  h.session.handle(start("book", "digits", false));
  h.deliver("digits.gds");
  Command steps = command(CommandKind::kQueueSteps);
  steps.count = 3;
  h.session.handle(steps);
  h.run_queue();
  const uint32_t run = h.session.take_update().run;

  TrainConfig next = h.session.config();
  std::string err;
  REQUIRE(set_param(next, "g_lr", 2e-4, err));
  Command live = command(CommandKind::kSetConfig, next);
  live.name = "g_lr";
  h.session.handle(live);
  SessionUpdate u = h.session.take_update();
  CHECK(u.run == run);
  CHECK(u.iteration == 3);
  CHECK(h.session.trainer()->config().g_opt.lr == 2e-4f);

  REQUIRE(set_param(next, "d_hidden", 128.0, err));
  Command shape = command(CommandKind::kSetConfig, next);
  shape.name = "d_hidden";
  h.session.handle(shape);
  u = h.session.take_update();
  CHECK(u.run == run + 1);
  CHECK(u.iteration == 0);
  CHECK(h.session.trainer()->config().d_hidden == 128);
  CHECK(u.notice.find("restarted") != std::string::npos);

  // A reset with a seed replays the same numbers.
  Command reset = command(CommandKind::kReset, next);
  reset.config.seed = 9;
  h.session.handle(reset);
  h.session.handle(steps);
  h.run_queue();
  const double first = h.session.trainer()->last().g_loss;
  h.session.handle(reset);
  h.session.handle(steps);
  h.run_queue();
  CHECK(h.session.trainer()->last().g_loss == first);
  CHECK(h.session.trainer()->config().seed == 9);

  Command preset = command(CommandKind::kSetPreset);
  preset.name = "no-such-preset";
  h.session.handle(preset);
  CHECK(h.session.notice().find("unknown preset") != std::string::npos);
  CHECK(h.session.config().seed == 9);
}

TEST_CASE("the session answers requests for images and files", "[session]") {
  Harness h;
  CHECK(h.session.sample_pixels(4).empty());  // nothing trains yet
  h.session.handle(start("book", "digits", false));
  h.deliver("digits.gds");
  CHECK(h.session.sample_pixels(4).size() == 4 * 784);
  CHECK(h.session.sample_pixels(0).empty());
  CHECK(h.session.sample_pixels(Session::kMaxGenerated + 1).empty());
  const std::vector<uint8_t> ckpt = h.session.checkpoint_bytes();
  CHECK(h.session.checkpoint_name() == "gan-book-0.ckpt");
  std::vector<uint8_t> broken = ckpt;
  broken.resize(broken.size() / 2);
  CHECK_FALSE(h.session.load_checkpoint(broken.data(), broken.size()));
  CHECK(h.session.trainer() != nullptr);
  CHECK(h.session.load_checkpoint(ckpt.data(), ckpt.size()));
  const std::vector<uint8_t> png = h.session.grid_png();
  REQUIRE(png.size() > 8);
  CHECK(png[1] == 'P');
  const BenchResult b = h.session.bench(2, 1);
  CHECK(b.median > 0);
  CHECK(b.preset == "book");
}

#ifndef __EMSCRIPTEN__  // the page runs the session in a Worker instead (web/worker.js)
TEST_CASE("the session thread trains from encoded commands and reports in encoded updates", "[session]") {
  SessionThread thread(kAssets);
  Command s = start("book", "digits", false);
  thread.post(encode(s));
  Command steps = command(CommandKind::kQueueSteps, s.config);
  steps.count = 4;
  thread.post(encode(steps));
  int64_t iteration = 0;
  size_t losses = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (iteration < 4 && std::chrono::steady_clock::now() < deadline) {
    for (const auto& bytes : thread.take_updates()) {
      SessionUpdate u;
      REQUIRE(decode(bytes.data(), bytes.size(), u));
      iteration = u.iteration;
      losses += u.losses.size();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(iteration == 4);
  CHECK(losses == 4);
}
#endif

TEST_CASE("a paused run is judged again after a step", "[session]") {
  Harness h;
  h.session.handle(start("fast", "fashion", false));
  h.deliver("fashion.gds");
  h.deliver("fashion.gjd");
  double now = 0;
  // Slices until the judge has scored iteration `it` (bounded: the reference and the scoring take a
  // number of slices that depends on the machine's speed, under the sanitizers too).
  auto slices_until_judged = [&](int64_t it) {
    SessionUpdate u;
    for (int k = 0; k < 1000 && (u = h.session.take_update()).judged_at != it; ++k) h.session.train_for(40, now += 40);
    return u;
  };
  CHECK(slices_until_judged(0).judged_at == 0);
  Command steps = command(CommandKind::kQueueSteps);
  steps.count = 1;
  h.session.handle(steps);
  const SessionUpdate u = slices_until_judged(1);
  CHECK(u.iteration == 1);
  CHECK(u.judged_at == 1);
  CHECK(u.scores.count == Session::kJudgeImages);
}

TEST_CASE("a start on the session's own initiative is not counted as a view's command", "[session]") {
  Harness h;
  TrainConfig config;
  REQUIRE(find_preset("book", config));
  h.session.start(config, "digits", false);
  h.deliver("digits.gds");
  CHECK(h.session.take_update().commands_done == 0);
  h.session.handle(start("clean", "fashion", true));  // the view's start comes later: counted, no effect
  const SessionUpdate u = h.session.take_update();
  CHECK(u.commands_done == 1);
  CHECK(u.config.preset == "book");
  CHECK(u.data.name == "digits");
  CHECK_FALSE(u.running);
}

TEST_CASE("spot the fake: a round of the generator's fakes and dataset images, sent once", "[session][quiz]") {
  Harness h;
  Command quiz = command(CommandKind::kQuiz);
  quiz.count = 16;
  h.session.handle(start("book", "digits", false));
  h.session.handle(quiz);  // nothing trains yet: no round
  CHECK_FALSE(h.session.take_update().has_quiz);
  h.deliver("digits.gds");
  h.session.handle(quiz);
  const SessionUpdate u = h.session.take_update();
  REQUIRE(u.has_quiz);
  REQUIRE(u.quiz_fake.size() == 16);
  REQUIRE(u.quiz_scores.size() == 16);
  REQUIRE(u.quiz_images.size() == 16 * 784);
  CHECK(std::count(u.quiz_fake.begin(), u.quiz_fake.end(), 1) == 8);
  CHECK(u.quiz_fake != std::vector<uint8_t>(8, 1));  // shuffled: not all fakes first
  for (float p : u.quiz_scores) CHECK((p >= 0 && p <= 1));
  // Fakes are exactly the displayed generator's images for the round's noise, each once; reals are
  // exactly images of the dataset, no two the same.
  const Dataset& d = h.session.trainer()->data();
  const std::vector<uint8_t> generated = h.session.generate_pixels(h.session.last_quiz_noise());
  REQUIRE(generated.size() == 8 * 784);
  std::vector<int> fakes_seen, reals_seen;
  for (int k = 0; k < 16; ++k) {
    const uint8_t* tile = u.quiz_images.data() + k * 784;
    if (u.quiz_fake[k]) {
      int match = -1;
      for (int f = 0; f < 8; ++f)
        if (std::memcmp(tile, generated.data() + f * 784, 784) == 0) match = f;
      CHECK(match >= 0);
      fakes_seen.push_back(match);
    } else {
      int match = -1;
      for (int i = 0; i < d.count && match < 0; ++i)
        if (std::memcmp(tile, d.image(i), 784) == 0) match = i;
      CHECK(match >= 0);
      reals_seen.push_back(match);
    }
  }
  std::sort(fakes_seen.begin(), fakes_seen.end());
  CHECK(fakes_seen == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7});
  std::sort(reals_seen.begin(), reals_seen.end());
  CHECK(std::unique(reals_seen.begin(), reals_seen.end()) == reals_seen.end());
  CHECK_FALSE(h.session.take_update().has_quiz);  // sent once
  // The round survives encoding; the next one is another.
  const std::vector<uint8_t> bytes = encode(u);
  SessionUpdate back;
  REQUIRE(decode(bytes.data(), bytes.size(), back));
  CHECK(back.quiz_images == u.quiz_images);
  CHECK(back.quiz_fake == u.quiz_fake);
  CHECK(back.quiz_scores == u.quiz_scores);
  h.session.handle(quiz);
  const SessionUpdate next = h.session.take_update();
  REQUIRE(next.has_quiz);
  CHECK(next.quiz_images != u.quiz_images);
}

TEST_CASE("latent walk: ten images from z_test[i] to z_test[j], regenerated with the grid, until stopped", "[session][walk]") {
  Harness h;
  h.session.handle(start("book", "digits", false));
  h.deliver("digits.gds");
  h.run_steps(3);
  h.session.take_update();
  Command walk = command(CommandKind::kLatentWalk);
  walk.count = walk_count(3, 57);
  h.session.handle(walk);
  SessionUpdate u = h.session.take_update();
  CHECK(u.walk_from == 3);
  CHECK(u.walk_to == 57);
  REQUIRE(u.has_walk_images);
  REQUIRE(u.walk_images.size() == kWalkSteps * 784);
  // The ends are the generator's images for the two noise vectors, as the grid shows them.
  const Eigen::MatrixXf& zt = h.session.trainer()->z_test();
  const std::vector<uint8_t> from = h.session.generate_pixels(zt.col(3)), to = h.session.generate_pixels(zt.col(57));
  CHECK(std::equal(from.begin(), from.end(), u.walk_images.begin()));
  CHECK(std::equal(to.begin(), to.end(), u.walk_images.end() - 784));
  const std::vector<uint8_t> grid = h.session.generate_pixels(zt);
  CHECK(std::equal(from.begin(), from.end(), grid.begin() + 3 * 784));
  CHECK(std::vector<uint8_t>(u.walk_images.begin() + 4 * 784, u.walk_images.begin() + 5 * 784) != from);  // in between: neither end
  CHECK_FALSE(h.session.take_update().has_walk_images);  // sent once per refresh
  // Training refreshes the grid, and the walk with it.
  h.run_steps(3);
  h.session.train_for(5, 1e6);
  const SessionUpdate later = h.session.take_update();
  REQUIRE(later.has_walk_images);
  CHECK(later.walk_images != u.walk_images);
  CHECK(later.walk_from == 3);
  // Stopped: no walk, no images.
  walk.count = -1;
  h.session.handle(walk);
  h.run_steps(3);
  h.session.train_for(5, 2e6);
  u = h.session.take_update();
  CHECK(u.walk_from == -1);
  CHECK(u.walk_to == -1);
  CHECK_FALSE(u.has_walk_images);
}

TEST_CASE("quiz and walk messages out of bounds are refused", "[session][quiz][walk]") {
  Command back;
  for (int64_t count : {int64_t(-5), int64_t(0), int64_t(1), int64_t(kMaxQuizTiles + 1), int64_t(1) << 40}) {
    Command c = command(CommandKind::kQuiz);
    c.count = count;
    const std::vector<uint8_t> bytes = encode(c);
    CHECK_FALSE(decode(bytes.data(), bytes.size(), back));
  }
  for (int64_t count : {int64_t(-2), int64_t(10000), int64_t(1) << 40}) {
    Command c = command(CommandKind::kLatentWalk);
    c.count = count;
    const std::vector<uint8_t> bytes = encode(c);
    CHECK_FALSE(decode(bytes.data(), bytes.size(), back));
  }
  for (int64_t count : {int64_t(-1), int64_t(0), walk_count(99, 99)}) {
    Command c = command(CommandKind::kLatentWalk);
    c.count = count;
    const std::vector<uint8_t> bytes = encode(c);
    CHECK(decode(bytes.data(), bytes.size(), back));
  }
  SessionUpdate good;
  good.data = {"digits", 28, 28, {"0", "1"}};
  good.has_quiz = true;
  good.quiz_images.assign(4 * 784, 7);
  good.quiz_fake = {0, 1, 1, 0};
  good.quiz_scores = {0.5f, 0.25f, 1.0f, 0.0f};
  good.walk_from = 0;
  good.walk_to = 99;
  good.has_walk_images = true;
  good.walk_images.assign(kWalkSteps * 784, 3);
  SessionUpdate out;
  auto accepted = [&](const SessionUpdate& u) {
    const std::vector<uint8_t> bytes = encode(u);
    return decode(bytes.data(), bytes.size(), out);
  };
  REQUIRE(accepted(good));
  CHECK(out.walk_images == good.walk_images);
  SessionUpdate bad = good;
  bad.quiz_fake[1] = 2;
  CHECK_FALSE(accepted(bad));
  bad = good;
  bad.quiz_scores[0] = std::nanf("");
  CHECK_FALSE(accepted(bad));
  bad = good;
  bad.quiz_scores[0] = 1.5f;
  CHECK_FALSE(accepted(bad));
  bad = good;
  bad.quiz_images.pop_back();
  CHECK_FALSE(accepted(bad));
  bad = good;
  bad.quiz_scores.pop_back();
  CHECK_FALSE(accepted(bad));
  bad = good;
  bad.quiz_fake.assign(kMaxQuizTiles + 1, 0);
  bad.quiz_scores.assign(kMaxQuizTiles + 1, 0.5f);
  bad.quiz_images.assign(size_t(kMaxQuizTiles + 1) * 784, 0);
  CHECK_FALSE(accepted(bad));
  bad = good;
  bad.walk_from = 100;
  CHECK_FALSE(accepted(bad));
  bad = good;
  bad.walk_to = -1;
  CHECK_FALSE(accepted(bad));
  bad = good;
  bad.walk_images.resize(9 * 784);
  CHECK_FALSE(accepted(bad));
  bad = good;
  bad.walk_from = bad.walk_to = -1;  // images without a walk
  CHECK_FALSE(accepted(bad));
  bad.has_walk_images = false;
  bad.walk_images.clear();
  CHECK(accepted(bad));
  // Every truncation of a message with a round and a walk is refused.
  const std::vector<uint8_t> bytes = encode(good);
  for (size_t n = bytes.size() / 2; n < bytes.size(); n += 7) CHECK_FALSE(decode(bytes.data(), n, out));
}
