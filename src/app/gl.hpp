// The OpenGL declarations for the app: GLES 3 (WebGL 2) in the browser, desktop GL 3.3 core
// otherwise, whose functions past GL 1.1 Linux's libGL exports, so their prototypes are declared.
#pragma once
#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <SDL_opengl.h>
#endif
