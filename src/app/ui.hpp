// The Dear ImGui overlay: status, controls, loss curves and the evolving sample grid.
#pragma once
#include <random>

#include "app.hpp"
#include "texture.hpp"

namespace gan {

class Ui {
 public:
  // Draws one frame of the overlay for app into the current ImGui frame.
  void draw(App& app);
  float ui_scale = 1.0f;

 private:
  void draw_status(App& app);
  void draw_transport(App& app);  // play/pause, step, reset
  void draw_settings(App& app);   // preset, dataset, rates, labels, display
  void draw_plots(App& app, float width);
  void draw_samples(App& app, float width);
  void draw_judge(App& app, float width);
  void upload_samples(App& app);

  GreyTexture grid_, real_tiles_, fake_tiles_;
  int uploaded_version_ = -1;
  float smoothing_ = 0.6f;
  int steps_per_click_ = 1;
};

}  // namespace gan
