/* Empty on purpose: Eigen's SSE path includes <mmintrin.h>, which Emscripten does not provide.
   Nothing from it is used; the SSE intrinsics come from Emscripten's own headers. */
