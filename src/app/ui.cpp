// Drawing the overlay with Dear ImGui; see ui.hpp. Layout: a row with the text size and presenter
// mode on top; below it a side panel (status, controls) beside the grid, plots and judge on wide
// screens; on narrow ones (phones) one column as tall as its content, so the page scrolls rather
// than an inner window; in presenter mode the grid (or the quiz), the curves and a row of buttons.
// Sizes are in ems (the font's size), so every layout grows with the text.
#include "ui.hpp"

#include <imgui.h>
#include <imgui_internal.h>      // ClearActiveID: letting go of a press when the page scrolls instead

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/bundled_data.hpp"
#include "core/file_io.hpp"
#include "core/images.hpp"
#include "core/judge.hpp"
#include "platform.hpp"
#include "polyline.hpp"

namespace gan {
namespace {

const ImU32 kSeriesColours[MetricsHistory::kSeries] = {IM_COL32(240, 110, 90, 255), IM_COL32(90, 170, 250, 255),
                                                       IM_COL32(250, 200, 80, 255), IM_COL32(150, 220, 120, 255)};
const char* kSeriesNames[MetricsHistory::kSeries] = {"D loss", "G loss", "D(x) real", "D(G(z)) fake"};
// The settings shown first; every other row of the parameter table follows under "More settings"
// (live) or "Network shape" (restarts training).
const char* kMainParams[] = {"d_lr", "g_lr", "real_label", "fake_label"};
// The font's size in logical pixels at text size 1: DejaVu Sans at 14 px takes about the room of
// ImGui's 13 px bitmap font, for which the dashboard was first laid out.
constexpr float kFontSize = 14.0f;
// Widths in ems: below kWideEm the dashboard is one column (phones, or large text in a small
// window); the side panel; the main area's least width for the grid beside the curves.
constexpr float kWideEm = 50, kSideEm = 24, kTwoColumnsEm = 36;

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

// A label after a widget drawn without one, so the widget's recorded rectangle is its frame alone
// (a click on its right end then really is the slider's maximum).
void trailing_label(const char* text) {
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::TextUnformatted(text);
}

// Rounds to a number of significant digits, so a slider lands on values a person can read and type.
double round_significant(double v, int digits) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*e", digits - 1, v);
  return std::strtod(buf, nullptr);
}

// A parameter slider's position for a value, and back: the exponent for log-scale parameters.
float slider_pos(const ParamInfo& p, double v) { return static_cast<float>(p.log_scale ? std::log10(std::max(v, p.min)) : v); }
double slider_value(const ParamInfo& p, float pos) {
  double v = p.log_scale ? round_significant(std::pow(10.0, pos), 2) : p.integer ? std::round(pos) : round_significant(pos, 3);
  clamp_to_range(p, v);
  return v;
}
void slider_text(const ParamInfo& p, double v, char* buf, size_t size) {
  if (p.integer)
    std::snprintf(buf, size, "%.0f", v);
  else if (p.log_scale)
    std::snprintf(buf, size, "%.1e", v);
  else
    std::snprintf(buf, size, "%.3g", v);
}

// A line plot of some series of the history, smoothed by an exponential moving average, with axes
// that fit the data within [floor, ceiling], a legend above the plot area (never over the curves),
// and a read-out of the values under the mouse.
void plot(const char* id, const MetricsHistory& h, std::initializer_list<int> series, float smoothing, ImVec2 size, float floor,
          float ceiling) {
  ImGui::PushID(id);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("plot", size);
  const bool hovered = ImGui::IsItemHovered();
  const float line = ImGui::GetTextLineHeight();
  const float pad_left = ImGui::CalcTextSize("0.000").x + 8, pad_bottom = line + 4, pad_top = line + 6;
  const ImVec2 a(p0.x + pad_left, p0.y + pad_top), b(p0.x + size.x - 4, p0.y + size.y - pad_bottom);
  // Legend, in its own row above the plot area (its swatches sized with the text).
  float lx = a.x;
  const float swatch = 0.7f * line;
  for (int s : series) {
    dl->AddRectFilled(ImVec2(lx, p0.y + 0.2f * line), ImVec2(lx + swatch, p0.y + 0.2f * line + swatch), kSeriesColours[s]);
    dl->AddText(ImVec2(lx + swatch + 0.3f * line, p0.y), IM_COL32(220, 220, 220, 255), kSeriesNames[s]);
    lx += swatch + 1.3f * line + ImGui::CalcTextSize(kSeriesNames[s]).x;
  }
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
  lo = std::max(lo - margin, floor);  // a cross-entropy or a probability is never below 0
  hi = std::min(hi + margin, ceiling);
  if (hi <= lo) hi = lo + 1e-3f;
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
    dl->AddText(ImVec2(p0.x, y - line * 0.5f), IM_COL32(170, 170, 170, 255), buf);
  }
  std::snprintf(buf, sizeof buf, "it %lld", static_cast<long long>(h.iteration(0)));
  dl->AddText(ImVec2(a.x, b.y + 2), IM_COL32(170, 170, 170, 255), buf);
  std::snprintf(buf, sizeof buf, "it %lld", static_cast<long long>(h.iteration(n - 1)));
  dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(buf).x, b.y + 2), IM_COL32(170, 170, 170, 255), buf);
  // Lines: at most two points per column of the plot (the history holds up to 2,048 per series).
  dl->PushClipRect(a, b, true);
  static std::vector<ImVec2> pts;
  for (int s : series) {
    pts.clear();
    for (int i = 0; i < n; ++i) pts.push_back(to_screen(i, smooth[s][i]));
    thin_to_columns(pts, 1.0f);
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), kSeriesColours[s], 0, std::max(1.5f, 0.1f * line));
  }
  dl->PopClipRect();
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

// The grid's caption when it shows a moving average of G (empty otherwise).
std::string ema_note(const App& app) {
  if (app.config().g_ema <= 0) return "";
  char text[160];
  std::snprintf(text, sizeof text, "Shows a moving average of G's weights (decay %g): a single G step barely changes it.", app.config().g_ema);
  return text;
}

// Continues the row when an item `width` wide still fits in it, else starts a new line: rows of
// buttons wrap on narrow screens instead of running off the edge.
void same_line_if_fits(float width) {
  const float x = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
  if (x <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}
float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

}  // namespace

// ---- Font and text size ---------------------------------------------------------------------------

bool Ui::load_font(const std::string& path) {
  std::vector<uint8_t> bytes;
  std::string error;
  // A TrueType file starts with its version, 0x00010000 (or 'true'); anything else is not tried.
  if (!read_file_bounded(path, size_t(4) << 20, bytes, error) || bytes.size() < 12 ||
      (std::memcmp(bytes.data(), "\0\1\0\0", 4) != 0 && std::memcmp(bytes.data(), "true", 4) != 0))
    return false;
  font_data_.assign(bytes.begin(), bytes.end());
  built_scale_ = 0;  // rebuilt with it before the next frame
  return true;
}

