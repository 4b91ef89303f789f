// The bounded metrics history behind the loss plots.
#include <catch2/catch.hpp>

#include "core/history.hpp"

using namespace gan;

TEST_CASE("history stays bounded and keeps averages exact", "[history]") {
  MetricsHistory h(8);
  for (int it = 1; it <= 1000; ++it) h.add(it, {float(it), 1.0f, 0.0f, -float(it)});
  CHECK(h.size() <= 8);
  CHECK(h.size() >= 4);
  CHECK(h.stride() == 128);
  // Every stored point is the mean of consecutive iterations, so the series stays ordered and the
  // constant series stays exactly constant.
  for (int i = 0; i < h.size(); ++i) {
    CHECK(h.value(1, i) == 1.0f);
    CHECK(h.value(0, i) == -h.value(3, i));
    if (i > 0) CHECK(h.iteration(i) > h.iteration(i - 1));
    // A point's value is the mean of the iterations in its bucket: below its end iteration.
    CHECK(h.value(0, i) <= h.iteration(i));
  }
  CHECK(h.iteration(h.size() - 1) <= 1000);
  h.clear();
  CHECK(h.size() == 0);
  h.add(1, {2, 2, 2, 2});
  CHECK(h.size() == 1);
  CHECK(h.value(0, 0) == 2.0f);
}
