// Trains the judge classifier for a bundled dataset and writes it as a .gjd asset:
//   train_judge --data assets/digits.gds --out assets/digits.gjd [--epochs 40] [--seed 1]
// The last 1,000 images (the files are stored shuffled) are held out for validation; training
// images are shifted by up to 2 pixels at random each time they are seen.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "core/judge.hpp"
#include "core/optimizer.hpp"

using namespace gan;

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt = {{"--epochs", "40"}, {"--seed", "1"}};
  for (int i = 1; i + 1 < argc; i += 2) opt[argv[i]] = argv[i + 1];
  if (!opt.count("--data") || !opt.count("--out")) {
    std::fprintf(stderr, "usage: train_judge --data FILE.gds --out FILE.gjd [--epochs N] [--seed N]\n");
    return 2;
  }
  Dataset data;
  std::string err;
  if (!load_dataset_file(opt["--data"], data, err)) {
    std::fprintf(stderr, "train_judge: %s\n", err.c_str());
    return 1;
  }
  const int holdout = 1000, n_train = data.count - holdout, B = 100, side = data.cols;
  const int epochs = std::atoi(opt["--epochs"].c_str());
  Rng rng(std::strtoull(opt["--seed"].c_str(), nullptr, 10));
  Judge judge(data.name, data.image_size(), data.num_classes(), B);
  Mlp<float>& net = judge.net();
  net.init_glorot(rng);
  Optimizer adam;
  adam.reset({OptimizerKind::kAdam, 1e-3f}, net.num_params());

  std::vector<int> order(n_train);
  for (int i = 0; i < n_train; ++i) order[i] = i;
  Eigen::MatrixXf x(data.image_size(), B), dlogits(data.num_classes(), B);
  std::vector<int> labels(B);
  const Eigen::MatrixXf val_images = dataset_images(data, n_train, holdout);
  const std::vector<uint8_t> val_labels(data.labels.begin() + n_train, data.labels.end());
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    for (int i = n_train - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    if (epoch == epochs * 3 / 4) adam.reconfigure({OptimizerKind::kAdam, 2e-4f});  // settle at the end
    double loss = 0;
    for (int b = 0; b + B <= n_train; b += B) {
      for (int j = 0; j < B; ++j) {
        const int idx = order[b + j];
        const int dx = static_cast<int>(rng.below(5)) - 2, dy = static_cast<int>(rng.below(5)) - 2;
        const uint8_t* px = data.image(idx);
        for (int r = 0; r < side; ++r)
          for (int c = 0; c < side; ++c) {
            const int sr = r - dy, sc = c - dx;
            const bool inside = sr >= 0 && sr < side && sc >= 0 && sc < side;
            x(r * side + c, j) = inside ? px[sr * side + sc] / 127.5f - 1.0f : -1.0f;
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
      std::printf("epoch %2d  loss %.4f  validation accuracy %.2f%%\n", epoch, loss / (n_train / B),
                  100 * judge.accuracy(val_images, val_labels));
  }
  judge.set_validation_accuracy(static_cast<float>(judge.accuracy(val_images, val_labels)));
  if (!write_file(opt["--out"], judge.serialize(), err)) {
    std::fprintf(stderr, "train_judge: %s\n", err.c_str());
    return 1;
  }
  std::printf("%s: validation accuracy %.2f%% on %d held-out images\n", opt["--out"].c_str(),
              100 * judge.validation_accuracy(), holdout);
  return 0;
}
