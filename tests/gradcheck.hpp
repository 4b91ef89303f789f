// Finite-difference gradient checking helpers for the tests (double precision, central differences).
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <functional>

namespace gan::test {

// Largest relative error between analytic[i] and the central difference of f around x[i], over
// the indices given (all if empty). f must read x; x is restored.
inline double max_rel_error(Eigen::Ref<Eigen::VectorXd> x, const Eigen::VectorXd& analytic, const std::function<double()>& f,
                            const std::vector<Eigen::Index>& indices = {}, double h = 1e-6) {
  double worst = 0;
  auto check = [&](Eigen::Index i) {
    const double saved = x(i);
    x(i) = saved + h;
    const double up = f();
    x(i) = saved - h;
    const double down = f();
    x(i) = saved;
    const double numeric = (up - down) / (2 * h);
    const double denom = std::max({1e-6, std::abs(numeric), std::abs(analytic(i))});
    worst = std::max(worst, std::abs(numeric - analytic(i)) / denom);
  };
  if (indices.empty())
    for (Eigen::Index i = 0; i < x.size(); ++i) check(i);
  else
    for (Eigen::Index i : indices) check(i);
  return worst;
}

}  // namespace gan::test
