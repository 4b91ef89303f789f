// Row-partitioned products with a small fixed thread pool; see matmul.hpp for why.
#include "matmul.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif


namespace gan {
namespace {

// Workers wait for a job (a function of the part index and the worker index) and take parts one at
// a time from a shared counter, so a thread the scheduler delays holds up at most the part it is
// on; the calling thread is worker 0 and takes parts too. Who computes a part never changes its bits.
class Pool {
 public:
  ~Pool() { resize(1); }

  void resize(int threads) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
      ++generation_;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
    stop_ = false;
    threads_ = std::max(1, threads);
    for (int w = 1; w < threads_; ++w) workers_.emplace_back([this, w, g = generation_] { work(w, g); });
  }
  int threads() const { return threads_; }

  using Job = std::function<void(int part, int worker)>;
  void run(int parts, const Job& job) {
    if (threads_ == 1 || parts == 1) {
      for (int p = 0; p < parts; ++p) job(p, 0);
      return;
    }
    Run run{&job, parts};
    {
      std::lock_guard<std::mutex> lock(mutex_);
      run_ = &run;
      ++generation_;
    }
    wake_.notify_all();
    const int finished = take_parts(run, 0);
    std::unique_lock<std::mutex> lock(mutex_);
    run.unfinished -= finished;
    done_.wait(lock, [&] { return run.unfinished == 0 && run.inside == 0; });
    run_ = nullptr;  // a worker that wakes from now on finds nothing to do
  }

 private:
  // One call of run: the parts left to take, and who is still inside it (it lives on the caller's
  // stack until both are zero).
  struct Run {
    const Job* job;
    int parts;
    std::atomic<int> next{0};
    int unfinished = parts, inside = 0;  // guarded by mutex_
  };

  // Runs parts of the run until none is left; returns how many this thread ran.
  static int take_parts(Run& run, int worker) {
    int finished = 0;
    for (int p = run.next.fetch_add(1); p < run.parts; p = run.next.fetch_add(1), ++finished) (*run.job)(p, worker);
    return finished;
  }