void Ui::set_text_scale(float scale) {
  scale = std::isnan(scale) ? 1.0f : std::clamp(scale, kMinTextScale, kMaxTextScale);
  text_scale_[presenting_] = std::round(scale * 20) / 20;  // steps of 0.05: sizes a person can name
}

void Ui::prepare_frame(float pixel_ratio) {
  if (!(pixel_ratio >= 0.5f && pixel_ratio <= 8.0f)) pixel_ratio = 1;
  const float scale = text_scale();
  if (scale == built_scale_ && pixel_ratio == built_ratio_) return;
  ImGuiIO& io = ImGui::GetIO();
  ImGuiStyle& style = ImGui::GetStyle();
  if (!base_style_saved_) {
    base_style_ = style;
    base_style_saved_ = true;
  }
  io.Fonts->Clear();
  font_pixels_ = 0;
  if (!font_data_.empty()) {
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the atlas takes a copy; font_data_ stays for the next rebuild
    // One texel per device pixel and glyphs on whole pixels: nothing is resampled, so nothing blurs.
    config.OversampleH = config.OversampleV = 1;
    config.PixelSnapH = true;
    // Latin-1 and the punctuation and maths blocks: ImGui keeps the characters the file has, which
    // tools/make_font.sh chose.
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2000, 0x22FF, 0};
    const float pixels = std::round(kFontSize * scale * pixel_ratio);
    if (io.Fonts->AddFontFromMemoryTTF(font_data_.data(), static_cast<int>(font_data_.size()), pixels, &config, ranges) &&
        io.Fonts->Build()) {
      font_pixels_ = pixels;
    } else {
      io.Fonts->Clear();
      font_data_.clear();  // a file that does not build: the built-in font from now on
    }
  }
  if (font_pixels_ > 0) {
    io.FontGlobalScale = 1.0f / pixel_ratio;  // the atlas is in device pixels, the layout in logical ones
  } else {
    io.Fonts->AddFontDefault();
    io.FontGlobalScale = scale;  // the bitmap font magnified: blurry, but everything still reads
  }
  style = base_style_;
  style.ScaleAllSizes(scale);
  io.Fonts->SetTexID(nullptr);  // the renderer uploads the new atlas before the next frame (gl_renderer.hpp)
  built_scale_ = scale;
  built_ratio_ = pixel_ratio;
  ++font_builds_;
}

void Ui::restore_textures() {
  for (GreyTexture* t : {&grid_, &real_tiles_, &fake_tiles_, &lapse_tex_, &quiz_tex_, &walk_tex_}) t->restore();
}

const char* Ui::layout_name() const {
  return layout_ == Layout::present ? "present" : layout_ == Layout::wide ? "wide" : "narrow";
}

// Presenter mode and the text size, in a row near the top of every layout. The slider applies its
// value when it is let go, so dragging it does not rebuild the font on every frame.
void Ui::draw_view_bar() {
  const float em = ImGui::GetFontSize(), inner = ImGui::GetStyle().ItemInnerSpacing.x;
  const char* mode = presenting_ ? "Exit presenter mode" : "Presenter mode";
  if (ImGui::Button(mode)) presenting_ = !presenting_;
  record("presenter");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(presenting_ ? "Back to the whole dashboard (Esc)" : "For a projector: the grid large, the curves, a few buttons, large text");
  same_line_if_fits(2 * button_width("+") + 7 * em + 2 * inner);
  if (ImGui::Button("-##smaller")) set_text_scale(text_scale() - 0.25f);
  record("text smaller");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Smaller text");
  ImGui::SameLine(0, inner);
  if (!text_slider_held_) text_slider_ = text_scale();
  ImGui::SetNextItemWidth(7 * em);
  ImGui::SliderFloat("##text size", &text_slider_, kMinTextScale, kMaxTextScale, "text %.2fx", ImGuiSliderFlags_AlwaysClamp);
  record("text size");
  text_slider_held_ = ImGui::IsItemActive();
  if (ImGui::IsItemDeactivatedAfterEdit()) set_text_scale(text_slider_);
  ImGui::SameLine(0, inner);
  if (ImGui::Button("+##larger")) set_text_scale(text_scale() + 0.25f);
  record("text larger");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Larger text (for projectors)");
}

bool Ui::widget_rect(const std::string& name, Rect& out) const {
  auto it = rects_.find(name);
  if (it == rects_.end()) return false;
  out = it->second;
  return true;
}

bool Ui::wheel_wanted(float dy) const {
  return popup_open_ || (dy > 0 && hovered_scrolls_down_) || (dy < 0 && hovered_scrolls_up_);
}

void Ui::record(const std::string& name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  frame_rects_[name] = {a.x, a.y, b.x - a.x, b.y - a.y};
}

void Ui::note_scroll() {
  if (!ImGui::IsWindowHovered()) return;  // only the innermost window under the pointer counts
  hovered_scrolls_up_ = ImGui::GetScrollY() > 0.5f;
  hovered_scrolls_down_ = ImGui::GetScrollY() < ImGui::GetScrollMaxY() - 0.5f;
}

void Ui::upload_samples(App& app) {
  if (app.samples_version() == uploaded_version_ || !app.dataset() || app.test_images().cols() == 0) return;
  uploaded_version_ = app.samples_version();
  const DatasetInfo& d = *app.dataset();
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
  // Never wrapped, whatever the caller's setting: the numbers change every frame, and a line that
  // wrapped now and then would move the controls below it. Each line fits the side panel (24 ems),
  // so the seed, up to 16 digits, has one of its own.
  ImGui::PushTextWrapPos(-1.0f);
  ImGui::Text("iteration %lld   epoch %lld", static_cast<long long>(s.iteration), static_cast<long long>(s.epoch));
  record("status");
  ImGui::Text("%.1f it/s   %.0f fps   %d thread%s", s.its_per_sec, s.fps, s.threads, s.threads == 1 ? "" : "s");
  const BundledDataset* data = find_bundled_dataset(s.dataset);
  ImGui::Text("preset %s   data %s", s.preset.c_str(), data ? data->label : "");
  ImGui::Text("seed %llu", static_cast<unsigned long long>(s.seed));
  help_marker("preset: the training recipe (a * means a setting was changed). seed: fixes every random draw, so the same seed replays the same run.");
  if (s.iteration == 0) {  // nothing measured yet: a 0 would read as a perfect score (ASCII: the fallback font has no en dash)
    ImGui::TextUnformatted("D loss -   G loss -");
    ImGui::TextUnformatted("D(x) -   D(G(z)) -");
  } else {
    ImGui::Text("D loss %.4f   G loss %.4f", s.d_loss, s.g_loss);
    ImGui::Text("D(x) %.3f   D(G(z)) %.3f", s.d_real, s.d_fake);
  }
  help_marker("D(x): how real the discriminator thinks the real images are (0..1). D(G(z)): the same for the generator's fakes. The generator wins when D(G(z)) rises.");
  ImGui::PopTextWrapPos();
  draw_messages(app);
}

