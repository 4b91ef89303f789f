// The judge classifier, its file format and its scores; see judge.hpp.
#include "judge.hpp"

#include "finite.hpp"
#include "pixels.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <cstring>
#include <new>
#include <stdexcept>

#include "bytes.hpp"
#include "file_io.hpp"

namespace gan {
namespace {
constexpr char kMagic[8] = {'G', 'A', 'N', 'J', 'U', 'D', 'G', 'E'};
constexpr uint32_t kVersion = 1;
constexpr int kFeatureLayer = 1;  // the 64-wide hidden layer
constexpr float kAlpha = 0.1f;
}  // namespace

std::vector<LayerSpec> Judge::layers(int image_size, int num_classes) {
  return {{image_size, 128, Activation::kLeakyRelu}, {128, 64, Activation::kLeakyRelu}, {64, num_classes, Activation::kLinear}};
}

Judge::Judge(const std::string& dataset, int image_size, int num_classes, int max_batch)
    : dataset_(dataset), net_(layers(image_size, num_classes), max_batch, kAlpha) {}

Eigen::MatrixXf dataset_images(const Dataset& data, int first, int n) {
  if (first < 0 || n < 0 || int64_t(first) + n > data.count) return Eigen::MatrixXf(data.image_size(), 0);
  Eigen::MatrixXf images(data.image_size(), n);
  for (int j = 0; j < n; ++j)
    for (int k = 0; k < data.image_size(); ++k) images(k, j) = pixel_to_unit(data.image(first + j)[k]);
  return images;
}

std::vector<uint8_t> Judge::serialize() const {
  ByteWriter w;
  write_format_header(w, kMagic, kVersion);
  w.str(dataset_);
  w.u32(static_cast<uint32_t>(net_.num_layers()));
  for (int i = 0; i < net_.num_layers(); ++i) {
    w.u32(static_cast<uint32_t>(net_.spec(i).in));
    w.u32(static_cast<uint32_t>(net_.spec(i).out));
    w.u8(static_cast<uint8_t>(net_.spec(i).activation));
  }
  w.f32(validation_accuracy_);
  w.u32(static_cast<uint32_t>(net_.num_params()));
  w.floats(net_.params().data(), static_cast<size_t>(net_.num_params()));
  const uint32_t crc = crc32(w.bytes().data(), w.bytes().size());
  w.u32(crc);
  return std::move(w.bytes());
}

bool Judge::parse(const uint8_t* bytes, size_t size, std::string& error) {
  auto fail = [&](const std::string& why) {
    error = "judge file rejected: " + why;
    return false;
  };
  if (size == 0) return fail("the file is empty");
  ByteReader header(bytes, size);
  uint32_t version = 0, stored_crc;
  std::string why;
  if (!read_format_header(header, kMagic, kVersion, "judge", version, why)) return fail(why);
  if (size < 16) return fail("the file is truncated");
  std::memcpy(&stored_crc, bytes + size - 4, 4);
  if (crc32(bytes, size - 4) != stored_crc) return fail("checksum mismatch: the file is truncated or corrupt");
  ByteReader r(bytes + 12, size - 16);
  const std::string name = r.str(64);
  const uint32_t n_layers = r.u32();
  if (r.failed() || name.empty()) return fail("no dataset name");
  if (n_layers != 3) return fail("unexpected architecture");
  struct { uint32_t in, out; uint8_t activation; } stored[3];
  for (auto& l : stored) {
    l.in = r.u32();
    l.out = r.u32();
    l.activation = r.u8();
  }
  // The image sizes and class counts a dataset file can hold (rows, cols ≤ 256; classes 2 … 256).
  if (r.failed() || stored[0].in < 1 || stored[0].in > 65536 || stored[2].out < 2 || stored[2].out > 256)
    return fail("unexpected architecture");
  const int image_size = static_cast<int>(stored[0].in), classes = static_cast<int>(stored[2].out);
  const std::vector<LayerSpec> want = layers(image_size, classes);
  int64_t n_params = 0;
  for (int i = 0; i < 3; ++i) {
    if (stored[i].in != uint32_t(want[i].in) || stored[i].out != uint32_t(want[i].out) ||
        stored[i].activation != static_cast<uint8_t>(want[i].activation))
      return fail("unexpected architecture");
    n_params += int64_t(want[i].out) * (want[i].in + 1);
  }
  // The rest must be exactly: accuracy, parameter count, the parameters. Checked before the network
  // is allocated, so a small crafted file cannot ask for a large one.
  if (r.remaining() != 8 + 4 * uint64_t(n_params)) return fail("its length does not match its architecture");
  const float accuracy = r.f32();
  if (r.u32() != uint32_t(n_params)) return fail("parameter count does not match the architecture");
  if (!(accuracy >= 0 && accuracy <= 1)) return fail("its validation accuracy is not in [0, 1]");
  try {
    Judge j(name, image_size, classes);
    j.validation_accuracy_ = accuracy;
    r.floats(j.net_.params().data(), static_cast<size_t>(n_params));
    if (r.failed() || r.remaining() != 0) return fail("unexpected length");
    if (!all_finite(j.net_.params())) return fail("non-finite weights");
    *this = std::move(j);
  } catch (const std::bad_alloc&) {
    return fail("not enough memory for its network");
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return true;
}

bool Judge::compatible(const Dataset& data, std::string& error) const {
  if (net_.num_layers() == 0) {
    error = "no judge is loaded";
    return false;
  }
  if (dataset_ != data.name) {
    error = "a judge for '" + dataset_ + "', not for '" + data.name + "'";
    return false;
  }
  if (input_size() != data.image_size() || num_classes() != data.num_classes()) {
    error = "the judge for '" + dataset_ + "' looks at " + std::to_string(input_size()) + " pixels and " +
            std::to_string(num_classes()) + " classes; the loaded '" + data.name + "' has " +
            std::to_string(data.image_size()) + " pixels (" + std::to_string(data.rows) + "x" + std::to_string(data.cols) +
            ") and " + std::to_string(data.num_classes()) + " classes";
    return false;
  }
  return true;
}

bool Judge::load_file(const std::string& path, std::string& error) {
  std::vector<uint8_t> bytes;
  if (!read_file_bounded(path, kMaxJudgeFileBytes, bytes, error)) return false;
  if (!parse(bytes.data(), bytes.size(), error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

bool Judge::evaluate(const Eigen::MatrixXf& images, Eigen::MatrixXf& probs, Eigen::MatrixXf& features) {
  if (net_.num_layers() == 0 || images.rows() != input_size()) {
    probs.resize(0, 0);
    features.resize(0, 0);
    return false;
  }
  const int n = static_cast<int>(images.cols());
  const int K = net_.output_size(), F = net_.spec(kFeatureLayer).out;
  probs.resize(K, n);
  features.resize(F, n);
  for (int start = 0; start < n; start += net_.max_batch()) {
    const int m = std::min(net_.max_batch(), n - start);
    auto logits = net_.forward(images.middleCols(start, m), nullptr);
    features.middleCols(start, m) = net_.layer_output(kFeatureLayer);
    for (int j = 0; j < m; ++j) {  // softmax
      const float mx = logits.col(j).maxCoeff();
      auto e = (logits.col(j).array() - mx).exp();
      probs.col(start + j) = (e / e.sum()).matrix();
    }
  }
  return true;
}

double Judge::accuracy(const Eigen::MatrixXf& images, const std::vector<uint8_t>& labels) {
  Eigen::MatrixXf probs, features;
  if (!evaluate(images, probs, features) || labels.size() != size_t(images.cols())) return 0.0;
  int right = 0;
  for (Eigen::Index j = 0; j < probs.cols(); ++j) {
    Eigen::Index best;
    probs.col(j).maxCoeff(&best);
    right += best == labels[j];
  }
  return probs.cols() ? double(right) / probs.cols() : 0.0;
}

namespace {
void mean_and_covariance(const Eigen::MatrixXf& features, Eigen::VectorXd& mean, Eigen::MatrixXd& cov) {
  const Eigen::MatrixXd f = features.cast<double>();
  mean = f.rowwise().mean();
  const Eigen::MatrixXd centred = f.colwise() - mean;
  cov = centred * centred.transpose() / std::max<double>(1.0, double(f.cols() - 1));
}
}  // namespace

Eigen::MatrixXd symmetric_sqrt(const Eigen::MatrixXd& m) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(m);
  const Eigen::VectorXd roots = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return es.eigenvectors() * roots.asDiagonal() * es.eigenvectors().transpose();
}

double frechet_distance(const Eigen::VectorXd& mu1, const Eigen::MatrixXd& cov1, const Eigen::VectorXd& mu2,
                        const Eigen::MatrixXd& cov2, const Eigen::MatrixXd& cov2_sqrt) {
  const Eigen::MatrixXd inner = cov2_sqrt * cov1 * cov2_sqrt;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(0.5 * (inner + inner.transpose()), Eigen::EigenvaluesOnly);
  const double cross = es.eigenvalues().cwiseMax(0.0).cwiseSqrt().sum();
  return std::max(0.0, (mu1 - mu2).squaredNorm() + cov1.trace() + cov2.trace() - 2.0 * cross);
}

void Judge::finish_reference(const Eigen::MatrixXf& features) {
  mean_and_covariance(features, ref_mean_, ref_cov_);
  ref_cov_sqrt_ = symmetric_sqrt(ref_cov_);
  pending_ = PendingReference();
}

bool Judge::set_reference(const Eigen::MatrixXf& real_images) {
  Eigen::MatrixXf probs, features;
  if (!evaluate(real_images, probs, features)) return false;
  finish_reference(features);
  return true;
}

bool Judge::set_reference(const Dataset& data, int first, int n, std::string& error) {
  if (!begin_reference(data, first, n, error)) return false;
  while (!add_reference_batch(data)) {
  }
  return true;  // the data passed begin_reference's checks, so every batch fits
}

bool Judge::begin_reference(const Dataset& data, int first, int n, std::string& error) {
  if (!compatible(data, error)) return false;
  if (first < 0 || n < 2 || int64_t(first) + n > data.count) {  // a covariance needs two images
    error = "images " + std::to_string(first) + " … " + std::to_string(int64_t(first) + n - 1) + " are not inside '" +
            data.name + "' (" + std::to_string(data.count) + " images)";
    return false;
  }
  pending_.first = first;
  pending_.n = n;
  pending_.done = 0;
  pending_.features.resize(net_.spec(kFeatureLayer).out, n);
  return true;
}

bool Judge::add_reference_batch(const Dataset& data) {
  PendingReference& p = pending_;
  if (p.n == 0) return true;  // none under way: nothing left to do (has_reference() says whether one is set)
  // The batches evaluate() would run over the whole range: the same columns through the same network.
  const int m = std::min(net_.max_batch(), p.n - p.done);
  Eigen::MatrixXf probs, features;
  if (!evaluate(dataset_images(data, p.first + p.done, m), probs, features) || features.cols() != m) {
    pending_ = PendingReference();  // the data no longer fits what was begun: nothing is set
    return true;
  }
  p.features.middleCols(p.done, m) = features;
  p.done += m;
  if (p.done < p.n) return false;
  finish_reference(p.features);
  return true;
}

JudgeScores Judge::score(const Eigen::MatrixXf& images) {
  Eigen::MatrixXf probs, features;
  if (!evaluate(images, probs, features)) return JudgeScores();
  return score_outputs(probs, features);
}

JudgeScores Judge::score_outputs(const Eigen::MatrixXf& probs, const Eigen::MatrixXf& features) const {
  JudgeScores s;
  const int n = static_cast<int>(probs.cols()), K = static_cast<int>(probs.rows());
  s.count = n;
  s.class_fraction.assign(K, 0.0);
  if (n == 0) return s;
  const Eigen::VectorXd marginal = probs.cast<double>().rowwise().mean();  // p(y)
  double kl_sum = 0;
  for (int j = 0; j < n; ++j) {
    Eigen::Index best;
    s.confidence += probs.col(j).maxCoeff(&best);
    s.class_fraction[best] += 1.0 / n;
    for (int k = 0; k < K; ++k) {
      const double p = probs(k, j);
      if (p > 0) kl_sum += p * (std::log(p) - std::log(marginal(k)));
    }
  }
  s.confidence /= n;
  s.inception_score = std::exp(kl_sum / n);
  for (double f : s.class_fraction) s.classes_present += f >= 0.5 / K;
  if (has_reference()) {
    Eigen::VectorXd mean;
    Eigen::MatrixXd cov;
    mean_and_covariance(features, mean, cov);
    s.frechet = frechet_distance(mean, cov, ref_mean_, ref_cov_, ref_cov_sqrt_);
  }
  return s;
}

}  // namespace gan
