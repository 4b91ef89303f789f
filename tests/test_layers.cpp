// Finite-difference gradient checks of every layer kernel and of the fused sigmoid-BCE loss.
#include <catch2/catch.hpp>

#include "core/layers.hpp"
#include "gradcheck.hpp"

using namespace gan;
using gan::test::max_rel_error;
using MatD = Eigen::MatrixXd;
using VecD = Eigen::VectorXd;

namespace {
MatD random_matrix(int r, int c, Rng& rng) {
  MatD m(r, c);
  for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = rng.uniform(-1, 1);
  return m;
}
}  // namespace

TEST_CASE("dense layer gradients match finite differences", "[layers][gradcheck]") {
  Rng rng(3);
  const int in = 5, out = 4, B = 3;
  MatD W = random_matrix(out, in, rng), X = random_matrix(in, B, rng), R = random_matrix(out, B, rng);
  VecD b = random_matrix(out, 1, rng);
  MatD Y(out, B);
  // L = Σ R ⊙ (W·X + b), so dL/dY = R.
  auto loss = [&] {
    dense_forward<double>(W, X, Y);
    Y.colwise() += b;
    return (R.array() * Y.array()).sum();
  };
  MatD dW(out, in), dX(in, B);
  VecD db(out);
  dense_backward_params<double>(X, R, dW, db);
  dense_backward_input<double>(W, R, dX);
  CHECK(max_rel_error(Eigen::Map<VecD>(W.data(), W.size()), Eigen::Map<VecD>(dW.data(), dW.size()), loss) < 1e-7);
  CHECK(max_rel_error(Eigen::Map<VecD>(X.data(), X.size()), Eigen::Map<VecD>(dX.data(), dX.size()), loss) < 1e-7);
  CHECK(max_rel_error(b, db, loss) < 1e-7);
}

TEST_CASE("bias + activation gradients match finite differences", "[layers][gradcheck]") {
  for (Activation act : {Activation::kLinear, Activation::kLeakyRelu, Activation::kTanh}) {
    Rng rng(5);
    MatD Z = random_matrix(6, 4, rng), R = random_matrix(6, 4, rng);
    VecD b = random_matrix(6, 1, rng) * 0.3;
    MatD Y(6, 4);
    auto loss = [&] {
      Y = Z;
      bias_activation_forward<double>(Y, b, act, 0.3);
      return (R.array() * Y.array()).sum();
    };
    loss();
    MatD dZ = R;
    activation_backward<double>(Y, dZ, act, 0.3);
    VecD db = dZ.rowwise().sum();
    INFO("activation " << static_cast<int>(act));
    CHECK(max_rel_error(Eigen::Map<VecD>(Z.data(), Z.size()), Eigen::Map<VecD>(dZ.data(), dZ.size()), loss) < 1e-6);
    CHECK(max_rel_error(b, db, loss) < 1e-6);
  }
}

TEST_CASE("LeakyReLU uses slope 0.3 below zero and 1 above", "[layers]") {
  MatD Y(1, 2);
  Y << -2.0, 3.0;
  bias_activation_forward<double>(Y, VecD::Zero(1), Activation::kLeakyRelu, 0.3);
  CHECK(Y(0, 0) == Approx(-0.6));
  CHECK(Y(0, 1) == Approx(3.0));
}

TEST_CASE("dropout keeps 1 - rate of the units, scales them, and back-propagates through its mask", "[layers]") {
  Rng rng(11);
  MatD Y = MatD::Ones(200, 100), mask(200, 100);
  dropout_forward<double>(Y, mask, 0.3, rng);
  const double kept = (mask.array() > 0).cast<double>().mean();
  CHECK(kept == Approx(0.7).margin(0.01));
  CHECK((Y.array() == 0 || (Y.array() - 1.0 / 0.7).abs() < 1e-12).all());
  CHECK(Y.mean() == Approx(1.0).margin(0.02));  // inverted scaling keeps the expectation
  MatD dY = MatD::Ones(200, 100);
  dropout_backward<double>(mask, dY);
  CHECK(dY == mask);
}

TEST_CASE("fused sigmoid-BCE: value, stability and gradient", "[layers][gradcheck]") {
  MatD z(1, 4), t(1, 4);
  z << -2.0, 0.0, 0.5, 3.0;
  t << 0.1, 0.9, 1.0, 0.0;
  double expected = 0;
  for (int j = 0; j < 4; ++j) {
    const double p = 1 / (1 + std::exp(-z(0, j)));
    expected += -(t(0, j) * std::log(p) + (1 - t(0, j)) * std::log(1 - p));
  }
  CHECK(sigmoid_bce_forward<double>(z, t) == Approx(expected / 4).epsilon(1e-12));

  MatD dz(1, 4);
  sigmoid_bce_backward<double>(z, t, dz);
  auto loss = [&] { return sigmoid_bce_forward<double>(z, t); };
  CHECK(max_rel_error(Eigen::Map<VecD>(z.data(), 4), Eigen::Map<VecD>(dz.data(), 4), loss) < 1e-7);

  // Huge logits neither overflow nor lose the loss: softplus(1000) − 1000·0.1 = 900.
  MatD big(1, 2), tb(1, 2);
  big << 1000.0, -1000.0;
  tb << 0.1, 0.9;
  CHECK(std::isfinite(sigmoid_bce_forward<double>(big, tb)));
  CHECK(sigmoid_bce_forward<double>(big, tb) == Approx(900.0));
  const float f = sigmoid_bce_forward<float>(big.cast<float>(), tb.cast<float>());
  CHECK(f == Approx(900.0f));
}

TEST_CASE("fused softmax cross-entropy: value and gradient", "[layers][gradcheck]") {
  Rng rng(9);
  MatD z = random_matrix(4, 3, rng) * 3.0;
  const int labels[3] = {2, 0, 3};
  double expected = 0;
  for (int j = 0; j < 3; ++j) expected += -std::log(std::exp(z(labels[j], j)) / z.col(j).array().exp().sum());
  CHECK(softmax_xent_forward<double>(z, labels) == Approx(expected / 3).epsilon(1e-12));
  MatD dz(4, 3);
  softmax_xent_backward<double>(z, labels, dz);
  auto loss = [&] { return softmax_xent_forward<double>(z, labels); };
  CHECK(max_rel_error(Eigen::Map<VecD>(z.data(), z.size()), Eigen::Map<VecD>(dz.data(), dz.size()), loss) < 1e-7);
  MatD big(2, 1);
  big << 1000.0, -1000.0;
  const int first[1] = {0};
  CHECK(softmax_xent_forward<double>(big, first) == Approx(0.0).margin(1e-12));  // no overflow
}
