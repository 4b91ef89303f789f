// Six 2×2 images of two classes, built in memory: networks of a few hundred parameters and
// checkpoints of a few KB, for the crafted-file tests and the fuzz targets (which include it too).
#pragma once
#include "core/bytes.hpp"
#include "core/dataset.hpp"

namespace gan::test {

inline const Dataset& tiny_dataset() {
  static const Dataset data = [] {
    Dataset d;
    d.name = "tiny";
    d.class_names = {"dark", "light"};
    d.count = 6;
    d.rows = d.cols = 2;
    for (int i = 0; i < d.count; ++i) {
      d.labels.push_back(static_cast<uint8_t>(i % 2));
      for (int k = 0; k < 4; ++k) d.pixels.push_back(static_cast<uint8_t>(i % 2 ? 200 + 10 * k : 10 * k + i));
    }
    d.checksum = crc32(d.pixels.data(), d.pixels.size(), crc32(d.labels.data(), d.labels.size()));
    return d;
  }();
  return data;
}

}  // namespace gan::test
