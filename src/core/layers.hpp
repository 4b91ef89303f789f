// Layer kernels of the dense GAN, as forward/backward pairs over Eigen column-major blocks.
// Shapes: a batch is one column per sample, so X is (features × B). Templated on the scalar so the
// networks train in float while the gradient tests check them in double.
#pragma once
#include <Eigen/Core>
#include <cmath>
#include <type_traits>

#include "matmul.hpp"
#include "rng.hpp"

namespace gan {

template <typename T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <typename T>
using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <typename T>
using Cols = Eigen::Block<Mat<T>, Eigen::Dynamic, Eigen::Dynamic, true>;  // leftCols(n) of a Mat<T>
template <typename T>
using MatRef = Eigen::Ref<Mat<T>>;
template <typename T>
using ConstMatRef = const Eigen::Ref<const Mat<T>>&;
template <typename T>
using VecRef = Eigen::Ref<Vec<T>>;
template <typename T>
using ConstVecRef = const Eigen::Ref<const Vec<T>>&;

// ---- Dense: Y = W·X + b ------------------------------------------------------------------------
// W (out × in), b (out), X (in × B), Y (out × B).
// Backward: dW = dY·Xᵀ, db = Σ_columns dY, dX = Wᵀ·dY. The bias is added by the fused activation
// pass below, so the forward here is the matrix product alone. Float products go through matmul
// (the same bits for any thread count); the double versions, for gradient checks, use Eigen directly.
template <typename T>
void dense_forward(ConstMatRef<T> W, ConstMatRef<T> X, MatRef<T> Y) {
  if constexpr (std::is_same<T, float>::value)
    matmul_nn(W, X, Y);
  else
    Y.noalias() = W * X;
}
template <typename T>
void dense_backward_params(ConstMatRef<T> X, ConstMatRef<T> dY, MatRef<T> dW, VecRef<T> db) {
  if constexpr (std::is_same<T, float>::value)
    matmul_nt(dY, X, dW);
  else
    dW.noalias() = dY * X.transpose();
  db = dY.rowwise().sum();
}
template <typename T>
void dense_backward_input(ConstMatRef<T> W, ConstMatRef<T> dY, MatRef<T> dX) {
  if constexpr (std::is_same<T, float>::value)
    matmul_tn(W, dY, dX);
  else
    dX.noalias() = W.transpose() * dY;
}

// ---- Bias + activation, fused into one pass over Y (in place) ------------------------------------
// LeakyReLU: y = x if x > 0 else α·x;   dy/dx = 1 if y > 0 else α (the sign of y equals that of x).
// tanh:      y = tanh(x);              dy/dx = 1 − y².
// linear:    y = x;                    dy/dx = 1.
enum class Activation { kLinear, kLeakyRelu, kTanh };

template <typename T>
void bias_activation_forward(MatRef<T> Y, ConstVecRef<T> b, Activation act, T alpha) {
  auto Z = Y.colwise() + b;
  switch (act) {
    case Activation::kLinear: Y = Z; break;
    case Activation::kLeakyRelu: Y = Z.cwiseMax(alpha * Z); break;  // valid for 0 ≤ α ≤ 1
    case Activation::kTanh: Y = Z.array().tanh().matrix(); break;
  }
}
// Turns dY (gradient w.r.t. the activation's output Y) into the gradient w.r.t. its input, in place.
template <typename T>
void activation_backward(ConstMatRef<T> Y, MatRef<T> dY, Activation act, T alpha) {
  switch (act) {
    case Activation::kLinear: break;
    case Activation::kLeakyRelu:
      dY = (Y.array() > T(0)).select(dY, alpha * dY.array()).matrix();
      break;
    case Activation::kTanh: dY.array() *= T(1) - Y.array().square(); break;
  }
}

// ---- Inverted dropout (Keras semantics): keep with probability 1 − rate, scale kept by 1/(1 − rate)
// Y (n × B) in place; mask (n × B) holds 0 or 1/(1 − rate). Backward: dX = dY ⊙ mask.
template <typename T>
void dropout_forward(MatRef<T> Y, MatRef<T> mask, T rate, Rng& rng) {
  const T scale = T(1) / (T(1) - rate);
  const float rate_f = static_cast<float>(rate);
  for (Eigen::Index j = 0; j < Y.cols(); ++j)
    for (Eigen::Index i = 0; i < Y.rows(); ++i) mask(i, j) = rng.uniform01() < rate_f ? T(0) : scale;
  Y.array() *= mask.array();
}
template <typename T>
void dropout_backward(ConstMatRef<T> mask, MatRef<T> dY) {
  dY.array() *= mask.array();
}

// ---- Sigmoid + binary cross-entropy, fused on logits ---------------------------------------------
// logits z (1 × N), targets t (1 × N), dlogits (1 × N). loss = mean( max(z,0) − z·t + log(1 + e^−|z|) ),
// which equals mean( −t·log σ(z) − (1−t)·log(1−σ(z)) ) without overflow.
// Backward: dL/dz = (σ(z) − t) / N.
template <typename T>
T sigmoid(T z) {
  return z >= T(0) ? T(1) / (T(1) + std::exp(-z)) : std::exp(z) / (T(1) + std::exp(z));
}
template <typename T>
T sigmoid_bce_forward(ConstMatRef<T> logits, ConstMatRef<T> targets) {
  double sum = 0;  // accumulate in double: the loss is read by people and compared across runs
  for (Eigen::Index j = 0; j < logits.size(); ++j) {
    const T z = logits(0, j), t = targets(0, j);
    sum += std::max(z, T(0)) - z * t + std::log1p(std::exp(-std::abs(z)));
  }
  return static_cast<T>(sum / static_cast<double>(logits.size()));
}
template <typename T>
void sigmoid_bce_backward(ConstMatRef<T> logits, ConstMatRef<T> targets, MatRef<T> dlogits) {
  const T inv_n = T(1) / static_cast<T>(logits.size());
  for (Eigen::Index j = 0; j < logits.size(); ++j)
    dlogits(0, j) = (sigmoid(logits(0, j)) - targets(0, j)) * inv_n;
}

// ---- Softmax + cross-entropy, fused on logits (the judge's classifier) ---------------------------
// logits Z (K × N), labels y (N, each in [0, K)). loss = mean_j( logsumexp(Z_·j) − Z_yj ).
// Backward: dL/dZ = (softmax(Z) − onehot(y)) / N.
template <typename T>
T softmax_xent_forward(ConstMatRef<T> logits, const int* labels) {
  double sum = 0;
  for (Eigen::Index j = 0; j < logits.cols(); ++j) {
    const T m = logits.col(j).maxCoeff();
    const T lse = m + std::log((logits.col(j).array() - m).exp().sum());
    sum += lse - logits(labels[j], j);
  }
  return static_cast<T>(sum / static_cast<double>(logits.cols()));
}
template <typename T>
void softmax_xent_backward(ConstMatRef<T> logits, const int* labels, MatRef<T> dlogits) {
  const T inv_n = T(1) / static_cast<T>(logits.cols());
  for (Eigen::Index j = 0; j < logits.cols(); ++j) {
    const T m = logits.col(j).maxCoeff();
    auto e = (logits.col(j).array() - m).exp();
    dlogits.col(j) = (e / e.sum()).matrix() * inv_n;
    dlogits(labels[j], j) -= inv_n;
  }
}

}  // namespace gan
