// Drawing the overlay with Dear ImGui; see ui.hpp. Layout: a side panel (status, controls) beside
// the plots and digits on wide screens, one scrolling column on narrow ones (phones).
#include "ui.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/images.hpp"
#include "core/judge.hpp"

namespace gan {
namespace {

const ImU32 kSeriesColours[MetricsHistory::kSeries] = {IM_COL32(240, 110, 90, 255), IM_COL32(90, 170, 250, 255),
                                                       IM_COL32(250, 200, 80, 255), IM_COL32(150, 220, 120, 255)};
const char* kSeriesNames[MetricsHistory::kSeries] = {"D loss", "G loss", "D(x) real", "D(G(z)) fake"};

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

// A line plot of some series of the history, smoothed by an exponential moving average, with
// axes that fit the data, a legend, and a read-out of the values under the mouse.
void plot(const char* id, const MetricsHistory& h, std::initializer_list<int> series, float smoothing, ImVec2 size) {
  ImGui::PushID(id);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("plot", size);
  const bool hovered = ImGui::IsItemHovered();
  const float pad_left = ImGui::CalcTextSize("0.000").x + 8, pad_bottom = ImGui::GetTextLineHeight() + 4;
  const ImVec2 a(p0.x + pad_left, p0.y + 4), b(p0.x + size.x - 4, p0.y + size.y - pad_bottom);
  dl->AddRectFilled(a, b, IM_COL32(25, 28, 34, 255));
  dl->AddRect(a, b, IM_COL32(90, 90, 100, 255));
  const int n = h.size();
  if (n < 2) {
    dl->AddText(ImVec2(a.x + 8, a.y + 8), IM_COL32(160, 160, 160, 255), "waiting for training...");
    ImGui::PopID();
    return;
  }
  // Smoothed copies and the y range.
  static std::vector<float> smooth[MetricsHistory::kSeries];
  float lo = 1e30f, hi = -1e30f;
  for (int s : series) {
    smooth[s].resize(n);
    float acc = h.value(s, 0);
    for (int i = 0; i < n; ++i) {
      acc = smoothing * acc + (1 - smoothing) * h.value(s, i);
      smooth[s][i] = acc;
      lo = std::min(lo, acc);
      hi = std::max(hi, acc);
    }
  }
  if (hi - lo < 1e-3f) hi = lo + 1e-3f;
  const float margin = 0.05f * (hi - lo);
  lo -= margin;
  hi += margin;
  const double x0 = double(h.iteration(0)), x1 = double(h.iteration(n - 1));
  auto to_screen = [&](int i, float v) {
    const float fx = x1 > x0 ? float((h.iteration(i) - x0) / (x1 - x0)) : 0.0f;
    return ImVec2(a.x + fx * (b.x - a.x), b.y - (v - lo) / (hi - lo) * (b.y - a.y));
  };
  // Grid and axis labels.
  char buf[64];
  for (int k = 0; k <= 4; ++k) {
    const float v = lo + (hi - lo) * k / 4.0f;
    const float y = b.y - (b.y - a.y) * k / 4.0f;
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), IM_COL32(60, 60, 70, 255));
    std::snprintf(buf, sizeof buf, "%.3f", v);
    dl->AddText(ImVec2(p0.x, y - ImGui::GetTextLineHeight() * 0.5f), IM_COL32(170, 170, 170, 255), buf);
  }
  std::snprintf(buf, sizeof buf, "it %lld", static_cast<long long>(h.iteration(0)));
  dl->AddText(ImVec2(a.x, b.y + 2), IM_COL32(170, 170, 170, 255), buf);
  std::snprintf(buf, sizeof buf, "it %lld", static_cast<long long>(h.iteration(n - 1)));
  dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(buf).x, b.y + 2), IM_COL32(170, 170, 170, 255), buf);
  // Lines (at most one vertex per pixel column is needed; the history is bounded anyway).
  dl->PushClipRect(a, b, true);
  static std::vector<ImVec2> pts;
  for (int s : series) {
    pts.clear();
    for (int i = 0; i < n; ++i) pts.push_back(to_screen(i, smooth[s][i]));
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), kSeriesColours[s], 0, 1.5f);
  }
  dl->PopClipRect();
  // Legend.
  float lx = a.x + 6;
  for (int s : series) {
    dl->AddRectFilled(ImVec2(lx, a.y + 6), ImVec2(lx + 10, a.y + 16), kSeriesColours[s]);
    dl->AddText(ImVec2(lx + 14, a.y + 3), IM_COL32(220, 220, 220, 255), kSeriesNames[s]);
    lx += 24 + ImGui::CalcTextSize(kSeriesNames[s]).x;
  }
  // Hover read-out.
  if (hovered) {
    const float mx = ImGui::GetIO().MousePos.x;
    const double target = x0 + (x1 - x0) * std::clamp((mx - a.x) / (b.x - a.x), 0.0f, 1.0f);
    int best = 0;
    for (int i = 1; i < n; ++i)
      if (std::abs(h.iteration(i) - target) < std::abs(h.iteration(best) - target)) best = i;
    const ImVec2 p = to_screen(best, lo);
    dl->AddLine(ImVec2(p.x, a.y), ImVec2(p.x, b.y), IM_COL32(200, 200, 200, 120));
    ImGui::BeginTooltip();
    ImGui::Text("iteration %lld", static_cast<long long>(h.iteration(best)));
    for (int s : series)
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kSeriesColours[s]), "%s: %.4f (raw %.4f)", kSeriesNames[s],
                         smooth[s][best], h.value(s, best));
    if (h.stride() > 1) ImGui::TextDisabled("each point averages %lld iterations", static_cast<long long>(h.stride()));
    ImGui::EndTooltip();
  }
  ImGui::PopID();
}

}  // namespace

