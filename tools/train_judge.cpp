// Trains the judge classifier for a bundled dataset and writes it as a .gjd asset:
//   train_judge --data assets/digits.gds --out assets/digits.gjd [--epochs 40] [--seed 1]
// The last 1,000 images (the files are stored shuffled) are held out for validation; training
// images are shifted by up to 2 pixels at random each time they are seen.
#include <cstdio>
#include <exception>
#include <new>
#include <string>

#include "cli/args.hpp"
#include "core/file_io.hpp"
#include "core/judge.hpp"
#include "core/optimizer.hpp"
#include "core/pixels.hpp"

using namespace gan;

namespace {

const char* const kProgram = "train_judge";
constexpr size_t kMaxDatasetBytes = size_t(1) << 30;
constexpr int kBatch = 100;

int run(int argc, char** argv) {
  std::string data_file, out_file;
  long long epochs = 40, seed = 1;
  cli::ArgParser args(kProgram, argc, argv);
  while (args.next()) {
    if (args.is("--help") || args.is("-h")) {
      std::puts("usage: train_judge --data FILE.gds --out FILE.gjd [--epochs N] [--seed N]");
      return 0;
    } else if (args.is("--data")) data_file = args.value();
    else if (args.is("--out")) out_file = args.value();
    else if (args.is("--epochs")) epochs = args.whole(1, 10000);
    else if (args.is("--seed")) seed = args.whole(0, cli::kMaxSeed);
    else args.unknown();
  }
  if (data_file.empty() || out_file.empty()) cli::usage_error(kProgram, "need --data FILE.gds and --out FILE.gjd");
  std::string err;
  if (!check_writable_target(out_file, err)) cli::runtime_error(kProgram, err);  // before training, not after

  std::vector<uint8_t> bytes;
  Dataset data;
  if (!read_file_bounded(data_file, kMaxDatasetBytes, bytes, err)) cli::runtime_error(kProgram, err);
  if (!parse_dataset(bytes.data(), bytes.size(), data, err)) cli::runtime_error(kProgram, data_file + ": " + err);
  if (data.count < kJudgeHoldout + kBatch)
    cli::runtime_error(kProgram, data_file + ": " + std::to_string(data.count) + " images; the judge needs at least " +
                                     std::to_string(kJudgeHoldout + kBatch) + " (" + std::to_string(kJudgeHoldout) + " held out)");
  const int n_train = data.count - kJudgeHoldout, rows = data.rows, cols = data.cols;
  Rng rng(static_cast<uint64_t>(seed));
  Judge judge(data.name, data.image_size(), data.num_classes(), kBatch);
  Mlp<float>& net = judge.net();
  net.init_glorot(rng);
  Optimizer adam;
  adam.reset({OptimizerKind::kAdam, 1e-3f}, net.num_params());

  std::vector<int> order(n_train);
  for (int i = 0; i < n_train; ++i) order[i] = i;
  Eigen::MatrixXf x(data.image_size(), kBatch), dlogits(data.num_classes(), kBatch);
  std::vector<int> labels(kBatch);
  const Eigen::MatrixXf val_images = dataset_images(data, n_train, kJudgeHoldout);
  const std::vector<uint8_t> val_labels(data.labels.begin() + n_train, data.labels.end());
  const float background = pixel_to_unit(0);  // what is shifted in at the borders
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    for (int i = n_train - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    if (epoch == epochs * 3 / 4) adam.reconfigure({OptimizerKind::kAdam, 2e-4f});  // settle at the end
    double loss = 0;
    for (int b = 0; b + kBatch <= n_train; b += kBatch) {
      for (int j = 0; j < kBatch; ++j) {
        const int idx = order[b + j];
        const int dx = static_cast<int>(rng.below(5)) - 2, dy = static_cast<int>(rng.below(5)) - 2;
        const uint8_t* px = data.image(idx);
        for (int r = 0; r < rows; ++r)
          for (int c = 0; c < cols; ++c) {
            const int sr = r - dy, sc = c - dx;
            const bool inside = sr >= 0 && sr < rows && sc >= 0 && sc < cols;
            x(r * cols + c, j) = inside ? pixel_to_unit(px[sr * cols + sc]) : background;
          }
        labels[j] = data.labels[idx];
      }
      auto logits = net.forward(x, nullptr);
      loss += softmax_xent_forward<float>(logits, labels.data());
      softmax_xent_backward<float>(logits, labels.data(), dlogits);
      net.backward(x, dlogits, true, false);
      adam.step(net.params(), net.grads());
    }
    if (epoch % 5 == 0 || epoch == epochs)
      std::printf("epoch %2d  loss %.4f  validation accuracy %.2f%%\n", epoch, loss / (n_train / kBatch),
                  100 * judge.accuracy(val_images, val_labels));
  }
  judge.set_validation_accuracy(static_cast<float>(judge.accuracy(val_images, val_labels)));
  if (!write_file_atomic(out_file, judge.serialize(), err)) cli::runtime_error(kProgram, err);
  std::printf("%s: validation accuracy %.2f%% on %d held-out images\n", cli::printable(out_file).c_str(),
              100 * judge.validation_accuracy(), kJudgeHoldout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return cli::run_main(kProgram, run, argc, argv); }
