// gan-train: trains the GAN natively from the command line, printing the book's progress lines and
// writing sample grids, generated images, loss tables and checkpoints. Run with --help.
// Every output is checked before training starts and written atomically (core/file_io.hpp); Ctrl-C
// (or SIGTERM) stops after the current iteration and writes the outputs of the state reached.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iterator>
#include <new>
#include <string>

#include "args.hpp"
#include "core/bundled_data.hpp"
#include "core/file_io.hpp"
#include "core/finite.hpp"
#include "core/images.hpp"
#include "core/judge.hpp"
#include "core/png.hpp"
#include "core/tfjs_export.hpp"
#include "core/trainer.hpp"

using namespace gan;
using cli::printable;

namespace {

const char* const kProgram = "gan-train";
// Input limits: far above any real file (the bundled datasets are a few MB, a checkpoint of the
// widest allowed networks a few hundred), low enough that a wrong path cannot exhaust memory.
constexpr size_t kMaxDatasetBytes = size_t(1) << 30;
constexpr size_t kMaxCheckpointBytes = size_t(1) << 30;
constexpr size_t kMaxJudgeBytes = size_t(64) << 20;
constexpr int kJudgeImages = 1000;  // generated images scored per judgement
constexpr long long kMaxGenerateCount = 100000;  // noise vectors per --generate-from file

const char* kUsage = R"(usage: gan-train [options]
  --preset NAME            training recipe: %s (default book)
  --seed N                 seed of the whole run (default 1)
  --dataset NAME           bundled dataset: %s (default digits)
  --data FILE              a .gds dataset file instead of a bundled one
  --epochs N | --iterations N   how long to train (default 1 epoch; --iterations 0: not at all)
  --threads N              threads for the matrix products (default 1)
  --summary                print the model tables (Keras style) and exit unless training is asked for
  --print-every-epochs K   progress line every K epochs (default 1)
  --samples FILE           write generated images (fresh z) as IDX3 uint8
  --samples-count N        how many (default 100)
  --grid FILE.png          write a 10x10 grid of the fixed z_test digits
  --losses FILE.csv        write mean losses per epoch
  --save FILE              save a checkpoint at the end (and on Ctrl-C)
  --save-every N           also save it (and the losses) every N iterations
  --export-tfjs DIR        write the displayed generator as a TensorFlow.js model: DIR/model.json
                           and DIR/weights.bin (DIR must exist)
  --generate-from Z.f32    noise vectors: raw little-endian float32, 256 per image, one after another
  --generate-out IMG.f32   the generator's images for them: raw float32 in [-1, 1], one after another
  --load FILE              resume from a checkpoint (its settings win over --preset/--seed)
  --judge FILE.gjd         judge classifier (default: the bundled dataset's, when present)
  --judge-every N          score 1000 generated images every N iterations (default: every epoch)
  --set NAME=VALUE         set a training parameter; also --NAME VALUE (e.g. --d_lr 0.001)
  --list-params            list the settable parameters and their ranges
Outputs are checked before training and replaced atomically; a folder, device or pipe is never
overwritten. Ctrl-C stops after the current iteration and writes every output of the state reached.
)";

[[noreturn]] void runtime_error(const std::string& msg) { cli::runtime_error(kProgram, msg); }

// "a, b, c", or "a, b or c" with last_sep " or ".
std::string join(const std::vector<std::string>& items, const char* last_sep = ", ") {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) s += (i == 0 ? "" : i + 1 == items.size() ? last_sep : ", ") + items[i];
  return s;
}
std::string presets_list() { return join(preset_names()); }
std::string datasets_list() {
  std::vector<std::string> names;
  for (const BundledDataset& d : bundled_datasets()) names.push_back(d.name);
  return join(names, " or ");
}

std::string default_assets_dir() {
  // Next to the build tree by default; GAN_ASSETS_DIR overrides.
  if (const char* env = std::getenv("GAN_ASSETS_DIR")) return env;
  return GAN_SOURCE_ASSETS_DIR;
}

struct Options {
  TrainConfig config;
  uint64_t seed = 1;
  bool seed_given = false, summary = false;
  std::vector<std::pair<std::string, std::string>> sets;  // --set NAME=VALUE and --NAME VALUE
  const BundledDataset* dataset = &bundled_datasets().front();
  std::string data_file, samples_file, grid_file, losses_file, save_file, load_file, judge_file;
  std::string export_dir, generate_from, generate_out;
  long long epochs = -1, iterations = -1, samples_count = 100, print_every = 1, threads = 1;
  long long judge_every = 0, save_every = 0;
};

