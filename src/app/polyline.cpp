// Thinning a curve to two points per column; see polyline.hpp.
#include "polyline.hpp"

#include <cmath>

namespace gan {

void thin_to_columns(std::vector<ImVec2>& points, float column) {
  const size_t n = points.size();
  if (column <= 0 || n < 3) return;
  const float x0 = points.front().x;
  auto column_of = [&](const ImVec2& p) {
    return static_cast<long>(std::floor((p.x - x0) / column));
  };
  // Written in place: the write position never passes the read position (at most two points are
  // written per column, after all of the column's points, at least one, have been read).
  size_t out = 1;  // points[0] stays
  size_t i = 1;
  while (i + 1 < n) {
    const long c = column_of(points[i]);
    size_t lo = i, hi = i;
    size_t j = i + 1;
    for (; j + 1 < n && column_of(points[j]) == c; ++j) {
      if (points[j].y < points[lo].y) lo = j;
      if (points[j].y > points[hi].y) hi = j;
    }
    const ImVec2 first = points[lo < hi ? lo : hi], second = points[lo < hi ? hi : lo];
    points[out++] = first;
    if (lo != hi) points[out++] = second;
    i = j;
  }
  points[out++] = points[n - 1];
  points.resize(out);
}

}  // namespace gan
