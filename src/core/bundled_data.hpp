// The datasets the project ships, in one table: the name used by URLs, flags and files, the asset
// files (data and judge), and the words the page uses for them. Adding a dataset is one row here.
#pragma once
#include <string>
#include <vector>

namespace gan {

struct BundledDataset {
  const char* name;        // "digits": ?dataset=, --dataset, and the name stored inside the .gds
  const char* data_file;   // "digits.gds", in the assets folder
  const char* judge_file;  // "digits.gjd", in the assets folder
  const char* label;       // what the page calls it: "digits", "clothing"
  const char* real_noun;   // "Real digits" / "Real clothing"
  const char* goal;        // "learns to write digits"
  int image_size;          // pixels per image, as the file must say: a trainer can be made before it is here
};

inline const std::vector<BundledDataset>& bundled_datasets() {
  static const std::vector<BundledDataset> list = {
      {"digits", "digits.gds", "digits.gjd", "digits", "Real digits", "learns to write digits", 28 * 28},
      {"fashion", "fashion.gds", "fashion.gjd", "clothing", "Real clothing", "learns to draw clothing", 28 * 28},
  };
  return list;
}

// The row of that name, or nullptr: the only way a name (from a URL, a flag or a file) becomes a path.
inline const BundledDataset* find_bundled_dataset(const std::string& name) {
  for (const auto& d : bundled_datasets())
    if (name == d.name) return &d;
  return nullptr;
}

// The row whose data or judge file is this one (a file name the session asked for), or nullptr.
inline const BundledDataset* find_bundled_dataset_of_file(const std::string& file) {
  for (const auto& d : bundled_datasets())
    if (file == d.data_file || file == d.judge_file) return &d;
  return nullptr;
}

}  // namespace gan
