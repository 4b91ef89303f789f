// Bounded history of per-iteration training metrics for the loss plots. Keeps at most `capacity`
// points per series however long training runs: when full, neighbouring points are averaged in
// pairs, so old history is kept at half the resolution and new points are averaged over twice as
// many iterations from then on.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

namespace gan {

class MetricsHistory {
 public:
  static constexpr int kSeries = 4;  // d_loss, g_loss, d_real, d_fake
  explicit MetricsHistory(int capacity = 2048);

  void add(int64_t iteration, const std::array<float, kSeries>& values);
  void clear();

  int size() const { return static_cast<int>(iterations_.size()); }
  int capacity() const { return capacity_; }
  int64_t stride() const { return stride_; }  // iterations averaged into each new point
  // Iteration at the end of point i's bucket, and series s's value there.
  int64_t iteration(int i) const { return iterations_[i]; }
  float value(int s, int i) const { return values_[s][i]; }
  const std::vector<float>& series(int s) const { return values_[s]; }

 private:
  void halve();
  int capacity_;
  int64_t stride_ = 1;
  std::vector<int64_t> iterations_;
  std::array<std::vector<float>, kSeries> values_;
  // The bucket being filled.
  std::array<double, kSeries> pending_sum_{};
  int64_t pending_count_ = 0;
};

}  // namespace gan
