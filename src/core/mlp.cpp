// Forward and backward through a stack of dense layers; see mlp.hpp.
#include "mlp.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gan {

template <typename T>
Mlp<T>::Mlp(std::vector<LayerSpec> specs, int max_batch, T leaky_alpha)
    : specs_(std::move(specs)), alpha_(leaky_alpha) {
  if (specs_.empty() || max_batch <= 0) throw std::invalid_argument("Mlp: empty network or batch");
  Eigen::Index total = 0;
  for (size_t i = 0; i < specs_.size(); ++i) {
    if (i > 0 && specs_[i].in != specs_[i - 1].out) throw std::invalid_argument("Mlp: layer sizes do not chain");
    // Backward reads the activation's slope from the stored post-dropout output, which keeps the
    // sign of its input: true for LeakyReLU and linear, not for tanh.
    if (specs_[i].dropout > 0 && specs_[i].activation == Activation::kTanh)
      throw std::invalid_argument("Mlp: dropout after tanh is not supported");
    offsets_.push_back(total);
    total += layer_param_count(static_cast<int>(i));
    outputs_.emplace_back();
    deltas_.emplace_back();
    masks_.emplace_back();
  }
  params_ = Vec<T>::Zero(total);
  reserve_batch(max_batch);
}

template <typename T>
void Mlp<T>::reserve_batch(int max_batch) {
  max_batch_ = std::max(max_batch_, max_batch);
  for (size_t i = 0; i < specs_.size(); ++i) {
    outputs_[i].resize(specs_[i].out, max_batch_);
    deltas_[i].resize(specs_[i].out, max_batch_);
    if (specs_[i].dropout > 0) masks_[i].resize(specs_[i].out, max_batch_);
  }
  input_grad_.resize(specs_.front().in, max_batch_);
  batch_ = 0;
}

template <typename T>
void Mlp<T>::init_glorot(Rng& rng) {
  for (int i = 0; i < num_layers(); ++i) {
    const float limit = std::sqrt(6.0f / static_cast<float>(specs_[i].in + specs_[i].out));
    auto W = weight(i);
    for (Eigen::Index k = 0; k < W.size(); ++k) W.data()[k] = static_cast<T>(rng.uniform(-limit, limit));
    bias(i).setZero();
  }
}

template <typename T>
Cols<T> Mlp<T>::forward(ConstMatRef<T> x, Rng* dropout_rng) {
  batch_ = static_cast<int>(x.cols());
  if (batch_ > max_batch_ || x.rows() != input_size()) throw std::invalid_argument("Mlp::forward: bad input shape");
  for (int i = 0; i < num_layers(); ++i) {
    auto y = outputs_[i].leftCols(batch_);  // (out_i × B)
    if (i == 0)
      dense_forward<T>(weight(i), x, y);
    else
      dense_forward<T>(weight(i), outputs_[i - 1].leftCols(batch_), y);
    bias_activation_forward<T>(y, bias(i), specs_[i].activation, alpha_);
    if (specs_[i].dropout > 0 && dropout_rng)
      dropout_forward<T>(y, masks_[i].leftCols(batch_), static_cast<T>(specs_[i].dropout), *dropout_rng);
    else if (specs_[i].dropout > 0)
      masks_[i].leftCols(batch_).setOnes();  // inference: identity, so backward stays valid
  }
  return outputs_.back().leftCols(batch_);
}

template <typename T>
void Mlp<T>::backward(ConstMatRef<T> x, ConstMatRef<T> d_output, bool want_param_grads, bool want_input_grad) {
  const int n = static_cast<int>(d_output.cols());
  if (n > batch_ || n == 0 || d_output.rows() != output_size() || x.cols() < n)
    throw std::invalid_argument("Mlp::backward: gradient shape does not match the last forward");
  backward_cols_ = n;
  if (want_param_grads && grads_.size() != params_.size()) grads_ = Vec<T>::Zero(params_.size());
  deltas_.back().leftCols(n) = d_output;
  for (int i = num_layers() - 1; i >= 0; --i) {
    auto delta = deltas_[i].leftCols(n);  // dL/d(output of layer i), (out_i × n)
    if (specs_[i].dropout > 0) dropout_backward<T>(masks_[i].leftCols(n), delta);
    activation_backward<T>(outputs_[i].leftCols(n), delta, specs_[i].activation, alpha_);
    // delta is now dL/d(pre-activation) of layer i.
    if (want_param_grads) {
      if (i == 0)
        dense_backward_params<T>(x.leftCols(n), delta, weight_grad(i), bias_grad(i));
      else
        dense_backward_params<T>(outputs_[i - 1].leftCols(n), delta, weight_grad(i), bias_grad(i));
    }
    if (i > 0)
      dense_backward_input<T>(weight(i), delta, deltas_[i - 1].leftCols(n));
    else if (want_input_grad)
      dense_backward_input<T>(weight(i), delta, input_grad_.leftCols(n));
  }
}

template class Mlp<float>;
template class Mlp<double>;

}  // namespace gan
