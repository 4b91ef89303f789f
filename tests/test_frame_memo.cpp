// The dashboard's frame memo (src/app/frame_memo.hpp) on real ImGui frames: a frame is drawn again
// only when its draw lists, the display or a texture changed.
#define CATCH_CONFIG_MAIN
#include <imgui.h>

#include <catch2/catch.hpp>
#include <string>

#include "app/frame_memo.hpp"

namespace {

struct Frames {
  Frames() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(400, 300);
    io.DeltaTime = 1.0f / 60;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
  }
  ~Frames() { ImGui::DestroyContext(); }
  // One frame: a window with a line of text.
  const ImDrawData& draw(const std::string& text) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(10, 10));
    ImGui::Begin("status");
    ImGui::TextUnformatted(text.c_str());
    ImGui::End();
    ImGui::Render();
    return *ImGui::GetDrawData();
  }
};

}  // namespace

TEST_CASE("a frame is drawn again only when what it draws changed", "[frame_memo]") {
  Frames frames;
  gan::FrameMemo memo;
  CHECK(memo.changed(frames.draw("iteration 1"), 0));  // the first frame always draws
  // ImGui sizes a new window over its first frames; then the same content gives the same frame.
  int settled_after = 0;
  while (settled_after < 5 && memo.changed(frames.draw("iteration 1"), 0)) ++settled_after;
  REQUIRE(settled_after < 5);
  CHECK_FALSE(memo.changed(frames.draw("iteration 1"), 0));

  CHECK(memo.changed(frames.draw("iteration 2"), 0));  // new text
  CHECK_FALSE(memo.changed(frames.draw("iteration 2"), 0));
  CHECK(memo.changed(frames.draw("iteration 2"), 1));  // a texture was uploaded (the sample grid)
  CHECK_FALSE(memo.changed(frames.draw("iteration 2"), 1));

  ImGui::GetIO().DisplayFramebufferScale = ImVec2(2, 2);  // the page moved to a HiDPI screen
  CHECK(memo.changed(frames.draw("iteration 2"), 1));
  CHECK_FALSE(memo.changed(frames.draw("iteration 2"), 1));

  // A draw command that clips differently (or uses another texture) with the same vertices.
  const ImDrawData& data = frames.draw("iteration 2");
  REQUIRE(data.CmdListsCount > 0);
  REQUIRE(data.CmdLists[0]->CmdBuffer.Size > 0);
  data.CmdLists[0]->CmdBuffer[0].ClipRect.z -= 1;
  CHECK(memo.changed(data, 1));
  CHECK(memo.changed(frames.draw("iteration 2"), 1));  // back to the unclipped frame: differs again
  const ImDrawData& again = frames.draw("iteration 2");
  again.CmdLists[0]->CmdBuffer[0].TextureId =
      reinterpret_cast<ImTextureID>(static_cast<intptr_t>(7));
  CHECK(memo.changed(again, 1));
  CHECK_FALSE(memo.changed(again, 1));
  memo.forget();  // the window was uncovered: its pixels must be drawn again
  CHECK(memo.changed(again, 1));
}
