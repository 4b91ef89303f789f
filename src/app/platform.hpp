// What differs between the browser and the desktop: the main loop, where the training session runs
// (a Web Worker, a thread) and how its messages travel, where random seeds come from, and how the
// page is told about the app's state. Implemented by
// platform_web.cpp and platform_native.cpp.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app.hpp"

namespace gan {
class Ui;
}

namespace gan::platform {

// Default options for this platform (native: the source tree's assets folder).
void default_options(AppOptions& options);
// SDL hints to set before SDL_Init (the page: keys reach SDL only while the canvas has focus).
void configure_sdl();
// Starts the training session for these options and returns how to send it a command. Its
// updates are delivered to the app by poll().
std::function<void(std::vector<uint8_t>)> start_session(const AppOptions& options);
// A fresh seed below 2^53 (exact in JavaScript) from the system's random source, not the clock.
uint64_t random_seed();
// Called once per frame: delivers the session's updates and publishes the app's and the overlay's
// state to the host page.
void poll(App& app, Ui& ui);
// Runs frame() until it returns false (natively) or forever (in the browser, where the page owns
// the loop).
void run_main_loop(const std::function<bool()>& frame);
// After a frame that drew nothing (frame_memo.hpp): natively waits up to one display refresh for
// input, since no buffer swap paced the loop; in the browser returns at once (it paces the loop).
void idle_frame();
// The browser may take the page's WebGL context away (a GPU reset, too many contexts) and give it
// back later with every GL object gone. While it is away nothing can be drawn; the first call after
// it came back returns true once, and the caller then makes its GL objects anew. A desktop context
// is never lost: false and false.
bool gl_context_lost();
bool take_gl_context_restored();
// GLSL version line for the ImGui OpenGL backend, and the context to ask SDL for.
const char* glsl_version();
void set_gl_attributes();

}  // namespace gan::platform
