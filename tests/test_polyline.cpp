// Thinning the loss curves to two points per column (src/app/polyline.hpp): fewer vertices, the
// same extremes in every column, the ends kept, the order kept.
#include <imgui.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "app/polyline.hpp"

namespace {

// Per column (of the interior points, the ends aside): the lowest and the highest y.
std::map<long, std::pair<float, float>> extremes(const std::vector<ImVec2>& pts, float column) {
  std::map<long, std::pair<float, float>> out;
  for (size_t i = 1; i + 1 < pts.size(); ++i) {
    const long c = static_cast<long>(std::floor((pts[i].x - pts[0].x) / column));
    auto it = out.find(c);
    if (it == out.end())
      out[c] = {pts[i].y, pts[i].y};
    else
      it->second = {std::min(it->second.first, pts[i].y), std::max(it->second.second, pts[i].y)};
  }
  return out;
}

}  // namespace

TEST_CASE("a curve of 2,048 noisy points keeps at most two per column, with each column's extremes",
          "[polyline]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> noise(-20, 20);
  std::vector<ImVec2> pts;
  const float width = 400;
  for (int i = 0; i < 2048; ++i)
    pts.emplace_back(100 + width * i / 2047.0f, 200 + 50 * std::sin(i * 0.01f) + noise(rng));
  const std::vector<ImVec2> before = pts;
  gan::thin_to_columns(pts, 1.0f);
  CHECK(pts.size() <= 2 * static_cast<size_t>(width + 1) + 2);
  CHECK(pts.size() < before.size() / 2);
  // The ends are the same points.
  CHECK(pts.front().x == before.front().x);
  CHECK(pts.front().y == before.front().y);
  CHECK(pts.back().x == before.back().x);
  CHECK(pts.back().y == before.back().y);
  // x never decreases, every point is one of the originals, and each column spans the same values.
  for (size_t i = 1; i < pts.size(); ++i) CHECK(pts[i].x >= pts[i - 1].x);
  for (const ImVec2& p : pts)
    CHECK(std::any_of(before.begin(), before.end(),
                      [&](const ImVec2& q) { return q.x == p.x && q.y == p.y; }));
  CHECK(extremes(pts, 1.0f) == extremes(before, 1.0f));
}

TEST_CASE("a curve with at most one point per column, or a short one, is left as it is",
          "[polyline]") {
  std::vector<ImVec2> sparse;
  for (int i = 0; i < 50; ++i) sparse.emplace_back(3.0f * i, static_cast<float>(i % 7));
  std::vector<ImVec2> pts = sparse;
  gan::thin_to_columns(pts, 1.0f);
  REQUIRE(pts.size() == sparse.size());
  for (size_t i = 0; i < pts.size(); ++i)
    CHECK((pts[i].x == sparse[i].x && pts[i].y == sparse[i].y));

  std::vector<ImVec2> two = {{0, 0}, {0.1f, 5}};
  gan::thin_to_columns(two, 1.0f);
  CHECK(two.size() == 2);
  std::vector<ImVec2> dense = {{0, 0}, {0.1f, 5}, {0.2f, 1}, {0.3f, 2}};
  std::vector<ImVec2> unchanged = dense;
  gan::thin_to_columns(unchanged, 0.0f);  // no column width: nothing to do
  CHECK(unchanged.size() == dense.size());
}

TEST_CASE(
    "a column's lowest point comes before its highest when it did, and a flat column gives one "
    "point",
    "[polyline]") {
  // Column 1 holds x 1.0-1.9: high first, then low; column 2 is flat.
  std::vector<ImVec2> pts = {{0, 0},    {1.0f, 9}, {1.3f, 4}, {1.6f, 1}, {1.9f, 5},
                             {2.1f, 3}, {2.5f, 3}, {2.9f, 3}, {4, 0}};
  gan::thin_to_columns(pts, 1.0f);
  REQUIRE(pts.size() == 5);
  CHECK((pts[1].x == 1.0f && pts[1].y == 9));  // the highest, first
  CHECK((pts[2].x == 1.6f && pts[2].y == 1));  // then the lowest
  CHECK(pts[3].y == 3);                        // the flat column: one point
  CHECK((pts[4].x == 4 && pts[4].y == 0));
}
