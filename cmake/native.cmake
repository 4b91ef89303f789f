# Native (Linux) targets: CLI programs, the dataset and judge tools, the Catch2 suite, the desktop
# app, and (with GAN_FUZZ, clang only) the libFuzzer targets.
option(GAN_NATIVE_ARCH "Optimise for this machine's CPU (-march=native)" ON)
option(GAN_SANITIZE "Build with AddressSanitizer and UBSan" OFF)
option(GAN_FUZZ "Build the libFuzzer targets only (clang; see fuzz/)" OFF)

find_package(Threads REQUIRED)
target_link_libraries(gan_core PUBLIC Threads::Threads)
target_compile_options(gan_core PUBLIC $<$<CONFIG:Release>:-O3> -fno-math-errno)
if(GAN_NATIVE_ARCH)
  target_compile_options(gan_core PUBLIC -march=native)
endif()
# Sanitizers are set once here and reach every target through gan_core.
if(GAN_SANITIZE)
  target_compile_options(gan_core PUBLIC -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(gan_core PUBLIC -fsanitize=address,undefined)
endif()
if(GAN_FUZZ)
  target_compile_options(gan_core PUBLIC -fsanitize=fuzzer-no-link)
  add_subdirectory(fuzz)
  return()
endif()

gan_program(gan-train src/cli/gan_train.cpp src/cli/args.cpp)
gan_program(gan-bench src/cli/gan_bench.cpp src/cli/args.cpp)
gan_program(make_dataset tools/make_dataset.cpp src/cli/args.cpp)
gan_program(train_judge tools/train_judge.cpp src/cli/args.cpp)
# Writes the small seed files of the fuzz corpora (fuzz/corpus) through the real writers.
gan_program(make_fuzz_seeds tools/make_fuzz_seeds.cpp)

enable_testing()
add_subdirectory(tests)
# The command lines run some sixty trainings and loads: minutes under the sanitizers, whose memory
# checks of the same loaders the fuzzers and the Catch2 suite make; so natively only.
if(NOT GAN_SANITIZE)
  add_test(NAME cli COMMAND bash ${CMAKE_SOURCE_DIR}/tests/cli_test.sh $<TARGET_FILE_DIR:gan-train>)
endif()
# gan-train --export-tfjs loaded by the real TensorFlow.js under Node (npm @tensorflow/tfjs in
# web/tests, installed by scripts/setup.sh browser): the same noise must give the same images.
find_program(GAN_NODE node)
if(GAN_NODE)
  add_test(NAME tfjs_export COMMAND ${GAN_NODE} --test tfjs.test.mjs WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/web/tests)
  set_tests_properties(tfjs_export PROPERTIES ENVIRONMENT "GAN_NATIVE_BIN=$<TARGET_FILE_DIR:gan-train>")
endif()

find_package(SDL2 CONFIG QUIET)
if(SDL2_FOUND AND EXISTS "${GAN_IMGUI_DIR}/imgui.cpp" AND NOT GAN_SANITIZE)
  set(GAN_SDL2_TARGET SDL2::SDL2)
  include(cmake/app.cmake)
else()
  message(STATUS "Desktop app skipped (needs libsdl2-dev and ${GAN_IMGUI_DIR}; run scripts/setup.sh native)")
endif()
find_program(XVFB_RUN xvfb-run)
if(TARGET gan-desktop AND XVFB_RUN)
  # The desktop app opens a real window under Xvfb, trains and draws 120 frames, checks that the
  # frame is not blank, and exits cleanly.
  add_test(NAME desktop_smoke COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x820x24" $<TARGET_FILE:gan-desktop> --frames 120 --preset fast)
endif()
