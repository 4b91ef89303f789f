// Whole-network gradient checks (small MLP with every layer kind, and the book's G and D in double)
// and the book's parameter counts.
#include <catch2/catch.hpp>

#include "core/images.hpp"
#include "core/layers.hpp"
#include "core/mlp.hpp"
#include "core/trainer.hpp"
#include "gradcheck.hpp"

using namespace gan;
using gan::test::max_rel_error;
using MatD = Eigen::MatrixXd;
using VecD = Eigen::VectorXd;

namespace {

MatD random_matrix(Eigen::Index r, Eigen::Index c, Rng& rng, double scale = 1.0) {
  MatD m(r, c);
  for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = scale * rng.uniform(-1, 1);
  return m;
}

// BCE of the network's output logits against targets; dropout masks drawn from a fixed seed so
// every evaluation sees the same masks.
struct LossOfNet {
  Mlp<double>& net;
  const MatD& x;
  const MatD& targets;
  uint64_t mask_seed;
  double operator()() const {
    Rng masks(mask_seed);
    auto out = net.forward(x, &masks);
    return sigmoid_bce_forward<double>(out, targets);
  }
};

// Picks up to per_layer parameter indices from every layer (all of them when the layer is small).
std::vector<Eigen::Index> sample_indices(const Mlp<double>& net, int per_layer, Rng& rng) {
  std::vector<Eigen::Index> idx;
  Eigen::Index offset = 0;
  for (int i = 0; i < net.num_layers(); ++i) {
    const Eigen::Index n = net.layer_param_count(i);
    const Eigen::Index bias_start = offset + Eigen::Index(net.spec(i).out) * net.spec(i).in;
    for (int k = 0; k < per_layer && k < n; ++k) idx.push_back(n <= per_layer ? offset + k : offset + rng.below(static_cast<uint32_t>(n)));
    for (int k = 0; k < 3 && k < net.spec(i).out; ++k) idx.push_back(bias_start + k);  // biases too
    offset += n;
  }
  return idx;
}

}  // namespace

TEST_CASE("a small MLP with every layer kind passes a full gradient check", "[networks][gradcheck]") {
  Rng rng(21);
  Mlp<double> net({{6, 5, Activation::kLeakyRelu, 0.3f}, {5, 4, Activation::kTanh}, {4, 1, Activation::kLinear}}, 8, 0.3);
  net.init_glorot(rng);
  net.params() += random_matrix(net.num_params(), 1, rng, 0.05);  // non-zero biases too
  const MatD x = random_matrix(6, 8, rng);
  MatD targets(1, 8);
  targets << 0.9, 0.1, 0.9, 0.1, 1, 0, 0.5, 0.9;
  LossOfNet loss{net, x, targets, 99};
  loss();
  MatD dlogits(1, 8);
  sigmoid_bce_backward<double>(net.output(), targets, dlogits);
  net.backward(x, dlogits, true, true);
  const VecD grads = net.grads();
  const MatD dx = net.input_grad();
  CHECK(max_rel_error(net.params(), grads, loss) < 1e-6);
  MatD x_var = x;
  LossOfNet loss_x{net, x_var, targets, 99};
  CHECK(max_rel_error(Eigen::Map<VecD>(x_var.data(), x_var.size()), Eigen::Map<const VecD>(dx.data(), dx.size()), loss_x) < 1e-5);
}

TEST_CASE("the book's discriminator passes a gradient check", "[networks][gradcheck]") {
  Rng rng(5);
  Mlp<double> d(discriminator_layers(784, TrainConfig{}), 10, 0.3);
  d.init_glorot(rng);
  d.params() += random_matrix(d.num_params(), 1, rng, 0.01);
  const MatD x = random_matrix(784, 10, rng);
  MatD targets(1, 10);
  targets.leftCols(5).setConstant(0.9);
  targets.rightCols(5).setConstant(0.1);
  LossOfNet loss{d, x, targets, 7};
  loss();
  MatD dlogits(1, 10);
  sigmoid_bce_backward<double>(d.output(), targets, dlogits);
  d.backward(x, dlogits, true, true);
  const VecD grads = d.grads();
  CHECK(max_rel_error(d.params(), grads, loss, sample_indices(d, 40, rng)) < 1e-5);
  const MatD dx = d.input_grad();
  MatD x_var = x;
  LossOfNet loss_x{d, x_var, targets, 7};
  std::vector<Eigen::Index> some;
  for (int k = 0; k < 60; ++k) some.push_back(rng.below(static_cast<uint32_t>(x_var.size())));
  CHECK(max_rel_error(Eigen::Map<VecD>(x_var.data(), x_var.size()), Eigen::Map<const VecD>(dx.data(), dx.size()), loss_x, some) < 1e-5);
}

TEST_CASE("the book's generator, trained through D, passes a gradient check", "[networks][gradcheck]") {
  Rng rng(8);
  Mlp<double> g(generator_layers(784, 256), 4, 0.3), d(discriminator_layers(784, TrainConfig{}), 4, 0.3);
  g.init_glorot(rng);
  d.init_glorot(rng);
  g.params() += random_matrix(g.num_params(), 1, rng, 0.01);
  const MatD z = random_matrix(kNoiseSize, 4, rng);
  const MatD ones = MatD::Ones(1, 4);
  auto loss = [&] {  // the G step's loss: BCE(D(G(z)), 1)
    Rng masks(3);
    MatD fakes = g.forward(z, nullptr);
    return sigmoid_bce_forward<double>(d.forward(fakes, &masks), ones);
  };
  loss();
  MatD fakes = g.output();
  Rng masks(3);
  d.forward(fakes, &masks);
  MatD dlogits(1, 4);
  sigmoid_bce_backward<double>(d.output(), ones, dlogits);
  d.backward(fakes, dlogits, false, true);
  const MatD dfakes = d.input_grad();
  g.backward(z, dfakes, true, false);
  const VecD grads = g.grads();
  CHECK(max_rel_error(g.params(), grads, loss, sample_indices(g, 30, rng)) < 1e-5);
}

TEST_CASE("parameter counts equal the book's three tables", "[networks]") {
  Dataset data;
  data.name = "synthetic";
  data.class_names = {"a"};
  data.count = 200;
  data.rows = data.cols = 28;
  data.labels.assign(200, 0);
  data.pixels.assign(200 * 784, 0);
  Trainer trainer(data, TrainConfig{});
  CHECK(trainer.generator().num_params() == 1526288);
  CHECK(trainer.discriminator().num_params() == 201217);
  CHECK(trainer.generator().num_params() + trainer.discriminator().num_params() == 1727505);
  const std::string summary = model_summary(trainer);
  CHECK(summary.find("Total params: 1,526,288") != std::string::npos);
  CHECK(summary.find("Total params: 201,217") != std::string::npos);
  CHECK(summary.find("Total params: 1,727,505") != std::string::npos);
  CHECK(summary.find("Non-trainable params: 201,217") != std::string::npos);
}
