// gan-train: trains the GAN natively from the command line, printing the book's progress lines and
// writing sample grids, generated images, loss tables and checkpoints. Run with --help.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/images.hpp"
#include "core/judge.hpp"
#include "core/trainer.hpp"
#include "png.hpp"

using namespace gan;

namespace {

const char* kUsage = R"(usage: gan-train [options]
  --preset NAME            training recipe: %s (default book)
  --seed N                 seed of the whole run (default 1)
  --dataset digits|fashion bundled dataset (default digits)
  --data FILE              a .gds dataset file instead of a bundled one
  --epochs N | --iterations N   how long to train (default 1 epoch)
  --threads N              threads for the matrix products (default 1)
  --summary                print the model tables (Keras style) and exit unless training is asked for
  --print-every-epochs K   progress line every K epochs (default 1)
  --samples FILE           write generated images (fresh z) as IDX3 uint8
  --samples-count N        how many (default 100)
  --grid FILE.png          write a 10x10 grid of the fixed z_test digits
  --losses FILE.csv        write mean losses per epoch
  --save FILE              save a checkpoint at the end
  --load FILE              resume from a checkpoint (its settings win over --preset/--seed)
  --judge FILE.gjd         judge classifier (default: assets/DATASET.gjd when present)
  --judge-every N          score 1000 generated images every N iterations (default: every epoch)
  --set NAME=VALUE         set a training parameter; also --NAME VALUE (e.g. --d_lr 0.001)
  --list-params            list the settable parameters and their ranges
)";

[[noreturn]] void usage_error(const std::string& msg) {
  std::fprintf(stderr, "gan-train: %s\n(try gan-train --help)\n", msg.c_str());
  std::exit(2);
}
[[noreturn]] void runtime_error(const std::string& msg) {
  std::fprintf(stderr, "gan-train: %s\n", msg.c_str());
  std::exit(1);
}

long long parse_int(const std::string& flag, const std::string& v, long long lo, long long hi) {
  char* end = nullptr;
  const long long n = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n < lo || n > hi)
    usage_error(flag + " needs a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], not '" + v + "'");
  return n;
}

std::string presets_list() {
  std::string s;
  for (const auto& n : preset_names()) s += (s.empty() ? "" : ", ") + n;
  return s;
}

std::string default_assets_dir() {
  // Next to the build tree by default; GAN_ASSETS_DIR overrides.
  if (const char* env = std::getenv("GAN_ASSETS_DIR")) return env;
  return GAN_SOURCE_ASSETS_DIR;
}

// Fails early (before any training) when an output file cannot be created, so a long run never
// ends in a lost result.
void check_writable(const std::string& path) {
  if (path.empty()) return;
  std::FILE* existing = std::fopen(path.c_str(), "rb");
  if (existing) std::fclose(existing);
  std::FILE* f = std::fopen(path.c_str(), "ab");
  if (!f) runtime_error("cannot create '" + path + "'");
  std::fclose(f);
  if (!existing) std::remove(path.c_str());
}

void write_idx3(const std::string& path, const Eigen::MatrixXf& images, int rows, int cols) {
  std::vector<uint8_t> bytes;
  auto be32 = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) bytes.push_back(static_cast<uint8_t>(v >> s));
  };
  be32(0x00000803);
  be32(static_cast<uint32_t>(images.cols()));
  be32(static_cast<uint32_t>(rows));
  be32(static_cast<uint32_t>(cols));
  for (Eigen::Index j = 0; j < images.cols(); ++j)
    for (Eigen::Index i = 0; i < images.rows(); ++i) bytes.push_back(to_pixel(images(i, j)));
  std::string err;
  if (!write_file(path, bytes, err)) runtime_error(err);
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

}  // namespace