  void work(int w, uint64_t seen) {
    for (;;) {
      Run* run = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        if (stop_) return;
        if (run_ == nullptr) continue;
        run = run_;
        ++run->inside;
      }
      const int finished = take_parts(*run, w);
      std::lock_guard<std::mutex> lock(mutex_);
      run->unfinished -= finished;
      if (--run->inside == 0 && run->unfinished == 0) done_.notify_one();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::vector<std::thread> workers_;
  Run* run_ = nullptr;  // the run in progress, if any
  int threads_ = 1;
  uint64_t generation_ = 0;
  bool stop_ = false;
};

Pool& pool() {
  static Pool p;
  return p;
}

enum class Shape { kNN, kNT, kTN };

#ifdef __wasm_simd128__
// ---- The browser's kernel: packed panels and an 8×4 register tile in wasm SIMD ------------------
// op(A) rows go into panels of 8 (k-major: 8 floats per k), op(B) columns into panels of 4 (4 floats
// per k), zero-padded. Each element of C is Σ_k a·b summed in order k = 0 … K−1 from 0, whatever the
// tile or the part it falls in, so the partition (and the thread count) never changes a bit.
// Without FMA in wasm (relaxed SIMD is not usable here), a tile is 8 independent mul+add chains.
constexpr int kTileRows = 8, kTileCols = 4;
constexpr Eigen::Index kSimdBlockRows = 64;

// op(A)(i, k) and op(B)(k, j) for each shape, on column-major storage.
inline float op_a(Shape s, const float* a, Eigen::Index lda, Eigen::Index i, Eigen::Index k) {
  return s == Shape::kTN ? a[k + i * lda] : a[i + k * lda];
}
inline float op_b(Shape s, const float* b, Eigen::Index ldb, Eigen::Index k, Eigen::Index j) {
  return s == Shape::kNT ? b[j + k * ldb] : b[k + j * ldb];
}

// Columns c … c+7 of a column-major matrix (column c at `column`, the next `stride` floats on), K
// long, into a k-major panel: out[8k + r] = column r's element k. Four k at a time: a 4×4 transpose
// of each half in registers. (Written element by element, this packing of Aᵀ's rows took as long as
// the product itself at batch 32: 31 GFLOP/s against 46 for the other shapes.)
void pack_columns_8(const float* column, Eigen::Index stride, Eigen::Index K, float* out) {
  Eigen::Index k = 0;
  for (; k + 4 <= K; k += 4, out += 4 * kTileRows) {
    for (int half = 0; half < 2; ++half) {
      const float* c = column + 4 * half * stride + k;
      const v128_t x0 = wasm_v128_load(c), x1 = wasm_v128_load(c + stride);
      const v128_t x2 = wasm_v128_load(c + 2 * stride), x3 = wasm_v128_load(c + 3 * stride);
      const v128_t lo01 = wasm_i32x4_shuffle(x0, x1, 0, 4, 1, 5), hi01 = wasm_i32x4_shuffle(x0, x1, 2, 6, 3, 7);
      const v128_t lo23 = wasm_i32x4_shuffle(x2, x3, 0, 4, 1, 5), hi23 = wasm_i32x4_shuffle(x2, x3, 2, 6, 3, 7);
      float* o = out + 4 * half;
      wasm_v128_store(o, wasm_i32x4_shuffle(lo01, lo23, 0, 1, 4, 5));                  // k
      wasm_v128_store(o + kTileRows, wasm_i32x4_shuffle(lo01, lo23, 2, 3, 6, 7));      // k + 1
      wasm_v128_store(o + 2 * kTileRows, wasm_i32x4_shuffle(hi01, hi23, 0, 1, 4, 5));  // k + 2
      wasm_v128_store(o + 3 * kTileRows, wasm_i32x4_shuffle(hi01, hi23, 2, 3, 6, 7));  // k + 3
    }
  }
  for (; k < K; ++k, out += kTileRows)
    for (int r = 0; r < kTileRows; ++r) out[r] = column[r * stride + k];
}
void pack_a(Shape s, ConstMatFRef A, Eigen::Index r0, Eigen::Index m, Eigen::Index K, float* out) {
  for (Eigen::Index i0 = 0; i0 < m; i0 += kTileRows, out += K * kTileRows) {
    const Eigen::Index rows = std::min<Eigen::Index>(kTileRows, m - i0);
    if (s != Shape::kTN && rows == kTileRows) {  // 8 contiguous floats per k
      for (Eigen::Index k = 0; k < K; ++k) {
        const float* column = A.data() + r0 + i0 + k * A.outerStride();
        wasm_v128_store(out + k * kTileRows, wasm_v128_load(column));
        wasm_v128_store(out + k * kTileRows + 4, wasm_v128_load(column + 4));
      }
      continue;
    }
    if (s == Shape::kTN && rows == kTileRows) {  // the panel's rows are 8 columns of A: transpose
      pack_columns_8(A.data() + (r0 + i0) * A.outerStride(), A.outerStride(), K, out);
      continue;
    }
    for (Eigen::Index k = 0; k < K; ++k)
      for (int r = 0; r < kTileRows; ++r)
        out[k * kTileRows + r] = r < rows ? op_a(s, A.data(), A.outerStride(), r0 + i0 + r, k) : 0.0f;
  }
}

void pack_b(Shape s, ConstMatFRef B, Eigen::Index N, Eigen::Index K, float* out) {
  for (Eigen::Index j0 = 0; j0 < N; j0 += kTileCols, out += K * kTileCols) {
    const Eigen::Index cols = std::min<Eigen::Index>(kTileCols, N - j0);
    for (Eigen::Index k = 0; k < K; ++k)
      for (int c = 0; c < kTileCols; ++c)
        out[k * kTileCols + c] = c < cols ? op_b(s, B.data(), B.outerStride(), k, j0 + c) : 0.0f;
  }
}

// C tile (rows × cols of at most 8 × 4, at c with leading dimension ldc) = packed a · packed b.
void kernel_8x4(const float* a, const float* b, Eigen::Index K, float* c, Eigen::Index ldc, int rows, int cols) {
  v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c02 = c00, c03 = c00;  // rows 0-3, columns 0-3
  v128_t c10 = c00, c11 = c00, c12 = c00, c13 = c00;                  // rows 4-7
  for (Eigen::Index k = 0; k < K; ++k, a += 8, b += 4) {
    const v128_t a0 = wasm_v128_load(a), a1 = wasm_v128_load(a + 4);
    v128_t bk = wasm_v128_load32_splat(b);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, bk));
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, bk));
    bk = wasm_v128_load32_splat(b + 1);
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, bk));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, bk));
    bk = wasm_v128_load32_splat(b + 2);
    c02 = wasm_f32x4_add(c02, wasm_f32x4_mul(a0, bk));
    c12 = wasm_f32x4_add(c12, wasm_f32x4_mul(a1, bk));
    bk = wasm_v128_load32_splat(b + 3);
    c03 = wasm_f32x4_add(c03, wasm_f32x4_mul(a0, bk));
    c13 = wasm_f32x4_add(c13, wasm_f32x4_mul(a1, bk));
  }
  const v128_t top[4] = {c00, c01, c02, c03}, bottom[4] = {c10, c11, c12, c13};
  if (rows == kTileRows) {
    for (int j = 0; j < cols; ++j) {
      wasm_v128_store(c + j * ldc, top[j]);
      wasm_v128_store(c + j * ldc + 4, bottom[j]);
    }
    return;
  }
  alignas(16) float tile[kTileCols][kTileRows];
  for (int j = 0; j < kTileCols; ++j) {
    wasm_v128_store(tile[j], top[j]);
    wasm_v128_store(tile[j] + 4, bottom[j]);
  }
  for (int j = 0; j < cols; ++j)
    for (int r = 0; r < rows; ++r) c[j * ldc + r] = tile[j][r];
}