// Errors, downloads and notices share one area of fixed height: text appearing or going away never
// moves a control under the pointer.
void Ui::draw_messages(App& app) {
  const float height = ImGui::GetTextLineHeightWithSpacing() * 2 + 4;
  ImGui::BeginChild("messages", ImVec2(0, height), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  std::string text;
  ImVec4 colour(1, 0.8f, 0.4f, 1);
  bool dismissable = false;
  if (!app.error().empty()) {
    text = app.error();
    colour = ImVec4(1, 0.4f, 0.4f, 1);
  } else if (!app.notice().empty()) {
    text = app.notice();
    dismissable = true;
  } else if (app.loading()) {
    const BundledDataset* d = find_bundled_dataset(app.loading_dataset().empty() ? app.dataset_name() : app.loading_dataset());
    text = std::string("downloading the ") + (d ? d->label : "") + " files...";
    colour = ImVec4(1, 0.85f, 0.3f, 1);
  }
  if (dismissable) {
    if (ImGui::SmallButton("x")) app.clear_notice();
    record("dismiss");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dismiss this notice");
    ImGui::SameLine();
  }
  if (!text.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(colour, "%s", text.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemHovered()) {  // the area may cut a long message: the tooltip has all of it
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
      ImGui::TextUnformatted(text.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
  ImGui::EndChild();
}

void Ui::draw_transport(App& app) {
  const bool running = app.stats().running;
  const float em = ImGui::GetFontSize();
  if (ImGui::Button(running ? "Pause" : "Play", ImVec2(5.5f * em, 0))) app.set_running(!running);
  record("Play");
  ImGui::SameLine();
  if (ImGui::Button("Step")) app.queue_steps(steps_per_click_);
  record("Step");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Run %d full iteration(s): D step(s) then a G step", steps_per_click_);
  ImGui::SameLine();
  if (ImGui::Button("D step")) app.step_discriminator();
  record("D step");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train only the discriminator once (real batch + fresh fakes)");
  ImGui::SameLine();
  if (ImGui::Button("G step")) app.step_generator();
  record("G step");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train only the generator once, through the frozen discriminator");
  ImGui::SetNextItemWidth(8.5f * em);
  ImGui::SliderInt("##steps", &steps_per_click_, 1, 100, "%d", ImGuiSliderFlags_AlwaysClamp);
  record("iterations per Step");
  trailing_label("iterations per Step");
  // Progress of queued steps, in a line that is always there (so nothing below moves).
  if (app.pending_steps() > 0 && app.queued_total() > 0) {
    const int done = app.queued_total() - app.pending_steps();
    char text[64];
    std::snprintf(text, sizeof text, "stepping: %d of %d", done, app.queued_total());
    ImGui::ProgressBar(static_cast<float>(done) / app.queued_total(), ImVec2(-1, ImGui::GetTextLineHeight()), text);
  } else {
    ImGui::Dummy(ImVec2(1, ImGui::GetTextLineHeight()));
  }

  if (ImGui::Button("Reset")) app.reset(app.config().seed);
  record("Reset");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Start again from fresh weights with the same seed (replays the same run)");
  ImGui::SameLine();
  if (ImGui::Button("Reset, new seed")) app.reset(platform::random_seed());
  record("Reset, new seed");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Start again from fresh weights and a new random seed");
  same_line_if_fits(button_width("Spot the fake"));
  quiz_button(app);
}

void Ui::quiz_button(App& app) {
  if (ImGui::Button(quiz_open_ ? "Close quiz###quiz" : "Spot the fake###quiz")) {
    quiz_open_ = !quiz_open_;
    if (quiz_open_) app.new_quiz_round();
  }
  record("Spot the fake");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("A quiz: real and generated images mixed; mark the fakes, then check");
}

void Ui::commit_text(App& app, const ParamInfo& p, const char* text) {
  double v = 0;
  if (!parse_number(text, v)) {
    app.set_notice(std::string(p.name) + ": '" + text + "' is not a number");
    return;
  }
  const double typed = v;
  if (!clamp_to_range(p, v)) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s = %g is outside %g..%g%s; set to %s", p.name, typed, p.min, p.max, p.integer ? " (whole numbers)" : "",
                  format_setting(v, p.integer).c_str());
    app.set_notice(buf);
  }
  app.set_param(p.name, v);
}

// One row of the parameter table: its description, then a slider (over the exponent for
// log-scale parameters) and a number box applied when editing ends. Both hand the number itself
// to App::set_param; parameters that are not live apply when the slider is let go.
void Ui::param_row(App& app, const ParamInfo& p) {
  ImGui::PushID(p.name);
  const double value = get_param(app.config(), p.name);
  ImGui::TextUnformatted(p.help);
  if (!p.live) {
    ImGui::SameLine();
    ImGui::TextDisabled("(restarts training)");
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s  [%g .. %g]%s", p.name, p.min, p.max, p.log_scale ? ", log scale" : "");
  const float box_w = 6.5f * ImGui::GetFontSize(), spacing = ImGui::GetStyle().ItemSpacing.x;
  const float lo = slider_pos(p, p.min), hi = slider_pos(p, p.max);
  const bool dragging = dragging_ == p.name;
  float pos = dragging ? drag_pos_ : slider_pos(p, value);
  char text[32];
  slider_text(p, dragging ? slider_value(p, pos) : value, text, sizeof text);
  ImGui::SetNextItemWidth(std::max(60.0f, ImGui::GetContentRegionAvail().x - box_w - spacing));
  // The format is the finished text (no % conversion), so ImGui neither rounds the position to it
  // nor derives a log epsilon from it; Ctrl+click typing is off: the number box is for that.
  const bool moved = ImGui::SliderFloat("##slider", &pos, lo, hi, text, ImGuiSliderFlags_NoInput | ImGuiSliderFlags_NoRoundToFormat);
  record(std::string(p.name) + " slider");
  if (ImGui::IsItemActive()) {
    dragging_ = p.name;
    drag_pos_ = pos;
  }
  if (moved && p.live && slider_value(p, pos) != value) app.set_param(p.name, slider_value(p, pos));
  if (ImGui::IsItemDeactivated() && dragging) {
    if (!p.live && ImGui::IsItemDeactivatedAfterEdit() && slider_value(p, pos) != value) app.set_param(p.name, slider_value(p, pos));
    dragging_.clear();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(box_w);
  auto& buf = edit_text_[p.name];
  if (editing_ != p.name) std::snprintf(buf.data(), buf.size(), "%s", format_setting(value, p.integer).c_str());
  ImGui::InputText("##box", buf.data(), buf.size(), ImGuiInputTextFlags_CharsScientific | ImGuiInputTextFlags_AutoSelectAll);
  record(std::string(p.name) + " box");
  if (ImGui::IsItemActive()) editing_ = p.name;
  if (ImGui::IsItemDeactivated()) {
    if (ImGui::IsItemDeactivatedAfterEdit()) commit_text(app, p, buf.data());
    if (editing_ == p.name) editing_.clear();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Type a value (e.g. 2e-4), then Enter");
  ImGui::PopID();
}

void Ui::preset_combo(App& app) {
  const TrainConfig& c = app.config();
  const std::string shown = preset_title(c.preset).empty() ? c.preset : preset_title(c.preset);
  if (ImGui::BeginCombo("preset", shown.c_str())) {
    bool lessons = false;
    for (const auto& name : preset_names()) {
      if (preset_is_lesson(name) && !lessons) {  // the working recipes first, then the lessons
        lessons = true;
        ImGui::Separator();
        ImGui::TextDisabled("Lessons: a recipe gone wrong");
      }
      const std::string label = preset_title(name) + "  (" + name + ")";
      if (ImGui::Selectable(label.c_str(), name == c.preset)) app.set_preset(name);
      record("preset: " + name);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", describe_preset(name).c_str());
    }
    ImGui::EndCombo();
  }
  record("preset");
}

// What to watch for with the running preset: the lesson's promise, or what the recipe shows.
void Ui::draw_watch_for(App& app, float width) {
  const std::string text = preset_watch_for(app.config().preset);
  if (text.empty()) return;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextColored(ImVec4(0.55f, 0.8f, 1.0f, 1.0f), "Watch for:");
  ImGui::SameLine();
  ImGui::TextWrapped("%s", text.c_str());
  record("watch for");
  ImGui::PopTextWrapPos();
}

void Ui::draw_settings(App& app) {
  preset_combo(app);
  help_marker("Textbook recipe (book): the textbook's exact recipe. The lessons each show one way training goes wrong. "
              "Changing a preset restarts training.");
  draw_watch_for(app, ImGui::GetContentRegionAvail().x);
  const BundledDataset* current = find_bundled_dataset(app.dataset_name());
  if (ImGui::BeginCombo("dataset", current ? current->label : "")) {
    for (const auto& d : bundled_datasets())
    {
      // Picking the running dataset only cancels a download; it does not restart the run.
      const bool current = app.dataset_name() == d.name;
      if (ImGui::Selectable(d.label, current) && (!current || !app.loading_dataset().empty())) app.set_dataset(d.name);
      record(std::string("dataset: ") + d.label);
    }
    ImGui::EndCombo();
  }
  record("dataset");

  for (const char* name : kMainParams)
    if (const ParamInfo* p = find_param(name)) param_row(app, *p);
  auto is_main = [](const ParamInfo& p) {
    return std::any_of(std::begin(kMainParams), std::end(kMainParams), [&](const char* n) { return std::strcmp(n, p.name) == 0; });
  };
  const bool more = ImGui::CollapsingHeader("More settings");
  record("More settings");
  if (more)
    for (const auto& p : param_table())
      if (p.live && !is_main(p)) param_row(app, p);
  const bool shape = ImGui::CollapsingHeader("Network shape (restarts training)");
  record("Network shape");
  if (shape)
    for (const auto& p : param_table())
      if (!p.live && !is_main(p)) param_row(app, p);
  ImGui::Separator();
  ImGui::SliderFloat("##smoothing", &smoothing_, 0.0f, 0.99f, "%.2f");
  record("curve smoothing");
  trailing_label("curve smoothing");
}

// The loss curves `height` tall and the verdict curves a little less.
void Ui::draw_plots(App& app, float width, float h) {
  ImGui::TextUnformatted("Losses");
  help_marker("Binary cross-entropy of each network. D's loss is on real + fake images; G's is how well it fools D. "
              "They push against each other: a healthy run has both wobbling rather than one going to zero.");
  plot("losses", app.history(), {0, 1}, smoothing_, ImVec2(width, h), 0.0f, 1e30f);
  ImGui::TextUnformatted("Discriminator's verdicts");
  help_marker("Mean probability 'real' that D gives real images and generated ones. Near 0.5 for both means D can no longer tell them apart.");
  plot("verdicts", app.history(), {2, 3}, smoothing_, ImVec2(width, h * 0.8f), 0.0f, 1.0f);
}

void Ui::draw_samples(App& app, float width, bool details) {
  upload_samples(app);
  const BundledDataset* data = find_bundled_dataset(app.dataset_name());
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  if (details) {
    // While the second digit of a walk is awaited the caption says so, in the same single line.
    if (walk_pick_ >= 0)
      ImGui::TextColored(ImVec4(1.0f, 0.86f, 0.25f, 1.0f), "#%d picked: click another digit", walk_pick_);
    else
      ImGui::TextUnformatted("Generated from fixed noise z_test");
    help_marker("The same 100 noise vectors go through the generator every time, so you watch the same 'pens' learn to draw. "
                "Click one digit, then another: a row under the grid walks between their noise vectors (a latent walk).");
    const std::string note = ema_note(app);
    if (!note.empty()) ImGui::TextDisabled("%s", note.c_str());
  }
  // The grid's place is kept before its first image, so nothing below moves when it arrives.
  const GreyTexture& shown = scrub_iteration_ >= 0 && lapse_tex_.width() > 0 ? lapse_tex_ : grid_;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 size(width, shown.width() > 0 ? width * shown.height() / shown.width() : width);
  if (details) {
    // The digits can be picked for a latent walk: a click (a tap) on one, then on another.
    if (ImGui::InvisibleButton("grid", size) && shown.width() > 0) {
      const ImVec2 m = ImGui::GetIO().MouseClickedPos[0];
      const int column = std::clamp(static_cast<int>((m.x - at.x) / size.x * 10), 0, 9);
      const int row = std::clamp(static_cast<int>((m.y - at.y) / size.y * 10), 0, 9);
      pick_walk_tile(app, row * 10 + column);
    }
    if (ImGui::IsItemHovered() && walk_pick_ < 0 && app.walk_from() < 0)
      ImGui::SetTooltip("Click two digits for a latent walk between their noise vectors");
    if (shown.width() > 0) ImGui::GetWindowDrawList()->AddImage(shown.imgui_id(), at, ImVec2(at.x + size.x, at.y + size.y));
  } else if (shown.width() > 0) {
    ImGui::Image(shown.imgui_id(), size);
  } else {
    ImGui::Dummy(size);
  }
  record("grid");
  if (details && shown.width() > 0) {
    // Frames around the picked digits: the first pick, and the walk's two ends.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float scale = size.x / shown.width(), tile = (shown.width() - 11.0f) / 10, thick = std::max(2.0f, 0.15f * ImGui::GetFontSize());
    auto frame = [&](int k, ImU32 colour) {
      if (k < 0 || k >= 100) return;
      const float x = at.x + (1 + (k % 10) * (tile + 1)) * scale, y = at.y + (1 + (k / 10) * (tile + 1)) * scale;
      dl->AddRect(ImVec2(x - 0.5f * thick, y - 0.5f * thick), ImVec2(x + tile * scale + 0.5f * thick, y + tile * scale + 0.5f * thick), colour, 0,
                  0, thick);
    };
    frame(app.walk_from(), IM_COL32(80, 200, 255, 255));
    frame(app.walk_to(), IM_COL32(255, 120, 220, 255));
    frame(walk_pick_, IM_COL32(255, 220, 60, 255));
  }
  draw_timelapse(app, width);
  if (details) draw_walk(app, width);
  if (details && real_tiles_.width() > 0) {
    // One cell per tile, its verdict centred under it and clipped to it, so neighbours never run
    // together; when "0.00" does not fit a cell, the leading zero goes (".58").
    const float cell = width / 8;
    const bool short_form = ImGui::CalcTextSize("0.00").x + ImGui::GetStyle().ItemInnerSpacing.x > cell;
    auto verdict_row = [&](const std::string& title, GreyTexture& tex, const Eigen::VectorXf& verdicts, const char* name) {
      ImGui::TextUnformatted(title.c_str());
      ImGui::Image(tex.imgui_id(), ImVec2(width, width * tex.height() / tex.width()));
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float line = ImGui::GetTextLineHeight();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      for (int k = 0; k < verdicts.size(); ++k) {
        char text[16];
        std::snprintf(text, sizeof text, "%.2f", verdicts(k));
        const char* shown = short_form && text[0] == '0' ? text + 1 : text;
        const ImVec2 a(p.x + k * cell, p.y), b(a.x + cell, p.y + line);
        dl->PushClipRect(a, b, true);
        dl->AddText(ImVec2(a.x + std::max(0.0f, (cell - ImGui::CalcTextSize(shown).x) / 2), p.y), ImGui::GetColorU32(ImGuiCol_Text), shown);
        dl->PopClipRect();
      }
      ImGui::Dummy(ImVec2(width, line));
      record(name);
    };
    verdict_row(std::string(data ? data->real_noun : "Real images") + ", with D's probability 'real'", real_tiles_, app.real_verdicts(),
                "real verdicts");
    verdict_row("Fakes, with D's probability 'real'", fake_tiles_, app.fake_verdicts(), "fake verdicts");
  }
  ImGui::PopTextWrapPos();
}

void Ui::pick_walk_tile(App& app, int tile) {
  if (walk_pick_ < 0) {
    walk_pick_ = tile;
  } else if (walk_pick_ == tile) {  // the same digit again: unpicked
    walk_pick_ = -1;
  } else {
    app.start_walk(walk_pick_, tile);
    walk_pick_ = -1;
  }
}

// The latent walk: the images on the straight line between two digits' noise vectors, as the
// generator draws them now (the session regenerates them with the grid). Nothing until one runs, so
// the grid keeps its size while the second digit is awaited (the caption says what to do).
void Ui::draw_walk(App& app, float width) {
  const DatasetInfo* d = app.dataset();
  if (app.walk_from() >= 0) {
    if (ImGui::SmallButton("clear##walk")) {
      app.stop_walk();
      walk_pick_ = -1;
    }
    record("clear walk");
    ImGui::SameLine();
    ImGui::Text("Latent walk: #%d to #%d", app.walk_from(), app.walk_to());
    help_marker("Ten images from evenly spaced points on the straight line between the two digits' noise vectors, "
                "drawn by the generator as it trains: do the digits in between morph smoothly? Click two other digits for another walk.");
    if (walk_uploaded_ != app.walk_version() && d) {
      walk_uploaded_ = app.walk_version();
      if (app.walk_images().cols() == kWalkSteps) {
        int w = 0, h = 0;
        const std::vector<uint8_t> pixels = tile_grid(app.walk_images(), d->rows, d->cols, kWalkSteps, 1, w, h);
        walk_tex_.upload(pixels, w, h);
      }
    }
    const float h = width * (d ? d->rows + 2.0f : 30.0f) / (kWalkSteps * (d ? d->cols + 1.0f : 29.0f) + 1);
    if (app.walk_images().cols() == kWalkSteps && walk_tex_.width() > 0)
      ImGui::Image(walk_tex_.imgui_id(), ImVec2(width, h));
    else
      ImGui::Dummy(ImVec2(width, h));
    record("walk");
  }
}

// Spot the fake: a round of real and generated images (the session makes it, this side keeps the
// truth until Check). A click marks or unmarks a tile; Check scores the marks and shows on each
// tile what it was and D's probability "real"; New round draws another.
void Ui::draw_quiz(App& app, float width, float height) {
  const float em = ImGui::GetFontSize(), top = ImGui::GetCursorPosY();
  const DatasetInfo* d = app.dataset();
  if (app.quiz_tiles() == 0 && !app.quiz_waiting()) app.new_quiz_round();  // opened before anything trained
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Spot the fake");
  help_marker("Some of these images come from the dataset, the others from the generator (fresh noise, the generator shown in the grid). "
              "Can you tell them apart better than the discriminator can?");
  ImGui::SameLine();
  if (ImGui::Button("Close quiz")) quiz_open_ = false;  // a full-size button: a finger finds it
  record("Close quiz");
  const int n = app.quiz_tiles();
  const bool checked = app.quiz_checked();
  char text[200];
  if (n == 0)
    std::snprintf(text, sizeof text, "Drawing a round...");
  else
    std::snprintf(text, sizeof text, "%d of these %d are fakes drawn by the generator. Click the ones you think are fake, then Check.",
                  app.quiz_fakes(), n);
  ImGui::TextUnformatted(text);
  if (quiz_uploaded_ != app.quiz_version() && d && n > 0) {
    quiz_uploaded_ = app.quiz_version();
    int w = 0, h = 0;
    const std::vector<uint8_t> pixels = tile_grid(app.quiz_images(), d->rows, d->cols, n > 16 ? 8 : 4, 1, w, h);
    quiz_tex_.upload(pixels, w, h);
  }
  const int columns = n > 16 ? 8 : 4, rows = std::max(1, (std::max(n, App::kQuizTiles) + columns - 1) / columns);
  const float gap = 0.3f * em;
  float cell = (width - (columns - 1) * gap) / columns;
  if (height > 0) {
    // The tiles take what the text above (measured) and the buttons and result below leave; the
    // result wraps at `width`, so its height is known before it is drawn.
    const float above = ImGui::GetCursorPosY() - top, spacing = ImGui::GetStyle().ItemSpacing.y;
    const float result = ImGui::CalcTextSize("You found 8 of 8 fakes, 8 reals marked fake. D, at 0.5, called 16 of 16 right.", nullptr, false, width).y;
    const float below = ImGui::GetFrameHeightWithSpacing() + result + 2 * spacing;
    cell = std::min(cell, (height - above - below - (rows - 1) * gap) / rows);
  }
  cell = std::max(cell, 2.5f * em);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float thick = std::max(2.0f, 0.18f * em), text_h = ImGui::GetTextLineHeight();
  const ImU32 red = IM_COL32(240, 70, 70, 255), fake_col = IM_COL32(255, 150, 50, 255), real_col = IM_COL32(90, 210, 110, 255);
  ImGui::BeginGroup();
  if (n == 0 || quiz_tex_.width() == 0) ImGui::Dummy(ImVec2(columns * cell + (columns - 1) * gap, rows * cell + (rows - 1) * gap));
  for (int k = 0; k < n && quiz_tex_.width() > 0; ++k) {
    const int c = k % columns, r = k / columns;
    const ImVec2 a(origin.x + c * (cell + gap), origin.y + r * (cell + gap)), b(a.x + cell, a.y + cell);
    ImGui::SetCursorScreenPos(a);
    ImGui::PushID(k);
    if (ImGui::InvisibleButton("tile", ImVec2(cell, cell))) app.toggle_quiz_mark(k);
    ImGui::PopID();
    record("quiz tile " + std::to_string(k));
    const bool hovered = ImGui::IsItemHovered() && !checked;
    const float tw = static_cast<float>(quiz_tex_.width()), th = static_cast<float>(quiz_tex_.height());
    const float x0 = 1.0f + c * (d->cols + 1), y0 = 1.0f + r * (d->rows + 1);
    dl->AddImage(quiz_tex_.imgui_id(), a, b, ImVec2(x0 / tw, y0 / th), ImVec2((x0 + d->cols) / tw, (y0 + d->rows) / th));
    const bool marked = app.quiz_marked(k);
    bool fake = false;
    float score = 0;
    if (app.quiz_reveal(k, fake, score)) {  // after Check: what it was, and what D thought
      const ImU32 col = fake ? fake_col : real_col;
      dl->AddRect(a, b, col, 0, 0, marked ? 2 * thick : thick);
      std::snprintf(text, sizeof text, "%s %.2f", fake ? "fake" : "real", score);
      dl->AddRectFilled(ImVec2(a.x, b.y - text_h - 2), b, IM_COL32(0, 0, 0, 200));
      dl->PushClipRect(a, b, true);
      dl->AddText(ImVec2(a.x + 3, b.y - text_h - 1), col, text);
      dl->PopClipRect();
    } else if (marked || hovered) {
      dl->AddRect(a, b, marked ? red : IM_COL32(200, 200, 200, 160), 0, 0, thick);
    }
    if (marked) {  // the viewer's mark: a red corner with an X
      const float m = std::min(1.3f * text_h, 0.4f * cell);
      dl->AddRectFilled(ImVec2(b.x - m, a.y), ImVec2(b.x, a.y + m), red);
      dl->AddLine(ImVec2(b.x - 0.75f * m, a.y + 0.25f * m), ImVec2(b.x - 0.25f * m, a.y + 0.75f * m), IM_COL32_WHITE, 2);
      dl->AddLine(ImVec2(b.x - 0.25f * m, a.y + 0.25f * m), ImVec2(b.x - 0.75f * m, a.y + 0.75f * m), IM_COL32_WHITE, 2);
    }
  }
  ImGui::EndGroup();
  ImGui::BeginDisabled(n == 0 || checked);
  if (ImGui::Button("Check")) app.check_quiz();
  ImGui::EndDisabled();
  record("Check");
  ImGui::SameLine();
  if (ImGui::Button("New round")) app.new_quiz_round();
  record("New round");
  if (checked) {
    const App::QuizResult q = app.quiz_result();
    std::snprintf(text, sizeof text, "You found %d of %d fakes, %d real%s marked fake. D, at 0.5, called %d of %d right.", q.found, q.fakes,
                  q.false_alarms, q.false_alarms == 1 ? "" : "s", q.d_right, n);
    ImGui::TextColored(ImVec4(0.55f, 0.8f, 1.0f, 1.0f), "%s", text);
    record("quiz result");
  } else {
    int marked = 0;
    for (int k = 0; k < n; ++k) marked += app.quiz_marked(k);
    ImGui::TextDisabled("%d marked", marked);
  }
  ImGui::PopTextWrapPos();
}

// Under the grid: a slider over the recorded frames, live at its right end. Scrubbing shows how the
// digits formed while training goes on; the recorded frame nearest the chosen iteration is shown.
void Ui::draw_timelapse(App& app, float width) {
  const TimeLapse& lapse = app.timelapse();
  if (lapse.empty()) {
    scrub_iteration_ = -1;
    return;
  }
  const int count = static_cast<int>(lapse.size());
  int pos = count;  // live
  if (scrub_iteration_ >= 0) {
    pos = 0;
    for (int i = 1; i < count; ++i)
      if (std::llabs(lapse.frame(i).iteration - scrub_iteration_) < std::llabs(lapse.frame(pos).iteration - scrub_iteration_)) pos = i;
  }
  char label[64];
  if (pos == count)
    std::snprintf(label, sizeof label, "live   (%d frames kept)", count);
  else
    std::snprintf(label, sizeof label, "iteration %lld", static_cast<long long>(lapse.frame(pos).iteration));
  ImGui::SetNextItemWidth(width);
  if (ImGui::SliderInt("##timelapse", &pos, 0, count, label, ImGuiSliderFlags_AlwaysClamp))
    scrub_iteration_ = pos >= count ? -1 : lapse.frame(pos).iteration;
  record("time-lapse");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Time-lapse: drag left to replay how the digits formed (training goes on); right end = live.");
  if (scrub_iteration_ >= 0 && lapse.frame(pos).iteration != lapse_shown_) {
    const GreyImage picture = timelapse_grid(lapse, pos, 10);
    lapse_tex_.upload(picture.pixels, picture.width, picture.height);
    lapse_shown_ = lapse.frame(pos).iteration;
  }
}

// Inception Score and Fréchet distance at each judgement, as two small curves.
void Ui::draw_quality(App& app, float width) {
  const auto& points = app.quality_history();
  if (points.size() < 2) return;
  std::vector<float> is, fd;
  for (const auto& p : points) {
    is.push_back(static_cast<float>(p.inception_score));
    fd.push_back(static_cast<float>(std::min(p.frechet, 500.0)));
  }
  char text[96];
  const float h = 2.5f * ImGui::GetFontSize();
  std::snprintf(text, sizeof text, "IS %.2f (higher is better)", is.back());
  ImGui::PlotLines("##is", is.data(), static_cast<int>(is.size()), 0, text, 1.0f, FLT_MAX, ImVec2(width, h));
  record("quality IS");
  std::snprintf(text, sizeof text, "FD %.1f (lower is better)", fd.back());
  ImGui::PlotLines("##fd", fd.data(), static_cast<int>(fd.size()), 0, text, 0.0f, FLT_MAX, ImVec2(width, h));
  record("quality FD");
  ImGui::TextDisabled("judged %d times, iterations %lld to %lld", static_cast<int>(points.size()),
                      static_cast<long long>(points.front().iteration), static_cast<long long>(points.back().iteration));
}

// What the judge (a small classifier trained on the real data) makes of the generator's output:
// which classes it draws, and three scores beside those of real held-out images. Until the judge
// is fairly sure of what it sees, its counts mean nothing (noise lands in most classes), so the
// panel is greyed and says so.
void Ui::draw_judge(App& app, float width) {

  ImGui::TextUnformatted("The judge");
  help_marker("A small classifier trained on the real images looks at 500 generated ones every few seconds. "
              "It can be fooled: its scores are guides, not proof.");
  if (!app.has_judge()) {
    ImGui::TextDisabled("not loaded");
    return;
  }
  const JudgeScores& s = app.scores();
  const JudgeScores& real = app.real_scores();
  if (s.count == 0) {
    ImGui::TextDisabled("first scores after some training...");
    return;
  }
  const bool readable = app.judge_is_readable();
  // Lines wrap at the column's edge: large text never runs under the next column or off the window.
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  if (!readable)
    ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "Not yet readable: the judge is only %.0f%% sure of what it sees, so its counts below mean little.",
                       100 * s.confidence);
  // Histogram of the classes the judge sees in the generated images.
  const DatasetInfo* d = app.dataset();
  const int K = static_cast<int>(s.class_fraction.size());
  const float h = 5 * ImGui::GetFontSize(), bar_w = width / K;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("histogram", ImVec2(width, h + ImGui::GetTextLineHeight()));
  const float top = *std::max_element(s.class_fraction.begin(), s.class_fraction.end());
  const ImU32 grey = IM_COL32(110, 110, 115, 255);
  for (int k = 0; k < K; ++k) {
    const float frac = static_cast<float>(s.class_fraction[k]);
    const float bh = top > 0 ? h * frac / std::max(top, 0.2f) : 0;
    const ImVec2 a(p0.x + k * bar_w + 2, p0.y + h - bh), b(p0.x + (k + 1) * bar_w - 2, p0.y + h);
    dl->AddRectFilled(a, b, !readable ? grey : frac >= 0.5f / K ? IM_COL32(90, 170, 250, 255) : IM_COL32(200, 90, 80, 255));
    const std::string label = d && k < d->num_classes() ? d->class_names[k].substr(0, 5) : std::to_string(k);
    dl->PushClipRect(ImVec2(p0.x + k * bar_w, p0.y + h), ImVec2(p0.x + (k + 1) * bar_w - 1, p0.y + h + ImGui::GetTextLineHeight() + 1), true);
    dl->AddText(ImVec2(p0.x + k * bar_w + 2, p0.y + h + 1), IM_COL32(200, 200, 200, 255), label.c_str());
    dl->PopClipRect();
  }
  const float fair_y = p0.y + h - h * (1.0f / K) / std::max(top, 0.2f);
  dl->AddLine(ImVec2(p0.x, fair_y), ImVec2(p0.x + width, fair_y), IM_COL32(255, 255, 255, 70));  // a fair share: 1/K
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("What the judge thinks the generator draws. Blue: the class gets at least half its fair share; "
                      "red: missing or rare (mode collapse shows as one tall bar). The faint line marks a fair share.");
  if (!readable) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::BeginGroup();
  ImGui::Text("classes drawn %d/%d   (real %d/%d)", s.classes_present, K, real.classes_present, K);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("How many classes get at least half of a fair share of the generated images.");
  ImGui::Text("confidence %.2f   (real %.2f)", s.confidence, real.confidence);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("How sure the judge is, on average, of what each image shows.");
  ImGui::Text("Inception Score %.2f   (real %.2f, max %d)", s.inception_score, real.inception_score, K);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("High when each image is clearly one class and all classes appear.");
  ImGui::Text("Frechet distance %.1f   (real %.1f)", s.frechet, real.frechet);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("How far the generated images' features are from the real images' (lower is better).");
  ImGui::EndGroup();
  record("judge scores");
  if (!readable) ImGui::PopStyleColor();
  ImGui::TextDisabled("judged at iteration %lld", static_cast<long long>(app.stats().judged_at));
  draw_quality(app, width);
  ImGui::PopTextWrapPos();
}

// Presenter mode: one row of essential buttons, then the grid (or Spot the fake, for the room to play)
// as large as the window allows and the curves beside it (below it on a narrow screen).
void Ui::draw_presenter(App& app, bool wide) {
  const float em = ImGui::GetFontSize();
  const AppStats st = app.stats();
  if (ImGui::Button(st.running ? "Pause" : "Play", ImVec2(5.5f * em, 0))) app.set_running(!st.running);
  record("Play");
  same_line_if_fits(button_width("Step"));
  if (ImGui::Button("Step")) app.queue_steps(steps_per_click_);
  record("Step");
  same_line_if_fits(button_width("Reset"));
  if (ImGui::Button("Reset")) app.reset(app.config().seed);
  record("Reset");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Start again from fresh weights with the same seed");
  same_line_if_fits(button_width("Spot the fake"));
  quiz_button(app);
  same_line_if_fits(14 * em);
  ImGui::SetNextItemWidth(10 * em);
  preset_combo(app);
  char where[64];
  std::snprintf(where, sizeof where, "iteration %lld   epoch %lld", static_cast<long long>(st.iteration), static_cast<long long>(st.epoch));
  same_line_if_fits(ImGui::CalcTextSize(where).x + em);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + em);
  ImGui::TextUnformatted(where);
  same_line_if_fits(button_width("Exit presenter mode") + 18 * em);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + em);
  draw_view_bar();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float spacing = ImGui::GetStyle().ItemSpacing.x, titles = 2 * ImGui::GetTextLineHeightWithSpacing();
  if (wide) {
    const float grid = std::max(8 * em, std::min(avail.y, (avail.x - spacing) * 0.62f));
    ImGui::BeginGroup();
    if (quiz_open_)
      draw_quiz(app, grid, avail.y);  // tiles as large as the height allows, for a room to play
    else
      draw_samples(app, grid, false);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    const float top = ImGui::GetCursorPosY(), column = ImGui::GetContentRegionAvail().x;
    draw_watch_for(app, column);  // a lesson's promise stays in view beside the digits
    const float left = avail.y - (ImGui::GetCursorPosY() - top);
    draw_plots(app, column, std::max(6 * em, (left - titles) / 1.8f - ImGui::GetStyle().ItemSpacing.y));
    ImGui::EndGroup();
  } else {
    if (quiz_open_)
      draw_quiz(app, avail.x, 0);
    else
      draw_samples(app, avail.x, false);
    draw_watch_for(app, avail.x);
    draw_plots(app, avail.x, 12 * em);
  }
}

void Ui::draw(App& app) {
  ImGuiIO& io = ImGui::GetIO();
  // A finger that scrolled the page lets go of whatever it pressed, without a click; leaving the
  // canvas ends an edit. Characters typed in the same frame as the leaving reach the box first
  // (they are read by the active box during this frame), and the edit ends on the next.
  if (cancel_pointer_ && io.InputQueueCharacters.Size == 0) {
    if (ImGui::GetActiveID() != 0) ImGui::ClearActiveID();
    if (!io.MouseDown[0]) cancel_pointer_ = false;
  }
  // Esc leaves presenter mode, unless it is ending an edit or closing a list.
  if (presenting_ && !io.WantTextInput && !popup_open_ && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) presenting_ = false;
  frame_rects_.clear();
  hovered_scrolls_up_ = hovered_scrolls_down_ = false;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  // The breakpoint is in ems, not pixels: larger text needs a wider window for the same layout, and
  // a projector's wide window keeps two columns at large text.
  const float em = ImGui::GetFontSize();
  const bool wide = io.DisplaySize.x >= kWideEm * em;
  layout_ = presenting_ ? Layout::present : wide ? Layout::wide : Layout::narrow;
  // The wide layout with two columns in its main area: the window's padding, the side panel, the
  // spacing between, the columns' least width and room for a scroll bar.
  const ImGuiStyle& style = ImGui::GetStyle();
  full_width_ = std::ceil(2 * style.WindowPadding.x + (kSideEm + kTwoColumnsEm) * em + style.ItemSpacing.x + style.ScrollbarSize);
  // No window background: the frame's clear colour is the dashboard's background (main.cpp).
  ImGui::Begin("GAN", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground | (wide ? 0 : ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse));
  if (presenting_) {
    draw_presenter(app, wide);
  } else if (wide) {
    draw_view_bar();
    ImGui::BeginChild("side", ImVec2(kSideEm * em, 0), true);
    ImGui::PushTextWrapPos(0);  // long lines wrap at the panel's edge instead of being cut off
    draw_status(app);
    ImGui::Separator();
    draw_transport(app);
    ImGui::Separator();
    draw_settings(app);
    ImGui::PopTextWrapPos();
    note_scroll();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("main", ImVec2(0, 0), false);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float line = ImGui::GetTextLineHeightWithSpacing(), gap = ImGui::GetStyle().ItemSpacing.y;
    if (quiz_open_) {
      draw_quiz(app, std::min(avail.x, 48 * em), avail.y);
    } else if (avail.x >= kTwoColumnsEm * em) {
      // The grid and the tiles under it as large as the height allows: the two rows of eight tiles
      // (1 px apart, like the grid's) take about a quarter of the grid's height, the text around
      // them five lines, the time-lapse slider and the caption, which wraps at the grid's width (so
      // the width is found in two steps). The curves and the judge go beside. A latent walk adds a
      // line and a row of images a tenth of the grid's width.
      const std::string note = ema_note(app);
      const bool walking = app.walk_from() >= 0;
      const float walk_row = walking ? 0.11f : 0.0f;
      const DatasetInfo* d = app.dataset();
      const float tile_rows = d ? 2.0f * (d->rows + 2) / (8 * (d->cols + 1) + 1) : 0.26f;
      auto grid_for = [&](float width) {
        const float text_h = (walking ? 6 : 5) * line + ImGui::GetFrameHeightWithSpacing() + (walking ? 5 : 4) * gap +
                             (note.empty() ? 0 : ImGui::CalcTextSize(note.c_str(), nullptr, false, width).y);
        return std::clamp((avail.y - text_h) / (1 + tile_rows + walk_row), 12 * em, 0.55f * avail.x);
      };
      const float grid = grid_for(grid_for(0.45f * avail.x));
      ImGui::BeginGroup();
      draw_samples(app, grid);
      ImGui::EndGroup();
      ImGui::SameLine();
      ImGui::BeginGroup();
      const float plots_w = ImGui::GetContentRegionAvail().x;
      const float judge_h = 10 * line + 5 * em;  // its histogram and about ten lines
      draw_plots(app, plots_w, std::max(7 * em, (avail.y - judge_h - 2 * line) / 1.8f - gap));
      draw_judge(app, std::min(plots_w, 36 * em));
      ImGui::EndGroup();
    } else {  // one scrolling column
      draw_samples(app, std::min(avail.x, avail.y));
      draw_plots(app, avail.x, 12 * em);
      draw_judge(app, avail.x);
    }
    note_scroll();
    ImGui::EndChild();
  } else {
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::PushTextWrapPos(0);
    draw_transport(app);  // first, where a thumb finds it
    draw_view_bar();
    draw_status(app);
    if (quiz_open_)
      draw_quiz(app, w, 0);
    else
      draw_samples(app, w);
    draw_judge(app, w);
    draw_plots(app, w, 12 * em);
    ImGui::Separator();
    draw_settings(app);
    ImGui::PopTextWrapPos();
  }
  // The phone's column is as tall as its content and the page makes the canvas that tall, so a
  // swipe scrolls the page rather than this window; the wide layouts fill what they are given.
  wanted_height_ = wide ? 0 : std::ceil(ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y);
  note_scroll();
  ImGui::End();
  popup_open_ = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
  keyboard_wanted_ = io.WantTextInput;
  rects_.swap(frame_rects_);
}

}  // namespace gan
