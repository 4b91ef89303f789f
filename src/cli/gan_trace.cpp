// gan-trace: prints the per-iteration metrics of a seeded run, one line per iteration, with every
// digit a float carries. Built natively and for wasm so the two can be compared line by line.
//   gan-trace [--preset NAME] [--seed N] [--iterations N]
#include <cstdio>
#include <exception>
#include <new>
#include <string>

#include "args.hpp"
#include "core/bundled_data.hpp"
#include "core/file_io.hpp"
#include "core/trainer.hpp"

namespace {

const char* const kProgram = "gan-trace";
constexpr size_t kMaxDatasetBytes = size_t(1) << 30;

int run(int argc, char** argv) {
  gan::TrainConfig config;
  long long iterations = 10;
  gan::cli::ArgParser args(kProgram, argc, argv);
  while (args.next()) {
    if (args.is("--preset")) {
      const std::string name = args.value();
      if (!gan::find_preset(name, config)) args.fail("unknown preset '" + name + "'");
    } else if (args.is("--seed")) config.seed = static_cast<uint64_t>(args.whole(0, gan::cli::kMaxSeed));
    else if (args.is("--iterations")) iterations = args.whole(1, 1000000);
    else args.unknown();
  }
  const std::string path = std::string(GAN_SOURCE_ASSETS_DIR) + "/" + gan::bundled_datasets().front().data_file;
  std::vector<uint8_t> bytes;
  gan::Dataset data;
  std::string err;
  if (!gan::read_file_bounded(path, kMaxDatasetBytes, bytes, err)) gan::cli::runtime_error(kProgram, err);
  if (!gan::parse_dataset(bytes.data(), bytes.size(), data, err)) gan::cli::runtime_error(kProgram, path + ": " + err);
  auto trainer = gan::make_trainer(data, config, err);
  if (!trainer) gan::cli::runtime_error(kProgram, err);
  for (long long i = 0; i < iterations; ++i) {
    if (!trainer->step()) gan::cli::runtime_error(kProgram, trainer->error());
    const auto& m = trainer->last();
    std::printf("%lld %.9g %.9g %.9g %.9g\n", i + 1, m.d_loss, m.g_loss, m.d_real, m.d_fake);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return gan::cli::run_main(kProgram, run, argc, argv); }
