// A multi-layer perceptron over one flat parameter buffer: the generator and the discriminator are
// both instances. Holds preallocated activations and gradients for batches up to max_batch, so a
// training step allocates nothing.
#pragma once
#include <vector>

#include "layers.hpp"

namespace gan {

struct LayerSpec {
  int in = 0, out = 0;
  Activation activation = Activation::kLinear;
  float dropout = 0;  // Dropout rate applied after the activation (0 = none).
};

template <typename T>
class Mlp {
 public:
  Mlp() = default;
  Mlp(std::vector<LayerSpec> specs, int max_batch, T leaky_alpha);

  int num_layers() const { return static_cast<int>(specs_.size()); }
  const LayerSpec& spec(int i) const { return specs_[i]; }
  int input_size() const { return specs_.front().in; }
  int output_size() const { return specs_.back().out; }
  int max_batch() const { return max_batch_; }
  Eigen::Index num_params() const { return params_.size(); }
  Eigen::Index layer_param_count(int i) const { return Eigen::Index(specs_[i].out) * (specs_[i].in + 1); }

  // Flat buffers. Layer i stores W (out × in, column-major) then b (out). grads() is empty until the
  // first backward that wants it: a network only ever run forward (the displayed generator) never
  // holds one, which spares 6 MB of fresh memory when a run starts.
  Vec<T>& params() { return params_; }
  const Vec<T>& params() const { return params_; }
  const Vec<T>& grads() const { return grads_; }
  Eigen::Map<Mat<T>> weight(int i) { return {params_.data() + offsets_[i], specs_[i].out, specs_[i].in}; }
  Eigen::Map<Vec<T>> bias(int i) { return {params_.data() + offsets_[i] + Eigen::Index(specs_[i].out) * specs_[i].in, specs_[i].out}; }

  // Keras defaults: Glorot-uniform kernels (limit √(6/(in+out))), zero biases.
  void init_glorot(Rng& rng);

  // x (input_size × batch) → returns the output (output_size × batch). Dropout layers draw their
  // masks from dropout_rng; pass nullptr for inference (dropout off).
  Cols<T> forward(ConstMatRef<T> x, Rng* dropout_rng);
  Cols<T> output() { return outputs_.back().leftCols(batch_); }  // the last forward's output
  Cols<T> layer_output(int i) { return outputs_[i].leftCols(batch_); }

  // Back-propagates d_output (output_size × n, gradient of the loss w.r.t. the first n ≤ batch
  // columns of the last forward's output) through that forward; x is that forward's input.
  // want_param_grads fills grads(); want_input_grad fills input_grad() (input_size × n).
  void backward(ConstMatRef<T> x, ConstMatRef<T> d_output, bool want_param_grads, bool want_input_grad);
  Cols<T> input_grad() { return input_grad_.leftCols(backward_cols_); }

  // Grows the preallocated batch capacity (keeps the parameters).
  void reserve_batch(int max_batch);

 private:
  Eigen::Map<Mat<T>> weight_grad(int i) { return {grads_.data() + offsets_[i], specs_[i].out, specs_[i].in}; }
  Eigen::Map<Vec<T>> bias_grad(int i) { return {grads_.data() + offsets_[i] + Eigen::Index(specs_[i].out) * specs_[i].in, specs_[i].out}; }

  std::vector<LayerSpec> specs_;
  std::vector<Eigen::Index> offsets_;
  int max_batch_ = 0, batch_ = 0, backward_cols_ = 0;
  T alpha_ = T(0.3);
  Vec<T> params_, grads_;
  std::vector<Mat<T>> outputs_;  // post-activation (and post-dropout) output of each layer
  std::vector<Mat<T>> masks_;    // dropout masks, for layers that have dropout
  std::vector<Mat<T>> deltas_;   // gradient w.r.t. each layer's output during backward
  Mat<T> input_grad_;
};

extern template class Mlp<float>;
extern template class Mlp<double>;

}  // namespace gan
