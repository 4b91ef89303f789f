// Whether a frame would draw anything new. The dashboard builds its ImGui frame every animation
// frame (so input is answered at once), but with software rendering every frame drawn costs the
// browser's GPU process ~1.5 ms per 100,000 pixels whether or not a pixel changed, CPU the training
// Worker then lacks. Between two of the Worker's updates most frames are identical: those are not
// drawn, and the canvas keeps showing the last one (WebGL presents only after drawing calls).
#pragma once
#include <imgui.h>

#include <cstdint>
#include <vector>

namespace gan {

class FrameMemo {
 public:
  // True if this frame's draw lists, display size or textures (texture_uploads: a count that any
  // upload advances) differ from those of the last frame this was asked about, or it is the first.
  bool changed(const ImDrawData& data, uint64_t texture_uploads);
  // The window lost what it showed (a desktop window uncovered): the next frame is drawn whatever
  // it holds.
  void forget() { first_ = true; }

 private:
  void append(const void* bytes, size_t size);
  std::vector<unsigned char> previous_, current_;
  bool first_ = true;
};

}  // namespace gan
