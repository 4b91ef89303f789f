// Writes the seed corpora of the fuzz targets fuzz_dataset and fuzz_pixel_codec: a few small valid
// inputs made by the real writers (serialize_dataset, encode_pixels), so the fuzzers start from files
// that pass every check and mutate from there, fast because each is tiny.
//   make_fuzz_seeds ASSETS_DIR OUT_DIR     (writes OUT_DIR/dataset/*.gds and OUT_DIR/pixel_codec/*.bin)
#include <cstdio>
#include <string>
#include <vector>

#include "core/file_io.hpp"
#include "core/dataset.hpp"
#include "core/pixel_codec.hpp"
#include "core/rng.hpp"

using namespace gan;

namespace {

// count images of rows×cols: sparse bright strokes on black, like the real data; blank if ink == 0.
Dataset synthetic(const std::string& name, int count, int rows, int cols, std::vector<std::string> classes, int ink) {
  Dataset d;
  d.name = name;
  d.class_names = std::move(classes);
  d.count = count;
  d.rows = rows;
  d.cols = cols;
  Rng rng(static_cast<uint64_t>(count * 1000 + rows * 10 + cols));
  for (int i = 0; i < count; ++i) d.labels.push_back(static_cast<uint8_t>(i % d.class_names.size()));
  for (int i = 0; i < count * rows * cols; ++i)
    d.pixels.push_back(ink > 0 && static_cast<int>(rng.below(100)) < ink ? static_cast<uint8_t>(128 + rng.below(128)) : 0);
  return d;
}

// The first n images of a dataset, as a dataset of its own.
Dataset first(const Dataset& all, int n) {
  Dataset d = all;
  d.count = n;
  d.labels.resize(n);
  d.pixels.resize(static_cast<size_t>(n) * all.image_size());
  return d;
}

bool save(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::string error;
  if (!write_file_atomic(path, bytes, error)) {
    std::fprintf(stderr, "make_fuzz_seeds: %s\n", error.c_str());
    return false;
  }
  std::printf("%s: %zu bytes\n", path.c_str(), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_fuzz_seeds ASSETS_DIR OUT_DIR\n");
    return 2;
  }
  const std::string assets = argv[1], out = argv[2];
  Dataset digits;
  std::string error;
  if (!load_dataset_file(assets + "/digits.gds", digits, error)) {
    std::fprintf(stderr, "make_fuzz_seeds: %s\n", error.c_str());
    return 1;
  }
  std::vector<std::pair<std::string, Dataset>> sets = {
      {"tiny_5x4x4", synthetic("tiny", 5, 4, 4, {"a", "b"}, 40)},
      {"digits_3x28x28", first(digits, 3)},
      {"one_1x1x1", synthetic("one", 1, 1, 1, {"only"}, 100)},
      {"blank_2x16x16", synthetic("blank", 2, 16, 16, {"x", "y", "z"}, 0)},
      {"wide_4x3x9", synthetic("wide-set_2", 4, 3, 9, {"n", "e", "s", "w"}, 60)},
  };
  bool ok = true;
  for (auto& [file, d] : sets) {
    ok = save(out + "/dataset/" + file + ".gds", serialize_dataset(d)) && ok;
    // The pixel codec target reads count − 1, rows − 1, cols − 1, then the payload.
    std::vector<uint8_t> seed = {static_cast<uint8_t>(d.count - 1), static_cast<uint8_t>(d.rows - 1),
                                 static_cast<uint8_t>(d.cols - 1)};
    const std::vector<uint8_t> coded = encode_pixels(d.pixels.data(), d.count, d.rows, d.cols);
    seed.insert(seed.end(), coded.begin(), coded.end());
    ok = save(out + "/pixel_codec/" + file + ".bin", seed) && ok;
  }
  return ok ? 0 : 1;
}