Options parse_options(int argc, char** argv) {
  Options o;
  cli::ArgParser args(kProgram, argc, argv);
  while (args.next()) {
    if (args.is("--help") || args.is("-h")) {
      std::printf(kUsage, presets_list().c_str(), datasets_list().c_str());
      std::exit(0);
    } else if (args.is("--preset")) {
      const std::string name = args.value();
      if (!find_preset(name, o.config)) args.fail("unknown preset '" + name + "' (choose from " + presets_list() + ")");
    } else if (args.is("--seed")) {
      o.seed = static_cast<uint64_t>(args.whole(0, cli::kMaxSeed));
      o.seed_given = true;
    } else if (args.is("--dataset")) {
      const std::string name = args.value();
      o.dataset = find_bundled_dataset(name);
      if (!o.dataset) args.fail("--dataset must be " + datasets_list() + ", not '" + name + "'");
    } else if (args.is("--data")) o.data_file = args.value();
    else if (args.is("--epochs")) o.epochs = args.whole(1, 1000000);
    else if (args.is("--iterations")) o.iterations = args.whole(0, 1000000000);
    else if (args.is("--threads")) o.threads = args.whole(1, 256);
    else if (args.is("--summary")) o.summary = true;
    else if (args.is("--print-every-epochs")) o.print_every = args.whole(1, 1000000);
    else if (args.is("--samples")) o.samples_file = args.value();
    else if (args.is("--samples-count")) o.samples_count = args.whole(1, 100000);
    else if (args.is("--grid")) o.grid_file = args.value();
    else if (args.is("--losses")) o.losses_file = args.value();
    else if (args.is("--save")) o.save_file = args.value();
    else if (args.is("--save-every")) o.save_every = args.whole(1, 1000000000);
    else if (args.is("--load")) o.load_file = args.value();
    else if (args.is("--judge")) o.judge_file = args.value();
    else if (args.is("--export-tfjs")) o.export_dir = args.value();
    else if (args.is("--generate-from")) o.generate_from = args.value();
    else if (args.is("--generate-out")) o.generate_out = args.value();
    else if (args.is("--judge-every")) o.judge_every = args.whole(1, 1000000000);
    else if (args.is("--list-params")) {
      for (const auto& p : param_table())
        std::printf("%-12s [%g, %g]%s  %s\n", p.name, p.min, p.max, p.integer ? " integer" : "", p.help);
      std::printf("%-12s sgd|adam     discriminator optimizer\n%-12s sgd|adam     generator optimizer\n", "d_optimizer",
                  "g_optimizer");
      std::exit(0);
    } else if (args.is("--set")) {
      const std::string kv = args.value();
      const size_t eq = kv.find('=');
      if (eq == std::string::npos) args.fail("--set needs NAME=VALUE, not '" + kv + "'");
      o.sets.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    } else if (args.flag().rfind("--", 0) == 0 && args.flag().size() > 2) {
      std::string name = args.flag().substr(2);
      for (char& c : name)
        if (c == '-') c = '_';
      if (!find_param(name) && name != "d_optimizer" && name != "g_optimizer") args.unknown();
      o.sets.emplace_back(name, args.value());
    } else {
      args.unknown();
    }
  }
  auto usage_error = [](const std::string& msg) { cli::usage_error(kProgram, msg); };
  if (o.epochs > 0 && o.iterations >= 0) usage_error("give --epochs or --iterations, not both");
  if (o.generate_from.empty() != o.generate_out.empty()) usage_error("--generate-from and --generate-out go together");
  if (!o.export_dir.empty() && o.export_dir.back() != '/') o.export_dir += '/';
  o.config.seed = o.seed;                // --seed and parameters apply on top of --preset,
  for (const auto& [name, v] : o.sets) {  // whatever the order they were given in
    std::string err;
    if (!set_param(o.config, name, v, err)) usage_error(err);
  }
  const std::string invalid = validate(o.config);
  if (!invalid.empty()) usage_error(invalid);
  if (!o.load_file.empty() && (o.seed_given || !o.sets.empty()))
    usage_error("--load restores the checkpoint's own settings; do not combine it with --seed or parameters");
  if (o.save_every > 0 && o.save_file.empty()) usage_error("--save-every needs --save FILE");
  return o;
}

