// gan-bench: training throughput of the GAN. For each preset and thread count: a warm-up, then
// several timed repetitions; prints one JSON line per setting with the median iterations/s and the
// effective GFLOP/s (the products' FLOPs counted while the repetitions ran: matmul_flops_done). Run
// with --help.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "args.hpp"
#include "core/bundled_data.hpp"
#include "core/file_io.hpp"
#include "core/matmul.hpp"
#include "core/trainer.hpp"

using namespace gan;

namespace {

const char* const kProgram = "gan-bench";
constexpr size_t kMaxDatasetBytes = size_t(1) << 30;

const char* kUsage = R"(usage: gan-bench [options]
  --preset NAME            a preset to measure (may be repeated; default book)
  --presets A,B            several presets at once
  --threads 1,2            thread counts to measure (default 1,2)
  --iterations N           iterations per timed repetition, 1 … 1000000 (default 30)
  --reps N                 timed repetitions, 1 … 100 (default 5)
  --warmup N               untimed iterations first, 0 … 1000000 (default 10)
  --dataset NAME           bundled dataset (default digits)
  --data FILE              a .gds dataset file instead
)";

int run(int argc, char** argv) {
  std::vector<std::string> presets;
  std::vector<long long> threads_list = {1, 2};
  std::string data_file = std::string(GAN_SOURCE_ASSETS_DIR) + "/" + bundled_datasets().front().data_file;
  long long iterations = 30, reps = 5, warmup = 10;
  cli::ArgParser args(kProgram, argc, argv);
  while (args.next()) {
    if (args.is("--help") || args.is("-h")) {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (args.is("--preset")) presets.push_back(args.value());
    else if (args.is("--presets")) {
      for (const std::string& p : args.list()) presets.push_back(p);
    } else if (args.is("--threads")) threads_list = args.whole_list(1, 256);
    else if (args.is("--iterations")) iterations = args.whole(1, 1000000);
    else if (args.is("--reps")) reps = args.whole(1, 100);
    else if (args.is("--warmup")) warmup = args.whole(0, 1000000);
    else if (args.is("--dataset")) {
      const std::string name = args.value();
      const BundledDataset* d = find_bundled_dataset(name);
      if (!d) args.fail("--dataset: no bundled dataset '" + name + "'");
      data_file = std::string(GAN_SOURCE_ASSETS_DIR) + "/" + d->data_file;
    } else if (args.is("--data")) data_file = args.value();
    else args.unknown();
  }
  if (presets.empty()) presets.push_back("book");
  std::vector<TrainConfig> configs;
  for (const std::string& p : presets) {  // every name checked before anything runs
    configs.emplace_back();
    if (!find_preset(p, configs.back())) cli::usage_error(kProgram, "unknown preset '" + p + "'");
  }

  std::vector<uint8_t> bytes;
  Dataset data;
  std::string err;
  if (!read_file_bounded(data_file, kMaxDatasetBytes, bytes, err)) cli::runtime_error(kProgram, err);
  if (!parse_dataset(bytes.data(), bytes.size(), data, err)) cli::runtime_error(kProgram, data_file + ": " + err);
  bytes = {};

  for (const TrainConfig& config : configs) {
    for (const long long threads : threads_list) {
      set_threads(static_cast<int>(threads));
      auto trainer = make_trainer(data, config, err);  // e.g. fewer images than one batch
      if (!trainer) cli::runtime_error(kProgram, "preset " + config.preset + ": " + err);
      if (trainer->train_iterations(static_cast<int>(warmup)) != warmup) cli::runtime_error(kProgram, trainer->error());
      std::vector<double> rates;
      const uint64_t flops_before = matmul_flops_done();
      for (long long r = 0; r < reps; ++r) {
        const auto start = std::chrono::steady_clock::now();
        if (trainer->train_iterations(static_cast<int>(iterations)) != iterations) cli::runtime_error(kProgram, trainer->error());
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        rates.push_back(static_cast<double>(iterations) / s);
      }
      // "batch": that of the first timed iteration (swift's first 3,000 take its early batch).
      const double gflop_per_iteration = static_cast<double>(matmul_flops_done() - flops_before) / 1e9 / static_cast<double>(reps * iterations);
      std::sort(rates.begin(), rates.end());
      const double median = rates[rates.size() / 2];
      std::printf("{\"preset\":\"%s\",\"threads\":%lld,\"batch\":%d,\"its_per_s\":%.2f,\"gflops\":%.1f,\"gflop_per_iteration\":%.4f,"
                  "\"min_its_per_s\":%.2f,\"max_its_per_s\":%.2f,\"reps\":%lld,\"iterations_per_rep\":%lld}\n",
                  config.preset.c_str(), threads, batch_at(config, warmup), median, median * gflop_per_iteration, gflop_per_iteration,
                  rates.front(), rates.back(), reps, iterations);
      std::fflush(stdout);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return cli::run_main(kProgram, run, argc, argv); }
