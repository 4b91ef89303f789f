# The demo app (ImGui overlay over SDL2 + OpenGL): gan-desktop natively, gan-web in the browser.
# Dear ImGui 1.86 is compiled from Debian's source package, the same sources for both builds; its
# SDL2 backend reads input, and src/app/gl_renderer.cpp draws (it never reads GL state back).
add_library(imgui STATIC
  ${GAN_IMGUI_DIR}/imgui.cpp
  ${GAN_IMGUI_DIR}/imgui_draw.cpp
  ${GAN_IMGUI_DIR}/imgui_tables.cpp
  ${GAN_IMGUI_DIR}/imgui_widgets.cpp
  ${GAN_IMGUI_DIR}/backends/imgui_impl_sdl.cpp
)
target_include_directories(imgui SYSTEM PUBLIC ${GAN_IMGUI_DIR} ${GAN_IMGUI_DIR}/backends)
target_link_libraries(imgui PUBLIC ${GAN_SDL2_TARGET})

# app_options.cpp depends on gan_core alone, so the option fuzzer (fuzz/fuzz_app_options.cpp) can link it too.
set(GAN_APP_SOURCES src/app/main.cpp src/app/app.cpp src/app/app_options.cpp src/app/ui.cpp src/app/texture.cpp src/app/frame_memo.cpp
    src/app/polyline.cpp src/app/gl_renderer.cpp)
if(EMSCRIPTEN)
  add_executable(gan-web ${GAN_APP_SOURCES} src/app/platform_web.cpp)
  target_link_libraries(gan-web PRIVATE gan_session imgui)
  target_compile_options(gan-web PRIVATE ${GAN_WARNINGS})
  target_link_options(gan-web PRIVATE
    -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2 -sALLOW_MEMORY_GROWTH=1 -sFORCE_FILESYSTEM=1
    -sENVIRONMENT=web -sEXPORTED_RUNTIME_METHODS=ccall,cwrap,FS,UTF8ToString -sEXPORTED_FUNCTIONS=_main,_malloc,_free
    -sINITIAL_MEMORY=32MB)
  # The training Worker's module (web/worker.js loads it): the session and the core, no UI. Two
  # builds: gan-worker on one thread (any page), gan-worker-mt with pthreads for cross-origin
  # isolated pages, its pool as large as the Worker asks (Module.ganThreads − 1, set by worker.js).
  # The pool loads only once training has started (DELAY_LOAD; worker.js asks for the threads after
  # the first iteration, so their start does not compete with it on 2 cores): until a thread is up,
  # the Worker's own thread computes every part of a product (matmul.cpp).
  foreach(suffix "" "-mt")
    string(REPLACE "-" "_" lib_suffix "${suffix}")
    set(worker gan-worker${suffix})
    add_executable(${worker} src/worker/worker_main.cpp src/app/app_options.cpp)
    target_link_libraries(${worker} PRIVATE gan_session${lib_suffix})
    target_compile_options(${worker} PRIVATE ${GAN_WARNINGS})
    target_link_options(${worker} PRIVATE --no-entry
      -sENVIRONMENT=worker -sALLOW_MEMORY_GROWTH=1 -sFORCE_FILESYSTEM=1 -sINITIAL_MEMORY=64MB
      -sEXPORTED_RUNTIME_METHODS=ccall,FS,UTF8ToString -sEXPORTED_FUNCTIONS=_malloc,_free)
  endforeach()
  target_link_options(gan-worker-mt PRIVATE "-sPTHREAD_POOL_SIZE=Math.max(0,(Module.ganThreads|0)-1)"
                      -sPTHREAD_POOL_DELAY_LOAD=1)
else()
  find_package(OpenGL REQUIRED)
  add_executable(gan-desktop ${GAN_APP_SOURCES} src/app/platform_native.cpp)
  target_link_libraries(gan-desktop PRIVATE gan_session imgui OpenGL::GL)
  target_compile_options(gan-desktop PRIVATE ${GAN_WARNINGS})
  target_compile_definitions(gan-desktop PRIVATE GAN_SOURCE_ASSETS_DIR="${CMAKE_SOURCE_DIR}/assets")
endif()


# The frame memo's tests on real ImGui frames (no window or GL needed).
if(NOT EMSCRIPTEN)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
  add_executable(gan_app_tests tests/test_frame_memo.cpp src/app/frame_memo.cpp tests/test_polyline.cpp src/app/polyline.cpp)
  target_include_directories(gan_app_tests PRIVATE ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(gan_app_tests PRIVATE imgui Catch2::Catch2)
  target_compile_options(gan_app_tests PRIVATE ${GAN_WARNINGS})
  catch_discover_tests(gan_app_tests EXTRA_ARGS --warn NoTests)
endif()