// Rows [r0, r0 + m) of C from op(A) and op(B) already packed in panels (b): packs A's rows in blocks
// of 64 into a (64 × K floats) so one block stays in cache while every B panel passes.
void simd_rows(Shape shape, ConstMatFRef A, const float* b, MatFRef C, Eigen::Index r0, Eigen::Index m, Eigen::Index K,
               float* a) {
  const Eigen::Index N = C.cols(), n_panels = (N + kTileCols - 1) / kTileCols;
  for (Eigen::Index block = 0; block < m; block += kSimdBlockRows) {
    const Eigen::Index rows_in_block = std::min(kSimdBlockRows, m - block);
    pack_a(shape, A, r0 + block, rows_in_block, K, a);
    for (Eigen::Index i0 = 0; i0 < rows_in_block; i0 += kTileRows) {
      const int rows = static_cast<int>(std::min<Eigen::Index>(kTileRows, rows_in_block - i0));
      for (Eigen::Index p = 0; p < n_panels; ++p) {
        const int cols = static_cast<int>(std::min<Eigen::Index>(kTileCols, N - p * kTileCols));
        kernel_8x4(a + i0 * K, b + p * kTileCols * K, K, C.data() + r0 + block + i0 + p * kTileCols * C.outerStride(),
                   C.outerStride(), rows, cols);
      }
    }
  }
}
#else
// One part: rows [r0, r0 + m) of C over the full reduction, by Eigen.
void eigen_rows(Shape shape, ConstMatFRef A, ConstMatFRef B, MatFRef C, Eigen::Index r0, Eigen::Index m) {
  auto out = C.middleRows(r0, m);
  switch (shape) {
    case Shape::kNN: out.noalias() = A.middleRows(r0, m) * B; break;
    case Shape::kNT: out.noalias() = A.middleRows(r0, m) * B.transpose(); break;
    case Shape::kTN: out.noalias() = A.middleCols(r0, m).transpose() * B; break;
  }
}
#endif

