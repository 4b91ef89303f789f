// The judge: its loader refuses bad files, and its scores order real digits far ahead of noise and
// of a collapsed batch (orderings only: no thresholds on training quality).
#include <catch2/catch.hpp>

#include "core/file_io.hpp"
#include "core/bytes.hpp"
#include "core/judge.hpp"
#include "fixtures.hpp"

using namespace gan;

namespace {

struct Fixture {
  const Dataset& data = test::digits();
  Judge judge;
  Fixture() {
    std::string err;
    REQUIRE(judge.load_file(std::string(GAN_SOURCE_ASSETS_DIR) + "/digits.gjd", err));
  }
};

std::string refusal(const std::vector<uint8_t>& bytes) {
  Judge j;
  std::string err;
  CHECK_FALSE(j.parse(bytes.data(), bytes.size(), err));
  CHECK(j.dataset().empty());  // untouched
  return err;
}

}  // namespace

TEST_CASE("the bundled judges load and classify held-out data well", "[judge]") {
  for (const char* name : {"digits", "fashion"}) {
    INFO(name);
    const Dataset& data = test::bundled(name);
    Judge judge;
    std::string err;
    REQUIRE(judge.load_file(std::string(GAN_SOURCE_ASSETS_DIR) + "/" + name + ".gjd", err));
    CHECK(judge.dataset() == name);
    // The last 1,000 images were held out from its training; re-measure the stored accuracy.
    const Eigen::MatrixXf held_out = dataset_images(data, data.count - 1000, 1000);
    const std::vector<uint8_t> labels(data.labels.end() - 1000, data.labels.end());
    const double accuracy = judge.accuracy(held_out, labels);
    CHECK(accuracy == Approx(judge.validation_accuracy()).margin(1e-6));
    CHECK(accuracy >= (std::string(name) == "digits" ? 0.97 : 0.84));
  }
}

TEST_CASE("the judge ranks real digits far above noise and a collapsed batch", "[judge]") {
  Fixture f;
  f.judge.set_reference(dataset_images(f.data, 0, f.data.count - 1000));
  const JudgeScores real = f.judge.score(dataset_images(f.data, f.data.count - 1000, 1000));

  Rng rng(4);
  Eigen::MatrixXf noise(784, 1000);
  for (Eigen::Index k = 0; k < noise.size(); ++k) noise.data()[k] = rng.uniform(-1, 1);
  const JudgeScores noisy = f.judge.score(noise);

  Eigen::MatrixXf collapsed(784, 1000);  // one real digit, repeated: perfect-looking but no variety
  collapsed.colwise() = dataset_images(f.data, 0, 1).col(0);
  const JudgeScores same = f.judge.score(collapsed);

  INFO("real: classes " << real.classes_present << " conf " << real.confidence << " IS " << real.inception_score << " FD "
                        << real.frechet);
  INFO("noise: classes " << noisy.classes_present << " IS " << noisy.inception_score << " FD " << noisy.frechet);
  INFO("collapsed: classes " << same.classes_present << " IS " << same.inception_score << " FD " << same.frechet);
  CHECK(real.classes_present == 10);
  CHECK(real.inception_score > 3 * noisy.inception_score);
  CHECK(real.inception_score > 3 * same.inception_score);
  CHECK(same.classes_present == 1);
  CHECK(same.inception_score == Approx(1.0).margin(0.01));
  CHECK(real.frechet * 10 < noisy.frechet);
  CHECK(real.frechet * 10 < same.frechet);
  double total = 0;
  for (double p : real.class_fraction) total += p;
  CHECK(total == Approx(1.0));
}

