// Crafted checkpoints and judge files: every file here carries a correct CRC, so what refuses it
// are the deeper checks of the loaders (bounds, permutations, RNG state, counters, finiteness,
// sizes before allocation). Each case was a crash, a hang or an overflow before those checks.
// Also: a judge attached to data of the wrong image size is refused instead of throwing.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

#include "tiny_dataset.hpp"
#include "core/bytes.hpp"
#include "core/judge.hpp"
#include "core/trainer.hpp"
#include "fixtures.hpp"

using namespace gan;

namespace {

const Dataset& tiny() { return test::tiny_dataset(); }

TrainConfig tiny_config(float g_ema = 0) {
  TrainConfig c;
  REQUIRE(find_preset("book", c));
  c.g_hidden = 2;
  c.d_hidden = 4;
  c.batch = 2;
  c.g_ema = g_ema;
  return c;
}

std::vector<uint8_t> tiny_checkpoint(float g_ema = 0, int iterations = 3) {
  std::string err;
  auto t = make_trainer(tiny(), tiny_config(g_ema), err);
  REQUIRE(t);
  REQUIRE(t->train_iterations(iterations) == iterations);
  return save_checkpoint(*t);
}

void reseal(std::vector<uint8_t>& b) {
  const uint32_t crc = crc32(b.data(), b.size() - 4);
  std::memcpy(b.data() + b.size() - 4, &crc, 4);
}
template <typename T>
void put(std::vector<uint8_t>& b, size_t at, T v) {
  REQUIRE(at + sizeof(T) <= b.size() - 4);
  std::memcpy(b.data() + at, &v, sizeof(T));
  reseal(b);
}
template <typename T>
T get(const std::vector<uint8_t>& b, size_t at) {
  T v;
  std::memcpy(&v, b.data() + at, sizeof(T));
  return v;
}

// Offsets of a format-2 checkpoint's fields (see the layout in checkpoint.cpp), found by walking it.
struct Layout {
  std::vector<std::pair<std::string, size_t>> settings;  // name → offset of its f64 value
  size_t settings_count = 0;                              // offset of the u32 row count
  size_t state = 0;                                       // offset of the iteration counter
  size_t cursor() const { return state + 32; }
  size_t rng() const { return state + 36; }
  size_t order() const { return state + 52; }
  size_t metrics() const { return order() + 4 * size_t(tiny().count); }
  size_t g_params() const { return metrics() + 32; }  // its u32 length; floats follow
  size_t setting(const std::string& name) const {
    for (const auto& s : settings)
      if (s.first == name) return s.second;
    FAIL("no setting " << name);
    return 0;
  }
};

Layout layout_of(const std::vector<uint8_t>& b) {
  Layout l;
  ByteReader r(b.data(), b.size());
  r.skip(12);
  r.str(64);
  r.skip(8 + 2);
  l.settings_count = r.position();
  const uint32_t n = r.u32();
  for (uint32_t i = 0; i < n; ++i) {
    const std::string name = r.str(64);
    l.settings.emplace_back(name, r.position());
    r.skip(8);
  }
  r.str(64);
  r.skip(8);
  l.state = r.position();
  REQUIRE_FALSE(r.failed());
  return l;
}

// Loads expecting a refusal: the message, and the running trainer untouched.
std::string refusal(const std::vector<uint8_t>& bytes) {
  std::string err;
  std::unique_ptr<Trainer> running = make_trainer(tiny(), tiny_config(), err);
  REQUIRE(running);
  const Trainer* before = running.get();
  CHECK_FALSE(load_checkpoint(bytes.data(), bytes.size(), tiny(), running, err));
  CHECK(running.get() == before);
  CHECK(err.find("checkpoint rejected") != std::string::npos);
  CHECK(err.find("checksum") == std::string::npos);  // the CRC was right: a deeper check refused it
  return err;
}

bool loads(const std::vector<uint8_t>& bytes, std::unique_ptr<Trainer>& out) {
  std::string err;
  const bool ok = load_checkpoint(bytes.data(), bytes.size(), tiny(), out, err);
  INFO(err);
  CHECK(ok);
  return ok;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the tiny checkpoint loads and resumes exactly", "[checkpoint][crafted]") {
  const std::vector<uint8_t> good = tiny_checkpoint(0.9f);
  CHECK(good.size() < 16 * 1024);
  std::unique_ptr<Trainer> back;
  REQUIRE(loads(good, back));
  CHECK(same_settings(back->config(), tiny_config(0.9f)));  // every table row, g_hidden included
  CHECK(save_checkpoint(*back) == good);
  CHECK(back->train_iterations(5) == 5);
}

TEST_CASE("crafted: the data position must leave room for a batch", "[checkpoint][crafted]") {
  const std::vector<uint8_t> good = tiny_checkpoint();
  const Layout l = layout_of(good);
  const int count = tiny().count, batch = 2;
  // Near INT32_MAX, cursor + batch overflowed an int and the next batch read far past the order.
  for (uint32_t cursor : {uint32_t(INT32_MAX), uint32_t(INT32_MAX) - 1, 0xFFFFFFFFu, uint32_t(count - batch + 1), uint32_t(count)}) {
    INFO("cursor " << cursor);
    auto b = good;
    put<uint32_t>(b, l.cursor(), cursor);
    CHECK(contains(refusal(b), "data position"));
  }
  auto last = good;  // the last full batch is a valid position
  put<uint32_t>(last, l.cursor(), uint32_t(count - batch));
  std::unique_ptr<Trainer> t;
  REQUIRE(loads(last, t));
  CHECK(t->train_iterations(3) == 3);
}

// With an early batch smaller than the batch, a run saves positions that leave room for the smaller
// one only (during the early batches, or right after them: the first full batch then starts a new
// epoch). Such a position loads and trains; one without room even for the smaller batch is refused.
TEST_CASE("crafted: with an early batch the data position must leave room for it", "[checkpoint][crafted]") {
  TrainConfig c = tiny_config();
  c.batch = 4;
  c.early_batch = 1;
  c.early_iterations = 2;
  std::string err;
  auto t = make_trainer(tiny(), c, err);
  REQUIRE(t);
  REQUIRE(t->train_iterations(2) == 2);  // the cursor at 2: room for 1, not for 4
  const std::vector<uint8_t> good = save_checkpoint(*t);
  const Layout l = layout_of(good);
  const int count = tiny().count;
  for (uint32_t cursor : {uint32_t(count - 4 + 1), uint32_t(count - 1)}) {  // no room for 4, room for 1
    INFO("cursor " << cursor);
    auto b = good;
    put<uint32_t>(b, l.cursor(), cursor);
    std::unique_ptr<Trainer> back;
    REQUIRE(loads(b, back));
    CHECK(back->train_iterations(3) == 3);  // the first full batch starts a new epoch
    CHECK(back->epoch() > t->epoch());
  }
  auto full = good;
  put<uint32_t>(full, l.cursor(), uint32_t(count));
  CHECK(contains(refusal(full), "data position"));
}

TEST_CASE("crafted: the data order must be a permutation", "[checkpoint][crafted]") {
  const std::vector<uint8_t> good = tiny_checkpoint();
  const Layout l = layout_of(good);
  auto out_of_range = good;
  put<uint32_t>(out_of_range, l.order() + 4, uint32_t(tiny().count));
  CHECK(contains(refusal(out_of_range), "not a permutation"));
  auto huge = good;
  put<uint32_t>(huge, l.order(), 0xFFFFFFFFu);
  CHECK(contains(refusal(huge), "not a permutation"));
  auto duplicate = good;
  put<uint32_t>(duplicate, l.order() + 8, get<uint32_t>(good, l.order() + 4));
  CHECK(contains(refusal(duplicate), "not a permutation"));
}

TEST_CASE("crafted: an all-zero RNG state is refused (it would never draw a shuffle)", "[checkpoint][crafted]") {
  Rng rng(5);
  const Rng::State before = rng.state();
  CHECK_FALSE(rng.set_state({0, 0, 0, 0}));
  CHECK(rng.state() == before);
  CHECK(rng.set_state({0, 0, 0, 1}));
  CHECK(rng.below(7) < 7);

  const std::vector<uint8_t> good = tiny_checkpoint();
  const Layout l = layout_of(good);
  auto zero = good;
  for (int k = 0; k < 4; ++k) put<uint32_t>(zero, l.rng() + 4 * k, 0);
  CHECK(contains(refusal(zero), "random state"));
}

TEST_CASE("crafted: counters are bounded and consistent", "[checkpoint][crafted]") {
  const std::vector<uint8_t> good = tiny_checkpoint();
  const Layout l = layout_of(good);
  const uint64_t kMax = uint64_t(1) << 53;
  for (int which = 0; which < 4; ++which)
    for (uint64_t v : {uint64_t(INT64_MAX), kMax + 1, ~uint64_t(0)}) {
      INFO("counter " << which << " = " << v);
      auto b = good;
      put<uint64_t>(b, l.state + 8 * which, v);
      CHECK(contains(refusal(b), "counter"));
    }
  // At the bound everything still counts up without overflowing.
  auto high = good;
  for (int which = 0; which < 4; ++which) put<uint64_t>(high, l.state + 8 * which, kMax);
  std::unique_ptr<Trainer> t;
  REQUIRE(loads(high, t));
  CHECK(t->train_iterations(4) == 4);
  CHECK(t->iteration() == int64_t(kMax) + 4);
  CHECK(t->epoch() >= int64_t(kMax));
  // More iterations than G steps, more epochs than D steps: not states training can reach.
  auto more_iterations = good;
  put<uint64_t>(more_iterations, l.state, get<uint64_t>(good, l.state + 24) + 1);
  CHECK(contains(refusal(more_iterations), "inconsistent"));
  auto more_epochs = good;
  put<uint64_t>(more_epochs, l.state + 8, get<uint64_t>(good, l.state + 16) + 2);
  CHECK(contains(refusal(more_epochs), "inconsistent"));
}

TEST_CASE("crafted: every float must be finite, Adam's state consistent", "[checkpoint][crafted]") {
  const std::vector<uint8_t> good = tiny_checkpoint(0.9f);
  const Layout l = layout_of(good);
  const uint32_t n_g = get<uint32_t>(good, l.g_params());
  const size_t g_params = l.g_params() + 4;
  const size_t d_vector = g_params + 4 * size_t(n_g);
  const uint32_t n_d = get<uint32_t>(good, d_vector);
  const size_t g_opt = d_vector + 4 + 4 * size_t(n_d);     // u64 steps, m (u32 n + floats), v
  const size_t g_m = g_opt + 8 + 4, g_v = g_m + 4 * size_t(n_g) + 4;
  const size_t d_opt = g_v + 4 * size_t(n_g);               // book: D is SGD, no moments
  const size_t ema = d_opt + 8 + 4 + 4 + 4;
  REQUIRE(get<uint32_t>(good, ema - 4) == n_g);
  REQUIRE(ema + 4 * size_t(n_g) + 4 == good.size());

  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const struct {
    const char* what;
    size_t at;
    float value;
  } cases[] = {{"G weight NaN", g_params + 8, nan},  {"D weight inf", d_vector + 4, -inf}, {"Adam m NaN", g_m + 12, nan},
               {"Adam v inf", g_v, inf},             {"Adam v negative", g_v + 4, -1.0f}, {"average NaN", ema + 4 * (n_g - 1), nan}};
  for (const auto& c : cases) {
    INFO(c.what);
    auto b = good;
    put<float>(b, c.at, c.value);
    CHECK_FALSE(refusal(b).empty());
  }
  auto metric = good;
  put<double>(metric, l.metrics() + 8, std::numeric_limits<double>::infinity());
  CHECK(contains(refusal(metric), "not finite"));
  // Adam cannot have taken more steps than the trainer made G steps.
  auto steps = good;
  put<uint64_t>(steps, g_opt, get<uint64_t>(good, l.state + 24) + 1);
  CHECK(contains(refusal(steps), "optimizer state"));
  auto huge_steps = good;
  put<uint64_t>(huge_steps, g_opt, ~uint64_t(0));
  CHECK(contains(refusal(huge_steps), "optimizer state"));
}

TEST_CASE("crafted: sizes are checked against the file before allocating", "[checkpoint][crafted]") {
  const std::vector<uint8_t> good = tiny_checkpoint();
  const Layout l = layout_of(good);
  // The widest networks the settings allow would take ~1 GB; this file has a few KB.
  auto wide = good;
  put<double>(wide, l.setting("g_hidden"), 1024);
  put<double>(wide, l.setting("d_hidden"), 4096);
  put<double>(wide, l.setting("d_layers"), 3);
  CHECK(contains(refusal(wide), "length does not match"));
  auto vector_length = good;
  put<uint32_t>(vector_length, l.g_params(), 0xFFFFFFFFu);
  CHECK(contains(refusal(vector_length), "weights do not fit"));
  auto padded = good;
  padded.insert(padded.end() - 4, 8, 0);
  reseal(padded);
  CHECK(contains(refusal(padded), "length does not match"));
  auto cut = good;
  cut.erase(cut.end() - 12, cut.end() - 4);
  reseal(cut);
  CHECK(contains(refusal(cut), "length does not match"));
  auto long_name = good;  // a string length far beyond the file
  put<uint32_t>(long_name, 12, 0x7FFFFFFFu);
  CHECK(contains(refusal(long_name), "unreadable"));
}

TEST_CASE("crafted: settings must be exactly the parameter table, each in range", "[checkpoint][crafted]") {
  const std::vector<uint8_t> good = tiny_checkpoint();
  const Layout l = layout_of(good);
  auto out_of_range = good;
  put<double>(out_of_range, l.setting("batch"), 1e9);
  CHECK(contains(refusal(out_of_range), "batch = 1e+09 is out of range"));
  auto not_finite = good;
  put<double>(not_finite, l.setting("d_lr"), std::nan(""));
  CHECK(contains(refusal(not_finite), "d_lr"));
  auto fraction = good;
  put<double>(fraction, l.setting("d_steps"), 1.5);
  CHECK(contains(refusal(fraction), "d_steps"));
  auto larger_batch = good;  // in the table's range, but larger than the data
  put<double>(larger_batch, l.setting("batch"), 7);
  CHECK(contains(refusal(larger_batch), "batch is larger"));

  // Rename a row: an unknown name is refused, and so is the now missing one.
  auto renamed = good;
  const size_t name_at = l.setting("g_ema") - 1;  // the last letter of "g_ema"
  REQUIRE(renamed[name_at] == 'a');
  renamed[name_at] = 'x';
  reseal(renamed);
  CHECK(contains(refusal(renamed), "unknown parameter 'g_emx'"));
  // Drop the last row (and its count): missing.
  auto dropped = good;
  const size_t last_row = l.settings.back().second - 4 - l.settings.back().first.size();
  dropped.erase(dropped.begin() + last_row, dropped.begin() + l.settings.back().second + 8);
  put<uint32_t>(dropped, l.settings_count, uint32_t(l.settings.size() - 1));
  CHECK(contains(refusal(dropped), "is missing"));
  // Repeat the first row in place of the second.
  auto twice = good;
  const size_t first_row = l.settings_count + 4, second_row = l.settings[0].second + 8;
  const size_t first_len = second_row - first_row;
  const size_t second_len = l.settings[1].second + 8 - second_row;
  twice.erase(twice.begin() + second_row, twice.begin() + second_row + second_len);
  twice.insert(twice.begin() + second_row, good.begin() + first_row, good.begin() + first_row + first_len);
  reseal(twice);
  CHECK(contains(refusal(twice), "appears twice"));
  auto kind = good;
  put<uint8_t>(kind, l.settings_count - 1, 7);
  CHECK(contains(refusal(kind), "optimizer kind"));
  auto preset = good;  // "book" → "boot"
  put<uint8_t>(preset, 19, 't');
  CHECK(contains(refusal(preset), "unknown preset 'boot'"));
}

// --- the judge ---

namespace {

std::vector<uint8_t> tiny_judge() {
  Judge j("tiny", 4, 2, 8);
  Rng rng(3);
  j.net().init_glorot(rng);
  j.set_validation_accuracy(0.5f);
  return j.serialize();
}

std::string judge_refusal(const std::vector<uint8_t>& bytes) {
  Judge j;
  std::string err;
  CHECK_FALSE(j.parse(bytes.data(), bytes.size(), err));
  CHECK(j.dataset().empty());
  CHECK(err.find("checksum") == std::string::npos);
  return err;
}

// Offsets in a .gjd named "tiny": name at 12, layer count at 20, layers of 9 bytes from 24.
constexpr size_t kLayers = 24, kAccuracy = kLayers + 27, kParams = kAccuracy + 8;

}  // namespace

TEST_CASE("crafted judge files are refused without large allocations", "[judge][crafted]") {
  const std::vector<uint8_t> good = tiny_judge();
  Judge ok;
  std::string err;
  REQUIRE(ok.parse(good.data(), good.size(), err));
  CHECK(ok.input_size() == 4);
  CHECK(ok.num_classes() == 2);

  // The largest input a dataset can have, in a 35 KB file: refused before the 33 MB network exists.
  auto huge = good;
  put<uint32_t>(huge, kLayers, 65536);
  CHECK(contains(judge_refusal(huge), "length does not match"));
  for (uint32_t v : {0u, 65537u, 0xFFFFFFFFu}) {
    INFO("input " << v);
    auto b = good;
    put<uint32_t>(b, kLayers, v);
    CHECK(contains(judge_refusal(b), "architecture"));
  }
  auto classes = good;
  put<uint32_t>(classes, kLayers + 18 + 4, 0x40000000u);
  CHECK(contains(judge_refusal(classes), "architecture"));
  auto chain = good;  // the hidden layers do not chain
  put<uint32_t>(chain, kLayers + 9, 127);
  CHECK(contains(judge_refusal(chain), "architecture"));
  auto activation = good;
  put<uint8_t>(activation, kLayers + 8, 99);
  CHECK(contains(judge_refusal(activation), "architecture"));
  auto layers = good;
  put<uint32_t>(layers, 20, 0xFFFFFFFFu);
  CHECK(contains(judge_refusal(layers), "architecture"));
  auto count = good;
  put<uint32_t>(count, kAccuracy + 4, 0xFFFFFFFFu);
  CHECK(contains(judge_refusal(count), "parameter count"));
  auto nan = good;
  put<float>(nan, kParams + 40, std::nanf(""));
  CHECK(contains(judge_refusal(nan), "non-finite"));
  auto accuracy = good;
  put<float>(accuracy, kAccuracy, std::nanf(""));
  CHECK(contains(judge_refusal(accuracy), "accuracy"));
  auto truncated = good;  // sealed after the cut
  truncated.erase(truncated.end() - 104, truncated.end() - 4);
  reseal(truncated);
  CHECK(contains(judge_refusal(truncated), "length does not match"));
  auto nameless = good;
  put<uint32_t>(nameless, 12, 0x7FFFFFFFu);
  CHECK(contains(judge_refusal(nameless), "name"));
}

TEST_CASE("a judge is refused for data of another image size or class count", "[judge][crafted]") {
  Judge judge;
  std::string err;
  REQUIRE(judge.load_file(std::string(GAN_SOURCE_ASSETS_DIR) + "/digits.gjd", err));
  const Dataset& digits = test::digits();
  CHECK(judge.compatible(digits, err));

  // A 14×14 dataset named "digits" (every other pixel of the real ones): same name, other size.
  Dataset small;
  small.name = "digits";
  small.class_names = digits.class_names;
  small.count = 50;
  small.rows = small.cols = 14;
  small.labels.assign(digits.labels.begin(), digits.labels.begin() + small.count);
  for (int i = 0; i < small.count; ++i)
    for (int y = 0; y < 28; y += 2)
      for (int x = 0; x < 28; x += 2) small.pixels.push_back(digits.image(i)[y * 28 + x]);
  CHECK_FALSE(judge.compatible(small, err));
  CHECK(contains(err, "784 pixels"));
  CHECK(contains(err, "196 pixels (14x14)"));
  CHECK_FALSE(judge.set_reference(small, 0, small.count, err));
  CHECK_FALSE(judge.has_reference());
  // The matrix entry points refuse instead of throwing from inside the network.
  Eigen::MatrixXf probs, features;
  const Eigen::MatrixXf images = dataset_images(small, 0, small.count);
  CHECK_FALSE(judge.evaluate(images, probs, features));
  CHECK(probs.size() == 0);
  CHECK_FALSE(judge.set_reference(images));
  CHECK(judge.score(images).count == 0);
  CHECK(judge.accuracy(images, small.labels) == 0.0);

  Dataset fewer_classes = digits;  // same images, other class count
  fewer_classes.class_names.resize(5);
  CHECK_FALSE(judge.compatible(fewer_classes, err));
  CHECK(contains(err, "5 classes"));
  Dataset renamed = digits;
  renamed.name = "fashion";
  CHECK_FALSE(judge.compatible(renamed, err));
  CHECK(contains(err, "a judge for 'digits', not for 'fashion'"));
  CHECK_FALSE(Judge().compatible(digits, err));

  // Ranges outside the data are refused too; a good one works.
  CHECK_FALSE(judge.set_reference(digits, digits.count - 10, 20, err));
  CHECK(contains(err, "not inside"));
  CHECK(dataset_images(digits, -1, 5).cols() == 0);
  REQUIRE(judge.set_reference(digits, 0, 500, err));
  CHECK(judge.has_reference());
}