// Fails before any training when an output cannot be written (missing folder, a device or folder
// in the way) or two outputs name the same file, so a long run never ends in a lost result.
void check_outputs(const Options& o) {
  const bool tfjs = !o.export_dir.empty();
  const std::pair<const char*, std::string> outputs[] = {
      {"--samples", o.samples_file},
      {"--grid", o.grid_file},
      {"--losses", o.losses_file},
      {"--save", o.save_file},
      {"--generate-out", o.generate_out},
      {"--export-tfjs", tfjs ? o.export_dir + "model.json" : ""},
      {"--export-tfjs", tfjs ? o.export_dir + kTfjsWeightsFile : ""}};
  for (size_t i = 0; i < std::size(outputs); ++i) {
    const std::string& path = outputs[i].second;
    if (path.empty()) continue;
    std::string err;
    if (!check_writable_target(path, err)) runtime_error(err);
    for (size_t j = 0; j < i; ++j)
      if (path == outputs[j].second)
        cli::usage_error(kProgram, std::string(outputs[j].first) + " and " + outputs[i].first + " name the same file");
  }
}

// --generate-from: n noise vectors as raw float32 (kNoiseSize each), checked whole before training.
Eigen::MatrixXf load_noise(const std::string& path) {
  std::vector<uint8_t> bytes;
  std::string err;
  const size_t per_z = kNoiseSize * sizeof(float);
  if (!read_file_bounded(path, per_z * kMaxGenerateCount, bytes, err)) runtime_error(err);
  if (bytes.empty() || bytes.size() % per_z != 0)
    runtime_error(path + ": needs whole noise vectors of " + std::to_string(kNoiseSize) + " float32 (" + std::to_string(per_z) +
                  " bytes each), not " + std::to_string(bytes.size()) + " bytes");
  Eigen::MatrixXf z(kNoiseSize, static_cast<Eigen::Index>(bytes.size() / per_z));
  std::memcpy(z.data(), bytes.data(), bytes.size());  // little-endian hosts only, as everywhere
  if (!all_finite(z)) runtime_error(path + ": the noise holds values that are not finite");
  return z;
}

std::vector<uint8_t> idx3_bytes(const Eigen::MatrixXf& images, int rows, int cols) {
  std::vector<uint8_t> bytes;
  bytes.reserve(16 + static_cast<size_t>(images.size()));
  auto be32 = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) bytes.push_back(static_cast<uint8_t>(v >> s));
  };
  be32(0x00000803);
  be32(static_cast<uint32_t>(images.cols()));
  be32(static_cast<uint32_t>(rows));
  be32(static_cast<uint32_t>(cols));
  for (Eigen::Index j = 0; j < images.cols(); ++j)
    for (Eigen::Index i = 0; i < images.rows(); ++i) bytes.push_back(unit_to_pixel(images(i, j)));
  return bytes;
}

void write_or_die(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::string err;
  if (!write_file_atomic(path, bytes, err)) runtime_error(err);
}
void write_or_die(const std::string& path, const std::string& text) {
  write_or_die(path, std::vector<uint8_t>(text.begin(), text.end()));
}

// The dataset named by --data or --dataset; read with a size bound, never from a device.
Dataset load_data(const Options& o) {
  const std::string path = o.data_file.empty() ? default_assets_dir() + "/" + o.dataset->data_file : o.data_file;
  std::vector<uint8_t> bytes;
  Dataset data;
  std::string err;
  if (!read_file_bounded(path, kMaxDatasetBytes, bytes, err)) runtime_error(err);
  if (!parse_dataset(bytes.data(), bytes.size(), data, err)) runtime_error(path + ": " + err);
  return data;
}

