// libFuzzer target for the judge file reader (Judge::parse) and for attaching a judge to data.
// The CRC-32 sits in the last 4 bytes and covers everything before them; each input is parsed as
// is and with the CRC fixed up, so the fuzzer reaches the architecture, length and weight checks.
// A judge that parses must serialise to the same bytes, and, when compatible() with a fixed tiny
// dataset (2×2 images, two classes), score it; when not, refuse it without throwing.
// Seeds: GAN_FUZZ_WRITE_SEEDS=fuzz/corpus/judge build/.../fuzz_judge writes the committed seed files
// and exits. The architecture is fixed (input→128→64→classes), so the smallest judge is ~35 KB.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "../tests/tiny_dataset.hpp"
#include "core/file_io.hpp"
#include "core/bytes.hpp"
#include "core/judge.hpp"
#include "core/rng.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

const gan::Dataset& tiny() { return gan::test::tiny_dataset(); }

void write_seeds(const std::string& dir) {
  // A judge for the tiny data, and one for 1-pixel images of three classes (another shape).
  struct Seed {
    const char* file;
    const char* name;
    int image_size, classes;
  } seeds[] = {{"tiny_2x2", "tiny", 4, 2}, {"other_1px", "other", 1, 3}};
  for (const Seed& s : seeds) {
    gan::Judge j(s.name, s.image_size, s.classes, 8);
    gan::Rng rng(7);
    j.net().init_glorot(rng);
    j.set_validation_accuracy(0.75f);
    std::string err;
    check(gan::write_file_atomic(dir + "/" + s.file + ".gjd", j.serialize(), err));
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
  std::string err;
  {
    gan::Judge as_is;
    if (!as_is.parse(data, size, err)) check(as_is.dataset().empty() && !err.empty());
  }
  if (size < 16) return 0;
  std::vector<uint8_t> bytes(data, data + size);
  const uint32_t crc = gan::crc32(bytes.data(), size - 4);
  std::memcpy(bytes.data() + size - 4, &crc, 4);
  gan::Judge judge;
  if (!judge.parse(bytes.data(), bytes.size(), err)) {
    check(judge.dataset().empty() && !err.empty());
    return 0;
  }
  check(judge.serialize() == bytes);

  const gan::Dataset& d = tiny();
  const Eigen::MatrixXf images = gan::dataset_images(d, 0, d.count);
  Eigen::MatrixXf probs, features;
  if (!judge.compatible(d, err)) {
    // Not for this data: every entry point refuses instead of throwing from inside the network.
    check(!judge.set_reference(d, 0, d.count, err) && !judge.has_reference());
    if (judge.input_size() != d.image_size()) check(!judge.evaluate(images, probs, features) && probs.size() == 0);
    return 0;
  }
  check(judge.evaluate(images, probs, features) && probs.cols() == d.count);
  const gan::JudgeScores s = judge.score_outputs(probs, features);
  check(s.count == d.count && s.class_fraction.size() == 2u);
  check(judge.accuracy(images, d.labels) <= 1.0);
  // The Fréchet reference takes two 64×64 eigen-decompositions, most of an execution's time under
  // coverage instrumentation: done for one input in 16 (chosen by its CRC, so reproducibly).
  if ((crc & 15) == 0) {
    check(judge.set_reference(d, 0, d.count, err));
    check(judge.score(images).count == d.count);
  }
  return 0;
}
