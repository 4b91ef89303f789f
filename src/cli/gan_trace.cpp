// gan-trace: prints the per-iteration metrics of a seeded run, one line per iteration, with every
// digit a float carries. Built natively and for wasm so the two can be compared line by line.
//   gan-trace [--preset NAME] [--seed N] [--iterations N]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/trainer.hpp"

int main(int argc, char** argv) {
  gan::TrainConfig config;
  int iterations = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--preset" && gan::find_preset(v, config)) continue;
    if (a == "--seed") config.seed = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--iterations") iterations = std::atoi(v.c_str());
    else {
      std::fprintf(stderr, "gan-trace: bad argument '%s %s'\n", a.c_str(), v.c_str());
      return 2;
    }
  }
  gan::Dataset data;
  std::string err;
  if (!gan::load_dataset_file(std::string(GAN_SOURCE_ASSETS_DIR) + "/digits.gds", data, err)) {
    std::fprintf(stderr, "gan-trace: %s\n", err.c_str());
    return 1;
  }
  gan::Trainer trainer(data, config);
  for (int i = 0; i < iterations; ++i) {
    if (!trainer.step()) {
      std::fprintf(stderr, "gan-trace: %s\n", trainer.error().c_str());
      return 1;
    }
    const auto& m = trainer.last();
    std::printf("%d %.9g %.9g %.9g %.9g\n", i + 1, m.d_loss, m.g_loss, m.d_real, m.d_fake);
  }
  return 0;
}