// The judge for the data: --judge FILE, or the bundled judge of a bundled dataset. The dataset's
// name (read from its file) only ever selects a row of the bundled table, never builds a path.
// False when there is none to use.
bool load_judge(const Options& o, const Dataset& data, Judge& judge) {
  std::string path = o.judge_file;
  if (path.empty()) {
    const BundledDataset* bundled = find_bundled_dataset(data.name);
    if (!bundled) {
      cli::note(kProgram, "note: no bundled judge for the dataset '" + data.name + "'; scores need --judge FILE.gjd");
      return false;
    }
    path = default_assets_dir() + "/" + bundled->judge_file;
    if (::access(path.c_str(), F_OK) != 0) return false;  // assets without judges: train unjudged
  }
  std::vector<uint8_t> bytes;
  std::string err;
  if (!read_file_bounded(path, kMaxJudgeBytes, bytes, err)) runtime_error(err);
  if (!judge.parse(bytes.data(), bytes.size(), err)) runtime_error(path + ": " + err);
  if (!judge.compatible(data, err)) {
    if (!o.judge_file.empty()) runtime_error(path + ": " + err);
    // Only the name matched the bundled data; this is other data of that name.
    cli::note(kProgram, "note: the bundled judge does not fit this data (" + err + "); training without scores");
    return false;
  }
  // The real-data reference leaves out the images train_judge held out, by the page's rule
  // (App::judge_holdout): kJudgeHoldout, or a tenth of a smaller dataset.
  const int holdout = judge_holdout(data.count);
  if (!judge.set_reference(data, 0, data.count - holdout, err)) runtime_error(path + ": " + err);
  return true;
}

class ProgressBar {
 public:
  explicit ProgressBar(long long total) : total_(total), enabled_(isatty(STDERR_FILENO) && total > 0) {}
  void update(long long done, double its_per_s) {
    if (!enabled_) return;
    const int width = 30, filled = static_cast<int>(width * done / total_);
    std::fprintf(stderr, "\r[%s%s] %lld/%lld it  %.1f it/s ", std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), done, total_, its_per_s);
    std::fflush(stderr);
  }
  void clear() {
    if (enabled_) std::fprintf(stderr, "\r%80s\r", "");
  }

 private:
  long long total_;
  bool enabled_;
};

