// The judge classifier, its file format and its scores; see judge.hpp.
#include "judge.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <cstring>

#include "bytes.hpp"

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
  Eigen::MatrixXf images(data.image_size(), n);
  for (int j = 0; j < n; ++j)
    for (int k = 0; k < data.image_size(); ++k) images(k, j) = data.image(first + j)[k] / 127.5f - 1.0f;
  return images;
}

std::vector<uint8_t> Judge::serialize() const {
  ByteWriter w;
  w.raw(kMagic, 8);
  w.u32(kVersion);
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
  if (size < 16) return fail("the file is truncated");
  if (std::memcmp(bytes, kMagic, 8) != 0) return fail("not a judge file (wrong magic bytes)");
  uint32_t version, stored_crc;
  std::memcpy(&version, bytes + 8, 4);
  if (version > kVersion) return fail("written by a newer version (" + std::to_string(version) + ") of the format");
  if (version != kVersion) return fail("unknown format version " + std::to_string(version));
  std::memcpy(&stored_crc, bytes + size - 4, 4);
  if (crc32(bytes, size - 4) != stored_crc) return fail("checksum mismatch: the file is truncated or corrupt");
  ByteReader r(bytes + 12, size - 16);
  const std::string name = r.str(64);
  const uint32_t n_layers = r.u32();
  if (r.failed() || n_layers != 3) return fail("unexpected architecture");
  uint32_t dims[3][2];
  for (auto& d : dims) {
    d[0] = r.u32();
    d[1] = r.u32();
    r.u8();
  }
  const uint32_t image_size = dims[0][0], classes = dims[2][1];
  if (r.failed() || image_size == 0 || image_size > 65536 || classes < 2 || classes > 256)
    return fail("unexpected architecture");
  Judge j(name, static_cast<int>(image_size), static_cast<int>(classes));
  for (int i = 0; i < 3; ++i)
    if (dims[i][0] != static_cast<uint32_t>(j.net_.spec(i).in) || dims[i][1] != static_cast<uint32_t>(j.net_.spec(i).out))
      return fail("unexpected architecture");
  j.validation_accuracy_ = r.f32();
  const uint32_t n = r.u32();
  if (r.failed() || n != j.net_.num_params()) return fail("parameter count does not match the architecture");
  r.floats(j.net_.params().data(), n);
  if (r.failed() || r.remaining() != 0) return fail("unexpected length");
  if (!j.net_.params().allFinite()) return fail("non-finite weights");
  *this = std::move(j);
  return true;
}

bool Judge::load_file(const std::string& path, std::string& error) {
  std::vector<uint8_t> bytes;
  if (!read_file(path, bytes, error)) return false;
  if (!parse(bytes.data(), bytes.size(), error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

void Judge::evaluate(const Eigen::MatrixXf& images, Eigen::MatrixXf& probs, Eigen::MatrixXf& features) {
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
}

double Judge::accuracy(const Eigen::MatrixXf& images, const std::vector<uint8_t>& labels) {
  Eigen::MatrixXf probs, features;
  evaluate(images, probs, features);
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

void Judge::set_reference(const Eigen::MatrixXf& real_images) {
  Eigen::MatrixXf probs, features;
  evaluate(real_images, probs, features);
  mean_and_covariance(features, ref_mean_, ref_cov_);
  ref_cov_sqrt_ = symmetric_sqrt(ref_cov_);
}

JudgeScores Judge::score(const Eigen::MatrixXf& images) {
  Eigen::MatrixXf probs, features;
  evaluate(images, probs, features);
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
