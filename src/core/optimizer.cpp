// SGD and Adam steps; see optimizer.hpp for the formulas.
#include "optimizer.hpp"

#include <cmath>
#include <stdexcept>

namespace gan {

void Optimizer::reset(const OptimizerConfig& config, Eigen::Index n) {
  config_ = config;
  t_ = 0;
  if (config.kind == OptimizerKind::kAdam) {
    m_ = Eigen::VectorXf::Zero(n);
    v_ = Eigen::VectorXf::Zero(n);
  } else {
    m_.resize(0);
    v_.resize(0);
  }
  n_ = n;
}

void Optimizer::reconfigure(const OptimizerConfig& config) {
  if (config.kind != config_.kind)
    reset(config, n_);
  else
    config_ = config;
}

void Optimizer::restore(int64_t steps, const Eigen::VectorXf& m, const Eigen::VectorXf& v) {
  const Eigen::Index want = config_.kind == OptimizerKind::kAdam ? n_ : 0;
  if (m.size() != want || v.size() != want || steps < 0)
    throw std::invalid_argument("optimizer state does not match the network");
  t_ = steps;
  m_ = m;
  v_ = v;
}

void Optimizer::step(Eigen::Ref<Eigen::VectorXf> params, const Eigen::Ref<const Eigen::VectorXf>& grads) {
  ++t_;
  if (config_.kind == OptimizerKind::kSgd) {
    params.noalias() -= config_.lr * grads;
    return;
  }
  const double b1 = config_.beta1, b2 = config_.beta2, t = static_cast<double>(t_);
  const float alpha_t =
      static_cast<float>(config_.lr * std::sqrt(1.0 - std::pow(b2, t)) / (1.0 - std::pow(b1, t)));
  const float beta1 = config_.beta1, beta2 = config_.beta2, eps = config_.epsilon;
  float* __restrict w = params.data();
  float* __restrict m = m_.data();
  float* __restrict v = v_.data();
  const float* __restrict g = grads.data();
  const Eigen::Index n = params.size();
  for (Eigen::Index i = 0; i < n; ++i) {  // one fused pass over the four buffers
    m[i] = beta1 * m[i] + (1.0f - beta1) * g[i];
    v[i] = beta2 * v[i] + (1.0f - beta2) * g[i] * g[i];
    w[i] -= alpha_t * m[i] / (std::sqrt(v[i]) + eps);
  }
}

}  // namespace gan
