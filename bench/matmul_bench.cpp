// matmul-bench: GFLOP/s of the products one training iteration needs, through matmul (the
// project's kernels) and through Eigen's own product, side by side in one run. Built natively and
// for wasm (run it under Node), so each build's kernels are compared with Eigen on the same machine.
//   matmul-bench [--reps N]     JSON lines: shape, M, N, K, matmul_gflops, eigen_gflops, ratio
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/matmul.hpp"
#include "core/rng.hpp"

using namespace gan;

namespace {

struct ShapeCase {
  const char* name;  // nn: C = A·B (forward), nt: C = A·Bᵀ (weight gradient), tn: C = Aᵀ·B (input gradient)
  int M, N, K;
};

MatF random_matrix(Eigen::Index rows, Eigen::Index cols, uint64_t seed) {
  Rng rng(seed);
  MatF m(rows, cols);
  for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = rng.uniform(-1.0f, 1.0f);
  return m;
}

template <typename F>
double best_seconds(int reps, F&& f) {
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 20;
  for (int i = 1; i + 1 < argc; i += 2)
    if (std::strcmp(argv[i], "--reps") == 0) reps = std::max(1, std::min(10000, std::atoi(argv[i + 1])));
  // G's largest layer (1024→784) and D's first (784→256, batch 2·100) in the book's iteration; then
  // the same G layer and swift's D (784→512) in swift's first 3,000 iterations (batch 32, D 2·32).
  const ShapeCase cases[] = {{"nn", 784, 100, 1024}, {"nt", 784, 1024, 100}, {"tn", 1024, 100, 784},
                             {"nn", 256, 200, 784},  {"nt", 256, 784, 200},  {"tn", 784, 100, 256},
                             {"nn", 784, 32, 1024},  {"nt", 784, 1024, 32},  {"tn", 1024, 32, 784},
                             {"nn", 512, 64, 784},   {"nt", 512, 784, 64},   {"tn", 784, 32, 512}};
  for (const ShapeCase& c : cases) {
    const bool ta = c.name[0] == 't', tb = c.name[1] == 't';
    const MatF A = ta ? random_matrix(c.K, c.M, 1) : random_matrix(c.M, c.K, 1);
    const MatF B = tb ? random_matrix(c.N, c.K, 2) : random_matrix(c.K, c.N, 2);
    MatF C(c.M, c.N);
    const double ours = best_seconds(reps, [&] {
      if (!ta && !tb) matmul_nn(A, B, C);
      if (!ta && tb) matmul_nt(A, B, C);
      if (ta) matmul_tn(A, B, C);
    });
    const double eigen = best_seconds(reps, [&] {
      if (!ta && !tb) C.noalias() = A * B;
      if (!ta && tb) C.noalias() = A * B.transpose();
      if (ta) C.noalias() = A.transpose() * B;
    });
    const double flops = 2.0 * c.M * c.N * c.K;
    std::printf("{\"shape\":\"%s\",\"M\":%d,\"N\":%d,\"K\":%d,\"matmul_gflops\":%.1f,\"eigen_gflops\":%.1f,\"ratio\":%.2f}\n",
                c.name, c.M, c.N, c.K, flops / ours / 1e9, flops / eigen / 1e9, eigen / ours);
  }
  return 0;
}
