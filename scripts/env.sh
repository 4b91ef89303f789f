# Shared settings for the scripts (sourced, not run).
export NODE_PATH=/usr/share/nodejs  # Debian's emscripten optimizer needs it
GAN_DEPS_DIR=${GAN_DEPS_DIR:-${HOME:-/root}/.cache/mnist-gan-deps}
export GAN_DEPS_DIR
