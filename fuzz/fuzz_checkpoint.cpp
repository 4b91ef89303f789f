// libFuzzer target for the checkpoint reader (load_checkpoint), against a fixed tiny dataset of six
// 2×2 images, so that a checkpoint is a few KB and a loaded trainer steps in microseconds.
// The CRC-32 sits in the last 4 bytes and covers everything before them; random bytes almost never
// match it, so each input is loaded twice: as is (the real path), and with the CRC fixed up, which
// takes the fuzzer to the deeper checks. What loads must save and load again, and train without
// crashing or hanging (an all-zero RNG state used to hang the next shuffle).
// Seeds: GAN_FUZZ_WRITE_SEEDS=fuzz/corpus/checkpoint build/.../fuzz_checkpoint writes the committed
// seed files (tiny trainers after a few steps) and exits; book_sgd_g_format2.ckpt is kept from
// before format 3 (a reader of older files is a reader too), and the others written before format 4
// are format 3.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "../tests/tiny_dataset.hpp"
#include "core/file_io.hpp"
#include "core/bytes.hpp"
#include "core/trainer.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

const gan::Dataset& tiny() { return gan::test::tiny_dataset(); }

void write_seeds(const std::string& dir) {
  struct Seed {
    const char* file;
    const char* preset;
    float g_ema;
    gan::OptimizerKind g_kind;
    int iterations;
  } seeds[] = {{"book_sgd_g", "book", 0, gan::OptimizerKind::kSgd, 3},
               {"book_adam_g", "book", 0, gan::OptimizerKind::kAdam, 4},
               {"fast_ema", "fast", 0.9f, gan::OptimizerKind::kAdam, 5},
               {"swift_reuse_fakes", "swift", 0.9f, gan::OptimizerKind::kAdam, 3},
               {"swift_early_batch", "swift", 0.9f, gan::OptimizerKind::kAdam, 3}};
  for (const Seed& s : seeds) {
    gan::TrainConfig c;
    std::string err;
    check(gan::find_preset(s.preset, c));
    c.g_hidden = 2;
    c.d_hidden = 4;
    c.batch = 2;
    c.g_ema = s.g_ema;
    c.g_opt.kind = s.g_kind;
    c.reuse_fakes = std::string(s.file) == "swift_reuse_fakes";
    if (std::string(s.file) == "swift_early_batch") {  // saved in its early batches (1 of 2 images)
      c.early_batch = 1;
      c.early_iterations = 5;
    }
    auto t = gan::make_trainer(tiny(), c, err);
    check(t && t->train_iterations(s.iterations) == s.iterations);
    check(gan::write_file_atomic(dir + "/" + s.file + ".ckpt", gan::save_checkpoint(*t), err));
  }
  std::printf("seeds written to %s\n", dir.c_str());
  std::exit(0);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("GAN_FUZZ_WRITE_SEEDS")) write_seeds(dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::unique_ptr<gan::Trainer> trainer;
  std::string err;
  const bool as_is = gan::load_checkpoint(data, size, tiny(), trainer, err);
  check(as_is == (trainer != nullptr) && as_is == err.empty());
  if (size < 16) return 0;

  std::vector<uint8_t> bytes(data, data + size);
  const uint32_t crc = gan::crc32(bytes.data(), size - 4);
  std::memcpy(bytes.data() + size - 4, &crc, 4);
  trainer.reset();
  if (!gan::load_checkpoint(bytes.data(), bytes.size(), tiny(), trainer, err)) {
    check(!trainer && !err.empty());
    return 0;
  }
  // What loads saves a file that loads again and saves the same bytes (settings may be rounded
  // once, to their float or int fields, so the first save need not equal the input).
  const std::vector<uint8_t> saved = gan::save_checkpoint(*trainer);
  std::unique_ptr<gan::Trainer> again;
  check(gan::load_checkpoint(saved.data(), saved.size(), tiny(), again, err));
  check(gan::save_checkpoint(*again) == saved);
  // And it trains: every step reads the restored order, cursor, RNG and counters.
  const int64_t iteration = trainer->iteration();
  const int done = trainer->train_iterations(3);
  check(trainer->iteration() == iteration + done);
  check(trainer->step_discriminator() || !trainer->error().empty());
  check(trainer->step_generator() || !trainer->error().empty());
  return 0;
}
