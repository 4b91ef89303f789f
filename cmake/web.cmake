# WebAssembly build (emcmake cmake --preset web): the page gan-web and the core test suite for Node.
# Eigen's SSE code paths are enabled and lowered to wasm SIMD by Emscripten.
set(GAN_SDL2_WASM_PREFIX "${GAN_DEPS_DIR}/sdl2-wasm-2.26.5" CACHE PATH "SDL2 built for wasm by scripts/setup.sh web")
set(CMAKE_EXECUTABLE_SUFFIX .js)

# The core a second time, compiled for threads (-pthread: shared memory and atomics), for the
# Worker's module on cross-origin isolated pages (gan-worker-mt) and its test under Node.
gan_add_core(_mt)
target_compile_options(gan_core_mt PUBLIC -pthread)
target_link_options(gan_core_mt PUBLIC -pthread -Wno-pthreads-mem-growth)  # JS touches the heap rarely
foreach(core gan_core gan_core_mt)
  target_compile_options(${core} PUBLIC -O3 -msimd128 -msse -msse2 -msse3 -mssse3 -msse4.1 -msse4.2 -fgnuc-version=5.13)
  target_include_directories(${core} BEFORE PUBLIC ${CMAKE_SOURCE_DIR}/cmake/wasm-shim)
  # Binaryen (-O3 at link) inlines every function that has a single caller, whatever its size: the
  # exported entry points became 20-54 KB functions (worker_asset_arrived held the dataset's decoding
  # and the trainer's making). V8 compiles a function whole, so the page paid for those bodies twice
  # at its start: a 55 ms Liftoff compile, then TurboFan compiles of code that ran once. Capped at
  # 200 expressions: the top-tier compiling before the first iteration fell from 600-680 to
  # 240-320 ms and the renderer's compile threads used 768 -> 473 ms of CPU; training speed unchanged.
  target_link_options(${core} PUBLIC -O3 -sALLOW_MEMORY_GROWTH=1
                      -sBINARYEN_EXTRA_PASSES=--one-caller-inline-max-function-size=200)
endforeach()

# The core tests under Node, with Catch2's single header copied out of /usr/include.
set(GAN_CATCH2_SINGLE_HEADER_DIR ${CMAKE_BINARY_DIR}/catch2-single)
find_file(GAN_CATCH2_HEADER catch2/catch.hpp PATHS /usr/include /usr/local/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
configure_file(${GAN_CATCH2_HEADER} ${GAN_CATCH2_SINGLE_HEADER_DIR}/catch2/catch.hpp COPYONLY)
enable_testing()
add_subdirectory(tests)
# The products on 1 to 4 pthreads under Node (worker_threads): the same bits as on one.
add_executable(gan_tests_mt tests/test_main.cpp tests/test_matmul.cpp)
target_include_directories(gan_tests_mt SYSTEM PRIVATE ${GAN_CATCH2_SINGLE_HEADER_DIR})
target_link_libraries(gan_tests_mt PRIVATE gan_core_mt)
target_compile_options(gan_tests_mt PRIVATE -fexceptions ${GAN_WARNINGS})
target_link_options(gan_tests_mt PRIVATE -fexceptions -sSINGLE_FILE=1 -sEXIT_RUNTIME=1 -sPTHREAD_POOL_SIZE=3)
add_test(NAME wasm_threads_suite COMMAND node $<TARGET_FILE:gan_tests_mt>)

# gan-trace and matmul-bench (defined with the other programs) run under Node with the host's files.
target_link_options(gan-trace PRIVATE -sSINGLE_FILE=1 -sNODERAWFS=1 -sEXIT_RUNTIME=1)
target_link_options(matmul-bench PRIVATE -sSINGLE_FILE=1 -sEXIT_RUNTIME=1)

# The page's SDL2: by default the local wasm build made by scripts/setup.sh. With a full emsdk and
# internet access (the GitHub Pages workflow) Emscripten's own port can be used instead.
option(GAN_USE_SDL_PORT "Use Emscripten's -sUSE_SDL=2 port (downloads; needs internet)" OFF)
if(GAN_USE_SDL_PORT)
  add_library(sdl2_port INTERFACE)
  target_compile_options(sdl2_port INTERFACE -sUSE_SDL=2)
  target_link_options(sdl2_port INTERFACE -sUSE_SDL=2)
  set(GAN_SDL2_TARGET sdl2_port)
else()
  find_package(SDL2 CONFIG REQUIRED PATHS ${GAN_SDL2_WASM_PREFIX} NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  set(GAN_SDL2_TARGET SDL2::SDL2-static)
endif()
include(cmake/app.cmake)

# The static site: page files (index.html with isolation.js and start-worker.js inline), the compiled
# app and the datasets, in build/web/site.
set(GAN_SITE_DIR ${CMAKE_BINARY_DIR}/site)
add_custom_target(site ALL
  COMMAND ${CMAKE_COMMAND} -E make_directory ${GAN_SITE_DIR}/assets
  COMMAND ${CMAKE_COMMAND} -DIN=${CMAKE_SOURCE_DIR}/web/index.html -DOUT=${GAN_SITE_DIR}/index.html
          "-DSCRIPTS=isolation.js\;start-worker.js" -P ${CMAKE_SOURCE_DIR}/cmake/inline_scripts.cmake
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${CMAKE_SOURCE_DIR}/web/main.js
          ${CMAKE_SOURCE_DIR}/web/download.js ${CMAKE_SOURCE_DIR}/web/worker.js ${CMAKE_SOURCE_DIR}/web/style.css
          $<TARGET_FILE_DIR:gan-web>/gan-web.js $<TARGET_FILE_DIR:gan-web>/gan-web.wasm
          $<TARGET_FILE_DIR:gan-worker>/gan-worker.js $<TARGET_FILE_DIR:gan-worker>/gan-worker.wasm
          $<TARGET_FILE_DIR:gan-worker-mt>/gan-worker-mt.js $<TARGET_FILE_DIR:gan-worker-mt>/gan-worker-mt.wasm
          $<TARGET_FILE_DIR:gan-worker-mt>/gan-worker-mt.worker.js ${CMAKE_SOURCE_DIR}/web/isolation-sw.js ${GAN_SITE_DIR}
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${CMAKE_SOURCE_DIR}/assets/digits.gds ${CMAKE_SOURCE_DIR}/assets/fashion.gds
          ${CMAKE_SOURCE_DIR}/assets/digits.gjd ${CMAKE_SOURCE_DIR}/assets/fashion.gjd
          ${CMAKE_SOURCE_DIR}/assets/ui-font.ttf ${GAN_SITE_DIR}/assets
  DEPENDS gan-web gan-worker gan-worker-mt
  COMMENT "Assembling the static site in ${GAN_SITE_DIR}")

# Same seed, native vs wasm (needs the native build; see tests/compare_traces.mjs for the tolerance).
set(GAN_NATIVE_BIN_DIR "${CMAKE_SOURCE_DIR}/build/native/bin" CACHE PATH "Native build's bin folder, for the cross-build check")
add_test(NAME native_vs_wasm_losses COMMAND node ${CMAKE_SOURCE_DIR}/tests/compare_traces.mjs
         ${GAN_NATIVE_BIN_DIR}/gan-trace $<TARGET_FILE:gan-trace>)
# The page in headless Chromium (needs scripts/setup.sh browser).
add_test(NAME browser_e2e COMMAND node --test WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/web/tests)
set_tests_properties(browser_e2e PROPERTIES ENVIRONMENT "GAN_SITE_DIR=${GAN_SITE_DIR}")
