// Shared test fixtures: the bundled datasets, loaded once per test run.
#pragma once
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "core/dataset.hpp"

namespace gan::test {

inline const Dataset& bundled(const std::string& name) {
  static std::map<std::string, Dataset> loaded;
  auto it = loaded.find(name);
  if (it == loaded.end()) {
    Dataset d;
    std::string err;
    if (!load_dataset_file(std::string(GAN_SOURCE_ASSETS_DIR) + "/" + name + ".gds", d, err)) FAIL(err);
    it = loaded.emplace(name, std::move(d)).first;
  }
  return it->second;
}

inline const Dataset& digits() { return bundled("digits"); }

}  // namespace gan::test
