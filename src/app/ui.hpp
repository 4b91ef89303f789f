// The Dear ImGui overlay: status, controls, loss curves and the evolving sample grid. Besides
// drawing, it tells the page what the pointer is over (whether a wheel turn or key press is for the
// overlay or for the page) and where its widgets are.
#pragma once
#include <array>
#include <map>
#include <string>

#include "app.hpp"
#include "texture.hpp"

namespace gan {

class Ui {
 public:
  // Draws one frame of the overlay for app into the current ImGui frame.
  void draw(App& app);
  float ui_scale = 1.0f;

  // What the last frame saw, for the page's event routing.
  struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
  };
  // Screen rectangle of a widget by name ("Play", "Step", "g_lr slider", "g_lr box", …), from the
  // last frame; false if it was not drawn. Lets scripts and tests click the real widgets.
  bool widget_rect(const std::string& name, Rect& out) const;
  // Whether a wheel turn (dy > 0: down) would scroll something in the overlay: a window under the
  // pointer with room left that way, or an open popup. Otherwise the page should scroll.
  bool wheel_wanted(float dy) const;
  // Whether keys are for the overlay (a text box is being edited); otherwise arrows and
  // Page Down belong to the page.
  bool keyboard_wanted() const { return keyboard_wanted_; }
  // Height the narrow (phone) layout needs to show everything without an inner scroll bar, so the
  // page scrolls instead; 0 when the layout fills whatever it is given.
  float wanted_height() const { return wanted_height_; }
  // The page scrolls under a finger that went down on the overlay, or the canvas lost focus:
  // whatever was pressed is let go without a click, and a number box being edited applies its text.
  void cancel_pointer() { cancel_pointer_ = true; }

 private:
  void draw_status(App& app);
  void draw_messages(App& app);   // fixed height, so a notice never moves the controls
  void draw_transport(App& app);  // play/pause, step, reset
  void draw_settings(App& app);   // preset, dataset, every parameter of the table, display
  void param_row(App& app, const ParamInfo& p);
  void commit_text(App& app, const ParamInfo& p, const char* text);
  void draw_plots(App& app, float width);
  void draw_samples(App& app, float width);
  void draw_judge(App& app, float width);
  void upload_samples(App& app);
  void record(const std::string& name);  // the last item's rectangle, under that name
  void note_scroll();                    // the current window's scroll room, if it is hovered

  GreyTexture grid_, real_tiles_, fake_tiles_;
  int uploaded_version_ = -1;
  float smoothing_ = 0.6f;
  int steps_per_click_ = 1;
  // The parameter slider being dragged (its position, so the handle follows the pointer between
  // rounded values) and the number box being edited (its text, kept between frames).
  std::string dragging_, editing_;
  float drag_pos_ = 0;
  std::map<std::string, std::array<char, 32>> edit_text_;
  // Collected while drawing, read by the page between frames.
  std::map<std::string, Rect> rects_, frame_rects_;
  bool hovered_scrolls_up_ = false, hovered_scrolls_down_ = false, popup_open_ = false;
  bool keyboard_wanted_ = false, cancel_pointer_ = false;
  float wanted_height_ = 0;
};

}  // namespace gan
