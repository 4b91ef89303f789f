// Catch2 entry point of the core test suite.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