void Ui::upload_samples(App& app) {
  if (app.samples_version() == uploaded_version_ || !app.dataset() || app.test_images().cols() == 0) return;
  uploaded_version_ = app.samples_version();
  const Dataset& d = *app.dataset();
  // Tile first, then upload: tile_grid sets w and h, which upload reads.
  auto tile_and_upload = [&](GreyTexture& tex, const Eigen::MatrixXf& images, int columns) {
    int w = 0, h = 0;
    const std::vector<uint8_t> pixels = tile_grid(images, d.rows, d.cols, columns, 1, w, h);
    tex.upload(pixels, w, h);
  };
  tile_and_upload(grid_, app.test_images(), 10);
  tile_and_upload(real_tiles_, app.real_images(), 8);
  tile_and_upload(fake_tiles_, app.test_images().leftCols(8), 8);
}

void Ui::draw_status(App& app) {
  const AppStats s = app.stats();
  ImGui::Text("iteration %lld   epoch %lld", static_cast<long long>(s.iteration), static_cast<long long>(s.epoch));
  ImGui::Text("%.1f it/s   %.1f ms training/frame   %.0f fps", s.its_per_sec, s.train_ms_per_frame, s.fps);
  ImGui::Text("preset %s   seed %llu   data %s", s.preset.c_str(), static_cast<unsigned long long>(s.seed), s.dataset.c_str());
  help_marker("preset: the training recipe (a * means a setting was changed). seed: fixes every random draw, so the same seed replays the same run.");
  ImGui::Text("D loss %.4f   G loss %.4f", s.d_loss, s.g_loss);
  ImGui::Text("D(x) %.3f   D(G(z)) %.3f", s.d_real, s.d_fake);
  help_marker("D(x): how real the discriminator thinks the real digits are (0..1). D(G(z)): the same for the generator's fakes. The generator wins when D(G(z)) rises.");
  if (s.loading) ImGui::TextColored(ImVec4(1, 0.85f, 0.3f, 1), "loading %s files...", s.dataset.c_str());
  if (!app.error().empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", app.error().c_str());
    ImGui::PopTextWrapPos();
  }
  if (!app.notice().empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "%s", app.notice().c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::SmallButton("dismiss")) app.clear_notice();
  }
}

void Ui::draw_transport(App& app) {
  const bool running = app.stats().running;
  if (ImGui::Button(running ? "Pause" : "Play", ImVec2(80 * ui_scale, 0))) app.set_running(!running);
  ImGui::SameLine();
  if (ImGui::Button("Step")) app.step_iterations(steps_per_click_);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Run %d full iteration(s): D step(s) then a G step", steps_per_click_);
  ImGui::SameLine();
  if (ImGui::Button("D step")) app.step_discriminator();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train only the discriminator once (real batch + fresh fakes)");
  ImGui::SameLine();
  if (ImGui::Button("G step")) app.step_generator();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train only the generator once, through the frozen discriminator");
  ImGui::SetNextItemWidth(120 * ui_scale);
  ImGui::SliderInt("iterations per Step", &steps_per_click_, 1, 100);

  if (ImGui::Button("Reset")) app.reset(app.config().seed);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Start again from fresh weights with the same seed (replays the same run)");
  ImGui::SameLine();
  if (ImGui::Button("Reset, new seed")) {
    const auto t = std::chrono::steady_clock::now().time_since_epoch().count();
    app.reset(static_cast<uint64_t>(t) % 1000000);
  }
}