std::atomic<uint64_t> flops_done{0};

void product(Shape shape, ConstMatFRef A, ConstMatFRef B, MatFRef C) {
  const Eigen::Index M = C.rows(), N = C.cols(), K = shape == Shape::kTN ? A.rows() : A.cols();
  if (M == 0 || N == 0) return;
  flops_done.fetch_add(2 * static_cast<uint64_t>(M) * static_cast<uint64_t>(N) * static_cast<uint64_t>(K), std::memory_order_relaxed);
  const Eigen::Index rows = matmul_rows_per_part(M, N, K);
  const int parts = static_cast<int>((M + rows - 1) / rows);
#ifdef __wasm_simd128__
  if (K == 0) {
    C.setZero();
    return;
  }
  // B's panels are packed once and shared; each thread packs A's rows into its own scratch. All of
  // it is allocated here, on the calling thread (in the browser, memory grown by another thread
  // would leave the Worker's JavaScript views of it stale).
  static std::vector<float> packed_b;
  static std::vector<std::vector<float>> packed_a;
  packed_b.resize(static_cast<size_t>((N + kTileCols - 1) / kTileCols * kTileCols * K));
  pack_b(shape, B, N, K, packed_b.data());
  packed_a.resize(static_cast<size_t>(pool().threads()));
  for (auto& a : packed_a) a.resize(static_cast<size_t>(kSimdBlockRows * K));
  pool().run(parts, [&](int p, int worker) {
    const Eigen::Index r0 = p * rows;
    simd_rows(shape, A, packed_b.data(), C, r0, std::min(rows, M - r0), K, packed_a[static_cast<size_t>(worker)].data());
  });
#else
  pool().run(parts, [&](int p, int) {
    const Eigen::Index r0 = p * rows;
    eigen_rows(shape, A, B, C, r0, std::min(rows, M - r0));
  });
#endif
}

}  // namespace

uint64_t matmul_flops_done() { return flops_done.load(std::memory_order_relaxed); }

int matmul_rows_per_part(Eigen::Index M, Eigen::Index N, Eigen::Index K) {
  // Parts of at least 64 rows (multiples of 16, for the kernels' register tiles) and at least about
  // 4 MFLOP each, at most 8 parts: enough to keep two to eight cores busy on the products that matter.
  constexpr Eigen::Index kMinRows = 64, kMinFlops = 4'000'000, kMaxParts = 8;
  const Eigen::Index flops_per_row = std::max<Eigen::Index>(1, 2 * N * K);
  Eigen::Index rows = std::max(kMinRows, (kMinFlops + flops_per_row - 1) / flops_per_row);
  rows = std::max(rows, (M + kMaxParts - 1) / kMaxParts);
  rows = (rows + 15) / 16 * 16;
  return static_cast<int>(std::min(rows, std::max<Eigen::Index>(M, 1)));
}

void matmul_nn(ConstMatFRef A, ConstMatFRef B, MatFRef C) {
  eigen_assert(A.rows() == C.rows() && A.cols() == B.rows() && B.cols() == C.cols());
  product(Shape::kNN, A, B, C);
}
void matmul_nt(ConstMatFRef A, ConstMatFRef B, MatFRef C) {
  eigen_assert(A.rows() == C.rows() && A.cols() == B.cols() && B.rows() == C.cols());
  product(Shape::kNT, A, B, C);
}
void matmul_tn(ConstMatFRef A, ConstMatFRef B, MatFRef C) {
  eigen_assert(A.cols() == C.rows() && A.rows() == B.rows() && B.cols() == C.cols());
  product(Shape::kTN, A, B, C);
}

void set_matmul_threads(int n) {
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
  n = 1;  // a wasm module built without threads
#endif
  if (n != pool().threads()) pool().resize(n);
}
int matmul_threads() { return pool().threads(); }

}  // namespace gan
