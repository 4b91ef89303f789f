// Optimizers over a flat parameter buffer, with their state held explicitly so checkpoints can
// save and restore it. SGD: w −= lr·g. Adam in the tf.keras form:
//   m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;  α_t = lr·√(1−β2^t)/(1−β1^t);  w −= α_t·m/(√v + ε)
#pragma once
#include <Eigen/Core>
#include <cstdint>

namespace gan {

enum class OptimizerKind : uint8_t { kSgd = 0, kAdam = 1 };

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::kAdam;
  float lr = 1e-3f;
  float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-7f;  // Adam only
  bool operator==(const OptimizerConfig& o) const {
    return kind == o.kind && lr == o.lr && beta1 == o.beta1 && beta2 == o.beta2 && epsilon == o.epsilon;
  }
};

class Optimizer {
 public:
  // Sets the hyperparameters and clears the state for n parameters.
  void reset(const OptimizerConfig& config, Eigen::Index n);
  // Changes hyperparameters (e.g. a learning rate moved live) keeping the moments; switching the
  // kind clears the state.
  void reconfigure(const OptimizerConfig& config);
  void step(Eigen::Ref<Eigen::VectorXf> params, const Eigen::Ref<const Eigen::VectorXf>& grads);

  const OptimizerConfig& config() const { return config_; }
  int64_t steps() const { return t_; }
  const Eigen::VectorXf& m() const { return m_; }
  const Eigen::VectorXf& v() const { return v_; }
  // Restores state as saved (sizes must match the parameter count given to reset()).
  void restore(int64_t steps, const Eigen::VectorXf& m, const Eigen::VectorXf& v);

 private:
  OptimizerConfig config_;
  int64_t t_ = 0;
  Eigen::VectorXf m_, v_;  // Adam moments; empty for SGD
  Eigen::Index n_ = 0;
};

}  // namespace gan
