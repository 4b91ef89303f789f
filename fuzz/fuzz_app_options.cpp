// libFuzzer target for the demo's option parser (src/app/app_options.cpp): the input, split at NUL
// bytes, becomes argv (a URL's ?key=value pairs reach the parser this way). Parsing must never
// crash, and the settings it accepts must survive the trip through a copied link unchanged.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/app_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> parts(1, "gan");
  parts.emplace_back();
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0)
      parts.emplace_back();
    else
      parts.back() += static_cast<char>(data[i]);
  }
  std::vector<const char*> argv;
  for (const auto& p : parts) argv.push_back(p.c_str());
  const gan::AppOptions options = gan::parse_app_options(static_cast<int>(argv.size()), argv.data());
  const gan::TrainConfig config = gan::options_config(options);

  // The link of the parsed settings, parsed again, gives the same settings.
  std::vector<std::string> link_args(1, "gan");
  const std::string query = gan::settings_query(config, options.dataset);
  for (size_t start = 0; start <= query.size();) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(start, end - start);
    const size_t eq = pair.find('=');
    link_args.push_back("--" + pair.substr(0, eq));
    link_args.push_back(eq == std::string::npos ? "" : pair.substr(eq + 1));
    start = end + 1;
  }
  std::vector<const char*> link_argv;
  for (const auto& a : link_args) link_argv.push_back(a.c_str());
  const gan::AppOptions again = gan::parse_app_options(static_cast<int>(link_argv.size()), link_argv.data());
  if (!again.warnings.empty() || !gan::same_settings(gan::options_config(again), config) || again.dataset != options.dataset)
    std::abort();
  return 0;
}
