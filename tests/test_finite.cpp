// The finiteness check every gradient passes before an optimizer step: it must agree with
// std::isfinite on every kind of float, wherever in a buffer the odd value sits.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/finite.hpp"
#include "core/rng.hpp"

using namespace gan;

namespace {
float from_bits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}
}  // namespace

TEST_CASE("all_finite agrees with std::isfinite on single values of every kind", "[finite]") {
  const float lim = std::numeric_limits<float>::max();
  const std::vector<float> finite = {0.0f,
                                     -0.0f,
                                     1.0f,
                                     -3.5f,
                                     lim,
                                     -lim,
                                     std::numeric_limits<float>::min(),
                                     std::numeric_limits<float>::denorm_min(),
                                     -std::numeric_limits<float>::denorm_min()};
  for (float f : finite) CHECK(all_finite(&f, 1));
  const std::vector<float> not_finite = {std::numeric_limits<float>::infinity(),
                                         -std::numeric_limits<float>::infinity(),
                                         std::numeric_limits<float>::quiet_NaN(),
                                         -std::numeric_limits<float>::quiet_NaN(),
                                         std::numeric_limits<float>::signaling_NaN(),
                                         from_bits(0x7f800001u),
                                         from_bits(0xffffffffu),
                                         from_bits(0x7fc12345u)};
  for (float f : not_finite) CHECK_FALSE(all_finite(&f, 1));
  // Random bit patterns, weighted towards the all-ones exponent.
  Rng rng(7);
  for (int i = 0; i < 200000; ++i) {
    uint32_t bits = rng.next_u32();
    if (i % 4 == 0) bits |= 0x7f800000u;
    const float f = from_bits(bits);
    INFO("bits " << bits);
    REQUIRE(all_finite(&f, 1) == std::isfinite(f));
  }
}

TEST_CASE("all_finite finds one bad value anywhere in buffers of any length", "[finite]") {
  CHECK(all_finite(static_cast<const float*>(nullptr), 0));
  Rng rng(11);
  for (size_t n :
       {size_t(1), size_t(3), size_t(7), size_t(16), size_t(33), size_t(1000), size_t(4099)}) {
    Eigen::VectorXf v(static_cast<Eigen::Index>(n));
    for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = rng.uniform(-1e30f, 1e30f);
    REQUIRE(all_finite(v));
    for (size_t at : {size_t(0), n / 2, n - 1}) {
      for (float bad :
           {std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
            std::numeric_limits<float>::quiet_NaN()}) {
        Eigen::VectorXf w = v;
        w(static_cast<Eigen::Index>(at)) = bad;
        INFO("length " << n << ", bad value at " << at);
        CHECK_FALSE(all_finite(w));
      }
    }
  }
  Eigen::MatrixXf m = Eigen::MatrixXf::Ones(5, 9);
  CHECK(all_finite(m));
  m(4, 8) = std::numeric_limits<float>::quiet_NaN();
  CHECK_FALSE(all_finite(m));
}