// Set by SIGINT/SIGTERM; the training loop polls it between iterations. SA_RESETHAND: a second
// Ctrl-C kills at once, for when writing the outputs itself hangs.
volatile std::sig_atomic_t g_stop_signal = 0;
extern "C" void on_stop_signal(int sig) { g_stop_signal = sig; }
void install_stop_handlers() {
  struct sigaction sa = {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int run(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  check_outputs(o);
  const Dataset data = load_data(o);
  const Eigen::MatrixXf generate_noise = o.generate_from.empty() ? Eigen::MatrixXf() : load_noise(o.generate_from);
  set_threads(static_cast<int>(o.threads));

  std::string err;
  std::unique_ptr<Trainer> trainer;
  if (!o.load_file.empty()) {
    std::vector<uint8_t> bytes;
    if (!read_file_bounded(o.load_file, kMaxCheckpointBytes, bytes, err) ||
        !load_checkpoint(bytes.data(), bytes.size(), data, trainer, err))
      runtime_error(o.load_file + ": " + err);
    std::printf("resumed '%s' at iteration %lld (epoch %lld), preset %s, seed %llu\n", printable(o.load_file).c_str(),
                static_cast<long long>(trainer->iteration()), static_cast<long long>(trainer->epoch()),
                printable(trainer->config().preset).c_str(), static_cast<unsigned long long>(trainer->config().seed));
  } else {
    trainer = make_trainer(data, o.config, err);
    if (!trainer) runtime_error(err);
  }
  // The judge scores generated images as training goes (see core/judge.hpp).
  Judge judge;
  const bool judging = load_judge(o, data, judge);
  const Eigen::MatrixXf judge_noise = trainer->sample_noise(kJudgeImages, kJudgeNoiseSeed);
  auto judge_now = [&]() {
    Eigen::MatrixXf images;
    trainer->generate(judge_noise, images);
    return judge.score(images);
  };

  if (o.summary) {
    std::fputs(model_summary(*trainer).c_str(), stdout);
    if (o.epochs < 0 && o.iterations < 0) return 0;
  }

  // The loss table is kept in memory and written whole (atomically) with the other outputs.
  std::string csv = std::string("epoch,iteration,d_loss,g_loss,d_real,d_fake") +
                    (judging ? ",classes_present,confidence,inception_score,frechet" : "") + "\n";
  auto write_checkpoint_and_losses = [&]() {
    if (!o.losses_file.empty()) write_or_die(o.losses_file, csv);
    if (!o.save_file.empty()) write_or_die(o.save_file, save_checkpoint(*trainer));
  };
  auto write_outputs = [&]() {
    if (!o.grid_file.empty()) {
      Eigen::MatrixXf images;
      trainer->generate_test(images);
      int w, h;
      const auto px = tile_grid(images, data.rows, data.cols, 10, 2, w, h);
      if (!write_png_grey(o.grid_file, px, w, h, 2, err)) runtime_error(err);
    }
    if (!o.samples_file.empty()) {
      Eigen::MatrixXf images;
      trainer->generate(trainer->sample_noise(static_cast<int>(o.samples_count), trainer->config().seed + 0x5A17u), images);
      write_or_die(o.samples_file, idx3_bytes(images, data.rows, data.cols));
    }
    if (!o.generate_out.empty()) {
      Eigen::MatrixXf images;
      trainer->generate(generate_noise, images);
      write_or_die(o.generate_out, std::vector<uint8_t>(reinterpret_cast<const uint8_t*>(images.data()),
                                                        reinterpret_cast<const uint8_t*>(images.data() + images.size())));
    }
    if (!o.export_dir.empty()) {  // the weights first: model.json never names a file not yet there
      const TfjsModel model = export_tfjs(*trainer);
      write_or_die(o.export_dir + kTfjsWeightsFile, model.weights);
      write_or_die(o.export_dir + "model.json", model.model_json);
    }
    write_checkpoint_and_losses();
  };

  const long long per_epoch = trainer->iterations_per_epoch();
  const long long total = o.iterations >= 0 ? o.iterations : (o.epochs > 0 ? o.epochs : 1) * per_epoch;
  install_stop_handlers();
  ProgressBar bar(total);
  IterationMetrics sum;
  long long in_epoch = 0;
  const auto start = std::chrono::steady_clock::now();
  for (long long done = 0; done < total; ++done) {
    if (g_stop_signal) {
      bar.clear();
      const int sig = g_stop_signal;
      cli::note(kProgram, "interrupted at iteration " + std::to_string(trainer->iteration()) + "; writing the outputs");
      write_outputs();
      return 128 + sig;
    }
    const int64_t epoch_before = trainer->epoch();
    if (!trainer->step()) {
      bar.clear();
      runtime_error(trainer->error());
    }
    const IterationMetrics& m = trainer->last();
    sum.d_loss += m.d_loss, sum.g_loss += m.g_loss, sum.d_real += m.d_real, sum.d_fake += m.d_fake;
    ++in_epoch;
    const bool epoch_done = trainer->epoch() != epoch_before;
    const bool judge_due = judging && (o.judge_every > 0 ? trainer->iteration() % o.judge_every == 0 : epoch_done);
    JudgeScores scores;
    if (judge_due) {
      scores = judge_now();
      bar.clear();
      std::printf("judge @ %6lld: classes %2d/%zu  confidence %.3f  IS %.2f  FD %.2f\n",
                  static_cast<long long>(trainer->iteration()), scores.classes_present, scores.class_fraction.size(),
                  scores.confidence, scores.inception_score, scores.frechet);
      std::fflush(stdout);
    }
    if (epoch_done || done + 1 == total) {
      const double n = static_cast<double>(in_epoch);
      char row[256];
      std::snprintf(row, sizeof row, "%lld,%lld,%.6f,%.6f,%.6f,%.6f", static_cast<long long>(trainer->epoch()),
                    static_cast<long long>(trainer->iteration()), sum.d_loss / n, sum.g_loss / n, sum.d_real / n,
                    sum.d_fake / n);
      csv += row;
      if (judging && !o.losses_file.empty()) {
        if (!judge_due) scores = judge_now();
        std::snprintf(row, sizeof row, ",%d,%.4f,%.4f,%.4f", scores.classes_present, scores.confidence,
                      scores.inception_score, scores.frechet);
        csv += row;
      }
      csv += "\n";
      if (epoch_done && trainer->epoch() % o.print_every == 0) {
        bar.clear();
        std::printf("epoch: %04lld   d_loss = %.6f  g_loss = %.6f\n", static_cast<long long>(trainer->epoch()),
                    sum.d_loss / n, sum.g_loss / n);
        std::fflush(stdout);
      }
      sum = {};
      in_epoch = 0;
    }
    if (o.save_every > 0 && trainer->iteration() % o.save_every == 0 && done + 1 < total) write_checkpoint_and_losses();
    if ((done & 15) == 0 || done + 1 == total) {
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      bar.update(done + 1, s > 0 ? (done + 1) / s : 0);
    }
  }
  bar.clear();
  write_outputs();
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return cli::run_main(kProgram, run, argc, argv); }
