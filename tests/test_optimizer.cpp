// SGD and Adam single steps against values computed by hand from the tf.keras formulas.
#include <catch2/catch.hpp>

#include "core/optimizer.hpp"

using namespace gan;

TEST_CASE("SGD step: w -= lr * g", "[optimizer]") {
  Optimizer sgd;
  sgd.reset({OptimizerKind::kSgd, 0.01f}, 3);
  Eigen::VectorXf w(3), g(3);
  w << 1.0f, -2.0f, 0.5f;
  g << 0.5f, -1.0f, 4.0f;
  sgd.step(w, g);
  CHECK(w(0) == Approx(0.995f));
  CHECK(w(1) == Approx(-1.99f));
  CHECK(w(2) == Approx(0.46f));
}

TEST_CASE("Adam steps follow the tf.keras form", "[optimizer]") {
  // lr 0.1, β1 0.9, β2 0.999, ε 1e-7; w = 1, g1 = 0.5, g2 = -1.
  // t=1: m = 0.05, v = 0.00025, α = 0.1·√0.001/0.1 = 0.0316227766
  //      w = 1 − α·0.05/(√0.00025 + 1e-7) = 1 − 0.0316227766·0.05/0.0158114883 = 0.9000006
  // t=2: m = 0.045 − 0.1 = −0.055, v = 0.00024975 + 0.001 = 0.00124975
  //      α = 0.1·√(1 − 0.999²)/(1 − 0.9²) = 0.1·0.0447101778/0.19 = 0.0235316725
  //      w = 0.9000006 + 0.0235316725·0.055/(0.0353518033 + 1e-7) = 0.9366109
  Optimizer adam;
  adam.reset({OptimizerKind::kAdam, 0.1f, 0.9f, 0.999f, 1e-7f}, 1);
  Eigen::VectorXf w(1), g(1);
  w << 1.0f;
  g << 0.5f;
  adam.step(w, g);
  CHECK(adam.m()(0) == Approx(0.05f));
  CHECK(adam.v()(0) == Approx(0.00025f).epsilon(1e-4));  // 1 − 0.999f is 0.00100005 in float
  CHECK(w(0) == Approx(0.9000006f).epsilon(1e-6));
  g << -1.0f;
  adam.step(w, g);
  CHECK(adam.steps() == 2);
  CHECK(adam.m()(0) == Approx(-0.055f));
  CHECK(adam.v()(0) == Approx(0.00124975f).epsilon(1e-4));
  CHECK(w(0) == Approx(0.9366109f).epsilon(1e-6));
}

TEST_CASE("reconfigure keeps Adam's moments, switching kind resets them", "[optimizer]") {
  Optimizer adam;
  adam.reset({OptimizerKind::kAdam, 0.1f}, 2);
  Eigen::VectorXf w = Eigen::VectorXf::Ones(2), g = Eigen::VectorXf::Ones(2);
  adam.step(w, g);
  adam.reconfigure({OptimizerKind::kAdam, 0.05f});
  CHECK(adam.steps() == 1);
  CHECK(adam.m()(0) == Approx(0.1f));
  adam.reconfigure({OptimizerKind::kSgd, 0.05f});
  CHECK(adam.steps() == 0);
  CHECK(adam.m().size() == 0);
}
