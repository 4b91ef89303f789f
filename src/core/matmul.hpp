// The three matrix-product shapes training needs (C = A·B, C = A·Bᵀ, C = Aᵀ·B) in float, computed
// so that the thread count never changes a bit of the result.
//
// Why: a threaded BLAS splits work by CPU model and thread count, and may split the reduction, so
// 1 and 2 threads round differently (and differently again on an AVX2 and an AVX-512 machine).
// Here the output's rows are cut into parts whose boundaries depend on the shape alone; each part is
// one single-threaded product over the full reduction; threads only decide who computes which part.
// Natively a part is Eigen's product (AVX2/AVX-512 with -march=native: faster here than Debian's
// OpenBLAS 0.3.21, which has no kernels for the newest CPUs and falls back to Haswell's); in the
// browser it is a packed wasm-SIMD kernel, 1.5–4× Eigen's SSE path lowered to wasm
// (bench/matmul_bench.cpp measures both), run on the Worker's pthreads when the page is
// cross-origin isolated (the gan-worker-mt module) and on the Worker alone otherwise.
#pragma once
#include <Eigen/Core>
#include <cstdint>

namespace gan {

using MatF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
using MatFRef = Eigen::Ref<MatF>;
using ConstMatFRef = const Eigen::Ref<const MatF>&;

// A (M×K), B (K×N), C (M×N):      C = A·B
void matmul_nn(ConstMatFRef A, ConstMatFRef B, MatFRef C);
// A (M×K), B (N×K), C (M×N):      C = A·Bᵀ
void matmul_nt(ConstMatFRef A, ConstMatFRef B, MatFRef C);
// A (K×M), B (K×N), C (M×N):      C = Aᵀ·B
void matmul_tn(ConstMatFRef A, ConstMatFRef B, MatFRef C);

// Threads that compute the parts (1 = the calling thread only; a wasm module built without pthreads
// always uses 1). Results are identical for every value.
void set_matmul_threads(int n);
int matmul_threads();

// Floating-point operations of every product run so far in this process (2·M·N·K each, from any
// thread): what the benchmarks divide by time. Counted, not modelled, so it follows every preset's
// architecture, batch and step schedule.
uint64_t matmul_flops_done();

// Where the row boundaries fall for an M-row output with reduction K and N columns: part p covers
// rows [p·rows_per_part, min(M, (p+1)·rows_per_part)). Depends on the shape only; exposed for tests.
int matmul_rows_per_part(Eigen::Index M, Eigen::Index N, Eigen::Index K);

}  // namespace gan