TEST_CASE("the reference made a batch at a time is the reference made at once", "[judge]") {
  Fixture f;
  const int n = f.data.count - 1000;  // not a multiple of the batch: the last one is short
  Judge whole = f.judge, pieces = f.judge;
  REQUIRE(whole.set_reference(dataset_images(f.data, 0, n)));
  std::string err;
  REQUIRE(pieces.begin_reference(f.data, 0, n, err));
  CHECK_FALSE(pieces.has_reference());
  int batches = 0;
  while (!pieces.add_reference_batch(f.data)) {
    ++batches;
    CHECK(pieces.reference_pending());
    CHECK_FALSE(pieces.has_reference());  // nothing is scored against half a reference
  }
  CHECK(batches + 1 == (n + pieces.net().max_batch() - 1) / pieces.net().max_batch());
  CHECK_FALSE(pieces.reference_pending());
  REQUIRE(pieces.has_reference());
  // The same numbers, bit for bit: the distance of any images to either reference.
  const Eigen::MatrixXf held_out = dataset_images(f.data, f.data.count - 1000, 1000);
  CHECK(pieces.score(held_out).frechet == whole.score(held_out).frechet);
  Judge from_data = f.judge;
  REQUIRE(from_data.set_reference(f.data, 0, n, err));
  CHECK(from_data.score(held_out).frechet == whole.score(held_out).frechet);
}

TEST_CASE("a reference begun on data it cannot cover is refused, and one begun on other data ends without one", "[judge]") {
  Fixture f;
  std::string err;
  CHECK_FALSE(f.judge.begin_reference(f.data, f.data.count - 10, 20, err));
  CHECK(err.find("not inside") != std::string::npos);
  CHECK_FALSE(f.judge.reference_pending());
  REQUIRE(f.judge.begin_reference(f.data, 0, 2000, err));
  Dataset fewer = f.data;
  fewer.count = 1000;  // the images the reference was to cover are no longer there
  CHECK_FALSE(f.judge.add_reference_batch(fewer));  // images 0-499 are still there
  CHECK_FALSE(f.judge.add_reference_batch(fewer));  // and 500-999
  CHECK(f.judge.add_reference_batch(fewer));        // 1000-1499 are not: it ends, with nothing set
  CHECK_FALSE(f.judge.reference_pending());
  CHECK_FALSE(f.judge.has_reference());
  CHECK(f.judge.add_reference_batch(f.data));  // nothing under way: nothing to do, and nothing set
  CHECK_FALSE(f.judge.has_reference());
}

TEST_CASE("Frechet distance: zero for identical Gaussians, the mean shift otherwise", "[judge]") {
  Eigen::MatrixXd cov(2, 2);
  cov << 2.0, 0.5, 0.5, 1.0;
  const Eigen::VectorXd mu = Eigen::VectorXd::Zero(2);
  Eigen::VectorXd shifted(2);
  shifted << 3.0, 4.0;
  const Eigen::MatrixXd root = symmetric_sqrt(cov);
  CHECK((root * root - cov).norm() < 1e-12);
  CHECK(frechet_distance(mu, cov, mu, cov, root) == Approx(0.0).margin(1e-9));
  CHECK(frechet_distance(shifted, cov, mu, cov, root) == Approx(25.0));
  // Different scales of the identity: (√a − √b)² per dimension.
  const Eigen::MatrixXd i4 = 4.0 * Eigen::MatrixXd::Identity(2, 2), i1 = Eigen::MatrixXd::Identity(2, 2);
  CHECK(frechet_distance(mu, i4, mu, i1, i1) == Approx(2.0));
}

TEST_CASE("bad judge files are refused", "[judge][bad-input]") {
  Fixture f;
  const std::vector<uint8_t> good = f.judge.serialize();
  CHECK(refusal({}).find("empty") != std::string::npos);
  CHECK(refusal(std::vector<uint8_t>(good.begin(), good.begin() + good.size() / 2)).find("checksum") != std::string::npos);
  auto wrong = good;
  wrong[1] = 'X';
  CHECK(refusal(wrong).find("not a judge file") != std::string::npos);
  auto flipped = good;
  flipped[good.size() / 2] ^= 4;
  CHECK(refusal(flipped).find("checksum") != std::string::npos);
  auto newer = good;
  newer[8] = 9;
  CHECK(refusal(newer).find("is newer than this program reads") != std::string::npos);
  std::vector<uint8_t> dataset_file;
  std::string err;
  REQUIRE(read_file_bounded(std::string(GAN_SOURCE_ASSETS_DIR) + "/digits.gds", kMaxDatasetFileBytes, dataset_file, err));
  CHECK(refusal(dataset_file).find("not a judge file") != std::string::npos);
  Judge back;
  REQUIRE(back.parse(good.data(), good.size(), err));
  CHECK(back.net().params() == f.judge.net().params());
}
