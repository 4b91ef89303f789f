// The Dear ImGui overlay: status, controls, loss curves and the evolving sample grid. Besides
// drawing, it tells the page what the pointer is over (whether a wheel turn or key press is for the
// overlay or for the page) and where its widgets are.
#pragma once
#include <imgui.h>

#include <array>
#include <map>
#include <string>
#include <vector>

#include "app.hpp"
#include "texture.hpp"

namespace gan {

class Ui {
 public:
  // Draws one frame of the overlay for app into the current ImGui frame.
  void draw(App& app);

  // Text is drawn from a TTF (assets/ui-font.ttf) rasterized at the size it appears on screen in
  // device pixels, so it stays sharp at any text size and pixel ratio. load_font keeps the file's
  // bytes; without them (or if they do not build) ImGui's built-in bitmap font is scaled instead.
  bool load_font(const std::string& path);
  // Between frames, before ImGui::NewFrame: when the text size or the display's pixel ratio
  // (device pixels per logical pixel) changed since the last call, rebuilds the font atlas (the
  // renderer uploads it: gl_renderer.hpp) and scales the style's sizes. Nothing is rebuilt while
  // they stay the same.
  void prepare_frame(float pixel_ratio);
  // After a lost GL context came back: every image texture anew, with the image it showed.
  void restore_textures();

  // Presenter mode: the grid large, the loss curves, the essential buttons and larger text (each
  // mode keeps its own text size, so leaving it restores the dashboard as it was).
  bool presenting() const { return presenting_; }
  int64_t timelapse_at() const { return scrub_iteration_; }  // the time-lapse frame shown (-1: live)
  void set_presenting(bool on) { presenting_ = on; }
  // Spot the fake: the quiz panel, in place of the grid and curves in the dashboard, in place of the
  // grid in presenter mode (its button in both).
  bool quiz_open() const { return quiz_open_; }
  // Text size as a factor of the normal size, clamped to kMinTextScale..kMaxTextScale; it takes
  // effect at the next prepare_frame.
  float text_scale() const { return text_scale_[presenting_]; }
  float default_text_scale() const { return presenting_ ? kPresenterTextScale : 1.0f; }
  void set_text_scale(float scale);
  // For scripts and tests: the layout drawn last ("wide", "narrow", "present"), the size of the
  // built font in device pixels (0 for the built-in font) and how many times the atlas was built.
  const char* layout_name() const;
  float font_pixels() const { return font_pixels_; }
  int font_builds() const { return font_builds_; }
  // The least window width (logical pixels) at which the wide layout has its side panel, the grid
  // and the curves side by side at the current text size. The page folds its explanation panel
  // when the dashboard would get less than this beside it.
  float full_width() const { return full_width_; }

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
  enum class Layout { wide, narrow, present };
  static constexpr float kPresenterTextScale = 1.6f;
  void draw_view_bar();  // presenter mode and the text size: near the top of every layout
  void draw_presenter(App& app, bool wide);
  void draw_status(App& app);
  void draw_messages(App& app);   // fixed height, so a notice never moves the controls
  void draw_transport(App& app);  // play/pause, step, reset
  void quiz_button(App& app);     // opens Spot the fake with a fresh round, or closes it
  void draw_settings(App& app);   // preset, dataset, every parameter of the table, display
  void preset_combo(App& app);
  void draw_watch_for(App& app, float width);  // the preset's "watch for" text
  void param_row(App& app, const ParamInfo& p);
  void commit_text(App& app, const ParamInfo& p, const char* text);
  void draw_plots(App& app, float width, float height);
  // The grid `width` wide; with `details`, its caption and the real and fake tiles with D's verdicts.
  void draw_samples(App& app, float width, bool details = true);
  void draw_judge(App& app, float width);
  void upload_samples(App& app);
  void draw_timelapse(App& app, float width);  // the scrub slider under the grid
  void draw_quality(App& app, float width);    // IS and FD over the iterations
  // The quiz: tiles to mark, Check, New round; height 0: as tall as it needs.
  void draw_quiz(App& app, float width, float height);
  // Under the grid: what a click on the grid does, or the latent walk's images and its "clear".
  void draw_walk(App& app, float width);
  void pick_walk_tile(App& app, int tile);
  void record(const std::string& name);  // the last item's rectangle, under that name
  void note_scroll();                    // the current window's scroll room, if it is hovered

  GreyTexture grid_, real_tiles_, fake_tiles_;
  int uploaded_version_ = -1;
  // Time-lapse: the iteration scrubbed to (-1: live) and the frame in lapse_tex_.
  int64_t scrub_iteration_ = -1;
  int64_t lapse_shown_ = -1;
  GreyTexture lapse_tex_;
  // Spot the fake and the latent walk: their textures (and the versions in them), the first digit
  // picked for a walk while the second is awaited.
  bool quiz_open_ = false;
  GreyTexture quiz_tex_, walk_tex_;
  int quiz_uploaded_ = -1, walk_uploaded_ = -1;
  int walk_pick_ = -1;
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
  float wanted_height_ = 0, full_width_ = 0;
  // View: the layout, presenter mode, the text size of each mode (normal, presenter), the slider's
  // value while it is dragged (applied on release: each applied size rebuilds the font), and what
  // the font atlas was last built for.
  Layout layout_ = Layout::wide;
  bool presenting_ = false;
  float text_scale_[2] = {1.0f, kPresenterTextScale};
  float text_slider_ = 1.0f;
  bool text_slider_held_ = false;
  std::vector<unsigned char> font_data_;
  float built_scale_ = 0, built_ratio_ = 0, font_pixels_ = 0;
  int font_builds_ = 0;
  bool base_style_saved_ = false;
  ImGuiStyle base_style_;
};

}  // namespace gan
