// TF.js export of the displayed generator: the model.json structure, the size and layout of the
// weights (one known entry at its byte offset), export → import giving the same parameters, and
// malformed or foreign files refused with params untouched. web/tests/tfjs.test.mjs runs the
// files in the real TF.js.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "core/tfjs_export.hpp"
#include "core/trainer.hpp"
#include "fixtures.hpp"

using namespace gan;
using gan::test::digits;

namespace {

std::unique_ptr<Trainer> trained(const char* preset, int iterations) {
  TrainConfig c;
  REQUIRE(find_preset(preset, c));
  c.seed = 21;
  auto t = std::make_unique<Trainer>(digits(), c);
  REQUIRE(t->train_iterations(iterations) == iterations);
  return t;
}

std::vector<LayerSpec> g_layers(int hidden = 256) { return generator_layers(784, hidden); }

float float_at(const std::vector<uint8_t>& bytes, size_t offset) {
  float v;
  std::memcpy(&v, bytes.data() + offset, 4);
  return v;
}

// Replaces the one occurrence of `from` in text.
std::string edited(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

// Imports expecting a refusal: returns the message; params must be left as they were.
std::string refusal(const std::string& json, const std::vector<uint8_t>& weights,
                    const std::vector<LayerSpec>& layers = g_layers(), float alpha = 0.3f) {
  Eigen::VectorXf params = Eigen::VectorXf::Constant(7, 1.5f);
  std::string err;
  CHECK_FALSE(import_tfjs(json, weights.data(), weights.size(), layers, alpha, params, err));
  CHECK(params == Eigen::VectorXf::Constant(7, 1.5f));
  CHECK(err.find("TF.js model rejected: ") == 0);
  CHECK(err.find("nothing was changed") != std::string::npos);
  return err;
}

}  // namespace

TEST_CASE("TF.js export: a Sequential model of Dense and LeakyReLU layers with a float32 manifest", "[tfjs]") {
  auto t = trained("book", 1);
  const TfjsModel m = export_tfjs(*t);
  const std::string& j = m.model_json;
  CHECK(j.find("\"format\":\"layers-model\"") != std::string::npos);
  CHECK(j.find("\"modelTopology\":{\"class_name\":\"Sequential\"") != std::string::npos);
  CHECK(j.find("\"paths\":[\"weights.bin\"]") != std::string::npos);
  // The layers in order: the input, then Dense + LeakyReLU three times, then Dense with tanh.
  const char* sequence[] = {
      "\"class_name\":\"InputLayer\"", "\"batch_input_shape\":[null,256]",
      "\"name\":\"dense\"", "\"units\":256,\"activation\":\"linear\"", "\"class_name\":\"LeakyReLU\"", "\"alpha\":0.3}",
      "\"name\":\"dense_1\"", "\"units\":512,\"activation\":\"linear\"", "\"name\":\"leaky_re_lu_1\"",
      "\"name\":\"dense_2\"", "\"units\":1024,\"activation\":\"linear\"", "\"name\":\"leaky_re_lu_2\"",
      "\"name\":\"dense_3\"", "\"units\":784,\"activation\":\"tanh\"",
      // The manifest: kernel [in, out] then bias [out] per Dense, in layer order.
      "{\"name\":\"dense/kernel\",\"shape\":[256,256],\"dtype\":\"float32\"}", "{\"name\":\"dense/bias\",\"shape\":[256]",
      "{\"name\":\"dense_1/kernel\",\"shape\":[256,512]", "{\"name\":\"dense_1/bias\",\"shape\":[512]",
      "{\"name\":\"dense_2/kernel\",\"shape\":[512,1024]", "{\"name\":\"dense_2/bias\",\"shape\":[1024]",
      "{\"name\":\"dense_3/kernel\",\"shape\":[1024,784]", "{\"name\":\"dense_3/bias\",\"shape\":[784]"};
  size_t at = 0;
  for (const char* part : sequence) {
    INFO(part);
    const size_t found = j.find(part, at);
    REQUIRE(found != std::string::npos);
    at = found + 1;
  }
  CHECK(j.find("leaky_re_lu_3") == std::string::npos);  // no LeakyReLU after the output
  CHECK(m.weights.size() == size_t(4) * 1526288);       // the README's parameter count, float32
}

TEST_CASE("TF.js export: kernels are [in, out] row-major, which is W (out x in) column-major", "[tfjs]") {
  const std::vector<LayerSpec> layers = g_layers();
  Mlp<float> g(layers, 1, 0.3f);
  Rng rng(3);
  g.init_glorot(rng);
  g.weight(1)(3, 5) = 42.5f;  // layer 1: 256 → 512; W(o = 3, i = 5) is kernel[5][3]
  g.bias(1)(7) = -7.25f;
  const TfjsModel m = export_tfjs(layers, g.params(), 0.3f);
  const size_t layer1 = size_t(4) * 256 * 257;  // bytes of layer 0's kernel and bias
  CHECK(float_at(m.weights, layer1 + 4 * (5 * 512 + 3)) == 42.5f);
  CHECK(float_at(m.weights, layer1 + 4 * (256 * 512 + 7)) == -7.25f);
  CHECK(float_at(m.weights, layer1 + 4 * (3 * 512 + 5)) != 42.5f);  // not the untransposed place
}

TEST_CASE("TF.js export is of the displayed generator (the moving average with g_ema)", "[tfjs]") {
  auto t = trained("clean", 3);
  REQUIRE(t->config().g_ema > 0);
  REQUIRE(t->displayed_generator() != t->generator().params());
  const TfjsModel m = export_tfjs(*t);
  Eigen::VectorXf params;
  std::string err;
  REQUIRE(import_tfjs(m.model_json, m.weights.data(), m.weights.size(), g_layers(), t->config().leaky_alpha, params, err));
  CHECK(params == t->displayed_generator());
  // A network built from the imported parameters draws what the trainer draws.
  Mlp<float> g(g_layers(), kTestNoiseCount, t->config().leaky_alpha);
  g.params() = params;
  Eigen::MatrixXf images;
  t->generate_test(images);
  CHECK(Eigen::MatrixXf(g.forward(t->z_test(), nullptr)) == images);
}

TEST_CASE("TF.js export then import gives identical parameters, set_generator takes them", "[tfjs]") {
  auto t = trained("fast", 2);
  const TfjsModel m = export_tfjs(*t);
  Eigen::VectorXf params;
  std::string err;
  REQUIRE(import_tfjs(m.model_json, m.weights.data(), m.weights.size(), g_layers(), 0.3f, params, err));
  CHECK(err.empty());
  CHECK(params == t->generator().params());

  // Into another run: its generator becomes this one.
  auto other = trained("fast", 1);
  REQUIRE(other->set_generator(params, err));
  CHECK(other->displayed_generator() == params);
  CHECK(other->step());
  // Wrong sizes or non-finite values change nothing.
  const Eigen::VectorXf before = other->generator().params();
  CHECK_FALSE(other->set_generator(params.head(10), err));
  Eigen::VectorXf nan = params;
  nan(5) = std::nanf("");
  CHECK_FALSE(other->set_generator(nan, err));
  CHECK(other->generator().params() == before);

  // The same model as TF.js saves it again: the input shape on the first Dense, no InputLayer,
  // names written with escapes, other whitespace.
  const std::string input = "{\"class_name\":\"InputLayer\",\"config\":{\"name\":\"z\",\"batch_input_shape\":[null,256],"
                            "\"dtype\":\"float32\",\"sparse\":false}},";
  std::string resaved = edited(m.model_json, input, "");
  resaved = edited(resaved, "{\"name\":\"dense\",", "{ \"name\" : \"\\u0064ense\" , \"batch_input_shape\" : [ null , 256 ] ,");
  Eigen::VectorXf again;
  REQUIRE(import_tfjs(resaved, m.weights.data(), m.weights.size(), g_layers(), 0.3f, again, err));
  CHECK(again == params);
}

TEST_CASE("TF.js import refuses malformed and foreign models and changes nothing", "[tfjs][bad-input]") {
  auto t = trained("book", 1);
  const TfjsModel m = export_tfjs(*t);
  const std::string& j = m.model_json;
  const std::vector<uint8_t>& w = m.weights;
  auto has = [](const std::string& err, const char* part) {
    INFO(err);
    return err.find(part) != std::string::npos;
  };

  // Not JSON, or not strict JSON.
  CHECK(has(refusal("", w), "not valid JSON"));
  CHECK(has(refusal(j.substr(0, j.size() / 2), w), "not valid JSON"));
  CHECK(has(refusal(j + "x", w), "text after the end"));
  CHECK(has(refusal(edited(j, "\"convertedBy\":null", "\"convertedBy\":null,"), w), "expected a key"));
  CHECK(has(refusal(edited(j, "\"generatedBy\":\"mnist-gan\"", "\"format\":\"layers-model\""), w), "a key appears twice"));
  CHECK(has(refusal(edited(j, "\"name\":\"leaky_re_lu_2\",\"trainable\":true,\"dtype\":\"float32\",\"alpha\":0.3",
                           "\"name\":\"leaky_re_lu_2\",\"trainable\":true,\"dtype\":\"float32\",\"alpha\":NaN"), w),
            "unexpected character"));
  CHECK(has(refusal(edited(j, "\"units\":512", "\"units\":0x200"), w), "expected ',' or '}'"));
  CHECK(has(refusal(edited(j, "\"units\":512", "\"units\":1e999"), w), "out of range"));
  CHECK(has(refusal(edited(j, "\"mnist-gan\"", "\"mnist\x01gan\""), w), "control character"));
  CHECK(has(refusal(std::string(100, '[') + std::string(100, ']'), w), "nested too deeply"));
  CHECK(has(refusal("[1, 2]", w), "not a JSON object"));
  CHECK(has(refusal(std::string(size_t(1) << 21, ' '), w), "larger than 1 MB"));

  // JSON, but not this generator.
  CHECK(has(refusal(edited(j, "\"layers-model\"", "\"graph-model\""), w), "not a TF.js Layers model"));
  CHECK(has(refusal(edited(j, "\"class_name\":\"Sequential\"", "\"class_name\":\"Model\""), w), "not a Sequential model"));
  CHECK(has(refusal(edited(j, "[null,256]", "[null,100]"), w), "input is not a batch of 256"));
  CHECK(has(refusal(edited(j, "\"units\":512", "\"units\":511"), w), "does not have 512 units"));
  CHECK(has(refusal(edited(j, "\"activation\":\"tanh\"", "\"activation\":\"sigmoid\""), w), "needs the activation \"tanh\""));
  CHECK(has(refusal(edited(j, "\"name\":\"leaky_re_lu_1\",\"trainable\":true,\"dtype\":\"float32\",\"alpha\":0.3",
                           "\"name\":\"leaky_re_lu_1\",\"trainable\":true,\"dtype\":\"float32\",\"alpha\":0.2"), w),
            "slope is not the generator's 0.3"));
  CHECK(has(refusal(edited(j, "{\"class_name\":\"LeakyReLU\",\"config\":{\"name\":\"leaky_re_lu_2\"",
                           "{\"class_name\":\"ReLU\",\"config\":{\"name\":\"leaky_re_lu_2\""), w), "should be a LeakyReLU"));
  CHECK(has(refusal(edited(j, "]}},\n\"weightsManifest\"", ",{\"class_name\":\"Dropout\",\"config\":{\"rate\":0.5}}]}},\n\"weightsManifest\""), w),
            "more layers than the generator"));
  CHECK(has(refusal(j, w, g_layers(128)), "does not have 128 units"));  // another architecture
  CHECK(has(refusal(j, w, g_layers(), 0.2f), "slope is not the generator's 0.2"));

  // The manifest and the weights.
  CHECK(has(refusal(j, std::vector<uint8_t>(w.begin(), w.end() - 4)), "shorter than its manifest"));
  auto padded = w;
  padded.push_back(0);
  CHECK(has(refusal(j, padded), "the manifest describes"));
  CHECK(has(refusal(edited(j, "\"shape\":[784],\"dtype\":\"float32\"", "\"shape\":[784],\"dtype\":\"float16\""), w),
            "'dense_3/bias' is not float32"));
  CHECK(has(refusal(edited(j, "\"shape\":[784],\"dtype\":\"float32\"",
                           "\"shape\":[784],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint8\"}"), w),
            "is quantized"));
  CHECK(has(refusal(edited(j, "\"dense_2/bias\"", "\"dense_2/beta\""), w), "'dense_2/bias' is missing"));
  CHECK(has(refusal(edited(j, "\"dense_2/bias\"", "\"dense_1/bias\""), w), "'dense_1/bias' appears twice"));
  CHECK(has(refusal(edited(j, "{\"name\":\"dense_3/kernel\",\"shape\":[1024,784]", "{\"name\":\"dense_3/kernel\",\"shape\":[784,1024]"), w),
            "'dense_3/kernel' has the wrong shape"));
  CHECK(has(refusal(edited(j, "\"shape\":[1024,784]", "\"shape\":[1073741824,1073741824,1073741824]"), w), "shorter than its manifest"));
  CHECK(has(refusal(edited(j, "\"shape\":[1024,784]", "\"shape\":[1024,-784]"), w), "bad shape"));
  auto nan_weight = w;
  const float nan = std::nanf("");
  std::memcpy(nan_weight.data() + 4 * 1000, &nan, 4);
  CHECK(has(refusal(j, nan_weight), "not finite"));
}