int main(int argc, char** argv) {
  TrainConfig config;
  std::string judge_file;
  long long judge_every = 0;
  std::string dataset = "digits", data_file, samples_file, grid_file, losses_file, save_file, load_file;
  long long epochs = -1, iterations = -1, samples_count = 100, print_every = 1, threads = 1;
  bool summary = false, seed_given = false;
  uint64_t seed = 1;
  std::vector<std::pair<std::string, std::string>> sets;

  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::printf(kUsage, presets_list().c_str());
      return 0;
    } else if (a == "--preset") {
      const std::string name = value();
      if (!find_preset(name, config)) usage_error("unknown preset '" + name + "' (choose from " + presets_list() + ")");
    } else if (a == "--seed") {
      seed = static_cast<uint64_t>(parse_int(a, value(), 0, (1LL << 53)));
      seed_given = true;
    } else if (a == "--dataset") {
      dataset = value();
      if (dataset != "digits" && dataset != "fashion") usage_error("--dataset must be digits or fashion");
    } else if (a == "--data") data_file = value();
    else if (a == "--epochs") epochs = parse_int(a, value(), 1, 1000000);
    else if (a == "--iterations") iterations = parse_int(a, value(), 1, 1000000000);
    else if (a == "--threads") threads = parse_int(a, value(), 1, 256);
    else if (a == "--summary") summary = true;
    else if (a == "--print-every-epochs") print_every = parse_int(a, value(), 1, 1000000);
    else if (a == "--samples") samples_file = value();
    else if (a == "--samples-count") samples_count = parse_int(a, value(), 1, 1000000);
    else if (a == "--grid") grid_file = value();
    else if (a == "--losses") losses_file = value();
    else if (a == "--save") save_file = value();
    else if (a == "--load") load_file = value();
    else if (a == "--judge") judge_file = value();
    else if (a == "--judge-every") judge_every = parse_int(a, value(), 1, 1000000000);
    else if (a == "--list-params") {
      for (const auto& p : param_table()) std::printf("%-12s [%g, %g]%s  %s\n", p.name, p.min, p.max, p.integer ? " integer" : "", p.help);
      std::printf("%-12s sgd|adam     discriminator optimizer\n%-12s sgd|adam     generator optimizer\n", "d_optimizer", "g_optimizer");
      return 0;
    } else if (a == "--set") {
      const std::string kv = value();
      const size_t eq = kv.find('=');
      if (eq == std::string::npos) usage_error("--set needs NAME=VALUE, not '" + kv + "'");
      sets.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    } else if (a.rfind("--", 0) == 0 && a.size() > 2) {
      std::string name = a.substr(2);
      for (char& c : name)
        if (c == '-') c = '_';
      sets.emplace_back(name, value());
    } else {
      usage_error("unknown argument '" + a + "'");
    }
  }
  if (epochs > 0 && iterations > 0) usage_error("give --epochs or --iterations, not both");
  config.seed = seed;                    // --seed and parameters apply on top of --preset,
  for (const auto& [name, v] : sets) {  // whatever the order they were given in
    std::string err;
    if (!set_param(config, name, v, err)) usage_error(err);
  }
  {
    const std::string err = validate(config);
    if (!err.empty()) usage_error(err);
  }
  if (!load_file.empty() && (seed_given || !sets.empty()))
    usage_error("--load restores the checkpoint's own settings; do not combine it with --seed or parameters");

  for (const std::string* out : {&samples_file, &grid_file, &losses_file, &save_file}) check_writable(*out);

  Dataset data;
  std::string err;
  const std::string path = data_file.empty() ? default_assets_dir() + "/" + dataset + ".gds" : data_file;
  if (!load_dataset_file(path, data, err)) runtime_error(err);
  set_threads(static_cast<int>(threads));

  std::unique_ptr<Trainer> trainer;
  if (!load_file.empty()) {
    std::vector<uint8_t> bytes;
    if (!read_file(load_file, bytes, err) || !load_checkpoint(bytes.data(), bytes.size(), data, trainer, err))
      runtime_error(load_file + ": " + err);
    std::printf("resumed '%s' at iteration %lld (epoch %lld), preset %s, seed %llu\n", load_file.c_str(),
                static_cast<long long>(trainer->iteration()), static_cast<long long>(trainer->epoch()),
                trainer->config().preset.c_str(), static_cast<unsigned long long>(trainer->config().seed));
  } else {
    trainer = make_trainer(data, config, err);
    if (!trainer) usage_error(err);
  }
  // The judge scores generated images as training goes (see core/judge.hpp).
  Judge judge;
  bool judging = false;
  {
    const std::string path = judge_file.empty() ? default_assets_dir() + "/" + data.name + ".gjd" : judge_file;
    std::FILE* probe = std::fopen(path.c_str(), "rb");
    if (probe) std::fclose(probe);
    if (probe || !judge_file.empty()) {
      if (!judge.load_file(path, err)) runtime_error(err);
      if (judge.dataset() != data.name) runtime_error(path + ": a judge for '" + judge.dataset() + "', not for '" + data.name + "'");
      judge.set_reference(dataset_images(data, 0, data.count));
      judging = true;
    }
  }
  const Eigen::MatrixXf judge_noise = trainer->sample_noise(1000, 0x10D6E);  // the same for every run
  auto judge_now = [&]() {
    Eigen::MatrixXf images;
    trainer->generate(judge_noise, images);
    return judge.score(images);
  };

  if (summary) {
    std::fputs(model_summary(*trainer).c_str(), stdout);
    if (epochs < 0 && iterations < 0) return 0;
  }

  const long long per_epoch = trainer->iterations_per_epoch();
  const long long total = iterations > 0 ? iterations : (epochs > 0 ? epochs : 1) * per_epoch;
  std::FILE* csv = nullptr;
  if (!losses_file.empty()) {
    csv = std::fopen(losses_file.c_str(), "w");
    if (!csv) runtime_error("cannot create '" + losses_file + "'");
    std::fprintf(csv, "epoch,iteration,d_loss,g_loss,d_real,d_fake%s\n",
                 judging ? ",classes_present,confidence,inception_score,frechet" : "");
  }
  ProgressBar bar(total);
  IterationMetrics sum;
  long long in_epoch = 0;
  const auto start = std::chrono::steady_clock::now();
  for (long long done = 0; done < total; ++done) {
    const int64_t epoch_before = trainer->epoch();
    if (!trainer->step()) {
      bar.clear();
      runtime_error(trainer->error());
    }
    const IterationMetrics& m = trainer->last();
    sum.d_loss += m.d_loss, sum.g_loss += m.g_loss, sum.d_real += m.d_real, sum.d_fake += m.d_fake;
    ++in_epoch;
    const bool epoch_done = trainer->epoch() != epoch_before;
    const bool judge_due = judging && (judge_every > 0 ? trainer->iteration() % judge_every == 0 : epoch_done);
    JudgeScores scores;
    if (judge_due) {
      scores = judge_now();
      bar.clear();
      std::printf("judge @ %6lld: classes %2d/%zu  confidence %.3f  IS %.2f  FD %.2f\n", static_cast<long long>(trainer->iteration()),
                  scores.classes_present, scores.class_fraction.size(), scores.confidence, scores.inception_score, scores.frechet);
      std::fflush(stdout);
    }
    if (epoch_done || done + 1 == total) {
      const double n = static_cast<double>(in_epoch);
      if (csv) {
        std::fprintf(csv, "%lld,%lld,%.6f,%.6f,%.6f,%.6f", static_cast<long long>(trainer->epoch()),
                     static_cast<long long>(trainer->iteration()), sum.d_loss / n, sum.g_loss / n, sum.d_real / n, sum.d_fake / n);
        if (judging) {
          if (!judge_due) scores = judge_now();
          std::fprintf(csv, ",%d,%.4f,%.4f,%.4f", scores.classes_present, scores.confidence, scores.inception_score, scores.frechet);
        }
        std::fprintf(csv, "\n");
      }
      if (epoch_done && trainer->epoch() % print_every == 0) {
        bar.clear();
        std::printf("epoch: %04lld   d_loss = %.6f  g_loss = %.6f\n", static_cast<long long>(trainer->epoch()), sum.d_loss / n,
                    sum.g_loss / n);
        std::fflush(stdout);
      }
      sum = {};
      in_epoch = 0;
    }
    if ((done & 15) == 0 || done + 1 == total) {
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      bar.update(done + 1, s > 0 ? (done + 1) / s : 0);
    }
  }
  bar.clear();
  if (csv) std::fclose(csv);

  if (!grid_file.empty()) {
    Eigen::MatrixXf images;
    trainer->generate_test(images);
    int w, h;
    const auto px = tile_grid(images, data.rows, data.cols, 10, 2, w, h);
    if (!write_png_grey(grid_file, px, w, h, 2)) runtime_error("cannot write '" + grid_file + "'");
  }
  if (!samples_file.empty()) {
    Eigen::MatrixXf images;
    trainer->generate(trainer->sample_noise(static_cast<int>(samples_count), trainer->config().seed + 0x5A17u), images);
    write_idx3(samples_file, images, data.rows, data.cols);
  }
  if (!save_file.empty()) {
    if (!write_file(save_file, save_checkpoint(*trainer), err)) runtime_error(err);
  }
  return 0;
}
