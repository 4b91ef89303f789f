// gan-bench: training throughput of the GAN. For each preset and thread count: a warm-up, then
// several timed repetitions; prints one JSON line per setting with the median iterations/s and the
// effective GFLOP/s. Run with --help.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "core/trainer.hpp"

using namespace gan;

namespace {

// 2·M·N·K summed over the products one iteration needs at batch 100: G forward (twice, for the
// D and G steps), D forward and weight gradients on 200 images, D forward and input gradient on
// 100, G weight and input gradients (no input gradient for z).
constexpr double kFlopsPerIteration = 1447116800.0;

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');) out.push_back(item);
  return out;
}

[[noreturn]] void usage_error(const std::string& msg) {
  std::fprintf(stderr, "gan-bench: %s\nusage: gan-bench [--presets book,fast] [--threads 1,2] [--iterations N] [--reps N] [--data FILE]\n",
               msg.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string presets = "book", threads_list = "1,2", data_file = std::string(GAN_SOURCE_ASSETS_DIR) + "/digits.gds";
  int iterations = 30, reps = 5, warmup = 10;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help") usage_error("measures training iterations per second");
    if (i + 1 >= argc) usage_error(a + " needs a value");
    const std::string v = argv[++i];
    if (a == "--presets") presets = v;
    else if (a == "--threads") threads_list = v;
    else if (a == "--iterations") iterations = std::atoi(v.c_str());
    else if (a == "--reps") reps = std::atoi(v.c_str());
    else if (a == "--warmup") warmup = std::atoi(v.c_str());
    else if (a == "--data") data_file = v;
    else usage_error("unknown argument '" + a + "'");
  }
  if (iterations < 1 || reps < 1 || warmup < 0) usage_error("--iterations and --reps must be at least 1");
  Dataset data;
  std::string err;
  if (!load_dataset_file(data_file, data, err)) {
    std::fprintf(stderr, "gan-bench: %s\n", err.c_str());
    return 1;
  }
  for (const std::string& preset : split(presets)) {
    TrainConfig config;
    if (!find_preset(preset, config)) usage_error("unknown preset '" + preset + "'");
    for (const std::string& t : split(threads_list)) {
      const int threads = std::atoi(t.c_str());
      if (threads < 1) usage_error("bad thread count '" + t + "'");
      set_threads(threads);
      auto trainer = make_trainer(data, config, err);
      trainer->train_iterations(warmup);
      std::vector<double> rates;
      for (int r = 0; r < reps; ++r) {
        const auto start = std::chrono::steady_clock::now();
        if (trainer->train_iterations(iterations) != iterations) {
          std::fprintf(stderr, "gan-bench: %s\n", trainer->error().c_str());
          return 1;
        }
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        rates.push_back(iterations / s);
      }
      std::vector<double> sorted = rates;
      std::sort(sorted.begin(), sorted.end());
      const double median = sorted[sorted.size() / 2];
      std::printf("{\"preset\":\"%s\",\"threads\":%d,\"batch\":%d,\"its_per_s\":%.2f,\"gflops\":%.1f,\"min_its_per_s\":%.2f,"
                  "\"max_its_per_s\":%.2f,\"reps\":%d,\"iterations_per_rep\":%d}\n",
                  preset.c_str(), threads, config.batch, median, median * kFlopsPerIteration / 1e9, sorted.front(),
                  sorted.back(), reps, iterations);
      std::fflush(stdout);
    }
  }
  return 0;
}
