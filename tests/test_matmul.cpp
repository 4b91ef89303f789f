// The row-partitioned products: equal to a double-precision reference on odd and typical shapes, and
// bit-identical for any thread count (the property the trainer's determinism rests on).
#include <catch2/catch.hpp>

#include "core/matmul.hpp"
#include "core/rng.hpp"

using namespace gan;

namespace {

MatF random_matrix(Eigen::Index rows, Eigen::Index cols, uint64_t seed) {
  Rng rng(seed);
  MatF m(rows, cols);
  for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = rng.uniform(-1.0f, 1.0f);
  return m;
}

enum class Shape { kNN, kNT, kTN };

// C (M×N) for the shape, from operands laid out as that shape expects.
MatF multiply(Shape shape, const MatF& A, const MatF& B, Eigen::Index M, Eigen::Index N) {
  MatF C = MatF::Constant(M, N, 12345.0f);  // garbage that must be overwritten
  if (shape == Shape::kNN) matmul_nn(A, B, C);
  if (shape == Shape::kNT) matmul_nt(A, B, C);
  if (shape == Shape::kTN) matmul_tn(A, B, C);
  return C;
}

struct Operands {
  MatF A, B;
  Eigen::MatrixXd reference;
};

Operands operands(Shape shape, Eigen::Index M, Eigen::Index N, Eigen::Index K, uint64_t seed) {
  Operands o;
  o.A = shape == Shape::kTN ? random_matrix(K, M, seed) : random_matrix(M, K, seed);
  o.B = shape == Shape::kNT ? random_matrix(N, K, seed + 1) : random_matrix(K, N, seed + 1);
  const Eigen::MatrixXd a = o.A.cast<double>(), b = o.B.cast<double>();
  o.reference = shape == Shape::kNN ? Eigen::MatrixXd(a * b) : shape == Shape::kNT ? Eigen::MatrixXd(a * b.transpose())
                                                                                  : Eigen::MatrixXd(a.transpose() * b);
  return o;
}

}  // namespace

TEST_CASE("products match a double reference on odd and typical shapes", "[matmul]") {
  const int sizes[] = {1, 3, 7, 100, 785};
  uint64_t seed = 1;
  for (Shape shape : {Shape::kNN, Shape::kNT, Shape::kTN})
    for (int M : sizes)
      for (int N : {1, 7, 100})
        for (int K : sizes) {
          const Operands o = operands(shape, M, N, K, seed++);
          const MatF C = multiply(shape, o.A, o.B, M, N);
          const double err = (C.cast<double>() - o.reference).cwiseAbs().maxCoeff();
          INFO("shape " << int(shape) << " M " << M << " N " << N << " K " << K);
          CHECK(err <= 1e-5 * (1 + std::sqrt(double(K))) * 4);
        }
}

TEST_CASE("products work on blocks with an outer stride and with an empty reduction", "[matmul]") {
  const MatF big = random_matrix(300, 200, 9);
  const MatF B = random_matrix(50, 30, 10);
  MatF C(130, 30), C_ref(130, 30);
  matmul_nn(big.block(7, 3, 130, 50), B, C);
  C_ref.noalias() = big.block(7, 3, 130, 50) * B;
  CHECK((C - C_ref).cwiseAbs().maxCoeff() < 1e-4f);
  // Aᵀ·B with A a block: its columns (the rows of Aᵀ, packed eight at a time) lie 300 floats apart.
  MatF Ct(130, 30), Ct_ref(130, 30);
  matmul_tn(big.block(7, 3, 50, 130), B, Ct);
  Ct_ref.noalias() = big.block(7, 3, 50, 130).transpose() * B;
  CHECK((Ct - Ct_ref).cwiseAbs().maxCoeff() < 1e-4f);
  MatF empty_a(4, 0), empty_b(0, 5), out = MatF::Constant(4, 5, 3.0f);
  matmul_nn(empty_a, empty_b, out);
  CHECK(out.isZero());
}

TEST_CASE("1, 2, 3 and 4 threads give the same bits for every product shape", "[matmul][determinism]") {
  // The training shapes at batch 100: G's 1024→784 layer forward (784×100, K 1024), its weight
  // gradient (784×1024, K 100) and its input gradient (1024×100, K 784), and D's wide first layer.
  struct Case { Shape shape; int M, N, K; };
  const Case cases[] = {{Shape::kNN, 784, 100, 1024}, {Shape::kNT, 784, 1024, 100}, {Shape::kTN, 1024, 100, 784},
                        {Shape::kNN, 1024, 200, 784}, {Shape::kNT, 1, 1024, 200}, {Shape::kTN, 257, 13, 999}};
  for (const Case& c : cases) {
    const Operands o = operands(c.shape, c.M, c.N, c.K, 42);
    set_matmul_threads(1);
    const MatF one = multiply(c.shape, o.A, o.B, c.M, c.N);
    for (int threads : {2, 3, 4}) {
      set_matmul_threads(threads);
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
      REQUIRE(matmul_threads() == 1);  // the single-threaded page build ignores the request
#else
      REQUIRE(matmul_threads() == threads);
#endif
      const MatF many = multiply(c.shape, o.A, o.B, c.M, c.N);
      INFO("M " << c.M << " N " << c.N << " K " << c.K << " threads " << threads);
      CHECK(std::memcmp(one.data(), many.data(), sizeof(float) * one.size()) == 0);
    }
  }
  set_matmul_threads(1);
}

TEST_CASE("hundreds of products in a row on threads stay exact (the pool's hand-over)", "[matmul][determinism]") {
  // Two shapes of two parts each, alternated so the scratch is resized between calls; any race in
  // handing a product to the pool and back would show as a wrong or missing part, or a hang.
  const Operands small = operands(Shape::kNN, 256, 128, 128, 7), wide = operands(Shape::kTN, 256, 100, 200, 8);
  REQUIRE(matmul_rows_per_part(256, 128, 128) < 256);
  REQUIRE(matmul_rows_per_part(256, 100, 200) < 256);
  set_matmul_threads(1);
  const MatF small_one = multiply(Shape::kNN, small.A, small.B, 256, 128), wide_one = multiply(Shape::kTN, wide.A, wide.B, 256, 100);
  set_matmul_threads(3);
  int wrong = 0;
  for (int i = 0; i < 300; ++i) {
    const bool use_small = i % 3 != 0;
    const MatF C = use_small ? multiply(Shape::kNN, small.A, small.B, 256, 128) : multiply(Shape::kTN, wide.A, wide.B, 256, 100);
    const MatF& expected = use_small ? small_one : wide_one;
    wrong += std::memcmp(C.data(), expected.data(), sizeof(float) * C.size()) != 0;
  }
  set_matmul_threads(1);
  CHECK(wrong == 0);
}

TEST_CASE("the row partition depends on the shape only and covers every row", "[matmul]") {
  for (int M : {1, 15, 64, 100, 784, 1024, 4096}) {
    const int rows = matmul_rows_per_part(M, 100, 784);
    CHECK(rows >= 1);
    CHECK(rows <= std::max(M, 1));
    CHECK((M + rows - 1) / rows <= 8);  // at most 8 parts
  }
}
