// Checkpoints: exact resume, and refusal of corrupt, truncated, foreign, newer and mismatched files
// without touching the running model.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>

#include "core/bytes.hpp"
#include "core/trainer.hpp"
#include "fixtures.hpp"

using namespace gan;
using gan::test::digits;

namespace {

std::vector<double> losses_of(Trainer& t, int n) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    REQUIRE(t.step());
    out.insert(out.end(), {t.last().d_loss, t.last().g_loss, t.last().d_real, t.last().d_fake});
  }
  return out;
}

// Loads bytes expecting a refusal; checks the message and that the running trainer is untouched.
std::string refusal(const std::vector<uint8_t>& bytes, const Dataset& data = digits()) {
  TrainConfig c;
  find_preset("fast", c);
  std::unique_ptr<Trainer> running = std::make_unique<Trainer>(digits(), c);
  Trainer* before = running.get();
  const Eigen::VectorXf params = running->generator().params();
  std::string err;
  CHECK_FALSE(load_checkpoint(bytes.data(), bytes.size(), data, running, err));
  CHECK(running.get() == before);
  CHECK(running->generator().params() == params);
  CHECK(err.find("checkpoint rejected") != std::string::npos);
  return err;
}

void put_u32(std::vector<uint8_t>& b, size_t at, uint32_t v) { std::memcpy(b.data() + at, &v, 4); }
void reseal(std::vector<uint8_t>& b) { put_u32(b, b.size() - 4, crc32(b.data(), b.size() - 4)); }
// The same bytes claiming another format version, sealed again (so only the claim is wrong).
std::vector<uint8_t> labelled(std::vector<uint8_t> b, uint32_t version) {
  put_u32(b, 8, version);
  reseal(b);
  return b;
}

}  // namespace

TEST_CASE("N iterations, save, load, M iterations equals N+M straight", "[checkpoint][heavy]") {
  for (const char* name : {"book", "fast"}) {
    INFO(name);
    TrainConfig c;
    REQUIRE(find_preset(name, c));
    c.seed = 12;
    c.g_ema = std::string(name) == "fast" ? 0.99f : 0.0f;  // with and without the moving average
    Trainer straight(digits(), c);
    losses_of(straight, 7);
    const std::vector<double> expected = losses_of(straight, 5);

    Trainer first(digits(), c);
    losses_of(first, 7);
    const std::vector<uint8_t> bytes = save_checkpoint(first);
    std::unique_ptr<Trainer> resumed;
    std::string err;
    REQUIRE(load_checkpoint(bytes.data(), bytes.size(), digits(), resumed, err));
    CHECK(resumed->iteration() == 7);
    CHECK(losses_of(*resumed, 5) == expected);
    CHECK(resumed->generator().params() == straight.generator().params());
    Eigen::MatrixXf a, b;
    resumed->generate_test(a);
    straight.generate_test(b);
    CHECK(a == b);
    // Saving is deterministic too.
    CHECK(save_checkpoint(*resumed) == save_checkpoint(straight));
  }
}

TEST_CASE("bad checkpoints are refused and the running model is untouched", "[checkpoint][bad-input]") {
  TrainConfig c;
  find_preset("book", c);
  Trainer t(digits(), c);
  losses_of(t, 2);
  const std::vector<uint8_t> good = save_checkpoint(t);

  CHECK(refusal({}).find("empty") != std::string::npos);
  CHECK(refusal({'h', 'e', 'l', 'l', 'o'}).find("too short") != std::string::npos);
  std::vector<uint8_t> foreign(good.size(), 0x42);
  CHECK(refusal(foreign).find("not a checkpoint") != std::string::npos);
  for (size_t cut : {size_t(20), good.size() / 3, good.size() - 1}) {
    INFO("truncated to " << cut);
    CHECK(refusal(std::vector<uint8_t>(good.begin(), good.begin() + cut)).find("truncated or corrupt") != std::string::npos);
  }
  auto flipped = good;
  flipped[good.size() / 2] ^= 1;
  CHECK(refusal(flipped).find("checksum") != std::string::npos);

  const auto newer = labelled(good, 5);
  CHECK(refusal(newer).find("version 5 is newer than this program reads (4)") != std::string::npos);
  const auto older = labelled(good, 1);
  CHECK(refusal(older).find("older version (format 1) of the program; this one reads formats 2 to 4") != std::string::npos);
  // A format-2 file never holds a setting that came with format 3.
  const auto claims_two = labelled(good, 2);
  CHECK(refusal(claims_two).find("the setting 'reuse_fakes' is not part of format 2") != std::string::npos);

  // A correctly sealed file whose contents do not fit: a NaN weight.
  auto nan_weight = good;
  const float nan = std::nanf("");
  std::memcpy(nan_weight.data() + nan_weight.size() - 4 - 4 * 1000, &nan, 4);  // inside the last vectors
  reseal(nan_weight);
  CHECK_FALSE(refusal(nan_weight).empty());

  // A checkpoint of another dataset.
  Dataset other = digits();
  other.name = "fashion";
  CHECK(refusal(good, other).find("trained on the dataset 'digits'") != std::string::npos);
}

