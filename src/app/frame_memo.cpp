// Compares a frame's draw data with the last one's; see frame_memo.hpp.
#include "frame_memo.hpp"

#include <cstring>

namespace gan {

void FrameMemo::append(const void* bytes, size_t size) {
  const auto* p = static_cast<const unsigned char*>(bytes);
  current_.insert(current_.end(), p, p + size);
}

bool FrameMemo::changed(const ImDrawData& data, uint64_t texture_uploads) {
  // Everything the renderer reads, written out in order: two frames that write the same bytes draw
  // the same pixels.
  current_.clear();
  append(&texture_uploads, sizeof texture_uploads);
  const float frame[6] = {data.DisplayPos.x,  data.DisplayPos.y,       data.DisplaySize.x,
                          data.DisplaySize.y, data.FramebufferScale.x, data.FramebufferScale.y};
  append(frame, sizeof frame);
  append(&data.CmdListsCount, sizeof data.CmdListsCount);
  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList& list = *data.CmdLists[n];
    const int sizes[3] = {list.VtxBuffer.Size, list.IdxBuffer.Size, list.CmdBuffer.Size};
    append(sizes, sizeof sizes);
    append(list.VtxBuffer.Data, sizeof(ImDrawVert) * static_cast<size_t>(list.VtxBuffer.Size));
    append(list.IdxBuffer.Data, sizeof(ImDrawIdx) * static_cast<size_t>(list.IdxBuffer.Size));
    for (const ImDrawCmd& cmd : list.CmdBuffer) {  // field by field: the struct has padding
      const float clip[4] = {cmd.ClipRect.x, cmd.ClipRect.y, cmd.ClipRect.z, cmd.ClipRect.w};
      const uintptr_t ids[2] = {reinterpret_cast<uintptr_t>(cmd.TextureId),
                                reinterpret_cast<uintptr_t>(cmd.UserCallback)};
      const unsigned counts[3] = {cmd.VtxOffset, cmd.IdxOffset, cmd.ElemCount};
      append(clip, sizeof clip);
      append(ids, sizeof ids);
      append(counts, sizeof counts);
    }
  }
  const bool differs = first_ || current_.size() != previous_.size() ||
                       std::memcmp(current_.data(), previous_.data(), current_.size()) != 0;
  first_ = false;
  previous_.swap(current_);
  return differs;
}

}  // namespace gan
