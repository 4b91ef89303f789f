// Fewer points for a long curve, drawn the same: a loss curve keeps up to 2,048 points per series,
// several to each pixel column of its plot, and software rendering (the browser's SwiftShader)
// pays for every vertex of the anti-aliased line, on the cores that also train.
#pragma once
#include <imgui.h>

#include <vector>

namespace gan {

// Keeps, of each run of consecutive points whose x falls in the same `column`-wide column, the
// lowest and the highest (in their order; one point if they are the same), and always the first and
// the last point. x must not decrease. The drawn line still spans every column's range of values,
// so a noisy unsmoothed curve keeps its band. column <= 0 leaves the points as they are.
void thin_to_columns(std::vector<ImVec2>& points, float column);

}  // namespace gan
