// The training iteration: the book's labels and freezing, fresh noise, determinism, live settings,
// refusal of bad settings, divergence handling, and a learning test that cannot pass by accident.
#include <catch2/catch.hpp>

#include "core/matmul.hpp"
#include "core/pixels.hpp"
#include "core/trainer.hpp"
#include "fixtures.hpp"
#include "tiny_dataset.hpp"

using namespace gan;
using gan::test::digits;

namespace {

TrainConfig preset(const std::string& name, uint64_t seed = 1) {
  TrainConfig c;
  REQUIRE(find_preset(name, c));
  c.seed = seed;
  return c;
}

struct ImageStats {
  double mean;  // mean pixel in [-1, 1]
  double ink;   // fraction of pixels brighter than a quarter of full scale
};
ImageStats stats(const Eigen::MatrixXf& images) {
  return {images.mean(), (images.array() > -0.5f).cast<double>().mean()};
}
ImageStats data_stats(const Dataset& d) {
  Eigen::MatrixXf images(d.image_size(), 1000);
  for (int j = 0; j < 1000; ++j)
    for (int k = 0; k < d.image_size(); ++k) images(k, j) = pixel_to_unit(d.image(j)[k]);
  return stats(images);
}

}  // namespace

TEST_CASE("the book preset is the textbook's recipe", "[trainer]") {
  const TrainConfig c = preset("book");
  CHECK(c.batch == 100);
  CHECK(c.d_opt.kind == OptimizerKind::kSgd);
  CHECK(c.d_opt.lr == 0.01f);
  CHECK(c.g_opt.kind == OptimizerKind::kAdam);
  CHECK(c.g_opt.lr == 1e-5f);
  CHECK(c.g_opt.beta1 == 0.9f);
  CHECK(c.g_opt.beta2 == 0.999f);
  CHECK(c.g_opt.epsilon == 1e-7f);
  CHECK(c.real_label == 0.9f);
  CHECK(c.fake_label == 0.1f);
  CHECK(c.g_target == 1.0f);
  CHECK(c.d_dropout == 0.3f);
  CHECK(c.leaky_alpha == 0.3f);
  CHECK(c.d_steps == 1);
  CHECK(c.g_ema == 0.0f);
  const TrainConfig f = preset("fast");
  CHECK(f.d_opt.kind == OptimizerKind::kAdam);
  CHECK(f.d_opt.lr == 2e-4f);
  CHECK(f.d_opt.beta1 == 0.5f);
  CHECK(f.g_opt.lr == 2e-4f);
  CHECK(f.g_opt.beta1 == 0.5f);
}

TEST_CASE("the clean preset keeps the book's generator and changes only D and the training", "[trainer]") {
  const TrainConfig c = preset("clean");
  Trainer t(digits(), c);
  CHECK(t.generator().num_params() == 1526288);
  const auto g = generator_layers(784, 256);
  for (int i = 0; i < t.generator().num_layers(); ++i) {
    CHECK(t.generator().spec(i).in == g[i].in);
    CHECK(t.generator().spec(i).out == g[i].out);
    CHECK(t.generator().spec(i).activation == g[i].activation);
  }
  CHECK(t.discriminator().num_layers() == 3);  // 784 → 1024 → 512 → 1
  CHECK(t.discriminator().spec(0).out == 1024);
  CHECK(t.discriminator().spec(1).out == 512);
  CHECK(c.batch == 100);
  CHECK(c.leaky_alpha == 0.3f);
  CHECK(c.g_ema > 0);
  CHECK((t.d_targets().rightCols(100).array() == 0.0f).all());  // one-sided smoothing
}