void Ui::draw_settings(App& app) {
  const TrainConfig& c = app.config();
  if (ImGui::BeginCombo("preset", c.preset.c_str())) {
    for (const auto& name : preset_names()) {
      if (ImGui::Selectable(name.c_str(), name == c.preset)) app.set_preset(name);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", describe_preset(name).c_str());
    }
    ImGui::EndCombo();
  }
  help_marker("book: the textbook's exact recipe. Changing a preset restarts training.");
  const char* data_name = app.stats().dataset == "fashion" ? "clothing" : "digits";
  if (ImGui::BeginCombo("dataset", data_name)) {
    if (ImGui::Selectable("digits", app.stats().dataset == "digits")) app.set_dataset("digits");
    if (ImGui::Selectable("clothing", app.stats().dataset == "fashion")) app.set_dataset("fashion");
    ImGui::EndCombo();
  }

  // Live settings: each change goes through the same validated setter as the CLI.
  auto log_slider = [&](const char* label, const char* param, float value, float lo, float hi, const char* tip) {
    float v = value;
    if (ImGui::SliderFloat(label, &v, lo, hi, "%.2e", ImGuiSliderFlags_Logarithmic)) app.set_param(param, std::to_string(v));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  };
  auto slider = [&](const char* label, const char* param, float value, float lo, float hi, const char* tip) {
    float v = value;
    if (ImGui::SliderFloat(label, &v, lo, hi, "%.2f")) app.set_param(param, std::to_string(v));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  };
  log_slider("D learning rate", "d_lr", c.d_opt.lr, 1e-6f, 1e-1f, "How big a step the discriminator takes each update");
  log_slider("G learning rate", "g_lr", c.g_opt.lr, 1e-6f, 1e-2f, "How big a step the generator takes each update");
  slider("real label", "real_label", c.real_label, 0.5f, 1.0f, "Target D learns for real images (0.9 = smoothed, as in the book)");
  slider("fake label", "fake_label", c.fake_label, 0.0f, 0.5f, "Target D learns for generated images (0.1 in the book)");
  float share = app.train_share() * 100;
  if (ImGui::SliderFloat("training share", &share, 5, 95, "%.0f%% of time")) app.set_train_share(share / 100);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("How much of each second goes to training; the rest keeps the page responsive");
  ImGui::SliderFloat("curve smoothing", &smoothing_, 0.0f, 0.99f, "%.2f");
  ImGui::SliderFloat("text size", &ui_scale, 0.75f, 2.5f, "%.2fx");
}

void Ui::draw_plots(App& app, float width) {
  const float h = std::max(140.0f, 170.0f * ui_scale);
  ImGui::TextUnformatted("Losses");
  help_marker("Binary cross-entropy of each network. D's loss is on real + fake images; G's is how well it fools D. "
              "They push against each other: a healthy run has both wobbling rather than one going to zero.");
  plot("losses", app.history(), {0, 1}, smoothing_, ImVec2(width, h));
  ImGui::TextUnformatted("Discriminator's verdicts");
  help_marker("Mean probability 'real' that D gives real digits and generated ones. Near 0.5 for both means D can no longer tell them apart.");
  plot("verdicts", app.history(), {2, 3}, smoothing_, ImVec2(width, h * 0.8f));
}

void Ui::draw_samples(App& app, float width) {
  upload_samples(app);
  ImGui::TextUnformatted("Generated from fixed noise z_test");
  help_marker("The same 100 noise vectors go through the generator every time, so you watch the same 'pens' learn to write.");
  if (grid_.width() > 0) {
    const float side = std::min(width, 560.0f * ui_scale);
    ImGui::Image(grid_.imgui_id(), ImVec2(side, side * grid_.height() / grid_.width()));
  }
  if (real_tiles_.width() > 0) {
    const float tile_w = std::min(width, 560.0f * ui_scale);
    const float tile = tile_w / 8;
    auto verdict_row = [&](const char* title, GreyTexture& tex, const Eigen::VectorXf& verdicts) {
      ImGui::TextUnformatted(title);
      ImGui::Image(tex.imgui_id(), ImVec2(tile_w, tile_w * tex.height() / tex.width()));
      const float x0 = ImGui::GetCursorPosX();
      for (int k = 0; k < verdicts.size(); ++k) {
        if (k > 0) ImGui::SameLine(x0 + k * tile);
        ImGui::Text("%.2f", verdicts(k));
      }
    };
    verdict_row("Real digits, with D's probability 'real'", real_tiles_, app.real_verdicts());
    verdict_row("Fakes, with D's probability 'real'", fake_tiles_, app.fake_verdicts());
  }
}

