// The settings table: strict number parsing, typed values that arrive exactly, documented bounds
// that are really accepted, and refusals that leave the config as it was.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "core/config.hpp"

using namespace gan;

TEST_CASE("parse_number takes one whole finite number and nothing else", "[config][bad-input]") {
  double v = 0;
  CHECK(parse_number("3.5e-6", v));
  CHECK(v == 3.5e-6);
  CHECK(parse_number("-2", v));
  CHECK(v == -2);
  for (const char* bad : {"", " 1", "1 ", "12abc", "nan", "NaN", "inf", "-inf", "1e99999", "0x", "--1", "1,5"}) {
    INFO(bad);
    CHECK_FALSE(parse_number(bad, v));
  }
}

TEST_CASE("a typed setting reaches the config as the same number, rounded once to float", "[config]") {
  TrainConfig c;
  std::string err;
  REQUIRE(set_param(c, "g_lr", 3.5e-6, err));
  CHECK(c.g_opt.lr == 3.5e-6f);
  REQUIRE(set_param(c, "g_lr", 5e-7, err));
  CHECK(c.g_opt.lr == 5e-7f);
  REQUIRE(set_param(c, "d_lr", std::string("5e-7"), err));
  CHECK(c.d_opt.lr == 5e-7f);
  CHECK(get_param(c, "g_lr") == double(5e-7f));
}

TEST_CASE("every documented bound is accepted and still valid after rounding to float", "[config]") {
  for (const ParamInfo& p : param_table()) {
    for (double v : {p.min, p.max}) {
      TrainConfig c;
      std::string err;
      INFO(p.name << " = " << v);
      REQUIRE(set_param(c, p.name, v, err));
      CHECK(validate(c) == "");
    }
  }
}

TEST_CASE("bad values are refused with a message naming the setting and leave the config unchanged", "[config][bad-input]") {
  const TrainConfig before;
  for (double bad : {std::nan(""), double(INFINITY), -double(INFINITY), -1.0, 1e300}) {
    TrainConfig c;
    std::string err;
    INFO(bad);
    CHECK_FALSE(set_param(c, "d_lr", bad, err));
    CHECK(err.find("d_lr") != std::string::npos);
    CHECK(same_settings(c, before));
  }
  TrainConfig c;
  std::string err;
  CHECK_FALSE(set_param(c, "batch", 10.5, err));  // whole numbers only
  CHECK_FALSE(set_param(c, "no_such_setting", 1.0, err));
  CHECK(err.find("no_such_setting") != std::string::npos);
  CHECK_FALSE(set_param(c, "d_lr", std::string("0.01x"), err));
  CHECK(same_settings(c, before));
}

TEST_CASE("the table names each setting once and knows its kind", "[config]") {
  const auto& table = param_table();
  for (size_t i = 0; i < table.size(); ++i) {
    CHECK(find_param(table[i].name) == &table[i]);
    CHECK(table[i].min < table[i].max);
    CHECK_FALSE((table[i].integer && table[i].log_scale));
    if (table[i].log_scale) CHECK(table[i].min > 0);
  }
  CHECK(find_param("g_lr")->live);
  CHECK(find_param("g_lr")->log_scale);
  CHECK_FALSE(find_param("batch")->live);
}

TEST_CASE("every preset has a title, a description and a watch-for text", "[config][presets]") {
  const auto& names = preset_names();
  REQUIRE(names.size() >= 8);
  CHECK(names.front() == "book");  // the CLI default stays first
  for (const char* expected : {"book", "fast", "clean", "quick", "swift", "collapse", "lr-high", "d-strong", "no-smoothing"}) {
    INFO(expected);
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  }
  for (const std::string& name : names) {
    INFO(name);
    TrainConfig c;
    REQUIRE(find_preset(name, c));
    CHECK(c.preset == name);
    CHECK(validate(c) == "");
    CHECK(c.g_hidden == 256);  // every recipe keeps the book's generator
    CHECK_FALSE(preset_title(name).empty());
    CHECK_FALSE(describe_preset(name).empty());
    const std::string watch = preset_watch_for(name);
    // A paragraph of 2-4 sentences: at least two full stops, and short enough for a side panel.
    CHECK(std::count(watch.begin(), watch.end(), '.') >= 2);
    CHECK(watch.size() >= 120);
    CHECK(watch.size() <= 700);
  }
  CHECK(preset_title("no-such-preset").empty());
  CHECK(preset_watch_for("no-such-preset").empty());
  CHECK_FALSE(preset_is_lesson("no-such-preset"));
}

TEST_CASE("the book preset names its source, lessons are marked as lessons", "[config][presets]") {
  const std::string book = preset_watch_for("book");
  CHECK(book.find("A simple GAN with Keras") != std::string::npos);  // the chapter "使用 Keras 的简单的 GAN"
  CHECK(book.find("ch-14a_SimpleGAN") != std::string::npos);
  CHECK(preset_title("book") == "Textbook recipe");
  for (const char* recipe : {"book", "fast", "clean", "quick", "swift"}) CHECK_FALSE(preset_is_lesson(recipe));
  // The dashboard's font covers Latin letters and a few signs: no text it shows may need more
  // (a CJK character, three bytes in UTF-8 from U+0800 on, would be drawn as '?').
  for (const auto& name : preset_names())
    for (const std::string& text : {preset_title(name), preset_watch_for(name)})
      for (unsigned char c : text) CHECK(c < 0xE0);
  for (const char* lesson : {"collapse", "lr-high", "d-strong", "no-smoothing"}) CHECK(preset_is_lesson(lesson));
}

TEST_CASE("swift is quick with both learning rates at 6e-4 and batch 32 for 3,000 iterations, nothing else changed",
          "[config][presets]") {
  TrainConfig quick, swift;
  REQUIRE(find_preset("quick", quick));
  REQUIRE(find_preset("swift", swift));
  CHECK(swift.preset == "swift");
  CHECK(swift.d_opt.lr == 6e-4f);
  CHECK(swift.g_opt.lr == 6e-4f);
  CHECK(swift.early_batch == 32);
  CHECK(swift.early_iterations == 3000);
  const std::set<std::string> changed = {"d_lr", "g_lr", "early_batch", "early_iterations"};
  for (const ParamInfo& p : param_table()) {
    INFO(p.name);
    if (!changed.count(p.name)) CHECK(get_param(swift, p.name) == get_param(quick, p.name));
  }
  CHECK(batch_at(swift, 0) == 32);
  CHECK(batch_at(swift, 2999) == 32);
  CHECK(batch_at(swift, 3000) == 64);
  CHECK(batch_at(quick, 0) == 64);
  CHECK(swift.d_opt.kind == quick.d_opt.kind);
  CHECK(swift.g_opt.kind == quick.g_opt.kind);
  CHECK(validate(swift).empty());
}