TEST_CASE("checkpoints remember settings changed during the run", "[checkpoint]") {
  TrainConfig c;
  find_preset("book", c);
  Trainer t(digits(), c);
  TrainConfig changed = c;
  changed.d_opt.lr = 0.02f;
  changed.fake_label = 0.0f;
  std::string err;
  REQUIRE(t.reconfigure(changed, err));
  losses_of(t, 1);
  const auto bytes = save_checkpoint(t);
  std::unique_ptr<Trainer> back;
  REQUIRE(load_checkpoint(bytes.data(), bytes.size(), digits(), back, err));
  CHECK(back->config().d_opt.lr == 0.02f);
  CHECK(back->config().fake_label == 0.0f);
  CHECK((back->d_targets().rightCols(100).array() == 0.0f).all());
}

// A checkpoint as an older format wrote it: the same bytes without the rows of the settings that
// came later (reuse_fakes with format 3, early_batch and early_iterations with format 4), the count
// lowered to match, and the version.
std::vector<uint8_t> as_format(std::vector<uint8_t> v, uint32_t version) {
  std::vector<std::string> later = {"early_batch", "early_iterations"};
  if (version < 3) later.push_back("reuse_fakes");
  for (const std::string& name : later) {
    std::vector<uint8_t> row(4 + name.size() + 8);
    const uint32_t length = static_cast<uint32_t>(name.size());
    std::memcpy(row.data(), &length, 4);
    std::memcpy(row.data() + 4, name.data(), name.size());
    auto at = std::search(v.begin(), v.end(), row.begin(), row.begin() + 4 + name.size());
    REQUIRE(at != v.end());
    v.erase(at, at + row.size());
    // The settings' count follows the preset name, the seed and the two optimizer kinds.
    uint32_t preset_length;
    std::memcpy(&preset_length, v.data() + 12, 4);
    const size_t count_at = 12 + 4 + preset_length + 8 + 2;
    uint32_t count;
    std::memcpy(&count, v.data() + count_at, 4);
    put_u32(v, count_at, count - 1);
  }
  return labelled(std::move(v), version);
}

TEST_CASE("format-2 and format-3 checkpoints still load, as runs without the settings they lack", "[checkpoint]") {
  TrainConfig c;
  REQUIRE(find_preset("quick", c));
  Trainer straight(digits(), c);
  losses_of(straight, 3);
  const std::vector<double> expected = losses_of(straight, 2);
  for (uint32_t version : {2u, 3u}) {
    INFO("format " << version);
    Trainer first(digits(), c);
    losses_of(first, 3);
    const std::vector<uint8_t> old = as_format(save_checkpoint(first), version);
    std::unique_ptr<Trainer> resumed;
    std::string err;
    REQUIRE(load_checkpoint(old.data(), old.size(), digits(), resumed, err));
    CHECK(resumed->config().reuse_fakes == 0);
    CHECK(resumed->config().early_batch == 0);
    CHECK(resumed->config().early_iterations == 0);
    CHECK(losses_of(*resumed, 2) == expected);
    // Saved again, it is a format-4 file like the one the straight run writes.
    CHECK(save_checkpoint(*resumed) == save_checkpoint(straight));
  }
}

TEST_CASE("a format-3 checkpoint without reuse_fakes is refused", "[checkpoint][bad-input]") {
  TrainConfig c;
  REQUIRE(find_preset("book", c));
  Trainer t(digits(), c);
  const auto missing = labelled(as_format(save_checkpoint(t), 2), 3);
  CHECK(refusal(missing).find("the setting 'reuse_fakes' is missing") != std::string::npos);
}

TEST_CASE("a format-4 checkpoint without early_batch is refused, and a format-3 one with it", "[checkpoint][bad-input]") {
  TrainConfig c;
  REQUIRE(find_preset("quick", c));
  Trainer first(digits(), c);
  losses_of(first, 1);
  const auto missing = labelled(as_format(save_checkpoint(first), 3), 4);
  CHECK(refusal(missing).find("the setting 'early_batch' is missing") != std::string::npos);
  // A format-3 file never holds a setting that came with format 4.
  const auto claims_three = labelled(save_checkpoint(first), 3);
  CHECK(refusal(claims_three).find("the setting 'early_batch' is not part of format 3") != std::string::npos);
}

// A run saved during its early batches, or right at their end, resumes exactly: the smaller batch
// goes on until early_iterations, then the full batch (whose first draw may start a new epoch).
TEST_CASE("checkpoints resume exactly during and after the early batches", "[checkpoint]") {
  TrainConfig c;
  REQUIRE(find_preset("swift", c));
  c.early_iterations = 3;
  Trainer straight(digits(), c);
  const std::vector<double> expected = losses_of(straight, 6);
  for (int saved_at : {2, 3}) {
    INFO("saved after " << saved_at << " iterations");
    Trainer first(digits(), c);
    const std::vector<double> head = losses_of(first, saved_at);
    const auto bytes = save_checkpoint(first);
    std::unique_ptr<Trainer> resumed;
    std::string err;
    REQUIRE(load_checkpoint(bytes.data(), bytes.size(), digits(), resumed, err));
    std::vector<double> all = head;
    const std::vector<double> tail = losses_of(*resumed, 6 - saved_at);
    all.insert(all.end(), tail.begin(), tail.end());
    CHECK(all == expected);
    CHECK(resumed->generator().params() == straight.generator().params());
  }
}
