// The demo's entry point, for the browser and the desktop alike: an SDL window with an OpenGL
// context, Dear ImGui on top, and one frame loop that draws what the training session (in a Worker
// or on a thread: platform.hpp) last reported.
#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "app.hpp"
#include "frame_memo.hpp"
#include "gl.hpp"
#include "gl_renderer.hpp"
#include "platform.hpp"
#include "texture.hpp"
#include "ui.hpp"

// The dashboard's background: the clear colour, with no window background drawn over it (ImGui's
// dark window colour over the old clear colour gave this grey). With software rendering every
// full-window pass costs: drawing the background once instead of twice took the page from 29 to 36
// fps while training (headless Chromium, SwiftShader, 2 cores).
constexpr float kBackground[3] = {0.061f, 0.062f, 0.063f};

// Fraction of the framebuffer's pixels that differ from the background (a smoke test that the
// overlay really drew something).
static double measure_lit_fraction(float w, float h) {
  const int width = static_cast<int>(w), height = static_cast<int>(h);
  std::vector<unsigned char> px(static_cast<size_t>(width) * height * 4);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  size_t lit = 0;
  for (size_t i = 0; i < px.size(); i += 4)
    for (int c = 0; c < 3; ++c)
      if (std::abs(px[i + c] - 255 * kBackground[c]) > 8) {
        ++lit;
        break;
      }
  return px.empty() ? 0 : double(lit) / (px.size() / 4);
}

int main(int argc, char** argv) {
  gan::AppOptions options = gan::parse_app_options(argc, argv);
  gan::platform::default_options(options);
  const long max_frames = options.frames;  // --frames N (desktop smoke test): draw N frames, then exit

  gan::platform::configure_sdl();
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::fprintf(stderr, "gan: cannot start SDL: %s\n", SDL_GetError());
    return 1;
  }
  gan::platform::set_gl_attributes();
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  // The overlay is drawn in order with no depth test: a depth buffer would only be cleared (in the
  // browser, after every frame) and never used.
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_Window* window = SDL_CreateWindow("A GAN learns to write", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 820,
                                        SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  SDL_GLContext gl = window ? SDL_GL_CreateContext(window) : nullptr;
  if (!gl) {
    std::fprintf(stderr, "gan: cannot create an OpenGL context: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(window, gl);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // nothing written to disk or browser storage
  ImGui::StyleColorsDark();
  ImGui_ImplSDL2_InitForOpenGL(window, gl);
  auto renderer = std::make_unique<gan::GlRenderer>(gan::platform::glsl_version());
  if (!renderer->ok()) {
    std::fprintf(stderr, "gan: cannot draw the overlay with this OpenGL\n");
    return 1;
  }

  gan::App app(options, gan::platform::start_session(options));
  auto ui = std::make_unique<gan::Ui>();  // owns GL textures: destroyed while the context lives
  // The page puts the font in the assets folder before the program starts; if it is missing,
  // ImGui's built-in font is used.
  ui->load_font(options.assets_dir + "/ui-font.ttf");
  ui->set_presenting(options.present);
  if (options.text_scale > 0) ui->set_text_scale(options.text_scale);
  const auto start = std::chrono::steady_clock::now();
  long frames = 0;
  double lit_fraction = -1;
  gan::FrameMemo memo;

  gan::platform::run_main_loop([&]() -> bool {
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
      ImGui_ImplSDL2_ProcessEvent(&event);
      if (event.type == SDL_QUIT) return false;
      if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_EXPOSED) memo.forget();
    }
    gan::platform::poll(app, *ui);
    if (gan::platform::take_gl_context_restored()) {  // the context came back without our GL objects
      renderer->abandon();
      renderer = std::make_unique<gan::GlRenderer>(gan::platform::glsl_version());
      ui->restore_textures();
      memo.forget();
    }
    app.update(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    // Device pixels per window pixel (the browser's devicePixelRatio, a HiDPI desktop's scale): the
    // font is rasterized for it, and rebuilt when it or the text size changes.
    int window_w = 0, window_h = 0, pixels_w = 0, pixels_h = 0;
    SDL_GetWindowSize(window, &window_w, &window_h);
    SDL_GL_GetDrawableSize(window, &pixels_w, &pixels_h);
    ui->prepare_frame(window_w > 0 && pixels_w > 0 ? static_cast<float>(pixels_w) / window_w : 1.0f);
    renderer->prepare_fonts();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    ui->draw(app);
    ImGui::Render();
    const bool last_frame = max_frames >= 0 && ++frames >= max_frames;
    // A frame identical to the last one drawn is not drawn again: the window keeps showing it. Nor is
    // any while the context is lost (the frame after its return is drawn: memo.forget above).
    if (gan::platform::gl_context_lost() || (!memo.changed(*ImGui::GetDrawData(), gan::texture_uploads()) && !last_frame)) {
      gan::platform::idle_frame();
      return true;
    }
    app.count_drawn_frame();
    const ImVec2 size = ImGui::GetIO().DisplaySize, scale = ImGui::GetIO().DisplayFramebufferScale;
    glViewport(0, 0, static_cast<int>(size.x * scale.x), static_cast<int>(size.y * scale.y));
    glClearColor(kBackground[0], kBackground[1], kBackground[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    renderer->render(ImGui::GetDrawData());
    if (last_frame) lit_fraction = measure_lit_fraction(size.x * scale.x, size.y * scale.y);
    SDL_GL_SwapWindow(window);
    return !last_frame;
  });

  ui.reset();
  renderer.reset();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(window);
  SDL_Quit();
  std::printf("gan-desktop: %ld frames, iteration %lld, exited cleanly\n", frames, static_cast<long long>(app.stats().iteration));
  if (lit_fraction >= 0) {
    std::printf("gan-desktop: %.1f%% of the last frame differs from the background\n", 100 * lit_fraction);
    if (lit_fraction < 0.01) return 3;  // a blank window: rendering failed
  }
  return 0;
}
