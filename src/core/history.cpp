// Bounded metrics history with pairwise down-sampling; see history.hpp.
#include "history.hpp"

namespace gan {

MetricsHistory::MetricsHistory(int capacity) : capacity_(capacity < 2 ? 2 : capacity & ~1) {
  iterations_.reserve(capacity_);
  for (auto& v : values_) v.reserve(capacity_);
}

void MetricsHistory::clear() {
  stride_ = 1;
  iterations_.clear();
  for (auto& v : values_) v.clear();
  pending_sum_ = {};
  pending_count_ = 0;
}

void MetricsHistory::add(int64_t iteration, const std::array<float, kSeries>& values) {
  for (int s = 0; s < kSeries; ++s) pending_sum_[s] += values[s];
  if (++pending_count_ < stride_) return;
  if (size() == capacity_) halve();
  iterations_.push_back(iteration);
  for (int s = 0; s < kSeries; ++s) values_[s].push_back(static_cast<float>(pending_sum_[s] / pending_count_));
  pending_sum_ = {};
  pending_count_ = 0;
}

void MetricsHistory::halve() {
  const int n = size() / 2;
  for (int i = 0; i < n; ++i) {
    iterations_[i] = iterations_[2 * i + 1];
    for (auto& v : values_) v[i] = 0.5f * (v[2 * i] + v[2 * i + 1]);
  }
  iterations_.resize(n);
  for (auto& v : values_) v.resize(n);
  stride_ *= 2;
}

}  // namespace gan