TEST_CASE("an iteration uses labels 0.9/0.1 for D and 1.0 for G, and freezes the other network", "[trainer]") {
  Trainer t(digits(), preset("book"));
  REQUIRE(t.d_targets().cols() == 200);
  CHECK((t.d_targets().leftCols(100).array() == 0.9f).all());
  CHECK((t.d_targets().rightCols(100).array() == 0.1f).all());
  CHECK((t.g_targets().array() == 1.0f).all());
  CHECK(t.g_targets().cols() == 100);

  const Eigen::VectorXf g0 = t.generator().params(), d0 = t.discriminator().params();
  REQUIRE(t.step_discriminator());
  CHECK(t.generator().params() == g0);     // a D step leaves G alone
  CHECK(t.discriminator().params() != d0);
  const Eigen::VectorXf d1 = t.discriminator().params();
  REQUIRE(t.step_generator());
  CHECK(t.discriminator().params() == d1);  // D is frozen during the G step
  CHECK(t.generator().params() != g0);
  REQUIRE(t.step());
  CHECK(t.iteration() == 1);
}

// With reuse_fakes the G step trains on the very fakes the D step just saw; without it, on fresh ones.
// Checked from outside: the fakes are rebuilt from the step's noise with G's weights from before the
// step, then D's verdicts on them (before and after D's update) must give the step's d_fake and g_loss.
TEST_CASE("reuse_fakes: the G step trains on the D step's fakes", "[trainer]") {
  for (int reuse : {1, 0}) {
    INFO("reuse_fakes " << reuse);
    TrainConfig c = preset("swift", 3);
    c.reuse_fakes = reuse;
    c.d_dropout = 0;  // swift has none; D's verdicts are then the same in training and inference
    Trainer t(digits(), c);
    const int B = batch_at(c, 0);  // swift's first iterations take early_batch
    const Eigen::VectorXf g0 = t.generator().params(), d0 = t.discriminator().params();
    REQUIRE(t.step());
    const int fake_batch = reuse ? 0 : 1;  // the batch the D step saw
    Mlp<float> g(generator_layers(784, c.g_hidden), B, c.leaky_alpha);
    g.params() = g0;
    const Eigen::MatrixXf fakes = g.forward(t.noise().middleCols(fake_batch * B, B), nullptr);
    Mlp<float> d(discriminator_layers(784, c), B, c.leaky_alpha);
    d.params() = d0;
    const Eigen::ArrayXXf before = d.forward(fakes, nullptr);
    const double d_fake = (1 / (1 + (-before).exp())).mean();
    CHECK(t.last().d_fake == Approx(d_fake).epsilon(1e-5));  // the D step's fakes, both ways
    d.params() = t.discriminator().params();                 // D after its step, as the G step saw it
    const Eigen::ArrayXXf after = d.forward(fakes, nullptr);
    const double g_loss = (1 + (-after).exp()).log().mean();  // BCE toward target 1: softplus(-logit)
    if (reuse)
      CHECK(t.last().g_loss == Approx(g_loss).epsilon(1e-5));
    else
      CHECK(std::abs(t.last().g_loss - g_loss) > 1e-3);  // fresh fakes: another loss
    CHECK(t.noise().cols() >= (reuse ? 1 : 2) * B);
  }
}

