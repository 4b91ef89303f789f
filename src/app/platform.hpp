// What differs between the browser and the desktop: the main loop, how asset files arrive, and
// how the page is told about errors. Implemented by platform_web.cpp and platform_native.cpp.
#pragma once
#include <functional>
#include <string>

#include "app.hpp"

namespace gan::platform {

// Default options for this platform (native: the source tree's assets folder).
void default_options(AppOptions& options);
// Asks for <assets>/<name>.gds; the answer is delivered to the app by poll().
void request_asset(const std::string& name);
// Called once per frame: delivers arrived assets and publishes the app's state to the host page.
void poll(App& app);
// Runs frame() until it returns false (natively) or forever (in the browser, where the page owns
// the loop).
void run_main_loop(const std::function<bool()>& frame);
// GLSL version line for the ImGui OpenGL backend, and the context to ask SDL for.
const char* glsl_version();
void set_gl_attributes();

}  // namespace gan::platform