// What the judge (a small classifier trained on the real data) makes of the generator's output:
// which classes it draws, and three scores beside those of real held-out images.
void Ui::draw_judge(App& app, float width) {
  const Judge* judge = app.judge();
  ImGui::TextUnformatted("The judge");
  help_marker("A small classifier trained on the real images looks at 500 generated ones every few seconds. "
              "It can be fooled: its scores are guides, not proof.");
  if (!judge) {
    ImGui::TextDisabled("not loaded");
    return;
  }
  const JudgeScores& s = app.scores();
  const JudgeScores& real = app.real_scores();
  if (s.count == 0) {
    ImGui::TextDisabled("first scores after some training...");
    return;
  }
  // Histogram of the classes the judge sees in the generated images.
  const Dataset* d = app.dataset();
  const int K = static_cast<int>(s.class_fraction.size());
  const float h = 70 * ui_scale, bar_w = width / K;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("histogram", ImVec2(width, h + ImGui::GetTextLineHeight()));
  const float top = *std::max_element(s.class_fraction.begin(), s.class_fraction.end());
  for (int k = 0; k < K; ++k) {
    const float frac = static_cast<float>(s.class_fraction[k]);
    const float bh = top > 0 ? h * frac / std::max(top, 0.2f) : 0;
    const ImVec2 a(p0.x + k * bar_w + 2, p0.y + h - bh), b(p0.x + (k + 1) * bar_w - 2, p0.y + h);
    dl->AddRectFilled(a, b, frac >= 0.5f / K ? IM_COL32(90, 170, 250, 255) : IM_COL32(200, 90, 80, 255));
    const std::string label = d && k < d->num_classes() ? d->class_names[k].substr(0, 5) : std::to_string(k);
    dl->AddText(ImVec2(p0.x + k * bar_w + 2, p0.y + h + 1), IM_COL32(200, 200, 200, 255), label.c_str());
  }
  dl->AddLine(ImVec2(p0.x, p0.y + h - h * 0.1f / std::max(top, 0.2f)), ImVec2(p0.x + width, p0.y + h - h * 0.1f / std::max(top, 0.2f)),
              IM_COL32(255, 255, 255, 70));  // a fair share: 1/K
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("What the judge thinks the generator draws. Blue: the class gets at least half its fair share; "
                      "red: missing or rare (mode collapse shows as one tall bar). The faint line marks a fair share.");
  ImGui::Text("classes drawn %d/%d   (real %d/%d)", s.classes_present, K, real.classes_present, K);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("How many classes get at least half of a fair share of the generated images.");
  ImGui::Text("confidence %.2f   (real %.2f)", s.confidence, real.confidence);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("How sure the judge is, on average, of what each image shows.");
  ImGui::Text("Inception Score %.2f   (real %.2f, max %d)", s.inception_score, real.inception_score, K);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("High when each image is clearly one class and all classes appear.");
  ImGui::Text("Frechet distance %.1f   (real %.1f)", s.frechet, real.frechet);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("How far the generated images' features are from the real images' (lower is better).");
  ImGui::TextDisabled("judged at iteration %lld", static_cast<long long>(app.stats().judged_at));
}

void Ui::draw(App& app) {
  ImGuiIO& io = ImGui::GetIO();
  io.FontGlobalScale = ui_scale;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("GAN", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  const bool wide = io.DisplaySize.x >= 820 * ui_scale;
  if (wide) {
    const float side = 340 * ui_scale;
    ImGui::BeginChild("side", ImVec2(side, 0), true);
    draw_status(app);
    ImGui::Separator();
    draw_transport(app);
    ImGui::Separator();
    draw_settings(app);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("main", ImVec2(0, 0), false);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float samples_w = std::min(avail * 0.45f, 560.0f * ui_scale);
    ImGui::BeginGroup();
    draw_samples(app, samples_w);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    const float plots_w = ImGui::GetContentRegionAvail().x;
    draw_plots(app, plots_w);
    draw_judge(app, std::min(plots_w, 480.0f * ui_scale));
    ImGui::EndGroup();
    ImGui::EndChild();
  } else {
    const float w = ImGui::GetContentRegionAvail().x;
    draw_transport(app);  // first, where a thumb finds it
    draw_status(app);
    draw_samples(app, w);
    draw_judge(app, w);
    draw_plots(app, w);
    ImGui::Separator();
    draw_settings(app);
  }
  ImGui::End();
}

}  // namespace gan