// What gan-bench divides by time: the products' FLOPs, counted as they run (matmul_flops_done).
TEST_CASE("one book iteration runs the textbook's 1,447,116,800 FLOPs of products, reusing fakes one G forward fewer", "[trainer]") {
  // By hand, at batch 100 (G 256→256→512→1024→784: Σ in·out = 1,523,712, of which 1,458,176 past the
  // first layer; D 784→256→1: 200,960, of which 256 past the first): G forward twice (the D step's
  // and the G step's fakes) 2·2·100·1,523,712; D step on 200 images: forward, weight gradients and the
  // input gradients past the first layer 2·200·(200,960 + 200,960 + 256); G step: D forward and
  // input gradients on 100 2·100·2·200,960, G weight gradients 2·100·1,523,712 and input gradients
  // past the first layer 2·100·1,458,176.
  const uint64_t by_hand = 609'484'800ull + 160'870'400ull + 80'384'000ull + 304'742'400ull + 291'635'200ull;
  REQUIRE(by_hand == 1'447'116'800ull);
  TrainConfig c = preset("book");
  Trainer book(digits(), c);
  uint64_t before = matmul_flops_done();
  REQUIRE(book.step());
  CHECK(matmul_flops_done() - before == by_hand);
  c.reuse_fakes = 1;
  Trainer reusing(digits(), c);
  before = matmul_flops_done();
  REQUIRE(reusing.step());
  CHECK(matmul_flops_done() - before == by_hand - 2ull * 100 * 1'523'712);
}

TEST_CASE("reuse_fakes works with several D steps and can be switched live", "[trainer]") {
  TrainConfig c = preset("swift", 4);
  c.d_steps = 3;
  Trainer t(digits(), c);
  REQUIRE(t.step());
  CHECK(t.noise().cols() >= 3 * c.batch);
  TrainConfig off = c;
  off.reuse_fakes = 0;
  std::string err;
  REQUIRE(t.reconfigure(off, err));
  REQUIRE(t.step());
  off.d_steps = 1;
  off.reuse_fakes = 1;
  REQUIRE(t.reconfigure(off, err));
  REQUIRE(t.step());
  CHECK(t.iteration() == 3);
  CHECK(t.discriminator().params().allFinite());
}

// early_batch: the first early_iterations train exactly as a run whose batch is early_batch would
// (the same draws, the same products, so the same bits), and later iterations take the full batch.
TEST_CASE("early_batch trains its first iterations as that batch would, then the full batch", "[trainer]") {
  TrainConfig c = preset("swift", 5);
  c.early_batch = 32;
  c.early_iterations = 3;
  TrainConfig small = c;
  small.batch = 32;
  small.early_batch = 0;
  Trainer t(digits(), c), twin(digits(), small);
  for (int i = 0; i < 3; ++i) {
    REQUIRE(t.step());
    REQUIRE(twin.step());
    CHECK(t.last().d_loss == twin.last().d_loss);
    CHECK(t.last().g_loss == twin.last().g_loss);
  }
  CHECK(t.generator().params() == twin.generator().params());
  CHECK(t.discriminator().params() == twin.discriminator().params());
  // From iteration 3 on, 64 images a batch: the G step's noise is batch 0, 64 columns of it, and the
  // D step's mean verdict on 64 fakes differs from the twin's on 32.
  REQUIRE(t.step());
  REQUIRE(twin.step());
  CHECK(t.d_targets().leftCols(64).array().isApproxToConstant(c.real_label));
  CHECK(t.d_targets().middleCols(64, 64).array().isApproxToConstant(c.fake_label));
  CHECK(t.last().d_loss != twin.last().d_loss);
  // An early batch not below the batch changes nothing: batch 64 throughout, as quick at 6e-4.
  TrainConfig same = c, none = c;
  same.early_batch = 64;
  none.early_batch = 0;
  Trainer a(digits(), same), b(digits(), none);
  for (int i = 0; i < 2; ++i) {
    REQUIRE(a.step());
    REQUIRE(b.step());
  }
  CHECK(a.generator().params() == b.generator().params());
}

// The data order across the switch, on six images: batches of 1 for three iterations leave the
// cursor at 3; the first batch of 4 does not fit in the three images left, so it starts a new
// epoch (reshuffled) before drawing, and after it 2 images are left, too few for another 4: a
// second epoch ends. A constant batch of 4 ends an epoch after every iteration.
TEST_CASE("a batch that grows after early_iterations starts a new epoch when it does not fit", "[trainer]") {
  TrainConfig c = preset("swift", 2);
  c.g_hidden = 2;
  c.d_hidden = 4;
  c.batch = 4;
  c.early_batch = 1;
  c.early_iterations = 3;
  Trainer t(gan::test::tiny_dataset(), c);
  std::vector<int64_t> epochs;
  for (int i = 0; i < 5; ++i) {
    REQUIRE(t.step());
    epochs.push_back(t.epoch());
  }
  CHECK(epochs == std::vector<int64_t>{0, 0, 0, 2, 3});
  c.early_batch = 0;
  Trainer plain(gan::test::tiny_dataset(), c);
  epochs.clear();
  for (int i = 0; i < 3; ++i) {
    REQUIRE(plain.step());
    epochs.push_back(plain.epoch());
  }
  CHECK(epochs == std::vector<int64_t>{1, 2, 3});
}

// The grid shows a moving average of G's weights with a warm-up: after G step t (counting from 0)
// average = decay·average + (1 − decay)·G with decay = min(g_ema, (1 + t) / (20 + t)), starting
// from G's first weights. Training itself never reads it.
TEST_CASE("the displayed generator is G's moving average with its warm-up", "[trainer]") {
  const TrainConfig c = preset("swift", 6);
  REQUIRE(c.g_ema > 0);
  Trainer t(digits(), c), twin(digits(), c);
  Eigen::VectorXf average = t.generator().params();
  for (int step = 0; step < 3; ++step) {
    REQUIRE(t.step());
    const float decay = std::min(c.g_ema, (1.0f + step) / (20.0f + step));
    average = decay * average + (1.0f - decay) * t.generator().params();
    CHECK(t.displayed_generator().isApprox(average, 1e-6f));
  }
  TrainConfig off = c;
  off.g_ema = 0;
  std::string err;
  REQUIRE(twin.reconfigure(off, err));  // no average: the same training, G itself shown
  REQUIRE(twin.train_iterations(3) == 3);
  CHECK(twin.generator().params() == t.generator().params());
  CHECK(twin.displayed_generator() == twin.generator().params());
}

TEST_CASE("an epoch is one shuffled pass: 100 iterations for 10,000 digits", "[trainer][heavy]") {
  Trainer t(digits(), preset("fast"));
  CHECK(t.iterations_per_epoch() == 100);
  REQUIRE(t.train_iterations(99) == 99);
  CHECK(t.epoch() == 0);
  REQUIRE(t.step());
  CHECK(t.epoch() == 1);
}

TEST_CASE("fresh noise every time, a fixed z_test", "[trainer]") {
  Trainer t(digits(), preset("book", 4));
  Eigen::MatrixXf a, b;
  t.generate_test(a);
  t.generate_test(b);
  CHECK(a == b);  // generation does not consume training randomness
  CHECK(t.z_test().minCoeff() >= -1.0f);
  CHECK(t.z_test().maxCoeff() < 1.0f);
  CHECK(std::abs(t.z_test().mean()) < 0.02);
  Trainer same(digits(), preset("book", 4));
  CHECK(same.z_test() == t.z_test());
  // Two steps from the same state with different noise must differ; the losses of consecutive
  // D steps differ because both the real batch and z are new.
  REQUIRE(t.step_discriminator());
  const double l1 = t.last().d_loss;
  REQUIRE(t.step_discriminator());
  CHECK(t.last().d_loss != l1);
}

TEST_CASE("a seed fixes the run bit for bit, another seed changes it", "[trainer][determinism]") {
  auto run = [](uint64_t seed) {
    Trainer t(digits(), preset("fast", seed));
    std::vector<double> losses;
    for (int i = 0; i < 5; ++i) {
      REQUIRE(t.step());
      losses.push_back(t.last().d_loss);
      losses.push_back(t.last().g_loss);
    }
    return losses;
  };
  CHECK(run(7) == run(7));
  CHECK(run(7) != run(8));
}

TEST_CASE("a trainer made before its images, then given them, runs as one made with them", "[trainer][determinism]") {
  // The page makes the networks while the dataset downloads (Session::prepare_trainer). The tiny
  // set (6 images) turns an epoch every iteration or two, and the early batch ends at iteration 3.
  const Dataset& tiny = gan::test::tiny_dataset();
  TrainConfig config = preset("swift", 5);
  config.batch = 4;
  config.early_batch = 2;
  config.early_iterations = 3;
  Trainer made(tiny, config);
  Trainer prepared(tiny.image_size(), config);
  CHECK_FALSE(prepared.has_data());
  CHECK(prepared.generator().params() == made.generator().params());
  CHECK(prepared.discriminator().params() == made.discriminator().params());
  std::string error;
  REQUIRE(prepared.attach(tiny, error));
  CHECK(error.empty());
  CHECK(prepared.has_data());
  // The first epoch's order is the last draw of either: every later draw (noise, dropout, the next
  // epochs' orders) and so every number agrees.
  std::vector<double> a, b;
  for (int i = 0; i < 8; ++i) {
    REQUIRE(made.step());
    REQUIRE(prepared.step());
    a.push_back(made.last().d_loss);
    a.push_back(made.last().g_loss);
    b.push_back(prepared.last().d_loss);
    b.push_back(prepared.last().g_loss);
  }
  CHECK(a == b);
  CHECK(prepared.epoch() == made.epoch());
  CHECK(prepared.epoch() >= 4);
  CHECK(prepared.generator().params() == made.generator().params());
  CHECK(prepared.discriminator().params() == made.discriminator().params());
  CHECK(prepared.displayed_generator() == made.displayed_generator());
}

TEST_CASE("a trainer without its images refuses to step and takes only images of its size", "[trainer][bad-input]") {
  const Dataset& tiny = gan::test::tiny_dataset();  // 2x2 images, 6 of them
  TrainConfig config = preset("book");
  config.batch = 4;
  Trainer waiting(digits().image_size(), config);
  CHECK_FALSE(waiting.step());  // nothing to train on: a message, no crash
  CHECK(waiting.error().find("without its images") != std::string::npos);

  Trainer t(digits().image_size(), config);
  std::string error;
  CHECK_FALSE(t.attach(tiny, error));  // 4 pixels per image, not 784
  CHECK(error.find("784") != std::string::npos);
  CHECK_FALSE(t.has_data());
  Eigen::MatrixXf images;
  t.generate(t.z_test(), images);  // the networks work before the images come
  CHECK(images.rows() == 784);
  REQUIRE(t.attach(digits(), error));
  CHECK_FALSE(t.attach(digits(), error));  // once only
  CHECK(error.find("already") != std::string::npos);
  CHECK(t.step());

  config.batch = 8;  // more than the tiny set's 6 images
  Trainer big(tiny.image_size(), config);
  CHECK_FALSE(big.attach(tiny, error));
  CHECK(error.find("larger than the dataset") != std::string::npos);
  CHECK_FALSE(big.step());
  Trainer made_with_them(tiny, config);  // made with its images unchecked (make_trainer checks): step() says why
  CHECK_FALSE(made_with_them.step());
  CHECK(made_with_them.error().find("larger than the dataset") != std::string::npos);
}

TEST_CASE("thread count does not change the numbers", "[trainer][determinism]") {
  // Holds on every CPU: products split the output by a shape-only partition (see matmul.hpp).
  for (const char* name : {"book", "clean"}) {
    auto run = [name](int threads) {
      set_threads(threads);
      Trainer t(digits(), preset(name, 3));
      REQUIRE(t.train_iterations(3) == 3);
      set_threads(1);
      const auto& p = t.generator().params();
      return std::vector<float>(p.data(), p.data() + p.size());
    };
    const std::vector<float> one = run(1);
    CHECK(run(2) == one);
    CHECK(run(3) == one);
  }
}

TEST_CASE("out-of-range settings are refused with a message", "[trainer][bad-input]") {
  TrainConfig c = preset("book");
  std::string err;
  CHECK_FALSE(set_param(c, "d_lr", "-1", err));
  CHECK(err.find("d_lr") != std::string::npos);
  CHECK(err.find("out of range") != std::string::npos);
  CHECK_FALSE(set_param(c, "real_label", "1.5", err));
  CHECK_FALSE(set_param(c, "batch", "0", err));
  CHECK_FALSE(set_param(c, "batch", "2.5", err));
  CHECK_FALSE(set_param(c, "g_lr", "nan", err));
  CHECK_FALSE(set_param(c, "g_lr", "abc", err));
  CHECK_FALSE(set_param(c, "d_dropout", "1", err));
  CHECK_FALSE(set_param(c, "no_such", "1", err));
  CHECK(err.find("unknown parameter") != std::string::npos);
  CHECK_FALSE(set_param(c, "d_optimizer", "rmsprop", err));
  CHECK(c.d_opt.lr == 0.01f);  // nothing changed by the refusals
  CHECK(set_param(c, "d_optimizer", "adam", err));
  CHECK(set_param(c, "g_lr", "2e-4", err));
  CHECK(c.g_opt.lr == 2e-4f);

  TrainConfig bad = preset("book");
  bad.d_opt.lr = 100;
  CHECK(validate(bad).find("d_lr") != std::string::npos);
  bad = preset("book");
  bad.preset = "nope";
  CHECK(validate(bad).find("unknown preset") != std::string::npos);
  bad = preset("book");
  bad.batch = 20000;
  CHECK(make_trainer(digits(), bad, err) == nullptr);
  CHECK_FALSE(err.empty());
}

TEST_CASE("live reconfiguration changes rates and labels but refuses architecture changes", "[trainer]") {
  Trainer t(digits(), preset("book"));
  TrainConfig c = t.config();
  c.real_label = 0.8f;
  c.d_opt.lr = 0.02f;
  std::string err;
  REQUIRE(t.reconfigure(c, err));
  CHECK((t.d_targets().leftCols(100).array() == 0.8f).all());
  c.d_hidden = 128;
  CHECK_FALSE(t.reconfigure(c, err));
  CHECK(err.find("d_hidden") != std::string::npos);
  CHECK(t.config().d_hidden == 256);
  // The parameter table's `live` flag is what reconfigure obeys: every non-live setting is refused.
  for (const ParamInfo& p : param_table()) {
    TrainConfig next = t.config();
    const double now = get_param(next, p.name);
    const double other = now + (p.integer ? 1 : 0.01) <= p.max ? now + (p.integer ? 1 : 0.01) : now - (p.integer ? 1 : 0.01);
    REQUIRE(set_param(next, p.name, other, err));
    INFO(p.name);
    CHECK(t.reconfigure(next, err) == p.live);
    if (!p.live) CHECK(err.find(p.name) != std::string::npos);
    REQUIRE(t.reconfigure(preset("book"), err));
  }
  c = t.config();
  c.d_steps = 3;
  REQUIRE(t.reconfigure(c, err));
  REQUIRE(t.step());
}

TEST_CASE("divergence stops training with a message and keeps finite parameters", "[trainer][bad-input]") {
  TrainConfig c = preset("book");
  c.d_opt.lr = 10;  // absurd but in range: SGD at lr 10 on D blows up within a few steps
  c.g_opt = {OptimizerKind::kSgd, 10};
  Trainer t(digits(), c);
  int done = t.train_iterations(500);
  INFO("iterations before divergence: " << done);
  REQUIRE(done < 500);
  CHECK(t.error().find("diverged") != std::string::npos);
  CHECK(t.generator().params().allFinite());
  CHECK(t.discriminator().params().allFinite());
  CHECK_FALSE(t.step());  // stays stopped until reset
}

TEST_CASE("train_for respects its time budget and always makes progress", "[trainer]") {
  Trainer t(digits(), preset("book"));
  CHECK(t.train_for(0) == 0);
  CHECK(t.train_for(1) >= 1);
  // A budget no iteration can use up (a loaded machine under ASan once took over a second for one):
  // the iteration cap alone ends it.
  CHECK(t.train_for(1e7, 2) == 2);
}

TEST_CASE("learning: D learns to separate real from fake", "[trainer][learning][heavy]") {
  // book: G moves slowly (Adam 1e-5), so D's verdicts split within a few dozen iterations.
  Trainer t(digits(), preset("book", 1));
  REQUIRE(t.step());
  const double first_gap = t.last().d_real - t.last().d_fake;
  REQUIRE(t.train_iterations(20) == 20);
  double gap = 0;
  for (int i = 0; i < 40; ++i) {
    REQUIRE(t.step());
    gap += t.last().d_real - t.last().d_fake;
  }
  gap /= 40;
  INFO("first gap " << first_gap << ", mean gap over iterations 22-61 " << gap);
  CHECK(gap > 0.2);
  CHECK(gap > first_gap + 0.2);
}

TEST_CASE("learning: the fakes' statistics move from noise toward the data's", "[trainer][learning][heavy]") {
  Trainer t(digits(), preset("fast", 1));
  const ImageStats real = data_stats(digits());
  Eigen::MatrixXf images;
  t.generate_test(images);
  const ImageStats before = stats(images);
  REQUIRE(t.train_iterations(500) == 500);
  t.generate_test(images);
  const ImageStats after = stats(images);
  INFO("real mean " << real.mean << " ink " << real.ink << "; before " << before.mean << " / " << before.ink << "; after "
                    << after.mean << " / " << after.ink);
  CHECK(before.ink > 0.9);  // an untrained G draws grey noise: almost every pixel lit
  CHECK(std::abs(after.mean - real.mean) < 0.9 * std::abs(before.mean - real.mean));
  CHECK(std::abs(after.ink - real.ink) < 0.6 * std::abs(before.ink - real.ink));
}

TEST_CASE("discriminate gives D's inference verdicts and leaves training unchanged", "[trainer]") {
  Trainer a(digits(), preset("fast", 5)), b(digits(), preset("fast", 5));
  REQUIRE(a.train_iterations(3) == 3);
  REQUIRE(b.train_iterations(3) == 3);
  Eigen::MatrixXf images(784, 450);  // more than D's batch capacity (200): scored in slices
  for (int j = 0; j < 450; ++j)
    for (int k = 0; k < 784; ++k) images(k, j) = pixel_to_unit(digits().image(j)[k]);
  const Eigen::VectorXf all = a.discriminate(images);
  const Eigen::VectorXf first = a.discriminate(images.leftCols(10));
  REQUIRE(all.size() == 450);
  CHECK((all.array() > 0).all());
  CHECK((all.array() < 1).all());
  CHECK(all.head(10).isApprox(first));  // no dropout: the same image, the same verdict
  REQUIRE(a.step());
  REQUIRE(b.step());
  CHECK(a.last().d_loss == b.last().d_loss);  // scoring in between changed nothing
  CHECK(a.generator().params() == b.generator().params());
}

// generate() runs G's own network: the displayed weights (its moving average here) are swapped in
// for the call and out again, also when the call throws (natively), and the step after it is unchanged.
TEST_CASE("generate shows the moving average through G itself and leaves training unchanged", "[trainer]") {
  const TrainConfig c = preset("swift", 8);
  REQUIRE(c.g_ema > 0);
  Trainer a(digits(), c), b(digits(), c);
  REQUIRE(a.train_iterations(2) == 2);
  REQUIRE(b.train_iterations(2) == 2);
  const Eigen::VectorXf g_before = a.generator().params(), shown_before = a.displayed_generator();
  REQUIRE(g_before != shown_before);

  const Eigen::MatrixXf z = a.sample_noise(150, 42);  // more than one slice of 100
  Eigen::MatrixXf images;
  a.generate(z, images);
  Mlp<float> reference(generator_layers(784, c.g_hidden), 100, c.leaky_alpha);
  reference.params() = shown_before;
  REQUIRE(images.cols() == 150);
  CHECK(images.leftCols(100) == reference.forward(z.leftCols(100), nullptr));
  CHECK(images.rightCols(50) == reference.forward(z.rightCols(50), nullptr));
  CHECK(a.generator().params() == g_before);
  CHECK(a.displayed_generator() == shown_before);

#ifndef __EMSCRIPTEN__  // the wasm core is built without unwinding: a throw there ends the module
  const Eigen::MatrixXf wrong = Eigen::MatrixXf::Zero(3, 4);  // not 256 rows: G refuses it
  CHECK_THROWS_AS(a.generate(wrong, images), std::invalid_argument);
  CHECK(a.generator().params() == g_before);
  CHECK(a.displayed_generator() == shown_before);
#endif

  REQUIRE(a.step());
  REQUIRE(b.step());
  CHECK(a.last().g_loss == b.last().g_loss);
  CHECK(a.generator().params() == b.generator().params());
  CHECK(a.displayed_generator() == b.displayed_generator());
}
