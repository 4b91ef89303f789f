// Seeded pseudo-random numbers of our own, so that a seed gives the same stream with any standard
// library (libstdc++ natively, libc++ in the browser). xoshiro128** state, seeded by splitmix64.
#pragma once
#include <array>
#include <cstdint>

namespace gan {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0) { reseed(seed); }

  void reseed(uint64_t seed) {
    for (auto& word : state_) {
      seed += 0x9E3779B97F4A7C15ull;  // splitmix64 spreads one seed over the whole state
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      word = static_cast<uint32_t>((z ^ (z >> 31)) >> 16);
    }
    if ((state_[0] | state_[1] | state_[2] | state_[3]) == 0) state_[0] = 1;
  }

  uint32_t next_u32() {
    const uint32_t result = rotl(state_[1] * 5u, 7) * 9u;
    const uint32_t t = state_[1] << 9;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 11);
    return result;
  }

  // Uniform in [0, 1) with 24 random bits: exactly representable as float.
  float uniform01() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform01(); }

  // Uniform integer in [0, n) without modulo bias (rejection on the short tail).
  uint32_t below(uint32_t n) {
    const uint32_t limit = static_cast<uint32_t>(-n) % n;  // 2^32 mod n
    for (;;) {
      const uint32_t r = next_u32();
      if (r >= limit) return r % n;
    }
  }

  using State = std::array<uint32_t, 4>;
  const State& state() const { return state_; }
  // Restores a saved state. All zeros is xoshiro's one fixed point (every draw is 0, so below()
  // would never return): refused, and the state is left as it was.
  [[nodiscard]] bool set_state(const State& s) {
    if ((s[0] | s[1] | s[2] | s[3]) == 0) return false;
    state_ = s;
    return true;
  }

 private:
  static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
  State state_{};
};

}  // namespace gan
